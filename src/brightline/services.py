"""Use cases shared by every adapter (CLI, reports, web): load, check, plan, init.

This is the one place that touches files for the core: it reads bytes and hands them to the pure
functions, and maps "file not found" and friends to :class:`~brightline.errors.CaseFileError`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from brightline.case.model import Context
from brightline.case.source import MAX_FILE_BYTES
from brightline.case.validate import LoadedCase, parse_case
from brightline.errors import CaseFileError, Problem, UsageError
from brightline.lint import LintReport, lint_case
from brightline.plan import Plan, build_plan


def read_input(
    path: str | os.PathLike[str],
    *,
    limit: int = MAX_FILE_BYTES,
    what: str = "a file",
    split_hint: str = "split the file or link large evidence instead of embedding it",
) -> bytes:
    """Read an input file, refusing missing, unreadable and oversize files with a clear message.

    Args:
        path: The file the user named.
        limit: Largest size accepted, in bytes (case files are small; bids tables are not).
        what: What the user should give instead of a folder ("a .csv or .xlsx file").
        split_hint: What to do when the file is over ``limit``.
    """
    name = str(path)
    file = Path(path)

    def refuse(message: str, hint: str) -> CaseFileError:
        return CaseFileError([Problem(name, 0, 0, "", message, hint)])

    try:
        if file.is_dir():
            raise refuse("is a folder, not a file", f"give {what}")
        size = file.stat().st_size
        if size > limit:
            raise refuse(f"file is {size:,} bytes, over the {limit:,}-byte limit", split_hint)
        return file.read_bytes()
    except FileNotFoundError:
        raise refuse("file does not exist", "check the path and the file name") from None
    except PermissionError:
        raise refuse("file cannot be read (permission denied)", "check its mode") from None


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


def plan_case(path: str | os.PathLike[str]) -> Plan:
    """Load a case and build its full plan."""
    return build_plan(load_case(path))


def case_schema() -> dict[str, object]:
    """The JSON Schema of the case file."""
    from brightline.case.model import Case

    document = Case.model_json_schema()
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    document["title"] = "Brightline case file, format 1"
    return document


def write_starter_case(context: str, output: Path, *, force: bool = False) -> list[Path]:
    """Write a starter case for ``context`` to ``output`` and its JSON Schema beside it.

    The case's ``$schema`` comment points at the schema file by relative path so editors
    autocomplete without a network. An existing schema file is refreshed; an existing case file is
    kept unless ``force``.

    Returns:
        The files written.
    """
    import json

    from brightline.case.templates import SCHEMA_FILE_NAME, starter_case

    chosen = parse_context(context)
    if output.exists() and not force:
        raise UsageError(f"{output} already exists; pass --force to overwrite it")
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
