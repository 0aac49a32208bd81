"""``brightline doc`` read without Typer: the same parameters, the same output, Typer otherwise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from brightline.cli.app import command, guarded, run
from brightline.cli.document_writing import (
    OPTIONS,
    PATHS,
    SWITCHES,
    read_doc_arguments,
    write_doc,
)
from conftest import EXAMPLES

SAAS = str(EXAMPLES / "saas-data-residency.yaml")


def test_the_table_is_the_typer_commands_options() -> None:
    """Every name of every option, which take a value and which are read as a path."""
    doc = command().commands["doc"]
    taking: dict[str, str] = {}
    switches: dict[str, str] = {}
    paths = set()
    arguments = []
    for param in doc.params:
        if param.name == "help":
            continue
        assert param.name is not None and not param.multiple and param.envvar is None
        assert param.nargs == 1 and not param.secondary_opts
        if param.type_descriptor.annotation is Path:
            paths.add(param.name)
        if param.param_type_name == "argument":
            arguments.append(param.name)
        else:
            (switches if param.is_flag else taking).update(dict.fromkeys(param.opts, param.name))
    assert taking == OPTIONS
    assert switches == SWITCHES
    assert paths == {*PATHS, "case"}
    assert arguments == ["kind", "case"]


LINES = [
    ("--list",),
    ("worksheet", SAAS, "-f", "md", "-o", "out.md"),
    ("worksheet", SAAS, "--format=html", "--output=out.html"),
    ("-f", "md", "concession-log", "-o", "out.md", SAAS),
    ("memo", SAAS, "-f", "md", "-o", "x.md"),
    ("offer-letter", SAAS, "-f", "md", "-o", "x.md"),
    ("counter", SAAS, "--offer", "residency=mars", "-f", "md", "-o", "x.md"),
    ("trail", SAAS, "-f", "md", "-o", "x.md"),
    ("proposal", SAAS, "-f", "md"),
    ("proposal", SAAS, "-f", "odt", "-o", "x.odt"),
    ("pause", SAAS, "-f", "md", "-o", "x.md"),
    ("proposal",),
    ("proposal", "missing.yaml", "-f", "md", "-o", "x.md"),
    ("worksheet", SAAS, "-f", "md", "-o", "no-folder/x.md"),
    ("bid-matrix", SAAS, "--bids", "b.csv", "-f", "csv", "-o", "x.csv"),
]


@pytest.mark.parametrize("line", LINES, ids=lambda line: " ".join(line)[:40])
def test_a_plain_line_gives_what_typer_gives(
    line: tuple[str, ...],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    typer_code = run(["doc", *line])
    by_typer = capsys.readouterr()
    values = read_doc_arguments(list(line))
    assert values is not None, "a plain line is read without Typer"
    quick_code = guarded(lambda: write_doc(**values))  # as the console script runs it
    quick = capsys.readouterr()
    assert (quick_code, quick.out, quick.err) == (typer_code, by_typer.out, by_typer.err)


@pytest.mark.parametrize(
    "line",
    [
        ("--help",),
        ("proposal", SAAS, "--help"),
        ("proposal", SAAS, "-h"),
        ("proposal", SAAS, "--nope", "x"),
        ("proposal", SAAS, "-o"),
        ("proposal", SAAS, "-o", "-"),
        ("proposal", SAAS, "--format="),
        ("proposal", SAAS, "-fmd"),
        ("proposal", SAAS, "--list=yes"),
        ("proposal", SAAS, "-f", "md", "-f", "pdf"),
        ("proposal", SAAS, "extra", "-o", "x.md"),
        ("--", "proposal", SAAS),
        ("", SAAS, "-o", "x.md"),
    ],
)
def test_anything_else_is_left_to_typer(line: tuple[str, ...]) -> None:
    assert read_doc_arguments(list(line)) is None


def test_the_values_read_are_typed_as_typer_types_them() -> None:
    values: dict[str, Any] | None = read_doc_arguments(
        ["bidder-notice", SAAS, "--bids", "b.csv", "--bidder", "Acme", "-o", "n.pdf"]
    )
    assert values == {
        "kind": "bidder-notice",
        "case": Path(SAAS),
        "bids": Path("b.csv"),
        "bidder": "Acme",
        "output": Path("n.pdf"),
    }


def test_a_completion_request_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_BRIGHTLINE_COMPLETE", "bash_complete")
    assert read_doc_arguments(["worksheet", SAAS, "-o", "x.md"]) is None


def test_the_console_script_writes_a_document_without_importing_typer(tmp_path: Path) -> None:
    output = tmp_path / "worksheet.md"
    code = (
        "import sys\n"
        f"sys.argv = ['brightline', 'doc', 'worksheet', {SAAS!r}, '-f', 'md', '-o', {str(output)!r}]\n"
        "from brightline.cli.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as done:\n"
        "    sys.stderr.write(f'CODE={done.code} TYPER={\"typer\" in sys.modules}\\n')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert "CODE=0 TYPER=False" in done.stderr, done.stderr
    assert output.read_text(encoding="utf-8").startswith("# Anchor worksheet")
