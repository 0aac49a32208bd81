"""Jinja2 filters: money and values with their unit, terms of art with their explanation.

Every number a page shows goes through :mod:`brightline.amounts`, the one formatter the CLI and
the documents use, so a page never prints ``1.265e+06`` or a value without its unit.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from brightline.amounts import amount, plural, quantity
from brightline.web.glossary import TERMS, slug

if TYPE_CHECKING:
    from jinja2 import Environment


def term(text: str, shown: str | None = None) -> Markup:
    """``text`` as an ``<abbr>`` with its glossary line as title, linking to the glossary."""
    explanation = TERMS.get(text)
    label = escape(shown if shown is not None else text)
    if explanation is None:
        return Markup(label)
    return Markup('<a class="term" href="/glossary#{}"><abbr title="{}">{}</abbr></a>').format(
        slug(text), explanation, label
    )


def money(value: float | None, unit: str = "") -> str:
    """An amount with its unit (``1,265,000 EUR``); a dash for a missing one."""
    return "–" if value is None else amount(value, unit)


def install(environment: Environment) -> None:
    """Add the filters to an environment."""
    environment.filters["term"] = term
    environment.filters["money"] = money
    environment.filters["quantity"] = quantity
    environment.globals["plural"] = plural
