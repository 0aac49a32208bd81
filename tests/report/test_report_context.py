"""One computation per plan: a plan compiles the outcome space once and lints once."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from factories import to_yaml, variant


def _count_full_compilations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Wrap ``compile_space`` wherever it was imported; count the compilations of every standard.

    A compilation for some standards only (the lint's per-standard prices) is a different space
    and is not counted.
    """
    from brightline.engine import space as space_module

    original = space_module.compile_space
    calls: list[int] = []

    def counting(loaded: Any, standard_ids: Any = None) -> Any:
        if standard_ids is None:
            calls.append(1)
        return original(loaded, standard_ids)

    for module in list(sys.modules.values()):
        if module is not None and getattr(module, "compile_space", None) is original:
            monkeypatch.setattr(module, "compile_space", counting)
    return calls


@pytest.mark.parametrize("name", ["saas-data-residency", "healthcare-data-partnership"])
def test_a_plan_compiles_the_space_once(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    from brightline.report.context import CaseContext
    from brightline.report.plan import build_plan
    from brightline.services import load_case

    loaded = load_case(EXAMPLES / f"{name}.yaml")
    import brightline.offers.evaluate
    import brightline.offers.meso  # noqa: F401  (imported so their compile_space is wrapped too)

    calls = _count_full_compilations(monkeypatch)
    context = CaseContext(loaded)
    document = build_plan(context)
    assert len(calls) == 1, f"{len(calls)} compilations of the full space"
    assert context.compilations == 1
    assert {"gate", "sweep", "meso", "economics"} <= {section.key for section in document}


def test_the_context_computes_each_result_once() -> None:
    from brightline.report.context import CaseContext
    from brightline.services import load_case

    context = CaseContext(load_case(EXAMPLES / "saas-data-residency.yaml"))
    assert context.gate is context.gate
    assert context.sweep is context.gate.sweep  # the gate's own sweep, not a second one
    assert context.lint is context.lint
    assert context.compilations == 1


def test_a_failure_is_remembered_not_retried(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from brightline.engine import space as space_module
    from brightline.errors import UsageError
    from brightline.report.context import CaseContext
    from brightline.report.plan import build_plan
    from brightline.services import load_case

    monkeypatch.setattr(space_module, "MAX_COMPONENT_ROWS", 3)
    path = tmp_path / "case.yaml"
    rule = 'residency == "eu_only" -> discount <= 10'
    path.write_text(to_yaml(variant(**{"standards.0.rule": rule})), encoding="utf-8")
    context = CaseContext(load_case(path))
    document = build_plan(context)
    assert "could not handle" in document.section("gate").lines[0]
    assert document.section("meso").lines[0].startswith("No grid: ")
    assert context.compilations == 1  # the engine and MESO sections met the same refusal
    with pytest.raises(UsageError):
        _ = context.space


def _count_frontiers(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Wrap both frontier algorithms; record each computation as "compliant" or "unconstrained".

    ``pareto_frontier`` dispatches to one of them through the module's globals, so every
    frontier any part of Brightline computes passes through the wrappers.
    """
    from brightline.engine import frontier as frontier_module

    computed: list[str] = []
    for name in ("enumerated_frontier", "merged_frontier"):
        original = getattr(frontier_module, name)

        def counting(space: Any, standard_ids: Any = None, original: Any = original) -> Any:
            computed.append("unconstrained" if standard_ids == [] else "compliant")
            return original(space, standard_ids)

        monkeypatch.setattr(frontier_module, name, counting)
    return computed


@pytest.mark.parametrize("name", ["saas-data-residency", "senior-hire-pay-band"])
def test_a_plan_run_computes_the_compliant_frontier_once(
    cli: Any, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """The gate's sweep, MESO (best case, value left on the table) and every received offer's
    evaluation read one frontier: ``brightline plan`` computes it once, and the unconstrained one
    once for the sweep."""
    computed = _count_frontiers(monkeypatch)
    result = cli("plan", str(EXAMPLES / f"{name}.yaml"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert '"meso"' in result.stdout and '"offers"' in result.stdout
    assert computed.count("compliant") == 1, computed
    assert computed.count("unconstrained") == 1, computed


def test_the_meso_command_computes_the_frontier_once(
    cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The target's share and the search share one frontier too."""
    computed = _count_frontiers(monkeypatch)
    result = cli("meso", str(EXAMPLES / "saas-data-residency.yaml"), "--target", "60%")
    assert result.exit_code == 0, result.output
    assert computed == ["compliant"]
