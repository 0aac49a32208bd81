"""Run NegMAS's pareto_frontier on one GENIUS scenario and print its frontier and time as JSON.

Runs inside NegMAS's own virtual environment (NegMAS is AGPL: we call it, never copy it):

    /tmp/negmas-venv/bin/python benchmarks/negmas_frontier_driver.py DOMAIN.xml OURS.xml THEIRS.xml

The time covers only the ``pareto_frontier`` call, on the scenario already loaded, with discounting
and reservation values ignored: NegMAS would otherwise drop the outcomes below a reservation
value, while Brightline's frontier lists every efficient outcome. Repeats and keeps the fastest run.
"""

from __future__ import annotations

import json
import sys
import time


def _genius_normalised(ufun, outcome_space):  # type: ignore[no-untyped-def]
    """The same profile with each issue's evaluations divided by their maximum.

    That is GENIUS's own definition of utility (and Brightline's import); NegMAS 0.16 loads the raw
    evaluations, so without this the two tools would compare different preferences.
    """
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    tables = []
    for value in ufun.values:
        top = max(value.mapping.values())
        scale = top if top > 0 else 1.0
        tables.append(TableFun({key: item / scale for key, item in value.mapping.items()}))
    return LinearAdditiveUtilityFunction(
        values=tables,
        weights=list(ufun.weights),
        outcome_space=outcome_space,
        reserved_value=ufun.reserved_value,
    )


def main() -> None:
    import negmas
    from negmas.inout import load_genius_domain
    from negmas.preferences import pareto_frontier

    domain, ours, theirs = sys.argv[1:4]
    repeats = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    scenario = load_genius_domain(
        domain, [ours, theirs], ignore_discount=True, ignore_reserved=True
    )
    ufuns = [_genius_normalised(ufun, scenario.outcome_space) for ufun in scenario.ufuns]
    best = float("inf")
    frontier: tuple[tuple[float, ...], ...] = ()
    for _ in range(repeats):
        start = time.perf_counter()
        frontier, _indices = pareto_frontier(ufuns, issues=scenario.outcome_space.issues)
        best = min(best, time.perf_counter() - start)
    print(
        json.dumps(
            {
                "negmas": negmas.__version__,
                "seconds": best,
                "frontier": [list(point) for point in frontier],
            }
        )
    )


if __name__ == "__main__":
    main()
