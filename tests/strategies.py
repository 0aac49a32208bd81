"""Reusable hypothesis generators: small random cases for property tests of the engine.

Values are small integers so sums are exact in floating point and a brute-force reference can be
compared with ``==``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from brightline.case import LoadedCase, parse_case
from brightline.rules import evaluate
from factories import minimal_case, to_yaml

values = st.integers(min_value=-6, max_value=6)


@st.composite
def discrete_issue(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """A discrete issue ``i<index>`` with 1 to 4 options ``o0``... and integer values."""
    count = draw(st.integers(min_value=1, max_value=4))
    return {
        "kind": "discrete",
        "id": f"i{index}",
        "dimension": "terms",
        "options": [
            {"id": f"o{option}", "ours": draw(values), "theirs": draw(values)}
            for option in range(count)
        ],
    }


@st.composite
def numeric_issue(draw: st.DrawFn, index: int) -> dict[str, Any]:
    """A numeric issue ``i<index>`` on a 0..step*k grid with integer linear values."""
    points = draw(st.integers(min_value=1, max_value=4))
    slope_ours = draw(st.integers(min_value=-3, max_value=3))
    slope_theirs = draw(st.integers(min_value=-3, max_value=3))
    top = points - 1
    return {
        "kind": "numeric",
        "id": f"i{index}",
        "dimension": "price",
        "range": {"min": 0, "max": top, "step": 1},
        "ours": [[0, 0], [max(top, 1), slope_ours * max(top, 1)]],
        "theirs": [[0, 0], [max(top, 1), slope_theirs * max(top, 1)]],
    }


@st.composite
def issues(draw: st.DrawFn, max_issues: int = 4) -> list[dict[str, Any]]:
    """One to ``max_issues`` issues, mostly discrete."""
    count = draw(st.integers(min_value=1, max_value=max_issues))
    made = []
    for index in range(count):
        if draw(st.booleans()) and draw(st.booleans()):
            made.append(draw(numeric_issue(index)))
        else:
            made.append(draw(discrete_issue(index)))
    return made


def _choices(issue: dict[str, Any]) -> list[Any]:
    if issue["kind"] == "discrete":
        return [option["id"] for option in issue["options"]]
    return list(range(int(issue["range"]["max"]) + 1))


def _literal(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


@st.composite
def atom(draw: st.DrawFn, issue: dict[str, Any]) -> str:
    """``issue == x``, ``issue != x``, ``issue in [..]``, or an ordering for numeric issues."""
    choices = _choices(issue)
    picked = draw(st.sampled_from(choices))
    forms = ["==", "!=", "in"]
    if issue["kind"] == "numeric":
        forms += ["<=", ">="]
    form = draw(st.sampled_from(forms))
    if form == "in":
        subset = draw(st.lists(st.sampled_from(choices), min_size=1, max_size=3, unique=True))
        return f"{issue['id']} in [{', '.join(_literal(value) for value in subset)}]"
    return f"{issue['id']} {form} {_literal(picked)}"


@st.composite
def rule(draw: st.DrawFn, case_issues: list[dict[str, Any]], cross: bool) -> str:
    """A unary rule, or (with ``cross``) a rule joining two or three issues."""
    if not cross or len(case_issues) < 2:
        issue = draw(st.sampled_from(case_issues))
        return draw(atom(issue))
    joined = draw(st.lists(st.sampled_from(case_issues), min_size=2, max_size=3, unique_by=id))
    parts = [draw(atom(issue)) for issue in joined]
    shape = draw(st.sampled_from(["->", "and", "or"]))
    if shape == "->":
        return f"{parts[0]} -> ({' and '.join(parts[1:])})"
    return f" {shape} ".join(f"({part})" for part in parts)


@st.composite
def case_document(
    draw: st.DrawFn, cross: bool = True, max_issues: int = 4, harms: bool = False
) -> dict[str, Any]:
    """A minimal case with random issues and zero to three standards.

    With ``harms``, one to three harms with random rules, probabilities and impacts, each standard
    protecting a random subset of them; without, no harms.
    """
    document = minimal_case()
    document["issues"] = draw(issues(max_issues))
    count = draw(st.integers(min_value=0, max_value=3))
    document["standards"] = [
        {"id": f"s{index}", "rule": draw(rule(document["issues"], cross))} for index in range(count)
    ]
    document["harms"] = []
    if harms:
        harm_count = draw(st.integers(min_value=1, max_value=3))
        document["harms"] = [
            {
                "id": f"h{index}",
                "description": "generated harm",
                "rule": draw(rule(document["issues"], cross)),
                "probability": draw(st.sampled_from([0.0, 0.25, 0.5, 1.0])),
                "impact": draw(st.integers(min_value=0, max_value=20)),
            }
            for index in range(harm_count)
        ]
        for standard in document["standards"]:
            chosen = draw(st.lists(st.integers(0, harm_count - 1), unique=True, max_size=3))
            standard["protects"] = [f"h{index}" for index in sorted(chosen)]
    document["offers"] = []
    document["reservation"] = {"value": draw(values)}
    document["their_batna"] = {"value": draw(values)}
    return document


def load(document: dict[str, Any]) -> LoadedCase:
    """Parse a generated document the way a case file is loaded."""
    return parse_case(to_yaml(document).encode(), "generated.yaml")


@dataclass(frozen=True)
class BruteForce:
    """Every outcome of a loaded case with its values and compliance, by the reference semantics."""

    outcomes: list[dict[str, Any]]
    ours: list[float]
    theirs: list[float]
    compliant: list[bool]

    def frontier(self, compliant_only: bool) -> set[tuple[float, float]]:
        """Distinct value pairs not weakly dominated by another pair."""
        pairs = {
            (o, t)
            for o, t, ok in zip(self.ours, self.theirs, self.compliant, strict=True)
            if ok or not compliant_only
        }
        return {
            pair
            for pair in pairs
            if not any(
                other != pair and other[0] >= pair[0] and other[1] >= pair[1] for other in pairs
            )
        }


def brute_force(loaded: LoadedCase) -> BruteForce:
    """Enumerate a small case outcome by outcome with :func:`brightline.rules.evaluate`."""
    case = loaded.case
    domains = [issue.values() for issue in case.issues]
    ids = [issue.id for issue in case.issues]
    outcomes, ours, theirs, compliant = [], [], [], []
    for combination in itertools.product(*domains):
        outcome = dict(zip(ids, combination, strict=True))
        outcomes.append(outcome)
        ours.append(sum(case.issue(i).value_to_us(v) for i, v in outcome.items()))
        theirs.append(sum(case.issue(i).value_to_them(v) for i, v in outcome.items()))
        compliant.append(all(evaluate(r, outcome) for r in loaded.standard_rules.values()))
    return BruteForce(outcomes, ours, theirs, compliant)
