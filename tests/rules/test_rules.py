"""The rule language: parsing, precedence, type checks and the reference evaluator."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.errors import RuleSyntaxError, RuleTypeError
from brightline.rules import (
    And,
    Comparison,
    Implies,
    IssueSignature,
    Membership,
    Not,
    Operator,
    Or,
    check_rule,
    evaluate,
    issues_of,
    parse_rule,
    to_text,
)
from budget import examples

ISSUES = {
    "residency": IssueSignature(numeric=False, options=("eu_only", "global")),
    "level": IssueSignature(numeric=False, options=(1, 2, 3, 4)),
    "discount": IssueSignature(numeric=True, options=(0.0, 5.0, 10.0)),
    "scope": IssueSignature(numeric=False, options=("pilot", "division", "enterprise")),
}


def test_comparison() -> None:
    assert parse_rule('residency == "eu_only"') == Comparison(
        "residency", Operator.EQUAL, "eu_only", 1
    )


@pytest.mark.parametrize("operator", ["==", "!=", "<", "<=", ">", ">="])
def test_every_operator(operator: str) -> None:
    expression = parse_rule(f"level {operator} 3")
    assert isinstance(expression, Comparison)
    assert expression.operator.value == operator


def test_membership_and_not_in() -> None:
    assert parse_rule("scope in [pilot, 'division']") == Membership(
        "scope", ("pilot", "division"), False, 1
    )
    negated = parse_rule('scope not in ["enterprise"]')
    assert isinstance(negated, Membership) and negated.negated


def test_precedence_not_and_or_implies() -> None:
    expression = parse_rule(
        "not level > 2 and discount < 5 or scope == pilot -> residency == eu_only"
    )
    assert isinstance(expression, Implies)
    assert isinstance(expression.antecedent, Or)
    first = expression.antecedent.operands[0]
    assert isinstance(first, And) and isinstance(first.operands[0], Not)


def test_implication_is_right_associative() -> None:
    expression = parse_rule("level == 1 -> level == 2 -> level == 3")
    assert isinstance(expression, Implies) and isinstance(expression.consequent, Implies)


def test_parentheses_override() -> None:
    expression = parse_rule("level == 1 and (level == 2 or level == 3)")
    assert isinstance(expression, And) and isinstance(expression.operands[1], Or)


def test_issues_of() -> None:
    assert issues_of(parse_rule("scope == pilot -> (level >= 3 and discount <= 5)")) == {
        "scope",
        "level",
        "discount",
    }


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("level >= ", 10, "expected a value"),
        ("level 3", 7, "expected a comparison"),
        ("(level == 3", 12, "expected ')'"),
        ("level == 3 level == 4", 12, "unexpected 'level'"),
        ("level == 3 $", 12, "unexpected character"),
        ("", 1, "empty"),
        ("scope in pilot", 10, "expected '['"),
        ("== 3", 1, "expected an issue name"),
    ],
)
def test_syntax_errors_have_columns(text: str, column: int, fragment: str) -> None:
    with pytest.raises(RuleSyntaxError) as caught:
        parse_rule(text)
    assert caught.value.column == column
    assert fragment in caught.value.message


def test_never_evaluates_python() -> None:
    with pytest.raises(RuleSyntaxError):
        parse_rule("__import__('os').system('true')")


def test_deep_nesting_is_refused_not_crashing() -> None:
    with pytest.raises(RuleSyntaxError):
        parse_rule("(" * 500 + "level == 1" + ")" * 500)
    with pytest.raises(RuleSyntaxError):
        parse_rule("not " * 500 + "level == 1")


def test_unknown_issue_suggests() -> None:
    with pytest.raises(RuleTypeError) as caught:
        check_rule(parse_rule("levle >= 3"), ISSUES)
    assert "did you mean 'level'" in caught.value.hint


def test_unknown_option_suggests() -> None:
    with pytest.raises(RuleTypeError) as caught:
        check_rule(parse_rule('residency == "eu_onli"'), ISSUES)
    assert "did you mean 'eu_only'" in caught.value.hint


def test_ordering_on_named_options_is_refused() -> None:
    with pytest.raises(RuleTypeError, match="no order"):
        check_rule(parse_rule("scope > pilot"), ISSUES)


def test_string_against_numeric_issue_is_refused() -> None:
    with pytest.raises(RuleTypeError, match="numeric range"):
        check_rule(parse_rule('discount == "high"'), ISSUES)


def test_numbers_normalise_to_option_values() -> None:
    checked = check_rule(parse_rule("level == 3"), ISSUES)
    assert isinstance(checked, Comparison) and checked.value == 3
    assert evaluate(checked, {"level": 3})


def test_evaluate_semantics() -> None:
    rule = parse_rule('scope in ["division", "enterprise"] -> level >= 3')
    assert evaluate(rule, {"scope": "pilot", "level": 1})
    assert evaluate(rule, {"scope": "division", "level": 3})
    assert not evaluate(rule, {"scope": "enterprise", "level": 2})
    assert not evaluate(parse_rule("level == 1"), {})


literals = st.one_of(
    st.sampled_from(["eu_only", "global", "pilot", "a b", 'q"uote']),
    st.integers(-5, 5).map(float),
)
atoms_strategy = st.one_of(
    st.builds(
        lambda issue, op, value: Comparison(issue, op, value, 1),
        st.sampled_from(list(ISSUES)),
        st.sampled_from(list(Operator)),
        literals,
    ),
    st.builds(
        lambda issue, values, negated: Membership(issue, tuple(values), negated, 1),
        st.sampled_from(list(ISSUES)),
        st.lists(literals, min_size=1, max_size=3),
        st.booleans(),
    ),
)
expressions = st.recursive(
    atoms_strategy,
    lambda children: st.one_of(
        st.builds(lambda operand: Not(operand, 1), children),
        st.builds(lambda ops: And(tuple(ops), 1), st.lists(children, min_size=2, max_size=3)),
        st.builds(lambda ops: Or(tuple(ops), 1), st.lists(children, min_size=2, max_size=3)),
        st.builds(lambda a, c: Implies(a, c, 1), children, children),
    ),
    max_leaves=8,
)
outcomes = st.fixed_dictionaries(
    {
        "residency": st.sampled_from(["eu_only", "global"]),
        "level": st.sampled_from([1.0, 2.0, 3.0, 4.0]),
        "discount": st.sampled_from([0.0, 5.0, 10.0]),
        "scope": st.sampled_from(["pilot", "division", "enterprise"]),
    }
)


@examples(100)
@given(expressions, outcomes)
def test_to_text_round_trips_meaning(expression, outcome) -> None:  # type: ignore[no-untyped-def]
    reparsed = parse_rule(to_text(expression))
    assert evaluate(reparsed, outcome) == evaluate(expression, outcome)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("price <= 1234567", "price <= 1234567"),
        ("price <= 1500000", "price <= 1500000"),
        ("discount >= 2.5", "discount >= 2.5"),
        ("discount >= 0.1", "discount >= 0.1"),
        ("price <= 149999.5", "price <= 149999.5"),
    ],
)
def test_to_text_writes_numbers_exactly(text: str, expected: str) -> None:
    assert to_text(parse_rule(text)) == expected


@examples(100)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_to_text_numbers_parse_back_to_the_same_float(value: float) -> None:
    reparsed = parse_rule(to_text(Comparison("price", Operator.LESS_OR_EQUAL, value, 1)))
    assert isinstance(reparsed, Comparison) and reparsed.value == value
