"""Reading one bid cell as a number or an option, the way people type them in tenders.

Bidders write ``845,000``, ``EUR 1,265,000``, ``1 265 000 €`` or, in many European locales,
``1.265.000,50``. Each of these is read exactly, or refused with a message that shows the cell and
says why: a bid is never scored on a number we guessed. The rules:

* Digit groups are checked: after the first group (1 to 3 digits) every group has exactly three, so
  ``1,5`` is not silently read as fifteen when its writer meant one and a half.
* Which mark is the decimal one follows the :class:`NumberStyle`: a decimal point (``1,265.5``), a
  decimal comma (``1.265,5``) or, for files separated by ``;`` or tabs without being told, either;
  then a lone mark followed by exactly three digits (``1.265``) is ambiguous and refused.
* Spaces (also no-break and thin spaces) and apostrophes group digits in every style.
* A currency (an ISO code such as ``EUR`` or a sign such as ``€``) may lead or trail the number; it
  must be the column's currency, since reading 1,000 USD as 1,000 EUR would mislead. A trailing word
  equal to the column's unit (``18 weeks``) is accepted too.

This module is the reference: the vectorised CSV reader decides only plain cells itself and sends
every other cell here, so both agree by construction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from enum import Enum
from typing import Any

MAX_CELL_CHARACTERS = 32_767
"""Excel's own limit per cell: a longer bid cell is not a spreadsheet value but a damaged file."""


class NumberStyle(Enum):
    """Which mark separates decimals."""

    POINT = "point"
    COMMA = "comma"
    EITHER = "either"


class Remedy(Enum):
    """What would make an unreadable number readable (each adapter words it for its interface)."""

    DECIMAL_COMMA = "decimal-comma"
    DECIMAL_POINT = "decimal-point"


_SIGNS = {
    "€": ("EUR",),
    "$": ("USD", "CAD", "AUD", "NZD", "SGD", "HKD", "MXN"),
    "£": ("GBP",),
    "¥": ("JPY", "CNY"),
    "₹": ("INR",),
    "₩": ("KRW",),
    "₣": ("CHF",),
    "₺": ("TRY",),
    "₪": ("ILS",),
    "zł": ("PLN",),
    "kr": ("SEK", "NOK", "DKK"),
    # Dollar signs with the country's letters, as invoices write them to tell dollars apart.
    "US$": ("USD",),
    "C$": ("CAD",),
    "CA$": ("CAD",),
    "A$": ("AUD",),
    "AU$": ("AUD",),
    "NZ$": ("NZD",),
    "S$": ("SGD",),
    "SG$": ("SGD",),
    "HK$": ("HKD",),
    "MX$": ("MXN",),
    "R$": ("BRL",),
}
_SPACES = " \u00a0\u202f\u2009"
_APOSTROPHES = "'\u2019"
_PLAIN = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_EXPONENT = re.compile(r"(?:\d+\.?\d*|\.\d+)[eE][+-]?\d+")
_CODE = re.compile(r"[A-Z]{3}")
_LETTERED_DOLLAR = r"(?:US|CA|AU|NZ|SG|HK|MX|[CASR])\$"
_LEAD = re.compile(
    rf"^({_LETTERED_DOLLAR}|[A-Za-z]{{2,3}}(?![A-Za-z])|[^\w\s.,+\-\u2212'\u2019])\s*"
)
_TRAIL = re.compile(
    rf"\s*((?<![A-Za-z]){_LETTERED_DOLLAR}|(?<![A-Za-z])[A-Za-z]{{2,3}}|[^\w\s.,'\u2019])$"
)


def read_number(
    value: Any,
    style: NumberStyle = NumberStyle.POINT,
    currency: str | None = None,
    unit: str = "",
) -> float | str:
    """A cell as a number, or the message saying why it is not one.

    Args:
        value: The cell (text from a CSV file, or a spreadsheet's number or text).
        style: Which mark separates decimals.
        currency: The column's currency code; a cell naming another one is refused ("": the
            column is not an amount, so no currency is accepted; ``None``: not checked).
        unit: The column's unit; a cell may end with it (``18 weeks``).
    """
    found = _read_number(value, style, currency, unit)
    return found[0] if isinstance(found, tuple) else found


def number_remedy(value: Any, style: NumberStyle) -> Remedy | None:
    """The other decimal style when it would read a cell this style refuses, else ``None``."""
    if not isinstance(value, str):
        return None
    others = {
        NumberStyle.POINT: (NumberStyle.COMMA, Remedy.DECIMAL_COMMA),
        NumberStyle.COMMA: (NumberStyle.POINT, Remedy.DECIMAL_POINT),
    }
    if style is NumberStyle.EITHER:
        for other, remedy in others.values():
            if isinstance(_read_number(value, other, None, ""), tuple):
                return remedy
        return None
    other, remedy = others[style]
    return remedy if isinstance(_read_number(value, other, None, ""), tuple) else None


def _read_number(
    value: Any, style: NumberStyle, currency: str | None, unit: str
) -> tuple[float] | str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return "missing value"
    if isinstance(value, bool):
        return f"cannot read {value!r} as a number"
    if isinstance(value, int | float):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            return f"cannot read {value!r} as a number"
        return (number,)
    text = str(value).strip()
    if len(text) > MAX_CELL_CHARACTERS:
        return _too_long(text)
    if style is NumberStyle.POINT and _PLAIN.fullmatch(text):
        return (float(text),)
    shown = _shown(text)
    if not any(character.isdigit() for character in text):
        return f"cannot read {shown} as a number"
    body = text.replace("\u2212", "-")
    negative = False
    if body[:1] in "+-":
        negative, body = body[0] == "-", body[1:].lstrip()
    marker, body = _strip_marker(body, currency, unit)
    if marker:
        return marker.replace("{cell}", shown)
    if body[:1] in "+-" and not negative:
        negative, body = body[0] == "-", body[1:].lstrip()
    if not body:
        return f"cannot read {shown} as a number"
    parsed = _decimal(body, style)
    if isinstance(parsed, str):
        return parsed.replace("{cell}", shown)
    return (-parsed if negative else parsed,)


def _strip_marker(body: str, currency: str | None, unit: str) -> tuple[str, str]:
    """Remove one leading or trailing currency or unit; an error (with ``{cell}``) if it is wrong."""
    if unit and body.lower().endswith(unit.lower()) and len(body) > len(unit):
        return "", body[: -len(unit)].rstrip()
    for pattern in (_LEAD, _TRAIL):
        match = pattern.search(body)
        if match is None:
            continue
        marker = match.group(1)
        if marker[0].isdigit():
            continue
        codes = _currency_codes(marker)
        if codes is None:
            return f"cannot read {{cell}} as a number ({marker!r} is not a currency)", body
        if currency == "":
            return (
                f"cannot read {{cell}} as a number (this column is not an amount in {marker})",
                body,
            )
        if currency is not None and currency not in codes:
            return (
                f"{{cell}} is in {'/'.join(codes)}, the column counts in {currency}: convert it",
                body,
            )
        return "", (body[match.end() :] if pattern is _LEAD else body[: match.start()]).strip()
    return "", body


def _currency_codes(marker: str) -> tuple[str, ...] | None:
    if marker in _SIGNS:
        return _SIGNS[marker]
    if _CODE.fullmatch(marker):
        return (marker,)
    if len(marker) == 1 and unicodedata.category(marker) == "Sc":
        return ()
    return None


def _decimal(body: str, style: NumberStyle) -> float | str:
    """Digits with group and decimal marks as a float; an error (with ``{cell}``) otherwise."""
    if any(not (c.isdigit() or c in ".," or c in _SPACES or c in _APOSTROPHES) for c in body):
        if style is not NumberStyle.COMMA and _EXPONENT.fullmatch(body):
            return float(body)  # 1.265e+06
        return "cannot read {cell} as a number"
    if not body[0].isdigit() and body[0] not in ".,":
        return "cannot read {cell} as a number"
    decimal, group = _marks(body, style)
    if decimal == "?":
        return (
            "{cell} is ambiguous: its one separator is followed by three digits, so it may "
            "group thousands or mark decimals; say which the file uses"
        )
    integer, fraction = body, ""
    if decimal and decimal in body:
        if body.count(decimal) > 1:
            return f"cannot read {{cell}} as a number ({decimal!r} appears more than once)"
        integer, fraction = body.split(decimal)
        if not fraction.isdigit() and fraction:
            return "cannot read {cell} as a number"
    groups = _groups(integer, group)
    if groups is None:
        mark = "a space" if group in _SPACES else repr(group)
        return f"cannot read {{cell}} as a number ({mark} must group digits in threes)"
    digits = "".join(groups)
    if not digits and not fraction:
        return "cannot read {cell} as a number"
    if not all(c.isascii() for c in digits + fraction):
        digits = "".join(str(unicodedata.digit(c)) for c in digits)
        fraction = "".join(str(unicodedata.digit(c)) for c in fraction)
    return float(f"{digits or '0'}.{fraction or '0'}")


def _marks(body: str, style: NumberStyle) -> tuple[str, str]:
    """(decimal mark or "" or "?" when ambiguous, group mark or "") of one number's body."""
    spaced = next((c for c in body if c in _SPACES or c in _APOSTROPHES), "")
    if style is NumberStyle.POINT:
        return ".", "," if "," in body else spaced
    if style is NumberStyle.COMMA:
        return ",", "." if "." in body else spaced
    commas, dots = body.count(","), body.count(".")
    if commas and dots:
        return (",", ".") if body.rfind(",") > body.rfind(".") else (".", ",")
    mark = "," if commas else "." if dots else ""
    if not mark:
        return "", spaced
    if body.count(mark) > 1:
        return "", mark
    before, after = body.split(mark)
    if len(after) == 3 and 1 <= len(before) <= 3 and not spaced:
        return "?", ""
    return mark, spaced


def _groups(integer: str, group: str) -> list[str] | None:
    """The digit groups of an integer part, or ``None`` when they are not 1-3 then threes."""
    if not integer:
        return []
    marks = set(_SPACES) if group in _SPACES else {group}
    if not group:
        return [integer] if integer.isdigit() else None
    parts = re.split("[" + re.escape("".join(marks)) + "]", integer)
    if not all(part.isdigit() for part in parts):
        return None
    if len(parts) > 1 and (len(parts[0]) > 3 or any(len(part) != 3 for part in parts[1:])):
        return None
    return parts


def _too_long(text: str) -> str:
    return (
        f"the cell holds {len(text):,} characters, more than a spreadsheet cell can "
        f"({MAX_CELL_CHARACTERS:,}); the file is damaged or the column is wrong"
    )


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def read_option(value: Any, options: Sequence[str]) -> int | str:
    """A cell as the index of an option, or the message saying why it is not one."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "missing value"
    text = (
        value
        if isinstance(value, str)
        else format(value, "g")
        if isinstance(value, float)
        else str(value)
    )
    text = text.strip()
    if len(text) > MAX_CELL_CHARACTERS:
        return _too_long(text)
    if text in options:
        return options.index(text)
    try:
        number = float(text)
        for index, option in enumerate(options):
            try:
                if float(option) == number:
                    return index
            except ValueError:
                continue
    except ValueError:
        pass
    shown = ", ".join(options[:8]) + (", ..." if len(options) > 8 else "")
    return f"{_shown(text)} is not one of the options ({shown})"


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff]")


def control_character(text: str) -> str:
    """A message naming the first control character of a cell, or "" when it has none.

    NULs and other control characters are what a damaged export or a pasted binary leaves behind;
    such a cell is reported, never read with the character silently dropped or kept.
    """
    match = _CONTROL.search(text)
    if match is None:
        return ""
    character = match.group()
    name = "NUL" if character == "\0" else "a byte-order mark" if character == "\ufeff" else ""
    name = name or f"U+{ord(character):04X}"
    return (
        f"the cell holds a control character ({name}) at character {match.start() + 1}; "
        "remove it and save again"
    )
