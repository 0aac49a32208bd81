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
    inner = max(time_limit - GRACE_SECONDS, 0.05)  # HiGHS stops itself first, with its best
    arguments = (objective, integer, lower, upper, matrix, row_lower, row_upper, inner)
    if not HARD_LIMIT or objective.shape[0] < HARD_LIMIT_COLUMNS:
        return _solve(*arguments)
    import multiprocessing

    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_solve_into, args=(sender, arguments), daemon=True)
    child.start()
    sender.close()
    try:
        if receiver.poll(time_limit):
            result: MilpResult = receiver.recv()
            return result
        return MilpResult("stopped", None, None)
    except EOFError:  # the child died without an answer
        return MilpResult("stopped", None, None)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()


HARD_LIMIT = True
"""Run HiGHS in a forked child that is killed at the time limit: HiGHS checks its limit only
between phases, and was seen running 5.8 s past a 2.5 s limit on a 100,001-point price grid."""

HARD_LIMIT_COLUMNS = 20_000
"""Models with fewer variables are solved in this process: forking costs about 0.5 s a solve on a
busy machine (measured: 2.45 s instead of 0.66 s for the SaaS example's three leximin stages),
and HiGHS's own limit holds on models this small; the overruns were seen on 300,000 variables."""

GRACE_SECONDS = 0.2
"""HiGHS is given the limit minus this, so it can hand back its best before the child is killed."""


def _solve_into(sender: Any, arguments: tuple[Any, ...]) -> None:
    sender.send(_solve(*arguments))
    sender.close()


def _solve(
    objective: FloatArray,
    integer: IndexArray,
    lower: FloatArray,
    upper: FloatArray,
    matrix: Any,
    row_lower: FloatArray,
    row_upper: FloatArray,
    time_limit: float,
) -> MilpResult:
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
