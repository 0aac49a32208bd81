"""The words a web page uses for what a case holds: labels, never the case file's ids.

The command line's report sections name standards, harms and outcomes by their ids
(``'audit_before_expansion'``, ``residency=eu_only``): the reader there wrote the file. A page
is read by people who know the deal by its names, so every report section a page shows is
relabelled here first: ``issue=value`` becomes ``Issue name: option label`` (as the documents
word it), and any other id of the case (a standard, a harm, a safeguard, a tradeable, an option,
an offer) becomes its name, or its id in words when it has none.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from brightline.case.model import Case
    from brightline.report.document import Block, Section

NUMBER = r"(-?[\d,]+(?:\.\d+)?)"


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
        self._names = names
        ordered = sorted(names, key=len, reverse=True)
        self._pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ordered)) + r")(?![\w-])")
            if ordered
            else None
        )

    def text(self, text: str) -> str:
        """``text`` with its outcomes and ids in the case's names."""
        worded = text
        if "=" in worded:
            for pattern, words in self._outcomes:
                worded = pattern.sub(words, worded)
        if self._pattern is None:
            return worded
        return self._pattern.sub(lambda found: self._names[found.group(1)], worded)

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
