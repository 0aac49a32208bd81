"""The form reader takes anything a browser (or an attacker) can post without failing.

Whatever the names and values, a submission either re-shows the form, saves a valid case, or
reports problems: never another exception, and never an invalid file on disk.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.case.validate import parse_case
from brightline.services.case_editor import (
    CaseEditor,
    SectionNotFound,
    compose_rule,
    nodes_for,
    plain_data,
    read_form,
    sections,
)
from brightline.services.case_forms import FormField, FormGroup, FormList
from brightline.services.case_library import CaseLibrary
from budget import examples
from conftest import EXAMPLES


def _names(nodes: tuple[object, ...], found: list[str]) -> list[str]:
    for node in nodes:
        if isinstance(node, FormField):
            found.append(node.name)
        elif isinstance(node, FormGroup):
            found.append(f"{node.name}@present")
            _names(node.children, found)
        elif isinstance(node, FormList):
            for item in node.items:
                _names(item.children, found)
    return found


LIBRARY_ROOT = Path("/nonexistent")
EXAMPLE = EXAMPLES / "saas-data-residency.yaml"
LOADED = parse_case(EXAMPLE.read_bytes(), "saas.yaml")
NAMES = _names(nodes_for("all", plain_data(LOADED), {}), [])
VALUES = st.one_of(
    st.sampled_from(["", "0", "-1", "1e308", "nan", "inf", "1,000", "true", "eu_only", "<script>"]),
    st.text(max_size=30),
)
FORMS = st.dictionaries(
    st.one_of(st.sampled_from(NAMES), st.sampled_from(["@add", "@remove", "x.0", "issues.9.id"])),
    VALUES,
    max_size=12,
)


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> CaseEditor:
    folder = tmp_path_factory.mktemp("forms") / "cases"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "saas.yaml")
    return CaseEditor(CaseLibrary(folder))


@examples(5)  # each example parses and may write the case
@given(form=FORMS, section=st.sampled_from([slug for slug, _, _ in sections()] + ["all"]))
def test_any_submission_is_handled_and_only_valid_cases_are_written(
    editor: CaseEditor, form: dict[str, str], section: str
) -> None:
    baseline = {**dict.fromkeys(NAMES, ""), **form}  # a sparse form would blank the section
    result = editor.submit("saas", section, form if len(form) % 2 else baseline)
    assert result.saved or result.problems or "@add" in form or "@remove" in form
    parse_case((editor.library.folder / "saas.yaml").read_bytes(), "saas.yaml")


@given(form=FORMS)
def test_reading_a_form_never_fails(form: dict[str, str]) -> None:
    data = read_form("all", form, plain_data(LOADED))
    assert data["brightline"] == 1


def test_an_unknown_section_is_named() -> None:
    with pytest.raises(SectionNotFound, match="no section 'nope'"):
        read_form("nope", {}, {})


@given(current=st.text(max_size=20), value=st.text(max_size=20))
def test_the_rule_builder_never_writes_a_quote_it_cannot_read(current: str, value: str) -> None:
    from brightline.rules import parse_rule

    parse_rule(compose_rule("", "and", "residency", "==", value))  # any value: quoted or a number
    assert compose_rule(current, "or", "a", "==", "1").endswith("a == 1")


def _submitted(nodes: tuple[object, ...], out: dict[str, str]) -> dict[str, str]:
    """What a browser sends for these nodes (ticked boxes only, markers included)."""
    for node in nodes:
        if isinstance(node, FormField):
            if node.widget.value == "checkbox":
                if node.checked:
                    out[node.name] = "true"
            else:
                out[node.name] = node.value
                if node.type_marker:
                    out[f"{node.name}@type"] = node.type_marker
        elif isinstance(node, FormGroup):
            if node.optional and node.present:
                out[f"{node.name}@present"] = "on"
            _submitted(node.children, out)
        elif isinstance(node, FormList):
            for item in node.items:
                _submitted(item.children, out)
    return out


@pytest.mark.parametrize("context", ["sales", "partnership", "procurement", "hiring", "leadership"])
def test_every_starter_survives_the_forms(context: str) -> None:
    from brightline.case.model import Context
    from brightline.services.case_editor import case_text, tidy_text
    from brightline.services.cases import starter_text

    loaded = parse_case(starter_text(Context(context)).encode(), f"{context}.yaml")
    form = _submitted(nodes_for("all", plain_data(loaded), {}), {})
    again = parse_case(case_text(read_form("all", form, {"brightline": 1})).encode(), "again.yaml")
    assert again.case == loaded.case
    assert parse_case(tidy_text(again).encode(), "tidy.yaml").case == loaded.case
