"""One door to the HiGHS mixed-integer solver (through :func:`scipy.optimize.milp`).

Why SciPy's copy and not ``highspy``: ``highspy`` prints its banner to standard output the first
time a solver is created, whatever the options, which would corrupt ``--format json``. SciPy's copy
is quiet except for one debug line some models trigger; the commands route the solver's standard
output to standard error while it runs (``brightline.cli.offer_commands``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from brightline.engine.space import FloatArray, IndexArray

RELATIVE_GAP = 1e-9
"""Solve to proven optimality (up to rounding), not to HiGHS's default 0.01% gap."""


@dataclass(frozen=True, slots=True)
class MilpResult:
    """What the solver returned.

    Attributes:
        status: ``optimal``, ``infeasible``, or ``stopped`` (time limit or another stop).
        x: Values of the variables (None when no feasible point was found).
        dual_bound: Best bound on the objective (minimisation), when known.
    """

    status: str
    x: FloatArray | None
    dual_bound: float | None


def solve_milp(
    objective: FloatArray,
    integer: IndexArray,
    lower: FloatArray,
    upper: FloatArray,
    matrix: Any,
    row_lower: FloatArray,
    row_upper: FloatArray,
    time_limit: float,
) -> MilpResult:
    """Minimise ``objective @ x`` subject to bounds, ``row_lower <= matrix @ x <= row_upper``.

    Args:
        objective: Cost per variable.
        integer: 1 for integer variables, 0 for continuous ones.
        lower: Lower bound per variable (``-inf`` allowed).
        upper: Upper bound per variable (``inf`` allowed).
        matrix: The constraint matrix (any SciPy sparse format).
        row_lower: Lower bound per row.
        row_upper: Upper bound per row.
        time_limit: Seconds the solver may run.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    result = milp(
        objective,
        integrality=integer,
        bounds=Bounds(lower, upper),
        constraints=LinearConstraint(matrix, row_lower, row_upper),
        options={"time_limit": time_limit, "mip_rel_gap": RELATIVE_GAP, "disp": False},
    )
    bound = getattr(result, "mip_dual_bound", None)
    if result.status == 2:
        return MilpResult("infeasible", None, None)
    status = "optimal" if result.status == 0 else "stopped"
    return MilpResult(status, result.x, None if bound is None else float(bound))
