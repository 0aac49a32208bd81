"""An RFC 5545 calendar (``.ics``) of dated items, written by hand (pure).

Only what a calendar needs to show an all-day reminder is written: one ``VEVENT`` per item with a
stable ``UID`` (so importing the file again updates the events instead of duplicating them), the
``DTSTAMP`` the file was made, an all-day ``DTSTART``/``DTEND``, a ``SUMMARY`` and a
``DESCRIPTION``. The format's rules that trip hand-written files are kept exactly:

- lines end in CRLF;
- text values escape backslash, semicolon, comma and line breaks (RFC 5545 3.3.11);
- a content line longer than 75 octets is folded: CRLF and one space, never splitting a UTF-8
  character (3.1), so names in any script survive.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

PRODUCT = "-//Brightline//Revisit dates//EN"
"""The calendar's PRODID: who wrote it."""

LINE_OCTETS = 75
"""Longest content line, in octets, before folding (RFC 5545 3.1)."""


@dataclass(frozen=True, slots=True)
class CalendarEntry:
    """One all-day event.

    Attributes:
        uid: Globally unique and stable for the same item across exports.
        day: The day it falls on.
        summary: The title a calendar shows.
        description: The longer text (may hold line breaks).
    """

    uid: str
    day: datetime.date
    summary: str
    description: str = ""


def escape_text(text: str) -> str:
    r"""A TEXT value: ``\`` ``;`` ``,`` escaped with a backslash, line breaks as ``\n``."""
    escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (continuations start with a space), CRLF-terminated.

    A continuation line's leading space counts toward its 75 octets. Cuts fall between UTF-8
    characters, so a multi-byte character is never split across lines.
    """
    pieces: list[str] = []
    current = ""
    size = 0
    limit = LINE_OCTETS
    for character in line:
        width = len(character.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size, limit = "", 0, LINE_OCTETS - 1
        current += character
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces) + "\r\n"


def _stamp(moment: datetime.datetime) -> str:
    utc = moment.astimezone(datetime.UTC) if moment.tzinfo else moment
    return utc.strftime("%Y%m%dT%H%M%SZ")


def calendar_text(entries: Sequence[CalendarEntry], stamp: datetime.datetime) -> str:
    """The whole calendar, every line folded and CRLF-terminated.

    Args:
        entries: The events, in the order to write them.
        stamp: When the file is made (``DTSTAMP`` of every event; UTC).
    """
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODUCT}", "CALSCALE:GREGORIAN"]
    when = _stamp(stamp)
    for entry in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{escape_text(entry.uid)}",
            f"DTSTAMP:{when}",
            f"DTSTART;VALUE=DATE:{entry.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(entry.day + datetime.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{escape_text(entry.summary)}",
        ]
        if entry.description:
            lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)
