import json
from pathlib import Path


def test_init_writes_schema_beside_the_case(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "deal.yaml"
    result = cli("init", "--context", "hiring", "-o", str(target))
    assert result.exit_code == 0, result.output
    first_line = target.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./brightline-case.schema.json"
    schema = json.loads((tmp_path / "brightline-case.schema.json").read_text(encoding="utf-8"))
    assert "standards" in schema["properties"]
    assert cli("check", str(target)).exit_code == 0
