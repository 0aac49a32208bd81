"""Use cases on one case file: load, check, plan, write a starter, print the schema.

Each takes the file the user named and typed options, and returns the core's typed result; the
adapters (CLI, web) only parse their input, call one of these and render what comes back.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from brightline.actions import act
from brightline.case.model import Context
from brightline.case.validate import LoadedCase, parse_case
from brightline.errors import CaseFileError, Problem, UsageError
from brightline.lint import LintReport, Severity, lint_case
from brightline.lint.registry import LintRule
from brightline.report.document import Document
from brightline.report.plan import build_plan
from brightline.services.files import read_input


def load_case(path: str | os.PathLike[str]) -> LoadedCase:
    """Read and validate a case file."""
    return parse_case(read_input(path), str(path))


@dataclass(frozen=True, slots=True)
class CheckResult:
    """A checked case: the loaded case and its lint report."""

    loaded: LoadedCase
    report: LintReport


def check_case(path: str | os.PathLike[str]) -> CheckResult:
    """Load a case and run readiness and pitfall checks on it."""
    loaded = load_case(path)
    return CheckResult(loaded, lint_case(loaded))


@dataclass(frozen=True, slots=True)
class CheckRun:
    """Several checked cases and whether any finding reaches the threshold asked for."""

    results: tuple[CheckResult, ...]
    threshold: Severity

    @property
    def failing(self) -> bool:
        """True when a finding is at or above the threshold (the command then exits 1)."""
        return any(
            finding.severity.rank >= self.threshold.rank
            for result in self.results
            for finding in result.report.findings
        )


def parse_severity(text: str, parameter: str = "fail_on") -> Severity:
    """The severity named by the user, or a UsageError naming the parameter."""
    try:
        return Severity(text)
    except ValueError:
        raise UsageError(
            f"must be info, warning or error, not {text!r}", parameter=parameter
        ) from None


def check_cases(paths: Sequence[str | os.PathLike[str]], threshold: Severity) -> CheckRun:
    """Check every case; the problems of all unusable files are raised together.

    Raises:
        CaseFileError: holding every problem of every file that cannot be loaded, so one run
            shows all of them.
    """
    results: list[CheckResult] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            results.append(check_case(path))
        except CaseFileError as error:
            problems.extend(error.problems)
    if problems:
        raise CaseFileError(problems)
    return CheckRun(tuple(results), threshold)


def plan_case(path: str | os.PathLike[str]) -> Document:
    """Load a case and build its full plan."""
    return build_plan(load_case(path))


def lint_rule(code: str) -> LintRule:
    """The lint rule with ``code`` (``BL202``), or a UsageError naming the closest code."""
    from brightline.lint import rule

    return rule(code)


def case_schema() -> dict[str, object]:
    """The JSON Schema of the case file."""
    from brightline.case.model import Case

    document = Case.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "Brightline case file, format 1"
    return document


def starter_text(context: Context) -> str:
    """A commented starter case for ``context`` (without a schema reference)."""
    from brightline.case.templates import starter_case

    return starter_case(context)


def refuse_overwrite(output: Path | None, force: bool, use_case: str) -> None:
    """Refuse to replace an existing ``output`` unless ``force``; the error proposes forcing."""
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} already exists", action=act(use_case, force=True))


def write_starter_case(context: Context | str, output: Path, *, force: bool = False) -> list[Path]:
    """Write a starter case for ``context`` to ``output`` and its JSON Schema beside it.

    The case's ``$schema`` comment points at the schema file by relative path so editors
    autocomplete without a network. An existing schema file is refreshed; an existing case file is
    kept unless ``force``.

    Returns:
        The files written.
    """
    import json

    from brightline.case.templates import SCHEMA_FILE_NAME, starter_case

    chosen = context if isinstance(context, Context) else parse_context(context)
    refuse_overwrite(output, force, "init")
    schema_path = output.parent / SCHEMA_FILE_NAME
    schema_path.write_text(json.dumps(case_schema(), indent=2) + "\n", encoding="utf-8")
    output.write_text(starter_case(chosen, f"./{SCHEMA_FILE_NAME}"), encoding="utf-8")
    return [output, schema_path]


def parse_context(context: str) -> Context:
    """The context named by the user, or a UsageError with the closest name."""
    from brightline.rules import suggest

    try:
        return Context(context)
    except ValueError:
        raise UsageError(
            f"unknown context {context!r}; {suggest(context, [c.value for c in Context])}"
        ) from None
