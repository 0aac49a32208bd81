"""Bad case files give located, actionable problems, all at once, and never a traceback."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from brightline.case import parse_case
from brightline.errors import CaseFileError, Problem
from factories import DELETE, minimal_case, to_yaml, variant

LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<rest>.+); (?P<hint>.+)$")


def problems_of(text: str | bytes) -> list[Problem]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(CaseFileError) as caught:
        parse_case(data, "case.yaml")
    problems = caught.value.problems
    assert problems, "a CaseFileError must carry at least one problem"
    for problem in problems:
        assert LOCATED.match(str(problem)), f"not FILE:LINE:COL: ...; hint -> {problem}"
    return problems


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_yaml_syntax_error_points_at_line() -> None:
    problem = only(problems_of("brightline: 1\ncase: {id: x\nparties: [\n"))
    assert "YAML syntax error" in problem.message
    assert problem.line >= 2


def test_wrong_type() -> None:
    problem = only(problems_of(to_yaml(variant(**{"case.relationship": {"repeated": [1]}}))))
    assert problem.path == "case.relationship.repeated"
    assert "expected true or false" in problem.message


def test_missing_required_field_names_it() -> None:
    problem = only(problems_of(to_yaml(variant(**{"case.title": DELETE}))))
    assert problem.path == "case.title"
    assert "required field is missing" in problem.message
    assert "add `title:`" in problem.hint


def test_unknown_key_suggests_the_right_one() -> None:
    problem = only(problems_of(to_yaml(variant(**{"case.curency": "EUR"}))))
    assert problem.path == "case.curency"
    assert "unknown key" in problem.message
    assert "did you mean 'currency'" in problem.hint


def test_unknown_issue_in_rule_suggests() -> None:
    problem = only(problems_of(to_yaml(variant(**{"standards.0.rule": 'residncy == "eu_only"'}))))
    assert problem.path == "standards[0].rule"
    assert "unknown issue 'residncy'" in problem.message
    assert "did you mean 'residency'" in problem.hint


def test_unknown_option_in_rule_suggests() -> None:
    problem = only(problems_of(to_yaml(variant(**{"standards.0.rule": 'residency == "eu_onyl"'}))))
    assert "has no option 'eu_onyl'" in problem.message
    assert "did you mean 'eu_only'" in problem.hint


def test_rule_column_points_inside_the_rule() -> None:
    text = to_yaml(variant(**{"harms.0.rule": 'residency == "global" and discont > 5'}))
    problem = only(problems_of(text))
    line = text.splitlines()[problem.line - 1]
    assert line[problem.column - 1 :].startswith("discont")


def test_duplicate_ids() -> None:
    document = minimal_case()
    document["harms"].append(dict(document["harms"][0]))
    problem = only(problems_of(to_yaml(document)))
    assert "duplicate id 'transfer'" in problem.message


def test_standard_protecting_unknown_harm() -> None:
    problem = only(problems_of(to_yaml(variant(**{"standards.0.protects": ["transfr"]}))))
    assert "unknown harm 'transfr'" in problem.message
    assert "did you mean 'transfer'" in problem.hint


def test_non_utf8_bytes_are_located() -> None:
    data = to_yaml(minimal_case()).encode().replace(b"Test case", b"Test \xff case")
    problem = only(problems_of(data))
    assert "not valid UTF-8" in problem.message
    assert problem.line == 3 or problem.line > 0


@pytest.mark.parametrize("text", ["", "   \n\n", "# only a comment\n"])
def test_empty_file(text: str) -> None:
    problem = only(problems_of(text))
    assert "empty" in problem.message
    assert "starter case" in problem.hint
    assert problem.action is not None and problem.action.use_case == "init"


def test_file_over_the_size_cap_is_refused_quickly() -> None:
    data = b"brightline: 1\n" + b"# padding\n" * 300_000
    started = time.perf_counter()
    problem = only(problems_of(data))
    assert time.perf_counter() - started < 5.0  # a hang guard, not a benchmark
    assert "limit" in problem.message


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join(f"*a{level - 1}" for _ in range(9))
        lines.append(f"a{level}: &a{level} [{refs}]")
    started = time.perf_counter()
    problem = only(problems_of("\n".join(lines) + "\n"))
    assert time.perf_counter() - started < 5.0  # a hang guard, not a benchmark
    assert "once aliases (*) are expanded" in problem.message


def test_non_numeric_value_where_a_number_is_needed() -> None:
    problem = only(problems_of(to_yaml(variant(**{"harms.0.impact": "1.2M"}))))
    assert problem.path == "harms[0].impact"
    assert "expected a number, got '1.2M'" in problem.message


def test_all_shape_problems_are_reported_at_once() -> None:
    text = to_yaml(
        variant(**{"case.context": "sale", "harms.0.impact": "lots", "reservation.value": "x"})
    )
    problems = problems_of(text)
    paths = {problem.path for problem in problems}
    assert {"case.context", "harms[0].impact", "reservation.value"} <= paths


def test_all_reference_problems_are_reported_at_once() -> None:
    text = to_yaml(variant(**{"standards.0.rule": "nope == 1", "standards.0.protects": ["ghost"]}))
    assert len(problems_of(text)) == 2


def test_top_level_list_is_refused() -> None:
    problem = only(problems_of("- a\n- b\n"))
    assert "mapping of sections" in problem.message


def test_wrong_format_version() -> None:
    problem = only(problems_of(to_yaml(variant(brightline=2))))
    assert problem.path == "brightline"


def test_issue_without_kind() -> None:
    problem = only(problems_of(to_yaml(variant(**{"issues.0.kind": DELETE}))))
    assert "discrete" in problem.message and "numeric" in problem.message


def test_duplicate_yaml_keys_are_refused() -> None:
    text = to_yaml(minimal_case()).replace("currency: EUR", "currency: EUR\n  currency: USD")
    assert "duplicate" in only(problems_of(text)).message.lower()


def test_missing_file_via_cli(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli("check", str(tmp_path / "missing.yaml"))
    assert result.exit_code == 2
    assert "missing.yaml:0:0: file does not exist; check the path" in result.stderr
    assert "Traceback" not in result.output


def test_bad_file_via_cli_lists_every_problem(cli, write_file) -> None:  # type: ignore[no-untyped-def]
    path = write_file(
        "bad.yaml", to_yaml(variant(**{"case.context": "sale", "harms.0.impact": "x"}))
    )
    result = cli("check", str(path))
    assert result.exit_code == 2
    assert result.stderr.count("bad.yaml:") == 2
    assert "error: 2 problems" in result.stderr


def test_numeric_curve_and_grid() -> None:
    loaded = parse_case(to_yaml(minimal_case()).encode(), "case.yaml")
    discount = loaded.case.issue("discount")
    assert discount.values() == (0.0, 5.0, 10.0, 15.0, 20.0)
    assert discount.value_to_us(10) == pytest.approx(-10000)
    assert discount.value_to_them(20) == pytest.approx(20000)


def test_huge_flat_list_is_refused_before_parsing() -> None:
    data = ("x: [" + ",".join(["1"] * 1_000_000) + "]\n").encode()
    started = time.perf_counter()
    problem = only(problems_of(data))
    assert time.perf_counter() - started < 5.0  # a hang guard: the parser alone would take ~45 s
    assert "separators" in problem.message


def test_infinite_and_nan_numbers_are_refused() -> None:
    problems = problems_of(to_yaml(variant(**{"harms.0.impact": float("inf")})))
    assert only(problems).path == "harms[0].impact"
    problems = problems_of(to_yaml(variant(**{"harms.0.probability": float("nan")})))
    assert only(problems).path == "harms[0].probability"


def test_unknown_key_inside_a_list_item_suggests() -> None:
    document = minimal_case()
    document["standards"][0]["rul"] = "x"
    problem = only(problems_of(to_yaml(document)))
    assert problem.path == "standards[0].rul"
    assert "did you mean 'rule'" in problem.hint


def test_out_of_range_number_names_the_bounds() -> None:
    problem = only(problems_of(to_yaml(variant(**{"harms.0.probability": 2}))))
    assert "must be at most 1" in problem.message
    assert "from 0 to 1" in problem.hint


def test_rule_problems_are_reported_alongside_shape_problems() -> None:
    text = to_yaml(
        variant(**{"harms.0.probability": "high", "standards.0.rule": 'residency == "eu_onyl"'})
    )
    paths = {problem.path for problem in problems_of(text)}
    assert paths == {"harms[0].probability", "standards[0].rule"}


def test_batna_that_overflows_is_a_located_problem() -> None:
    huge = {"low": 1.5e308, "likely": 1.5e308, "high": 1.5e308}
    document = variant(**{"batna.components.0.value": huge, "batna.components.2.value": dict(huge)})
    problem = only(problems_of(to_yaml(document)))
    assert problem.path == "batna"
    assert "add up to more than a number can hold" in problem.message
    document = variant(
        **{"batna.components.1.cost_per_week": 1e308, "batna.components.1.weeks": huge}
    )
    assert "too large to be a number" in only(problems_of(to_yaml(document))).message


def test_deep_flow_nesting_is_refused_before_parsing() -> None:
    started = time.perf_counter()
    problem = only(problems_of("x: " + "[" * 10_000 + "]" * 10_000 + "\n"))
    assert time.perf_counter() - started < 5.0  # a hang guard: the parser alone took ~4 s
    assert "nested too deeply" in problem.message
