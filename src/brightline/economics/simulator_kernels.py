"""Compiled kernels of the Monte Carlo simulator (numba). Import only through ``simulator``.

Importing this module imports numba, so :mod:`brightline.economics.simulator` imports it inside
its functions: nothing pays for numba until a simulation actually runs.

Random numbers come from SplitMix64 (Steele, Lea & Flood, 2014, *Fast Splittable Pseudorandom
Number Generators*), inlined: each replication gets its own stream from a hash of (seed,
replication index), so results do not depend on how replications are split across threads or
machines. One 64-bit draw gives two 32-bit uniforms; probabilities are compared as 32-bit integer
thresholds, so their resolution is 2^-32.

Moves are 0 (comply / cooperate) and 1 (test / punish). Payoffs per move pair follow the
prisoner's dilemma: (C, C) → R, (C, D) → S, (D, C) → T, (D, D) → P for the row player.
"""

# mypy: disable-error-code="misc"

from __future__ import annotations

import numba
import numpy as np
from numpy.typing import NDArray

GAMMA = np.uint64(0x9E3779B97F4A7C15)
MIX_ONE = np.uint64(0xBF58476D1CE4E5B9)
MIX_TWO = np.uint64(0x94D049BB133111EB)
LOW_BITS = np.uint64(0xFFFFFFFF)
SHIFT_30 = np.uint64(30)
SHIFT_27 = np.uint64(27)
SHIFT_31 = np.uint64(31)
SHIFT_32 = np.uint64(32)
UNIT = 4294967296.0
"""2^32: a probability x becomes the integer threshold x · 2^32."""

RANDOM, ADAPTIVE, PATTERN = 0, 1, 2
"""Tester kinds (see ``simulator.TesterKind``)."""


@numba.njit(cache=True, inline="always")
def _mix(value: np.uint64) -> np.uint64:
    value = (value ^ (value >> SHIFT_30)) * MIX_ONE
    value = (value ^ (value >> SHIFT_27)) * MIX_TWO
    return value ^ (value >> SHIFT_31)


@numba.njit(cache=True)
def play_one(
    payoffs: NDArray[np.float64],
    delta: float,
    rounds: int,
    punishment: int,
    false_alarm_threshold: int,
    detection_threshold: int,
    noise_threshold: int,
    kind: int,
    test_probability: float,
    learning_rate: float,
    pattern: NDArray[np.int8],
    walks_during_punishment: bool,
    seed: np.uint64,
    replication: int,
    tester_moves: NDArray[np.int8],
    our_moves: NDArray[np.int8],
) -> tuple[float, float, int]:
    """One repeated game; returns (tester's value, our value, tests). Records moves if given room.

    ``payoffs`` is [R, S, T, P]; value is the discounted payoff normalised to per-period units:
    (1 − δ) / (1 − δ^N) · Σ δ^t u_t, or the plain mean when δ = 1.
    """
    state = _mix(seed ^ _mix(np.uint64(replication) + GAMMA))
    record = tester_moves.shape[0] > 0
    pattern_length = pattern.shape[0]
    probability = test_probability
    fixed_threshold = np.int64(test_probability * UNIT)
    punish_left = 0
    tester_total = 0.0
    our_total = 0.0
    weight = 1.0
    tests = 0
    last_tested = False
    for turn in range(rounds):
        state = state + GAMMA
        first = _mix(state)
        state = state + GAMMA
        second = _mix(state)
        draw_test = np.int64(first >> SHIFT_32)
        draw_tester_noise = np.int64(first & LOW_BITS)
        draw_our_noise = np.int64(second >> SHIFT_32)
        draw_monitor = np.int64(second & LOW_BITS)

        punishing = punish_left != 0
        if punish_left > 0:
            punish_left -= 1
        our = 1 if punishing else 0

        if walks_during_punishment and punishing:
            test = 1
        elif kind == PATTERN:
            test = pattern[turn % pattern_length]
        elif kind == RANDOM:
            test = 1 if draw_test < fixed_threshold else 0
        else:
            test = 1 if draw_test < np.int64(probability * UNIT) else 0

        if draw_tester_noise < noise_threshold:
            test = 1 - test
        if draw_our_noise < noise_threshold:
            our = 1 - our

        tester_total += weight * payoffs[2 * test + our]
        our_total += weight * payoffs[2 * our + test]
        weight *= delta
        if record:
            tester_moves[turn] = test
            our_moves[turn] = our

        if kind == ADAPTIVE and last_tested:
            if our == 1:
                probability = probability * (1.0 - learning_rate)
            else:
                probability = probability + learning_rate * (1.0 - probability)
        last_tested = test == 1 and not punishing
        if not punishing:
            tests += test
            threshold = detection_threshold if test == 1 else false_alarm_threshold
            if draw_monitor < threshold:
                punish_left = -1 if punishment == 0 else punishment
    scale = (1.0 - delta) / (1.0 - weight) if delta < 1.0 else 1.0 / rounds
    return tester_total * scale, our_total * scale, tests


@numba.njit(cache=True, nogil=True)
def play_block(
    payoffs: NDArray[np.float64],
    delta: float,
    rounds: int,
    punishment: int,
    false_alarm_threshold: int,
    detection_threshold: int,
    noise_threshold: int,
    kind: int,
    test_probability: float,
    learning_rate: float,
    pattern: NDArray[np.int8],
    walks_during_punishment: bool,
    seed: np.uint64,
    first_replication: int,
    tester_values: NDArray[np.float64],
    our_values: NDArray[np.float64],
    test_counts: NDArray[np.float64],
) -> None:
    """Play replications first_replication … first_replication + len(tester_values) − 1."""
    nothing = np.zeros(0, dtype=np.int8)
    for index in range(tester_values.shape[0]):
        tester, ours, tests = play_one(
            payoffs,
            delta,
            rounds,
            punishment,
            false_alarm_threshold,
            detection_threshold,
            noise_threshold,
            kind,
            test_probability,
            learning_rate,
            pattern,
            walks_during_punishment,
            seed,
            first_replication + index,
            nothing,
            nothing,
        )
        tester_values[index] = tester
        our_values[index] = ours
        test_counts[index] = tests
