"""Every command parses its arguments into typed ones and makes exactly one use-case call.

Each use case is replaced by a recorder that keeps its arguments and stops the command (with a
usage error, exit 2), so what is checked is the parse step and that one call, nothing else.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from brightline.case.model import Context
from brightline.errors import UsageError
from brightline.lint import Severity
from brightline.offers.bids_numbers import NumberStyle
from brightline.services import cases, economics, engine, offers
from brightline.services.economics import DeterrenceRequest, SimulationOptions, SweepGrid
from brightline.services.offers import BidsOptions, Level, MesoOptions
from brightline.services.sessions import Sessions
from brightline.session.events import EventKind
from conftest import Outcome

STOP = "stopped by the test"


class Recorder:
    """Stands in for a use case: records each call, then stops the command."""

    def __init__(self) -> None:
        self.calls: list[tuple[tuple[Any, ...], dict[str, Any]]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((args, kwargs))
        raise UsageError(STOP)


def _run(cli: Any, monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, *argv: str) -> Recorder:
    recorder = Recorder()
    if isinstance(owner, type):  # a method: keep the instance as the first argument

        def method(self: Any, *args: Any, **kwargs: Any) -> Any:
            return recorder(self, *args, **kwargs)

        monkeypatch.setattr(owner, name, method)
    else:
        monkeypatch.setattr(owner, name, recorder)
    result: Outcome = cli(*argv)
    assert result.exit_code == 2 and STOP in result.stderr, result.output
    assert len(recorder.calls) == 1, recorder.calls
    return recorder


def test_check(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    called = _run(
        cli, monkeypatch, cases, "check_cases", "check", "a.yaml", "b.yaml", "--fail-on", "warning"
    )
    assert called.calls[0][0] == ([Path("a.yaml"), Path("b.yaml")], Severity.WARNING)


def test_plan_schema_explain_init(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _run(cli, monkeypatch, cases, "plan_case", "plan", "c.yaml").calls[0][0] == (
        Path("c.yaml"),
    )
    assert _run(cli, monkeypatch, cases, "case_schema", "schema").calls[0] == ((), {})
    assert _run(cli, monkeypatch, cases, "lint_rule", "explain", "BL202").calls[0][0] == ("BL202",)
    written = _run(
        cli,
        monkeypatch,
        cases,
        "write_starter_case",
        "init",
        "--context",
        "hiring",
        "-o",
        "x.yaml",
        "--force",
    )
    assert written.calls[0] == ((Context.HIRING, Path("x.yaml")), {"force": True})


def test_meso_parses_levels(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    called = _run(
        cli, monkeypatch, offers, "meso_grid",
        "meso", "c.yaml", "-k", "2", "--target", "50%", "--tolerance", "1500", "--time-limit", "3",
    )  # fmt: skip
    (path, options), keywords = called.calls[0]
    assert path == Path("c.yaml")
    assert options == MesoOptions(2, Level(0.5, True), Level(1500.0), None, None, 3.0)
    assert isinstance(keywords["started"], float)


def test_evaluate_and_bids(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    called = _run(
        cli, monkeypatch, offers, "evaluate_offer_in", "evaluate", "c.yaml", "--offer", "a=b"
    )
    assert called.calls[0][0] == (Path("c.yaml"), "a=b")
    ranked = _run(
        cli, monkeypatch, offers, "rank_bids",
        "bids", "c.yaml", "t.xlsx", "--decimal-comma", "--sheet", "S", "--ignore-unreadable",
    )  # fmt: skip
    assert ranked.calls[0][0] == (
        Path("c.yaml"),
        Path("t.xlsx"),
        BidsOptions(NumberStyle.COMMA, "S", True),
    )


def test_engine_commands(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    swept = _run(cli, monkeypatch, engine, "sweep_case", "sweep", "c.yaml", "--plot", "p.svg")
    assert swept.calls[0][0] == (Path("c.yaml"), Path("p.svg"))
    assert _run(cli, monkeypatch, engine, "gate_case", "gate", "c.yaml").calls[0][0] == (
        Path("c.yaml"),
    )
    imported = _run(
        cli, monkeypatch, engine, "import_genius_case",
        "import-genius", "d.xml", "o.xml", "t.xml", "-o", "out.yaml", "--context", "hiring",
    )  # fmt: skip
    assert imported.calls[0] == (
        (Path("d.xml"), Path("o.xml"), Path("t.xml")),
        {"context": "hiring", "output": Path("out.yaml"), "force": False},
    )


def test_economics(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    called = _run(
        cli, monkeypatch, economics, "case_economics",
        "economics", "c.yaml", "--simulate", "--replications", "5", "--noise", "0.1", "--seed", "7",
    )  # fmt: skip
    (path,), keywords = called.calls[0]
    assert path == Path("c.yaml")
    assert keywords["seed"] == 7 and keywords["simulate"] is True
    assert keywords["simulation"] == SimulationOptions(5, 0.1, None)


def test_deterrence(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    called = _run(
        cli, monkeypatch, economics, "deterrence",
        "deterrence", "--T", "5", "--R", "3", "--P", "1", "--S", "0", "--delta", "0.8",
        "--punishment", "grim", "--sweep", "--grid-delta", "0.5,0.9",
    )  # fmt: skip
    (request,), _ = called.calls[0]
    assert request == DeterrenceRequest(
        5.0, 3.0, 1.0, 0.0, 0.8, punishment=0, simulation=SimulationOptions(20_000),
        sweep=SweepGrid(None, None, (0.5, 0.9)),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("method", "argv", "expected"),
    [
        ("start", ("session", "start", "c.yaml", "--author", "al"), (Path("c.yaml"), "al")),
        ("list", ("session", "list"), ()),
        ("export", ("session", "export", "s1"), ("s1",)),
        ("next_step", ("next", "s1"), ("s1",)),
        ("import_export", ("session", "import", "e.json"), (Path("e.json"),)),
        ("anchor", ("session", "anchor", "s1", "-o", "a.json"), ("s1", Path("a.json"))),
        ("verify", ("session", "verify", "s1"), ("s1",)),
        ("minutes", ("session", "show", "s1", "--internal"), ("s1",)),
        ("record", ("log", "note", "s1", "hello"), ("s1", EventKind.NOTE, {"text": "hello"}, None)),
        (
            "record_offer",
            ("log", "offer", "s1", "made", "a=b", "c=d", "--approval", "3"),
            ("s1", "made", ["a=b", "c=d"]),
        ),
    ],
)
def test_session_commands(
    cli: Any,
    monkeypatch: pytest.MonkeyPatch,
    method: str,
    argv: tuple[str, ...],
    expected: tuple[Any, ...],
) -> None:
    called = _run(cli, monkeypatch, Sessions, method, *argv)
    args, _ = called.calls[0]
    assert isinstance(args[0], Sessions)
    assert args[1:] == expected


def test_log_concession_hands_over_the_numbers(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    called = _run(
        cli, monkeypatch, Sessions, "record",
        "log", "concession", "s1", "discount", "--value-to-us", "-500", "--position-after", "inf",
    )  # fmt: skip
    (_, session, kind, fields, author), _ = called.calls[0]
    assert (session, kind, author) == ("s1", EventKind.CONCESSION, None)
    assert fields["value_to_us"] == -500.0 and fields["position_after"] == float("inf")
