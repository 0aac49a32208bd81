from pathlib import Path

from conftest import Outcome


def test_check_example_exits_zero(cli, saas_case_path: Path) -> None:  # type: ignore[no-untyped-def]
    result: Outcome = cli("check", str(saas_case_path))
    assert result.exit_code == 0, result.output


def test_missing_file_exits_two(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result: Outcome = cli("check", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "file does not exist" in result.stderr
