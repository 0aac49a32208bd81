"""The session commands end to end, in-process, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.session.store import SessionStore
from conftest import Outcome
from session_support import case_text, database_url, execute, store

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


def test_offer_we_make_against_the_rules_is_refused_until_approved(
    cli: Cli, env: str, tmp_path: Path
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(case_text(**{"reservation.value": -5000}), encoding="utf-8")
    session_id = start(cli, path)
    refused = cli("log", "offer", session_id, "made", "residency=global", "discount=20")
    assert refused.exit_code == 2, refused.output
    assert "breaks the standard eu" in refused.stderr
    assert "-10,000 EUR to us, below the reservation point of -5,000 EUR" in refused.stderr
    assert "--scope deal" in refused.stderr
    assert cli("session", "verify", session_id).stdout.startswith("intact: 1 event,")
    approval = cli("log", "approval", session_id, "--approver", "Dana (CFO)", "--scope", "deal")
    seq = approval.stdout.split()[0].lstrip("#")
    made = cli(
        "log", "offer", session_id, "made", "residency=global", "discount=20", "--approval", seq
    )
    assert made.exit_code == 0, made.output
    events = json.loads(cli("session", "show", session_id, "--format", "json").stdout)["events"]
    assert events[-1]["payload"]["evaluation"]["compliant"] is False


def test_concession_with_the_position_unknown_warns_loudly(
    cli: Cli, env: str, case_file: Path
) -> None:
    session_id = start(cli, case_file)
    result = cli("log", "concession", session_id, "discount", "--value-to-us", "-1000000")
    assert result.exit_code == 0, result.output
    assert "WARNING: #2 was NOT checked against the reservation point" in result.stderr
    document = json.loads(cli("next", session_id, "--format", "json").stdout)
    assert document["concessions"]["unanchored"] == [2]


@pytest.mark.parametrize(
    "arguments",
    [
        ("log", "concession", "{id}", "discount", "--value-to-us", "nan"),
        ("log", "concession", "{id}", "discount", "--value-to-them", "inf"),
        ("log", "concession", "{id}", "discount", "--position-after", "-inf"),
        ("log", "offer", "{id}", "received", "discount=nan"),
        ("log", "offer", "{id}", "received", "discount=inf"),
    ],
)
def test_non_finite_numbers_exit_two(
    cli: Cli, env: str, case_file: Path, arguments: tuple[str, ...]
) -> None:
    session_id = start(cli, case_file)
    result = cli(*(part.format(id=session_id) for part in arguments))
    assert result.exit_code == 2, result.output
    assert "finite" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE events SET payload = 'not json' WHERE session_id = :s AND seq = 3", "event 3"),
        ("UPDATE events SET kind = 'bogus' WHERE session_id = :s AND seq = 3", "event 3"),
        (
            "UPDATE events SET kind = 'stage', payload = '{\"to\":\"nowhere\"}' "
            "WHERE session_id = :s AND seq = 3",
            "event 3",
        ),
        ("UPDATE sessions SET event_count = 'abc' WHERE id = :s", "event count"),
    ],
    ids=["not-json", "bogus-kind", "bad-stage", "bad-count"],
)
def test_a_damaged_trail_gives_messages_not_tracebacks(
    cli: Cli, env: str, case_file: Path, store: SessionStore, sql: str, words: str
) -> None:
    if words == "event count" and env.startswith("postgresql"):
        pytest.skip("PostgreSQL's integer column cannot hold 'abc'")
    session_id = start(cli, case_file)
    for text in ("one", "two", "three"):
        cli("log", "note", session_id, text)
    execute(store, sql, s=session_id)
    verified = cli("session", "verify", session_id)
    assert verified.exit_code == 1, verified.output
    assert words in verified.stdout
    for command in (
        ("session", "show", session_id),
        ("session", "export", session_id),
        ("next", session_id),
    ):
        result = cli(*command)
        assert result.exit_code == 2, (command, result.output)
        assert "damaged" in result.stderr and "session verify" in result.stderr
        assert "Traceback" not in result.output
    appended = cli("log", "note", session_id, "more")
    assert "Traceback" not in appended.output
    if words == "event count":  # the session row, which every append reads: refused
        assert appended.exit_code == 2, appended.output
        assert "damaged" in appended.stderr and "session verify" in appended.stderr
    else:  # the middle of the trail: an append reads only the head, verify still names it
        assert appended.exit_code == 0, appended.output
        assert words in cli("session", "verify", session_id).stdout
    listed = cli("session", "list")
    assert listed.exit_code == 0 and session_id in listed.stdout


def test_appending_after_an_edit_of_the_head_is_refused(
    cli: Cli, env: str, case_file: Path, store: SessionStore
) -> None:
    session_id = start(cli, case_file)
    for text in ("one", "two", "three"):
        cli("log", "note", session_id, text)
    execute(
        store,
        'UPDATE events SET payload = \'{"text":"THREE"}\' WHERE session_id = :s AND seq = 4',
        s=session_id,
    )
    result = cli("log", "note", session_id, "after the edit")
    assert result.exit_code == 2 and "session verify" in result.stderr, result.output
    assert cli("session", "verify", session_id).stdout.startswith("broken at event 4")


def test_an_edit_in_the_middle_is_not_buried_by_later_appends(
    cli: Cli, env: str, case_file: Path, store: SessionStore
) -> None:
    # An append reads only the head (issue 15: appends stay fast), so it does not see an edit
    # further back; the appended events chain from the intact head and verify still names it.
    session_id = start(cli, case_file)
    for text in ("one", "two", "three"):
        cli("log", "note", session_id, text)
    execute(
        store,
        'UPDATE events SET payload = \'{"text":"TWO"}\' WHERE session_id = :s AND seq = 3',
        s=session_id,
    )
    assert cli("log", "note", session_id, "after the edit").exit_code == 0
    verified = cli("session", "verify", session_id)
    assert verified.exit_code == 1 and verified.stdout.startswith("broken at event 3")


def test_closed_after_accept_shows_the_implementation_move(
    cli: Cli, env: str, case_file: Path
) -> None:
    session_id = start(cli, case_file)
    cli("log", "decision", session_id, "accept", "Meets the rule", "--review-date", "2027-03-01")
    assert cli("log", "stage", session_id, "closed").exit_code == 0
    text = cli("next", session_id).stdout
    assert "Implement the deal with its safeguards" in text and "2027-03-01" in text
    assert "so we will pause" not in text and "so we will not go ahead" not in text


def test_next_separates_say_from_how(cli: Cli, env: str, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    culture = {
        "directness": "indirect",
        "power_distance": "high",
        "face_saving": ["Frame the pilot as the buyer's audit-readiness win, not as our refusal."],
    }
    path.write_text(case_text(**{"case.culture": culture}), encoding="utf-8")
    session_id = start(cli, path)
    cli("log", "stage", session_id, "opening")
    text = cli("next", session_id).stdout
    assert "  say: " in text and "  how: " in text
    (move,) = json.loads(cli("next", session_id, "--format", "json").stdout)["moves"]
    assert not [line for line in move["say"] if "audit-readiness" in line or "Power" in line]
    assert any("audit-readiness" in line for line in move["how"])
    assert any("Power distance is high" in line for line in move["how"])


def test_show_as_markdown(cli: Cli, env: str, case_file: Path) -> None:
    session_id = start(cli, case_file)
    cli("log", "signal", session_id, "objection", "a | pipe")  # said by them: in the minutes
    cli("log", "note", session_id, "our own | remark")  # ours: left out of the minutes
    result = cli("session", "show", session_id, "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"# Session {session_id}: Test case"
    assert lines[2].startswith("| # | at (UTC) | author | kind | what | hash |")
    assert lines[3].startswith("|---|") and "a \\| pipe" in result.stdout
    assert "remark" not in result.stdout
    assert "Chain intact: 3 events." in result.stdout and "┃" not in result.stdout
    listed = cli("session", "list", "--format", "markdown").stdout.splitlines()
    assert listed[0].startswith("# Sessions: ") and listed[1] == ""
    assert listed[2] == "| id | started (UTC) | case | events | title |"
    assert any(line.startswith(f"| {session_id} |") for line in listed)
    shown = cli("next", session_id, "--format", "markdown")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("# Next: ") and "\n## " in shown.stdout
    assert "\x1b[" not in shown.stdout and "┃" not in shown.stdout


def test_import_reads_exports_larger_than_a_case_file(
    cli: Cli, env: str, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    session_id = start(cli, case_file)
    assert cli("log", "note", session_id, "x" * (3 * 1024 * 1024)).exit_code == 0
    path = tmp_path / "big.json"
    path.write_text(cli("session", "export", session_id).stdout, encoding="utf-8")
    assert path.stat().st_size > 3 * 1024 * 1024
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'other.db'}")
    imported = cli("session", "import", str(path))
    assert imported.exit_code == 0, imported.output
    assert "2 events, chain verified" in imported.stderr
    huge = tmp_path / "huge.json"
    with huge.open("wb") as file:
        file.truncate(65 * 1024 * 1024)  # sparse: costs no disk
    refused = cli("session", "import", str(huge))
    assert refused.exit_code == 2 and "67,108,864-byte limit" in refused.stderr


def test_a_file_that_is_not_sqlite_is_named_without_a_traceback(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = tmp_path / "notes.db"
    other.write_text("these are my notes, not a database\n" * 100, encoding="utf-8")
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{other}")
    result = cli("session", "list")
    assert result.exit_code == 2, result.output
    assert f"cannot open database sqlite:///{other}" in result.stderr
    assert "not a database" in result.stderr and "new file name" in result.stderr
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", "postgresql+psycopg://me:s3cret@127.0.0.1:1/x")
    hidden = cli("session", "list")
    assert hidden.exit_code == 2 and "s3cret" not in hidden.stderr and "***" in hidden.stderr


def test_values_carry_their_units(cli: Cli, env: str, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(case_text(**{"case.their_value_unit": "points"}), encoding="utf-8")
    session_id = start(cli, path)
    cli("log", "offer", session_id, "made", "residency=eu_only", "discount=0")
    logged = cli(
        "log", "concession", session_id, "discount", "--get", "term",
        "--value-to-us", "-5000", "--value-to-them", "15000",
    )  # fmt: skip
    assert "to us -5,000 EUR, to them +15,000 points" in logged.stdout
    assert "balance to us -5,000 EUR, to them +15,000 points" in cli("next", session_id).stdout


def test_the_trail_names_the_case_file_without_its_folders(
    cli: Cli, env: str, case_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    outside = start(cli, case_file.resolve())
    monkeypatch.chdir(tmp_path)
    (tmp_path / "cases").mkdir()
    inside_file = tmp_path / "cases" / "deal.yaml"
    inside_file.write_text(case_text(), encoding="utf-8")
    inside = start(cli, inside_file.resolve())
    for session_id, expected in ((outside, "case.yaml"), (inside, "cases/deal.yaml")):
        document = json.loads(cli("session", "export", session_id).stdout)
        assert document["case"]["file"] == expected
        assert document["events"][0]["payload"]["case_file"] == expected
        assert str(tmp_path) not in json.dumps(document)


def test_counts_are_pluralised(cli: Cli, env: str, case_file: Path) -> None:
    session_id = start(cli, case_file)
    assert "intact: 1 event," in cli("session", "verify", session_id).stdout
    assert "  1 event  " in cli("session", "list").stdout
    cli("log", "stage", session_id, "closed")
    reopened = cli("log", "offer", session_id, "made", "discount=0")
    assert reopened.exit_code == 2 and "to record an offer" in reopened.stderr


def test_a_database_password_never_reaches_an_error(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", "postgres ql://bob:hunter2secret@db/x")
    result = cli("session", "list")
    assert result.exit_code == 2 and "not a database URL" in result.stderr, result.output
    assert "hunter2secret" not in result.output and "bob:***@db" in result.stderr
