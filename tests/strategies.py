"""Reusable hypothesis generators: small random cases for property tests of the engine.

Values are small integers so sums are exact in floating point and a brute-force reference can be
compared with ``==``.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from brightline.case import LoadedCase, SourceMap
from brightline.case.validate import validate_case
from brightline.rules import evaluate
from factories import minimal_case

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
    grid = issue["range"]
    return list(range(int(grid["min"]), int(grid["max"]) + 1, int(grid.get("step", 1))))


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
    """Validate a generated document as a case file is validated, without the YAML round trip.

    Writing and re-reading the YAML cost ~55 ms of CPU per example (ruamel's round-trip reader is
    pure Python), more than most properties themselves; the documents are built in code, so there
    are no line numbers to keep. ``tests/offers/test_strategies.py`` checks that this gives the
    same case as the round trip.
    """
    return validate_case(document, SourceMap("generated.yaml"))


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


# Negotiation cases: what the offer properties (MESO, counters, evaluate) run on.

DIMENSIONS = ("scope", "timing", "verification", "price", "terms")
"""Every dimension an issue can be tagged with, so MESO's spread across dimensions is exercised."""

RESERVATION_POSITIONS = ("below", "inside", "above")
"""Where a generated reservation point sits against the compliant outcomes' values to us: below the
worst of them, between the worst and the best, or above the best (no compliant deal beats walking
away)."""


@st.composite
def negotiation_issue(draw: st.DrawFn, index: int, small: bool) -> dict[str, Any]:
    """A discrete (2-3 options) or numeric (2-4 grid points; 2-3 when ``small``) issue.

    Values to us are whole thousands (currency), values to them whole hundreds, both of either
    sign, so sums stay exact and a value to us of 0 is common (ties are where dominance bugs hide).
    """
    dimension = draw(st.sampled_from(DIMENSIONS))
    ours = st.integers(min_value=-4, max_value=10).map(lambda value: value * 1000)
    theirs = st.integers(min_value=-5, max_value=10).map(lambda value: value * 100)
    if draw(st.integers(min_value=0, max_value=2)) == 0:
        top = draw(st.integers(min_value=1, max_value=2 if small else 3))
        step = draw(st.sampled_from([1, 5, 10]))
        return {
            "kind": "numeric",
            "id": f"n{index}",
            "dimension": dimension,
            "range": {"min": 0, "max": top * step, "step": step},
            "ours": [[0, draw(ours)], [top * step, draw(ours)]],
            "theirs": [[0, draw(theirs)], [top * step, draw(theirs)]],
        }
    return {
        "kind": "discrete",
        "id": f"d{index}",
        "dimension": dimension,
        "options": [
            {"id": f"o{option}", "ours": draw(ours), "theirs": draw(theirs)}
            for option in range(draw(st.integers(min_value=2, max_value=3)))
        ],
    }


@st.composite
def negotiation_case(
    draw: st.DrawFn,
    min_issues: int = 2,
    max_issues: int = 8,
    positions: tuple[str, ...] = RESERVATION_POSITIONS,
) -> dict[str, Any]:
    """A case document of ``min_issues`` to ``max_issues`` issues, discrete and numeric.

    Zero to three standards, each unary or joining two or three issues (``->``, ``and``, ``or``),
    one safeguard each; a reservation point drawn at one of ``positions`` against the compliant
    outcomes (computed with the engine's exact per-component bounds, so an "above" case really has
    no compliant outcome worth the reservation point); an estimate of their alternative; no offers
    (add them in the test). Spaces stay under 7,000 outcomes so brute-force references are cheap.

    The reservation position drawn is kept under ``document["generated"]["reservation"]``; it is
    removed by :func:`load_negotiation_case`, since the case format does not know it.
    """
    count = draw(st.integers(min_value=min_issues, max_value=max_issues))
    document = minimal_case()
    document["issues"] = [draw(negotiation_issue(index, small=count > 4)) for index in range(count)]
    document["harms"] = []
    document["standards"] = [
        {
            "id": f"s{index}",
            "name": f"Standard {index}",
            "rule": draw(rule(document["issues"], cross=draw(st.booleans()))),
            "safeguards": ["attest"],
        }
        for index in range(draw(st.integers(min_value=0, max_value=3)))
    ]
    document["offers"] = []
    position = draw(st.sampled_from(positions))
    worst, best = _compliant_bounds(document)
    if worst is None or best is None:
        reservation = draw(st.integers(min_value=-5, max_value=5)) * 1000
    elif position == "below":
        reservation = worst - draw(st.integers(min_value=1, max_value=5)) * 1000
    elif position == "above":
        reservation = best + draw(st.integers(min_value=1, max_value=5)) * 1000
    else:  # a whole number inside [worst, best] when there is one (int() would cut 333.3 to 333)
        low, high = math.ceil(worst), math.floor(best)
        reservation = draw(st.integers(min_value=low, max_value=high)) if low <= high else worst
    document["reservation"] = {"value": reservation}
    document["their_batna"] = {"value": draw(st.integers(min_value=-10, max_value=30)) * 100}
    document["generated"] = {"reservation": position if worst is not None else "infeasible"}
    return document


def load_negotiation_case(document: dict[str, Any]) -> LoadedCase:
    """Load a :func:`negotiation_case` document (without its ``generated`` notes), as :func:`load`."""
    return load({key: value for key, value in document.items() if key != "generated"})


def _compliant_bounds(document: dict[str, Any]) -> tuple[float | None, float | None]:
    """Least and most value to us of an outcome meeting every standard (None, None if none)."""
    from brightline.engine.space import compile_space
    from brightline.offers.valuation import value_scale

    loaded = load_negotiation_case(
        {**document, "reservation": {"value": 0}, "their_batna": {"value": 0}}
    )
    scale = value_scale(loaded, compile_space(loaded))
    if not scale.feasible:
        return None, None
    return scale.worst, scale.best
