"""Turn plain data into a :class:`Case`, reporting every problem at once with its file position.

Two passes: pydantic checks shapes and types; then cross-references are checked (rules against
issues, ids used twice, standards protecting unknown harms) because pydantic stops at one model.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from brightline.actions import act
from brightline.amounts import quantity
from brightline.case.contingent import branch_rule
from brightline.case.model import Case, DiscreteIssue, NumericIssue
from brightline.case.safeguards import KIND_BLOCKS
from brightline.case.source import Path, SourceMap, dotted, load_yaml
from brightline.errors import CaseFileError, Problem, RuleError
from brightline.rules import Expression, check_rule, parse_rule, suggest


@dataclass(frozen=True, slots=True)
class LoadedCase:
    """A valid case plus what later steps need: where things are, and the parsed rules."""

    case: Case
    source: SourceMap
    standard_rules: dict[str, Expression]
    harm_rules: dict[str, Expression]
    written_rules: dict[str, Expression] = field(default_factory=dict)
    """The standards' rules as the file states them, where ``standard_rules`` reads contingent
    options branch by branch (empty when the two are the same)."""
    written_harm_rules: dict[str, Expression] = field(default_factory=dict)
    """The harms' rules as the file states them (empty when the same as ``harm_rules``)."""

    def rule_as_written(self, standard_id: str) -> Expression:
        """A standard's rule as the file states it, for people.

        ``standard_rules`` is for evaluation: it also reads contingent options branch by branch.
        """
        return self.written_rules.get(standard_id) or self.standard_rules[standard_id]

    def harm_rule_as_written(self, harm_id: str) -> Expression:
        """A harm's rule as the file states it (see :meth:`rule_as_written`)."""
        return self.written_harm_rules.get(harm_id) or self.harm_rules[harm_id]


def parse_case(data: bytes, file: str = "<string>") -> LoadedCase:
    """Parse and validate case-file bytes.

    Raises:
        CaseFileError: with every problem found, each located at FILE:LINE:COL.
    """
    plain, source = load_yaml(data, file)
    return validate_case(plain, source)


def validate_case(plain: Any, source: SourceMap) -> LoadedCase:
    """Validate plain data (a case file's parsed YAML) located by ``source``.

    :func:`parse_case` is this after reading YAML; data built in memory (a generated test case, a
    form) can come here directly, with an empty ``SourceMap(file)`` when it has no file positions.

    Raises:
        CaseFileError: with every problem found, each located through ``source``.
    """
    if not isinstance(plain, dict):
        raise CaseFileError(
            [
                source.problem(
                    (),
                    f"a case file is a mapping of sections, but this is a {_kind(plain)}",
                    "start with `brightline: 1` and `case:`, as a starter case does",
                    action=act("init", context=None),
                )
            ]
        )
    try:
        case = Case.model_validate(plain)
    except ValidationError as error:
        problems = _problems_from_pydantic(error, plain, source)
        problems += _rule_problems_despite_shape_errors(plain, source, problems)
        problems.sort(key=lambda p: (p.line, p.column))
        raise CaseFileError(problems) from None
    problems, written, written_harms = _cross_check(case, source)
    if problems:
        raise CaseFileError(problems)
    standard_rules, harm_rules = _read_by_branch(case, written, written_harms)
    if standard_rules == written and harm_rules == written_harms:
        return LoadedCase(case, source, standard_rules, harm_rules)
    return LoadedCase(case, source, standard_rules, harm_rules, written, written_harms)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if value is None:
        return "empty value"
    return type(value).__name__


# --- pydantic errors -> located problems ---------------------------------------------------------

_TYPE_WORDS = {
    "string_type": "a text value",
    "float_type": "a number",
    "float_parsing": "a number",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "date_type": "a date (YYYY-MM-DD)",
    "date_parsing": "a date (YYYY-MM-DD)",
    "date_from_datetime_parsing": "a date (YYYY-MM-DD)",
    "tuple_type": "a [value, value] pair",
}


def _data_path(loc: tuple[Any, ...], plain: Any) -> Path:
    """Drop pydantic's internal loc parts (union tags, type names) that are not in the data."""
    path: list[str | int] = []
    node = plain
    for part in loc:
        if (isinstance(node, dict) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        ):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict | list):
            if isinstance(part, str) and _looks_internal(part):
                continue
            path.append(part)
            node = None
        else:
            if isinstance(part, str) and _looks_internal(part):
                continue
            path.append(part)
            node = None
    return tuple(path)


def _looks_internal(part: str) -> bool:
    return part in {"discrete", "numeric", "str", "int", "float", "bool"} or "[" in part


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``loc`` (for allowed keys and field bounds)."""
    annotation: Any = Case
    for part in loc:
        annotation = _unwrap(annotation, part)
        if annotation is None:
            return None
        if isinstance(part, int) or part in ("discrete", "numeric"):
            continue  # _unwrap already stepped into the list item or the tagged union member
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        field = annotation.model_fields.get(str(part))
        if field is None:
            return None
        annotation = field.annotation
    annotation = _unwrap(annotation, None)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _unwrap(annotation: Any, part: Any) -> Any:
    """Step through Optional, Annotated, list[...] and tagged unions towards a model class."""
    for _ in range(6):
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if part == "discrete":
                return DiscreteIssue
            if part == "numeric":
                return NumericIssue
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            annotation = models[0] if len(models) == 1 else (members[0] if members else None)
            if len(models) > 1:
                return None
        elif origin is list and isinstance(part, int):
            return get_args(annotation)[0]
        else:
            return annotation
    return annotation


def _problems_from_pydantic(error: ValidationError, plain: Any, source: SourceMap) -> list[Problem]:
    grouped: dict[Path, list[dict[str, Any]]] = {}
    for detail in error.errors(include_url=False):
        path = _data_path(tuple(detail["loc"]), plain)
        grouped.setdefault(path, []).append(dict(detail))
    problems = [_one_problem(path, details, source) for path, details in grouped.items()]
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


def _one_problem(path: Path, details: list[dict[str, Any]], source: SourceMap) -> Problem:
    first = details[0]
    kind = first["type"]
    name = path[-1] if path else ""
    if kind == "missing":
        return source.problem(
            path,
            "required field is missing",
            f"add `{name}:` here" + _field_help(first["loc"]),
        )
    if kind == "extra_forbidden":
        model = _model_at(tuple(first["loc"])[:-1])
        allowed = sorted(model.model_fields) if model else []
        hint = suggest(str(name), allowed) if allowed else "remove it"
        return source.problem(path, f"unknown key {name!r}", hint, key=True)
    wanted = [_TYPE_WORDS[d["type"]] for d in details if d["type"] in _TYPE_WORDS]
    if wanted:
        shown = _show(first.get("input"))
        unique = list(dict.fromkeys(wanted))
        hint = _number_hint(first["loc"])
        if "a number" not in unique and "a whole number" not in unique:
            hint = f"write {unique[0]} here"
        return source.problem(path, f"expected {' or '.join(unique)}, got {shown}", hint)
    if kind == "finite_number":
        return source.problem(
            path,
            f"expected a finite number, got {_show(first.get('input'))}",
            _number_hint(first["loc"]),
        )
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        context = first.get("ctx", {})
        limit = next(iter(context.values()), "")
        limit = f"{limit:g}" if isinstance(limit, int | float) else limit
        words = {
            "greater_than": "more than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        return source.problem(
            path,
            f"{_show(first.get('input'))} is out of range: it must be {words} {limit}",
            _number_hint(first["loc"]),
        )
    if kind in ("enum", "literal_error"):
        expected = first.get("ctx", {}).get("expected", "")
        choices = [part.strip(" '") for part in str(expected).replace(" or ", ",").split(",")]
        choices = [choice for choice in choices if choice]
        shown = _show(first.get("input"))
        hint = suggest(str(first.get("input")), choices) if choices else ""
        return source.problem(path, f"{shown} is not one of {expected}", hint)
    if kind == "string_pattern_mismatch":
        return source.problem(
            path,
            f"{_show(first.get('input'))} is not a valid id",
            "use letters, digits, _ and -, starting with a letter (e.g. eu_residency)",
        )
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return source.problem(
            (*path, "kind") if kind == "union_tag_not_found" else path,
            "issue kind must be 'discrete' (options) or 'numeric' (range)",
            "add `kind: discrete` with options, or `kind: numeric` with range and ours",
        )
    message = str(first["msg"])
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return source.problem(path, message[:1].lower() + message[1:], "fix this value")


def _number_hint(loc: Any) -> str:
    """What number to write here, using the field's own bounds when it has any."""
    model = _model_at(tuple(loc)[:-1])
    field = model.model_fields.get(str(tuple(loc)[-1])) if model else None
    low: float | None = None
    high: float | None = None
    strict_low = False
    for rule in field.metadata if field else []:
        if hasattr(rule, "gt"):
            low, strict_low = rule.gt, True
        low = getattr(rule, "ge", low)
        high = getattr(rule, "le", getattr(rule, "lt", high))
    if low is not None and high is not None:
        return f"write a plain number from {low:g} to {high:g}"
    if low is not None:
        bound = f"more than {low:g}" if strict_low else f"at least {low:g}"
        return f"write a plain number {bound} (no currency signs or separators)"
    return "write a plain number such as 12000 (no currency signs or separators)"


def _field_help(loc: Any) -> str:
    model = _model_at(tuple(loc)[:-1])
    if model is None:
        return ""
    field = model.model_fields.get(str(tuple(loc)[-1]))
    if field is None or not field.description:
        return ""
    return f" ({field.description[0].lower()}{field.description[1:].rstrip('.')})"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _rule_problems_despite_shape_errors(
    plain: dict[str, Any], source: SourceMap, found: list[Problem]
) -> list[Problem]:
    """Check the rules of a file whose shape is wrong elsewhere, so one run reports both kinds.

    Rules can be checked whenever the issues themselves are valid; a rule text whose own field
    already has a problem is skipped.
    """
    from pydantic import TypeAdapter

    from brightline.case.model import Issue

    try:
        issues = TypeAdapter(list[Issue]).validate_python(plain.get("issues"))
    except ValidationError:
        return []
    signatures = {issue.id: issue.signature() for issue in issues}
    already = {problem.path for problem in found}
    problems: list[Problem] = []
    for section, kind in (("harms", "harm"), ("standards", "standard")):
        entries = plain.get(section)
        if not isinstance(entries, list):
            continue
        for index, entry in enumerate(entries):
            text = entry.get("rule") if isinstance(entry, dict) else None
            path: Path = (section, index, "rule")
            if not isinstance(text, str) or dotted(path) in already:
                continue
            try:
                check_rule(parse_rule(text), signatures)
            except RuleError as error:
                problems.append(_rule_problem(source, path, error, kind))
    return problems


# --- cross references -----------------------------------------------------------------------------


def _duplicates(
    items: list[Any], attribute: str, section: Path, source: SourceMap
) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        value = str(getattr(item, attribute))
        if value in first_seen:
            where = source.locate((*section, first_seen[value], attribute))
            problems.append(
                source.problem(
                    (*section, index, attribute),
                    f"duplicate id {value!r} (first used on line {where.line})",
                    "give each entry its own id",
                )
            )
        else:
            first_seen[value] = index
    return problems


def _rule_problem(source: SourceMap, path: Path, error: RuleError, kind: str) -> Problem:
    position = source.locate(path)
    shift = 1 if position.quoted else 0
    return Problem(
        source.file,
        position.line,
        position.column + shift + error.column - 1,
        dotted(path),
        f"{kind} rule: {error.message}",
        error.hint or "fix the rule",
    )


MAX_ISSUES = 100
"""Issues a case may have: the plan's cost grows faster than linearly with them (measured on a
2-core machine: 100 three-option issues plan in about 8 s, 300 in about 210 s), so a larger case
is refused at load time, where ``check`` reports it, instead of letting ``plan`` run for minutes."""


def _cross_check(
    case: Case, source: SourceMap
) -> tuple[list[Problem], dict[str, Expression], dict[str, Expression]]:
    problems: list[Problem] = []
    if len(case.issues) > MAX_ISSUES:
        problems.append(
            source.problem(
                ("issues",),
                f"the case has {len(case.issues):,} issues, more than the {MAX_ISSUES} that plan, "
                "meso and evaluate answer within seconds",
                "merge issues that always move together into one issue with joint options, and "
                "drop issues worth nothing to either side",
            )
        )
        return problems, {}, {}
    problems += _duplicates(case.issues, "id", ("issues",), source)
    for index, issue in enumerate(case.issues):
        if isinstance(issue, DiscreteIssue):
            problems += _duplicates(issue.options, "id", ("issues", index, "options"), source)
    problems += _duplicates(case.standards, "id", ("standards",), source)
    problems += _duplicates(case.harms, "id", ("harms",), source)
    problems += _duplicates(case.safeguards, "id", ("safeguards",), source)
    problems += _duplicates(case.tradeables, "id", ("tradeables",), source)
    problems += _duplicates(case.offers, "id", ("offers",), source)

    signatures = case.signatures()
    harm_ids = [harm.id for harm in case.harms]
    safeguard_ids = [safeguard.id for safeguard in case.safeguards]
    standard_rules: dict[str, Expression] = {}
    harm_rules: dict[str, Expression] = {}
    for index, harm in enumerate(case.harms):
        path: Path = ("harms", index, "rule")
        try:
            harm_rules[harm.id] = check_rule(parse_rule(harm.rule), signatures)
        except RuleError as error:
            problems.append(_rule_problem(source, path, error, "harm"))
    for index, standard in enumerate(case.standards):
        path = ("standards", index, "rule")
        try:
            standard_rules[standard.id] = check_rule(parse_rule(standard.rule), signatures)
        except RuleError as error:
            problems.append(_rule_problem(source, path, error, "standard"))
        for position, harm_id in enumerate(standard.protects):
            if harm_id not in harm_ids:
                problems.append(
                    source.problem(
                        ("standards", index, "protects", position),
                        f"standard {standard.id!r} protects unknown harm {harm_id!r}",
                        suggest(harm_id, harm_ids) if harm_ids else "declare it under harms",
                    )
                )
        for position, safeguard_id in enumerate(standard.safeguards):
            if safeguard_id not in safeguard_ids:
                problems.append(
                    source.problem(
                        ("standards", index, "safeguards", position),
                        f"standard {standard.id!r} names unknown safeguard {safeguard_id!r}",
                        suggest(safeguard_id, safeguard_ids)
                        if safeguard_ids
                        else "declare it under safeguards",
                    )
                )
    problems += _check_offers(case, source)
    problems += _check_safeguard_blocks(case, source)
    problems += _check_contingent(case, source)
    problems.sort(key=lambda p: (p.line, p.column))
    return problems, standard_rules, harm_rules


def _check_offers(case: Case, source: SourceMap) -> list[Problem]:
    problems: list[Problem] = []
    issue_ids = [issue.id for issue in case.issues]
    for index, offer in enumerate(case.offers):
        for issue_id, choice in offer.outcome.items():
            path: Path = ("offers", index, "outcome", issue_id)
            if issue_id not in issue_ids:
                problems.append(
                    source.problem(
                        path, f"unknown issue {issue_id!r}", suggest(issue_id, issue_ids)
                    )
                )
                continue
            issue = case.issue(issue_id)
            if isinstance(issue, DiscreteIssue):
                names = [str(value) for value in issue.values()]
                if str(choice) not in names:
                    problems.append(
                        source.problem(
                            path,
                            f"{issue_id!r} has no option {choice!r}",
                            suggest(str(choice), names),
                        )
                    )
            elif isinstance(choice, str) or not (
                issue.range.min <= float(choice) <= issue.range.max
            ):
                problems.append(
                    source.problem(
                        path,
                        f"{issue_id!r} needs a number from {quantity(issue.range.min)} to "
                        f"{quantity(issue.range.max)}, got {choice!r}",
                        "pick a value inside the range",
                    )
                )
    return problems


def _check_safeguard_blocks(case: Case, source: SourceMap) -> list[Problem]:
    """A kind's block on a safeguard of another kind would be silently ignored by the clause."""
    problems: list[Problem] = []
    for index, safeguard in enumerate(case.safeguards):
        own = KIND_BLOCKS.get(safeguard.kind)
        for name in KIND_BLOCKS.values():
            if name != own and getattr(safeguard, name) is not None:
                problems.append(
                    source.problem(
                        ("safeguards", index, name),
                        f"a `{name}` block on a safeguard of kind {safeguard.kind.value!r}",
                        f"set `kind: {name}`, or move the block to a safeguard of that kind",
                        key=True,
                    )
                )
    return problems


def _check_contingent(case: Case, source: SourceMap) -> list[Problem]:
    """Each contingent option names two plain options of its issue, and a standard that exists."""
    problems: list[Problem] = []
    standard_ids = [standard.id for standard in case.standards]
    for index, issue in enumerate(case.issues):
        if not isinstance(issue, DiscreteIssue):
            continue
        plain = [str(option.id) for option in issue.options]
        for position, term in enumerate(issue.contingent):
            path: Path = ("issues", index, "contingent", position)
            if term.id in plain:
                problems.append(
                    source.problem(
                        (*path, "id"),
                        f"{issue.id!r} already has a plain option {term.id!r}",
                        "give the contingent option its own name (e.g. pilot_then_enterprise)",
                    )
                )
            for branch in ("if_pass", "if_fail"):
                choice = str(getattr(term, branch))
                if choice not in plain:
                    problems.append(
                        source.problem(
                            (*path, branch),
                            f"{issue.id!r} has no plain option {choice!r}",
                            suggest(choice, plain),
                        )
                    )
            if str(term.if_pass) == str(term.if_fail):
                problems.append(
                    source.problem(
                        (*path, "if_fail"),
                        f"both branches are {term.if_pass!r}, so nothing depends on the condition",
                        "name the option that holds when the condition fails",
                    )
                )
            named = term.condition.standard
            if named is not None and named not in standard_ids:
                problems.append(
                    source.problem(
                        (*path, "condition", "standard"),
                        f"unknown standard {named!r}",
                        suggest(named, standard_ids)
                        if standard_ids
                        else "declare it under standards",
                    )
                )
        problems += _duplicates(issue.contingent, "id", ("issues", index, "contingent"), source)
    return problems


def _read_by_branch(
    case: Case, standard_rules: dict[str, Expression], harm_rules: dict[str, Expression]
) -> tuple[dict[str, Expression], dict[str, Expression]]:
    """The rules rewritten so a contingent option complies only when both its branches do.

    Done once here, at load time, so every evaluator downstream (the engine's masks, offer checks,
    the economics) reads contingent options correctly without knowing about them.
    """
    for issue in case.issues:
        if not isinstance(issue, DiscreteIssue) or not issue.contingent:
            continue
        standard_rules = {
            standard_id: branch_rule(rule, issue.id, issue.contingent, standard_id)
            for standard_id, rule in standard_rules.items()
        }
        harm_rules = {
            harm_id: branch_rule(rule, issue.id, issue.contingent, None, either=True)
            for harm_id, rule in harm_rules.items()
        }
    return standard_rules, harm_rules
