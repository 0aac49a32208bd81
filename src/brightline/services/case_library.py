"""A folder of case files addressed by id: where the web workbench keeps the user's cases.

The browser names a case by an id (``saas-deal``, ``sales-2``), never by a path: an id is checked
against a closed pattern (letters, digits, ``_`` and ``-``; no dot, no slash) before it becomes a
file name, and the resolved file must sit directly in the library's folder. So ``../etc/passwd``,
``/etc/passwd`` and ``%2e%2e`` are refused as unknown cases before the file system is touched.

Cases are stored as ordinary YAML case files (``<id>.yaml``) rather than rows in the session
database: the case file is the product's format, so a case made in the browser is the same file
``brightline check`` and ``plan`` read, a user can open the folder, copy a file out or put one in,
and version it in git. Every write is validated first (the same reader as the command line, with
its size and alias-bomb defences) and replaces the file atomically, so a half-written or invalid
case never lands in the folder.
"""

from __future__ import annotations

import os
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

from brightline.case.model import Context
from brightline.case.source import MAX_FILE_BYTES
from brightline.case.validate import LoadedCase, parse_case
from brightline.errors import CaseFileError, Problem, UsageError
from brightline.services.cases import CheckResult

CASE_ID = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_\-]{0,79}$")
"""What a library id may be: a plain file stem, so it can never name another folder."""

SUFFIX = ".yaml"

LOADED_KEPT = 32
"""Validated cases kept in memory per library (a user works on a handful at a time)."""


class CaseNotFound(UsageError):
    """No case with that id in the library (or the id is not a valid case id at all)."""

    def __init__(self, case_id: str) -> None:
        super().__init__(
            f"there is no case {case_id[:80]!r}; pick one from the list of cases",
            parameter="case",
        )
        self.case_id = case_id


class ReadOnlyLibrary(UsageError):
    """The library is read-only (the bundled examples): copy the case into your own cases first."""


@dataclass(frozen=True, slots=True)
class CaseEntry:
    """One case of a library as a list shows it.

    Attributes:
        case_id: The library id (the file stem).
        title: The case's title, or the file's first problem when it does not load.
        context: The case's context, None when the file does not load.
        valid: Whether the file loads.
    """

    case_id: str
    title: str
    context: Context | None
    valid: bool


def default_cases_folder() -> Path:
    """Where the web workbench keeps cases by default: ``cases/`` in the user's data folder.

    Beside the session database (``session/database.py``), so one user's Brightline data lives
    in one place.
    """
    from platformdirs import user_data_dir

    return Path(user_data_dir("brightline", appauthor=False)) / "cases"


def bundled_examples_folder() -> Path | None:
    """The ``examples/`` folder of a source checkout, when there is one (wheels carry none)."""
    folder = Path(__file__).resolve().parents[3] / "examples"
    return folder if folder.is_dir() else None


class CaseWriting(ABC):
    """What both libraries share: adding bytes, a starter or a copy, written once.

    A folder of files (:class:`CaseLibrary`) and a team's rows (``team_cases.TeamCases``)
    differ in where a case is stored and in :attr:`writable` (the bundled examples are
    read-only); adding is the same on both: the bytes go through the command line's reader
    (size cap, UTF-8, alias-bomb defence, validation) before anything is stored, under a fresh
    id, through the library's own :meth:`save`, so whatever a library checks on a save (a
    team's approval policy) it checks on an add too.
    """

    writable: bool

    @abstractmethod
    def save(self, case_id: str, text: str) -> LoadedCase:
        """Validate ``text`` and store it as ``case_id``."""

    @abstractmethod
    def data(self, case_id: str) -> bytes:
        """The case file's bytes."""

    @abstractmethod
    def fresh_id(self, stem: str) -> str:
        """``stem`` if free, else ``stem-2``, ``stem-3``, ..."""

    def add(self, data: bytes, name_hint: str) -> str:
        """Store new case-file bytes under a fresh id derived from ``name_hint``; return the id.

        Raises:
            CaseFileError: when the bytes are not a valid case; problems name ``name_hint``.
            ReadOnlyLibrary: when the library is read-only.
        """
        self._refuse_read_only()
        if len(data) > MAX_FILE_BYTES:
            raise CaseFileError(
                [
                    Problem(
                        name_hint,
                        0,
                        0,
                        "",
                        f"file is {len(data):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit",
                        "split the file or link large evidence instead of embedding it",
                    )
                ]
            )
        parse_case(data, name_hint)  # refuses non-UTF-8 text, so the decoding below cannot fail
        case_id = self.fresh_id(file_stem(name_hint))
        self.save(case_id, data.decode("utf-8-sig"))
        return case_id

    def add_starter(self, context: Context) -> str:
        """Store a commented starter case for ``context`` under a fresh id; return the id."""
        from brightline.services.cases import starter_text

        self._refuse_read_only()
        case_id = self.fresh_id(context.value)
        self.save(case_id, starter_text(context))
        return case_id

    def copy_from(self, other: CaseWriting, case_id: str) -> str:
        """Copy ``case_id`` of ``other`` (say, an example) into this library; return the new id."""
        return self.add(other.data(case_id), f"{case_id}{SUFFIX}")

    def _refuse_read_only(self) -> None:
        if not self.writable:
            raise ReadOnlyLibrary(
                "these cases are read-only; copy the case into your own cases to change it"
            )


class CaseLibrary(CaseWriting):
    """Case files in one folder, read and written by id.

    Args:
        folder: The folder (created on the first write).
        writable: False for a library the user may read but not change (the examples).
    """

    def __init__(self, folder: Path, *, writable: bool = True) -> None:
        self.folder = folder
        self.writable = writable
        self._entries: dict[str, tuple[tuple[int, int], CaseEntry]] = {}
        self._loaded: dict[str, tuple[tuple[int, int], LoadedCase]] = {}
        self._checked: dict[str, tuple[LoadedCase, CheckResult]] = {}

    # --- addressing ----------------------------------------------------------------------

    def path(self, case_id: str) -> Path:
        """The file of ``case_id``, refusing anything that is not a plain id in this folder.

        Raises:
            CaseNotFound: for an id outside the pattern, or a file that does not exist.
        """
        if not CASE_ID.fullmatch(case_id):
            raise CaseNotFound(case_id)
        file = self.folder / f"{case_id}{SUFFIX}"
        if file.resolve().parent != self.folder.resolve() or not file.is_file():
            raise CaseNotFound(case_id)
        return file

    def exists(self, case_id: str) -> bool:
        """Whether the library holds ``case_id``."""
        try:
            self.path(case_id)
        except CaseNotFound:
            return False
        return True

    # --- reading -------------------------------------------------------------------------

    def entries(self) -> list[CaseEntry]:
        """Every case in the folder, by id; a file that does not load is listed with its problem.

        Each file is parsed once per change (keyed by its modification time and size), so a list
        page costs a directory scan, not a parse of every case.
        """
        if not self.folder.is_dir():
            return []
        found: list[CaseEntry] = []
        for file in sorted(self.folder.glob(f"*{SUFFIX}")):
            case_id = file.stem
            if not CASE_ID.fullmatch(case_id):
                continue
            stat = file.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            cached = self._entries.get(case_id)
            if cached is None or cached[0] != stamp:
                cached = (stamp, self._entry(case_id))
                self._entries[case_id] = cached
            found.append(cached[1])
        return found

    def _entry(self, case_id: str) -> CaseEntry:
        try:
            case = self.load(case_id).case
        except CaseFileError as error:
            first = error.problems[0] if error.problems else None
            return CaseEntry(case_id, first.message if first else "cannot be read", None, False)
        return CaseEntry(case_id, case.case.title, case.case.context, True)

    def data(self, case_id: str) -> bytes:
        """The file's bytes (what a download sends)."""
        from brightline.services.files import read_input

        return read_input(self.path(case_id))

    def load(self, case_id: str) -> LoadedCase:
        """Read and validate the case; problems name the file as ``<id>.yaml``.

        A parse costs tens of milliseconds (the YAML reader keeps every position), and a page
        load reads its case several times, so the result is kept per file version (modification
        time and size) for the last :data:`LOADED_KEPT` cases. Callers must not change it.
        """
        file = self.path(case_id)
        stat = file.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        kept = self._loaded.get(case_id)
        if kept is not None and kept[0] == stamp:
            return kept[1]
        loaded = parse_case(self.data(case_id), f"{case_id}{SUFFIX}")
        if len(self._loaded) >= LOADED_KEPT:
            self._loaded.pop(next(iter(self._loaded)))
        self._loaded[case_id] = (stamp, loaded)
        return loaded

    def check(self, case_id: str) -> CheckResult:
        """Load the case and run the readiness checklist and pitfall rules, as ``check`` does.

        The rules are pure, so the result is kept with the parse it was made from (a new file
        version is a new parse, hence a new check). Callers must not change it.
        """
        from brightline.lint import lint_case

        loaded = self.load(case_id)
        kept = self._checked.get(case_id)
        if kept is not None and kept[0] is loaded:
            return kept[1]
        result = CheckResult(loaded, lint_case(loaded))
        if len(self._checked) >= LOADED_KEPT:
            self._checked.pop(next(iter(self._checked)))
        self._checked[case_id] = (loaded, result)
        return result

    # --- writing -------------------------------------------------------------------------

    def save(self, case_id: str, text: str) -> LoadedCase:
        """Validate ``text`` and store it as ``case_id``, replacing any earlier version at once.

        Raises:
            CaseFileError: when the text is not a valid case (nothing is written).
            CaseNotFound: when ``case_id`` is not a valid id.
            ReadOnlyLibrary: when the library is read-only.
        """
        self._refuse_read_only()
        if not CASE_ID.fullmatch(case_id):
            raise CaseNotFound(case_id)
        data = text.encode("utf-8")
        loaded = parse_case(data, f"{case_id}{SUFFIX}")
        self._write(case_id, data)
        return loaded

    def save_validated(self, case_id: str, text: str) -> None:
        """Store text the caller has just validated (the forms' tidy rewrite of a valid case).

        Skips the second parse :meth:`save` would do; the forms' round-trip test on every example
        is what shows the rewrite reads back as the same case.
        """
        self._refuse_read_only()
        if not CASE_ID.fullmatch(case_id):
            raise CaseNotFound(case_id)
        self._write(case_id, text.encode("utf-8"))

    def _write(self, case_id: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / f"{case_id}{SUFFIX}"
        partial = self.folder / f".{case_id}.{os.getpid()}.partial"
        from brightline.services.files import write_bytes

        write_bytes(partial, data)
        os.replace(partial, target)
        self._loaded.pop(case_id, None)

    def delete(self, case_id: str) -> None:
        """Remove a case from the library."""
        self._refuse_read_only()
        self.path(case_id).unlink()
        self._entries.pop(case_id, None)
        self._loaded.pop(case_id, None)

    def fresh_id(self, stem: str) -> str:
        """``stem`` if free, else ``stem-2``, ``stem-3``, ... (a stem that is no id becomes 'case')."""
        base = stem if CASE_ID.fullmatch(stem) and len(stem) <= 70 else "case"
        candidate, number = base, 1
        while (self.folder / f"{candidate}{SUFFIX}").exists():
            number += 1
            candidate = f"{base}-{number}"
        return candidate


def file_stem(name: str) -> str:
    """A file name's stem without folders or suffix, reduced to id characters."""
    bare = name.replace("\\", "/").rsplit("/", 1)[-1]
    bare = bare[: -len(SUFFIX)] if bare.endswith(SUFFIX) else bare.removesuffix(".yml")
    cleaned = re.sub(r"[^A-Za-z0-9_\-]+", "-", bare).strip("-")
    return cleaned or "case"
