"""A team's cases, kept in the session database: the case library of team mode.

In team mode the web app runs as several worker processes, perhaps on several machines, so a
case cannot live in one machine's folder: it is a row of ``team_cases`` (team, id, YAML text,
who saved it last and when). :class:`TeamCases` has the interface the web routes use on
``services/case_library.py``'s :class:`~brightline.services.case_library.CaseLibrary` (ids,
entries, load, check, save, add, copy, delete), so a route does not care which one it has. The
text stored is the case file itself, so a download is still a file ``brightline check`` reads.

Scoping is by construction: a :class:`TeamCases` is built for one team and every query names
that team, so another team's id is simply not found (the same :class:`CaseNotFound` as an id
that never existed: nothing tells an id guesser which ids are taken elsewhere).

Parsed cases are kept in a small memo keyed by the text's SHA-256 (:class:`ParsedCases`, one
per app): a pure function's cache, not state, since the same text always parses the same way.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.case.validate import LoadedCase, parse_case
from brightline.errors import CaseFileError
from brightline.services.case_library import (
    CASE_ID,
    SUFFIX,
    CaseEntry,
    CaseNotFound,
    CaseWriting,
)
from brightline.services.cases import CheckResult

if TYPE_CHECKING:
    from brightline.services.accounts import DatabaseFactory
    from brightline.session.accounts import AccountStore

PARSED_KEPT = 64
"""Parsed cases kept per app (across teams: the key is the text, so teams never share a
result they did not both store)."""


class ParsedCases:
    """A memo of parsed case texts by (file name, SHA-256 of the text)."""

    def __init__(self, kept: int = PARSED_KEPT) -> None:
        self._kept = kept
        self._parsed: OrderedDict[tuple[str, str], LoadedCase] = OrderedDict()

    def parse(self, text: str, file_name: str) -> LoadedCase:
        """The loaded case of ``text`` (parsed once per distinct text)."""
        key = (file_name, hashlib.sha256(text.encode("utf-8")).hexdigest())
        found = self._parsed.get(key)
        if found is not None:
            self._parsed.move_to_end(key)
            return found
        loaded = parse_case(text.encode("utf-8"), file_name)
        self._parsed[key] = loaded
        while len(self._parsed) > self._kept:
            self._parsed.popitem(last=False)
        return loaded


class TeamCases(CaseWriting):
    """One team's cases in the database.

    Args:
        open_database: Opens the session database.
        team: The team whose cases these are.
        author: Who saves (recorded as ``updated_by``).
        parsed: The app's memo of parsed cases.
    """

    writable = True

    def __init__(
        self, open_database: DatabaseFactory, team: str, author: str, parsed: ParsedCases
    ) -> None:
        self._open = open_database
        self.team = team
        self.author = author
        self._parsed = parsed

    def _store(self) -> _Opened:
        return _Opened(self._open)

    # --- addressing ----------------------------------------------------------------------

    def path(self, case_id: str) -> Path:
        """The case's file name (``<id>.yaml``): how documents and trails name it; not a file.

        Raises:
            CaseNotFound: when the team has no such case.
        """
        self.text(case_id)
        return Path(f"{case_id}{SUFFIX}")

    def exists(self, case_id: str) -> bool:
        """Whether the team has ``case_id``."""
        if not CASE_ID.fullmatch(case_id):
            return False
        with self._store() as store:
            return store.case(self.team, case_id) is not None

    # --- reading -------------------------------------------------------------------------

    def text(self, case_id: str) -> str:
        """The case file's text.

        Raises:
            CaseNotFound: when the id is not a case id or the team has no such case.
        """
        if not CASE_ID.fullmatch(case_id):
            raise CaseNotFound(case_id)
        with self._store() as store:
            found = store.case(self.team, case_id)
        if found is None:
            raise CaseNotFound(case_id)
        return found.text

    def entries(self) -> list[CaseEntry]:
        """Every case of the team, by id; a case that does not load is listed with its problem."""
        with self._store() as store:
            stored = store.cases(self.team)
        return [self._entry(case.case_id, case.text) for case in stored]

    def _entry(self, case_id: str, text: str) -> CaseEntry:
        try:
            case = self._parsed.parse(text, f"{case_id}{SUFFIX}").case
        except CaseFileError as error:
            first = error.problems[0] if error.problems else None
            return CaseEntry(case_id, first.message if first else "cannot be read", None, False)
        return CaseEntry(case_id, case.case.title, case.case.context, True)

    def data(self, case_id: str) -> bytes:
        """The case file's bytes (what a download sends)."""
        return self.text(case_id).encode("utf-8")

    def load(self, case_id: str) -> LoadedCase:
        """Read and validate the case; problems name the file as ``<id>.yaml``."""
        return self._parsed.parse(self.text(case_id), f"{case_id}{SUFFIX}")

    def check(self, case_id: str) -> CheckResult:
        """Load the case and run the readiness checklist and pitfall rules, as ``check`` does."""
        from brightline.lint import lint_case

        loaded = self.load(case_id)
        return CheckResult(loaded, lint_case(loaded))

    # --- writing -------------------------------------------------------------------------

    def save(self, case_id: str, text: str) -> LoadedCase:
        """Validate ``text`` and store it as ``case_id`` (nothing is stored when it is invalid).

        Raises:
            CaseFileError: when the text is not a valid case.
            CaseNotFound: when ``case_id`` is not a valid id.
        """
        if not CASE_ID.fullmatch(case_id):
            raise CaseNotFound(case_id)
        loaded = self._parsed.parse(text, f"{case_id}{SUFFIX}")
        self._write(case_id, text)
        return loaded

    def save_validated(self, case_id: str, text: str) -> None:
        """Store text the caller has just validated (the forms' tidy rewrite of a valid case)."""
        if not CASE_ID.fullmatch(case_id):
            raise CaseNotFound(case_id)
        self._write(case_id, text)

    def _write(self, case_id: str, text: str) -> None:
        from brightline.session.accounts import StoredCase

        # Every way in goes through the team's approval policy: an edit is held against the
        # case it replaces; a new case (an upload, a copy, a starter) against the team's cases
        # of the same case id, so deleting a pre-committed case and uploading it again with
        # another reservation point is no way around it (deleting one asks too: :meth:`delete`).
        current = self.text(case_id) if self.exists(case_id) else ""
        self._guard(case_id, current, text, () if current else self._same_case(text))
        at = datetime.datetime.now(datetime.UTC).isoformat(timespec="microseconds")
        with self._store() as store:
            store.save_case(StoredCase(self.team, case_id, text, at, self.author))

    def _guard(self, case_id: str, current: str, after: str, same_case: Sequence[str] = ()) -> None:
        from brightline.services.approvals import guard_case_edit

        database = self._open()
        try:
            guard_case_edit(
                database, self.team, self.author, case_id, current, after, same_case=same_case
            )
        finally:
            database.close()

    def _same_case(self, text: str) -> list[str]:
        """The texts of the team's cases that are the same case (the same ``case.id``)."""
        try:
            wanted = self._parsed.parse(text, "case.yaml").case.case.id
        except CaseFileError:
            return []
        with self._store() as store:
            stored = store.cases(self.team)
        found = []
        for case in stored:
            try:
                loaded = self._parsed.parse(case.text, f"{case.case_id}{SUFFIX}")
            except CaseFileError:
                continue
            if loaded.case.case.id == wanted:
                found.append(case.text)
        return found

    def delete(self, case_id: str) -> None:
        """Remove a case from the team, once the approval policy lets it go.

        Deleting a case takes its pre-committed reservation point and its standards with it,
        so it asks what an edit that removes them asks, and waits in the inbox as one; once
        approved, the approval carries it out (or deleting it again goes through).

        Raises:
            CaseNotFound: when the team has no such case.
            ApprovalNeeded: when the policy holds the deletion back.
        """
        self._guard(case_id, self.text(case_id), "")
        with self._store() as store:
            if not store.delete_case(self.team, case_id):
                raise CaseNotFound(case_id)

    def fresh_id(self, stem: str) -> str:
        """``stem`` if free in this team, else ``stem-2``, ``stem-3``, ..."""
        base = stem if CASE_ID.fullmatch(stem) and len(stem) <= 70 else "case"
        with self._store() as store:
            taken = set(store.case_ids(self.team))
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        return candidate


class _Opened:
    def __init__(self, open_database: DatabaseFactory) -> None:
        self._open = open_database
        self._database: object = None

    def __enter__(self) -> AccountStore:
        from brightline.session.accounts import AccountStore

        database = self._open()
        self._database = database
        return AccountStore(database)

    def __exit__(self, *exc_info: object) -> None:
        from brightline.session.database import Database

        if isinstance(self._database, Database):
            self._database.close()
