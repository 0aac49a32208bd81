"""Start-up time of `brightline --help` (median of N runs) against the 0.3 s budget.

Peers in the same run, interleaved round by round so they share whatever load the machine
carries: a bare `python -c pass` and `python -c "import typer"` with the same interpreter (what
any Typer command pays before drawing help), and, with ``--compare SRC``, another source tree's
``python -m brightline --help`` (say the tree before a change, from ``git worktree add``) against
this tree's, both run the same way. Wall time and CPU time (user + system of the child) are both
reported: on a loaded machine wall time stretches with the load, CPU time much less.
``brightline --help`` is answered from the help remembered by an earlier run (the first round
draws and remembers it; see ``brightline.cli.startup``); "--help drawn afresh" is the same command
with ``BRIGHTLINE_HELP_CACHE=off``, what a first request or a resized terminal pays (the top-level
help is then drawn from the command table, without Typer: ``brightline.cli.top_help``). With
``--compare``, both trees' ``python -m brightline --help`` are drawn afresh.

    .venv/bin/python benchmarks/bench_startup.py [--runs 10] [--compare OTHER/src]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BUDGET_SECONDS = 0.3


def _run(
    command: list[str], source: str | None = None, extra: dict[str, str] | None = None
) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``command`` (with ``source`` first on the path)."""
    env = {**os.environ, **(extra or {})}
    if source is not None:
        env["PYTHONPATH"] = source
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--compare", help="another source tree (its src/) to time in the same run")
    arguments = parser.parse_args()
    script = shutil.which("brightline", path=str(Path(sys.executable).parent))
    if script is None:
        raise SystemExit("brightline is not installed next to this python; run scripts/run first")
    module = [sys.executable, "-m", "brightline", "--help"]
    here = str(Path(__file__).resolve().parents[1] / "src")
    fresh = {"BRIGHTLINE_HELP_CACHE": "off"}
    commands: dict[str, tuple[list[str], str | None, dict[str, str] | None]] = {
        "python -c pass": ([sys.executable, "-c", "pass"], None, None),
        "python -c 'import typer'": ([sys.executable, "-c", "import typer"], None, None),
        "brightline --help": ([script, "--help"], None, None),
        "--help drawn afresh": ([script, "--help"], None, fresh),
    }
    if arguments.compare:  # both drawn afresh: what a change to drawing help is about
        commands["python -m brightline --help"] = (module, here, fresh)
        commands["compared tree's --help"] = (module, arguments.compare, fresh)
    walls: dict[str, list[float]] = {name: [] for name in commands}
    cpus: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(arguments.runs):
        for name, (command, source, extra) in commands.items():
            wall, cpu = _run(command, source, extra)
            walls[name].append(wall)
            cpus[name].append(cpu)
    wall = {name: statistics.median(times) for name, times in walls.items()}
    cpu = {name: statistics.median(times) for name, times in cpus.items()}
    for name in commands:
        print(
            f"{name:27} median of {arguments.runs}: wall {wall[name] * 1000:7.1f} ms, "
            f"cpu {cpu[name] * 1000:7.1f} ms"
        )
    ours = "brightline --help"
    print(f"added by brightline to python: {(wall[ours] - wall['python -c pass']) * 1000:.1f} ms")
    if arguments.compare:
        this, other = "python -m brightline --help", "compared tree's --help"
        print(
            f"ratio this tree / compared tree: wall {wall[this] / wall[other]:.2f}, "
            f"cpu {cpu[this] / cpu[other]:.2f}"
        )
    for name in (ours, "--help drawn afresh"):
        verdict = "within" if wall[name] < BUDGET_SECONDS else "OVER"
        print(
            f"budget {BUDGET_SECONDS * 1000:.0f} ms, {name}: {verdict} "
            f"({wall[name] / BUDGET_SECONDS:.0%} used by wall time, "
            f"{cpu[name] / BUDGET_SECONDS:.0%} by CPU time)"
        )


if __name__ == "__main__":
    main()
