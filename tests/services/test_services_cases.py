"""The case use cases, called directly with typed arguments (no CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.actions import act
from brightline.case.model import Context
from brightline.errors import CaseFileError, UsageError
from brightline.lint import Severity
from brightline.services import cases
from brightline.services.engine import gate_case, import_genius_case, sweep_case
from conftest import EXAMPLES, GENIUS
from factories import minimal_case, to_yaml, variant

SAAS = EXAMPLES / "saas-data-residency.yaml"


def test_check_cases_reports_every_unusable_file_at_once(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("case: [\n", encoding="utf-8")
    missing = tmp_path / "missing.yaml"
    with pytest.raises(CaseFileError) as raised:
        cases.check_cases([SAAS, broken, missing], Severity.ERROR)
    files = {problem.file for problem in raised.value.problems}
    assert files == {str(broken), str(missing)}


def test_check_cases_fails_at_the_threshold(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(to_yaml(variant(**{"reservation.pre_committed": False})), encoding="utf-8")
    run = cases.check_cases([path], Severity.ERROR)
    assert [finding.code for finding in run.results[0].report.findings] == ["BL103"]
    assert not run.failing
    assert cases.check_cases([path], Severity.WARNING).failing
    clean = tmp_path / "clean.yaml"
    clean.write_text(to_yaml(minimal_case()), encoding="utf-8")
    assert not cases.check_cases([clean], Severity.INFO).failing


def test_parse_severity_names_the_parameter() -> None:
    assert cases.parse_severity("warning") is Severity.WARNING
    with pytest.raises(UsageError) as raised:
        cases.parse_severity("fatal")
    assert raised.value.parameter == "fail_on"
    assert "--" not in raised.value.message and "'fatal'" in raised.value.message


def test_starter_case_refuses_to_overwrite_and_proposes_force(tmp_path: Path) -> None:
    output = tmp_path / "case.yaml"
    written = cases.write_starter_case(Context.HIRING, output)
    assert written[0] == output and written[1].parent == tmp_path and written[1].exists()
    assert cases.load_case(output).case.case.context is Context.HIRING
    with pytest.raises(UsageError) as raised:
        cases.write_starter_case(Context.HIRING, output)
    assert raised.value.action == act("init", force=True)
    assert "--force" not in str(raised.value)
    cases.write_starter_case(Context.SALES, output, force=True)
    assert cases.load_case(output).case.case.context is Context.SALES


def test_plan_and_lint_rule() -> None:
    assert cases.plan_case(SAAS).sections
    assert cases.lint_rule("BL202").code == "BL202"


def test_sweep_refuses_a_chart_name_before_any_work(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        sweep_case(tmp_path / "missing.yaml", tmp_path / "chart.pdf")
    assert raised.value.parameter == "plot"
    run = sweep_case(SAAS)
    assert run.chart is None and run.sweep.frontier.ours.size > 0


def test_gate_case_returns_the_verdict() -> None:
    assert gate_case(SAAS).gate.verdict.value == "integrative-first"


LAPTOP = GENIUS / "y2011-Laptop"


@pytest.mark.skipif(not LAPTOP.exists(), reason="the GENIUS Laptop domain is not available")
def test_import_genius_writes_a_case_that_loads(tmp_path: Path) -> None:
    domain = LAPTOP / "laptop_domain.xml"
    ours, theirs = LAPTOP / "laptop_seller_utility.xml", LAPTOP / "laptop_buyer_utility.xml"
    output = tmp_path / "imported.yaml"
    imported = import_genius_case(domain, ours, theirs, context="sales", output=output)
    assert imported.written == output and imported.issues == 3
    assert output.read_text(encoding="utf-8") == imported.text
    assert len(cases.load_case(output).case.issues) == 3
    with pytest.raises(UsageError) as raised:
        import_genius_case(domain, ours, theirs, output=output)
    assert raised.value.action == act("import-genius", force=True)
    with pytest.raises(UsageError, match="unknown context 'sale'"):
        import_genius_case(domain, ours, theirs, context="sale")


def test_import_genius_names_every_unusable_argument(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as raised:
        import_genius_case(tmp_path / "d.xml", tmp_path, tmp_path / "t.xml")
    message = str(raised.value)
    assert "DOMAIN argument" in message and "OURS argument" in message
    assert "THEIRS argument" in message
