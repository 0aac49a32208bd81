"""A small recursive-descent parser for the rule language. Never ``eval``: user text is data.

Grammar, loosest binding first::

    rule        := implication
    implication := disjunction ("->" implication)?          # right-associative
    disjunction := conjunction ("or" conjunction)*
    conjunction := negation ("and" negation)*
    negation    := "not" negation | primary
    primary     := "(" rule ")" | IDENT OP literal | IDENT ["not"] "in" "[" literal ("," literal)* "]"
    OP          := "==" | "!=" | "<=" | ">=" | "<" | ">"
    literal     := STRING | NUMBER | IDENT (a bare word is an option name)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from brightline.errors import RuleSyntaxError
from brightline.rules.ast import (
    And,
    Comparison,
    Expression,
    Implies,
    Literal,
    Membership,
    Not,
    Operator,
    Or,
)

MAX_RULE_LENGTH = 4000
"""Longer rules are refused: a rule is read by people, and recursion depth must stay bounded."""

MAX_NESTING = 60

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')
  | (?P<arrow>->)
  | (?P<operator>==|!=|<=|>=|<|>)
  | (?P<punct>[()\[\],])
  | (?P<word>[A-Za-z_][A-Za-z0-9_.\-]*)
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in"}


@dataclass(frozen=True, slots=True)
class Token:
    """One lexical token; ``column`` is 1-based."""

    kind: str
    text: str
    column: int


def tokenize(text: str) -> list[Token]:
    """Split rule text into tokens, or say where an unexpected character is."""
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise RuleSyntaxError(
                f"unexpected character {text[position]!r}",
                position + 1,
                "use issue names, quoted options, numbers, ==, !=, <, <=, >, >=, in, and, or, not, ->",
            )
        kind = match.lastgroup or ""
        if kind != "space":
            word = match.group()
            if kind == "word" and word in _KEYWORDS:
                kind = word
            tokens.append(Token(kind, word, position + 1))
        position = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


def _unquote(text: str) -> str:
    body = text[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def rule(self) -> Expression:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise RuleSyntaxError(
                "rule is nested too deeply", self.current.column, "split it into several standards"
            )
        antecedent = self.disjunction()
        if self.current.kind == "arrow":
            arrow = self.advance()
            consequent = self.rule()
            antecedent = Implies(antecedent, consequent, arrow.column)
        self.depth -= 1
        return antecedent

    def disjunction(self) -> Expression:
        first = self.conjunction()
        operands = [first]
        while self.current.kind == "or":
            self.advance()
            operands.append(self.conjunction())
        return first if len(operands) == 1 else Or(tuple(operands), _column(first))

    def conjunction(self) -> Expression:
        first = self.negation()
        operands = [first]
        while self.current.kind == "and":
            self.advance()
            operands.append(self.negation())
        return first if len(operands) == 1 else And(tuple(operands), _column(first))

    def negation(self) -> Expression:
        if self.current.kind == "not":
            token = self.advance()
            self.depth += 1
            if self.depth > MAX_NESTING:
                raise RuleSyntaxError("rule is nested too deeply", token.column)
            operand = self.negation()
            self.depth -= 1
            return Not(operand, token.column)
        return self.primary()

    def primary(self) -> Expression:
        token = self.current
        if token.kind == "punct" and token.text == "(":
            self.advance()
            inner = self.rule()
            closing = self.current
            if not (closing.kind == "punct" and closing.text == ")"):
                raise RuleSyntaxError(
                    f"expected ')', found {closing.text or 'the end of the rule'!r}",
                    closing.column,
                    f"close the parenthesis opened at column {token.column}",
                )
            self.advance()
            return inner
        if token.kind != "word":
            found = token.text or "the end of the rule"
            raise RuleSyntaxError(
                f"expected an issue name, found {found!r}",
                token.column,
                'write a comparison such as residency == "eu_only"',
            )
        issue = self.advance()
        follow = self.current
        if follow.kind == "operator":
            self.advance()
            value = self.literal()
            return Comparison(issue.text, Operator(follow.text), value, issue.column)
        negated = False
        if follow.kind == "not":
            self.advance()
            negated = True
        if self.current.kind == "in":
            self.advance()
            return Membership(issue.text, self.literal_list(), negated, issue.column)
        found = self.current.text or "the end of the rule"
        raise RuleSyntaxError(
            f"expected a comparison after {issue.text!r}, found {found!r}",
            self.current.column,
            "use ==, !=, <, <=, >, >= or in [...]",
        )

    def literal(self) -> Literal:
        token = self.current
        if token.kind == "number":
            self.advance()
            return float(token.text)
        if token.kind == "string":
            self.advance()
            return _unquote(token.text)
        if token.kind == "word":
            self.advance()
            return token.text
        found = token.text or "the end of the rule"
        raise RuleSyntaxError(
            f"expected a value, found {found!r}", token.column, 'quote option names: "eu_only"'
        )

    def literal_list(self) -> tuple[Literal, ...]:
        opening = self.current
        if not (opening.kind == "punct" and opening.text == "["):
            raise RuleSyntaxError(
                f"expected '[' after in, found {opening.text or 'the end of the rule'!r}",
                opening.column,
                'list the options: issue in ["a", "b"]',
            )
        self.advance()
        values = [self.literal()]
        while self.current.kind == "punct" and self.current.text == ",":
            self.advance()
            values.append(self.literal())
        closing = self.current
        if not (closing.kind == "punct" and closing.text == "]"):
            raise RuleSyntaxError(
                f"expected ',' or ']', found {closing.text or 'the end of the rule'!r}",
                closing.column,
            )
        self.advance()
        return tuple(values)


def _column(expression: Expression) -> int:
    return expression.column


def parse_rule(text: str) -> Expression:
    """Parse rule text into its syntax tree.

    Raises:
        RuleSyntaxError: with the 1-based column of the problem and a hint.
    """
    if len(text) > MAX_RULE_LENGTH:
        raise RuleSyntaxError(
            f"rule is {len(text)} characters long (limit {MAX_RULE_LENGTH})",
            1,
            "split it into several standards",
        )
    if not text.strip():
        raise RuleSyntaxError("rule is empty", 1, "write a condition such as security_level >= 3")
    parser = _Parser(text)
    expression = parser.rule()
    if parser.current.kind != "end":
        raise RuleSyntaxError(
            f"unexpected {parser.current.text!r} after a complete rule",
            parser.current.column,
            "join conditions with and, or, ->",
        )
    return expression
