"""``debrief``, ``agenda`` and ``review`` from the command line: one service call each, every
format, exit 2 with a clear message on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from brightline.errors import UsageError
from brightline.services import agenda as agenda_service
from brightline.services.review import Review
from review_support import Built, built

STOP = "stopped by the test"


@pytest.fixture
def ready(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Built:
    found = built(tmp_path_factory)
    found.copy_to(tmp_path)
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'trail.db'}")
    monkeypatch.chdir(tmp_path)
    return found


def test_each_command_makes_one_typed_call(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def recorder(name: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> Any:
            calls.append((name, args, kwargs))
            raise UsageError(STOP)

        return record

    monkeypatch.setattr(Review, "debrief_run", recorder("debrief"))
    monkeypatch.setattr(Review, "across", recorder("across"))
    monkeypatch.setattr(agenda_service, "agenda_run", recorder("agenda"))
    for argv in (
        ("debrief", "abc", "--outcome", "5", "--self", "6", "--chart", "c.png"),
        ("agenda", "--within", "30", "-f", "ics"),
        ("review", "-f", "csv"),
    ):
        result = cli(*argv)
        assert result.exit_code == 2 and STOP in result.stderr, result.output
    (_, args, kwargs), agenda, across = calls
    assert args[1:] == ("abc",)
    assert kwargs["ratings"] == {"outcome": 5, "self": 6, "process": None, "relationship": None}
    assert kwargs["chart"] == Path("c.png") and kwargs["embed_chart"] is False
    assert callable(agenda[2].pop("open_store"))  # the store as the command's account
    assert agenda[2] == {"within": 30, "calendar": True}
    assert across[2]["csv"] is True


def test_debrief_in_every_format(cli: Any, ready: Built, tmp_path: Path) -> None:
    text = cli("debrief", ready.deal)
    assert text.exit_code == 0, text.output
    assert "Post-settlement improvement" in text.stdout and "▇" not in text.stderr
    data = json.loads(cli("debrief", ready.deal, "-f", "json").stdout)
    assert data["improvement"]["improvements"][0]["outcome"]["start"] == "early"
    markdown = cli("debrief", ready.deal, "-f", "markdown", "-o", "debrief.md")
    assert markdown.exit_code == 0 and "wrote debrief.md" in markdown.stderr
    assert (tmp_path / "debrief.md").read_text(encoding="utf-8").startswith("# Debrief: Test case")


def test_debrief_records_answers_and_draws_the_chart(
    cli: Any, ready: Built, tmp_path: Path
) -> None:
    result = cli("debrief", ready.deal, "--outcome", "4", "--relationship", "6", "--chart", "c.svg")
    assert result.exit_code == 0, result.output
    assert "recorded the answers as #10" in result.stderr and "wrote c.svg" in result.stderr
    assert "relationship" in result.stdout and "6/7" in result.stdout
    assert (tmp_path / "c.svg").read_bytes().startswith(b"<?xml")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("debrief", "nope"), "no session 'nope'"),
        (("debrief", "{deal}", "--process", "9"), "--process 9 is not on the 1 to 7 scale"),
        (("debrief", "{deal}", "--chart", "c.pdf"), "--chart needs a .png or .svg file name"),
        (("agenda", "--within", "-3"), "--within -3 days is not a window"),
    ],
)
def test_bad_input_exits_2_with_the_reason(
    cli: Any, ready: Built, argv: tuple[str, ...], message: str
) -> None:
    result = cli(*(arg.format(deal=ready.deal) for arg in argv))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and "Traceback" not in result.output


def test_agenda_and_review_formats(cli: Any, ready: Built) -> None:
    agenda = cli("agenda", "--within", "90")
    assert agenda.exit_code == 0, agenda.output
    assert "2026-11-20" in agenda.stdout and "overdue" in agenda.stdout  # always in the past
    assert "Revisits without a date" in agenda.stdout
    ics = cli("agenda", "-f", "ics")
    assert ics.stdout.startswith("BEGIN:VCALENDAR") and ics.stdout.count("BEGIN:VEVENT") == 4
    review = cli("review", "-f", "json")
    assert json.loads(review.stdout)["summary"]["outcomes"] == {"deal": 1, "pause": 3}
    csv = cli("review", "-f", "csv")
    assert csv.stdout.splitlines()[0].startswith("session,case,outcome")


def test_debrief_as_a_web_page_draws_the_chart(cli: Any, ready: Built, tmp_path: Path) -> None:
    result = cli("debrief", ready.deal, "-f", "html", "-o", "debrief.html")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "debrief.html").read_text(encoding="utf-8")
    assert "Post-settlement improvement" in page and "<svg" in page
    binary = cli("debrief", ready.deal, "-f", "pdf")
    assert binary.exit_code == 2 and "give --output FILE.pdf" in binary.stderr
