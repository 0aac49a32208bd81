"""Plain language: terms of art carry their meaning, numbers their unit."""

from __future__ import annotations

import re
from typing import Any

from brightline.web.filters import explain
from brightline.web.glossary import TERMS
from web_support import client, token, web_root

__all__ = ["client", "token", "web_root"]  # fixtures


def test_every_term_is_explained_in_one_line_of_its_own() -> None:
    for name, line in TERMS.items():
        assert line.endswith(".") and "\n" not in line, name
        assert len(line) < 240, name


def test_explain_marks_each_term_once_and_escapes_the_rest() -> None:
    marked = str(explain("<b>BATNA</b> and BATNA, reservation points and the ZOPA"))
    assert marked.count("<abbr") == 3 and "&lt;b&gt;" in marked
    assert marked.count("BATNA</abbr>") == 1
    assert str(explain("no term here")) == "no term here"
    nested = str(explain("Standard"))  # the explanation mentions other terms: never re-marked
    assert nested.count("<abbr") == 1


def test_form_pages_explain_their_terms_and_give_units(client: Any, token: str) -> None:
    copied = client.post(
        "/examples/saas-data-residency/copy", data={"csrf_token": token}, follow_redirects=False
    )
    case_id = copied.headers["location"].split("/")[2].split("?")[0]
    page = client.get(f"/cases/{case_id}/edit/alternatives").text
    assert re.search(r'<abbr title="Best alternative[^"]*">BATNA</abbr>', page)
    assert '<abbr title="The worst terms' in page
    reservation = page.split('id="field-reservation-value"', 1)[1].split("</label>", 1)[0]
    assert "(EUR)" in reservation
    issues = client.get(f"/cases/{case_id}/edit/issues").text
    assert 'Value to us</abbr> <span class="unit">(EUR)</span>' in issues
    harms = client.get(f"/cases/{case_id}/edit/harms").text
    assert "(from 0 to 1)" in harms and 'Impact <span class="unit">(EUR)</span>' in harms


def test_a_list_of_ids_says_which_ids_the_case_has(client: Any, token: str) -> None:
    copied = client.post(
        "/examples/saas-data-residency/copy", data={"csrf_token": token}, follow_redirects=False
    )
    case_id = copied.headers["location"].split("/")[2].split("?")[0]
    page = client.get(f"/cases/{case_id}/edit/standards").text
    assert "the case has: transfer_finding, pipeline_loss, unaudited_breach." in page
