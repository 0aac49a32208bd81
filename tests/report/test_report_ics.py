"""The calendar is RFC 5545: CRLF lines, folded at 75 octets, text escaped; it parses back."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from brightline.report.ics import CalendarEntry, calendar_text, escape_text, fold

STAMP = datetime.datetime(2026, 12, 1, 9, 30, tzinfo=datetime.UTC)


def unfold(text: str) -> list[str]:
    """Content lines of a calendar, the reader's way: split on CRLF, join continuations."""
    assert text.endswith("\r\n")
    lines: list[str] = []
    for physical in text[:-2].split("\r\n"):
        if physical.startswith(" "):
            lines[-1] += physical[1:]
        else:
            lines.append(physical)
    return lines


def unescape(value: str) -> str:
    """A TEXT value read back (RFC 5545 3.3.11)."""
    out, index = [], 0
    while index < len(value):
        character = value[index]
        if character == "\\":
            following = value[index + 1]
            out.append("\n" if following in "nN" else following)
            index += 2
        else:
            out.append(character)
            index += 1
    return "".join(out)


def events(text: str) -> list[dict[str, str]]:
    """Each VEVENT's properties (name with parameters -> raw value)."""
    found: list[dict[str, str]] = []
    for line in unfold(text):
        if line == "BEGIN:VEVENT":
            found.append({})
        elif found and line != "END:VEVENT" and not line.startswith("END:"):
            name, _, value = line.partition(":")
            found[-1][name] = value
    return found


texts = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=200
)


@given(texts, texts)
def test_any_text_survives_the_calendar(summary: str, description: str) -> None:
    entry = CalendarEntry("x1@brightline", datetime.date(2027, 2, 1), summary, description or "d")
    text = calendar_text([entry], STAMP)
    for physical in text.split("\r\n"):
        assert len(physical.encode("utf-8")) <= 75
        assert "\n" not in physical and "\r" not in physical
    (event,) = events(text)
    assert unescape(event["SUMMARY"]) == summary
    assert unescape(event["DESCRIPTION"]) == (description or "d")
    assert event["DTSTART;VALUE=DATE"] == "20270201" and event["DTEND;VALUE=DATE"] == "20270202"
    assert event["DTSTAMP"] == "20261201T093000Z" and event["UID"] == "x1@brightline"


def test_escaping_and_folding_by_hand() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    folded = fold("DESCRIPTION:" + "é" * 40)  # 2 octets each: a cut must not split one
    first, second = folded.split("\r\n")[:2]
    assert len(first.encode()) == 75 - 1 and second.startswith(" é")
    assert fold("SHORT:x") == "SHORT:x\r\n"


def test_the_calendar_has_its_envelope() -> None:
    text = calendar_text([], STAMP)
    assert unfold(text) == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Brightline//Revisit dates//EN",
        "CALSCALE:GREGORIAN",
        "END:VCALENDAR",
    ]
