"""Brightline's compiled simulator against Axelrod's ``Match``, measured in the same run.

    .venv/bin/python benchmarks/economics_simulator_benchmark.py [--matches 2000] [--replications 2000000]

The workload of issue 5: grim trigger (Axelrod's ``Grudger``) against a tester that tests the rule
with probability 0.05 (Axelrod's ``Random(0.95)``), execution noise 0.01, 100 rounds per match.
Axelrod plays ``--matches`` seeded matches; Brightline plays ``--replications`` seeded games on one
thread (the per-core figure, after a warm-up that compiles the kernel) and then on all cores.
Both report rounds per second and their mean score per round for us, so the two can be seen to
simulate the same game; the script also prints the exact mean from a two-state Markov chain
(:func:`exact_mean_score`), the referee both sampled means should bracket. Best of ``--repeat``
runs for each timing.

Not a test: timings depend on the machine. Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import time

import axelrod as axl
import numpy as np

from brightline.economics.deterrence import GRIM, Game
from brightline.economics.simulator import Simulation, Tester, play_chunk, simulate

ROUNDS = 100
NOISE = 0.01
TEST_PROBABILITY = 0.05


def exact_mean_score(
    rounds: int = ROUNDS, noise: float = NOISE, test_probability: float = TEST_PROBABILITY
) -> float:
    """Grim trigger's exact expected score per round, from a two-state Markov chain.

    The tester's *played* move is a test with probability d = t(1 − ε) + (1 − t)ε (its intended
    move, flipped by noise ε), independently every round. Grim trigger reacts to played moves, so
    it is still dealing in round n with probability (1 − d)^(n − 1) and has walked away for good
    otherwise; in either state its own intended move is flipped with probability ε. The expected
    score per round is the average over the rounds of the two states' expected payoffs, with
    Axelrod's payoffs R, S, T, P = 3, 0, 5, 1 to the row (our) side.
    """
    reward, sucker, temptation, punishment = 3.0, 0.0, 5.0, 1.0
    tested = test_probability * (1 - noise) + (1 - test_probability) * noise
    cooperate = (1 - tested) * reward + tested * sucker  # our payoff when we deal
    defect = (1 - tested) * temptation + tested * punishment  # our payoff when we walk away
    dealing = (1 - noise) * cooperate + noise * defect
    walked_away = (1 - noise) * defect + noise * cooperate
    still_dealing, total = 1.0, 0.0
    for _ in range(rounds):
        total += still_dealing * dealing + (1 - still_dealing) * walked_away
        still_dealing *= 1 - tested
    return total / rounds


def axelrod_rate(matches: int) -> tuple[float, float, float]:
    started, cpu_started = time.perf_counter(), time.process_time()
    scores = []
    for seed in range(matches):
        match = axl.Match(
            (axl.Grudger(), axl.Random(1 - TEST_PROBABILITY)), turns=ROUNDS, noise=NOISE, seed=seed
        )
        match.play()
        scores.append(match.final_score_per_turn()[0])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return matches * ROUNDS / elapsed, matches * ROUNDS / cpu, float(np.mean(scores))


def setting(replications: int) -> Simulation:
    return Simulation(
        Game(5, 3, 1, 0, 1.0),
        Tester(test_probability=TEST_PROBABILITY),
        GRIM,
        rounds=ROUNDS,
        noise=NOISE,
        replications=replications,
        seed=1,
    )


def brightline_rates(replications: int, repeat: int) -> tuple[float, float, float, float]:
    play_chunk(setting(1000), 0, 1000)  # compile (or load the cached kernel) before timing
    single, single_cpu = [], []
    for _ in range(repeat):
        started, cpu_started = time.perf_counter(), time.process_time()
        play_chunk(setting(replications), 0, replications)
        single.append(time.perf_counter() - started)
        single_cpu.append(time.process_time() - cpu_started)
    parallel = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = simulate(setting(replications))
        parallel.append(time.perf_counter() - started)
    rounds = replications * ROUNDS
    return (
        rounds / min(single),
        rounds / min(single_cpu),
        rounds / min(parallel),
        result.our_value.mean,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--matches", type=int, default=2000)
    parser.add_argument("--replications", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    arguments = parser.parse_args()
    axelrod_wall, axelrod_cpu, axelrod_mean = axelrod_rate(arguments.matches)
    per_core, per_core_cpu, all_cores, our_mean = brightline_rates(
        arguments.replications, arguments.repeat
    )
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"axelrod {axl.__version__} Match: {axelrod_wall:,.0f} rounds/s wall, "
        f"{axelrod_cpu:,.0f} per CPU second ({arguments.matches} matches; "
        f"our mean score per round {axelrod_mean:.4f})"
    )
    print(
        f"brightline, 1 thread: {per_core:,.0f} rounds/s wall, {per_core_cpu:,.0f} per CPU "
        f"second ({arguments.replications:,} games; our mean score per round {our_mean:.4f})"
    )
    print(f"brightline, {os.cpu_count()} cores: {all_cores:,.0f} rounds/s wall")
    print(f"exact mean score per round for us (Markov chain): {exact_mean_score():.4f}")
    print(f"ratio per core (wall): {per_core / axelrod_wall:,.0f}x Axelrod")
    print(f"ratio per core (CPU time): {per_core_cpu / axelrod_cpu:,.0f}x Axelrod")
    print(f"ratio all cores (wall): {all_cores / axelrod_wall:,.0f}x Axelrod")


if __name__ == "__main__":
    main()
