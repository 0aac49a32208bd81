"""The polars evaluation of a clean table gives the numpy evaluation's results, to the last bit.

:mod:`brightline.offers.bids_frame` scores, knocks out and ranks a table read by polars' typed
pass inside polars. Its value curves must equal ``np.interp`` bit for bit (bar the sign of a
zero, which the score normalises as numpy's sum does), its rules must agree with
``rule_holds``, its ranking with the stable sort, and whatever it cannot do exactly (a step in a
curve, a number outside the range) must go to numpy.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import polars as pl
import pytest

from brightline.offers import bids_frame
from brightline.offers.bids import BidsResult, evaluate_bids
from brightline.offers.bids_reading import read_bids
from factories import minimal_case
from meso_cases import load


def test_value_curves_are_np_interp_to_the_last_bit() -> None:
    rng = np.random.default_rng(4)
    for _ in range(60):
        count = int(rng.integers(1, 6))
        xs = np.unique(np.round(rng.uniform(-50, 150, 40), int(rng.integers(0, 4))))[:count]
        ys = np.round(rng.normal(size=xs.shape[0]) * rng.choice([1, 1e3, 1e6]), 3)
        values = np.concatenate(
            [
                np.round(rng.uniform(-80, 200, 3000), int(rng.integers(0, 4))),
                xs,
                np.nextafter(xs, np.inf),
                np.nextafter(xs, -np.inf),
            ]
        )
        anchors = [(x, y) for x, y in zip(xs, ys, strict=True)]
        _same_as_interp(bids_frame.value_curve(pl.col("x"), anchors), values, xs, ys)
        # Within a range (the issue's, checked by the reader), from anywhere around the anchors
        # to anywhere, ends and anchors included: fewer branches, the same numbers.
        low, high = np.sort(rng.choice(np.concatenate([xs, rng.uniform(-80, 200, 4)]), 2))
        inside = values[(values >= low) & (values <= high)]
        inside = np.concatenate([inside, [low, high]])
        curve = bids_frame.value_curve(pl.col("x"), anchors, (float(low), float(high)))
        _same_as_interp(curve, inside, xs, ys)


def _same_as_interp(curve: Any, values: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> None:
    found = pl.DataFrame({"x": values}).select(curve).to_series().to_numpy()
    assert found.shape == values.shape
    expected = np.interp(values, xs, ys)
    np.testing.assert_array_equal(found, expected)  # equal as numbers (0.0 == -0.0)
    nonzero = expected != 0
    assert (found[nonzero].view(np.int64) == expected[nonzero].view(np.int64)).all()


def test_a_curve_within_a_range_leaves_out_the_branches_no_value_takes() -> None:
    anchors = [(0.0, 0.0), (50.0, 40_000.0), (100.0, 100_000.0)]
    whole = str(bids_frame.value_curve(pl.col("x"), anchors))
    inside = str(bids_frame.value_curve(pl.col("x"), anchors, (0.0, 100.0)))
    below = str(bids_frame.value_curve(pl.col("x"), anchors, (0.0, 40.0)))
    # The last segment's formula gives 100,000 at x = 100 exactly: no test for the last anchor;
    # the first segment starts at (0, 0): no subtraction or addition of a zero.
    assert whole.count("when") == 3 and inside.count("when") == 1
    assert inside.count(") - (") == 1 and inside.count(") + (") == 1  # the second segment's
    assert "when" not in below  # one segment, no test at all
    # (10 - 3) * (0.1 - 1) / 7 + 1 is 0.09999999999999987, not 0.1: the last anchor keeps its test.
    rounded = [(0.0, 0.0), (3.0, 1.0), (10.0, 0.1)]
    assert str(bids_frame.value_curve(pl.col("x"), rounded, (0.0, 10.0))).count("when") == 2


def test_a_step_in_a_curve_is_left_to_numpy() -> None:
    assert bids_frame.value_curve(pl.col("x"), [(0.0, 0.0), (5.0, 1.0), (5.0, 2.0)]) is None


RULES = [
    'residency == "eu_only"',
    "discount <= 15 or delivery < 4",
    "not (delivery in [2, 3.5, 8])",
    'delivery >= 6 -> residency != "global"',
    "discount not in [0, 20] and support != 3",
    "support == 0 or support > 2.5",
]


def _case(rules: list[str], steps: bool = False, reservation: bool = True) -> Any:
    document = minimal_case()
    if not reservation:
        document.pop("reservation", None)
    document["case"]["context"] = "procurement"
    document["issues"].append(
        {
            "kind": "numeric",
            "id": "delivery",
            "dimension": "timing",
            "range": {"min": 0, "max": 8, "step": 0.5, "unit": "weeks"},
            "ours": [[0, 0], [2, -1000.5], [2, -1500], [8, -16000.25]]
            if steps
            else [[0, 0], [2, -1000.5], [8, -16000.25]],
            "theirs": [[0, 0], [8, 8000]],
        }
    )
    document["issues"].append(
        {
            "kind": "numeric",
            "id": "support",
            "dimension": "terms",
            "range": {"min": 0, "max": 5, "step": 1},
            "ours": [[-1, 300], [0, 0.1], [5, -7.7]],
            "theirs": [[0, 0], [5, 1]],
        }
    )
    template = document["standards"][0]
    document["standards"] = [
        {**template, "id": f"must{index}", "rule": rule} for index, rule in enumerate(rules)
    ]
    document["bids"] = {"criteria": [{"column": "extra", "weight": -0.3}]}
    return load(document)


def _table(rows: int, seed: int, outside: bool = False) -> bytes:
    rng = np.random.default_rng(seed)
    cells = [
        ["eu_only", "global"],
        ["0", "-0", "5", "7.25", "15", "20", "19.99"],
        ["0", "2", "3.5", "4", "6.25", "8", "1.999"],
        ["0", "1", "2.5", "3", "5"],
        ["0", "-0", "1", "12.5", "3"],
    ]
    columns = [[f"Bidder {index}" for index in range(rows)]]
    columns += [
        np.array(choices)[rng.integers(0, len(choices), rows)].tolist() for choices in cells
    ]
    lines = ["bidder,residency,discount,delivery,support,extra"]
    lines += [",".join(row) for row in zip(*columns, strict=True)]
    if outside:
        lines.append("Far away,eu_only,5,9,1,0")
    return ("\n".join(lines) + "\n").encode()


def _both(
    loaded: Any, data: bytes, monkeypatch: pytest.MonkeyPatch
) -> tuple[BidsResult, BidsResult]:
    mapping, table = read_bids(loaded, data, "bids.csv")
    fast = evaluate_bids(loaded, mapping, table)
    with monkeypatch.context() as patch:
        patch.setattr(bids_frame, "evaluate_frame", lambda *arguments: None)
        mapping, table = read_bids(loaded, data, "bids.csv")
        slow = evaluate_bids(loaded, mapping, table)
    return fast, slow


def _same(fast: BidsResult, slow: BidsResult) -> None:
    # The ranked bids' scores come from polars; the others are scored by numpy when asked for.
    assert fast.scores[fast.ranked].tobytes() == slow.scores[slow.ranked].tobytes()
    # bit for bit, NaN and zeros too
    assert np.asarray(fast.scores).tobytes() == np.asarray(slow.scores).tobytes()
    np.testing.assert_array_equal(fast.failing, slow.failing)
    assert fast.ranked.dtype == slow.ranked.dtype == np.int64
    assert fast.ranked.tolist() == slow.ranked.tolist()
    assert fast.knocked_out.tolist() == slow.knocked_out.tolist()
    assert fast.recommendation == slow.recommendation


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_knocks_out_the_bids_numpy_knocks_out(
    rule: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _case([rule])
    fast, slow = _both(loaded, _table(400, seed=len(rule)), monkeypatch)
    assert fast.table.frame is not None  # the polars evaluation ran
    assert 0 < fast.knocked_out.shape[0] < 400
    _same(fast, slow)


def test_scores_rules_and_ties_agree_on_a_large_table(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = _case(RULES[:3])
    fast, slow = _both(loaded, _table(20_000, seed=9), monkeypatch)
    scores = fast.scores[fast.ranked]
    assert (scores[1:] == scores[:-1]).sum() > 1000  # many ties, kept in row order
    _same(fast, slow)


def test_a_step_curve_or_a_number_out_of_range_is_evaluated_by_numpy(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded = _case(RULES[:2], steps=True)
    mapping, table = read_bids(loaded, _table(300, seed=2), "bids.csv")
    assert table.frame is not None and bids_frame.evaluate_frame(loaded, mapping, table) is None
    _same(*_both(loaded, _table(300, seed=2), monkeypatch))
    loaded = _case(RULES[:2])
    mapping, table = read_bids(loaded, _table(300, seed=2, outside=True), "bids.csv")
    assert table.frame is None and table.bad.sum() == 1
    assert "outside the range" in table.errors[0].message
    _same(*_both(loaded, _table(300, seed=2, outside=True), monkeypatch))


def test_numpy_columns_are_made_only_when_asked_for() -> None:
    loaded = _case(RULES[:2])
    mapping, table = read_bids(loaded, _table(50, seed=1), "bids.csv")
    result = evaluate_bids(loaded, mapping, table)
    assert isinstance(table.numbers, bids_frame.FrameColumns)
    assert table.numbers.made() == ()
    breakdown = result.breakdown(int(result.ranked[0]))
    assert set(breakdown) == {"residency", "discount", "delivery", "support", "extra"}
    assert set(table.numbers.made()) == {"discount", "delivery", "support", "extra"}


def test_only_the_bids_that_pass_are_scored_until_another_score_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded = _case(RULES[:3])
    fast, slow = _both(loaded, _table(600, seed=5), monkeypatch)
    assert fast.knocked_out.shape[0] > 0
    assert not fast.scores.complete()  # the knocked-out bids are not scored yet
    assert float(fast.scores[fast.ranked[0]]) == float(slow.scores[slow.ranked[0]])
    assert not fast.scores.complete()  # a ranked bid's score is known already
    knocked = fast.knocked_out
    assert fast.scores[knocked].tobytes() == slow.scores[knocked].tobytes()
    assert fast.scores.complete()  # every other row scored at once, as numpy scores them


def test_the_ranking_keeps_its_scores_and_no_row_is_scored_twice(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded = _case(RULES[:3])
    fast, slow = _both(loaded, _table(600, seed=5), monkeypatch)
    # The ranked scores are handed back as polars computed them, not gathered again per call.
    assert fast.scores[fast.ranked] is fast.scores[fast.ranked]
    assert fast.scores[fast.ranked].tobytes() == slow.scores[slow.ranked].tobytes()
    assert float(fast.scores[int(fast.ranked[0])]) == float(slow.scores[slow.ranked[0]])
    assert len(fast.scores) == 600 and not fast.scores.complete()
    # Any other row makes the whole array once; the ranked rows keep their scores in it.
    assert fast.scores[fast.ranked[1:3]].tobytes() == slow.scores[slow.ranked[1:3]].tobytes()
    assert np.asarray(fast.scores).tobytes() == np.asarray(slow.scores).tobytes()
    assert fast.scores.complete()


def test_scores_are_complete_at_once_when_every_bid_is_ranked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded = _case([])
    fast, slow = _both(loaded, _table(50, seed=3), monkeypatch)
    assert fast.ranked.shape[0] == 50 and fast.scores.complete()
    assert np.asarray(fast.scores).tobytes() == np.asarray(slow.scores).tobytes()


def test_knock_outs_are_worked_out_when_first_asked_for(monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = _case(RULES[:3], reservation=False)
    fast, slow = _both(loaded, _table(600, seed=7), monkeypatch)
    assert fast.recommendation["action"] == "two-stage-award"
    assert slow.knock_outs.known()  # the numpy evaluation computes them with the scores
    assert not fast.knock_outs.known()  # the ranking did not need them
    summary = fast.summary()
    assert not fast.knock_outs.known()  # nor do the counts: each readable bid passes or not
    assert summary == slow.summary() and summary.knocked_out > 0
    assert fast.knocked_out.tolist() == slow.knocked_out.tolist()
    assert fast.knock_outs.known()
    np.testing.assert_array_equal(fast.failing, slow.failing)
    # Compliant bids all under the reservation point: a best and final round, which needs no
    # count of who failed what, so the matrix is still not made.
    fast, slow = _both(_case(RULES[:3]), _table(600, seed=7), monkeypatch)
    assert fast.recommendation["action"] == "best-and-final" and not fast.knock_outs.known()
    assert fast.recommendation == slow.recommendation
    fast.summary()
    assert fast.knocked_out.tolist() == slow.knocked_out.tolist()
    assert fast.failing.flags.f_contiguous and fast.failing.dtype == np.bool_
