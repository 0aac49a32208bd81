"""Jinja2 filters: money and values with their unit, terms of art with their explanation.

Every number a page shows goes through :mod:`brightline.amounts`, the one formatter the CLI and
the documents use, so a page never prints ``1.265e+06`` or a value without its unit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from brightline.amounts import amount, plural, quantity
from brightline.web.glossary import ALIASES, EXACT_CASE, TERMS, meaning, slug

if TYPE_CHECKING:
    from jinja2 import Environment

    from brightline.case.model import Case


def term(text: str, shown: str | None = None) -> Markup:
    """``text`` as an ``<abbr>`` with its glossary line as title, linking to the glossary.

    ``text`` is a glossary term or one of its aliases (``Nash`` for the Nash point); any other
    text is shown as it is.
    """
    name = meaning(text)
    label = escape(shown if shown is not None else text)
    if name is None:
        return Markup(label)
    return _linked(name, label)


def _linked(name: str, label: str | Markup) -> Markup:
    return Markup('<a class="term" href="/glossary#{}"><abbr title="{}">{}</abbr></a>').format(
        slug(name), TERMS[name], label
    )


def explain(text: str, seen: set[str] | None = None) -> Markup:
    """``text`` with each term of art in it marked with an ``<abbr>`` that carries its meaning.

    For labels and titles (no link inside, so it can sit in a link or a label). Acronyms and
    short symbols match as written, other terms in any case; each term is marked once (once per
    ``seen`` when one is given). One pass over the escaped text, so an explanation already
    inserted is never searched again.
    """
    marked = set() if seen is None else seen

    def mark(found: re.Match[str]) -> str:
        name = _found_term(found, marked)
        if name is None:
            return found.group(0)
        return str(Markup('<abbr title="{}">{}</abbr>').format(TERMS[name], found.group(0)))

    return Markup(_TERM_PATTERN.sub(mark, str(escape(text))))


def term_memory() -> set[str]:
    """A fresh set of the terms already explained in one part of a page (for ``terms``)."""
    return set()


_SKIPPED = frozenset({"a", "abbr", "code", "pre", "script", "style", "textarea", "option", "svg"})
"""Elements whose text is never marked: a link or an explanation already, code, form values."""

_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][\w-]*)")


def terms(html: str | Markup, seen: set[str] | None = None) -> Markup:
    """Safe HTML with the first use of each term of art in its text linked to the glossary.

    For report text that is already HTML (``inline`` made its bold and code): only text between
    tags is searched, never an attribute, a link, code or an explanation already there. Terms in
    ``seen`` are not marked again, and the ones marked here are added to it, so one set passed
    through the blocks of a section marks each term once in the section.
    """
    marked = set() if seen is None else seen
    html = html if isinstance(html, Markup) else escape(html)  # plain text is escaped first
    skipping = 0
    out: list[str] = []

    def mark(found: re.Match[str]) -> str:
        name = _found_term(found, marked)
        return found.group(0) if name is None else str(_linked(name, Markup(found.group(0))))

    for part in _TAG.split(str(html)):
        if part.startswith("<"):
            tag = _TAG_NAME.match(part)
            if tag and tag.group(1).lower() in _SKIPPED and not part.endswith("/>"):
                skipping += -1 if part.startswith("</") else 1
            out.append(part)
        elif part and skipping <= 0:
            out.append(_TERM_PATTERN.sub(mark, part))
        else:
            out.append(part)
    return Markup("".join(out))


def _found_term(found: re.Match[str], seen: set[str]) -> str | None:
    """The glossary term a match stands for, if it is to be marked (first use, right case)."""
    written = found.group(1)
    spoken = _SPOKEN.get(written.lower())
    if spoken is None:
        return None
    name = meaning(spoken)
    exact = spoken.isupper() or spoken in EXACT_CASE
    if name is None or name in seen or (exact and written != spoken):
        return None
    seen.add(name)
    return name


_SPOKEN = {name.lower(): name for name in (*TERMS, *ALIASES)}
"""Every way a term is written (the term and its aliases), by its lower-case form."""

_TERM_PATTERN = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(name) for name in sorted(_SPOKEN.values(), key=len, reverse=True))
    + r")s?(?![\w-])",
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


def number_value(value: float | int | str | None) -> str:
    """A number as a number box holds it: ``0`` and ``15`` for whole numbers, not ``0.0``.

    Every digit is kept (``0.125``), and no thousands separator is added (a browser's number
    box refuses one); the case forms write their values the same way.
    """
    from brightline.services.case_forms import form_value

    return form_value(value)


def file_words(text: str, case: Case) -> Markup:
    """A message about a file's cells with the case's ids in it set as code: what to type.

    An unreadable bids cell is reported in the file's own terms (its column header, the option
    ids a cell may hold): those are what the user must write in the file, so they are kept and
    shown as code, not translated into the labels a page uses elsewhere.
    """
    from brightline.case.model import DiscreteIssue

    ids = {issue.id for issue in case.issues}
    for issue in case.issues:
        if isinstance(issue, DiscreteIssue):
            ids.update(str(value) for value in issue.values())
    escaped = str(escape(text))
    if not ids:
        return Markup(escaped)
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(map(re.escape, sorted(ids, key=len, reverse=True)))
        + r")(?![\w-])"
    )
    return Markup(
        pattern.sub(lambda found: f'<code class="file-words">{found.group(1)}</code>', escaped)
    )


DECISIONS = {
    "accept": "accept the offer",
    "counter": "counter",
    "narrow-deal": "counter with a narrower deal",
    "pause": "pause",
    "keep-seeking": "keep looking for a compliant deal",
    "reconsider-standard": "reconsider the standard",
    "decline": "decline",
    "walk": "walk away",
    "best-and-final": "ask every compliant bidder for a best and final offer",
    "knock-out": "set the bid aside",
    "complete-bids": "complete the bids",
    "fix-errors": "fix the table",
    "fix-unreadable": "fix the unreadable rows first",
    "no-bids": "no bids to rank",
    "re-bid": "re-run the tender",
    "two-stage-award": "award in two stages",
    "award": "award",
}
"""A recommendation's action (an offer's, a bids ranking's) as a page heading says it."""


def decision_words(action: str) -> str:
    """A recommendation as words (``narrow-deal`` -> ``counter with a narrower deal``).

    The core names its recommendations with hyphenated ids the command line and the JSON
    output share; a page reads them as an instruction. An action this table does not know yet
    is written with spaces for its hyphens.
    """
    return DECISIONS.get(action, action.replace("-", " "))


def install(environment: Environment) -> None:
    """Add the filters to an environment."""
    environment.filters["term"] = term
    environment.filters["money"] = money
    environment.filters["explain"] = explain
    environment.filters["terms"] = terms
    environment.globals["term_memory"] = term_memory
    environment.filters["quantity"] = quantity
    environment.filters["number_value"] = number_value
    environment.filters["file_words"] = file_words
    environment.filters["decision_words"] = decision_words
    environment.globals["plural"] = plural
    environment.globals["issue_name"] = issue_name
    environment.globals["standard_name"] = standard_name
    environment.globals["safeguard_name"] = safeguard_name
    environment.globals["rule_text"] = rule_text
