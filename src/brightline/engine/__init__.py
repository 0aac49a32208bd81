"""The value engine: outcome space, exact Pareto frontier, bargaining points, warrant gate.

Pure: no I/O, no printing. Everything here is a function of a validated case (or of compiled
arrays) returning frozen dataclasses of numpy arrays.
"""

from brightline.engine.frontier import (
    Frontier,
    enumerated_frontier,
    merged_frontier,
    pareto_frontier,
    pareto_indices,
)
from brightline.engine.gate import Condition, GateResult, Verdict, warrant_gate
from brightline.engine.points import (
    Reservations,
    Zopa,
    kalai_point,
    max_joint_point,
    nash_point,
    zopa,
)
from brightline.engine.proportionality import StandardPrice, measure_standard, measure_standards
from brightline.engine.space import (
    Component,
    Enumeration,
    IssueAxis,
    OutcomeSpace,
    compile_space,
    enumerate_outcomes,
)
from brightline.engine.sweep import Sweep, sweep

__all__ = [
    "Component",
    "Condition",
    "Enumeration",
    "Frontier",
    "GateResult",
    "IssueAxis",
    "OutcomeSpace",
    "Reservations",
    "StandardPrice",
    "Sweep",
    "Verdict",
    "Zopa",
    "compile_space",
    "enumerate_outcomes",
    "enumerated_frontier",
    "kalai_point",
    "max_joint_point",
    "measure_standard",
    "measure_standards",
    "merged_frontier",
    "nash_point",
    "pareto_frontier",
    "pareto_indices",
    "sweep",
    "warrant_gate",
    "zopa",
]
