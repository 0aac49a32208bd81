"""Bounded cost on price grids people type: sweep, meso, evaluate and plan, time and peak memory.

Workload of issue 15: the SaaS example with its discount issue replaced by a price from 0 to
100,000 in steps of 1 (one issue, then two such issues). The peer measured in the same run is the
unmodified SaaS example (a 7-point discount grid): the ratio says what the 100,001-point grids
add. Each command runs in its own process, so the times include Python start-up and imports; the
CPU time (user + system) is the figure to read on a shared machine, the wall time is printed too.

    .venv/bin/python benchmarks/bench_bounded.py
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "saas-data-residency.yaml"
COMMANDS = {
    "sweep": ["sweep", "{case}"],
    "sweep json": ["sweep", "{case}", "--format", "json"],
    "meso": ["meso", "{case}"],
    "evaluate": ["evaluate", "{case}", "--offer", "{offer}"],
    "plan": ["plan", "{case}"],
}


def price_case(issues: int) -> tuple[dict[str, Any], str]:
    """The example with ``issues`` price grids of 100,001 points, and an offer on it."""
    document = YAML(typ="safe").load(EXAMPLE.read_text(encoding="utf-8"))
    grids = [
        {
            "kind": "numeric",
            "id": "price" if index == 0 else f"fee{index}",
            "dimension": "price" if index == 0 else "terms",
            "range": {"min": 0, "max": 100_000, "step": 1, "unit": "EUR"},
            "ours": [[0, -90_000], [100_000, 90_000]],
            "theirs": [[0, 90_000], [100_000, -90_000]],
        }
        for index in range(issues)
    ]
    position = next(i for i, issue in enumerate(document["issues"]) if issue["id"] == "discount")
    document["issues"][position : position + 1] = grids
    for offer in document.get("offers", []):
        offer["outcome"].pop("discount", None)
        offer["outcome"].update({grid["id"]: 40_000 for grid in grids})
    terms = ["residency=global", "scope=enterprise", "audit=none", "start_week=2"]
    terms += [f"{grid['id']}=40000" for grid in grids]
    return document, ",".join(terms)


def run(arguments: list[str]) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak resident megabytes and exit code of one command."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "brightline", *arguments],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    return (
        wall,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        os.waitstatus_to_exitcode(status),
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        cases: dict[str, tuple[Path, str]] = {
            "saas (peer)": (
                EXAMPLE,
                "residency=global,scope=enterprise,audit=none,discount=20,start_week=2",
            )
        }
        for issues in (1, 2):
            document, offer = price_case(issues)
            stream = io.StringIO()
            YAML().dump(document, stream)
            path = Path(folder) / f"price{issues}.yaml"
            path.write_text(stream.getvalue(), encoding="utf-8")
            cases[f"{issues} price grid{'s' if issues > 1 else ''}"] = (path, offer)
        results: dict[str, dict[str, Any]] = {}
        for name, (path, offer) in cases.items():
            for command, template in COMMANDS.items():
                arguments = [part.format(case=path, offer=offer) for part in template]
                wall, cpu, peak, code = min(
                    (run(arguments) for _ in range(2)), key=lambda row: row[1]
                )
                results.setdefault(command, {})[name] = (wall, cpu, peak, code)
                print(
                    f"{command:<11} {name:<15} wall {wall:6.2f} s  cpu {cpu:6.2f} s  "
                    f"peak {peak:6.0f} MB  exit {code}",
                    flush=True,
                )
        print()
        print("| command | case | CPU s | wall s | peak MB | CPU ratio to peer |")
        print("|---|---|---|---|---|---|")
        for command, rows in results.items():
            peer_cpu = rows["saas (peer)"][1]
            for name, (wall, cpu, peak, code) in rows.items():
                flag = "" if code in (0, 1) else f" (exit {code})"
                print(
                    f"| {command} | {name}{flag} | {cpu:.2f} | {wall:.2f} | {peak:.0f} | "
                    f"{cpu / peer_cpu:.2f}× |"
                )


if __name__ == "__main__":
    main()
