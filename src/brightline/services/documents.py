"""Use cases of documents: list the kinds, build one, write it to bytes (and record it).

What a document is built from is decided here, once for every adapter: the case file; inside a
session its events and trail head (the session's case must be the file's case); an offer given
as a file or ``issue=option`` pairs (as ``evaluate`` takes it), else the latest one on record;
a bids table and one bidder's name for a bidder notice. Counterpart kinds get a
:class:`~brightline.report.counterpart.CounterpartView` filled by its one function and nothing
else; internal kinds get the case and the computed results.

Writing a counterpart document inside a session records a ``document`` event (kind, format,
SHA-256 of the bytes, file name, the trail head it was built from), so what was sent can be
proved later with ``Sessions.verify(..., document=FILE)``.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brightline.errors import UsageError
from brightline.report.documents import KINDS, TABLE_FORMATS, Kind
from brightline.services.document_builder import DocumentBuilder, article, kind_of

if TYPE_CHECKING:
    from brightline.report.context import CaseContext
    from brightline.report.document import Document
    from brightline.services.sessions import Sessions
    from brightline.session.events import Event
    from brightline.session.roles import Member


def list_kinds() -> tuple[Kind, ...]:
    """Every kind of document, counterpart kinds first."""
    return tuple(KINDS.values())


@dataclass(frozen=True, slots=True)
class DocumentRequest:
    """What to build.

    Attributes:
        kind: The kind's name (see :func:`list_kinds`).
        case: The case file.
        session: A session id: its events, trail head and (for counterpart kinds) the record of
            the document written.
        offer: An offer file (YAML or JSON) or ``issue=option,...`` pairs.
        bidder: The bidder a notice is for, as the bids table names it.
        bids: A bids table (CSV or XLSX).
        built: The date printed on the document (default: today).
    """

    kind: str
    case: Path
    session: str | None = None
    offer: str | None = None
    bidder: str | None = None
    bids: Path | None = None
    built: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class WrittenDocument:
    """A document written to bytes, and the event that recorded it (None outside a session).

    Attributes:
        document: The document.
        data: Its bytes in the format asked.
        sha256: Hex SHA-256 of ``data``.
        event: The ``document`` event recorded in the session, for counterpart kinds.
        warnings: What the sender should know before it goes out and the document cannot say
            (it reads our private estimates, e.g. an offer worth less to them than our estimate
            of their alternative); each a sentence, for the adapter to show, never in ``data``.
    """

    document: Document
    data: bytes
    sha256: str
    event: Event | None = None
    warnings: tuple[str, ...] = ()


def build_document(
    kind: str,
    case: str | os.PathLike[str],
    session: str | None = None,
    offer: str | None = None,
    bidder: str | None = None,
    bids: str | os.PathLike[str] | None = None,
    *,
    built: datetime.date | None = None,
    sessions: Sessions | None = None,
    context: CaseContext | None = None,
) -> Document:
    """Build one document (see the module docstring for what it is built from).

    ``context`` is the case already loaded with its computed results, for a caller that builds
    several documents of one case (the web app's download buttons, the tests): the case is then
    not read again from ``case`` and each result is computed once.

    Raises:
        UsageError: naming the parameter that is missing or wrong (``kind``, ``session``,
            ``offer``, ``bids``, ``bidder``).
    """
    request = DocumentRequest(
        kind, Path(case), session, offer, bidder, None if bids is None else Path(bids), built
    )
    return DocumentBuilder(request, sessions, context).document()


def write_document(
    kind: str,
    case: str | os.PathLike[str],
    fmt: str,
    session: str | None = None,
    offer: str | None = None,
    bidder: str | None = None,
    bids: str | os.PathLike[str] | None = None,
    *,
    file_name: str = "",
    built: datetime.date | None = None,
    sessions: Sessions | None = None,
    context: CaseContext | None = None,
) -> bytes:
    """The document's bytes in ``fmt``; inside a session a counterpart kind is also recorded."""
    request = DocumentRequest(
        kind, Path(case), session, offer, bidder, None if bids is None else Path(bids), built
    )
    return produce_document(
        request, fmt, file_name=file_name, sessions=sessions, context=context
    ).data


HELD_KINDS = frozenset({"offer-letter", "counter"})
"""The counterpart kinds whose terms a team's approval policy can hold back (below the target)."""


def _refuse_outside_a_session_on_a_team_store(kind: str, sessions: Sessions | None) -> None:
    """On a team's store an offer letter or a counter is made inside a session, never outside.

    The approval policy and the record of what was sent both live in a session's trail: outside
    one, a letter below the target would need no approval and leave no trace, which is exactly
    what the policy exists to prevent. On a single user's store nothing changes (and a store
    that was never created is not created here).

    Raises:
        UsageError: naming ``session``, on a store with accounts.
    """
    team: bool | None = None
    if sessions is None and not os.environ.get(STORE_URL_VARIABLE, "").strip():
        file = default_store_file()
        if not file.exists():
            return
        team = _sqlite_file_has_users(file)
    if team is None:
        from brightline.services.sessions import Sessions
        from brightline.session.accounts import AccountStore

        with (sessions or Sessions()).open_store() as store:
            team = AccountStore(store.database).has_users()
    if team:
        raise UsageError(
            f"on a team's store {article(kind)} is made inside a session, where the team's "
            "approval policy applies and the document sent is recorded; name the session the "
            "letter belongs to",
            parameter="session",
        )


STORE_URL_VARIABLE = "BRIGHTLINE_DATABASE_URL"
"""``session.database.URL_VARIABLE``, named again: importing that module imports SQLAlchemy."""


def default_store_file() -> Path:
    """``session.database.default_file()`` without importing SQLAlchemy (a test pins both)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("brightline", appauthor=False)) / "brightline.db"


USERS_TABLE = "users"
"""The store's table of accounts (``session.tables.users``): a row in it means team mode."""


def _sqlite_file_has_users(file: Path) -> bool | None:
    """Whether the single-user SQLite store at ``file`` holds any account; None when unsure.

    Read with the standard library, read-only and without migrating: opening the store the
    usual way imports SQLAlchemy and Alembic and checks the schema, about half a second of a
    counter's whole-process time, only to learn that nobody has signed up. A file whose schema
    predates accounts has no users table and so no team. None (locked, unreadable, not a
    database) sends the caller to the usual opening, which reports the problem properly.
    """
    import sqlite3

    try:
        connection = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        named = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (USERS_TABLE,)
        ).fetchone()
        if named is None:
            return False
        return connection.execute(f"SELECT 1 FROM {USERS_TABLE} LIMIT 1").fetchone() is not None
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def produce_document(
    request: DocumentRequest,
    fmt: str,
    *,
    file_name: str = "",
    output: Path | None = None,
    sessions: Sessions | None = None,
    context: CaseContext | None = None,
    member: Member | None = None,
) -> WrittenDocument:
    """Build, render, write (to ``output``, when given) and record one document.

    A counterpart kind inside a session is recorded in its trail, and only once the bytes are
    where they were asked to go: the trail is append-only, so a document event for a file that
    was never written would stay there for good. With ``output`` the file is written whole or
    not at all (a temporary file, then a rename) before the event is recorded; ``file_name``
    then defaults to its name. ``context`` as for :func:`build_document`: the case loaded once,
    for several documents. ``member`` is who sends it in team mode: an offer letter or a counter
    for terms below the target waits for the team's approval (``services.approvals``); without a
    member the single-user store's policy applies.

    Raises:
        UsageError: naming ``format`` when the kind does not come in it, ``output`` when the
            file cannot be written (nothing is recorded then), or any parameter
            :func:`build_document` refuses.
        DocumentRefused: when the session's state rules the kind out now (a counter on a
            paused or closed session), naming ``kind`` and the record that fits.
        ApprovalNeeded: when the policy holds the document back and no approval covers it.
    """
    chosen = kind_of(request.kind)
    fmt = fmt.strip().lower().lstrip(".")
    if fmt == "markdown":
        fmt = "md"
    if fmt not in chosen.formats:
        raise UsageError(
            f"{fmt} is not a format of {article(chosen.name)}; it comes in {', '.join(chosen.formats)}",
            parameter="format",
        )
    if request.session is None and chosen.name in HELD_KINDS:
        _refuse_outside_a_session_on_a_team_store(chosen.name, sessions)
    builder = DocumentBuilder(request, sessions, context)
    if request.session is not None and chosen.audience == "counterpart":
        builder.check_stance()  # before asking for an approval of what would be refused
        builder.check_approval(member)
    document = builder.document()
    if fmt in TABLE_FORMATS:
        from brightline.report.documents.bid_matrix import matrix_csv, matrix_xlsx

        matrix = builder.matrix()
        data = matrix_csv(matrix) if fmt == "csv" else matrix_xlsx(matrix)
    else:
        data = render(document, fmt)
    digest = hashlib.sha256(data).hexdigest()
    if output is not None:
        from brightline.services.files import write_replacing

        try:
            write_replacing(output, data)
        except UsageError as error:
            kept = "; nothing was recorded in the session" if request.session else ""
            raise UsageError(error.message + kept, parameter="output") from None
        file_name = file_name or output.name
    event = None
    if request.session is not None and chosen.audience == "counterpart":
        from brightline.session.events import EventKind

        fields = {
            "kind": chosen.name,
            "format": fmt,
            "sha256": digest,
            "file": Path(file_name).name if file_name else f"{chosen.name}.{fmt}",
            "built_on": builder.trail_head,
        }
        event = builder.sessions.record(
            request.session, EventKind.DOCUMENT, fields, member=member
        ).event
    return WrittenDocument(document, data, digest, event, builder.warnings())


def render(document: Document, fmt: str) -> bytes:
    """A document in a text format, through the one renderer registry of ``report``."""
    import importlib

    try:
        formats = importlib.import_module("brightline.report.formats")
    except ImportError:  # the format renderers land separately; Markdown is always there
        from brightline.report.markdown import render_markdown

        if fmt != "md":
            raise UsageError(
                f"{fmt!r} is not available yet in this build; use md", parameter="format"
            ) from None
        return render_markdown(document).encode("utf-8")
    data = formats.render_bytes(document, fmt)
    assert isinstance(data, bytes)
    return data


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    from brightline.services.files import read_input

    return hashlib.sha256(read_input(path)).hexdigest()
