"""``plan`` on an example: wall time and full-space compilations, against the code before a change.

The peer is the same program at another commit (by default the commit before the report layer,
3330962), extracted with ``git archive`` into a temporary folder and run by the same interpreter
in the same run, interleaved, so both see the same machine load. Each run is a fresh process
(``brightline plan EXAMPLE --format json``); the in-process figure times ``build_plan`` alone, after
imports, and counts the compilations of the full outcome space.

    .venv/bin/python benchmarks/bench_plan.py --runs 5 examples/healthcare-data-partnership.yaml
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import sys, time
from brightline.engine import space as space_module
from brightline.services import load_case
try:
    from brightline.report.plan import build_plan
except ImportError:
    from brightline.plan import build_plan
import brightline.offers.evaluate, brightline.offers.meso, brightline.engine.gate
import brightline.engine.sweep
original = space_module.compile_space
calls = []
def counting(loaded, standard_ids=None):
    if standard_ids is None:
        calls.append(1)
    return original(loaded, standard_ids)
for module in list(sys.modules.values()):
    if module is not None and getattr(module, "compile_space", None) is original:
        module.compile_space = counting
loaded = load_case(sys.argv[1])
started = time.perf_counter()
build_plan(loaded)
print(time.perf_counter() - started, len(calls))
"""


def extract(commit: str) -> Path:
    """The ``src`` folder of ``commit`` in a temporary folder."""
    archive = subprocess.run(
        ["git", "archive", commit, "src"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="bench-plan-"))
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


def wall(source: Path, example: str) -> float:
    """Seconds of one ``brightline plan EXAMPLE -f json`` in a fresh process."""
    environment = {**os.environ, "PYTHONPATH": str(source)}
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "brightline", "plan", example, "--format", "json"],
        env=environment,
        stdout=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - started


def in_process(source: Path, example: str) -> tuple[float, int]:
    """Seconds of ``build_plan`` after imports, and the full-space compilations it made."""
    environment = {**os.environ, "PYTHONPATH": str(source)}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, example],
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, count = result.stdout.split()
    return float(seconds), int(count)


def main() -> None:
    """Interleave the two programs ``--runs`` times and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("example")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", default="3330962", help="Commit of the peer.")
    arguments = parser.parse_args()
    programs = {f"before ({arguments.before})": extract(arguments.before), "now": ROOT / "src"}
    walls: dict[str, list[float]] = {name: [] for name in programs}
    builds: dict[str, list[float]] = {name: [] for name in programs}
    compiles: dict[str, int] = {}
    for _ in range(arguments.runs):
        for name, source in programs.items():
            walls[name].append(wall(source, arguments.example))
            seconds, count = in_process(source, arguments.example)
            builds[name].append(seconds)
            compiles[name] = count
    load = os.getloadavg()[0]
    print(f"{arguments.example}, median of {arguments.runs}, load average {load:.1f}")
    peer = next(iter(programs))
    for name in programs:
        print(
            f"{name}: plan wall {statistics.median(walls[name]):.2f} s "
            f"(ratio {statistics.median(walls[name]) / statistics.median(walls[peer]):.2f}), "
            f"build_plan {statistics.median(builds[name]):.3f} s "
            f"(ratio {statistics.median(builds[name]) / statistics.median(builds[peer]):.2f}), "
            f"{compiles[name]} full-space compilation{'' if compiles[name] == 1 else 's'}"
        )


if __name__ == "__main__":
    main()
