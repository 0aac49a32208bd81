"""The case in forms: every example survives load -> form -> save -> load, and user text is inert.

The forms are read the way a browser submits them: an HTML parser collects the inputs, text
areas and selects of the rendered page, and that is what is posted back.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from brightline.case.validate import parse_case
from web_support import EXAMPLES, client, covers, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

PAYLOAD = "<script>alert(1)</script>{{7*7}}"
IDENTIFIERS = frozenset({"id", "protects", "safeguards", "standards"})
"""Fields that only take ids (a pattern), so a payload there cannot be saved."""


class FormReader(HTMLParser):
    """What a browser would submit from the page's case form: name -> value, and each text field."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.text_fields: list[str] = []
        self.number_fields: list[str] = []
        self.optional_parts: list[str] = []
        self._in_form = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form" and "case-form" in found.get("class", ""):
            self._in_form = True
        if not self._in_form:
            return
        name = found.get("name", "")
        if tag == "input" and name and not name.startswith("@"):
            kind = found.get("type", "text")
            if kind == "checkbox":
                if name.endswith("@present"):
                    self.optional_parts.append(name)
                if "checked" in found:
                    self.values[name] = found.get("value", "on")
            else:
                self.values[name] = found.get("value", "")
                if kind == "text" and "@" not in name:
                    numeric = "number" in found.get("class", "").split()
                    (self.number_fields if numeric else self.text_fields).append(name)
        elif tag == "textarea" and name:
            self._textarea = name
            self.values[name] = ""
            self.text_fields.append(name)
        elif tag == "select" and name and not name.startswith("@"):
            self._select, self._first_option = name, None
        elif tag == "option" and self._select:
            value = found.get("value", "")
            if self._first_option is None:
                self._first_option = value
                self.values[self._select] = value
            if "selected" in found:
                self.values[self._select] = value

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._in_form = False
        elif tag == "textarea" and self._textarea:
            text = self.values[self._textarea]
            self.values[self._textarea] = text[1:] if text.startswith("\n") else text
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    assert reader.values, "the page has no case form"
    return reader


def _copy(client: Any, token: str, example: str) -> str:
    copied = client.post(
        f"/examples/{example}/copy", data={"csrf_token": token}, follow_redirects=False
    )
    assert copied.status_code == 303, copied.text
    return str(copied.headers["location"]).split("/")[2].split("?")[0]


@covers("GET", "/cases/{case_id}/edit/{section}")
@covers("POST", "/cases/{case_id}/edit/{section}")
@pytest.mark.parametrize("example", sorted(path.stem for path in EXAMPLES.glob("*.yaml")))
def test_every_example_survives_the_forms(
    client: Any, token: str, web_root: Path, example: str
) -> None:
    case_id = _copy(client, token, example)
    form = read_form(client.get(f"/cases/{case_id}/edit/all").text)
    saved = client.post(
        f"/cases/{case_id}/edit/all",
        data={**form.values, "@save": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text[:3000]
    stored = (web_root / "cases" / f"{case_id}.yaml").read_bytes()
    original = parse_case((EXAMPLES / f"{example}.yaml").read_bytes(), example)
    assert parse_case(stored, case_id).case == original.case
    assert stored == (EXAMPLES / f"{example}.yaml").read_bytes()  # nothing changed: as written


@pytest.mark.parametrize(
    ("example", "field", "value", "line"),
    [
        ("saas-data-residency", "reservation.value", "61000", "  value: 61000"),
        (
            "saas-data-residency",
            "parties.them.stakeholders.1.role",
            "Commercial sign-off",
            "      - {name: Procurement office, role: Commercial sign-off, must_justify: "
            '"Paying above list per seat"}',
        ),
        (  # a point of a curve, under a comment the user wrote
            "city-services-rfp",
            "issues.1.ours.1.1",
            "175000",
            "    ours: [[1, 0], [5, 175000]]",
        ),
    ],
)
def test_a_form_save_changes_only_the_field_it_changed(
    client: Any, token: str, web_root: Path, example: str, field: str, value: str, line: str | None
) -> None:
    """Comments, flow-style rows and explicit defaults of the uploaded file survive a save."""
    import difflib

    written = (EXAMPLES / f"{example}.yaml").read_text(encoding="utf-8")
    uploaded = client.post(
        "/cases/upload",
        files={"file": (f"{example}.yaml", written.encode("utf-8"), "text/yaml")},
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303, uploaded.text[:2000]
    case_id = str(uploaded.headers["location"]).split("/")[2].split("?")[0]
    section = "all"
    form = read_form(client.get(f"/cases/{case_id}/edit/{section}").text)
    assert field in form.values, sorted(form.values)[:40]
    saved = client.post(
        f"/cases/{case_id}/edit/{section}",
        data={**form.values, field: value, "@save": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text[:3000]
    downloaded = client.get(f"/cases/{case_id}/download").text
    changed = [
        row
        for row in difflib.unified_diff(written.splitlines(), downloaded.splitlines(), n=0)
        if row[:1] in "+-" and not row.startswith(("+++", "---"))
    ]
    assert len(changed) == 2 and changed[0].startswith("-"), changed
    assert value in changed[1] and changed[1].startswith("+"), changed
    if line is not None:
        assert changed[1] == "+" + line
    assert "#" in downloaded.splitlines()[0]  # the file's opening comment is still there


def test_each_section_page_saves_alone(client: Any, token: str) -> None:
    case_id = _copy(client, token, "saas-data-residency")
    for slug in ("alternatives", "offers"):  # every field is covered by the "all" page
        form = read_form(client.get(f"/cases/{case_id}/edit/{slug}").text)
        saved = client.post(
            f"/cases/{case_id}/edit/{slug}",
            data={**form.values, "@save": "1", "csrf_token": token},
            follow_redirects=False,
        )
        assert saved.status_code == 303, (slug, saved.text[:2000])


def test_a_problem_is_shown_next_to_its_field_in_the_cli_words(client: Any, token: str) -> None:
    case_id = _copy(client, token, "saas-data-residency")
    form = read_form(client.get(f"/cases/{case_id}/edit/harms").text)
    values = {**form.values, "harms.0.probability": "1.5", "@save": "1", "csrf_token": token}
    shown = client.post(f"/cases/{case_id}/edit/harms", data=values)
    assert shown.status_code == 422
    assert "Not saved" in shown.text
    field = shown.text.split('id="field-harms-0-probability"', 1)[1].split("</div>", 1)[0]
    assert "harms[0].probability:" in field and "aria-invalid" in field


def test_adding_and_removing_a_part_re_shows_the_form_without_saving(
    client: Any, token: str, web_root: Path
) -> None:
    case_id = _copy(client, token, "saas-data-residency")
    before = (web_root / "cases" / f"{case_id}.yaml").read_bytes()
    form = read_form(client.get(f"/cases/{case_id}/edit/issues").text)
    added = client.post(
        f"/cases/{case_id}/edit/issues",
        data={**form.values, "@add": "issues:numeric", "csrf_token": token},
    )
    assert added.status_code == 200
    count = sum(1 for name in read_form(added.text).values if name.endswith(".kind"))
    assert count == sum(1 for name in form.values if name.endswith(".kind")) + 1
    removed = client.post(
        f"/cases/{case_id}/edit/issues",
        data={**form.values, "@remove": "issues.0", "csrf_token": token},
    )
    assert "issues.0.id" in read_form(removed.text).values
    assert sum(1 for name in read_form(removed.text).values if name.endswith(".kind")) == count - 2
    assert (web_root / "cases" / f"{case_id}.yaml").read_bytes() == before


@covers("POST", "/cases/{case_id}/rule")
def test_a_rule_is_checked_as_it_is_typed(client: Any, token: str) -> None:
    case_id = _copy(client, token, "saas-data-residency")
    headers = {"x-csrf-token": token}
    wrong = client.post(
        f"/cases/{case_id}/rule",
        data={"field": "standards.0.rule", "standards.0.rule": "residency == eu"},
        headers=headers,
    )
    assert "standard rule:" in wrong.text and "no option" in wrong.text
    right = client.post(
        f"/cases/{case_id}/rule",
        data={"field": "harms.0.rule", "harms.0.rule": 'residency != "eu_only"'},
        headers=headers,
    )
    assert "fits the issues" in right.text


@covers("POST", "/cases/{case_id}/rule/compose")
def test_the_rule_builder_adds_a_condition(client: Any, token: str) -> None:
    case_id = _copy(client, token, "saas-data-residency")
    built = client.post(
        f"/cases/{case_id}/rule/compose",
        data={
            "field": "standards.0.rule",
            "standards.0.rule": 'residency == "eu_only"',
            "@join": "->",
            "@issue": "residency",
            "@operator": "!=",
            "@value": "global",
        },
        headers={"x-csrf-token": token},
    )
    assert (
        'value="(residency == &#34;eu_only&#34;) -&gt; residency != &#34;global&#34;"' in built.text
    )


def test_user_text_is_escaped_in_every_field_when_refused(client: Any, token: str) -> None:
    case_id = _copy(client, token, "healthcare-data-partnership")
    form = read_form(client.get(f"/cases/{case_id}/edit/all").text)
    assert len(form.text_fields) > 40
    every = [*form.text_fields, *form.number_fields]
    values = {
        **form.values,
        **dict.fromkeys(form.optional_parts, "on"),  # every optional part filled in
        **dict.fromkeys(every, PAYLOAD),
    }
    shown = client.post(
        f"/cases/{case_id}/edit/all", data={**values, "@save": "1", "csrf_token": token}
    )
    assert shown.status_code == 422
    _assert_inert(shown.text)
    again = read_form(shown.text)
    changed = [n for n in form.text_fields if n in again.values and again.values[n] != PAYLOAD]
    assert changed == []


def test_user_text_is_escaped_on_every_page_once_saved(client: Any, token: str) -> None:
    made = client.post(
        "/cases/new", data={"context": "sales", "csrf_token": token}, follow_redirects=False
    )
    case_id = str(made.headers["location"]).split("/")[2].split("?")[0]
    form = read_form(client.get(f"/cases/{case_id}/edit/all").text)
    free = [
        name
        for name in form.text_fields
        if name.rsplit(".", 1)[-1] not in IDENTIFIERS | {"rule"}
        and ".outcome." not in name
        and f"{name}@type" not in form.values
    ]
    assert len(free) > 20
    values = {**form.values, **dict.fromkeys(free, PAYLOAD)}
    saved = client.post(
        f"/cases/{case_id}/edit/all",
        data={**values, "@save": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text[:3000]
    started = client.post(
        f"/cases/{case_id}/sessions", data={"csrf_token": token}, follow_redirects=False
    )
    assert started.status_code == 303, started.text[:2000]
    base = f"/cases/{case_id}"
    sections = ("case", "parties", "issues", "standards", "harms", "alternatives", "tradeables")
    sections += ("safeguards", "integrative", "offers", "more", "all")
    # Every page a saved text field's value can appear on: the case, each form, each analysis,
    # the documents list and the live session (its next move quotes the case's own words).
    pages = ["/", base, *(f"{base}/edit/{slug}" for slug in sections)]
    pages += [f"{base}/{name}" for name in ("analysis", "meso", "evaluate", "bids", "economics")]
    pages += [f"{base}/documents", str(started.headers["location"]), "/sessions"]
    shown = []
    for path in pages:
        page = client.get(path)
        assert page.status_code == 200, (path, page.text[:2000])
        _assert_inert(page.text)
        if "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text:
            shown.append(path)
    # The case's title is on each of them (and the payload is in it), escaped.
    assert shown == pages


def _assert_inert(html: str) -> None:
    assert "<script>alert(1)</script>" not in html
    assert "{{7*7}}" in html  # shown as typed: never run as a template
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(
        re.fullmatch(r'<script src="/static/[\w./-]+" defer>', s) for s in scripts
    )


def test_a_new_numeric_issue_starts_at_the_ends_of_its_range(client: Any, token: str) -> None:
    case_id = _copy(client, token, "saas-data-residency")
    form = read_form(client.get(f"/cases/{case_id}/edit/issues").text)
    added = client.post(
        f"/cases/{case_id}/edit/issues",
        data={**form.values, "@add": "issues:numeric", "csrf_token": token},
    )
    fields = read_form(added.text).values
    new = max(int(name.split(".")[1]) for name in fields if name.startswith("issues."))
    entered = {
        f"issues.{new}.id": "volume",
        f"issues.{new}.range.min": "100",
        f"issues.{new}.range.max": "500",
        f"issues.{new}.range.step": "50",
    }
    asked = client.post(
        f"/cases/{case_id}/edit/issues",
        data={**fields, **entered, "@save": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert asked.status_code == 422  # not saved: the values at the two ends are asked for
    assert "the value to us is needed at 100 and at 500" in asked.text
    anchors = read_form(asked.text).values
    assert [anchors[f"issues.{new}.ours.{i}.0"] for i in (0, 1)] == ["100", "500"]
    assert [anchors[f"issues.{new}.theirs.{i}.0"] for i in (0, 1)] == ["100", "500"]
    given = {f"issues.{new}.ours.0.1": "0", f"issues.{new}.ours.1.1": "40000"}
    given |= {f"issues.{new}.theirs.0.1": "0", f"issues.{new}.theirs.1.1": "-20000"}
    saved = client.post(
        f"/cases/{case_id}/edit/issues",
        data={**anchors, **given, "@save": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text[:2000]
    assert "ours: [[100, 0], [500, 40000]]" in client.get(f"/cases/{case_id}/download").text


def test_renaming_an_option_a_standard_uses_links_to_the_rule_and_renames_it_there_too(
    client: Any, token: str, web_root: Path
) -> None:
    case_id = _copy(client, token, "saas-data-residency")
    form = read_form(client.get(f"/cases/{case_id}/edit/issues").text)
    renamed = [name for name, value in form.values.items() if value == "eu_only"]
    assert renamed == ["issues.0.options.0.id"]
    values = {**form.values, renamed[0]: "eu", "@save": "1", "csrf_token": token}
    refused = client.post(f"/cases/{case_id}/edit/issues", data=values)
    assert refused.status_code == 422
    # The check's own words, and the way to the field that uses the old name.
    assert "standards[0].rule: standard rule: &#39;residency&#39; has no option" in refused.text
    link = f'href="/cases/{case_id}/edit/standards#field-standards-0-rule"'
    assert f"{link}>Open Standards › EU data residency › Rule</a>" in refused.text
    assert "still uses the old name in Standards › EU data residency › Rule" in refused.text
    assert 'form="case-form" name="@rename" value="1"' in refused.text
    again = {**read_form(refused.text).values, "@rename": "1", "csrf_token": token}
    saved = client.post(f"/cases/{case_id}/edit/issues", data=again, follow_redirects=False)
    assert saved.status_code == 303, saved.text[:3000]
    stored = parse_case((web_root / "cases" / f"{case_id}.yaml").read_bytes(), case_id).case
    assert [option.id for option in stored.issues[0].options] == ["eu", "global"]
    assert stored.standards[0].rule == 'residency == "eu"'
    assert all(offer.outcome.get("residency") != "eu_only" for offer in stored.offers)


def test_a_number_field_shows_its_amount_grouped_and_saves_it_as_it_was(
    client: Any, token: str, web_root: Path
) -> None:
    case_id = _copy(client, token, "saas-data-residency")
    form = read_form(client.get(f"/cases/{case_id}/edit/alternatives").text)
    assert form.values["reservation.value"] == "60,000"  # money reads as money, in a form too
    before = (web_root / "cases" / f"{case_id}.yaml").read_bytes()
    saved = client.post(
        f"/cases/{case_id}/edit/alternatives",
        data={**form.values, "@save": "1", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text[:2000]
    assert (web_root / "cases" / f"{case_id}.yaml").read_bytes() == before
