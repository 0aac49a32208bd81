"""The team load test's verdict counts failed requests: a run with any is not sound.

It used to be `sound` with every request answered 500, as long as nothing acknowledged was lost.
"""

from __future__ import annotations

import httpx

from team_load_support import harness


def _result(failed: int) -> object:
    return harness.LoadResult(
        label="SQLite",
        workers=1,
        users=2,
        sessions=1,
        seconds=1.0,
        acknowledged=4,
        timed_acknowledged=4,
        failed=failed,
        lost=0,
        duplicated=0,
        misplaced_sessions=0,
        stored_unacknowledged=0,
        chains_intact=1,
        latencies=(0.01,) * 4,
        failures=("HTTP 500 Internal Server Error",) * failed,
    )


def test_a_run_with_a_failed_request_is_not_sound() -> None:
    assert _result(0).sound  # type: ignore[attr-defined]
    assert not _result(1).sound  # type: ignore[attr-defined]


def test_every_answer_but_an_acknowledgement_is_counted_as_a_failure() -> None:
    answers = iter(
        [
            httpx.Response(200, text="<p>Recorded #7 (note)</p>"),
            httpx.Response(500, text="boom"),
            httpx.Response(403, text="no"),
            httpx.Response(200, text="<p>something else</p>"),
        ]
    )
    transport = httpx.MockTransport(lambda request: next(answers))
    log = harness.UserLog("user-1", "team-1", "s1")
    with httpx.Client(base_url="http://test", transport=transport) as client:
        for number in range(4):
            harness.log_note(client, log, "token", number, timed=True)
    assert [ack.seq for ack in log.acknowledged] == [7]
    assert log.failures == [
        "HTTP 500 Internal Server Error",
        "HTTP 403 Forbidden",
        "HTTP 200 without 'Recorded #N'",
    ]
    assert len(log.unanswered) == 3
