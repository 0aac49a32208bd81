"""What the session commands share: argument types, hash length, small wording helpers."""

from __future__ import annotations

from typing import Annotated

import typer

from brightline.amounts import plural as counted

SessionId = Annotated[str, typer.Argument(help="The session id (`brightline session list`).")]
Author = Annotated[
    str | None,
    typer.Option(help="Who records this (default: BRIGHTLINE_AUTHOR, else the OS user)."),
]
HEAD_CHARACTERS = 12
"""How much of a head hash commands print after an append: enough to compare by eye."""


def plural(count: int | None, noun: str) -> str:
    """``1 event``, ``2 events`` (the one plural); ``? events`` when a damaged row has no count."""
    return f"? {noun}s" if count is None else counted(count, noun)
