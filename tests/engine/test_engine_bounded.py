"""Bounded cost on the grids people type: a price from 0 to 100,000 in steps of 1.

The frontier of such cases is exact (straight runs merge without forming every sum); searches
that cannot take every grid point (MESO, counters) run on a bounded space that keeps every bend
and threshold, say so, and state their gap against the exact frontier.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from brightline.case import parse_case
from brightline.case.model import interpolate
from brightline.engine.frontier import merged_frontier, pareto_frontier
from brightline.engine.space import (
    Component,
    IssueAxis,
    OutcomeSpace,
    compile_space,
    enumerate_outcomes,
    interpolated,
)
from brightline.engine.thinning import MAX_SEARCH_OPTIONS, best_theirs_from, thin_space
from budget import examples
from conftest import EXAMPLES

PRICE = {
    "kind": "numeric",
    "id": "price",
    "name": "Annual price",
    "dimension": "price",
    "priority": "medium",
    "range": {"min": 0, "max": 100_000, "step": 1, "unit": "EUR"},
    "ours": [[0, -90_000], [100_000, 90_000]],
    "theirs": [[0, 90_000], [100_000, -90_000]],
}


def price_case(issues: int, bend: bool = False) -> dict[str, Any]:
    """The SaaS example with its discount replaced by ``issues`` price grids of 100,001 points."""
    document = YAML(typ="safe").load((EXAMPLES / "saas-data-residency.yaml").read_text("utf-8"))
    grids = []
    for index in range(issues):
        grid = json.loads(json.dumps(PRICE))
        grid["id"] = "price" if index == 0 else f"fee{index}"
        grid["dimension"] = "price" if index == 0 else "terms"
        if bend and index == 0:
            grid["ours"] = [[0, -90_000], [30_000, 0], [100_000, 90_000]]
        grids.append(grid)
    position = next(i for i, issue in enumerate(document["issues"]) if issue["id"] == "discount")
    document["issues"][position : position + 1] = grids
    for offer in document.get("offers", []):
        offer["outcome"].pop("discount", None)
        offer["outcome"].update({grid["id"]: 40_000 for grid in grids})
    return document


def write_case(tmp_path: Path, document: dict[str, Any], name: str = "price.yaml") -> Path:
    stream = io.StringIO()
    YAML().dump(document, stream)
    path = tmp_path / name
    path.write_text(stream.getvalue(), encoding="utf-8")
    return path


def load(document: dict[str, Any]) -> Any:
    stream = io.StringIO()
    YAML().dump(document, stream)
    return parse_case(stream.getvalue().encode(), "price.yaml")


curves = st.lists(
    st.tuples(
        st.integers(min_value=-50, max_value=50).map(float),
        st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    ),
    min_size=1,
    max_size=5,
).map(sorted)


@examples(60)
@given(curves, st.lists(st.floats(min_value=-60, max_value=60), min_size=1, max_size=30))
def test_vector_interpolation_equals_the_case_model_bit_for_bit(
    curve: list[tuple[float, float]], points: list[float]
) -> None:
    at = np.array(sorted(points + [x for x, _ in curve]), dtype=np.float64)
    expected = [interpolate(curve, float(point)) for point in at]
    assert interpolated(curve, at).tolist() == expected


def _linear(sizes: list[int], steps: list[tuple[float, float]]) -> OutcomeSpace:
    axes, components = [], []
    for index, (count, (down, up)) in enumerate(zip(sizes, steps, strict=True)):
        position = np.arange(count, dtype=np.float64)
        ours, theirs = -down * position, up * position
        axes.append(IssueAxis(f"g{index}", tuple(range(count)), ours, theirs, True))
        components.append(
            Component((index,), np.arange(count)[:, None], ours, theirs, np.ones((count, 0), bool))
        )
    return OutcomeSpace(tuple(axes), tuple(components), ())


def test_straight_runs_merge_exactly_without_every_sum() -> None:
    from unittest import mock

    from brightline.engine import frontier as frontier_module

    # Equal steps: every sum with the same position total coincides. With forming every sum
    # forced (no run merge), the reference; the run merge must give the same points.
    space = _linear([1_501, 2_001, 3], [(1.8, 1.8), (1.8, 1.8), (5.0, 1.0)])
    with mock.patch.object(frontier_module, "_run_merge", lambda *args: None):
        reference = merged_frontier(space, [])
    with mock.patch.object(frontier_module, "BLOCK_SUMS", 50):
        straight = merged_frontier(space, [])
    # The same value pairs; a pair reached by several outcomes may be summed in another order.
    assert len(straight) == len(reference)
    assert np.allclose(straight.ours, reference.ours, rtol=0, atol=1e-9)
    assert np.allclose(straight.theirs, reference.theirs, rtol=0, atol=1e-9)
    sums_ours = sum(space.issues[i].ours[straight.choices[:, i]] for i in range(3))
    assert np.allclose(sums_ours, straight.ours, rtol=0, atol=1e-9)


def test_two_price_grids_of_100001_points_have_their_exact_frontier() -> None:
    space = _linear([100_001, 100_001], [(1.8, 1.8), (1.8, 1.8)])
    found = merged_frontier(space, [])
    assert len(found) == 200_001  # one point per position total, every one efficient
    assert found.ours[0] == 0.0 and found.theirs[-1] == pytest.approx(1.8 * 200_000)


def test_runs_with_unequal_steps_fall_back_and_long_ones_are_refused() -> None:
    from brightline.errors import UsageError

    space = _linear([30_001, 40_001], [(1.0, 1.0), (math.sqrt(2), math.sqrt(2))])
    with pytest.raises(UsageError, match=r"coarser `range.step`"):
        merged_frontier(space, [])


def test_thinned_space_keeps_bends_thresholds_ends_and_exact_extremes() -> None:
    document = price_case(1, bend=True)
    document["standards"].append(
        {
            **document["standards"][0],
            "id": "price_floor",
            "name": "Price floor",
            "rule": "price >= 12345",
            "protects": [],
            "safeguards": [],
        }
    )
    loaded = load(document)
    space = compile_space(loaded)
    bounded = thin_space(space)
    assert not bounded.exact
    (price,) = bounded.issues
    values = [float(v) for v in bounded.space.issues[3].values]
    assert {0.0, 30_000.0, 12_344.0, 12_345.0, 100_000.0} <= set(values)
    assert price.kept <= MAX_SEARCH_OPTIONS + 4 and price.options == 100_001
    assert "price on" in bounded.describe() and "EUR apart" in bounded.describe()
    # Extremes over compliant outcomes are the same on the bounded space as on the full one.
    full, small = pareto_frontier(space), pareto_frontier(bounded.space)
    assert full.ours.max() == small.ours.max() and full.theirs.max() == small.theirs.max()
    listed = enumerate_outcomes(bounded.space)
    compliant = listed.compliant
    assert listed.ours[compliant].min() == pytest.approx(_worst_compliant(space), abs=1e-6)
    # Indices map back and forth.
    mapped = bounded.to_full(small.choices)
    assert [space.outcome(row) for row in mapped] == [
        bounded.space.outcome(row) for row in small.choices
    ]
    assert (bounded.to_bounded(mapped) == small.choices).all()


def _worst_compliant(space: OutcomeSpace) -> float:
    total = 0.0
    for component in space.components:
        total += float(component.ours[component.allowed(None)].min())
    return total


def test_small_spaces_are_not_thinned() -> None:
    loaded = parse_case((EXAMPLES / "saas-data-residency.yaml").read_bytes(), "saas.yaml")
    assert thin_space(compile_space(loaded)).exact


def test_best_theirs_bound_is_exact_on_a_small_space() -> None:
    loaded = parse_case((EXAMPLES / "saas-data-residency.yaml").read_bytes(), "saas.yaml")
    space = compile_space(loaded)
    listed = enumerate_outcomes(space)
    for floor in (0.0, 200_000.0, 300_000.0):
        reaching = listed.compliant & (listed.ours >= floor)
        assert best_theirs_from(space, floor) == pytest.approx(listed.theirs[reaching].max())


def test_one_price_grid_runs_every_command(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = write_case(tmp_path, price_case(1))
    sweep = cli("sweep", str(path), "--format", "json")
    assert sweep.exit_code == 0, sweep.output
    found = json.loads(sweep.stdout)
    # A linear price: every grid point is efficient; the listing is thinned and says how.
    assert found["frontier_listing"] == {"points": 100_001, "listed": 2_001, "every": 50}
    assert len(found["frontier"]) == 2_001
    ends = found["frontier"][0]["outcome"]["price"], found["frontier"][-1]["outcome"]["price"]
    assert ends == (100_000, 0)
    assert found["max_joint"]["ours"] + found["max_joint"]["theirs"] == pytest.approx(615_000)
    _meso_states_its_search(cli, path)
    terms = "residency=global,scope=enterprise,audit=none,start_week=2,price=40000"
    evaluated = cli("evaluate", str(path), "--offer", terms, "--format", "json")
    assert evaluated.exit_code == 0, evaluated.output
    document = json.loads(evaluated.stdout)
    assert document["counters"], document
    plan = cli("plan", str(path))
    assert plan.exit_code in (0, 1), plan.output
    assert "100,001 efficient compliant outcomes" in plan.stdout


def test_two_price_grids_sweep_and_meso(cli: Callable[..., Any], tmp_path: Path) -> None:
    path = write_case(tmp_path, price_case(2))
    sweep = cli("sweep", str(path))
    assert sweep.exit_code == 0, sweep.output
    assert "200,001 efficient compliant outcomes" in sweep.stdout
    assert "The table shows 12 of the 200,001" in sweep.stdout
    _meso_states_its_search(cli, path)


def _meso_states_its_search(cli: Callable[..., Any], path: Path) -> None:
    meso = cli("meso", str(path), "--format", "json")
    assert meso.exit_code == 0, meso.output
    grid = json.loads(meso.stdout)
    assert grid["offers"] and grid["gap"] is not None and 0 <= grid["gap"] < 0.1
    assert any("grid points, at most" in note for note in grid["notes"])
