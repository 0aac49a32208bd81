"""The lint registry: stable codes, severities, rationales, and the function that runs them all.

Codes are stable across versions: ``BL1xx`` readiness (is the preparation complete?), ``BL2xx``
pitfalls (does the plan walk into a known trap of a hard stance?). A rule's docstring is its
rationale, shown by ``brightline explain CODE`` and in ``docs/reference/lint-rules.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from brightline.case.model import Case
from brightline.case.source import Path
from brightline.case.validate import LoadedCase
from brightline.engine.proportionality import StandardPrice
from brightline.errors import UsageError


class Severity(StrEnum):
    """How much a finding matters; ``--fail-on`` compares against this order."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        """Order for comparisons: info < warning < error."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem the linter found, pointing at the field to change."""

    code: str
    severity: Severity
    message: str
    hint: str
    path: Path = ()


@dataclass(frozen=True, slots=True)
class ReadinessItem:
    """One preparation item, done or missing, with what to add when missing."""

    code: str
    item: str
    done: bool
    detail: str
    add: str = ""
    path: Path = ()


@dataclass(frozen=True, slots=True)
class LintContext:
    """What a rule may look at: the validated case, its parsed rules and where fields are."""

    loaded: LoadedCase
    measures: dict[str, StandardMeasure] = field(default_factory=dict)

    @property
    def case(self) -> Case:
        """The case document."""
        return self.loaded.case


StandardMeasure = StandardPrice
"""The numbers behind BL203 and BL211 for one standard: the value engine's own measures
(:class:`brightline.engine.StandardPrice`), so the lint and the gate never disagree."""


Check = Callable[[LintContext], Iterable[Finding]]
ReadinessCheck = Callable[[LintContext], ReadinessItem]


@dataclass(frozen=True, slots=True)
class LintRule:
    """A registered rule: code, short name, default severity, rationale, and its check."""

    code: str
    name: str
    title: str
    severity: Severity
    rationale: str
    check: Check


_RULES: dict[str, LintRule] = {}
_READINESS: dict[str, ReadinessCheck] = {}


def _rationale(function: Callable[..., object]) -> str:
    doc = (function.__doc__ or "").strip()
    lines = [line.strip() for line in doc.splitlines()]
    return "\n".join(lines)


def pitfall(code: str, name: str, title: str, severity: Severity) -> Callable[[Check], Check]:
    """Register a pitfall rule (``BL2xx``); the function's docstring is its rationale."""

    def register(function: Check) -> Check:
        if code in _RULES:
            raise ValueError(f"lint code {code} registered twice")
        _RULES[code] = LintRule(code, name, title, severity, _rationale(function), function)
        return function

    return register


def readiness(
    code: str, name: str, title: str, severity: Severity
) -> Callable[[ReadinessCheck], ReadinessCheck]:
    """Register a readiness item (``BL1xx``); missing items also become findings."""

    def register(function: ReadinessCheck) -> ReadinessCheck:
        if code in _RULES:
            raise ValueError(f"lint code {code} registered twice")

        def as_findings(context: LintContext) -> Iterator[Finding]:
            item = function(context)
            if not item.done:
                yield Finding(code, severity, f"{title}: {item.detail}", item.add, item.path)

        _RULES[code] = LintRule(code, name, title, severity, _rationale(function), as_findings)
        _READINESS[code] = function
        return function

    return register


def _load_rule_modules() -> None:
    # Importing the family modules registers their rules.
    from brightline.lint import (  # noqa: F401
        contract_terms,
        culture_blind,
        fairness_story,
        first_resort,
        hidden_standards,
        one_sided,
        over_broad,
        proportionality,
        punishment,
        readiness_items,
        vague_remedies,
        verification,
        written_safeguards,
    )


def all_rules() -> list[LintRule]:
    """Every registered rule, ordered by code."""
    _load_rule_modules()
    return [_RULES[code] for code in sorted(_RULES)]


def rule(code: str) -> LintRule:
    """The rule with that code (case-insensitive).

    Raises:
        UsageError: for an unknown code, with the closest known one.
    """
    _load_rule_modules()
    wanted = code.strip().upper()
    if wanted in _RULES:
        return _RULES[wanted]
    from brightline.rules import suggest

    raise UsageError(f"unknown lint code {code!r}; {suggest(wanted, sorted(_RULES))}")


@dataclass(frozen=True, slots=True)
class LintReport:
    """The readiness checklist and all findings for one case."""

    readiness: list[ReadinessItem]
    findings: list[Finding]
    measures: dict[str, StandardMeasure]

    def worst(self) -> Severity | None:
        """The most severe finding, or None when there is none."""
        if not self.findings:
            return None
        return max((finding.severity for finding in self.findings), key=lambda s: s.rank)


def lint_case(loaded: LoadedCase) -> LintReport:
    """Run the readiness checklist and every pitfall rule on a validated case."""
    from brightline.engine.proportionality import measure_standards

    _load_rule_modules()
    measures = {measure.id: measure for measure in measure_standards(loaded)}
    context = LintContext(loaded, measures)
    items = [_READINESS[code](context) for code in sorted(_READINESS)]
    findings: list[Finding] = []
    for code in sorted(_RULES):
        findings.extend(_RULES[code].check(context))
    return LintReport(items, findings, context.measures)
