"""Deterrence closed forms, BATNA costing and hold-versus-cave, checked against hand computations."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.case.model import Batna
from brightline.economics.costing import cost_batna, pert_moments, tornado
from brightline.economics.deterrence import (
    GRIM,
    Game,
    analyse,
    grim_threshold,
    incentive,
    min_deterring_punishment,
    punishment_deters_perfectly,
    value_after_test,
    value_per_period,
)
from brightline.economics.hold_or_cave import Course, HoldOrCaveInputs, compare
from brightline.errors import UsageError
from factories import hold_or_cave_inputs

AXELROD = Game(temptation=5, reward=3, punishment=1, sucker=0, delta=0.8)


def test_grim_threshold_is_t_minus_r_over_t_minus_p() -> None:
    assert grim_threshold(AXELROD) == pytest.approx(0.5)
    assert analyse(Game(5, 3, 1, 0, 0.49)).grim_deters_perfectly is False
    assert analyse(Game(5, 3, 1, 0, 0.5)).grim_deters_perfectly is True


def test_k_period_condition_matches_the_issue_formula() -> None:
    # δ(1−δ^k)/(1−δ) ≥ (T−R)/(R−P) = 1 with δ = 0.8: k=1 gives 0.8, k=2 gives 1.44.
    assert not punishment_deters_perfectly(AXELROD, 1)
    assert punishment_deters_perfectly(AXELROD, 2)
    assert punishment_deters_perfectly(AXELROD, GRIM)


def test_imperfect_monitoring_value_and_surplus_by_hand() -> None:
    game = Game(5, 3, 1, 0, 0.8, false_alarm=0.05, detection=0.9)
    weight = 1 - 0.8**2
    alarms = 0.05 * 0.8 * weight
    expected_v = (3 * 0.2 + alarms * 1) / (0.2 + alarms)
    expected_incentive = 0.8 * 0.85 * weight * 2 / (0.2 + alarms)
    result = analyse(game, 2)
    assert result.value_per_period == pytest.approx(expected_v)
    assert result.surplus_destroyed == pytest.approx(3 - expected_v)
    assert result.incentive == pytest.approx(expected_incentive)
    assert result.deterred is (expected_incentive >= 2)


def test_perfect_monitoring_reduces_to_k_period_condition() -> None:
    for delta in (0.3, 0.5, 0.7, 0.9):
        for k in (1, 2, 5, GRIM):
            game = Game(5, 3, 1, 0, delta)
            assert (incentive(game, k) >= 2 - 1e-12) == punishment_deters_perfectly(game, k)
            assert value_per_period(game, k) == pytest.approx(3.0)


def test_no_punishment_deters_when_monitoring_is_weak() -> None:
    game = Game(5, 3, 1, 0, 0.6, false_alarm=0.4, detection=0.5)
    result = analyse(game)
    assert result.min_deterring_punishment is None
    assert "do not rely on the threat" in result.verdict


@given(
    delta=st.floats(0.05, 0.98),
    false_alarm=st.floats(0.0, 0.5),
    extra=st.floats(0.01, 0.5),
    gain=st.floats(0.1, 5.0),
)
def test_min_deterring_punishment_is_the_shortest(
    delta: float, false_alarm: float, extra: float, gain: float
) -> None:
    game = Game(3 + gain, 3, 1, 0, delta, false_alarm, min(1.0, false_alarm + extra))
    shortest = min_deterring_punishment(game)
    if shortest is None:
        assert incentive(game, GRIM) < gain
    elif shortest != GRIM:
        assert incentive(game, shortest) >= gain - 1e-9
        if shortest > 1:
            assert incentive(game, shortest - 1) < gain


def test_deterred_means_complying_beats_a_one_off_test() -> None:
    for k in (1, 2, 4, GRIM):
        game = Game(5, 3, 1, 0, 0.75, false_alarm=0.1, detection=0.8)
        result = analyse(game, k)
        assert result.deterred == (value_per_period(game, k) >= value_after_test(game, k) - 1e-12)


@pytest.mark.parametrize(
    ("game", "fragment"),
    [
        (Game(3, 3, 1, 0, 0.5), "T > R > P > S"),
        (Game(5, 3, 1, 0, 1.0), "below 1"),
        (Game(5, 3, 1, 0, 0.5, false_alarm=1.5), "false alarm"),
    ],
)
def test_bad_games_are_refused_with_the_reason(game: Game, fragment: str) -> None:
    with pytest.raises(UsageError, match=fragment):
        analyse(game)


def test_pert_moments() -> None:
    from brightline.case.model import ThreePoint

    mean, deviation = pert_moments(ThreePoint(low=0, likely=3, high=12))
    assert mean == pytest.approx(4.0)
    assert deviation == pytest.approx(math.sqrt(4 * 8 / 7))


def _batna() -> Batna:
    return Batna.model_validate(
        {
            "description": "x",
            "components": [
                {"name": "margin", "kind": "money", "value": {"low": 0, "likely": 10, "high": 50}},
                {
                    "name": "delay",
                    "kind": "time",
                    "weeks": {"low": 1, "likely": 2, "high": 3},
                    "cost_per_week": 5,
                },
            ],
        }
    )


def test_tornado_orders_by_swing_and_costing_is_seeded() -> None:
    bars = tornado(_batna())
    assert [bar.name for bar in bars] == ["margin", "delay"]
    assert bars[0].batna_at_low == 0 - 10 and bars[0].batna_at_high == 50 - 10
    first = cost_batna(_batna(), 20, seed=7, samples=5000)
    again = cost_batna(_batna(), 20, seed=7, samples=5000)
    assert first == again
    assert first.mean == pytest.approx(
        sum(pert_moments(c.contribution())[0] for c in _batna().components)
    )
    assert first.percentile_5 < first.percentile_50 < first.percentile_95


def _inputs(**changes: float) -> HoldOrCaveInputs:
    inputs: HoldOrCaveInputs = hold_or_cave_inputs(**changes)
    return inputs


def test_hold_or_cave_by_hand_and_break_even() -> None:
    inputs = _inputs()
    result = compare(inputs)
    future = 0.9 + 0.81 + 0.729
    holding = 100 - (0.5 * 80 + 0.5 * 20)
    assert inputs.holding_cost_now == pytest.approx(holding)
    assert result.hold_value == pytest.approx(50.0)
    cave = 100 - 10 - 0.5 * future * 10 - 0.5 * future * 0.5 * holding
    assert result.cave_value == pytest.approx(cave)
    assert result.break_even is not None
    at = result.break_even
    assert result.value_at(Course.HOLD, at) == pytest.approx(result.value_at(Course.CAVE, at))
    assert result.hold_above_break_even is True
    assert compare(_inputs(retest_probability=min(1.0, at + 0.05))).recommendation is Course.HOLD
    assert compare(_inputs(retest_probability=max(0.0, at - 0.05))).recommendation is Course.CAVE


def test_huge_harm_exposure_means_hold_for_every_retest_probability() -> None:
    result = compare(_inputs(harm_exposure=1e6))
    assert result.break_even is None
    assert result.recommendation is Course.HOLD
    assert "every re-test probability" in result.explanation


def _direct_noisy_threshold(t: float, r: float, p: float, false_alarm: float, q: float) -> float:
    """δ* = (T−R)/[(q−p)(R−P)+(1−p)(T−R)], written out as the issue states it."""
    return (t - r) / ((q - false_alarm) * (r - p) + (1 - false_alarm) * (t - r))


def test_noisy_grim_threshold_by_hand() -> None:
    from brightline.economics.deterrence import noisy_grim_threshold

    game = Game(5, 3, 1, 0, 0.8, false_alarm=0.05, detection=0.9)
    # (5−3) / [(0.85)(2) + (0.95)(2)] = 2 / 3.6
    assert noisy_grim_threshold(game) == pytest.approx(2 / 3.6)
    assert noisy_grim_threshold(game) == pytest.approx(_direct_noisy_threshold(5, 3, 1, 0.05, 0.9))
    # A perfect check gives Friedman's threshold back.
    assert noisy_grim_threshold(AXELROD) == pytest.approx(grim_threshold(AXELROD))
    result = analyse(game)
    assert result.delta_star_grim_noisy == pytest.approx(2 / 3.6)
    assert result.grim_deters_noisy is True  # 0.8 >= 0.556
    assert analyse(Game(5, 3, 1, 0, 0.55, 0.05, 0.9)).grim_deters_noisy is False


def test_noisy_grim_threshold_when_no_delta_works() -> None:
    from brightline.economics.deterrence import noisy_grim_threshold

    # q = p: the check cannot tell testing from complying; denominator (1 − p)(T − R) > 0 but
    # δ* = 1/(1 − p) ≥ 1, so no δ below 1 deters.
    assert noisy_grim_threshold(Game(5, 3, 1, 0, 0.9, false_alarm=0.3, detection=0.3)) is None
    # q < p by enough to make the denominator negative: (−0.9)(2) + (0)(2) < 0.
    assert noisy_grim_threshold(Game(5, 3, 1, 0, 0.9, false_alarm=1.0, detection=0.1)) is None
    # Denominator exactly 0: p = 1, q = 1.
    assert noisy_grim_threshold(Game(5, 3, 1, 0, 0.9, false_alarm=1.0, detection=1.0)) is None
    result = analyse(Game(5, 3, 1, 0, 0.9, false_alarm=0.3, detection=0.3))
    assert result.delta_star_grim_noisy is None and result.grim_deters_noisy is False
    assert result.min_deterring_punishment is None


@given(
    st.floats(0.0, 0.99),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.1, 10.0),
    st.floats(0.1, 10.0),
)
def test_noisy_grim_threshold_agrees_with_the_grim_incentive(
    delta: float, false_alarm: float, detection: float, gain: float, loss: float
) -> None:
    """δ ≥ δ* exactly when grim trigger's incentive covers the gain (away from the boundary)."""
    from brightline.economics.deterrence import noisy_grim_threshold

    game = Game(1 + loss + gain, 1 + loss, 1, 0, delta, false_alarm, detection)
    threshold = noisy_grim_threshold(game)
    margin = incentive(game, GRIM) - gain
    if threshold is None:
        assert margin < 1e-9
        return
    direct = _direct_noisy_threshold(1 + loss + gain, 1 + loss, 1, false_alarm, detection)
    assert threshold == pytest.approx(direct)
    if abs(delta - threshold) > 1e-6:
        assert (delta > threshold) is (margin > 0)
