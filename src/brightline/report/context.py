"""One computation per report: the results every section reads, each computed once.

The plan's sections all start from the same compiled outcome space: the warrant gate and the
sweep walk its frontier, MESO searches it, every received offer is evaluated on it, and the
readiness and pitfall sections share one lint run. Before this context each section compiled the
space for itself (three compilations per ``plan``). A :class:`CaseContext` computes each result on
first use and hands the same object to every later section; a result that cannot be computed
(a case the engine cannot hold) is remembered as its error, so it is not attempted twice either.

A context belongs to one report of one case: it holds no global state, so two requests building
two reports at the same time never see each other's results.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from brightline.case.validate import LoadedCase
from brightline.errors import BrightlineError

if TYPE_CHECKING:
    from brightline.economics.analysis import CaseEconomics
    from brightline.engine.frontier import Frontier
    from brightline.engine.gate import GateResult
    from brightline.engine.space import OutcomeSpace
    from brightline.engine.sweep import Sweep
    from brightline.lint import LintReport
    from brightline.offers.meso import MesoResult

PLAN_MESO_SECONDS = 5.0
"""Seconds the MILP may spend on the plan's MESO grid (the ``meso`` command allows more)."""


@dataclass(slots=True)
class CaseContext:
    """The shared results of one case, computed lazily and at most once each.

    Attributes:
        loaded: The validated case.
        compilations: How many times this context compiled the outcome space (0 or 1): tests
            and benchmarks read it to check that a report compiles once.
    """

    loaded: LoadedCase
    compilations: int = 0
    _results: dict[str, Any] = field(default_factory=dict, repr=False)

    def _once(self, name: str, compute: Any) -> Any:
        """The result called ``name``, computing it on first use; a failure is raised each time."""
        if name not in self._results:
            try:
                self._results[name] = compute()
            except BrightlineError as error:
                self._results[name] = error
        found = self._results[name]
        if isinstance(found, BrightlineError):
            raise found
        return found

    def _compile(self) -> OutcomeSpace:
        from brightline.engine.space import compile_space

        self.compilations += 1
        return compile_space(self.loaded)

    @property
    def space(self) -> OutcomeSpace:
        """The compiled outcome space with every standard.

        Raises:
            UsageError: when the case joins more combinations than the engine holds.
        """
        return self._once("space", self._compile)  # type: ignore[no-any-return]

    @property
    def gate(self) -> GateResult:
        """The warrant gate on :attr:`space`."""
        from brightline.engine.gate import warrant_gate

        return self._once("gate", lambda: warrant_gate(self.loaded, self.space))  # type: ignore[no-any-return]

    @property
    def sweep(self) -> Sweep:
        """Both frontiers, the bargaining points and the ZOPA: the gate's own when it made one."""
        from brightline.engine.sweep import sweep

        def compute() -> Sweep:
            found = self.gate.sweep
            return found if found is not None else sweep(self.loaded, self.space)

        return self._once("sweep", compute)  # type: ignore[no-any-return]

    @property
    def frontier(self) -> Frontier:
        """The compliant Pareto frontier of :attr:`space`: the sweep's, computed once per report.

        The gate, the sweep, MESO's best case and the value each offer leaves on the table, and
        every received offer's evaluation read this one frontier.
        """
        return self.sweep.frontier

    @property
    def lint(self) -> LintReport:
        """Readiness items, pitfall findings and the measures of each standard."""
        from brightline.lint import lint_case

        return self._once("lint", lambda: lint_case(self.loaded))  # type: ignore[no-any-return]

    @property
    def meso(self) -> MesoResult:
        """The plan's MESO grid with the default request, within :data:`PLAN_MESO_SECONDS`."""
        from brightline.offers.meso import MesoAsk, generate_meso

        def compute() -> MesoResult:
            ask = MesoAsk(time_limit=PLAN_MESO_SECONDS)
            return generate_meso(self.loaded, ask, space=self.space, frontier=self.frontier)

        return self._once("meso", compute)  # type: ignore[no-any-return]

    @property
    def economics(self) -> CaseEconomics:
        """BATNA costing, hold-versus-cave and deterrence with seed 0."""
        from brightline.economics.analysis import analyse_case

        return self._once("economics", lambda: analyse_case(self.loaded))  # type: ignore[no-any-return]

    def with_economics(self, result: CaseEconomics) -> CaseContext:
        """This context with an economics result computed elsewhere (another seed, say)."""
        self._results["economics"] = result
        return self
