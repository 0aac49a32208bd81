from pathlib import Path

from brightline.case import parse_case
from brightline.lint import Severity, lint_case
from factories import minimal_case, to_yaml


def test_minimal_case_is_clean() -> None:
    loaded = parse_case(to_yaml(minimal_case()).encode(), "min.yaml")
    report = lint_case(loaded)
    assert [f for f in report.findings if f.severity is Severity.ERROR] == []
    assert all(item.done for item in report.readiness), report.readiness


def test_saas_example_loads(saas_case_path: Path) -> None:
    loaded = parse_case(saas_case_path.read_bytes(), str(saas_case_path))
    assert loaded.case.case.context.value == "sales"
