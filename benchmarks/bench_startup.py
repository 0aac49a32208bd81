"""Start-up time of `brightline --help` (median of N runs) against the 0.3 s budget.

The baseline in the same run is a bare `python -c pass` with the same interpreter, so the figure
that matters is what Brightline adds on top of starting Python.

    .venv/bin/python benchmarks/bench_startup.py [--runs 10]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BUDGET_SECONDS = 0.3


def _median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    arguments = parser.parse_args()
    script = shutil.which("brightline", path=str(Path(sys.executable).parent))
    if script is None:
        raise SystemExit("brightline is not installed next to this python; run scripts/run first")
    python = _median_seconds([sys.executable, "-c", "pass"], arguments.runs)
    brightline = _median_seconds([script, "--help"], arguments.runs)
    print(f"python -c pass      median of {arguments.runs}: {python * 1000:7.1f} ms")
    print(f"brightline --help   median of {arguments.runs}: {brightline * 1000:7.1f} ms")
    print(f"added by brightline: {(brightline - python) * 1000:.1f} ms")
    verdict = "within" if brightline < BUDGET_SECONDS else "OVER"
    print(
        f"budget {BUDGET_SECONDS * 1000:.0f} ms: {verdict} ({brightline / BUDGET_SECONDS:.0%} used)"
    )


if __name__ == "__main__":
    main()
