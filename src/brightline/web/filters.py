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

    from brightline.case.model import Case


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


def issue_name(case: Case, issue_id: str) -> str:
    """An issue as a person reads it: its name, not the id the case file uses."""
    from brightline.report.labels import issue_label

    try:
        return issue_label(case, issue_id)
    except KeyError:
        return issue_id


def standard_name(case: Case, standard_id: str) -> str:
    """A standard by its name (``EU data residency``), not its id (``eu_residency``)."""
    from brightline.report.labels import standard_label

    standard = next((s for s in case.standards if s.id == standard_id), None)
    return standard_id if standard is None else standard_label(standard)


def safeguard_name(case: Case, safeguard_id: str) -> str:
    """A safeguard by what it does (its description), not its id."""
    from brightline.report.labels import spaced

    safeguard = next((s for s in case.safeguards if s.id == safeguard_id), None)
    if safeguard is None:
        return safeguard_id
    return safeguard.description or spaced(safeguard_id)


def rule_text(case: Case, clause: str) -> str:
    """A clause of a rule (``residency == "eu_only"``) as a sentence in the case's labels."""
    from brightline.errors import BrightlineError
    from brightline.report.labels import rule_words
    from brightline.rules import parse_rule

    try:
        return rule_words(case, parse_rule(clause))
    except (BrightlineError, KeyError):  # an id the case lacks: keep the clause as written
        return clause


def install(environment: Environment) -> None:
    """Add the filters to an environment."""
    environment.filters["term"] = term
    environment.filters["money"] = money
    environment.filters["explain"] = explain
    environment.filters["quantity"] = quantity
    environment.globals["plural"] = plural
    environment.globals["issue_name"] = issue_name
    environment.globals["standard_name"] = standard_name
    environment.globals["safeguard_name"] = safeguard_name
    environment.globals["rule_text"] = rule_text
