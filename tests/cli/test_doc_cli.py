"""``brightline doc``: the kinds listed, a document written, bad input exit 2, one service call."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.errors import UsageError
from brightline.services import documents
from conftest import EXAMPLES, Outcome

SAAS = str(EXAMPLES / "saas-data-residency.yaml")


def test_list_prints_every_kind(cli: Callable[..., Outcome]) -> None:
    result = cli("doc", "--list")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    names = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert names == [kind.name for kind in documents.list_kinds()]
    assert max(len(line) for line in lines) <= 80  # the summaries wrap under their column


def test_a_document_is_written_to_the_file(cli: Callable[..., Outcome], tmp_path: Path) -> None:
    output = tmp_path / "worksheet.md"
    result = cli("doc", "worksheet", SAAS, "-f", "md", "-o", str(output))
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8").startswith("# Anchor worksheet: Nordbank")
    assert "wrote" in result.stderr and "sha256" in result.stderr


@pytest.mark.parametrize(
    ("arguments", "words"),
    [
        (("memo", SAAS, "-f", "md", "-o", "x.md"), "error: 'memo' is not a document kind"),
        (("offer-letter", SAAS, "-f", "md", "-o", "x.md"), "error: an offer-letter is written for"),
        (
            ("counter", SAAS, "--offer", "residency=mars", "-f", "md", "-o", "x.md"),
            "--offer: residency: 'residency' has no option 'mars'",
        ),
        (
            ("counter", SAAS, "--offer", "residency=mars", "-f", "md", "-o", "x.md"),
            "error: 2 problems; no document was written",
        ),
        (("trail", SAAS, "-f", "md", "-o", "x.md"), "--session is needed for a trail"),
        (("proposal", SAAS, "-f", "md"), "--output needs the file"),
        (
            ("proposal", SAAS, "-f", "odt", "-o", "x.odt"),
            "--format odt is not a format of a proposal; it comes in pdf",
        ),
        (
            ("pause", SAAS, "-f", "md", "-o", "x.md"),
            "error: a pause record is written once a pause decision is recorded",
        ),
        (("proposal",), "give KIND and CASE"),
        (("proposal", "missing.yaml", "-f", "md", "-o", "x.md"), "missing.yaml"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(
    cli: Callable[..., Outcome],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    arguments: tuple[str, ...],
    words: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("doc", *arguments)
    assert result.exit_code == 2, result.output
    assert words in result.stderr
    assert "Traceback" not in result.stderr


def test_doc_makes_one_service_call_with_typed_arguments(
    cli: Callable[..., Outcome], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[documents.DocumentRequest, str]] = []

    def recorder(request: documents.DocumentRequest, fmt: str, **_: object) -> None:
        calls.append((request, fmt))
        raise UsageError("stopped by the test")

    monkeypatch.setattr(documents, "produce_document", recorder)
    result = cli(
        "doc",
        "bidder-notice",
        SAAS,
        "--bids",
        "b.csv",
        "--bidder",
        "Acme",
        "-f",
        "pdf",
        "-o",
        "n.pdf",
    )
    assert result.exit_code == 2
    assert calls == [
        (
            documents.DocumentRequest(
                "bidder-notice", Path(SAAS), None, None, "Acme", Path("b.csv")
            ),
            "pdf",
        )
    ]


def test_session_verify_checks_a_document(
    cli: Callable[..., Outcome], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'sessions.db'}")
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "anchor.pem"))
    started = cli("session", "start", SAAS)
    assert started.exit_code == 0, started.stderr
    session = started.stdout.strip()
    sent = tmp_path / "pause.md"
    refused = cli("doc", "pause", SAAS, "--session", session, "-f", "md", "-o", str(sent))
    assert refused.exit_code == 2 and "no pause decision is on record" in refused.stderr
    assert "usage: brightline log decision SESSION" in refused.stderr
    decided = cli("log", "decision", session, "pause", "They need a quarter to budget")
    assert decided.exit_code == 0, decided.output
    unwritable = str(tmp_path / "missing" / "pause.md")
    failed = cli("doc", "pause", SAAS, "--session", session, "-f", "md", "-o", unwritable)
    assert failed.exit_code == 2 and "nothing was recorded in the session" in failed.stderr
    written = cli("doc", "pause", SAAS, "--session", session, "-f", "md", "-o", str(sent))
    assert written.exit_code == 0, written.stderr
    assert "recorded as event 3" in written.stderr  # the failed write left no event 3
    ok = cli("session", "verify", session, "--document", str(sent))
    assert ok.exit_code == 0, ok.output
    assert "matches event 3: pause (md)" in ok.output
    sent.write_text(sent.read_text(encoding="utf-8") + "one more line\n", encoding="utf-8")
    changed = cli("session", "verify", session, "--document", str(sent))
    assert changed.exit_code == 1
    assert "matches no document event" in changed.output
