"""The MESO grid: several compliant offers of equal value to us, in one wording everywhere.

The plan's "MESO grid" section and ``meso --format markdown`` are the same :func:`meso_section`;
``meso``'s text output (:func:`meso_text_document`) reads the same sentences
(:func:`summary_text`, :func:`relaxation_lines`, :func:`infeasible_lines`,
:func:`left_on_table_text`). What the user could run next (the nearest
request that has a grid, the warrant gate) is an :class:`~brightline.actions.Action`, worded by
the adapter that prints it: the CLI as flags, a web page as a link.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from brightline.actions import Action, act
from brightline.amounts import amount, plural, quantity
from brightline.report.document import Bullets, Document, Paragraph, Section, Table
from brightline.report.labels import issue_label, option_label

if TYPE_CHECKING:
    from brightline.case.model import Case
    from brightline.case.validate import LoadedCase
    from brightline.offers.meso import LeftOnTable, MesoOffer, MesoResult

ActionWording = Callable[[Action], str]
"""How an adapter words an action for its users."""


def action_words(action: Action) -> str:
    """An action in plain words, for adapters that have no wording of their own."""
    if action.use_case == "gate":
        return "see the warrant gate"
    settings = ", ".join(
        f"{name.replace('_', ' ')} {quantity(value) if isinstance(value, float) else value}"
        for name, value in action.parameters
    )
    return f"{action.use_case} with {settings}" if settings else action.use_case


def band_text(low: float, width: float, unit: str) -> str:
    """A value band as "190,000–211,000 EUR": its edges with an en dash, the unit once.

    A band with a negative edge reads "from -25,750 EUR to -23,600 EUR": a dash between two minus
    signs ("-25,750--23,600") reads as neither a range nor a pair of numbers.
    """
    high = low + width
    if min(low, high) < 0:
        return f"from {amount(low, unit)} to {amount(high, unit)}"
    return f"{amount(low)}–{amount(high, unit)}"


def summary_text(result: MesoResult) -> str:
    """What the grid is, in one sentence (without its label), or that there is none."""
    unit = result.currency
    proof = (
        "proven optimal"
        if result.gap == 0.0
        else "optimality gap unknown"
        if result.gap is None
        else f"optimality gap {result.gap:.2%}"
    )
    if not result.offers:
        return f"No MESO grid ({result.method}, {result.seconds:.2f} s)"
    spread = (
        f" across at least {plural(result.min_dimensions, 'dimension')}"
        if result.min_dimensions > 1
        else ""
    )
    return (
        f"{plural(len(result.offers), 'compliant offer')} worth "
        f"{amount(min(offer.ours for offer in result.offers), unit)} to "
        f"{amount(max(offer.ours for offer in result.offers), unit)} to us; "
        f"every pair differs in at least {plural(result.min_difference, 'issue')}{spread}, and "
        f"none is better for both sides than another ({result.method}, {result.seconds:.2f} s, "
        f"{proof})"
    )


def relaxation_lines(result: MesoResult) -> list[str]:
    """One sentence per step the ladder took, each with its cost against the requested target."""
    unit = result.currency
    asked = result.target_requested if result.target_requested is not None else result.target
    against = f"against the target of {amount(asked, unit)}"
    lines = []
    for step in result.relaxations:
        cost = f"costs {amount(step.cost, unit)} {against}"
        if step.kind == "band":
            why = (
                "the grid of the narrower band is beaten offer by offer for both sides by this one"
                if step.beaten
                else "no grid fits the narrower band"
            )
            lines.append(
                f"value band widened from {amount(step.asked, unit)} to {amount(step.used, unit)} "
                f"(cap {amount(result.band_cap, unit)}; {why}): {cost}; every offer is still "
                "worth at least the target"
            )
        elif step.kind == "spread":
            lines.append(
                f"pairs differ across {plural(int(step.used), 'dimension')} instead of "
                f"{int(step.asked)}: {cost}"
            )
        elif step.kind == "difference":
            lines.append(
                f"pairs differ in at least {plural(int(step.used), 'issue')} instead of "
                f"{int(step.asked)}: {cost}"
            )
        elif step.kind == "count":
            lines.append(f"{plural(int(step.used), 'offer')} instead of {int(step.asked)}: {cost}")
        elif step.used > step.asked:
            lines.append(
                f"value band moved up: {band_text(step.asked, result.tolerance, unit)} asked, "
                f"{band_text(step.used, result.tolerance, unit)} used (no grid fits next to the "
                f"target; the offers give us more and them less): {cost}"
            )
        else:
            floor = (
                ""
                if result.reservation is None
                else f" (our reservation point is {amount(result.reservation, unit)})"
            )
            lines.append(
                f"target lowered from {amount(step.asked, unit)} to {amount(step.used, unit)}"
                f"{floor}: {cost}"
            )
    return lines


def infeasible_lines(result: MesoResult, word: ActionWording = action_words) -> list[str]:
    """Why there is no grid, and the checked request that has one (or the walk-away)."""
    if result.infeasible is None:
        return []
    lines = list(result.infeasible.reasons)
    suggestion = result.infeasible.suggestion
    if suggestion is not None:
        lines.append(
            f"a grid of {plural(suggestion.count, 'offer')} worth at least "
            f"{amount(suggestion.offers_least, result.currency)} to us exists with: "
            f"{word(suggestion.action())}"
        )
    if result.infeasible.walk_away:
        lines.append(f"{word(act('gate'))} for the walk-away and whether the stance is warranted")
    return lines


def _safeguards(case: Case, offer: MesoOffer) -> str:
    """The offer's safeguards by their descriptions (ids only where a safeguard has none)."""
    return "; ".join(
        case.safeguard(item).description or item.replace("_", " ") for item in offer.safeguards
    )


def left_on_table_text(case: Case, offer: MesoOffer) -> str:
    """The compliant outcome beating an offer for both sides, or that there is none."""
    left = offer.left_on_table
    if left is None:
        return "none: no compliant outcome is better for both sides"
    changes = "; ".join(
        f"{issue_label(case, issue_id)}: {option_label(case, issue_id, value)}"
        for issue_id, value in left.outcome.items()
        if value != offer.outcome[issue_id]
    )
    return f"{changes} gives {_gains(case, offer)}"


def _gains(case: Case, offer: MesoOffer) -> str:
    """What the better outcome adds for each side; "as good for" a side it adds nothing to.

    A "+0 to them" is no gain they would see: it is worded as such, never as better for both.
    """
    left = offer.left_on_table
    assert left is not None
    ours = amount(left.more_ours, case.case.currency)
    theirs = amount(left.more_theirs, case.case.their_unit)
    if left.strictly:
        return f"us {ours} more and them {theirs} more (estimated)"
    if _nothing_more_for_them(left):
        return f"us {ours} more and is as good for them (estimated)"
    return f"them {theirs} more (estimated) and is as good for us"


def _nothing_more_for_them(left: LeftOnTable) -> bool:
    """In an outcome only as good for one side: whether that side is them (their gain is 0)."""
    return left.more_theirs <= 1e-6 * max(1.0, abs(left.theirs))


def left_on_table_amounts(case: Case, offer: MesoOffer) -> str:
    """What a better compliant outcome adds for each side (``-`` when none), for a table cell.

    The changes that get there are listed under the table (:func:`left_on_table_text`), so the
    cell stays short enough for an 80-column table of three offers.
    """
    left = offer.left_on_table
    if left is None:
        return "-"
    ours = f"+{amount(left.more_ours, case.case.currency)} to us"
    theirs = f"+{amount(left.more_theirs, case.case.their_unit)} to them"
    if left.strictly:
        return f"{ours}, {theirs}"
    if _nothing_more_for_them(left):
        return f"{ours}, as good for them"
    return f"{theirs}, as good for us"


def offers_table(case: Case, result: MesoResult) -> Table:
    """The offers side by side (Offer 1 | Offer 2 | ...), one row per issue under its name.

    The layout of the MESO sheet people send; it fits 80 columns where a row per offer wrapped
    issue ids.
    """
    unit, their_unit = case.case.currency, case.case.their_unit
    offers = result.offers
    rows: tuple[tuple[str, ...], ...] = (
        *(
            (
                issue_label(case, issue.id),
                *(option_label(case, issue.id, offer.outcome[issue.id]) for offer in offers),
            )
            for issue in case.issues
        ),
        ("value to us", *(amount(offer.ours, unit) for offer in offers)),
        (
            "value to them (estimated)",
            *(
                amount(offer.theirs, their_unit)
                + (" (below their alternative)" if offer.below_their_alternative else "")
                for offer in offers
            ),
        ),
        ("safeguards", *(_safeguards(case, offer) or "-" for offer in offers)),
        ("left on the table", *(left_on_table_amounts(case, offer) for offer in offers)),
    )
    header = ("", *(f"Offer {number}" for number in range(1, len(offers) + 1)))
    return Table(header, rows)


def meso_section(
    loaded: LoadedCase, result: MesoResult, word: ActionWording = action_words
) -> Section:
    """The grid: what it is, how the request was relaxed, why there is none, the offers."""
    blocks: list[Paragraph | Bullets | Table] = [Paragraph(summary_text(result) + ".")]
    for heading, lines in (
        ("Changed from the grid asked for:", relaxation_lines(result)),
        ("Why there is no grid:", infeasible_lines(result, word)),
        ("Notes:", list(result.notes)),
    ):
        if lines:
            blocks += [Paragraph(heading), Bullets(tuple(lines))]
    if result.offers:
        blocks.append(offers_table(loaded.case, result))
        left = tuple(
            f"Offer {number}: {left_on_table_text(loaded.case, offer)}"
            for number, offer in enumerate(result.offers, start=1)
            if offer.left_on_table is not None
        )
        if left:
            blocks += [Paragraph("Left on the table:"), Bullets(left)]
    return Section("meso", "MESO grid", tuple(blocks), result.to_json())


def offer_text(case: Case, number: int, offer: MesoOffer) -> Section:
    """One offer for the terminal: its values on one line, then each issue and what it leaves."""
    from brightline.report.document import Bullets

    unit, their_unit = case.case.currency, case.case.their_unit
    flag = " (below their estimated alternative)" if offer.below_their_alternative else ""
    details = [
        f"{issue_label(case, issue_id)}: {option_label(case, issue_id, value)}"
        for issue_id, value in offer.outcome.items()
    ]
    if offer.safeguards:
        details.append(f"safeguards: {_safeguards(case, offer)}")
    details.append(f"left on the table: {left_on_table_text(case, offer)}")
    heading = (
        f"Offer {number}: ours {amount(offer.ours, unit)}, theirs (estimated) "
        f"{amount(offer.theirs, their_unit)}{flag}"
    )
    return Section(f"offer-{number}", "", (Paragraph(heading), Bullets(tuple(details), mark="")))


def meso_text_document(
    loaded: LoadedCase, result: MesoResult, word: ActionWording = action_words
) -> Document:
    """``meso``'s report for the terminal (:func:`brightline.report.text.render_text`).

    The same sentences as :func:`meso_section`, laid out one offer under another instead of side
    by side: the summary, each relaxation, why there is no grid (``!``) and the notes, then each
    offer with its issues, safeguards and what it leaves on the table.
    """
    summary = summary_text(result)
    blocks: list[Paragraph | Bullets] = [
        Paragraph(summary if not result.offers else f"MESO grid: {summary}")
    ]
    relaxed = relaxation_lines(result)
    if relaxed:
        blocks += [
            Paragraph("Changed from the grid asked for:"),
            Bullets(tuple(relaxed)),
        ]
    blocks.append(Bullets(tuple(infeasible_lines(result, word)), mark="!"))
    blocks.append(Bullets(result.notes, mark="note:"))
    offers = (
        offer_text(loaded.case, number, offer)
        for number, offer in enumerate(result.offers, start=1)
    )
    info = loaded.case.case
    first = Section("meso", "", tuple(blocks), result.to_json())
    return Document("MESO grid", info.title, (first, *offers), info.id)


def meso_document(
    loaded: LoadedCase, result: MesoResult, word: ActionWording = action_words
) -> Document:
    """``meso``'s document: the plan's MESO section under the title ``MESO grid: {case}``."""
    section = replace(meso_section(loaded, result, word), title="")
    info = loaded.case.case
    return Document("MESO grid", info.title, (section,), info.id)
