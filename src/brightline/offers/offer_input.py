"""Read an offer to evaluate: ``issue=option,...`` text, or a YAML/JSON document.

Offers come from the other side in their words, so every problem is reported at once, with the
offending value and the closest valid name, instead of stopping at the first.

Offers come in at any number: ``annual_price=20.85`` where the grid steps by 0.5 is read as it is,
valued on the issue's curves and checked against the rules as written (the counters are on the
grid); a number beyond the modelled range (``annual_price=23.4`` where the range ends at 22) is read
too, since the other side may offer it, and valued as at the curve's last point (held flat, not
extrapolated: the case says nothing about values there), which evaluate flags. Refused rather than
guessed: an issue named twice (``residency=eu_only,...,residency=global``: which one did they
offer?) and a YAML boolean where a number is due (``discount: true`` would read as 1).
"""

from __future__ import annotations

import math
from typing import Any

from brightline.amounts import quantity
from brightline.case.model import Case, DiscreteIssue, Issue, OptionValue
from brightline.case.source import Path, SourceMap, load_yaml
from brightline.errors import InputFileError, Problem
from brightline.rules import suggest

OFFER_PARAMETER = "offer"
"""The parameter an offer typed as text comes in: its problems are located there."""


def parse_offer_text(text: str, case: Case) -> dict[str, OptionValue]:
    """Read ``"issue=option,issue=option"``.

    Raises:
        InputFileError: listing every malformed pair, unknown issue or option, and missing issue.
    """
    plain: dict[str, Any] = {}
    problems: list[Problem] = []
    if not text.strip():
        raise InputFileError(
            [
                Problem(
                    OFFER_PARAMETER,
                    0,
                    0,
                    "",
                    "the offer is empty",
                    f"give an offer file, or pairs such as {example_pairs(case)}",
                )
            ],
            parameter=OFFER_PARAMETER,
        )
    for position, part in enumerate(text.split(","), start=1):
        if not part.strip():
            continue
        name, equals, value = part.partition("=")
        if not equals or not name.strip():
            problems.append(
                Problem(
                    OFFER_PARAMETER,
                    0,
                    position,
                    "",
                    f"{part.strip()!r} is not issue=option",
                    f"write pairs such as {example_pairs(case)}",
                )
            )
            continue
        if name.strip() in plain:
            problems.append(
                Problem(
                    OFFER_PARAMETER,
                    0,
                    position,
                    name.strip(),
                    f"{name.strip()!r} is given twice ({plain[name.strip()]!r} and "
                    f"{value.strip()!r})",
                    "give each issue once",
                )
            )
            continue
        plain[name.strip()] = value.strip()
    outcome, more = _coerce(
        plain, case, lambda issue: Problem(OFFER_PARAMETER, 0, 0, issue, "", ""), separator="="
    )
    problems.extend(more)
    if problems:
        raise InputFileError(problems, parameter=OFFER_PARAMETER)
    return outcome


def example_pairs(case: Case) -> str:
    """``issue=option`` pairs for this case's first two issues: a hint that parses as written."""
    return ",".join(f"{issue.id}={_example_value(issue)}" for issue in case.issues[:2])


def _example_value(issue: Issue) -> str:
    """The issue's first grid value as an offer would write it (no thousands separators)."""
    value = issue.values()[0]
    return quantity(float(value)).replace(",", "") if isinstance(value, float) else str(value)


def example_line(case: Case) -> str:
    """``issue: option`` for this case's first issue: a line of an offer file that reads."""
    return example_pairs(case).split(",")[0].replace("=", ": ", 1)


def parse_offer_document(data: bytes, file: str, case: Case) -> dict[str, OptionValue]:
    """Read an offer file: a mapping issue -> option, or a mapping with an ``outcome`` key.

    Raises:
        InputFileError: with every problem located at FILE:LINE:COL.
    """
    if not data.strip():
        raise InputFileError(
            [
                Problem(
                    file,
                    1,
                    1,
                    "",
                    "the offer file is empty",
                    f"write one line per issue, such as `{example_line(case)}`",
                )
            ]
        )
    plain, source = load_yaml(data, file)
    prefix: Path = ()
    if isinstance(plain, dict) and isinstance(plain.get("outcome"), dict):
        plain, prefix = plain["outcome"], ("outcome",)
    if not isinstance(plain, dict):
        raise InputFileError(
            [
                source.problem(
                    (),
                    "an offer is a mapping of issue: option",
                    f"write one line per issue, such as `{example_line(case)}`",
                )
            ]
        )
    outcome, problems = _coerce(plain, case, _locator(source, prefix))
    if problems:
        raise InputFileError(problems)
    return outcome


def _locator(source: SourceMap, prefix: Path) -> Any:
    def locate(issue: str) -> Problem:
        return source.problem((*prefix, issue) if issue else prefix, "", "")

    return locate


def _coerce(
    plain: dict[str, Any], case: Case, where: Any, separator: str = ": "
) -> tuple[dict[str, OptionValue], list[Problem]]:
    """Match names and values to the case's issues; collect problems instead of raising.

    ``separator`` joins an issue and its value in the hints (``=`` on the command line, ``: `` in
    a file), so the pair a hint names reads as written where the offer came from.
    """
    issue_ids = [issue.id for issue in case.issues]
    outcome: dict[str, OptionValue] = {}
    problems: list[Problem] = []

    def problem(issue: str, message: str, hint: str) -> None:
        located: Problem = where(issue)
        problems.append(Problem(located.file, located.line, located.column, issue, message, hint))

    for name, value in plain.items():
        key = str(name)
        if key not in issue_ids:
            problem(key, f"unknown issue {key!r}", suggest(key, issue_ids))
            continue
        issue = case.issue(key)
        if isinstance(issue, DiscreteIssue):
            names = [str(option) for option in issue.values()]
            if str(value) not in names:
                problem(key, f"{key!r} has no option {value!r}", suggest(str(value), names))
                continue
            outcome[key] = issue.values()[names.index(str(value))]
            continue
        if isinstance(value, bool):
            problem(key, f"{key!r} needs a number, got {value!r}", "write a plain number")
            continue
        try:
            number = float(value)
        except (TypeError, ValueError):
            problem(key, f"{key!r} needs a number, got {value!r}", "write a plain number")
            continue
        if not math.isfinite(number):
            problem(key, f"{key!r} needs a finite number, got {value!r}", "write a plain number")
            continue
        outcome[key] = number  # beyond the range too: evaluate values it flat and says so
    missing = [issue_id for issue_id in issue_ids if issue_id not in plain]
    if missing:
        problem(
            "",
            f"the offer does not settle {', '.join(missing)}",
            "give a choice for every issue (ask the other side, or write what their silence "
            f"means), such as `{missing[0]}{separator}"
            f"{_example_value(case.issue(missing[0]))}`",
        )
    return outcome, problems
