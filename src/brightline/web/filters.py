"""Jinja2 filters: money and values with their unit, terms of art with their explanation.

Every number a page shows goes through :mod:`brightline.amounts`, the one formatter the CLI and
the documents use, so a page never prints ``1.265e+06`` or a value without its unit.
"""

from __future__ import annotations

import re
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


def explain(text: str) -> Markup:
    """``text`` with each term of art in it marked with an ``<abbr>`` that carries its meaning.

    For labels and titles (no link inside, so it can sit in a link or a label). Acronyms match
    as written, other terms in any case; each term is marked once. One pass over the escaped
    text, so an explanation already inserted is never searched again.
    """
    seen: set[str] = set()
    lowered = {name.lower(): name for name in TERMS}

    def mark(found: re.Match[str]) -> str:
        name = lowered[found.group(1).lower()]
        if name in seen or (name.isupper() and found.group(1) != name):
            return found.group(0)
        seen.add(name)
        return str(Markup('<abbr title="{}">{}</abbr>').format(TERMS[name], found.group(0)))

    return Markup(_TERM_PATTERN.sub(mark, str(escape(text))))


_TERM_PATTERN = re.compile(
    r"(?<!\w)("
    + "|".join(re.escape(name) for name in sorted(TERMS, key=len, reverse=True))
    + r")s?(?!\w)",
    re.IGNORECASE,
)


def money(value: float | None, unit: str = "") -> str:
    """An amount with its unit (``1,265,000 EUR``); a dash for a missing one."""
    return "–" if value is None else amount(value, unit)


def install(environment: Environment) -> None:
    """Add the filters to an environment."""
    environment.filters["term"] = term
    environment.filters["money"] = money
    environment.filters["explain"] = explain
    environment.filters["quantity"] = quantity
    environment.globals["plural"] = plural
