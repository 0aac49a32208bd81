"""The case-file commands in-process: check (text, JSON, --fail-on, several files), init, schema, plan."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from brightline.case import parse_case
from brightline.case.model import Case, Context
from conftest import Outcome
from factories import minimal_case, to_yaml, variant

Cli = Callable[..., Outcome]
Write = Callable[[str, str | bytes], Path]

WARNING_ONLY = {"reservation.pre_committed": False}  # BL103, a warning
WITH_ERROR = {"standards.0.published": False}  # BL202, an error


@pytest.fixture(autouse=True)
def _short_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Rich wraps at 80 columns off a terminal; relative names keep `FILE:LINE:COL` on one line.
    monkeypatch.chdir(tmp_path)


def _relative(path: Path) -> Path:
    return Path(path.name)


@pytest.fixture
def clean_file(write_file: Write) -> Path:
    return _relative(write_file("clean.yaml", to_yaml(minimal_case())))


@pytest.fixture
def warning_file(write_file: Write) -> Path:
    return _relative(write_file("warning.yaml", to_yaml(variant(**WARNING_ONLY))))


@pytest.fixture
def error_file(write_file: Write) -> Path:
    return _relative(write_file("error.yaml", to_yaml(variant(**WITH_ERROR))))


# --- check: text -------------------------------------------------------------------------------


def test_check_clean_text(cli: Cli, clean_file: Path) -> None:
    result = cli("check", str(clean_file))
    assert result.exit_code == 0, result.output
    assert "no pitfalls found" in result.stdout
    for code in [f"BL10{n}" for n in range(1, 10)]:
        assert code in result.stdout


def test_check_text_locates_finding(cli: Cli, error_file: Path) -> None:
    result = cli("check", str(error_file))
    assert result.exit_code == 1, result.output
    loaded = parse_case(error_file.read_bytes(), str(error_file))
    position = loaded.source.locate(("standards", 0, "published"))
    assert f"{error_file}:{position.line}:{position.column}: BL202 error" in result.stdout
    assert "fix: set `published: true`" in result.stdout
    assert "1 error, 0 warnings, 0 notes" in result.stdout


def test_check_text_keeps_long_locations_on_one_line(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "a-rather-long-folder-name" / "another-long-folder-name-for-cases"
    folder.mkdir(parents=True)
    path = folder / "acme-renewal.yaml"
    path.write_text(to_yaml(variant(**WITH_ERROR)), encoding="utf-8")
    result = cli("check", str(path))
    position = parse_case(path.read_bytes(), str(path)).source.locate(("standards", 0, "published"))
    assert f"{path}:{position.line}:{position.column}: BL202 error" in result.stdout


# --- check: JSON -------------------------------------------------------------------------------


def _check_json(cli: Cli, *arguments: str) -> tuple[Outcome, Any]:
    result = cli("check", "--format", "json", *arguments)
    return result, json.loads(result.stdout)


def test_check_json_shape(cli: Cli, error_file: Path) -> None:
    result, document = _check_json(cli, str(error_file))
    assert result.exit_code == 1, result.output
    assert {"readiness", "findings"} <= set(document)
    assert [item["code"] for item in document["readiness"]] == [f"BL1{n:02d}" for n in range(1, 11)]
    for item in document["readiness"]:
        assert {"code", "item", "status", "detail", "add"} <= set(item)
        assert item["status"] in {"done", "missing"}
    assert len(document["findings"]) == 1
    finding = document["findings"][0]
    assert set(finding) == {"code", "severity", "message", "hint", "location"}
    assert finding["code"] == "BL202"
    assert finding["severity"] == "error"
    assert finding["message"] and finding["hint"]
    location = finding["location"]
    assert {"path", "line", "column"} <= set(location)
    assert location["path"] == "standards[0].published"
    line = error_file.read_text(encoding="utf-8").splitlines()[location["line"] - 1]
    assert line[location["column"] - 1 :].startswith("false")


def test_check_json_missing_readiness_item(cli: Cli, warning_file: Path) -> None:
    result, document = _check_json(cli, str(warning_file))
    assert result.exit_code == 0, result.output
    statuses = {item["code"]: item["status"] for item in document["readiness"]}
    assert statuses["BL103"] == "missing"
    assert statuses["BL102"] == "done"
    assert [(f["code"], f["severity"]) for f in document["findings"]] == [("BL103", "warning")]


def test_check_json_clean(cli: Cli, clean_file: Path) -> None:
    result, document = _check_json(cli, str(clean_file))
    assert result.exit_code == 0, result.output
    assert document["findings"] == []
    assert all(item["status"] == "done" for item in document["readiness"])


# --- check: --fail-on --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "fail_on", "expected"),
    [
        ("clean_file", None, 0),
        ("clean_file", "info", 0),
        ("warning_file", None, 0),
        ("warning_file", "error", 0),
        ("warning_file", "warning", 1),
        ("warning_file", "info", 1),
        ("error_file", None, 1),
        ("error_file", "error", 1),
        ("error_file", "warning", 1),
    ],
)
def test_fail_on(
    cli: Cli, request: pytest.FixtureRequest, fixture: str, fail_on: str | None, expected: int
) -> None:
    path: Path = request.getfixturevalue(fixture)
    options = ["--fail-on", fail_on] if fail_on else []
    result = cli("check", *options, str(path))
    assert result.exit_code == expected, result.output


def test_bad_fail_on_value_exits_two(cli: Cli, clean_file: Path) -> None:
    result = cli("check", "--fail-on", "fatal", str(clean_file))
    assert result.exit_code == 2
    assert "--fail-on must be info, warning or error" in result.stderr


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("syntax.yaml", "brightline: 1\ncase: [unclosed\n", "YAML syntax error"),
        ("empty.yaml", "", "file is empty"),
        ("latin1.yaml", b"brightline: 1\ntitle: caf\xe9\n", "not valid UTF-8"),
        ("typo.yaml", to_yaml(variant(**{"standards.0.publshed": True})), "publshed"),
    ],
)
def test_unusable_file_exits_two(
    cli: Cli, write_file: Write, name: str, content: str | bytes, message: str
) -> None:
    path = write_file(name, content)
    result = cli("check", str(path))
    assert result.exit_code == 2, result.output
    assert f"{path}:" in result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_missing_file_exits_two(cli: Cli, tmp_path: Path) -> None:
    result = cli("check", str(tmp_path / "absent.yaml"))
    assert result.exit_code == 2
    assert "file does not exist" in result.stderr


# --- check: several files ----------------------------------------------------------------------


def test_several_files_text(cli: Cli, clean_file: Path, warning_file: Path) -> None:
    result = cli("check", str(clean_file), str(warning_file))
    assert result.exit_code == 0, result.output
    assert f"{clean_file}: no pitfalls found" in result.stdout
    assert f"{warning_file}:" in result.stdout and "BL103 warning" in result.stdout


def test_several_files_json(cli: Cli, clean_file: Path, error_file: Path) -> None:
    result, documents = _check_json(cli, str(clean_file), str(error_file))
    assert result.exit_code == 1, result.output
    assert isinstance(documents, list) and len(documents) == 2
    assert documents[0]["findings"] == []
    assert [f["code"] for f in documents[1]["findings"]] == ["BL202"]


def test_several_files_one_unusable(cli: Cli, clean_file: Path, write_file: Write) -> None:
    broken = write_file("broken.yaml", "brightline: [\n")
    result = cli("check", str(clean_file), str(broken))
    assert result.exit_code == 2
    assert f"{broken}:" in result.stderr
    assert str(clean_file) not in result.stderr


# --- init --------------------------------------------------------------------------------------


@pytest.mark.parametrize("context", [context.value for context in Context])
def test_init_writes_a_case_that_checks_clean(cli: Cli, tmp_path: Path, context: str) -> None:
    target = tmp_path / f"{context}.yaml"
    result = cli("init", "--context", context, "-o", str(target))
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    loaded = parse_case(text.encode("utf-8"), str(target))
    assert loaded.case.case.context.value == context
    checked = cli("check", str(target))
    assert checked.exit_code == 0, checked.output


def test_init_covers_every_context() -> None:
    assert {context.value for context in Context} == {
        "sales",
        "partnership",
        "procurement",
        "hiring",
        "leadership",
    }


def test_init_to_stdout(cli: Cli) -> None:
    result = cli("init", "--context", "hiring")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# yaml-language-server: $schema=")


def test_init_refuses_to_overwrite(cli: Cli, write_file: Write) -> None:
    target = write_file("mine.yaml", "keep me\n")
    result = cli("init", "--context", "sales", "-o", str(target))
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me\n"
    forced = cli("init", "--context", "sales", "-o", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_text(encoding="utf-8").startswith("# yaml-language-server:")


def test_init_unknown_context(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    result = cli("init", "--context", "procurment", "-o", str(target))
    assert result.exit_code == 2
    assert "did you mean 'procurement'" in result.stderr
    assert not target.exists()


# --- schema ------------------------------------------------------------------------------------


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_schema_is_json_schema_of_the_case(cli: Cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0, result.output
    schema = json.loads(result.stdout)
    assert isinstance(schema, dict)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["type"] == "object"
    assert set(Case.model_fields) <= set(schema["properties"])
    assert {"brightline", "case", "parties", "issues"} <= set(schema["required"])
    assert schema.get("additionalProperties") is False
    definitions = schema.get("$defs", {})
    for reference in _refs(schema):
        assert reference.startswith("#/$defs/"), reference
        assert reference.removeprefix("#/$defs/") in definitions, reference


# --- plan --------------------------------------------------------------------------------------


def test_plan_text(cli: Cli, warning_file: Path) -> None:
    result = cli("plan", str(warning_file))
    assert result.exit_code == 0, result.output
    assert "Plan: Test case" in result.stdout
    assert "Readiness" in result.stdout
    assert "BL103" in result.stdout


def test_plan_json(cli: Cli, warning_file: Path) -> None:
    result = cli("plan", "--format", "json", str(warning_file))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["case"] == {"id": "t", "title": "Test case"}
    assert {"summary", "readiness"} <= set(document)
    assert "BL103" in json.dumps(document)


def test_plan_markdown(cli: Cli, warning_file: Path) -> None:
    result = cli("plan", "-f", "markdown", str(warning_file))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Plan: Test case\n")
    assert "\n## Readiness\n" in result.stdout
    assert "| BL103 |" in result.stdout


def test_plan_unusable_file(cli: Cli, write_file: Write) -> None:
    broken = write_file("broken.yaml", "brightline: 1\n")
    result = cli("plan", str(broken))
    assert result.exit_code == 2
    assert f"{broken}:" in result.stderr


def test_check_markdown_lists_readiness_and_located_findings(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(to_yaml(variant(**WITH_ERROR)), encoding="utf-8")
    result = cli("check", "--format", "markdown", str(path))
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("# Check: ")
    assert "| BL101 | BATNA quantified | done |" in result.stdout
    assert f"`{path}:" in result.stdout and "**BL202** error" in result.stdout
    assert "1 error, 0 warnings, 0 notes" in result.stdout
