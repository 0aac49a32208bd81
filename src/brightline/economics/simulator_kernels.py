"""Compiled kernels of the Monte Carlo simulator (numba). Import only through ``simulator``.

Importing this module imports numba, so :mod:`brightline.economics.simulator` imports it inside
its functions: nothing pays for numba until a simulation actually runs.

Random numbers come from SplitMix64 (Steele, Lea & Flood, 2014, *Fast Splittable Pseudorandom
Number Generators*), inlined: each replication gets its own stream from a hash of (seed,
replication index), so results do not depend on how replications are split across threads or
machines. Uniforms have 53 bits.

Compiled code is cached on disk only where the caller chose: ``CACHE`` is true when numba's
``NUMBA_CACHE_DIR`` was set before numba was imported (the CLI sets it to the user's cache
directory). Otherwise the kernels compile in memory, about two seconds per process, and nothing is
written: numba's default would be a ``__pycache__`` folder inside the installed package, which is
I/O from the pure core and fails or litters on a read-only install.

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
SHIFT_30 = np.uint64(30)
SHIFT_27 = np.uint64(27)
SHIFT_31 = np.uint64(31)
SHIFT_11 = np.uint64(11)
UNIT_53 = 2.0**-53
"""Spacing of the 53-bit uniforms."""

NEVER = 10**15
"""A gap so long that the event never happens within any simulation."""

CACHE = bool(getattr(numba.config, "CACHE_DIR", ""))
"""Cache compiled kernels only in a directory the caller named (NUMBA_CACHE_DIR)."""

RANDOM, ADAPTIVE, PATTERN = 0, 1, 2
"""Tester kinds (see ``simulator.TesterKind``)."""


@numba.njit(cache=CACHE, inline="always")
def _mix(value: np.uint64) -> np.uint64:
    value = (value ^ (value >> SHIFT_30)) * MIX_ONE
    value = (value ^ (value >> SHIFT_27)) * MIX_TWO
    return value ^ (value >> SHIFT_31)


@numba.njit(cache=CACHE, inline="always")
def _uniform(value: np.uint64) -> float:
    """A uniform number in (0, 1] from the top 53 bits of a draw."""
    return (np.float64(value >> SHIFT_11) + 1.0) * UNIT_53


@numba.njit(cache=CACHE, inline="always")
def _gap(state: np.uint64, log_stay: float) -> tuple[np.uint64, int]:
    """Rounds until the next event of a Bernoulli stream with log(1 − probability) = log_stay.

    Geometric skipping (Devroye, *Non-Uniform Random Variate Generation*, 1986, §X.2): drawing
    the gap between rare events is exact and costs one draw per event instead of one per round.
    """
    if log_stay == 0.0:
        return state, NEVER
    if log_stay == -np.inf:
        return state, 0
    state = state + GAMMA
    skipped = np.log(_uniform(_mix(state))) / log_stay
    if skipped > NEVER:
        return state, NEVER
    return state, int(skipped)


@numba.njit(cache=CACHE)
def play_one(
    payoffs: NDArray[np.float64],
    delta: float,
    rounds: int,
    punishment: int,
    false_alarm: float,
    detection: float,
    noise: float,
    kind: int,
    test_probability: float,
    learning_rate: float,
    pattern: NDArray[np.int8],
    walks_during_punishment: bool,
    streams: NDArray[np.int64],
    state: np.uint64,
    tester_moves: NDArray[np.int8],
    our_moves: NDArray[np.int8],
) -> tuple[float, float, int, np.uint64]:
    """One repeated game; returns (tester's value, our value, tests, generator state).

    Records moves if given room. ``streams`` holds the rounds until the next tester test, tester
    slip, our slip and false alarm; it is updated so the next game continues the same i.i.d.
    event streams (a Bernoulli process is memoryless, so carrying gaps across games is exact).

    ``payoffs`` is [R, S, T, P]; value is the discounted payoff normalised to per-period units:
    (1 − δ) / (1 − δ^N) · Σ δ^t u_t, or the plain mean when δ = 1. Rare independent events (a
    random tester's tests, each side's noise, false alarms) are drawn as geometric gaps between
    events; detection and adaptive tests are drawn when needed.
    """
    record = tester_moves.shape[0] > 0
    pattern_length = pattern.shape[0]
    log_test = np.log1p(-test_probability) if kind == RANDOM else 0.0
    log_noise = np.log1p(-noise)
    log_alarm = np.log1p(-false_alarm)
    next_test = streams[0]
    next_tester_slip = streams[1]
    next_our_slip = streams[2]
    next_alarm = streams[3]
    probability = test_probability
    punish_left = 0
    tester_total = 0.0
    our_total = 0.0
    weight = 1.0
    tests = 0
    last_tested = False
    for turn in range(rounds):
        punishing = punish_left != 0
        if punish_left > 0:
            punish_left -= 1
        our = 1 if punishing else 0

        test = 0
        if kind == RANDOM:
            if next_test == turn:
                test = 1
                state, gap = _gap(state, log_test)
                next_test = turn + 1 + gap
        elif kind == PATTERN:
            test = pattern[turn % pattern_length]
        else:
            state = state + GAMMA
            test = 1 if _uniform(_mix(state)) <= probability else 0
        if walks_during_punishment and punishing:
            test = 1

        if next_tester_slip == turn:
            test = 1 - test
            state, gap = _gap(state, log_noise)
            next_tester_slip = turn + 1 + gap
        if next_our_slip == turn:
            our = 1 - our
            state, gap = _gap(state, log_noise)
            next_our_slip = turn + 1 + gap

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

        alarm = next_alarm == turn
        if alarm:
            state, gap = _gap(state, log_alarm)
            next_alarm = turn + 1 + gap
        if not punishing:
            tests += test
            if test == 1:
                state = state + GAMMA
                flagged = _uniform(_mix(state)) <= detection
            else:
                flagged = alarm
            if flagged:
                punish_left = -1 if punishment == 0 else punishment
    streams[0] = next_test - rounds
    streams[1] = next_tester_slip - rounds
    streams[2] = next_our_slip - rounds
    streams[3] = next_alarm - rounds
    scale = (1.0 - delta) / (1.0 - weight) if delta < 1.0 else 1.0 / rounds
    return tester_total * scale, our_total * scale, tests, state


@numba.njit(cache=CACHE)
def start_streams(
    seed: np.uint64,
    first_replication: int,
    test_probability: float,
    kind: int,
    noise: float,
    false_alarm: float,
) -> tuple[np.uint64, NDArray[np.int64]]:
    """Generator state and first event gaps for a block starting at ``first_replication``."""
    state = _mix(seed ^ _mix(np.uint64(first_replication) + GAMMA))
    streams = np.empty(4, dtype=np.int64)
    state, streams[0] = _gap(state, np.log1p(-test_probability) if kind == RANDOM else 0.0)
    state, streams[1] = _gap(state, np.log1p(-noise))
    state, streams[2] = _gap(state, np.log1p(-noise))
    state, streams[3] = _gap(state, np.log1p(-false_alarm))
    return state, streams


@numba.njit(cache=CACHE, nogil=True)
def play_block(
    payoffs: NDArray[np.float64],
    delta: float,
    rounds: int,
    punishment: int,
    false_alarm: float,
    detection: float,
    noise: float,
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
    """Play replications first_replication … first_replication + len(tester_values) − 1.

    One block is one random stream: the result depends on the block boundaries (fixed by the
    caller), never on which thread or machine plays the block.
    """
    nothing = np.zeros(0, dtype=np.int8)
    state, streams = start_streams(
        seed, first_replication, test_probability, kind, noise, false_alarm
    )
    for index in range(tester_values.shape[0]):
        tester, ours, tests, state = play_one(
            payoffs,
            delta,
            rounds,
            punishment,
            false_alarm,
            detection,
            noise,
            kind,
            test_probability,
            learning_rate,
            pattern,
            walks_during_punishment,
            streams,
            state,
            nothing,
            nothing,
        )
        tester_values[index] = tester
        our_values[index] = ours
        test_counts[index] = tests
