"""Authorization in team mode: every route has a rule, the role x action matrix, no cross-team reach.

The store has team acme (a member per role) and team globex (its owner, gus). Each test uses
logged-in TestClients on one app built per module.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from brightline.session.roles import PERMISSIONS, Action, Role, allows
from brightline.web.access import ACCESS_RULE, Access, requires
from team_support import ACME_MEMBERS, OUTSIDER, Browser, browser, team_app, two_teams
from web_support import EXAMPLES

SAAS = "saas-data-residency"

EXPECTED = {
    Role.OWNER: set(Action),
    Role.NEGOTIATOR: {
        Action.VIEW,
        Action.EDIT_CASES,
        Action.RUN_SESSIONS,
        Action.REQUEST_APPROVAL,
        Action.ACCOUNT,
    },
    Role.APPROVER: {Action.VIEW, Action.DECIDE_APPROVAL, Action.ACCOUNT},
    Role.VIEWER: {Action.VIEW, Action.ACCOUNT},
}
"""The matrix written out by hand: a change to PERMISSIONS must change this too, on purpose."""


@pytest.fixture(scope="module")
def team_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("team")
    two_teams(root)
    return root


@pytest.fixture(scope="module")
def app(team_root: Path) -> Any:
    built = team_app(team_root, EXAMPLES)
    from fastapi import APIRouter, Depends

    # One probe route per action, through the real rule, so the whole matrix is walked even
    # for actions whose pages other modules add.
    probes = APIRouter()
    for action in Action:

        def probe(access: Access = Depends(requires(action))) -> dict[str, str]:  # noqa: B008
            return {"user": access.member.user, "team": access.member.team}

        probes.add_api_route(f"/_probe/{action.name.lower()}", probe, methods=["GET"])
    built.include_router(probes)
    return built


@pytest.fixture(scope="module")
def browsers(app: Any) -> Iterator[dict[str, Browser]]:
    found = {name: browser(app, name) for name in (*ACME_MEMBERS.values(), OUTSIDER)}
    yield found
    for item in found.values():
        item.client.close()


@pytest.fixture(scope="module")
def acme_ids(browsers: dict[str, Browser]) -> dict[str, str]:
    """A case and a session of team acme, made by its negotiator."""
    nina = browsers[ACME_MEMBERS[Role.NEGOTIATOR]]
    copied = nina.post(f"/examples/{SAAS}/copy")
    assert copied.status_code == 303, copied.text
    case_id = copied.headers["location"].split("?")[0].rsplit("/", 1)[1]
    started = nina.post(f"/cases/{case_id}/sessions")
    assert started.status_code == 303, started.text
    session_id = started.headers["location"].rsplit("/", 1)[1]
    return {"case_id": case_id, "session_id": session_id}


def _dependency_calls(dependant: Any) -> Iterator[Any]:
    for dependency in dependant.dependencies:
        yield dependency.call
        yield from _dependency_calls(dependency)


def _api_routes(routes: list[Any]) -> Iterator[Any]:
    """Every endpoint, through included routers (FastAPI keeps them nested)."""
    from fastapi.routing import APIRoute

    for route in routes:
        nested = getattr(route, "original_router", None)
        if nested is not None:
            yield from _api_routes(nested.routes)
        elif isinstance(route, APIRoute):
            yield route


def test_every_route_declares_an_access_rule(app: Any) -> None:
    from starlette.routing import Mount

    unruled = []
    count = 0
    for route in app.routes:
        if isinstance(route, Mount):
            assert route.path == "/static", route.path  # static files: the only open mount
            continue
        for api_route in _api_routes([route]):
            count += 1
            calls = _dependency_calls(api_route.dependant)
            rules = [getattr(call, ACCESS_RULE, None) for call in calls]
            rules = [rule for rule in rules if rule is not None]
            if len(rules) != 1:
                unruled.append((sorted(api_route.methods), api_route.path, rules))
    assert count > 30
    assert unruled == [], f"routes without exactly one access rule: {unruled}"


def test_only_the_log_in_page_and_the_glossary_are_public(app: Any) -> None:
    public = {
        api_route.path
        for api_route in _api_routes(app.routes)
        if any(
            getattr(call, ACCESS_RULE, None) == "public"
            for call in _dependency_calls(api_route.dependant)
        )
    }
    # The glossary explains words and shows nobody's cases; the log-in page links to it.
    assert public == {"/login", "/glossary"}


def test_permissions_are_the_matrix() -> None:
    assert {role: set(actions) for role, actions in PERMISSIONS.items()} == EXPECTED
    for role in Role:
        for action in Action:
            assert allows(role, action) is (action in EXPECTED[role])


@pytest.mark.parametrize("role", list(Role))
def test_the_whole_role_by_action_matrix_through_the_access_rule(
    role: Role, browsers: dict[str, Browser]
) -> None:
    client = browsers[ACME_MEMBERS[role]].client
    for action in Action:
        answer = client.get(f"/_probe/{action.name.lower()}")
        if action in EXPECTED[role]:
            assert answer.status_code == 200, (role, action, answer.text)
            assert answer.json() == {"user": ACME_MEMBERS[role], "team": "acme"}
        else:
            assert answer.status_code == 403, (role, action)
            assert f"is {role.value}, which may not {action.value}" in answer.text


@pytest.mark.parametrize("role", list(Role))
def test_each_role_on_the_real_pages(
    role: Role, browsers: dict[str, Browser], acme_ids: dict[str, str]
) -> None:
    member = browsers[ACME_MEMBERS[role]]
    case_id, session_id = acme_ids["case_id"], acme_ids["session_id"]
    checks = {
        Action.VIEW: lambda: member.client.get(f"/cases/{case_id}"),
        Action.EDIT_CASES: lambda: member.post("/cases/new", {"context": "sales"}),
        Action.RUN_SESSIONS: lambda: member.post(
            f"/sessions/{session_id}/log/note", {"text": f"by {role.value}"}
        ),
        Action.ACCOUNT: lambda: member.client.get("/account"),
    }
    for action, call in checks.items():
        status = call().status_code
        if action in EXPECTED[role]:
            assert status in (200, 303), (role, action, status)
        else:
            assert status == 403, (role, action, status)


def test_events_name_the_member_who_recorded_them(
    browsers: dict[str, Browser], acme_ids: dict[str, str]
) -> None:
    nina = browsers[ACME_MEMBERS[Role.NEGOTIATOR]]
    nina.post(f"/sessions/{acme_ids['session_id']}/log/note", {"text": "authored"})
    exported = nina.client.get(f"/sessions/{acme_ids['session_id']}/export").json()
    authors = {event["author"] for event in exported["events"]}
    assert "nina" in authors
    assert authors <= {"nina", "olive"}  # only acme's recorders, never the OS user


PARAMETERS = {"library": "cases", "section": "issues", "fmt": "md"}


def _fill(path: str, ids: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "kind":
            return "note" if "/log/" in path else "brief"
        found = ids.get(name, PARAMETERS.get(name))
        assert found is not None, f"no test value for the route parameter {name!r} of {path}"
        return found

    return re.sub(r"\{(\w+)\}", value, path)


def test_another_team_reaches_nothing_by_any_route(
    app: Any, browsers: dict[str, Browser], acme_ids: dict[str, str]
) -> None:
    outsider = browsers[OUTSIDER]
    owner = browsers[ACME_MEMBERS[Role.OWNER]]
    before_case = owner.client.get(f"/cases/{acme_ids['case_id']}/download").text
    before_trail = owner.client.get(f"/sessions/{acme_ids['session_id']}/export").json()
    unknown = {"case_id": "no-such-case", "session_id": "0123456789ab"}
    tried = 0
    for route in _api_routes(app.routes):
        if not ({"case_id", "session_id"} & set(re.findall(r"\{(\w+)\}", route.path))):
            continue
        if route.path.startswith("/examples/"):  # the bundled examples are everyone's
            continue
        for method in sorted(route.methods - {"HEAD"}):
            theirs, nobody = _fill(route.path, acme_ids), _fill(route.path, unknown)
            if method == "GET":
                answers = [outsider.client.get(theirs), outsider.client.get(nobody)]
            else:
                upload = {"file": ("bids.csv", b"x")} if route.path.endswith("/bids") else None
                answers = [
                    outsider.post(path, {"text": "x"}, files=upload) for path in (theirs, nobody)
                ]
            statuses = [answer.status_code for answer in answers]
            assert statuses == [404, 404], (method, route.path, statuses)
            tried += 1
    assert tried >= 20
    # Nothing of acme's changed, and globex's lists show none of it.
    assert owner.client.get(f"/cases/{acme_ids['case_id']}/download").text == before_case
    assert owner.client.get(f"/sessions/{acme_ids['session_id']}/export").json() == before_trail
    assert acme_ids["case_id"] not in outsider.client.get("/").text.split("Examples")[0]
    assert acme_ids["session_id"] not in outsider.client.get("/sessions").text


def test_examples_stay_readable_and_copies_land_in_the_copier_s_team(
    browsers: dict[str, Browser],
) -> None:
    outsider = browsers[OUTSIDER]
    assert outsider.client.get(f"/examples/{SAAS}").status_code == 200
    copied = outsider.post(f"/examples/{SAAS}/copy")
    case_id = copied.headers["location"].split("?")[0].rsplit("/", 1)[1]
    assert outsider.client.get(f"/cases/{case_id}").status_code == 200
    viewer = browsers[ACME_MEMBERS[Role.VIEWER]]
    listed = viewer.client.get("/").text
    assert f'href="/cases/{case_id}"' not in listed or case_id == SAAS


def test_without_a_log_in_pages_send_to_the_log_in_page_and_forms_are_refused(app: Any) -> None:
    from fastapi.testclient import TestClient

    with TestClient(app) as anonymous:
        page = anonymous.get("/sessions", follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=%2Fsessions"
        assert anonymous.get("/_probe/view", follow_redirects=False).status_code == 303
        login = anonymous.get("/login")
        assert login.status_code == 200
        token = re.search(r'name="csrf_token" value="([^"]+)"', login.text)
        assert token is not None
        refused = anonymous.post(
            "/cases/new", data={"csrf_token": token.group(1), "context": "sales"}
        )
        assert refused.status_code == 401
        assert anonymous.get("/static/app.css").status_code == 200
