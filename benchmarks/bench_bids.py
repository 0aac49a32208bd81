"""Bid evaluation at tender scale against the tools an analyst would use, in one run, same file.

    .venv/bin/python benchmarks/bench_bids.py [--rows 1000000] [--repeat 5] [--baseline-rows 100000]

Writes a CSV of ``--rows`` bids x 12 criteria (10 numeric issues, 2 discrete issues, plus the
bidder's name) into a temporary folder, then times, from the file to the ranking: reading it,
knocking out every bid that fails one of four must-haves, scoring the rest by value to us
(piecewise-linear curves and option values) and ranking them (best score first, ties by row):

* Brightline: ``read_bids`` (given the file, as the CLI gives it) + ``evaluate_bids``;
* polars: ``read_csv`` + expressions (``when/then`` curves, ``replace_strict`` options) + ``sort``;
* DuckDB: one SQL query over ``read_csv`` (``CASE`` curves) with ``ORDER BY``;
* pandas ``DataFrame.apply`` over rows, a secondary row: on the first ``--baseline-rows`` rows,
  extrapolated.

The three main tools run interleaved, round by round, in this one process, so they share whatever
load the machine carries; each round's ratios are reported and the median ratio is the result.
Each tool runs once untimed first (the first run in a process pays for lazy imports and for
polars' first allocations, and Brightline ran first), and the order rotates from round to round,
so no tool always runs first while a falling load still weighs on it.
polars and DuckDB use every core (the script prints their thread counts); Brightline reads through
polars with the same pool and, for a clean table like this one, scores, knocks out and ranks inside
polars too (``offers/bids_frame.py``, bit for bit the numpy evaluation). CPU seconds (user +
system, every thread) are measured around each run too, since on a loaded machine wall time mostly
says how many cores a tool got.
Every tool's full ranking is checked against Brightline's (same rows, same order; scores equal to
1e-6). Peak memory: each tool runs once more in its own child process, whose maximum resident size
is reported. Then ``brightline bids -f json`` on the same file in a child process: wall and CPU
seconds and maximum resident size.

Not a test: timings depend on the machine. Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from brightline.case import parse_case
from brightline.offers.bids import evaluate_bids
from brightline.offers.bids_reading import read_bids
from brightline.services.files import TableFile

NUMERIC = [f"c{index:02d}" for index in range(10)]
DISCRETE = {"tier": ["bronze", "silver", "gold"], "audit": ["none", "annual", "quarterly"]}
RULES = ["c00 >= 3", "c01 <= 80", 'tier != "bronze"', 'audit == "quarterly" or c02 >= 50']


def bench_document() -> dict[str, Any]:
    issues: list[dict[str, Any]] = []
    for position, name in enumerate(NUMERIC):
        slope = 1000 if position % 2 == 0 else -1000
        issues.append(
            {
                "kind": "numeric",
                "id": name,
                "dimension": "terms",
                "range": {"min": 0, "max": 100, "step": 10},
                "ours": [[0, 0], [50, slope * 40], [100, slope * 100]],
            }
        )
    for name, options in DISCRETE.items():
        issues.append(
            {
                "kind": "discrete",
                "id": name,
                "dimension": "verification",
                "options": [
                    {"id": option, "ours": rank * 5000} for rank, option in enumerate(options)
                ],
            }
        )
    document = {
        "brightline": 1,
        "case": {"id": "bench", "title": "Bids benchmark", "context": "procurement"},
        "parties": {"us": {"name": "Buyer"}, "them": {"name": "Bidders"}},
        "issues": issues,
        "standards": [{"id": f"must{i}", "rule": rule} for i, rule in enumerate(RULES)],
    }
    return document


def bench_case() -> Any:
    return parse_case(json.dumps(bench_document()).encode(), "bench.json")


def write_bids(path: Path, rows: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    numbers = rng.integers(0, 10001, size=(rows, len(NUMERIC))) / 100.0
    columns = [np.char.add("Bidder ", np.arange(rows).astype(str))]
    columns += [np.char.mod("%.2f", numbers[:, i]) for i in range(len(NUMERIC))]
    for options in DISCRETE.values():
        columns.append(np.array(options)[rng.integers(0, len(options), size=rows)])
    lines = columns[0]
    for column in columns[1:]:
        lines = np.char.add(np.char.add(lines, ","), column)
    header = ",".join(["bidder", *NUMERIC, *DISCRETE])
    with path.open("w", encoding="utf-8") as handle:
        handle.write(header + "\n")
        handle.write("\n".join(lines.tolist()) + "\n")


def brightline_run(loaded: Any, path: Path) -> tuple[np.ndarray, np.ndarray]:
    """Ranked row positions (0-based data rows) and their scores.

    The file is handed over as ``brightline bids`` hands it (a ``TableFile``: polars parses a
    regular CSV in place, as the polars peer's ``read_csv(path)`` does).
    """
    mapping, table = read_bids(loaded, TableFile.of(path), str(path))
    result = evaluate_bids(loaded, mapping, table)
    return result.ranked, result.scores[result.ranked]


def _curve_polars(name: str, anchors: list[list[float]]) -> Any:
    import polars as pl

    column = pl.col(name)
    expression: Any = None
    for (x0, y0), (x1, y1) in itertools.pairwise(anchors):
        piece = y0 + (column - x0) * ((y1 - y0) / (x1 - x0))
        expression = (
            pl.when(column <= x1).then(piece)
            if expression is None
            else expression.when(column <= x1).then(piece)
        )
    return expression.otherwise(anchors[-1][1])


def polars_run(loaded: Any, path: Path) -> tuple[np.ndarray, np.ndarray]:
    import polars as pl

    frame = pl.read_csv(path).with_row_index("position")
    score: Any = pl.lit(0.0)
    for issue in loaded.case.issues:
        if issue.kind == "numeric":
            score = score + _curve_polars(issue.id, issue.ours)
        else:
            mapping = {str(o.id): float(o.ours) for o in issue.options}
            score = score + pl.col(issue.id).replace_strict(mapping, return_dtype=pl.Float64)
    passing = (
        (pl.col("c00") >= 3)
        & (pl.col("c01") <= 80)
        & (pl.col("tier") != "bronze")
        & ((pl.col("audit") == "quarterly") | (pl.col("c02") >= 50))
    )
    ranked = (
        frame.filter(passing)
        .select("position", score.alias("score"))
        .sort(["score", "position"], descending=[True, False])
    )
    return ranked["position"].to_numpy(), ranked["score"].to_numpy()


def _curve_sql(name: str, anchors: list[list[float]]) -> str:
    pieces = [
        f"WHEN {name} <= {x1} THEN {y0} + ({name} - {x0}) * {(y1 - y0) / (x1 - x0)!r}"
        for (x0, y0), (x1, y1) in itertools.pairwise(anchors)
    ]
    return f"(CASE {' '.join(pieces)} ELSE {anchors[-1][1]} END)"


def duckdb_run(loaded: Any, path: Path) -> tuple[np.ndarray, np.ndarray]:
    import duckdb

    parts = []
    for issue in loaded.case.issues:
        if issue.kind == "numeric":
            parts.append(_curve_sql(issue.id, issue.ours))
        else:
            cases = " ".join(f"WHEN '{o.id}' THEN {float(o.ours)!r}" for o in issue.options)
            parts.append(f"(CASE {issue.id} {cases} END)")
    query = f"""
        SELECT CAST(bidder[8:] AS BIGINT) AS position, {" + ".join(parts)} AS score
        FROM read_csv('{path}')
        WHERE c00 >= 3 AND c01 <= 80 AND tier <> 'bronze' AND (audit = 'quarterly' OR c02 >= 50)
        ORDER BY score DESC, position
    """
    with duckdb.connect() as connection:
        positions, scores = connection.execute(query).fetchnumpy().values()
    return np.asarray(positions), np.asarray(scores)


TOOLS = {"brightline": brightline_run, "polars": polars_run, "duckdb": duckdb_run}


def threads() -> int:
    """polars' thread pool: Brightline reads through polars, so both use the same pool."""
    import polars as pl

    return int(pl.thread_pool_size())


def duckdb_threads() -> int:
    """DuckDB's threads (its default is every core, as polars')."""
    import duckdb

    with duckdb.connect() as connection:
        found = connection.execute("SELECT current_setting('threads')").fetchone()
    return int(found[0]) if found else 0


def same_ranking(ours: tuple[np.ndarray, np.ndarray], theirs: tuple[np.ndarray, np.ndarray]) -> str:
    """Check a peer's ranking against ours: same rows in the same order (float ties excepted)."""
    positions, scores = ours
    other_positions, other_scores = theirs
    assert positions.shape == other_positions.shape, "different numbers of ranked bids"
    assert np.allclose(scores, other_scores, rtol=0, atol=1e-6), "different scores"
    differ = int((positions != other_positions).sum())
    if differ:
        # Only bids whose scores tie to 1e-6 may swap places (float sums in another order).
        swapped = np.flatnonzero(positions != other_positions)
        near = np.abs(scores[swapped] - scores[np.maximum(swapped - 1, 0)]) <= 1e-6
        near |= np.abs(scores[swapped] - scores[np.minimum(swapped + 1, len(scores) - 1)]) <= 1e-6
        assert near.all(), "different order beyond float ties"
        return f"same ranking ({differ} places swapped between tied scores)"
    return "same ranking, row for row"


def high_water_mb() -> float:
    """This process's own peak resident size (VmHWM), in MB.

    Not ``ru_maxrss`` of a child: on Linux a child created by fork or vfork inherits the parent's
    high-water mark, so every child would report the parent's peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def child_peak(tool: str, path: Path) -> tuple[float, float]:
    """Peak resident size (MB) and CPU seconds of one run of a tool in its own process."""
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", tool, "--file", str(path)], stdout=subprocess.PIPE
    )
    output, _ = process.communicate()
    assert process.returncode == 0, f"{tool} child failed"
    peak, cpu = (float(part) for part in output.split())
    return peak, cpu


def json_child(path: Path) -> None:
    """Run ``brightline bids CASE FILE -f json`` in this process, its JSON going to FILE.json."""
    from contextlib import redirect_stdout

    from brightline.cli.app import main

    case = path.with_name("bench-case.json")
    case.write_text(json.dumps(bench_document()), encoding="utf-8")
    sys.argv = ["brightline", "bids", str(case), str(path), "-f", "json"]
    with path.with_suffix(".json").open("w", encoding="utf-8") as handle, redirect_stdout(handle):
        try:
            main()
        except SystemExit as done:
            assert not done.code, f"brightline bids exited {done.code}"


def json_run(path: Path) -> tuple[float, float, float, int]:
    """``brightline bids -f json`` in a child: wall seconds, CPU seconds, peak MB, output bytes."""
    started = time.perf_counter()
    peak, cpu = child_peak("json", path)
    seconds = time.perf_counter() - started
    output = path.with_suffix(".json")
    json.loads(output.read_bytes())  # valid JSON
    return seconds, cpu, peak, output.stat().st_size


def pandas_baseline(loaded: Any, path: Path, sample: int) -> tuple[float, float, list[int]]:
    import pandas as pd

    started = time.perf_counter()
    frame = pd.read_csv(path)
    read_seconds = time.perf_counter() - started
    curves = {
        issue.id: (np.array(issue.ours)[:, 0], np.array(issue.ours)[:, 1])
        for issue in loaded.case.issues
        if issue.kind == "numeric"
    }
    option_values = {
        issue.id: {str(o.id): o.ours for o in issue.options}
        for issue in loaded.case.issues
        if issue.kind == "discrete"
    }

    def judge(row: Any) -> float:
        if not (row["c00"] >= 3 and row["c01"] <= 80 and row["tier"] != "bronze"):
            return float("nan")
        if not (row["audit"] == "quarterly" or row["c02"] >= 50):
            return float("nan")
        score = 0.0
        for name, (xs, ys) in curves.items():
            score += float(np.interp(row[name], xs, ys))
        for name, values in option_values.items():
            score += values[row[name]]
        return score

    head = frame.iloc[:sample]
    started = time.perf_counter()
    scores = head.apply(judge, axis=1)
    apply_seconds = time.perf_counter() - started
    ranked = scores.dropna().sort_values(ascending=False, kind="stable")
    started = time.perf_counter()
    frame.assign(score=np.zeros(len(frame))).sort_values("score", kind="stable")
    sort_seconds = time.perf_counter() - started
    per_row = apply_seconds / sample
    return read_seconds + per_row * len(frame) + sort_seconds, per_row, list(ranked.index[:50])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1, help="untimed rounds first")
    parser.add_argument("--child", choices=[*sorted(TOOLS), "json"], help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    loaded = bench_case()
    if arguments.child:
        if arguments.child == "json":
            json_child(arguments.file)
        else:
            TOOLS[arguments.child](loaded, arguments.file)
        times = os.times()
        print(high_water_mb(), times.user + times.system)
        return
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {load:.1f}"
    )
    print(f"threads: polars (also inside Brightline) {threads()}; DuckDB {duckdb_threads()}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "bids.csv"
        write_bids(path, arguments.rows)
        print(f"file: {arguments.rows:,} bids x 12 criteria, {path.stat().st_size / 1e6:.0f} MB")
        timings: dict[str, list[float]] = {tool: [] for tool in TOOLS}
        processor: dict[str, list[float]] = {tool: [] for tool in TOOLS}
        results: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        for _ in range(arguments.warmup):
            for run in TOOLS.values():
                run(loaded, path)
        names = list(TOOLS)
        for round_number in range(arguments.repeat):
            shift = round_number % len(names)
            for tool in names[shift:] + names[:shift]:
                run = TOOLS[tool]
                before = os.times()
                started = time.perf_counter()
                results[tool] = run(loaded, path)
                timings[tool].append(time.perf_counter() - started)
                after = os.times()
                processor[tool].append(after.user + after.system - before.user - before.system)
        for tool in ("polars", "duckdb"):
            print(f"{tool}: {same_ranking(results['brightline'], results[tool])}")
        ranked = results["brightline"][0].shape[0]
        print(f"ranked bids: {ranked:,} of {arguments.rows:,}")
        print(
            f"rounds ({', '.join(TOOLS)}; order rotating): "
            f"{', '.join(' '.join(f'{t:.2f}' for t in timings[tool]) for tool in TOOLS)}"
        )
        print(
            "| tool | best | median | median ratio to Brightline | CPU (median) | CPU ratio "
            "| peak memory | CPU (child) |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for tool in TOOLS:
            ratios = [t / b for t, b in zip(timings[tool], timings["brightline"], strict=True)]
            cpu_ratio = statistics.median(processor[tool]) / statistics.median(
                processor["brightline"]
            )
            peak, cpu = child_peak(tool, path)
            print(
                f"| {tool} | {min(timings[tool]):.2f} s | {statistics.median(timings[tool]):.2f} s | "
                f"{statistics.median(ratios):.2f} | {statistics.median(processor[tool]):.2f} s | "
                f"{cpu_ratio:.2f} | {peak:,.0f} MB | {cpu:.2f} s |"
            )
        speed = statistics.median(
            p / b for p, b in zip(timings["polars"], timings["brightline"], strict=True)
        )
        cpu_speed = statistics.median(processor["polars"]) / statistics.median(
            processor["brightline"]
        )
        print(
            f"result: Brightline runs at {speed:.2f} of polars' speed (median over "
            f"{arguments.repeat} rounds of polars' wall time / Brightline's; >= 1.00 is as fast "
            f"or faster), {cpu_speed:.2f} in CPU time; goal >= 1.00 "
            f"{'met' if speed >= 1.0 else 'not met'}; load {os.getloadavg()[0]:.1f}"
        )
        baseline, per_row, top = pandas_baseline(loaded, path, arguments.baseline_rows)
        sample_rank = [int(p) for p in results["brightline"][0] if p < arguments.baseline_rows][:50]
        assert sample_rank == top, "pandas and brightline rank the subsample differently"
        print(
            f"| pandas apply (secondary) | {baseline:.1f} s extrapolated | "
            f"{per_row * 1e6:.1f} µs/row on {arguments.baseline_rows:,} rows | "
            f"{baseline / statistics.median(timings['brightline']):.0f} | | |"
        )
        seconds, cpu, peak, size = json_run(path)
        print(
            f"brightline bids -f json: {seconds:.2f} s wall, {cpu:.2f} s CPU, {peak:,.0f} MB peak, "
            f"{size / 1e6:.0f} MB of JSON; load {os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    main()
