"""The public API is pinned: adding or removing a name is a deliberate change to this list."""

import brightline

EXPECTED = [
    "BrightlineError",
    "Case",
    "CaseFileError",
    "Finding",
    "InputFileError",
    "LintReport",
    "LoadedCase",
    "Plan",
    "Problem",
    "ReadinessItem",
    "RuleError",
    "RuleSyntaxError",
    "RuleTypeError",
    "Severity",
    "UsageError",
    "__version__",
    "build_plan",
    "evaluate",
    "lint_case",
    "parse_case",
    "parse_rule",
]


def test_exported_members() -> None:
    assert sorted(brightline.__all__) == sorted(EXPECTED)
    for name in EXPECTED:
        assert getattr(brightline, name) is not None


def test_every_error_derives_from_the_root() -> None:
    for name in ("CaseFileError", "InputFileError", "RuleError", "RuleSyntaxError", "UsageError"):
        assert issubclass(getattr(brightline, name), brightline.BrightlineError)
