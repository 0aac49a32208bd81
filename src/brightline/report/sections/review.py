"""The review across deals as a document, and as CSV for a spreadsheet (pure).

Internal: it holds values to us and our estimates of theirs. The standards table is the evidence
a fairness story cites ("held in 9 of 10 deals"); the sessions table is where each number comes
from.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from brightline.amounts import amount, plural
from brightline.report.document import Block, Bullets, Document, Figure, Paragraph, Section, Table

if TYPE_CHECKING:
    from brightline.session.review import AcrossDeals, SessionSummary, StandardTally

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is read as a formula by spreadsheets."""


def _money(totals: dict[str, float]) -> str:
    """Totals per unit, each with its unit (``12,000 EUR and 3,000 USD``); ``0`` when none."""
    if not totals:
        return "0"
    return " and ".join(amount(value, unit) for unit, value in sorted(totals.items()))


def _times(count: int, total: int) -> str:
    return f"{count} of {total}"


def _standard_row(tally: StandardTally) -> tuple[str, ...]:
    return (
        tally.id,
        str(tally.sessions),
        _times(tally.held, tally.sessions),
        _times(tally.kept, tally.sessions),
        _times(tally.broken, tally.sessions),
        str(tally.concessions),
        _money(tally.conceded) if tally.concessions else "",
    )


def _session_row(summary: SessionSummary) -> tuple[str, ...]:
    def maybe(value: float | None, unit: str) -> str:
        return "" if value is None else amount(value, unit)

    return (
        summary.session,
        summary.case_id,
        summary.outcome,
        ", ".join(summary.held) or "-",
        ", ".join(summary.broken) or "-",
        maybe(summary.left_for_us, summary.currency),
        maybe(summary.left_for_them, summary.their_unit),
        maybe(summary.joint_loss, summary.currency),
    )


STANDARD_COLUMNS = (
    "standard",
    "sessions",
    "held",
    "kept",
    "broken",
    "concessions",
    "conceded",
)
SESSION_COLUMNS = (
    "session",
    "case",
    "outcome",
    "held",
    "broken",
    "left (us)",
    "left (them)",
    "joint loss",
)


def review_document(found: AcrossDeals, chart_svg: str | None = None) -> Document:
    """The review: outcomes, standards, value left on the table, and each session's line."""
    total = len(found.sessions)
    outcomes = ", ".join(f"{count} {name}" for name, count in found.outcomes)
    lines = [
        f"{plural(total, 'session')} reviewed" + (f": {outcomes}." if outcomes else "."),
        "Internal: values to us and our estimates of theirs; do not share.",
    ]
    if any(not summary.intact for summary in found.sessions):
        broken = [s.session for s in found.sessions if not s.intact]
        lines.append(f"Trails that do not verify: {', '.join(broken)}; their numbers need care.")
    sections = [
        Section.of(
            "summary",
            "",
            lines,
            data={"sessions": total, "outcomes": dict(found.outcomes)},
        )
    ]
    blocks: list[Block] = []
    held_every = [t.id for t in found.standards if t.broken == 0 and t.held > 0]
    if held_every:
        blocks.append(
            Paragraph(
                f"Never broken in a signed deal, and held in one or more: {', '.join(held_every)}."
            )
        )
    blocks.append(
        Paragraph(
            "Held: a signed deal met it. Kept: no deal was signed. Broken: a signed deal broke "
            "it. Concessions: ours on it (the item names it or an issue its rule reads)."
        )
    )
    blocks.append(
        Table(
            STANDARD_COLUMNS,
            tuple(_standard_row(t) for t in found.standards),
            (False, True, True, True, True, True, True),
        )
    )
    if chart_svg:
        blocks.append(Figure(chart_svg, "Standards held, kept and broken per session; outcomes"))
    sections.append(
        Section(
            "standards",
            "Standards across deals",
            tuple(blocks),
            [
                {
                    "id": t.id,
                    "name": t.name,
                    "sessions": t.sessions,
                    "held": t.held,
                    "kept": t.kept,
                    "broken": t.broken,
                    "concessions": t.concessions,
                    "conceded": t.conceded,
                }
                for t in found.standards
            ],
        )
    )
    deals = [s for s in found.sessions if s.left_for_us is not None]
    value_lines = [
        f"Left on the table for us over {plural(len(deals), 'signed deal')}: "
        f"{_money(found.left_for_us)}.",
        f"Left for them, by our estimate: {_money(found.left_for_them)}.",
    ]
    if found.joint_loss:
        value_lines.append(
            f"Joint loss against the best compliant deals: {_money(found.joint_loss)}."
        )
    improvable = [s.session for s in found.sessions if s.efficient is False]
    if improvable:
        value_lines.append(
            f"Deals both sides could still improve: {', '.join(improvable)} (their debriefs "
            "draft the proposal)."
        )
    sections.append(
        Section.of(
            "value",
            "Value left on the table",
            value_lines,
            data={
                "left_for_us": found.left_for_us,
                "left_for_them": found.left_for_them,
                "joint_loss": found.joint_loss,
                "improvable": improvable,
            },
        )
    )
    sections.append(
        Section(
            "sessions",
            "Sessions",
            (Table(SESSION_COLUMNS, tuple(_session_row(s) for s in found.sessions)),),
            [_session_json(s) for s in found.sessions],
        )
    )
    if found.skipped:
        sections.append(
            Section(
                "skipped",
                "Sessions not read",
                (Bullets(tuple(f"{session}: {problem}" for session, problem in found.skipped)),),
                [{"session": session, "problem": problem} for session, problem in found.skipped],
            )
        )
    return Document("Review", "across deals", tuple(sections))


def _session_json(summary: SessionSummary) -> dict[str, object]:
    return {
        "session": summary.session,
        "case": summary.case_id,
        "title": summary.title,
        "outcome": summary.outcome,
        "currency": summary.currency,
        "their_unit": summary.their_unit,
        "held": list(summary.held),
        "kept": list(summary.kept),
        "broken": list(summary.broken),
        "conceded": {
            key: {"concessions": count, "value": value}
            for key, (count, value) in summary.conceded.items()
        },
        "left_for_us": summary.left_for_us,
        "left_for_them": summary.left_for_them,
        "joint_loss": summary.joint_loss,
        "efficient": summary.efficient,
        "trail_intact": summary.intact,
    }


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet reads as text: one starting like a formula gets a quote mark."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) and not _number(text) else text


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def review_csv(found: AcrossDeals) -> str:
    """One row per session and standard, plain numbers (no separators) for a spreadsheet.

    Columns: session, case, outcome, currency, standard, status (held, kept, broken), our
    concessions on it, value conceded, and the session's value left on the table for us and for
    them and its joint loss (repeated on each of its rows, empty without a signed deal).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        (
            "session",
            "case",
            "outcome",
            "currency",
            "standard",
            "status",
            "concessions",
            "conceded",
            "left_for_us",
            "left_for_them",
            "joint_loss",
        )
    )
    for summary in found.sessions:
        statuses = [
            *((standard, "held") for standard in summary.held),
            *((standard, "kept") for standard in summary.kept),
            *((standard, "broken") for standard in summary.broken),
        ] or [("", "")]
        for standard, status in statuses:
            count, value = summary.conceded.get(standard, (0, 0.0))
            writer.writerow(
                tuple(
                    _cell(cell)
                    for cell in (
                        summary.session,
                        summary.case_id,
                        summary.outcome,
                        summary.currency,
                        standard,
                        status,
                        count,
                        repr(value) if standard else "",
                        "" if summary.left_for_us is None else repr(summary.left_for_us),
                        "" if summary.left_for_them is None else repr(summary.left_for_them),
                        "" if summary.joint_loss is None else repr(summary.joint_loss),
                    )
                )
            )
    return buffer.getvalue()
