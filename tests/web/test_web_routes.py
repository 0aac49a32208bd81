"""Every route of the web app has a TestClient test, and the case pages work end to end in-process.

The route listing reads each ``covers("METHOD", "/path")`` under tests/web/ (see web_support) and
fails on any route of the app without one, so a page added without a test fails here.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from web_support import EXAMPLES, client, covers, token, web_app, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

WEB_TESTS = Path(__file__).resolve().parent


def _covered() -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for path in sorted(WEB_TESTS.rglob("test_*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "covers"
                and len(node.args) == 2
                and all(isinstance(arg, ast.Constant) for arg in node.args)
            ):
                method, route = (arg.value for arg in node.args)  # type: ignore[attr-defined]
                found.add((str(method), str(route)))
    return found


def _endpoints(routes: list[Any]) -> set[tuple[str, str]]:
    """(method, path) of every endpoint, through included routers (FastAPI keeps them nested)."""
    from fastapi.routing import APIRoute

    found: set[tuple[str, str]] = set()
    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:  # no route module uses a prefix, so paths are as written
            found |= _endpoints(nested.routes)
        elif isinstance(route, APIRoute):
            found.update((method, route.path) for method in route.methods - {"HEAD"})
    return found


def _routes(tmp_path: Path) -> set[tuple[str, str]]:
    return _endpoints(web_app(tmp_path, EXAMPLES).routes)


def test_every_route_has_a_test_client_test(tmp_path: Path) -> None:
    routes = _routes(tmp_path)
    assert ("GET", "/") in routes
    missing = sorted(routes - _covered())
    assert missing == [], f"routes without a covers(...) TestClient test: {missing}"


def test_no_test_covers_a_route_that_is_gone(tmp_path: Path) -> None:
    assert sorted(_covered() - _routes(tmp_path)) == []


@covers("GET", "/")
def test_home_lists_examples_and_cases(client: Any) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Enterprise SaaS" in page.text or "saas-data-residency" in page.text
    assert 'href="/glossary"' in page.text


@covers("GET", "/glossary")
def test_glossary_explains_the_terms(client: Any) -> None:
    page = client.get("/glossary")
    assert page.status_code == 200
    for term in ("ZOPA", "BATNA", "Nash point", "Kalai point", "MESO", "Warrant gate", "δ"):
        assert f">{term}</dt>" in page.text


@covers("GET", "/cases/new")
def test_new_case_offers_every_context(client: Any) -> None:
    page = client.get("/cases/new")
    for context in ("sales", "partnership", "procurement", "hiring", "leadership"):
        assert f'value="{context}"' in page.text


@covers("POST", "/cases/new")
@covers("GET", "/cases/{case_id}")
def test_create_from_a_starter_and_view_it(client: Any, token: str) -> None:
    made = client.post(
        "/cases/new", data={"context": "hiring", "csrf_token": token}, follow_redirects=False
    )
    assert made.status_code == 303
    location = made.headers["location"]
    assert location.startswith("/cases/hiring")
    page = client.get(location)
    assert page.status_code == 200
    assert "Case created from the starter" in page.text
    assert "Readiness" in page.text


def test_an_unknown_context_is_refused_with_the_closest_name(client: Any, token: str) -> None:
    refused = client.post("/cases/new", data={"context": "hirign", "csrf_token": token})
    assert refused.status_code == 400
    assert "hiring" in refused.text


@covers("GET", "/examples/{case_id}")
@covers("GET", "/examples/{case_id}/download")
def test_an_example_can_be_read_and_downloaded(client: Any) -> None:
    page = client.get("/examples/saas-data-residency")
    assert page.status_code == 200 and "Copy to my cases" in page.text
    download = client.get("/examples/saas-data-residency/download")
    assert download.content == (EXAMPLES / "saas-data-residency.yaml").read_bytes()
    assert "attachment" in download.headers["content-disposition"]


@covers("POST", "/examples/{case_id}/copy")
@covers("GET", "/cases/{case_id}/download")
@covers("POST", "/cases/{case_id}/delete")
def test_copy_an_example_download_and_delete_it(client: Any, token: str) -> None:
    copied = client.post(
        "/examples/senior-hire-pay-band/copy", data={"csrf_token": token}, follow_redirects=False
    )
    assert copied.status_code == 303
    case_id = copied.headers["location"].split("/")[2].split("?")[0]
    download = client.get(f"/cases/{case_id}/download")
    assert download.content == (EXAMPLES / "senior-hire-pay-band.yaml").read_bytes()
    deleted = client.post(
        f"/cases/{case_id}/delete", data={"csrf_token": token}, follow_redirects=False
    )
    assert deleted.headers["location"] == "/?done=deleted"
    assert client.get(f"/cases/{case_id}").status_code == 404


@covers("POST", "/cases/upload")
def test_upload_a_case_file(client: Any, token: str) -> None:
    data = (EXAMPLES / "security-level-vendor.yaml").read_bytes()
    uploaded = client.post(
        "/cases/upload",
        files={"file": ("vendor deal.yaml", data, "application/yaml")},
        data={"csrf_token": token},
        follow_redirects=False,
    )
    assert uploaded.status_code == 303
    assert uploaded.headers["location"] == "/cases/vendor-deal?done=uploaded"
    assert client.get("/cases/vendor-deal/download").content == data


def test_an_invalid_upload_shows_the_cli_problems(client: Any, token: str) -> None:
    refused = client.post(
        "/cases/upload",
        files={"file": ("broken.yaml", b"brightline: 1\ncase: {id: x}\n", "application/yaml")},
        data={"csrf_token": token},
    )
    assert refused.status_code == 422
    assert "broken.yaml:2:7: case.title: required field is missing" in refused.text
    assert not (client.get("/").text.count("broken"))


def test_an_unknown_page_is_a_404_page(client: Any) -> None:
    missing = client.get("/no/such/page")
    assert missing.status_code == 404 and "no such page" in missing.text


def test_an_unknown_form_section_is_a_404_page(client: Any, token: str) -> None:
    made = client.post(
        "/cases/new", data={"context": "sales", "csrf_token": token}, follow_redirects=False
    )
    case_id = made.headers["location"].split("/")[2].split("?")[0]
    missing = client.get(f"/cases/{case_id}/edit/nope")
    assert missing.status_code == 404 and "no section" in missing.text
