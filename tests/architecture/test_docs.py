"""The reference pages under docs/reference/ match the code, and nothing is left undocumented.

Regenerate with ``python scripts/gen_docs.py`` after changing a case model, a lint rule or a command.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import types
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from brightline.case.model import Case
from brightline.lint import all_rules

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
REFERENCE = DOCS / "reference"
REGENERATE = "docs are out of date: run `python scripts/gen_docs.py` and commit the result"


def _load_generator() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_docs", module)  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated() -> dict[str, str]:
    pages: dict[str, str] = _load_generator().render()
    return pages


def _page(name: str) -> str:
    path = REFERENCE / name
    assert path.exists(), f"{path} is missing; {REGENERATE}"
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["case-file.md", "lint-rules.md"])
def test_reference_page_is_current(name: str, generated: dict[str, str]) -> None:
    assert _page(name) == generated[name], f"{name}: {REGENERATE}"


# --- independent checks: walk the code here, not through the generator -----------------------


def _models(annotation: Any) -> set[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {annotation}
    return set().union(*(_models(argument) for argument in typing.get_args(annotation)))


def _all_case_models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    pending: list[type[BaseModel]] = [Case]
    while pending:
        model = pending.pop()
        if model in found:
            continue
        found.append(model)
        for info in model.model_fields.values():
            # Sorted: a set's order differs between processes, and xdist workers must agree.
            pending.extend(sorted(_models(info.annotation), key=lambda found: found.__name__))
    return found


def _section(page: str, heading: str) -> str:
    match = re.search(rf"^{re.escape(heading)}\n(.*?)(?=^#{{1,3}} |\Z)", page, re.M | re.S)
    assert match, f"no section {heading!r}; {REGENERATE}"
    return match.group(1)


@pytest.mark.parametrize("model", _all_case_models(), ids=lambda model: model.__name__)
def test_every_case_field_is_documented(model: type[BaseModel]) -> None:
    section = _section(_page("case-file.md"), f"## {model.__name__}")
    rows = {
        match.group(1): match.group(2)
        for match in re.finditer(r"^\| `([^`]+)` \|(.*)\|$", section, re.M)
    }
    for name in model.model_fields:
        assert name in rows, f"{model.__name__}.{name} is not documented; {REGENERATE}"
    assert set(rows) == set(model.model_fields), f"stale rows in {model.__name__}; {REGENERATE}"


def test_every_lint_rule_is_documented() -> None:
    page = _page("lint-rules.md")
    for rule in all_rules():
        section = _section(page, f"### {rule.code} {rule.name}")
        assert rule.title in section and rule.severity.value in section, rule.code
        first_line = rule.rationale.splitlines()[0]
        assert first_line in section, f"{rule.code} rationale missing; {REGENERATE}"


def _command_paths() -> list[str]:
    import typer.main

    from brightline.cli import app as cli_app

    found: list[str] = []

    def walk(command: Any, words: tuple[str, ...]) -> None:
        if words:
            found.append(" ".join(words))
        for name, child in (getattr(command, "commands", None) or {}).items():
            walk(child, (*words, name))

    walk(typer.main.get_command(cli_app.create_app()), ())
    return found


def test_every_command_is_documented() -> None:
    # Only names: the help text changes whenever a command gains an option; the lead regenerates.
    page = _page("cli.md")
    headings = set(re.findall(r"^## (.+)$", page, re.M))
    missing = [path for path in _command_paths() if path not in headings]
    assert not missing, f"commands missing from docs/reference/cli.md: {missing}; {REGENERATE}"


def test_generator_documents_every_field_and_rule(generated: dict[str, str]) -> None:
    # Guards the generator itself, whatever is committed.
    for model in _all_case_models():
        section = _section(generated["case-file.md"], f"## {model.__name__}")
        for name in model.model_fields:
            assert f"| `{name}` |" in section, f"generator skipped {model.__name__}.{name}"
    for rule in all_rules():
        assert f"### {rule.code} {rule.name}" in generated["lint-rules.md"]
    for path in _command_paths():
        assert f"## {path}\n" in generated["cli.md"]


# --- hand-written pages ------------------------------------------------------------------------

HAND_WRITTEN = ["index.md", "tutorials/first-case.md", "how-to/fix-lint-findings.md"]


@pytest.mark.parametrize("name", HAND_WRITTEN)
def test_hand_written_links_resolve(name: str) -> None:
    page = DOCS / name
    text = page.read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target:
            continue
        assert (page.parent / target).resolve().exists(), f"{name} links to missing {target}"


def test_how_to_names_only_real_codes() -> None:
    text = (DOCS / "how-to" / "fix-lint-findings.md").read_text(encoding="utf-8")
    known = {rule.code for rule in all_rules()}
    named = set(re.findall(r"\bBL\d{3}\b", text))
    assert named and named <= known, named - known
