"""How every number Brightline prints reads: one formatter for money, values, counts and JSON.

Every amount goes through :func:`amount` (or :func:`signed_amount` for a change), and every value
of a numeric issue through :func:`quantity`, so no sentence, table or document shows ``1.25e+06``
or the six digits of a bare ``:g``; every count goes through :func:`plural`, so its noun agrees
(``1 harm``, ``2 harms``); every JSON document through :func:`finite_json`. Amounts carry their unit; large ones read in whole units with
thousands separators (``1,250,000 EUR``); small ones keep four significant digits, because GENIUS
utilities from 0 to 1 would otherwise all print as 0 or 1; none is ever in scientific notation.

Pure and dependency-free (like :mod:`brightline.errors`), so every layer can import it, from the
case loader's messages to the CLI, without pulling in numpy or pydantic.
"""

from __future__ import annotations

import math
from typing import Any

_WHOLE_FROM = 1000.0
"""From this magnitude on an amount reads in whole units: cents of a million are noise."""

_AMOUNT_DIGITS = 4
"""Significant digits of an amount below :data:`_WHOLE_FROM` (0.8234, 12.5, 999.4)."""

_QUANTITY_DIGITS = 10
"""Significant digits of an issue value: a grid point must read back as the point itself."""

_AMOUNT_DECIMALS = 6
"""Decimals of an amount at most: a sum of interpolated values carries noise like -1e-07."""

_QUANTITY_DECIMALS = 12
"""Decimals of an issue value at most; anything smaller is float noise around zero."""


def _fixed(value: float, digits: int, most_decimals: int) -> str:
    """``value`` to ``digits`` significant digits in plain notation with thousands separators.

    Trailing zeros after the decimal point go (``12.5``, not ``12.50``); a value that rounds to
    zero reads ``0``, never ``-0``; a value that is not finite says so in words.
    """
    if math.isnan(value):
        return "not a number"
    if math.isinf(value):
        return "unbounded" if value > 0 else "-unbounded"
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = min(max(digits - 1 - magnitude, 0), most_decimals)
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def number_text(value: float) -> str:
    """An amount without its unit: whole units from 1,000 up, four significant digits below."""
    number = float(value)
    if abs(number) >= _WHOLE_FROM:
        return _fixed(number, 0, 0)
    return _fixed(number, _AMOUNT_DIGITS, _AMOUNT_DECIMALS)


def amount(value: float, unit: str = "") -> str:
    """A number with its unit, the one way Brightline prints money and values.

    Case values run from millions (currency) to fractions (GENIUS utilities); rounding both to
    whole units would print every utility as 0 or 1, and ``:g`` would print a million as 1e+06.
    """
    return f"{number_text(value)} {unit}".strip()


def signed_amount(value: float | None, unit: str = "") -> str:
    """:func:`amount` with an explicit sign (``+12,000 EUR``, ``-500 EUR``), for changes.

    ``None`` is a change nobody estimated (an empty "to them" field): it reads "unknown", never
    as 0, which would claim the change is worth nothing.
    """
    if value is None:
        return "unknown"
    text = number_text(value)
    if float(value) > 0 and text not in {"0", "unbounded"}:
        text = f"+{text}"
    return f"{text} {unit}".strip()


def quantity(value: float) -> str:
    """A measured value as written (a grid point, a bound): up to ten significant digits.

    Unlike :func:`amount` it does not round to whole units: a discount of 2.5 % or a price of
    149,999.5 must read back as the value the case or the offer holds.
    """
    return _fixed(float(value), _QUANTITY_DIGITS, _QUANTITY_DECIMALS)


_COUNTED_UNITS = frozenset(
    {
        "minute",
        "hour",
        "day",
        "business day",
        "working day",
        "week",
        "month",
        "quarter",
        "year",
        "seat",
        "pack",
        "unit",
        "user",
        "licence",
        "license",
        "site",
        "shift",
        "ticket",
    }
)
"""Units a case may write singular or plural ("week", "weeks"): they agree with the number."""

_RANK_UNITS = frozenset({"level", "grade", "tier", "band", "class"})
"""Units that name a rank, which reads before its number: ``level 3``, not ``3 level``."""


def measured(value: float, unit: str) -> str:
    """A numeric issue's value with its unit, as a person writes it: ``9 weeks``, ``1 week``.

    Case files name a unit the way their author thought of it (``week``, ``business_days``,
    ``% of annual fee``); a document must not print ``9 week`` or an id's underscore. Only the
    counted units above change number, a rank (``level``) goes before its number, and any
    other unit (a currency, ``EUR / year``) is kept as written.
    """
    text = quantity(value)
    if not unit:
        return text
    if unit == "%" or unit.startswith("% "):
        return f"{text}{unit}"
    words = unit.replace("_", " ")
    if words in _RANK_UNITS:
        return f"{words} {text}"
    singular = words[:-1] if words.endswith("s") and words[:-1] in _COUNTED_UNITS else words
    if singular in _COUNTED_UNITS:
        words = singular if abs(value) == 1 else singular + "s"
    return f"{text} {words}"


def plural(count: int, noun: str, many: str = "") -> str:
    """``1 harm``, ``2 harms``, ``1,000 outcomes``: a count with its noun in agreement.

    ``many`` is the plural when it is not the noun plus "s" ("1 safeguard", "2 safeguards";
    "1 party", "2 parties").
    """
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {many or noun + 's'}"


def finite_json(value: Any) -> Any:
    """``value`` with every NaN or infinite float replaced by None (JSON ``null``).

    Standard JSON has no NaN or Infinity and a reader's parser may refuse them. Inputs are refused
    when not finite and overflows are reported where they happen, so this is the last guard: the
    JSON renderer applies it to every document, and the economics records (which the Markdown of
    ``deterrence`` reads too) apply it where they are made.
    """
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite_json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite_json(item) for item in value]
    return value
