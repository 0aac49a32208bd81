"""The session commands end to end, in-process, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.session.store import SessionStore
from conftest import Outcome
from test_session_support import case_text, database_url, execute, store

__all__ = ["database_url", "store"]  # fixtures, re-exported for pytest

Cli = Callable[..., Outcome]


@pytest.fixture
def env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", database_url)
    monkeypatch.setenv("BRIGHTLINE_AUTHOR", "scribe")
    return database_url


@pytest.fixture
def case_file(tmp_path: Path) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(case_text(), encoding="utf-8")
    return path


def start(cli: Cli, case_file: Path) -> str:
    result = cli("session", "start", str(case_file))
    assert result.exit_code == 0, result.output
    session_id = result.stdout.strip()
    assert len(session_id) == 12 and session_id.isalnum()
    return session_id


def test_a_negotiation_recorded_from_the_command_line(
    cli: Cli, env: str, case_file: Path, tmp_path: Path
) -> None:
    session_id = start(cli, case_file)
    steps = [
        ("log", "stage", session_id, "opening"),
        ("log", "note", session_id, "Published the residency rule", "--author", "alice"),
        ("log", "signal", session_id, "pushback_on_source", "They doubt the regulation applies"),
        ("log", "stage", session_id, "early"),
        ("log", "offer", session_id, "made", "residency=eu_only", "discount=0"),
        ("log", "offer", session_id, "received", "residency=eu_only", "discount=20"),
        (
            "log", "concession", session_id, "discount", "--give", "5% discount",
            "--get", "two-year term", "--value-to-us", "-5000", "--value-to-them", "5000",
            "--trigger", "signature by March",
        ),
        ("log", "approval", session_id, "Deal within band", "--approver", "Dana (CFO)"),
        ("log", "decision", session_id, "accept", "Meets the rule", "--review-date", "2027-03-01"),
    ]  # fmt: skip
    for step in steps:
        result = cli(*step)
        assert result.exit_code == 0, (step, result.output)
        assert result.stdout.startswith("#")

    shown = cli("session", "show", session_id, "--format", "json")
    assert shown.exit_code == 0, shown.output
    document = json.loads(shown.stdout)
    assert document["id"] == session_id and document["case"]["id"] == "t"
    events = document["events"]
    assert [event["kind"] for event in events] == [
        "start", "stage", "note", "signal", "stage", "offer", "offer", "concession", "approval",
        "decision",
    ]  # fmt: skip
    assert {"seq", "kind", "author", "at", "hash"} <= set(events[0])
    assert events[2]["author"] == "alice" and events[1]["author"] == "scribe"

    timeline = cli("session", "show", session_id)
    assert timeline.exit_code == 0 and "concession" in timeline.stdout
    assert "chain intact: 10 events" in timeline.stdout

    listed = cli("session", "list")
    assert session_id in listed.stdout

    exported = cli("session", "export", session_id)
    export_file = tmp_path / "session.json"
    export_file.write_text(exported.stdout, encoding="utf-8")
    verified = cli("session", "verify", session_id)
    assert verified.exit_code == 0 and document["head"] in verified.stdout


def test_export_then_import_into_another_database(
    cli: Cli, env: str, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = start(cli, case_file)
    assert cli("log", "note", session_id, "hello").exit_code == 0
    exported = cli("session", "export", session_id).stdout
    path = tmp_path / "session.json"
    path.write_text(exported, encoding="utf-8")
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    imported = cli("session", "import", str(path))
    assert imported.exit_code == 0, imported.output
    assert imported.stdout.strip() == session_id
    assert json.loads(cli("session", "export", session_id).stdout) == json.loads(exported)
    again = cli("session", "import", str(path))
    assert again.exit_code == 2 and "already in this database" in again.stderr


def test_verify_exits_one_naming_the_broken_event(
    cli: Cli, env: str, case_file: Path, store: SessionStore
) -> None:
    session_id = start(cli, case_file)
    for text in ("one", "two", "three"):
        cli("log", "note", session_id, text)
    execute(
        store,
        'UPDATE events SET payload = \'{"text":"TWO"}\' WHERE session_id = :s AND seq = 3',
        s=session_id,
    )
    result = cli("session", "verify", session_id)
    assert result.exit_code == 1
    assert "broken at event 3" in result.stdout and "edited" in result.stdout


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (("log", "stage", "{id}", "late"), "cannot move from preparation to late"),
        (("log", "signal", "{id}", "shouting"), "type"),
        (("log", "offer", "{id}", "made", "colour=red"), "no issue 'colour'"),
        (("log", "offer", "{id}", "made", "discount=99"), "outside the issue's range"),
        (("log", "offer", "{id}", "sideways", "discount=5"), "direction"),
        (("log", "decision", "{id}", "accept", "  "), "rationale"),
        (("log", "note", "missing-session", "x"), "no session 'missing-session'"),
        (("session", "show", "missing-session"), "no session"),
        (("session", "import", "{case}"), "not JSON"),
    ],
)
def test_bad_requests_exit_two_with_a_message(
    cli: Cli, env: str, case_file: Path, arguments: tuple[str, ...], message: str
) -> None:
    session_id = start(cli, case_file)
    filled = [part.format(id=session_id, case=case_file) for part in arguments]
    result = cli(*filled)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_concession_below_reservation_is_refused_until_approved(
    cli: Cli, env: str, case_file: Path
) -> None:
    session_id = start(cli, case_file)
    cli("log", "offer", session_id, "made", "residency=eu_only", "discount=0")
    refused = cli("log", "concession", session_id, "discount", "--value-to-us", "-12000")
    assert refused.exit_code == 2 and "reservation point" in refused.stderr
    approval = cli(
        "log", "approval", session_id, "--approver", "Dana (CFO)", "--scope", "reservation"
    )
    seq = approval.stdout.split()[0].lstrip("#")
    allowed = cli(
        "log", "concession", session_id, "discount", "--value-to-us", "-12000", "--approval", seq
    )
    assert allowed.exit_code == 0, allowed.output
    assert "below the reservation point with approval" in allowed.stderr


def test_next_shows_the_playbook_and_alerts(cli: Cli, env: str, case_file: Path) -> None:
    session_id = start(cli, case_file)
    cli("log", "stage", session_id, "opening")
    cli("log", "signal", session_id, "pushback_on_source", "Not our regulator")
    text = cli("next", session_id)
    assert text.exit_code == 0, text.output
    assert "Publish the must-haves" in text.stdout and "ADJUST" in text.stdout
    result = cli("next", session_id, "--format", "json")
    document = json.loads(result.stdout)
    assert document["stage"] == "opening"
    assert document["alerts"][0]["signal"] == "pushback_on_source"
    assert document["next_stages"] == ["preparation", "early", "closed"]


def test_plan_shows_the_opening_moves(cli: Cli, case_file: Path) -> None:
    result = cli("plan", str(case_file), "--format", "json")
    assert result.exit_code == 0, result.output
    moves = json.loads(result.stdout)["opening_moves"]
    assert [move["key"] for move in moves] == ["publish_must_haves", "narrow_bundles"]
    assert "GDPR Chapter V" in moves[0]["say"][0]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "not a database URL"),
        ("foo://x", "cannot use database URL"),
        ("sqlite:////nonexistent/folder/x.db", "cannot open database"),
        ("postgresql+psycopg://nobody@127.0.0.1:1/none", "cannot open database"),
    ],
)
def test_unusable_database_url_exits_two(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, url: str, message: str
) -> None:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", url)
    result = cli("session", "list")
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_default_database_lives_in_the_user_data_folder(
    cli: Cli, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BRIGHTLINE_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    session_id = start(cli, case_file)
    assert (tmp_path / "data" / "brightline" / "brightline.db").exists()
    assert session_id in cli("session", "list").stdout


def test_start_refuses_an_invalid_case(cli: Cli, env: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("brightline: 1\ncase: {id: x}\n", encoding="utf-8")
    result = cli("session", "start", str(bad))
    assert result.exit_code == 2 and "bad.yaml" in result.stderr
