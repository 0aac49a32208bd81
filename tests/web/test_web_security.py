"""Safe by default: CSRF on every state change, security headers, upload limit, ids not paths."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from web_support import EXAMPLES, client, token, web_app, web_root

__all__ = ["client", "token", "web_root"]  # fixtures

STATIC = Path(__file__).resolve().parents[2] / "src" / "brightline" / "web" / "static"


def test_pages_carry_the_security_headers(client: Any) -> None:
    headers = client.get("/").headers
    policy = headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy and "frame-ancestors 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"
    assert headers["cache-control"] == "no-store"


def test_the_session_cookie_is_signed_http_only_and_same_site(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    with TestClient(web_app(tmp_path)) as fresh:
        cookie = fresh.get("/").headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie


def test_pages_use_no_inline_script(client: Any) -> None:
    for path in ("/", "/glossary", "/cases/new", "/examples/saas-data-residency"):
        text = client.get(path).text
        assert "<script>" not in text and " on" + "click=" not in text
        assert text.count("<script") == 1  # htmx, from /static


@pytest.mark.parametrize(
    ("data", "headers"),
    [
        ({"context": "sales"}, {}),
        ({"context": "sales", "csrf_token": "forged"}, {}),
        ({"context": "sales"}, {"x-csrf-token": "forged"}),
    ],
)
def test_a_post_without_the_right_token_is_refused(
    client: Any, data: dict[str, str], headers: dict[str, str]
) -> None:
    before = client.get("/").text.count("<tr>")
    refused = client.post("/cases/new", data=data, headers=headers)
    assert refused.status_code == 403
    assert "security token" in refused.text
    assert client.get("/").text.count("<tr>") == before


def test_a_token_of_another_browser_session_is_refused(tmp_path: Path, token: str) -> None:
    from fastapi.testclient import TestClient

    with TestClient(web_app(tmp_path)) as other:
        refused = other.post("/cases/new", data={"context": "sales", "csrf_token": token})
    assert refused.status_code == 403


def test_the_header_token_is_accepted_as_htmx_sends_it(client: Any, token: str) -> None:
    made = client.post(
        "/cases/new", data={"context": "sales"}, headers={"x-csrf-token": token},
        follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303


def test_a_post_from_another_site_is_refused_even_with_the_token(client: Any, token: str) -> None:
    refused = client.post(
        "/cases/new",
        data={"context": "sales", "csrf_token": token},
        headers={"origin": "https://evil.example"},
    )
    assert refused.status_code == 403


def test_an_upload_over_the_limit_is_refused_before_parsing(client: Any, token: str) -> None:
    too_big = b"# padding\n" * 300_000  # 3 MB, over the 2 MiB case-file limit plus the form
    refused = client.post(
        "/cases/upload",
        files={"file": ("big.yaml", too_big, "application/yaml")},
        data={"csrf_token": token},
    )
    assert refused.status_code == 413
    # A page of the site (its layout and nav), in the unit the upload form uses, saying what to do.
    assert 'href="/static/app.css"' in refused.text and 'aria-label="Main"' in refused.text
    words = " ".join(refused.text.split())
    assert "can be at most 2 MiB" in words and "-byte" not in words
    assert "instead, then upload the file again" in words
    assert "up to 2 MiB" in client.get("/").text  # the upload form's own words


def test_an_upload_just_over_the_case_limit_gets_the_reader_s_message(
    client: Any, token: str
) -> None:
    from brightline.case.source import MAX_FILE_BYTES

    data = b"#" * (MAX_FILE_BYTES + 10)
    refused = client.post(
        "/cases/upload", files={"file": ("big.yaml", data)}, data={"csrf_token": token}
    )
    assert refused.status_code == 422
    assert "byte limit" in refused.text


@pytest.mark.parametrize(
    "case_id",
    ["..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "%2E%2E", "...", "saas-data-residency.yaml",
     "a%00b", "..%5C..%5Cwindows"],
)  # fmt: skip
def test_no_path_from_the_browser_reaches_the_file_system(client: Any, case_id: str) -> None:
    for prefix in ("/cases/", "/examples/"):
        page = client.get(f"{prefix}{case_id}")
        assert page.status_code == 404, (prefix, case_id)
        download = client.get(f"{prefix}{case_id}/download")
        assert download.status_code == 404
        assert b"root:" not in download.content


def test_the_library_refuses_paths_as_ids(tmp_path: Path) -> None:
    from brightline.services.case_library import CaseLibrary, CaseNotFound

    library = CaseLibrary(EXAMPLES, writable=False)
    assert library.exists("saas-data-residency")
    for bad in ("../examples/saas-data-residency", "/etc/passwd", "..", "", "a/b", "x.yaml"):
        with pytest.raises(CaseNotFound):
            library.path(bad)
    writable = CaseLibrary(tmp_path / "cases")
    with pytest.raises(CaseNotFound):
        writable.save("../escape", "brightline: 1\n")
    assert not (tmp_path / "escape.yaml").exists()


def test_examples_are_read_only(client: Any, token: str) -> None:
    refused = client.post("/examples/saas-data-residency/delete", data={"csrf_token": token})
    assert refused.status_code in (404, 405)
    assert (EXAMPLES / "saas-data-residency.yaml").exists()


def test_the_vendored_htmx_is_the_recorded_file() -> None:
    vendored = (STATIC / "vendor" / "VENDORED.md").read_text(encoding="utf-8")
    script = STATIC / "vendor" / "htmx-2.0.11.min.js"
    digest = hashlib.sha256(script.read_bytes()).hexdigest()
    assert digest in vendored and "0BSD" in vendored


def test_an_upload_s_file_name_never_picks_a_folder(
    client: Any, token: str, web_root: Path
) -> None:
    data = (EXAMPLES / "saas-data-residency.yaml").read_bytes()
    for name in ("../../escape.yaml", "/etc/escape.yaml", "..\\..\\escape.yaml"):
        uploaded = client.post(
            "/cases/upload",
            files={"file": (name, data, "application/yaml")},
            data={"csrf_token": token},
            follow_redirects=False,
        )
        assert uploaded.status_code == 303
        assert uploaded.headers["location"].startswith("/cases/escape")
    assert not (web_root / "escape.yaml").exists() and not Path("/etc/escape.yaml").exists()
    assert len(list((web_root / "cases").glob("escape*.yaml"))) == 3


def test_a_foreign_host_name_is_refused_before_any_page(tmp_path: Path) -> None:
    """DNS rebinding: a site that points its own name at 127.0.0.1 must not reach the cases."""
    from fastapi.testclient import TestClient

    from brightline.session.store import open_store
    from brightline.web.app import LOOPBACK_HOSTS, Settings, create_app

    url = f"sqlite:///{tmp_path / 'sessions.db'}"  # every page asks the store who is asking
    app = create_app(
        Settings(
            cases_folder=tmp_path / "cases",
            examples_folder=EXAMPLES,
            open_store=lambda: open_store(url),
        )
    )
    assert Settings(cases_folder=tmp_path).allowed_hosts == LOOPBACK_HOSTS
    with TestClient(app, base_url="http://attacker.example:8000") as foreign:
        assert foreign.get("/").status_code == 400
        download = foreign.get("/examples/saas-data-residency/download")
        assert download.status_code == 400 and b"reservation" not in download.content
    for name in ("127.0.0.1:8000", "localhost:8000", "[::1]:8000"):
        with TestClient(app, base_url=f"http://{name}") as local:
            assert local.get("/").status_code == 200, name
