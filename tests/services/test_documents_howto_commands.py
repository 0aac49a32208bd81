"""The document how-tos (sales, procurement, hiring) still run as written, each with a page image.

Every ``$ brightline ...`` line of their console blocks is run in-process, in a scratch folder
(``examples/`` pointing at the real examples, ``SESSION`` and the example session id at real
sessions of a fresh store), and must exit 0: a renamed option or a kind that now needs more
than the how-to gives fails here, not in a reader's shell. Each how-to shows one page image
that exists.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLES, Outcome

DOCS = Path(__file__).resolve().parents[2] / "docs"
HOWTOS = ("documents-sales", "documents-procurement", "documents-hiring")
EXAMPLE_SESSION = "3f2a9c1d0b7e"
"""The session id the sales how-to shows in its output."""


def commands(text: str) -> Iterator[list[str]]:
    """Each ``$ brightline`` line of the console blocks, continuations joined, as arguments."""
    for block in re.findall(r"```console\n(.*?)```", text, re.S):
        joined = block.replace("\\\n", " ")
        for line in joined.splitlines():
            if line.startswith("$ brightline "):
                yield shlex.split(line.removeprefix("$ brightline "), comments=True)


@pytest.mark.parametrize("name", HOWTOS)
def test_each_howto_shows_a_page_image_that_exists(name: str) -> None:
    text = (DOCS / "how-to" / f"{name}.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[[^\]]+\]\(([^)]+\.png)\)", text)
    assert len(images) == 1, images
    assert (DOCS / "how-to" / images[0]).resolve().is_file(), images[0]
    assert list(commands(text)), f"{name} shows no command"


def test_every_command_of_the_document_howtos_runs(
    cli: Callable[..., Outcome], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'howto.db'}")
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "anchor.pem"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").symlink_to(EXAMPLES)
    ids = {}
    for placeholder in ("SESSION", EXAMPLE_SESSION):  # a SaaS session with an offer received
        started = cli("session", "start", "examples/saas-data-residency.yaml")
        assert started.exit_code == 0, started.output
        ids[placeholder] = started.stdout.strip()
        terms = ("residency=global", "scope=division", "audit=none", "discount=10", "start_week=4")
        offered = cli("log", "offer", ids[placeholder], "received", *terms)
        assert offered.exit_code == 0, offered.output
    ran = 0
    for name in HOWTOS:
        for arguments in commands((DOCS / "how-to" / f"{name}.md").read_text(encoding="utf-8")):
            arguments = [ids.get(argument, argument) for argument in arguments]
            result = cli(*arguments)
            assert result.exit_code == 0, (
                f"{name}: brightline {shlex.join(arguments)}\n{result.output}"
            )
            ran += 1
    assert ran >= 12
