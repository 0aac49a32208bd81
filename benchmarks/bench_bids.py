"""Bid evaluation at tender scale: Brightline's vectorised path against pandas row by row, one run.

    .venv/bin/python benchmarks/bench_bids.py [--rows 1000000] [--baseline-rows 100000] [--repeat 5]

Writes a CSV of ``--rows`` bids x 12 criteria (10 numeric issues, 2 discrete issues, plus the
bidder's name) into a temporary folder, then times reading the file, knocking out every bid that
fails one of four must-haves, scoring the rest by value to us and ranking them:

* Brightline: ``read_bids`` + ``evaluate_bids`` (best of ``--repeat`` runs);
* baseline: ``pandas.read_csv`` + ``DataFrame.apply`` over rows (the knock-outs and the score in a
  Python function per row) + ``sort_values``. ``apply`` over a million rows takes minutes, so it
  runs on the first ``--baseline-rows`` rows and its per-row time is extrapolated to ``--rows``
  (``read_csv`` and the sort are timed on the whole file). Both rank the subsample identically,
  which the script checks.

Not a test: timings depend on the machine. Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from brightline.case import parse_case
from brightline.offers.bids import evaluate_bids
from brightline.offers.bids_reading import read_bids

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


def brightline_run(loaded: Any, path: Path) -> tuple[float, Any]:
    started = time.perf_counter()
    data = path.read_bytes()
    mapping, table = read_bids(loaded, data, str(path))
    result = evaluate_bids(loaded, mapping, table)
    return time.perf_counter() - started, result


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
    arguments = parser.parse_args()
    loaded = bench_case()
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bids.csv"
        started = time.perf_counter()
        write_bids(path, arguments.rows)
        size = path.stat().st_size
        print(
            f"wrote {arguments.rows:,} bids x 12 criteria ({size / 1e6:.0f} MB) in "
            f"{time.perf_counter() - started:.1f} s"
        )
        timings = []
        result = None
        for _ in range(arguments.repeat):
            seconds, result = brightline_run(loaded, path)
            timings.append(seconds)
        assert result is not None
        ours = min(timings)
        print(
            f"brightline: read + knock out + score + rank {ours:.2f} s (best of "
            f"{arguments.repeat}); {result.ranked.shape[0]:,} ranked, "
            f"{result.knocked_out.shape[0]:,} knocked out, {len(result.table.errors)} errors"
        )
        baseline, per_row, top = pandas_baseline(loaded, path, arguments.baseline_rows)
        sample_rank = [int(p) for p in result.ranked if p < arguments.baseline_rows][:50]
        assert sample_rank == top, "pandas and brightline rank the subsample differently"
        print(
            f"pandas read_csv + DataFrame.apply(axis=1) + sort: {baseline:.1f} s "
            f"(apply timed on {arguments.baseline_rows:,} rows: {per_row * 1e6:.1f} µs/row, "
            f"extrapolated to {arguments.rows:,})"
        )
        print(f"ratio: brightline is {baseline / ours:.0f}x faster; target <= 2 s: {ours <= 2.0}")


if __name__ == "__main__":
    main()
