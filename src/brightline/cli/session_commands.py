"""Commands for live negotiation: ``session ...``, ``log ...`` and ``next``.

The database is chosen by ``BRIGHTLINE_DATABASE_URL`` (default: a SQLite file in the user data
folder). SQLAlchemy is imported inside the commands so ``brightline --help`` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from brightline.cli.output import OutputFormat, print_json
from brightline.cli.session_options import (
    HEAD_CHARACTERS,
    Author,
    SessionId,
    plural,
)

if TYPE_CHECKING:
    from brightline.services.sessions import Recorded, Sessions
    from brightline.session.events import EventKind


def _sessions(author: str | None = None) -> Sessions:
    from brightline.cli.identity import sessions

    return sessions(author)  # on a team store: as the signed-in account


def _say_recorded(recorded: Recorded) -> None:
    """Say what was recorded, the new head, and what a concession or an offer means."""
    from brightline.cli.actions import advice_text
    from brightline.cli.render import print_text
    from brightline.report.sections.session import recorded_document

    event = recorded.event
    print_text(recorded_document(event, recorded.case, HEAD_CHARACTERS))
    sys.stdout.flush()  # what was recorded first, then the warnings for us
    if recorded.unchecked:
        sys.stderr.write(
            f"WARNING: #{event.seq} was NOT checked against the reservation point: the "
            "deal's position is unknown until a complete offer is on the table "
            "(`brightline log offer SESSION made|received ...`) or --position-after is "
            "given\n"
        )
    for flag in recorded.new_flags:
        sys.stderr.write(f"warning: {advice_text(flag)}\n")
    for warning in recorded.offer_warnings:
        sys.stderr.write(f"warning: #{event.seq} {warning}\n")


def _record(session_id: str, kind: EventKind, fields: dict[str, Any], author: str | None) -> None:
    """Record one event and say what it means."""
    _say_recorded(_sessions(author).record(session_id, kind, fields, author))


def session_start(
    case: Annotated[Path, typer.Argument(help="The case file; its text is snapshotted.")],
    author: Author = None,
) -> None:
    """Start a session on a snapshot of the case. Prints the new session's id."""
    info = _sessions(author).start(case, author)
    sys.stdout.write(f"{info.id}\n")
    sys.stderr.write(
        f"started session {info.id} on {info.case_id} (head {info.head_hash[:HEAD_CHARACTERS]}); "
        f"next: brightline next {info.id}\n"
    )


def session_list(
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Every session in the database, oldest first."""
    infos = _sessions().list()
    if format is OutputFormat.JSON:
        print_json(
            [
                {
                    "id": info.id,
                    "case": info.case_id,
                    "title": info.case_title,
                    "created_at": info.created_at,
                    "created_by": info.created_by,
                    "events": info.event_count,
                }
                for info in infos
            ]
        )
        return
    if not infos:
        sys.stderr.write("no sessions yet; start one with `brightline session start CASE`\n")
        return
    if format is OutputFormat.MARKDOWN:
        from brightline.report.markdown import render_markdown
        from brightline.report.sections.session import sessions_document

        sys.stdout.write(render_markdown(sessions_document(infos)))
        return
    for info in infos:
        sys.stdout.write(
            f"{info.id}  {info.created_at[:19]}  {info.case_id}  "
            f"{plural(info.event_count, 'event')}  {info.case_title}\n"
        )


def session_export(session_id: SessionId) -> None:
    """The whole session (case snapshot and trail) as JSON on stdout."""
    print_json(_sessions().export(session_id))


# --- log -----------------------------------------------------------------------------------


def log_offer(
    session_id: SessionId,
    direction: Annotated[str, typer.Argument(help="made or received.")],
    terms: Annotated[list[str], typer.Argument(help="ISSUE=VALUE for each issue offered.")],
    note: Annotated[str, typer.Option(help="Context for the record.")] = "",
    approval: Annotated[
        int | None,
        typer.Option(
            help="Number (#) of the approval event that lets us make it against the rules."
        ),
    ] = None,
    author: Author = None,
) -> None:
    """Record an offer made or received; a complete offer is evaluated on arrival.

    An offer we make that breaks a standard or is worth less than the reservation point is
    refused unless --approval names an approval (scope standard, reservation or deal).
    """
    recorded = _sessions(author).record_offer(
        session_id, direction, terms, note=note, approval=approval, author=author
    )
    _say_recorded(recorded)


def log_concession(
    session_id: SessionId,
    item: Annotated[str, typer.Argument(help="What the concession is about (an issue or term).")],
    give: Annotated[str, typer.Option("--give", help="What we give.")] = "",
    get: Annotated[str, typer.Option("--get", help="What we get in return.")] = "",
    get_value: Annotated[
        float | None,
        typer.Option(
            "--get-value",
            help="Value to us of what we get, when it is not money (part of --value-to-us).",
        ),
    ] = None,
    value_to_us: Annotated[float, typer.Option(help="Signed change in value to us.")] = 0.0,
    value_to_them: Annotated[
        float | None,
        typer.Option(help="Signed change in value to them; leave out when unknown (not 0)."),
    ] = None,
    trigger: Annotated[str, typer.Option(help="Trigger or contingency it depends on.")] = "",
    by: Annotated[str, typer.Option(help="us or them.")] = "us",
    adds: Annotated[str, typer.Option(help="nothing, scope or obligation (for us).")] = "nothing",
    binds: Annotated[
        str | None, typer.Option(help="A constraint binding us, them or both.")
    ] = None,
    position_after: Annotated[
        float | None, typer.Option(help="Value to us of the whole deal afterwards, when known.")
    ] = None,
    approval: Annotated[
        int | None, typer.Option(help="Number (#) of the approval event that covers it.")
    ] = None,
    author: Author = None,
) -> None:
    """Record a concession line: item, we give, we get, value to us and them, trigger."""
    from brightline.session.events import EventKind

    fields = {
        "by": by,
        "item": item,
        "we_give": give,
        "we_get": get,
        "get_value": get_value,
        "value_to_us": value_to_us,
        "value_to_them": value_to_them,
        "trigger": trigger,
        "adds": adds,
        "binds": binds,
        "position_after": position_after,
        "approval": approval,
    }
    _record(session_id, EventKind.CONCESSION, fields, author)


def log_signal(
    session_id: SessionId,
    type: Annotated[
        str,
        typer.Argument(
            help="costly_signal, objection, threat, stalling_accusation, pushback_on_source, "
            "bypass_attempt, one_sided_constraint, term_creep, blame or other."
        ),
    ],
    text: Annotated[str, typer.Argument(help="What was said or done.")] = "",
    by: Annotated[str, typer.Option(help="us or them.")] = "them",
    author: Author = None,
) -> None:
    """Record a signal: a costly signal, an objection, a threat, an accusation of stalling..."""
    from brightline.session.events import EventKind

    _record(session_id, EventKind.SIGNAL, {"type": type, "text": text, "by": by}, author)


def log_stage(
    session_id: SessionId,
    stage: Annotated[str, typer.Argument(help="opening, early, midgame, late or closed.")],
    note: Annotated[str, typer.Option(help="Why the stage changed.")] = "",
    author: Author = None,
) -> None:
    """Record a move to another stage (checked against the stage machine)."""
    from brightline.session.events import EventKind

    _record(session_id, EventKind.STAGE, {"to": stage, "note": note}, author)


def log_decision(
    session_id: SessionId,
    decision: Annotated[str, typer.Argument(help="accept, narrow_deal, pause or walk.")],
    rationale: Annotated[str, typer.Argument(help="Why, in a sentence or two.")],
    review_date: Annotated[
        str | None, typer.Option(help="When to look again (YYYY-MM-DD).")
    ] = None,
    author: Author = None,
) -> None:
    """Record a decision with its rationale."""
    from brightline.session.events import EventKind

    fields = {"decision": decision, "rationale": rationale, "review_date": review_date}
    _record(session_id, EventKind.DECISION, fields, author)


def log_approval(
    session_id: SessionId,
    approver: Annotated[str, typer.Option(help="Who approved (a named person or role).")],
    text: Annotated[str, typer.Argument(help="What was approved.")] = "",
    scope: Annotated[
        str, typer.Option(help="reservation, standard, deal or other (see `log offer`).")
    ] = "other",
    author: Author = None,
) -> None:
    """Record an approval by a named approver (needed to go below the reservation point)."""
    from brightline.session.events import EventKind

    fields = {"approver": approver, "scope": scope, "text": text}
    _record(session_id, EventKind.APPROVAL, fields, author)


def log_note(
    session_id: SessionId,
    text: Annotated[str, typer.Argument(help="The note.")],
    author: Author = None,
) -> None:
    """Record a note for the trail."""
    from brightline.session.events import EventKind

    _record(session_id, EventKind.NOTE, {"text": text}, author)


# --- next ----------------------------------------------------------------------------------


def next_move(
    session_id: SessionId,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """The playbook for the session's current stage: do, say, how, watch for, risk, safeguard.

    "say" lines are words for the other side (safe to read out); "how" lines are coaching for us.
    """
    from brightline.cli.actions import advice_text
    from brightline.report.sections import session as sections

    step = _sessions().next_step(session_id)
    report = step.trail
    if not report.intact:
        where = "" if report.broken_seq is None else f" at event {report.broken_seq}"
        sys.stderr.write(
            f"warning: the trail is broken{where} ({report.problem}); the advice below reads a "
            f"trail that was changed; run `brightline session verify {session_id}`\n"
        )
    if format is OutputFormat.JSON:
        print_json(sections.next_json(step, advice_text))
    elif format is OutputFormat.MARKDOWN:
        from brightline.cli.render import print_markdown

        print_markdown(sections.next_document(step, sections.balance_text(step), advice_text))
    else:
        from brightline.cli.render import print_next

        print_next(sections.next_text_document(step, advice_text))


def register(app: typer.Typer) -> None:
    """Add ``session start|list|export``, every ``log`` command and ``next`` to ``app``."""
    from brightline.cli.groups import log_group, session_group

    session = session_group(app)
    log = log_group(app)
    session.command("start")(session_start)
    session.command("list")(session_list)
    session.command("export")(session_export)
    log.command("offer")(log_offer)
    log.command("concession")(log_concession)
    log.command("signal")(log_signal)
    log.command("stage")(log_stage)
    log.command("decision")(log_decision)
    log.command("approval")(log_approval)
    log.command("note")(log_note)
    app.command("next")(next_move)
