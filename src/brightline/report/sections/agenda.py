"""The agenda's document and its calendar entries: what is due, soonest first, overdue flagged."""

from __future__ import annotations

from typing import TYPE_CHECKING

from brightline.amounts import plural
from brightline.report.document import Bullets, Document, Paragraph, Section, Table
from brightline.report.ics import CalendarEntry

if TYPE_CHECKING:
    from brightline.session.agenda import Agenda, AgendaItem


def _when(item: AgendaItem, agenda: Agenda) -> str:
    if item.day is None:
        return "no date"
    days = (item.day - agenda.today).days
    if days < 0:
        return f"{item.day.isoformat()} (overdue by {plural(-days, 'day')})"
    if days == 0:
        return f"{item.day.isoformat()} (today)"
    return f"{item.day.isoformat()} (in {plural(days, 'day')})"


def _item_json(item: AgendaItem, agenda: Agenda) -> dict[str, object]:
    return {
        "date": None if item.day is None else item.day.isoformat(),
        "overdue": item.overdue(agenda.today),
        "kind": item.kind.value,
        "session": item.session,
        "case": item.case_id,
        "title": item.case_title,
        "what": item.what,
        "source": item.source,
        "uid": item.uid,
    }


def agenda_document(agenda: Agenda) -> Document:
    """The agenda: one row per dated item, then the revisits nobody dated."""
    window = (
        "everything dated"
        if agenda.within is None
        else f"due within {plural(agenda.within, 'day')} of {agenda.today.isoformat()}, and "
        "anything overdue"
    )
    overdue = agenda.overdue
    opening = [
        Paragraph(
            f"{plural(len(agenda.items), 'dated item')} ({window}); "
            f"{plural(len(overdue), 'item')} overdue."
        )
    ]
    sections = [
        Section(
            "summary",
            "",
            tuple(opening),
            {"today": agenda.today.isoformat(), "within": agenda.within},
        )
    ]
    rows = tuple(
        (
            _when(item, agenda),
            item.kind.value,
            item.session,
            item.case_id,
            item.what,
        )
        for item in agenda.items
    )
    if rows:
        table = Table(("date", "kind", "session", "case", "what is due"), rows)
        sections.append(
            Section(
                "items",
                "Due",
                (table,),
                [_item_json(item, agenda) for item in agenda.items],
            )
        )
    else:
        sections.append(Section("items", "Due", (Paragraph("Nothing is due."),), []))
    if agenda.undated:
        lines = tuple(
            f"{item.session} ({item.case_title}): {item.what}; agree a review date"
            for item in agenda.undated
        )
        sections.append(
            Section(
                "undated",
                "Revisits without a date",
                (Bullets(lines),),
                [_item_json(item, agenda) for item in agenda.undated],
            )
        )
    if agenda.skipped:
        lines = tuple(f"{session}: {problem}" for session, problem in agenda.skipped)
        sections.append(
            Section(
                "skipped",
                "Sessions not read",
                (Bullets(lines),),
                [{"session": session, "problem": problem} for session, problem in agenda.skipped],
            )
        )
    return Document("Agenda", agenda.today.isoformat(), tuple(sections))


def calendar_entries(agenda: Agenda) -> list[CalendarEntry]:
    """One all-day calendar entry per dated item (undated revisits cannot go in a calendar)."""
    return [
        CalendarEntry(
            item.uid,
            item.day,
            f"{item.case_title}: {item.kind.value.replace('-', ' ')}",
            f"{item.what}\nSession {item.session} (case {item.case_id}), from {item.source}.",
        )
        for item in agenda.items
        if item.day is not None
    ]
