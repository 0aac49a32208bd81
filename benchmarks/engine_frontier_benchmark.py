"""Brightline's exact frontier against NegMAS's ``pareto_frontier`` on the ANAC domains, in one run.

    .venv/bin/python benchmarks/engine_frontier_benchmark.py [--negmas /tmp/negmas-venv/bin/python]
    .venv/bin/python benchmarks/engine_frontier_benchmark.py --fine-grids-only

For each domain in ../shared/data/genius: import the GENIUS files with Brightline's importer, time
compile + frontier (best of several runs), run NegMAS 0.16 in its own virtual environment through
``negmas_frontier_driver.py`` (best of its runs, timing only its ``pareto_frontier`` call), check
that both frontiers hold the same value pairs (to 1e-9), and print the time ratio. Then the
synthetic 30-issue x 10-option domain (10^30 outcomes): compute time and peak memory. Last, in a
fresh process so its resident size is its own, two fine numeric grids (20,001 and 30,001 points,
every point efficient): the tiled merge's time and memory, and how fast the merge refuses the same
grids when equal slopes leave nothing to prune.

Not a test: timings depend on the machine. Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from brightline.case import parse_case
from brightline.case.genius import import_genius, to_case_yaml
from brightline.engine import compile_space, merged_frontier, pareto_frontier
from brightline.engine.space import Component, IssueAxis, OutcomeSpace

ROOT = Path(__file__).resolve().parents[1]
GENIUS = ROOT.parent / "shared" / "data" / "genius"
DRIVER = Path(__file__).with_name("negmas_frontier_driver.py")

DOMAINS = {
    "Laptop": (
        "y2011-Laptop",
        "laptop_domain.xml",
        "laptop_buyer_utility.xml",
        "laptop_seller_utility.xml",
    ),
    "Grocery": (
        "y2011-Grocery",
        "Grocery_domain.xml",
        "Grocery_domain_mary.xml",
        "Grocery_domain_sam.xml",
    ),
    "Camera": (
        "y2011-Camera",
        "camera_domain.xml",
        "camera_buyer_utility.xml",
        "camera_seller_utility.xml",
    ),
    "Car": ("y2011-Car", "adg.xml", "adg_deal.xml", "adg_deal2.xml"),
    "SmartPhone": (
        "y2013-SmartPhone",
        "SmartPhone.xml",
        "SmartPhone_util1.xml",
        "SmartPhone_util2.xml",
    ),
    "TravelA": ("y2012-TravelA", "Travel-A-domain.xml", "Travel-A-prof1.xml", "Travel-A-prof2.xml"),
    "Energy": (
        "y2011-Energy",
        "energy_domain.xml",
        "energy_consumer.xml",
        "energy_distributor.xml",
    ),
}


def brightline_frontier(
    paths: list[Path], repeats: int
) -> tuple[float, set[tuple[float, float]], int]:
    document = import_genius(*((str(path), path.read_bytes()) for path in paths))
    loaded = parse_case(to_case_yaml(document, ("d", "o", "t")).encode(), "imported.yaml")
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        space = compile_space(loaded)
        frontier = pareto_frontier(space, [])
        best = min(best, time.perf_counter() - start)
    pairs = set(
        zip(np.round(frontier.ours, 9).tolist(), np.round(frontier.theirs, 9).tolist(), strict=True)
    )
    return best, pairs, space.size


def negmas_frontier(
    python: str, paths: list[Path], repeats: int
) -> tuple[float, set[tuple[float, float]], str]:
    command = [python, str(DRIVER), *map(str, paths), str(repeats)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    document = json.loads(done.stdout.strip().splitlines()[-1])
    pairs = {(round(o, 9), round(t, 9)) for o, t in document["frontier"]}
    return float(document["seconds"]), pairs, str(document["negmas"])


def matches(
    ours: set[tuple[float, float]], theirs: set[tuple[float, float]]
) -> tuple[int, int, int]:
    """Points of each list with no point of the other within 1e-9 (float sums differ in order).

    NegMAS may list one value pair twice when two outcomes reach it up to rounding; those count as
    matched. Returns (ours only, theirs only and undominated, theirs only but weakly dominated by
    one of ours within 1e-9: a float-rounding tie NegMAS did not merge).
    """

    def close(point: tuple[float, float], others: set[tuple[float, float]]) -> bool:
        return any(abs(point[0] - o[0]) <= 1e-9 and abs(point[1] - o[1]) <= 1e-9 for o in others)

    def dominated(point: tuple[float, float], others: set[tuple[float, float]]) -> bool:
        return any(o[0] >= point[0] - 1e-9 and o[1] >= point[1] - 1e-9 for o in others)

    extra = [point for point in theirs if not close(point, ours)]
    return (
        sum(1 for point in ours if not close(point, theirs)),
        sum(1 for point in extra if not dominated(point, ours)),
        sum(1 for point in extra if dominated(point, ours)),
    )


def exact_frontier(paths: list[Path]) -> set[tuple[float, float]]:
    """The frontier in exact rational arithmetic, read from the XML independently of Brightline.

    Weights and evaluations are decimal strings, so every utility is a fraction; merging per-issue
    frontiers with :class:`fractions.Fraction` gives the frontier without any rounding. It is the
    referee for both tools: float sums of the same utilities can differ in the last bits.
    """
    import xml.etree.ElementTree as ElementTree
    from fractions import Fraction

    def utilities(path: Path) -> dict[str, dict[str, Fraction]]:
        root = ElementTree.parse(path).getroot()
        weights = {w.get("index"): Fraction(w.get("value", "0")) for w in root.iter("weight")}
        found: dict[str, dict[str, Fraction]] = {}
        for issue in root.iter("issue"):
            items = [item for item in issue if item.tag == "item"]
            evaluations = {str(i.get("value")): Fraction(i.get("evaluation", "0")) for i in items}
            top = max(evaluations.values()) or Fraction(1)
            weight = weights[issue.get("index")]
            found[str(issue.get("name"))] = {k: weight * v / top for k, v in evaluations.items()}
        return found

    def undominated(pairs: list[tuple[Fraction, Fraction]]) -> list[tuple[Fraction, Fraction]]:
        kept: list[tuple[Fraction, Fraction]] = []
        for pair in sorted(set(pairs), key=lambda p: (-p[0], -p[1])):
            if not kept or pair[1] > kept[-1][1]:
                kept.append(pair)
        return kept

    ours, theirs = utilities(paths[1]), utilities(paths[2])
    frontier = [(Fraction(0), Fraction(0))]
    for name, values in ours.items():
        part = undominated([(values[key], theirs[name][key]) for key in values])
        frontier = undominated([(a[0] + b[0], a[1] + b[1]) for a in frontier for b in part])
    return {(round(float(o), 9), round(float(t), 9)) for o, t in frontier}


def synthetic(issues: int = 30, options: int = 10, seed: int = 2026) -> OutcomeSpace:
    rng = np.random.default_rng(seed)
    axes, components = [], []
    for index in range(issues):
        ours = rng.random(options)
        theirs = rng.random(options)
        axes.append(IssueAxis(f"issue{index}", tuple(range(options)), ours, theirs))
        components.append(
            Component(
                (index,),
                np.arange(options)[:, None],
                ours,
                theirs,
                np.ones((options, 0), dtype=np.bool_),
            )
        )
    return OutcomeSpace(tuple(axes), tuple(components), ())


def run_synthetic(repeats: int) -> None:
    space = synthetic()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        frontier = merged_frontier(space, [])
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    merged_frontier(space, [])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"\nsynthetic 30 issues x 10 options ({space.size:.0e} outcomes): frontier of "
        f"{len(frontier)} points in {best * 1000:.2f} ms (best of {repeats}); peak numpy/Python "
        f"allocation {peak / 1e6:.2f} MB; whole process max RSS {rss:.0f} MB"
    )


def linear_grids(sizes: list[int], slopes: list[tuple[float, float]]) -> OutcomeSpace:
    """Numeric issues on a grid whose values trade off linearly: every grid point is efficient.

    Issue i moves ``down`` of value from us and ``up`` to them from one end of its grid to the
    other, like a discount (``ours: [[0, 0], [max, -down]]``, ``theirs: [[0, 0], [max, up]]``).
    """
    axes, components = [], []
    for index, (count, (down, up)) in enumerate(zip(sizes, slopes, strict=True)):
        share = np.linspace(0.0, 1.0, count)
        ours, theirs = -down * share, up * share
        axes.append(IssueAxis(f"grid{index}", tuple(range(count)), ours, theirs))
        components.append(
            Component(
                (index,),
                np.arange(count)[:, None],
                ours,
                theirs,
                np.ones((count, 0), dtype=np.bool_),
            )
        )
    return OutcomeSpace(tuple(axes), tuple(components), ())


FINE_GRIDS = [20_001, 30_001]
"""Two numeric issues, e.g. a 0-20 % discount and a 0-30 week delay on a 0.001 step."""


def run_fine_grids(repeats: int) -> None:
    """The fine-grid row, printed by a child process so its maximum resident size is its own."""
    import resource

    from brightline.errors import UsageError

    space = linear_grids(FINE_GRIDS, [(20_000.0, 30_000.0), (45_000.0, 15_000.0)])
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        frontier = merged_frontier(space, [])
        best = min(best, time.perf_counter() - start)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    equal = linear_grids(FINE_GRIDS, [(1.0, 1.0), (1.0, 1.0)])
    start = time.perf_counter()
    try:
        merged_frontier(equal, [])
        refusal = "not refused"
    except UsageError:
        refusal = f"refused in {time.perf_counter() - start:.3f} s"
    print(
        f"\nfine grids {FINE_GRIDS[0]:,} x {FINE_GRIDS[1]:,} points, different slopes: frontier of "
        f"{len(frontier):,} points in {best:.3f} s (best of {repeats}), process max RSS "
        f"{rss:.0f} MB; equal slopes (6 x 10^8 sums, nothing to prune): {refusal}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--negmas", default="/tmp/negmas-venv/bin/python")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument(
        "--fine-grids-only", action="store_true", help="Run only the fine numeric grid case."
    )
    options = parser.parse_args()
    if options.fine_grids_only:
        run_fine_grids(options.repeats)
        return
    if not GENIUS.exists():
        sys.exit(f"{GENIUS} is absent: the ANAC domains are needed")
    print(
        f"{'domain':<11} {'outcomes':>9} {'points':>6} {'brightline':>11} {'negmas':>10} "
        f"{'ratio':>8}  same frontier"
    )
    version = "?"
    for name, (folder, *files) in DOMAINS.items():
        paths = [GENIUS / folder / file for file in files]
        ours_time, ours_pairs, size = brightline_frontier(paths, options.repeats)
        their_time, their_pairs, version = negmas_frontier(options.negmas, paths, 3)
        exact = exact_frontier(paths)
        missing, extra, tied = matches(ours_pairs, their_pairs)
        note = (
            "yes" if not missing and not extra else f"NO ({missing} ours only, {extra} theirs only)"
        )
        if tied:
            note += f"; NegMAS also lists {tied} point(s) weakly dominated within 1e-9"
        note += f"; Brightline {'=' if ours_pairs == exact else '!='} exact ({len(exact)} points)"
        print(
            f"{name:<11} {size:>9,} {len(ours_pairs):>6} {ours_time * 1000:>8.3f} ms "
            f"{their_time:>8.3f} s {their_time / ours_time:>7,.0f}x  {note}"
        )
    print(f"(NegMAS {version}; times are the best of several runs of compute only)")
    run_synthetic(options.repeats)
    command = [sys.executable, __file__, "--fine-grids-only", "--repeats", str(options.repeats)]
    sys.stdout.flush()
    subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
