"""The remembered-help folder stays bounded: the oldest texts go when a new one is kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from brightline.cli import startup


def test_keeping_a_new_help_text_forgets_the_oldest_beyond_the_bound(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(startup, "HELP_KEPT", 5)
    folder = tmp_path / "help"
    folder.mkdir()
    for number in range(8):
        old = folder / f"old{number}.txt"
        old.write_text("Usage: old\n", encoding="utf-8")
        os.utime(old, ns=(10**9 * (number + 1), 10**9 * (number + 1)))
    (folder / "notes.keep").write_text("not help", encoding="utf-8")

    def draw() -> int:
        print("Usage: brightline [OPTIONS]")
        return 0

    new = folder / "new.txt"
    assert startup.remember_help(str(new), draw) == 0
    kept = sorted(path.name for path in folder.iterdir())
    # the newly drawn text and the four most recent old ones stay; other files are not touched
    assert kept == ["new.txt", "notes.keep", "old4.txt", "old5.txt", "old6.txt", "old7.txt"]
    assert new.read_text(encoding="utf-8") == "Usage: brightline [OPTIONS]\n"


def test_a_failed_drawing_forgets_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(startup, "HELP_KEPT", 1)
    folder = tmp_path / "help"
    folder.mkdir()
    for number in range(3):
        (folder / f"old{number}.txt").write_text("Usage: old\n", encoding="utf-8")
    assert startup.remember_help(str(folder / "new.txt"), lambda: 2) == 2
    assert len(list(folder.iterdir())) == 3
