"""The merged frontier equals brute force on random small cases, with and without cross-issue rules."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from brightline.engine import (
    compile_space,
    enumerated_frontier,
    merged_frontier,
    pareto_frontier,
    pareto_indices,
)
from brightline.rules import evaluate
from budget import examples
from strategies import brute_force, case_document, load

FAST = examples(60)


def _check(document: dict[str, Any]) -> None:
    loaded = load(document)
    space = compile_space(loaded)
    reference = brute_force(loaded)
    for standards, compliant_only in ((None, True), ([], False)):
        expected = reference.frontier(compliant_only)
        for method in (merged_frontier, enumerated_frontier, pareto_frontier):
            found = method(space, standards)
            pairs = list(zip(found.ours.tolist(), found.theirs.tolist(), strict=True))
            assert set(pairs) == expected, method.__name__
            assert len(pairs) == len(expected)
            assert np.all(np.diff(found.ours) < 0)
            for index, (ours, theirs) in enumerate(pairs):
                outcome = space.outcome(found.choices[index])
                case = loaded.case
                assert sum(case.issue(i).value_to_us(v) for i, v in outcome.items()) == ours
                assert sum(case.issue(i).value_to_them(v) for i, v in outcome.items()) == theirs
                if compliant_only:
                    assert all(evaluate(r, outcome) for r in loaded.standard_rules.values())


@FAST
@given(case_document(cross=False))
def test_frontier_with_unary_rules_equals_brute_force(document: dict[str, Any]) -> None:
    _check(document)


@FAST
@given(case_document(cross=True))
def test_frontier_with_cross_issue_rules_equals_brute_force(document: dict[str, Any]) -> None:
    _check(document)


@examples(100)
@given(st.lists(st.tuples(st.integers(-5, 5), st.integers(-5, 5)), min_size=0, max_size=30))
def test_pareto_indices_keep_exactly_the_undominated_distinct_pairs(
    pairs: list[tuple[int, int]],
) -> None:
    ours = np.array([p[0] for p in pairs], dtype=np.float64)
    theirs = np.array([p[1] for p in pairs], dtype=np.float64)
    kept = [pairs[index] for index in pareto_indices(ours, theirs)]
    expected = {
        p for p in pairs if not any(q != p and q[0] >= p[0] and q[1] >= p[1] for q in pairs)
    }
    assert sorted(kept) == sorted(expected)
    assert len(kept) == len(set(kept))


def test_cross_issue_rule_makes_one_compound_component() -> None:
    from factories import minimal_case

    document = minimal_case()
    document["standards"][0]["rule"] = 'residency == "eu_only" -> discount <= 10'
    document["standards"][0]["protects"] = []
    loaded = load(document)
    space = compile_space(loaded)
    assert [component.issues for component in space.components] == [(0, 1)]
    assert space.components[0].rows == 2 * 5


def test_thirty_issues_of_ten_options_is_fast_and_exact_against_small_merge() -> None:
    # 10^30 outcomes: the merge never enumerates, and agrees with merging the halves differently.
    rng = np.random.default_rng(7)
    from brightline.engine.space import Component, IssueAxis, OutcomeSpace

    axes, components = [], []
    for index in range(30):
        ours = rng.integers(0, 100, 10).astype(np.float64)
        theirs = rng.integers(0, 100, 10).astype(np.float64)
        axes.append(IssueAxis(f"i{index}", tuple(range(10)), ours, theirs))
        components.append(
            Component((index,), np.arange(10)[:, None], ours, theirs, np.ones((10, 0), bool))
        )
    space = OutcomeSpace(tuple(axes), tuple(components), ())
    assert space.size == 10**30
    found = merged_frontier(space, [])
    reversed_space = OutcomeSpace(tuple(axes), tuple(reversed(components)), ())
    again = merged_frontier(reversed_space, [])
    assert found.ours.tolist() == again.ours.tolist()
    assert found.theirs.tolist() == again.theirs.tolist()
    assert found.ours[0] == sum(axis.ours.max() for axis in axes)


@examples(40)
@given(case_document(cross=True))
def test_tiled_merge_equals_brute_force(document: dict[str, Any]) -> None:
    from unittest import mock

    from brightline.engine import frontier as frontier_module

    # Tiny tiles force the pruned, tiled merge even on these small cases.
    with (
        mock.patch.object(frontier_module, "BLOCK_SUMS", 3),
        mock.patch.object(frontier_module, "TILE", 2),
        mock.patch.object(frontier_module, "TILE_BATCH", 1),
        mock.patch.object(frontier_module, "ENUMERATION_LIMIT", 0),
    ):
        _check(document)


def test_tiled_merge_of_long_frontiers_equals_the_full_merge() -> None:
    from unittest import mock

    from brightline.engine import frontier as frontier_module
    from brightline.engine.space import Component, IssueAxis, OutcomeSpace

    rng = np.random.default_rng(11)
    axes, components = [], []
    for index, (count, power) in enumerate([(700, 2.0), (900, 0.5), (300, 1.0)]):
        ours = np.round(rng.random(count) * 1000)
        theirs = np.round((1 - (ours / 1000) ** power) * 1000 + rng.integers(0, 3, count))
        axes.append(IssueAxis(f"i{index}", tuple(range(count)), ours, theirs))
        components.append(
            Component((index,), np.arange(count)[:, None], ours, theirs, np.ones((count, 0), bool))
        )
    space = OutcomeSpace(tuple(axes), tuple(components), ())
    full = merged_frontier(space, [])
    with (
        mock.patch.object(frontier_module, "BLOCK_SUMS", 1000),
        mock.patch.object(frontier_module, "TILE", 16),
        mock.patch.object(frontier_module, "TILE_BATCH", 4),
    ):
        tiled = merged_frontier(space, [])
    assert len(full) > 100
    assert full.ours.tolist() == tiled.ours.tolist()
    assert full.theirs.tolist() == tiled.theirs.tolist()


def _linear_grids(sizes: list[int], slopes: list[tuple[float, float]]) -> Any:
    """Numeric-like issues whose values trade off linearly: every grid point is efficient."""
    from brightline.engine.space import Component, IssueAxis, OutcomeSpace

    axes, components = [], []
    for index, (count, (down, up)) in enumerate(zip(sizes, slopes, strict=True)):
        share = np.linspace(0.0, 1.0, count)
        ours, theirs = -down * share, up * share
        axes.append(IssueAxis(f"grid{index}", tuple(range(count)), ours, theirs))
        components.append(
            Component((index,), np.arange(count)[:, None], ours, theirs, np.ones((count, 0), bool))
        )
    return OutcomeSpace(tuple(axes), tuple(components), ())


def test_a_merge_too_large_is_refused_before_any_tile_is_formed() -> None:
    # Equal slopes put every sum on one line: no tile can be pruned, 6 x 10^8 sums. It used to be
    # refused only after forming half of them (17 s); now the seeds bound the work up front.
    from unittest import mock

    import pytest

    from brightline.engine import frontier as frontier_module
    from brightline.errors import UsageError

    space = _linear_grids([20_001, 30_001], [(1.0, 1.0), (1.0, 1.0)])
    spy = mock.Mock(wraps=frontier_module._merge_tile)
    with (
        mock.patch.object(frontier_module, "_merge_tile", spy),
        pytest.raises(UsageError, match=r"coarser `range.step`") as caught,
    ):
        merged_frontier(space, [])
    assert spy.call_count == 1  # only the first issue's trivial merge with the empty prefix
    assert "600,050,001 partial sums" in str(caught.value)
    assert "grid1" in str(caught.value)


def test_a_large_merge_that_prunes_well_is_not_refused() -> None:
    # Different slopes: the tiles off the two edges are pruned, so the bound stays far below the
    # limit and the 3,001-point frontier is exact (one issue after the other, best ratio first).
    space = _linear_grids([1_001, 2_001], [(1.0, 2.0), (3.0, 1.0)])
    found = merged_frontier(space, [])
    assert len(found) == 3_001
