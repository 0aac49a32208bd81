"""Requests are served one at a time in arrival order, and a long one gives its turn up.

Driven on a bare ASGI app (no server, no threads): each request records when it started and
ended, and sleeps for as long as its path says.
"""

from __future__ import annotations

import asyncio
from typing import Any

from brightline.web.queueing import WAIT_KEY, OneAtATime


def _app(log: list[tuple[str, str]]) -> Any:
    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        name = scope["path"].strip("/")
        log.append(("start", name))
        await asyncio.sleep(float(name.split("-")[1]))
        log.append(("end", name))
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    return app


async def _serve(queue: OneAtATime, paths: list[str]) -> list[dict[str, Any]]:
    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        pass

    scopes = [{"type": "http", "path": f"/{path}"} for path in paths]
    tasks = []
    for scope in scopes:
        tasks.append(asyncio.create_task(queue(scope, receive, send)))
        await asyncio.sleep(0)  # arrivals in this order
    await asyncio.gather(*tasks)
    return scopes


def test_short_requests_run_one_at_a_time_in_arrival_order() -> None:
    log: list[tuple[str, str]] = []
    queue = OneAtATime(_app(log), lease_seconds=5.0)
    paths = ["a-0.02", "b-0.001", "c-0.01", "d-0"]
    scopes = asyncio.run(_serve(queue, paths))
    # Each ends before the next starts, in the order they came, although b and d are shorter.
    assert log == [(event, path) for path in paths for event in ("start", "end")]
    assert scopes[0]["state"][WAIT_KEY] < 0.01
    assert scopes[1]["state"][WAIT_KEY] >= 0.015  # waited for a's 20 ms


def test_a_request_past_its_lease_lets_the_next_one_start_beside_it() -> None:
    log: list[tuple[str, str]] = []
    queue = OneAtATime(_app(log), lease_seconds=0.02)
    scopes = asyncio.run(_serve(queue, ["long-0.12", "short-0.001"]))
    assert log == [
        ("start", "long-0.12"),
        ("start", "short-0.001"),
        ("end", "short-0.001"),
        ("end", "long-0.12"),
    ]
    assert 0.015 <= scopes[1]["state"][WAIT_KEY] < 0.2  # one lease, not the long request


def test_a_failed_request_gives_its_turn_back_and_its_error_passes_unchanged() -> None:
    log: list[tuple[str, str]] = []
    served = _app(log)

    async def failing_once(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["path"] == "/fail":
            raise LookupError("the page's own error")
        await served(scope, receive, send)

    queue = OneAtATime(failing_once, lease_seconds=5.0)

    async def both() -> dict[str, Any]:
        try:
            await queue({"type": "http", "path": "/fail"}, None, None)  # type: ignore[arg-type]
        except LookupError as error:  # not wrapped in an exception group
            assert error.args == ("the page's own error",)
        else:
            raise AssertionError("the error was swallowed")
        # Not stuck behind the failed request, whose turn would never end otherwise.
        return (await asyncio.wait_for(_serve(queue, ["after-0"]), 1.0))[0]

    after = asyncio.run(both())
    assert ("end", "after-0") in log and after["state"][WAIT_KEY] < 0.5


def test_static_files_skip_the_queue() -> None:
    log: list[tuple[str, str]] = []
    queue = OneAtATime(_app(log), lease_seconds=5.0)
    scopes = asyncio.run(_serve(queue, ["slow-0.05", "static/app-0"]))
    assert log[:2] == [("start", "slow-0.05"), ("start", "static/app-0")]
    assert "state" not in scopes[1]


def test_two_lanes_let_two_requests_run_at_once_and_the_third_wait() -> None:
    log: list[tuple[str, str]] = []
    queue = OneAtATime(_app(log), lease_seconds=5.0, lanes=2)
    asyncio.run(_serve(queue, ["a-0.03", "b-0.01", "c-0"]))
    assert log[:3] == [("start", "a-0.03"), ("start", "b-0.01"), ("end", "b-0.01")]
    assert log[3:] == [("start", "c-0"), ("end", "c-0"), ("end", "a-0.03")]


def test_a_response_draining_to_a_slow_client_does_not_hold_the_turn() -> None:
    log: list[tuple[str, str]] = []
    served = _app(log)

    async def slow_client(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body":
            await asyncio.sleep(0.2)  # the client reads a large page slowly

    queue = OneAtATime(served, lease_seconds=5.0)

    async def both() -> None:
        scope = {"type": "http", "path": "/big-0"}
        first = asyncio.create_task(queue(scope, None, slow_client))  # type: ignore[arg-type]
        await asyncio.sleep(0.01)
        after = (await asyncio.wait_for(_serve(queue, ["next-0"]), 0.15))[0]
        assert after["state"][WAIT_KEY] < 0.1 and not first.done()
        await first

    asyncio.run(both())


def test_an_app_built_with_the_queue_serves_its_pages_and_refusals(tmp_path: Any) -> None:
    from fastapi.testclient import TestClient

    from web_support import web_app

    app = web_app(tmp_path, queue_lease_seconds=0.1, queue_lanes=2)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        assert client.get("/glossary").status_code == 200
        assert client.get("/no-such-page").status_code == 404
        too_big = client.post("/cases/upload", content=b"x" * 3_000_000)
        assert too_big.status_code == 413 and "2 MiB" in too_big.text
