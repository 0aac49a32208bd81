"""Small generated cases for the offers tests, and brute-force references to check the solvers."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

from brightline.case.validate import LoadedCase, parse_case
from brightline.rules import evaluate
from factories import minimal_case

DIMENSIONS = ["scope", "timing", "verification", "price", "terms"]


def lean_case(issues: list[dict[str, Any]], rules: list[str]) -> dict[str, Any]:
    """The minimal case with these issues and standards (no harms, one safeguard)."""
    document = minimal_case()
    document["issues"] = issues
    document["harms"] = []
    document["standards"] = [
        {"id": f"s{index}", "rule": rule, "safeguards": ["attest"], "name": f"Rule {index}"}
        for index, rule in enumerate(rules)
    ]
    document["reservation"] = {"value": 0}
    document["their_batna"] = {"value": -1000}
    return document


def load(document: dict[str, Any]) -> LoadedCase:
    from factories import to_yaml

    return parse_case(to_yaml(document).encode(), "generated.yaml")


@st.composite
def small_cases(draw: st.DrawFn) -> dict[str, Any]:
    """2 to 4 discrete issues of 2 or 3 options, maybe a numeric one, and up to 3 standards."""
    count = draw(st.integers(2, 4))
    issues = []
    for index in range(count):
        options = draw(st.integers(2, 3))
        issues.append(
            {
                "kind": "discrete",
                "id": f"i{index}",
                "dimension": draw(st.sampled_from(DIMENSIONS)),
                "options": [
                    {
                        "id": f"o{option}",
                        "ours": draw(st.integers(0, 10)) * 1000,
                        "theirs": draw(st.integers(-5, 10)) * 100,
                    }
                    for option in range(options)
                ],
            }
        )
    numeric = draw(st.booleans())
    if numeric:
        issues.append(
            {
                "kind": "numeric",
                "id": "n0",
                "dimension": draw(st.sampled_from(DIMENSIONS)),
                "range": {"min": 0, "max": 2, "step": 1},
                "ours": [
                    [0, draw(st.integers(0, 10)) * 1000],
                    [2, draw(st.integers(0, 10)) * 1000],
                ],
                "theirs": [
                    [0, draw(st.integers(-5, 10)) * 100],
                    [2, draw(st.integers(-5, 10)) * 100],
                ],
            }
        )
    rules = []
    if numeric and draw(st.booleans()):
        rules.append("n0 >= 1")
    for _ in range(draw(st.integers(0, 2))):
        first = draw(st.integers(0, count - 1))
        second = draw(st.integers(0, count - 1))
        if first == second or draw(st.booleans()):
            rules.append(f'i{first} != "o0"')
        else:
            rules.append(f'i{first} == "o1" -> i{second} != "o1"')
    return lean_case(issues, rules)


def brute_force_meso(
    loaded: LoadedCase,
    count: int,
    low: float,
    high: float,
    min_difference: int,
    min_dimensions: int = 1,
) -> float | None:
    """Largest least value to them over every valid set, by listing every subset."""
    case = loaded.case
    rows = []
    for values in itertools.product(*(issue.values() for issue in case.issues)):
        outcome = {issue.id: value for issue, value in zip(case.issues, values, strict=True)}
        if not all(evaluate(rule, outcome) for rule in loaded.standard_rules.values()):
            continue
        ours = sum(issue.value_to_us(outcome[issue.id]) for issue in case.issues)
        theirs = sum(issue.value_to_them(outcome[issue.id]) for issue in case.issues)
        if low - 1e-6 <= ours <= high + 1e-6:
            rows.append((values, theirs))
    best: float | None = None
    for subset in itertools.combinations(rows, count):
        if all(
            sum(a != b for a, b in zip(x[0], y[0], strict=True)) >= min_difference
            and len(
                {
                    issue.dimension
                    for issue, a, b in zip(case.issues, x[0], y[0], strict=True)
                    if a != b
                }
            )
            >= min_dimensions
            for x, y in itertools.combinations(subset, 2)
        ):
            least = min(theirs for _, theirs in subset)
            best = least if best is None else max(best, least)
    return best
