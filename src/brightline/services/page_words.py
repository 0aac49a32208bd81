"""The words a web page uses for what a case holds: labels, never the case file's ids.

The command line's report sections name standards, harms and outcomes by their ids
(``'audit_before_expansion'``, ``residency=eu_only``): the reader there wrote the file. A page
is read by people who know the deal by its names, so every report section a page shows is
relabelled here first: ``issue=value`` becomes ``Issue name: option label`` (as the documents
word it), and any other id of the case (a standard, a harm, a safeguard, a tradeable, an option,
an offer) becomes its name, or its id in words when it has none. A field of the case file named
by its path (``their_batna.value``, ``economics.delay_weeks``: the report tells the CLI's reader
what to set) becomes the form's words for it (``Their BATNA (our estimate) › Value``), and a
value of a closed set with an underscore (a signal's ``costly_signal``, a decision's
``narrow_deal``) is written in words.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brightline.case.model import Case
    from brightline.report.document import Block, Section

NUMBER = r"(-?[\d,]+(?:\.\d+)?)"

SYMBOLS = {"q_prec": "q (precedent)"}
"""The economics table's symbols with an underscore, as a page writes them."""

FILE_SUFFIXES = frozenset({"yaml", "yml", "csv", "xlsx", "xlsm", "json", "md", "pdf", "docx"})
"""Endings that make ``offers.yaml`` a file name rather than a field path."""

FIELD_SEPARATOR = " › "
"""Between the parts of a field's name in words (``Their BATNA (our estimate) › Value``)."""


def closed_set_words() -> dict[str, str]:
    """The values of the closed sets a page shows that have an underscore, in words."""
    from brightline.playbook.record import DecisionKind, SignalType

    return {
        item.value: item.value.replace("_", " ")
        for kind in (SignalType, DecisionKind)
        for item in kind
        if "_" in item.value
    }


def field_words(
    case: Case | Mapping[str, Any], path: tuple[str | int, ...] | list[str | int]
) -> str:
    """A field of the case file as the forms name it: ``Standards › EU residency › Evidence``.

    Each key by its form label, and each item of a list by its name (or its place, ``#2``,
    when it has none), so the reader finds the field on the form without reading YAML.
    ``case`` may be a case or plain case data (a form's unsaved submission).
    """
    from brightline.report.labels import spaced
    from brightline.services.case_forms import label_of

    words: list[str] = []
    data: Any = case if isinstance(case, Mapping) else case.model_dump(mode="python")
    for part in path:
        if isinstance(part, int):
            entry = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
            name = f"#{part + 1}"
            if isinstance(entry, dict):
                shown = entry.get("name") or entry.get("label")
                identifier = entry.get("id")
                if isinstance(shown, str) and shown.strip():
                    name = shown
                elif isinstance(identifier, str) and identifier.strip():
                    name = spaced(identifier)
            words.append(name)
            data = entry
            continue
        words.append(label_of(part))
        data = data.get(part) if isinstance(data, dict) else None
    return FIELD_SEPARATOR.join(words)


def parse_field_path(text: str) -> tuple[str | int, ...]:
    """``standards[0].evidence`` as a path (``("standards", 0, "evidence")``)."""
    parts: list[str | int] = []
    for piece in re.findall(r"[^.\[\]]+|\[\d+\]", text):
        parts.append(int(piece[1:-1]) if piece.startswith("[") else piece)
    return tuple(parts)


class PageWords:
    """Rewrites engine text in the labels of one case (built once per case content)."""

    def __init__(self, case: Case) -> None:
        from brightline.report.labels import spaced

        self._case = case
        self._outcomes = list(_outcome_patterns(case))
        names: dict[str, str] = {}
        for identifier, name in _named(case):
            if "_" in identifier and identifier not in names:
                names[identifier] = name.strip() or spaced(identifier)
        for value, words in (*closed_set_words().items(), *SYMBOLS.items(), *_top_fields()):
            names.setdefault(value, words)
        self._names = names
        self._fields = _field_pattern()
        ordered = sorted(names, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ordered)) + r")(?![\w-])")
            if ordered
            else None
        )

    def text(self, text: str) -> str:
        """``text`` with its outcomes and ids in the case's names."""
        worded = text
        if "." in worded:
            worded = self._fields.sub(self._field, worded)
        if "=" in worded:
            for pattern, words in self._outcomes:
                worded = pattern.sub(words, worded)
        if self._pattern is None:
            return worded
        return self._pattern.sub(lambda found: self._names[found.group(1)], worded)

    def _field(self, found: re.Match[str]) -> str:
        path = parse_field_path(found.group(1))
        if str(path[-1]).lower() in FILE_SUFFIXES:  # a file name (offers.yaml), not a field
            return found.group(0)
        words = field_words(self._case, path)
        sibling = found.group(2)
        if sibling is None:
            return words
        return f"{words} and {field_words(self._case, (*path[:-1], sibling))}"

    def section(self, part: Section) -> Section:
        """The section with every text of every block relabelled."""
        return dataclasses.replace(part, blocks=tuple(self._block(block) for block in part.blocks))

    def _block(self, block: Block) -> Block:
        from brightline.report.document import Bullets, Figure, Numbered, Paragraph, Quote, Table

        if isinstance(block, Paragraph | Quote):
            return dataclasses.replace(block, text=self.text(block.text))
        if isinstance(block, Bullets | Numbered):
            return dataclasses.replace(block, items=tuple(map(self.text, block.items)))
        if isinstance(block, Table):
            rows = tuple(tuple(self.text(str(cell)) for cell in row) for row in block.rows)
            return dataclasses.replace(block, rows=rows)
        if isinstance(block, Figure):
            return dataclasses.replace(block, caption=self.text(block.caption))
        return block  # pragma: no cover - the block kinds are closed


def _top_fields() -> Iterator[tuple[str, str]]:
    """The case file's top-level parts with an underscore (``their_batna``), in form words."""
    from brightline.case.model import Case
    from brightline.services.case_forms import label_of

    for name in Case.model_fields:
        if "_" in name:
            yield name, label_of(name)


def _field_pattern() -> re.Pattern[str]:
    """A field path of the case file (``economics.delay_weeks``, ``standards[0].rule``).

    It starts with a top-level field of the case model and has at least one more part; ``and``
    and a field name after it (``economics.delay_weeks and cost_per_week``) is a second field
    of the same part.
    """
    from brightline.case.model import Case

    tops = "|".join(sorted(map(re.escape, Case.model_fields), key=len, reverse=True))
    name = r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*"
    path = rf"(?:{tops})(?:\[\d+\])*(?:\.{name}(?:\[\d+\])*)+"
    return re.compile(rf"(?<![\w.])({path})(?: and ({name}_{name}))?(?![\w(])")


def _outcome_patterns(case: Case) -> Iterator[tuple[re.Pattern[str], Any]]:
    """For each issue, the engine's ``issue=value`` and how to word it (``Issue: label``)."""
    from brightline.case.model import DiscreteIssue
    from brightline.report.labels import issue_label, option_label

    for issue in case.issues:
        name = issue_label(case, issue.id)
        start = rf"(?<![\w-]){re.escape(issue.id)}="
        if isinstance(issue, DiscreteIssue):
            yield (
                # Any option the engine names, a contingent one too (``label_of`` knows both).
                re.compile(rf"{start}([\w-]+(?:\.\d+)?)"),
                lambda found, issue_id=issue.id, name=name: (
                    f"{name}: {option_label(case, issue_id, found.group(1))}"
                ),
            )
        else:
            unit = re.escape(issue.range.unit)
            # A unit after the number (``26 weeks``), or before it (``level 3``), or none.
            value = rf"(?:{unit} ?)?{NUMBER}(?: ?{unit})?" if unit else NUMBER

            def numeric(found: re.Match[str], issue_id: str = issue.id, name: str = name) -> str:
                value = float(found.group(1).replace(",", ""))
                return f"{name}: {option_label(case, issue_id, value)}"

            yield re.compile(rf"{start}{value}"), numeric


def _named(case: Case) -> Iterator[tuple[str, str]]:
    """(id, name) of every part of the case that has an id; options by their labels."""
    from brightline.case.model import DiscreteIssue
    from brightline.report.labels import issue_label, option_label

    for issue in case.issues:
        yield issue.id, issue_label(case, issue.id)
        if isinstance(issue, DiscreteIssue):
            for option in issue.options:
                yield str(option.id), option_label(case, issue.id, option.id)
    document = case.model_dump(mode="python")
    yield from _ids_in(document)


def _ids_in(value: Any) -> Iterator[tuple[str, str]]:
    """Every mapping's ``id`` in ``value`` with the name it carries (``name``, else ``label``)."""
    if isinstance(value, dict):
        identifier = value.get("id")
        if isinstance(identifier, str):
            name = value.get("name") or value.get("label") or ""
            yield identifier, name if isinstance(name, str) else ""
        for item in value.values():
            yield from _ids_in(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _ids_in(item)
