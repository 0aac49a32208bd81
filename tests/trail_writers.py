"""Writer processes for the crash and concurrency tests of the trail (tests/session/test_session_crash.py).

Each writer is a real operating-system process with its own database connection, forked from a
multiprocessing fork server that has imported the session store once. Starting a fresh Python
that imports SQLAlchemy, the store and the drivers costs about a second of CPU per writer; a fork
of the warm server costs milliseconds, and the process the test kills is just as real.

A writer reports to the test over a pipe, and only after ``store.record`` returned (the commit is
done): ``("ready",)`` once its store is open, then ``(seq, text)`` for each committed note. The
messages are tiny, so each is one write to the pipe and a kill never leaves half of one behind.
The test decides when to kill from what the writer reported, never from a clock.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3  # noqa: F401 - imported here, so the fork server holds it for every writer
import time
from multiprocessing import forkserver
from multiprocessing.connection import Connection
from multiprocessing.context import BaseContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import alembic.runtime.migration  # noqa: F401 - what a writer's first open_store reads
import psycopg  # noqa: F401
import sqlalchemy.dialects.postgresql.psycopg
import sqlalchemy.dialects.sqlite.pysqlite  # noqa: F401

from brightline.session.database import newest_revision
from brightline.session.events import EventKind, NotePayload
from brightline.session.store import open_store

READY = "ready"
STALLED = "stalled"
GO = "go"

newest_revision()  # read the migration scripts once, in the server, not in every writer


def _context() -> BaseContext:
    """The fork server's context, the server started with this module imported.

    The server must import this module before it forks, or every writer imports the store
    itself. Python 3.11's fork server does not take the test's ``sys.path`` (tests/ is on it only
    through pytest), so it is started with tests/ on ``PYTHONPATH``; a server already running
    keeps what it has.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__, "pytest"])
    saved = os.environ.get("PYTHONPATH")
    here = str(Path(__file__).resolve().parent)
    os.environ["PYTHONPATH"] = os.pathsep.join([here, saved] if saved else [here])
    try:
        forkserver.ensure_running()
    finally:
        if saved is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = saved
    return context


def start(target: Any, cwd: Path, *arguments: object) -> tuple[BaseProcess, Connection]:
    """Start ``target(connection, *arguments)`` in a writer process; return it and the test's end.

    The writer runs in ``cwd`` (a test's tmp_path), so nothing it might write lands in the
    checkout. Waits for the writer's "ready" (its store is open) before returning.
    """
    context = _context()
    ours, theirs = context.Pipe()
    process = context.Process(target=target, args=(theirs, str(cwd), *arguments), daemon=True)
    process.start()
    theirs.close()  # the writer holds its own copy; ours must close so a dead writer reads as EOF
    message = receive(ours, process)
    assert message == (READY,), f"the writer did not start: {message!r}"
    return process, ours


def receive(connection: Connection, process: BaseProcess, timeout: float = 120.0) -> Any:
    """The writer's next message; fails (instead of hanging) when it sends nothing for minutes."""
    if not connection.poll(timeout):
        raise AssertionError(f"writer {process.pid} sent nothing for {timeout:.0f} s")
    return connection.recv()


def drain(connection: Connection) -> list[Any]:
    """Every message a (dead) writer managed to send, until the end of the pipe."""
    messages: list[Any] = []
    while True:
        try:
            messages.append(connection.recv())
        except EOFError:
            return messages


def write_notes(connection: Connection, cwd: str, url: str, session_id: str, tag: str) -> None:
    """Append notes ``TAG-0``, ``TAG-1``, ... as fast as possible until killed."""
    os.chdir(cwd)
    with open_store(url) as store:
        connection.send((READY,))
        number = 0
        while True:
            text = f"{tag}-{number}"
            event = store.record(session_id, EventKind.NOTE, NotePayload(text=text), tag)
            connection.send((event.seq, text))
            number += 1


def write_on_signal(
    connection: Connection, cwd: str, url: str, session_id: str, tag: str, count: int
) -> None:
    """Wait for "go" from the test, append ``count`` notes, then close the pipe and exit."""
    os.chdir(cwd)
    with open_store(url) as store:
        connection.send((READY,))
        assert connection.recv() == GO
        for number in range(count):
            text = f"{tag}-{number}"
            event = store.record(session_id, EventKind.NOTE, NotePayload(text=text), tag)
            connection.send((event.seq, text))
    connection.close()


def stall_in_commit(connection: Connection, cwd: str, url: str, session_id: str) -> None:
    """Write one note and stop inside the commit (row and head written, COMMIT not sent)."""
    from sqlalchemy import event

    os.chdir(cwd)
    with open_store(url) as store:
        connection.send((READY,))

        @event.listens_for(store.database.engine, "commit")
        def stall(_: object) -> None:
            connection.send((STALLED,))
            time.sleep(600)  # until the test kills this process

        store.record(session_id, EventKind.NOTE, NotePayload(text="never committed"), "stalled")
