"""A case with more issues than the plan answers within seconds is refused at load, located."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from brightline.case import parse_case
from brightline.case.validate import MAX_ISSUES
from brightline.errors import CaseFileError
from conftest import EXAMPLES


def with_extra_issues(count: int) -> str:
    document: Any = YAML(typ="safe").load((EXAMPLES / "saas-data-residency.yaml").read_bytes())
    for index in range(count):
        document["issues"].append(
            {
                "kind": "discrete",
                "id": f"extra{index}",
                "dimension": "terms",
                "options": [
                    {"id": "a", "ours": 0, "theirs": 10},
                    {"id": "b", "ours": 10, "theirs": 0},
                ],
            }
        )
    stream = io.StringIO()
    YAML().dump(document, stream)
    return stream.getvalue()


def test_the_limit_itself_loads() -> None:
    base = len(parse_case((EXAMPLES / "saas-data-residency.yaml").read_bytes()).case.issues)
    loaded = parse_case(with_extra_issues(MAX_ISSUES - base).encode(), "big.yaml")
    assert len(loaded.case.issues) == MAX_ISSUES


def test_one_issue_more_is_refused_with_what_to_do() -> None:
    base = len(parse_case((EXAMPLES / "saas-data-residency.yaml").read_bytes()).case.issues)
    text = with_extra_issues(MAX_ISSUES - base + 1)
    with pytest.raises(CaseFileError) as raised:
        parse_case(text.encode(), "big.yaml")
    (problem,) = raised.value.problems
    assert problem.path == "issues"
    assert f"{MAX_ISSUES + 1:,} issues" in problem.message
    assert "merge issues" in problem.hint
    assert problem.line > 1


@pytest.mark.parametrize("command", ["check", "plan"])
def test_check_and_plan_say_so_instead_of_running(
    tmp_path: Path, command: str, cli: Callable[..., Any]
) -> None:
    path = tmp_path / "big.yaml"
    path.write_text(with_extra_issues(300), encoding="utf-8")
    result = cli(command, str(path))
    assert result.exit_code == 2, result.output
    assert "305 issues, more than the 100" in result.output
