"""MESO solve times on every example and on the ANAC Energy domain (imported like import-genius).

    .venv/bin/python benchmarks/bench_meso.py [--repeat 3]

For each case: the default grid (3 offers, 2% tolerance, pairs differing in 2 issues) with the
automatic method (exhaustive search for up to 500,000 outcomes, HiGHS MILP above), and the same
request forced through the other method at the same target, so the two can be seen to agree on the
least value to them. Then 5 offers on Energy, and 3 and 5 offers on a synthetic 30-issue x 10-option case (10^30
outcomes, only the MILP can attempt it). Best of ``--repeat`` runs, solve time only (the case
is loaded and compiled once).

Not a test: timings depend on the machine. Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from brightline.case import parse_case
from brightline.case.genius import import_genius, to_case_yaml
from brightline.engine.space import compile_space
from brightline.offers.meso import MesoAsk, generate_meso
from brightline.services import load_case

ROOT = Path(__file__).resolve().parents[1]
ENERGY = ROOT.parent / "shared" / "data" / "genius" / "y2011-Energy"


def energy() -> Any:
    paths = [
        ENERGY / name
        for name in ("energy_domain.xml", "energy_consumer.xml", "energy_distributor.xml")
    ]
    document = import_genius(*((str(path), path.read_bytes()) for path in paths))
    return parse_case(to_case_yaml(document, ("d", "o", "t")).encode(), "energy.yaml")


def synthetic(issues: int = 30, options: int = 10, seed: int = 2026) -> Any:
    """30 issues x 10 options (10^30 outcomes), random values, a unary and a conditional standard."""
    import json

    import numpy as np

    rng = np.random.default_rng(seed)
    dimensions = ["scope", "timing", "verification", "price", "terms"]
    document = {
        "brightline": 1,
        "case": {"id": "synthetic", "title": "10^30 outcomes", "context": "sales"},
        "parties": {"us": {"name": "Us"}, "them": {"name": "Them"}},
        "issues": [
            {
                "kind": "discrete",
                "id": f"i{k}",
                "dimension": dimensions[k % 5],
                "options": [
                    {
                        "id": f"o{j}",
                        "ours": int(rng.integers(0, 1000)),
                        "theirs": int(rng.integers(0, 1000)),
                    }
                    for j in range(options)
                ],
            }
            for k in range(issues)
        ],
        "standards": [
            {"id": "unary", "rule": 'i0 != "o0"'},
            {"id": "conditional", "rule": 'i1 == "o1" -> i2 != "o2"'},
        ],
        "reservation": {"value": 5000},
        "their_batna": {"value": 5000},
    }
    return parse_case(json.dumps(document).encode(), "synthetic.json")


def timed(loaded: Any, space: Any, repeat: int, **options: Any) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = generate_meso(loaded, MesoAsk(**options), space=space)
        best = min(best, time.perf_counter() - started)
    return best, result


def least(result: Any) -> str:
    return f"{min(o.theirs for o in result.offers):.6g}" if result.offers else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    repeat = parser.parse_args().repeat
    cases = [(path.stem, load_case(path)) for path in sorted((ROOT / "examples").glob("*.yaml"))]
    if ENERGY.exists():
        cases.append(("ANAC Energy (import-genius)", energy()))
    cases.append(("synthetic 30 x 10", synthetic()))
    print(
        "| case | outcomes | offers | method | solve | other method | least theirs (both) | gap |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, loaded in cases:
        space = compile_space(loaded)
        for count in (3, 5) if name.startswith(("ANAC", "synthetic")) else (3,):
            seconds, result = timed(loaded, space, repeat, count=count)
            other = "milp" if result.method == "exhaustive" else "exact"
            if other == "exact" and space.size > 500_000:
                other_text, other_least = "n/a (too large to list)", "-"
            else:
                other_seconds, other_result = timed(
                    loaded,
                    space,
                    repeat,
                    count=len(result.offers) or count,
                    target=result.target,
                    tolerance=result.tolerance,
                    min_difference=result.min_difference,
                    min_dimensions=result.min_dimensions,
                    method=other,
                )
                other_text = f"{other} {other_seconds * 1000:.1f} ms"
                other_least = least(other_result)
            gap = "-" if result.gap is None else f"{result.gap:.2%}"
            size = f"{space.size:,}" if space.size < 10**9 else f"10^{len(str(space.size)) - 1}"
            print(
                f"| {name} | {size} | {len(result.offers)} of {count} | {result.method} "
                f"| {seconds * 1000:.1f} ms | {other_text} | {least(result)} / {other_least} "
                f"| {gap} |"
            )


def time_limit_check(limit: float = 4.0) -> None:
    """Issue 15: the SaaS example with its discount on a 0-100,000 price grid in steps of 1.

    ``meso --time-limit 2`` ran past 300 s on it (HiGHS not stopped). The limit now covers
    loading, compiling and every solve; the line reports the wall time against the limit.
    """
    source = (ROOT / "examples" / "saas-data-residency.yaml").read_text(encoding="utf-8")
    big = source.replace(
        'range: {min: 0, max: 30, step: 5, unit: "%"}\n    ours: [[0, 0], [30, -90000]]\n'
        "    theirs: [[0, 0], [30, 90000]]",
        'range: {min: 0, max: 100000, step: 1, unit: "EUR"}\n'
        "    ours: [[0, 0], [100000, -90000]]\n    theirs: [[0, 0], [100000, 90000]]",
    ).replace("discount: 20,", "discount: 20000,")
    started = time.perf_counter()
    loaded = parse_case(big.encode(), "saas-price-grid.yaml")
    result = generate_meso(loaded, MesoAsk(count=3, time_limit=limit, started=started))
    seconds = time.perf_counter() - started
    found = f"{len(result.offers)} offers" if result.offers else "no grid (stopped)"
    print(f"\nprice grid 0-100,000 step 1, time limit {limit:.1f} s: {seconds:.2f} s wall, {found}")


if __name__ == "__main__":
    main()
    time_limit_check()
