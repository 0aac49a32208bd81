"""Readiness checklist (BL1xx) and pitfall rules (BL2xx). Pure: functions of the case."""

from brightline.lint.registry import (
    Finding,
    LintReport,
    LintRule,
    ReadinessItem,
    Severity,
    StandardMeasure,
    all_rules,
    lint_case,
    rule,
)

__all__ = [
    "Finding",
    "LintReport",
    "LintRule",
    "ReadinessItem",
    "Severity",
    "StandardMeasure",
    "all_rules",
    "lint_case",
    "rule",
]
