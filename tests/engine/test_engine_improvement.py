"""Post-settlement improvement equals brute force: every compliant outcome, listed one by one."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.engine import compile_space, pareto_frontier
from brightline.engine.improvement import GainBasis, post_settlement
from budget import examples
from strategies import BruteForce, brute_force, case_document, load

FAST = examples(30)


def _reference(
    reference: BruteForce, ours: float, theirs: float, basis: GainBasis
) -> tuple[set[tuple[float, float]], float | None, float | None, float | None]:
    """By listing: the undominated compliant pairs strictly better for both, the best joint
    gain, and the most either side could have had without the other losing."""
    noise = 1e-6
    compliant = [
        (o, t)
        for o, t, ok in zip(reference.ours, reference.theirs, reference.compliant, strict=True)
        if ok
    ]
    better = {(o, t) for o, t in compliant if o - ours > noise and t - theirs > noise}
    efficient = {
        pair
        for pair in better
        if not any(
            other != pair and other[0] >= pair[0] and other[1] >= pair[1] for other in better
        )
    }
    best = max((basis.combine(o - ours, t - theirs) for o, t in better), default=None)
    for_us = max((o for o, t in compliant if t >= theirs - noise), default=None)
    for_them = max((t for o, t in compliant if o >= ours - noise), default=None)
    return efficient, best, for_us, for_them


def _check(document: dict[str, Any], pick: int, basis: GainBasis) -> None:
    loaded = load(document)
    reference = brute_force(loaded)
    position = pick % len(reference.ours)
    ours, theirs = reference.ours[position], reference.theirs[position]
    frontier = pareto_frontier(compile_space(loaded))
    found = post_settlement(frontier, ours, theirs, basis)
    efficient, best, for_us, for_them = _reference(reference, ours, theirs, basis)
    assert {(item.ours, item.theirs) for item in found.improvements} == efficient
    assert found.efficient == (not efficient)
    if best is None:
        assert found.best is None
    else:
        assert found.best_improvement is not None
        assert found.best_improvement.joint_gain == pytest.approx(best)
    assert found.most_for_us == for_us
    assert found.most_for_them == for_them
    if reference.compliant[position]:
        assert (found.left_for_us or 0.0) >= 0 and (found.left_for_them or 0.0) >= 0
    for item in found.improvements:
        assert item.gain_ours > 0 and item.gain_theirs > 0
        assert np.array_equal(item.choices, frontier.choices[item.point])


@FAST
@given(case_document(cross=True), st.integers(0, 10_000), st.sampled_from(list(GainBasis)))
def test_improvements_equal_brute_force(
    document: dict[str, Any], pick: int, basis: GainBasis
) -> None:
    _check(document, pick, basis)


def test_a_deal_on_the_frontier_is_efficient_and_one_below_it_is_not() -> None:
    from factories import minimal_case

    loaded = load(minimal_case())
    frontier = pareto_frontier(compile_space(loaded))
    top = post_settlement(
        frontier, float(frontier.ours[0]), float(frontier.theirs[0]), GainBasis.JOINT
    )
    assert top.efficient and top.best is None and top.left_for_us == 0.0
    lower = post_settlement(
        frontier,
        float(frontier.ours[-1]) - 10.0,
        float(frontier.theirs[-1]) - 10.0,
        GainBasis.JOINT,
    )
    assert not lower.efficient and lower.best_improvement is not None
    assert lower.best_improvement.gain_ours > 0 and lower.best_improvement.gain_theirs > 0
    assert lower.joint_loss == pytest.approx(20.0)


def test_the_product_basis_ignores_a_change_of_unit() -> None:
    from factories import minimal_case

    frontier = pareto_frontier(compile_space(load(minimal_case())))
    found = post_settlement(frontier, -25000.0, -5.0, GainBasis.PRODUCT)
    assert found.best_joint is None and found.joint_loss is None
    scaled = type(frontier)(frontier.ours, frontier.theirs * 1000, frontier.choices)
    rescaled = post_settlement(scaled, -25000.0, -5000.0, GainBasis.PRODUCT)
    assert found.best_improvement is not None and rescaled.best_improvement is not None
    assert found.best_improvement.point == rescaled.best_improvement.point
