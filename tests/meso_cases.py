"""Small generated cases for the offers tests, and brute-force references to check the solvers."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import strategies as st

from brightline.case.validate import LoadedCase
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
    """Validate a generated case as a case file is validated, skipping the YAML round trip."""
    from strategies import load as validate

    return validate(document)


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


def dominated(first: tuple[float, float], second: tuple[float, float]) -> bool:
    """Whether ``second`` is at least as good as ``first`` for both sides and better for one."""
    slack = 1e-6 * max(1.0, *(abs(value) for value in (*first, *second)))
    up = (second[0] - first[0], second[1] - first[1])
    return up[0] >= -slack and up[1] >= -slack and (up[0] > slack or up[1] > slack)


def brute_force_meso(
    loaded: LoadedCase,
    count: int,
    low: float,
    high: float,
    min_difference: int,
    min_dimensions: int = 1,
) -> tuple[float, ...] | None:
    """Leximin of every valid grid, by listing every subset: the sorted values to them (least
    first) of the grid that maximises them lexicographically; None when no grid is valid.

    Valid: compliant, inside [low, high] to us, pairs differing in ``min_difference`` issues and
    ``min_dimensions`` dimensions, no member dominated by another.
    """
    case = loaded.case
    rows = []
    for values in itertools.product(*(issue.values() for issue in case.issues)):
        outcome = {issue.id: value for issue, value in zip(case.issues, values, strict=True)}
        if not all(evaluate(rule, outcome) for rule in loaded.standard_rules.values()):
            continue
        ours = sum(issue.value_to_us(outcome[issue.id]) for issue in case.issues)
        theirs = sum(issue.value_to_them(outcome[issue.id]) for issue in case.issues)
        if low - 1e-6 <= ours <= high + 1e-6:
            rows.append((values, ours, theirs))
    best: tuple[float, ...] | None = None
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
            and not dominated((x[1], x[2]), (y[1], y[2]))
            and not dominated((y[1], y[2]), (x[1], x[2]))
            for x, y in itertools.combinations(subset, 2)
        ):
            vector = tuple(sorted(theirs for _, _, theirs in subset))
            best = vector if best is None else max(best, vector)
    return best


def better_swaps(
    loaded: LoadedCase,
    offers: list[Any],
    low: float,
    high: float,
    min_difference: int,
    min_dimensions: int = 1,
) -> list[tuple[int, float]]:
    """Offers that one compliant outcome of the band could replace to their gain, keeping every
    rule of the grid with the other offers: (offer position, better value to them). Empty for a
    grid in which each offer is the best for them (the MESO guarantee)."""
    case = loaded.case
    found = []
    candidates = []
    for values in itertools.product(*(issue.values() for issue in case.issues)):
        outcome = {issue.id: value for issue, value in zip(case.issues, values, strict=True)}
        if not all(evaluate(rule, outcome) for rule in loaded.standard_rules.values()):
            continue
        ours = sum(issue.value_to_us(outcome[issue.id]) for issue in case.issues)
        theirs = sum(issue.value_to_them(outcome[issue.id]) for issue in case.issues)
        if low - 1e-6 <= ours <= high + 1e-6:
            candidates.append((outcome, ours, theirs))
    for position, offer in enumerate(offers):
        others = [other for index, other in enumerate(offers) if index != position]
        for outcome, ours, theirs in candidates:
            if theirs <= offer.theirs + 1e-6 * max(1.0, abs(offer.theirs)):
                continue
            if all(
                sum(outcome[key] != other.outcome[key] for key in outcome) >= min_difference
                and len(
                    {
                        issue.dimension
                        for issue in case.issues
                        if outcome[issue.id] != other.outcome[issue.id]
                    }
                )
                >= min_dimensions
                and not dominated((ours, theirs), (other.ours, other.theirs))
                and not dominated((other.ours, other.theirs), (ours, theirs))
                for other in others
            ):
                found.append((position, theirs))
                break
    return found
