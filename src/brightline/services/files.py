"""Reading and writing the files a use case names: the one place the services touch the disk.

The pure core takes bytes and returns data; these helpers turn "file not found", "is a folder"
and "too large" into :class:`~brightline.errors.CaseFileError` problems a user can act on, and a
refused write into a :class:`~brightline.errors.UsageError` that says what to check.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from brightline.case.source import MAX_FILE_BYTES
from brightline.errors import CaseFileError, Problem, UsageError

MAX_TABLE_BYTES = 4 * 1024**3
"""Bids tables can be large (a million rows is about 100 MB); beyond 4 GiB, split the file."""


def read_input(
    path: str | os.PathLike[str],
    *,
    limit: int = MAX_FILE_BYTES,
    what: str = "a file",
    split_hint: str = "split the file or link large evidence instead of embedding it",
    read: bool = True,
) -> bytes:
    """Read an input file, refusing missing, unreadable and oversize files with a clear message.

    Args:
        path: The file the user named.
        limit: Largest size accepted, in bytes (case files are small; bids tables are not).
        what: What the user should give instead of a folder ("a .csv or .xlsx file").
        split_hint: What to do when the file is over ``limit``.
        read: Whether to read it (``False``: only check it, and return ``b""``).
    """
    name = str(path)
    file = Path(path)

    def refuse(message: str, hint: str) -> CaseFileError:
        return CaseFileError([Problem(name, 0, 0, "", message, hint)])

    try:
        if file.is_dir():
            raise refuse("is a folder, not a file", f"give {what}")
        size = file.stat().st_size
        if size > limit:
            raise refuse(f"file is {size:,} bytes, over the {limit:,}-byte limit", split_hint)
        return file.read_bytes() if read else b""
    except FileNotFoundError:
        raise refuse("file does not exist", "check the path and the file name") from None
    except PermissionError:
        raise refuse("file cannot be read (permission denied)", "check its mode") from None


@dataclass(frozen=True, slots=True)
class TableFile:
    """A bids table on disk, checked as :func:`read_table` checks it, read only when needed.

    polars parses a regular CSV from the file itself (:func:`brightline.offers.bids_reading.read_bids`),
    which it maps, instead of from a copy in fresh memory.
    """

    location: Path

    @classmethod
    def of(cls, path: str | os.PathLike[str]) -> TableFile:
        """The table at ``path``, refused as :func:`read_table` refuses it (missing, a folder, too large)."""
        read_input(path, limit=MAX_TABLE_BYTES, what="a .csv or .xlsx file", read=False)
        return cls(Path(path))

    def head(self, size: int) -> bytes:
        """The first ``size`` bytes."""
        try:
            with self.location.open("rb") as handle:
                return handle.read(size)
        except OSError:
            return b""  # unreadable now: content() says why

    def content(self) -> bytes:
        """The whole file, with :func:`read_table`'s messages."""
        return read_table(self.location)

    def size(self) -> int:
        """The file's size in bytes."""
        return self.location.stat().st_size


def read_table(path: str | os.PathLike[str]) -> bytes:
    """Read a bids table: case files have a 2 MiB limit, tenders need far more."""
    return read_input(
        path,
        limit=MAX_TABLE_BYTES,
        what="a .csv or .xlsx file",
        split_hint="split the bids into several files",
    )


def unwritable(path: Path, error: OSError) -> UsageError:
    """The error for a file the system refused to write, saying what to check."""
    reason = error.strerror or type(error).__name__
    return UsageError(
        f"cannot write {path}: {reason}; check that the folder exists and is writable"
    )


def write_text(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 to ``path``; a refusal is a :class:`UsageError`, not a traceback."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise unwritable(path, error) from None


def write_bytes(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``; a refusal is a :class:`UsageError`, not a traceback."""
    try:
        path.write_bytes(data)
    except OSError as error:
        raise unwritable(path, error) from None


def write_replacing(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole or not at all: a temporary file beside it, then a rename.

    For files whose writing is recorded (a document sent, in the session's trail): the record is
    made only after this returns, and a reader never sees half a file. A refusal removes the
    temporary file and is a :class:`UsageError`, not a traceback.
    """
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise unwritable(path, error) from None
