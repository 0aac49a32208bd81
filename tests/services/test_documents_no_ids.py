"""Documents name issues, options and standards by their labels, never by the case file's ids.

The golden files pin every document kind of every example as the use case renders it (Markdown,
and a few kinds as PDF and DOCX text); this reads them all and looks for an id a person would
not write: one with an underscore (``full_pack_gate``, ``pilot_then_enterprise``) or an
``issue=value`` pair, the engine's own way of writing an outcome. Ids that are also plain words
(``scope``, ``level``) cannot be told apart from the prose, so they are not looked for; nor is
the row of a bid that could not be read, which quotes the bids file (its column headers and the
values it accepts) so the committee can find the cell.
"""

from __future__ import annotations

import re
from pathlib import Path

from brightline.case.model import DiscreteIssue
from brightline.services.cases import load_case
from conftest import EXAMPLES

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "documents"


def raw_ids(example: Path) -> set[str]:
    """The example's issue, option and standard ids that are not plain words."""
    case = load_case(example).case
    ids = {issue.id for issue in case.issues} | {standard.id for standard in case.standards}
    for issue in case.issues:
        if isinstance(issue, DiscreteIssue):
            ids |= {str(option.id) for option in issue.options}
    return {found for found in ids if "_" in found}


def findings(text: str, ids: set[str], issues: set[str]) -> list[str]:
    """Each raw id (a whole word) and each ``issue=value`` pair in ``text``."""
    found = [
        match.group(0)
        for match in re.finditer(r"(?<![\w-])[a-z][a-z0-9_]*(?![\w-])", text)
        if match.group(0) in ids
    ]
    found += [f"{issue}=" for issue in issues if re.search(rf"\b{re.escape(issue)}=", text)]
    return found


def test_no_document_of_any_example_shows_an_id() -> None:
    read = 0
    for example in sorted(EXAMPLES.glob("*.yaml")):
        case = load_case(example).case
        ids = raw_ids(example)
        issues = {issue.id for issue in case.issues}
        for path in sorted(GOLDEN.glob(f"{example.stem}--*")):
            if path.suffix == ".csv":
                continue  # the bid matrix's CSV keeps machine-readable column values
            read += 1
            text = "\n".join(
                line  # an unreadable bid's row quotes the bids file: its headers and values
                for line in path.read_text(encoding="utf-8").splitlines()
                if "| unreadable |" not in line
            )
            shown = findings(text, ids, issues)
            assert not shown, f"{path.name} shows {sorted(set(shown))}"
    assert read >= 7 * 5


def test_the_finder_finds_an_id_and_an_outcome_pair() -> None:
    ids, issues = {"full_pack_gate", "pilot_then_enterprise"}, {"scope"}
    assert findings("standard 'full_pack_gate' costs", ids, issues) == ["full_pack_gate"]
    assert findings("an outcome scope=pilot_then_enterprise", ids, issues) == [
        "pilot_then_enterprise",
        "scope=",
    ]
    assert not findings("the full pack gate and the scope of the pilot", ids, issues)
