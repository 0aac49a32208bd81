"""Documents of a live session: ``next`` (the stage's playbook), the session list, the minutes.

Everything here is wording of results the session and playbook layers computed; the services
assemble them (which session, which events are private to us) and the adapters print the
documents. Say lines are :class:`~brightline.report.document.Quote` blocks: what is read out to
the other side stays apart from our notes ("how", watch-outs, balances).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

from brightline.actions import Advice
from brightline.amounts import plural
from brightline.report.document import Block, Bullets, Document, Paragraph, Quote, Section, Table

if TYPE_CHECKING:
    from brightline.case.model import Case
    from brightline.case.validate import LoadedCase
    from brightline.playbook.moves import Guide, MoveGuide
    from brightline.session.analytics import ConcessionAnalysis
    from brightline.session.events import ChainReport, Event
    from brightline.session.store import SessionInfo


class NextShown(Protocol):
    """What ``next`` shows (the service's result satisfies it)."""

    @property
    def session_id(self) -> str:
        """The session."""

    @property
    def case(self) -> Case:
        """Its case."""

    @property
    def guide(self) -> Guide:
        """The playbook for the current stage."""

    @property
    def analysis(self) -> ConcessionAnalysis:
        """The concession analysis."""

    @property
    def reminders(self) -> tuple[Advice, ...]:
        """Reminders for the stage."""

    @property
    def has_concessions(self) -> bool:
        """Whether any concession was recorded."""

    def standing_flags(self) -> tuple[Advice, ...]:
        """Concession warnings that still stand."""


class MinutesShown(Protocol):
    """What ``session show`` shows (the service's minutes satisfy it)."""

    @property
    def info(self) -> SessionInfo:
        """The session's row."""

    @property
    def loaded(self) -> LoadedCase:
        """Its case snapshot."""

    @property
    def shown(self) -> tuple[Event, ...]:
        """The events to show."""

    @property
    def internal(self) -> bool:
        """Whether this is our private view."""

    @property
    def trail(self) -> ChainReport:
        """The chain's verification."""


WordAdvice = Callable[["Advice"], str]
"""How an adapter words advice (the sentence and its actions) for its own interface."""


def plain(advice: Advice) -> str:
    """Advice as its sentence alone, for an adapter that shows its actions elsewhere."""
    return advice.text


def offer_words(case: Case, offer: str) -> str:
    """An offer as a person names it, never by its raw id.

    A trail offer is ``offer #3``; a case file's offer is its id in words with the date it came
    (``Ironbridge bid, received 2026-10-28``).
    """
    from brightline.report.labels import capitalised, spaced

    if offer.startswith("#"):
        return f"offer {offer}"
    dates = [o.date for o in case.offers if o.id == offer and o.date is not None]
    when = f", received {dates[0].isoformat()}" if dates else ""
    return f"{capitalised(spaced(offer))}{when}"


def _event_words(seq: int) -> str:
    return f"at #{seq}" if seq else "in the case file"


def advice_line(view: NextShown) -> str:
    """What the trail says is on the table, as one line (empty when no offer was received).

    Only an open offer carries the table's recommendation: an offer the trail already answered
    (a pause holds it until the revisit, a close ends the talks) is not to be countered, so the
    line says what happened to it instead.
    """
    from brightline.playbook.advice import Standing
    from brightline.playbook.record import DecisionKind

    advice = view.guide.advice
    if advice is None or not advice.offer:
        return ""
    offer = offer_words(view.case, advice.offer)
    if advice.standing is Standing.CLOSED:
        return (
            f"nothing on the table: the session closed {_event_words(advice.since)} (the last "
            f"offer was {offer})"
        )
    if advice.standing is Standing.ON_HOLD:
        return (
            f"on hold: {offer}, paused {_event_words(advice.since)}; not to be countered before "
            "the revisit"
        )
    if advice.standing is Standing.ANSWERED:
        answered = {
            DecisionKind.ACCEPT: "accepted",
            DecisionKind.NARROW_DEAL: "answered with a narrower deal",
            DecisionKind.WALK: "walked away from",
        }[advice.decision or DecisionKind.ACCEPT]
        return f"nothing open on the table: {offer} was {answered} {_event_words(advice.since)}"
    return (
        f"on the table: {offer}: {advice.recommendation.value} "
        f"({advice.recommendation.meaning}; stance {advice.stance.value}, situation "
        f"{advice.situation.value})"
    )


def _move_section(move: MoveGuide, word: WordAdvice) -> Section:
    blocks: list[Block] = [Paragraph(f"Do: {move.move.do}")]
    if move.say:
        blocks += [Paragraph("Say (to them, verbatim):"), *(Quote(phrase) for phrase in move.say)]
    if move.how:
        blocks += [Paragraph("How (for us, never read out):"), Bullets(tuple(move.how))]
    if move.move.watch:
        rows = tuple((w.signal.value, w.reaction.value, w.response) for w in move.move.watch)
        blocks.append(Table(("watch for", "reaction", "response"), rows))
    covering = f" (in the case: {', '.join(move.case_safeguards)})" if move.case_safeguards else ""
    blocks += [
        Paragraph(f"Risk: {move.move.risk}"),
        Paragraph(
            f"Safeguard: {word(Advice(move.move.safeguard, move.move.safeguard_action))}{covering}"
        ),
    ]
    return Section(move.move.key, move.move.name, tuple(blocks))


def next_document(view: NextShown, balance: str, word: WordAdvice = plain) -> Document:
    """``next``'s document: stage, the offer on the table, alerts, moves, concessions, reminders.

    Args:
        view: What the service assembled.
        balance: The concession balance line, every amount with its unit.
        word: How the adapter words advice (the CLI adds the commands to type).
    """
    guide = view.guide
    opening: list[Block] = [
        Paragraph(f"Session `{view.session_id}`, stage **{guide.stage.value}**.")
    ]
    line = advice_line(view)
    if line:
        opening.append(Paragraph(line[0].upper() + line[1:] + "."))
    if guide.gate_note:
        opening.append(Paragraph(f"**Gate:** {guide.gate_note}."))
    sections = [Section("stage", "", tuple(opening))]
    if guide.alerts:
        alerts = tuple(
            f"**{alert.reaction.value.upper()}** #{alert.seq} {alert.signal.value}: "
            f"{alert.response}"
            for alert in guide.alerts
        )
        sections.append(Section("alerts", "Alerts", (Bullets(alerts),)))
    sections += [_move_section(move, word) for move in guide.moves]
    if view.has_concessions:
        flags = tuple(word(flag) for flag in view.standing_flags())
        blocks: tuple[Block, ...] = (Paragraph(balance), *((Bullets(flags),) if flags else ()))
        sections.append(Section("concessions", "Concessions", blocks))
    if view.reminders:
        reminders = tuple(word(note) for note in view.reminders)
        sections.append(Section("reminders", "Reminders", (Bullets(reminders),)))
    stages = ", ".join(stage.value for stage in guide.next_stages)
    sections.append(Section("next_stages", "", (Paragraph(f"Next stages: {stages}."),)))
    return Document("Next", view.case.case.title, tuple(sections))


def balance_text(view: NextShown) -> str:
    """The concession balance in words, every amount with its unit."""
    from brightline.amounts import signed_amount
    from brightline.session.analytics import them_balance_text

    analysis = view.analysis
    unit, their_unit = view.case.case.currency, view.case.case.their_unit
    ratio = "n/a" if analysis.reciprocity is None else f"{analysis.reciprocity:.2f}"
    below = analysis.reciprocity_below
    warned = f" (below 1 after #{below[-1]}, warned then)" if below and ratio != "n/a" else ""
    return (
        f"balance to us {signed_amount(analysis.balance_to_us, unit)}, to them "
        f"{them_balance_text(analysis, their_unit)}; reciprocity {ratio}{warned}"
    )


def next_json(view: NextShown, word: WordAdvice = plain) -> dict[str, Any]:
    """``next --format json``: the guide, the reminders and the concessions, advice worded."""
    from brightline.actions import advice_json
    from brightline.session.timeline import analysis_json, guide_json

    document = {
        "session": view.session_id,
        **guide_json(view.guide),
        "reminders": [word(note) for note in view.reminders],
        "reminder_advice": [advice_json(note) for note in view.reminders],
    }
    concessions = analysis_json(view.analysis)
    concessions["flags"] = [word(flag) for flag in view.analysis.flags]
    return {**document, "concessions": concessions}


def next_text_document(view: NextShown, word: WordAdvice = plain) -> Document:
    """``next``'s report for the terminal, in the order it is read at the table.

    Sections: ``stage`` (a one-row table of stage, session and case, then the offer on the
    table), ``gate``, ``alerts`` (reaction, event, signal, response), one per move (a table of
    labelled lines: do, say, how, watch, risk, safeguard), ``concessions`` (the balance and the
    warnings that stand, ``!``), ``reminders`` and ``next_stages``.
    :func:`brightline.cli.render.print_next` lays it out with Rich.

    A reciprocity warning belongs to the concession that raised it and was printed when it was
    recorded, so here reciprocity is a number on the balance line, not a repeated warning.
    """
    guide = view.guide
    opening: list[Block] = [
        Table(
            ("stage", "session", "case"),
            ((guide.stage.value, view.session_id, view.case.case.title),),
        )
    ]
    if advice_line(view):
        opening.append(Paragraph(advice_line(view)))
    sections = [Section("stage", "", tuple(opening))]
    if guide.gate_note:
        sections.append(Section("gate", "", (Paragraph(guide.gate_note),)))
    if guide.alerts:
        rows = tuple(
            (alert.reaction.value, str(alert.seq), alert.signal.value, alert.response)
            for alert in guide.alerts
        )
        sections.append(
            Section("alerts", "", (Table(("reaction", "event", "signal", "response"), rows),))
        )
    for move in guide.moves:
        lines = [("do", move.move.do)]
        lines += [("say", phrase) for phrase in move.say]
        lines += [("how", line) for line in move.how]
        lines += [
            ("watch", f"{watch.signal.value} -> {watch.reaction.value}: {watch.response}")
            for watch in move.move.watch
        ]
        covering = (
            f" (in the case: {', '.join(move.case_safeguards)})" if move.case_safeguards else ""
        )
        safeguard = word(Advice(move.move.safeguard, move.move.safeguard_action))
        lines += [("risk", move.move.risk), ("safeguard", f"{safeguard}{covering}")]
        sections.append(Section(move.move.key, move.move.name, (Table(("", ""), tuple(lines)),)))
    if view.has_concessions:
        flags = Bullets(tuple(word(flag) for flag in view.standing_flags()), mark="!")
        sections.append(
            Section("concessions", "Concessions", (Paragraph(balance_text(view)), flags))
        )
    if view.reminders:
        reminders = Bullets(tuple(word(note) for note in view.reminders), mark="reminder:")
        sections.append(Section("reminders", "", (reminders,)))
    stages = ", ".join(stage.value for stage in guide.next_stages)
    sections.append(Section("next_stages", "", (Paragraph(f"next stages: {stages}"),)))
    return Document("Next", view.case.case.title, tuple(sections))


def sessions_document(infos: Sequence[SessionInfo]) -> Document:
    """``session list``'s document: one row per session, oldest first."""
    rows = tuple(
        (
            info.id,
            info.created_at[:19].replace("T", " "),
            info.case_id,
            "?" if info.event_count is None else str(info.event_count),
            info.case_title,
        )
        for info in infos
    )
    table = Table(("id", "started (UTC)", "case", "events", "title"), rows)
    return Document("Sessions", plural(len(infos), "session"), (Section("sessions", "", (table,)),))


def minutes_document(
    heading: str,
    title: str,
    columns: tuple[str, ...],
    rows: Sequence[tuple[str, ...]],
    chain: str,
    intact: bool,
    notes: Sequence[str] = (),
) -> Document:
    """``session show``'s document: the timeline, then whether the chain holds, then notes."""
    blocks: tuple[Block, ...] = (
        Table(columns, tuple(rows)),
        Paragraph(chain if intact else f"**{chain}**"),
        *(Paragraph(note) for note in notes),
    )
    return Document(heading, title, (Section("timeline", "", blocks),))


MINUTES_COLUMNS = ("#", "at (UTC)", "author", "kind", "what", "hash")
"""The timeline's columns in ``session show``."""


def minutes_report(minutes: MinutesShown) -> Document:
    """``session show``'s document from the service's minutes: one row per event shown.

    Values to us and our estimates of theirs are worded out of the rows unless the minutes are
    our internal view (:func:`brightline.session.timeline.describe`). The section's data says
    whether the chain holds (``intact``), where it breaks and why, for adapters that colour it.
    """
    from brightline.session.timeline import describe

    info, report = minutes.info, minutes.trail
    case = minutes.loaded.case.case
    rows = [
        (
            str(event.seq),
            event.at[:19].replace("T", " "),
            event.author,
            event.kind,
            describe(event, case.currency, case.their_unit, minutes=not minutes.internal),
            event.hash[:12],
        )
        for event in minutes.shown
    ]
    where = "" if report.broken_seq is None else f" at event {report.broken_seq}"
    chain = (
        f"Chain intact: {plural(report.events, 'event')}."
        if report.intact
        else f"Chain broken{where}: {report.problem}"
    )
    notes = (
        ["INTERNAL: holds our values, our estimates of theirs and approvals; do not share."]
        if minutes.internal
        else []
    )
    document = minutes_document(
        f"Session {info.id}", info.case_title, MINUTES_COLUMNS, rows, chain, report.intact, notes
    )
    (timeline,) = document.sections
    data = {"intact": report.intact, "chain": chain, "where": where, "problem": report.problem}
    return replace(document, sections=(replace(timeline, data=data),))


def recorded_document(event: Event, case: Case, head_characters: int) -> Document:
    """What a ``log`` command says it recorded: the event, the new head, what an offer means.

    For an offer, the engine's evaluation stored in the event: its reasons, and for an offer
    received also its recommendation and the line to say (left out for an offer we made).

    Args:
        event: The event just appended.
        case: The session's case (for amounts in its units).
        head_characters: How much of the new head hash to show.
    """
    from brightline.session.events import EventKind
    from brightline.session.timeline import describe

    info = case.case
    details = [f"head: {event.hash[:head_characters]}"]
    evaluation = event.payload.get("evaluation") if event.kind == EventKind.OFFER else None
    if isinstance(evaluation, dict):
        made = event.payload.get("direction") == "made"
        for key in ("reasons",) if made else ("recommendation", "reasons", "say"):
            value = evaluation.get(key)
            if value:
                details.append(f"{key}: {'; '.join(value) if isinstance(value, list) else value}")
    blocks = (
        Paragraph(f"#{event.seq} {describe(event, info.currency, info.their_unit)}"),
        Bullets(tuple(details), mark=""),
    )
    return Document("Recorded", info.title, (Section("recorded", "", blocks),), info.id)
