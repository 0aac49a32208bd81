"""The session store under load: concurrent writers, writers killed, append latency by trail length.

    .venv/bin/python benchmarks/bench_session_store.py [--postgres URL] [--writers 8]
        [--events 40] [--kill-rounds 4] [--long 10000] [--parts writers,killed,latency,cold]

PostgreSQL runs when ``--postgres`` or ``BRIGHTLINE_TEST_POSTGRES_URL`` gives a server
(``source scripts/postgres.sh`` starts a throwaway one). For each backend:

* **writers**: ``--writers`` processes wait at a start line, then each appends ``--events`` notes
  to one session as fast as it can. Every text must be in the trail exactly once: lost and
  duplicated events are counted (both must be 0), the chain must verify, and the seqs must be
  1..N without a gap.
* **killed**: ``--writers`` processes append without end and are killed with SIGKILL at random
  moments (a seeded RNG), ``--kill-rounds`` times. Every event a writer reported (it prints the seq
  after the commit returned) must be in the trail with its text.
* **latency**: a session of 10 and of ``--long`` events (the chain and its head state are built
  directly from sealed events, as appends would have built them), then appends timed three ways,
  each the median of ``--samples``: a long-lived store (a web app: incremental from the head it
  remembers), a new store per append (as in a ``brightline log`` process: it reads the stored
  head state, the start event and the head, then the short locked part), and the peer: the
  algorithm before issue 15, which read, verified and replayed the whole trail inside the locked
  transaction (reimplemented here from the same functions).
  The locked part of each append is timed too (from lock to commit).
* **cold**: the CLI's normal case, a new Python process per append, at 10 and ``--long`` events.
  Each process times its imports, ``open_store`` and the append itself (``store.record``) with
  ``perf_counter``; the cold append is open + append (process start and imports are reported
  separately, they do not depend on the trail). The peer, alternated with it process by process:
  the cold append before the head state, which read, verified and replayed the whole trail
  (outside the lock) before the same short locked part (``SessionStore._load``, still the path
  for sessions recorded before revision 0003). The same trails are then extended by the real
  command, ``brightline log note SESSION TEXT``, timed from the outside (the whole process).

Not a test: timings depend on the machine. Results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from brightline.session.analytics import replay  # noqa: E402
from brightline.session.events import (  # noqa: E402
    EventKind,
    NotePayload,
    StagePayload,
    now_utc,
    seal,
)
from brightline.session.store import SessionStore, open_store  # noqa: E402
from factories import to_yaml, variant  # noqa: E402

WRITER = """
import sys
from brightline.session.events import EventKind, NotePayload
from brightline.session.store import open_store

url, session_id, tag, count = sys.argv[1:5]
with open_store(url) as store:
    print("ready", flush=True)
    sys.stdin.readline()
    for number in range(int(count)):
        event = store.record(session_id, EventKind.NOTE, NotePayload(text=f"{tag}-{number}"), tag)
        print(f"{event.seq} {tag}-{number}", flush=True)
"""


COLD = """
import sys, time
started = time.perf_counter()
from brightline.session.events import EventKind, NotePayload
from brightline.session.store import open_store
imported = time.perf_counter()
url, session_id, text, mode = sys.argv[1:5]
with open_store(url) as store:
    opened = time.perf_counter()
    if mode == "whole":  # the peer: read, verify and replay the whole trail first, as before
        store._known[session_id] = store._load(session_id)
    store.record(session_id, EventKind.NOTE, NotePayload(text=text), "bench")
    appended = time.perf_counter()
print(imported - started, opened - imported, appended - opened)
"""


def case_text() -> str:
    return to_yaml(variant(**{"reservation.value": -10000}))


def spawn(url: str, session_id: str, tag: str, count: int) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, url, session_id, tag, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if line.strip() != "ready":
        raise RuntimeError(process.communicate()[1])
    return process


def go(processes: list[subprocess.Popen[str]]) -> None:
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()


def reported(output: str) -> dict[int, str]:
    """Whole ``SEQ TEXT`` lines only: a kill can cut the last line short."""
    found = {}
    for line in output.split("\n"):
        seq, _, text = line.partition(" ")
        if seq.isdigit() and text.rsplit("-", 1)[-1].isdigit() and " " not in text:
            found[int(seq)] = text
    return found


def texts(store: SessionStore, session_id: str) -> list[str]:
    return [str(event.payload.get("text")) for event in store.events(session_id)[1:]]


def bench_writers(url: str, writers: int, events: int) -> dict[str, Any]:
    with open_store(url) as store:
        session_id = store.start(case_text(), "bench.yaml", "bench").id
        processes = [spawn(url, session_id, f"w{index}", events) for index in range(writers)]
        started = time.perf_counter()
        go(processes)
        failures = 0
        for process in processes:
            _, errors = process.communicate(timeout=600)
            failures += process.returncode != 0
            if process.returncode != 0:
                print(errors, file=sys.stderr)
        elapsed = time.perf_counter() - started
        stored = texts(store, session_id)
        expected = {f"w{i}-{n}" for i in range(writers) for n in range(events)}
        seqs = [event.seq for event in store.events(session_id)]
        return {
            "events": writers * events,
            "stored": len(stored),
            "lost": len(expected - set(stored)),
            "duplicated": len(stored) - len(set(stored)),
            "writers failed": failures,
            "gapless": seqs == list(range(1, len(seqs) + 1)),
            "intact": store.verify(session_id).intact,
            "seconds": elapsed,
            "appends per second": writers * events / elapsed,
        }


def bench_kills(url: str, writers: int, rounds: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    with open_store(url) as store:
        session_id = store.start(case_text(), "bench.yaml", "bench").id
        claimed: dict[int, str] = {}
        killed = 0
        for round_number in range(rounds):
            processes = [
                spawn(url, session_id, f"k{round_number}x{index}", 1_000_000)
                for index in range(writers)
            ]
            go(processes)
            for process in processes:
                time.sleep(rng.uniform(0.2, 1.2))
                process.send_signal(signal.SIGKILL)
                output, _ = process.communicate(timeout=60)
                killed += 1
                claimed.update(reported(output))
        events = {event.seq: event for event in store.events(session_id)}
        missing = [seq for seq, text in claimed.items() if events.get(seq) is None]
        wrong = [
            seq
            for seq, text in claimed.items()
            if seq in events and events[seq].payload.get("text") != text
        ]
        after = store.record(session_id, EventKind.NOTE, NotePayload(text="after"), "bench")
        return {
            "writers killed": killed,
            "reported events": len(claimed),
            "stored events": len(events),
            "reported missing": len(missing),
            "reported with other text": len(wrong),
            "intact": store.verify(session_id).intact,
            "appends after": after.seq == len(events) + 1,
        }


def build_session(store: SessionStore, length: int) -> str:
    """A session of ``length`` events, sealed in one transaction (notes and a few stage moves)."""
    from sqlalchemy import insert, update

    from brightline.session.head_state import encode
    from brightline.session.rows import event_row, save_state
    from brightline.session.tables import events as events_table
    from brightline.session.tables import sessions as sessions_table

    session_id = store.start(case_text(), "bench.yaml", "bench").id
    head = store.info(session_id).head_hash
    sealed = []
    for seq in range(2, length + 1):
        payload: Any = StagePayload(to="opening") if seq == 2 else NotePayload(text=f"note {seq}")
        kind = EventKind.STAGE if seq == 2 else EventKind.NOTE
        event = seal(session_id, seq, kind, "bench", now_utc(), payload, head)
        sealed.append(event)
        head = event.hash
    # The head state as the appends would have left it (see head_state.py).
    case = store.snapshot(session_id).case
    state = encode(replay(case, [*store.events(session_id), *sealed]))
    with store.database.transaction() as connection:
        if sealed:
            connection.execute(insert(events_table), [event_row(event) for event in sealed])
        connection.execute(
            update(sessions_table)
            .where(sessions_table.c.id == session_id)
            .values(event_count=length, head_hash=head)
        )
        save_state(connection, session_id, length, head, state)
    assert store.verify(session_id).intact
    return session_id


def full_replay_append(store: SessionStore, session_id: str, text: str) -> None:
    """The peer: the append before issue 15 (verify and replay the whole trail under the lock)."""
    from sqlalchemy import insert, update

    from brightline.session.recording import admit
    from brightline.session.rows import event_row, events, session_row, verify_row
    from brightline.session.tables import events as events_table
    from brightline.session.tables import sessions as sessions_table

    with store.database.transaction() as connection:
        row = session_row(connection, session_id, lock=True)
        stored = events(connection, session_id)
        assert verify_row(row, stored).intact
        loaded = store._loaded(row)
        state = replay(loaded.case, stored)
        payload = admit(EventKind.NOTE, NotePayload(text=text), loaded, state)
        seq = len(stored) + 1
        event = seal(session_id, seq, EventKind.NOTE, "bench", now_utc(), payload, row["head_hash"])
        connection.execute(insert(events_table).values(**event_row(event)))
        connection.execute(
            update(sessions_table)
            .where(sessions_table.c.id == session_id)
            .values(event_count=seq, head_hash=event.hash)
        )


class LockTimer:
    """Times each write transaction of a store, from BEGIN to the end of COMMIT (the locked part)."""

    def __init__(self, store: SessionStore) -> None:
        self.held: list[float] = []
        original = store.database.transaction

        @contextmanager
        def timed(action: str = "writing") -> Iterator[Any]:
            started = time.perf_counter()
            try:
                with original(action) as connection:
                    yield connection
            finally:
                self.held.append(time.perf_counter() - started)

        store.database.transaction = timed  # type: ignore[method-assign]


def bench_latency(url: str, length: int, samples: int) -> dict[str, float]:
    ms = 1000.0
    with open_store(url) as builder:
        session_id = build_session(builder, length)
    warm, warm_held = [], []
    with open_store(url) as store:
        timer = LockTimer(store)
        store.record(session_id, EventKind.NOTE, NotePayload(text="warm-up"), "bench")
        timer.held.clear()
        for number in range(samples):
            started = time.perf_counter()
            store.record(session_id, EventKind.NOTE, NotePayload(text=f"warm {number}"), "b")
            warm.append(time.perf_counter() - started)
        warm_held = [held for held in timer.held if held > 0]
    cold, cold_held = [], []
    for number in range(samples):
        with open_store(url) as store:
            timer = LockTimer(store)
            started = time.perf_counter()
            store.record(session_id, EventKind.NOTE, NotePayload(text=f"cold {number}"), "b")
            cold.append(time.perf_counter() - started)
            cold_held.extend(timer.held)
    peer, peer_held = [], []
    with open_store(url) as store:
        full_replay_append(store, session_id, "peer warm-up")  # parses the case once, as before
        timer = LockTimer(store)
        for number in range(samples):
            started = time.perf_counter()
            full_replay_append(store, session_id, f"peer {number}")
            peer.append(time.perf_counter() - started)
        peer_held = timer.held
    with open_store(url) as store:
        assert store.verify(session_id).intact
    return {
        "long-lived store ms": statistics.median(warm) * ms,
        "long-lived locked ms": statistics.median(warm_held) * ms,
        "new store ms": statistics.median(cold) * ms,
        "new store locked ms": statistics.median(cold_held) * ms,
        "peer ms": statistics.median(peer) * ms,
        "peer locked ms": statistics.median(peer_held) * ms,
    }


def bench_cold(url: str, length: int, samples: int) -> dict[str, float]:
    """A new process per append: imports, open, append (timed inside), then the real CLI."""
    ms = 1000.0
    with open_store(url) as builder:
        session_id = build_session(builder, length)
    imports, opens, appends, peers = [], [], [], []
    for number in range(samples):
        for mode in ("head", "whole"):  # alternated, so both see the same machine load
            done = subprocess.run(
                [sys.executable, "-c", COLD, url, session_id, f"cold {number}", mode],
                capture_output=True,
                text=True,
                check=True,
            )
            imported, opened, appended = (float(part) for part in done.stdout.split())
            if mode == "whole":
                peers.append(appended)
                continue
            imports.append(imported)
            opens.append(opened)
            appends.append(appended)
    command, environment = [str(Path(sys.executable).with_name("brightline"))], dict(os.environ)
    environment["BRIGHTLINE_DATABASE_URL"] = url
    walls = []
    for number in range(samples):
        started = time.perf_counter()
        subprocess.run(
            [*command, "log", "note", session_id, f"cli {number}", "--author", "bench"],
            capture_output=True,
            check=True,
            env=environment,
        )
        walls.append(time.perf_counter() - started)
    with open_store(url) as store:
        assert store.verify(session_id).intact
    cold = [opened + appended for opened, appended in zip(opens, appends, strict=True)]
    return {
        "imports ms": statistics.median(imports) * ms,
        "open ms": statistics.median(opens) * ms,
        "append ms": statistics.median(appends) * ms,
        "cold append ms": statistics.median(cold) * ms,
        "peer append ms": statistics.median(peers) * ms,
        "brightline log note ms": statistics.median(walls) * ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("BRIGHTLINE_TEST_POSTGRES_URL", ""))
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--events", type=int, default=40)
    parser.add_argument("--kill-rounds", type=int, default=4)
    parser.add_argument("--long", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=15)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument(
        "--parts", default="writers,killed,latency,cold", help="Comma-separated parts to run."
    )
    arguments = parser.parse_args()
    print(f"# {platform.machine()} {platform.python_version()}, load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        backends = {"sqlite": f"sqlite:///{Path(folder) / 'bench.db'}"}
        if arguments.postgres:
            backends["postgres"] = arguments.postgres
        for name, url in backends.items():
            print(f"\n## {name}")
            parts = arguments.parts.split(",")
            if "writers" in parts:
                print("writers:", bench_writers(url, arguments.writers, arguments.events))
            if "killed" in parts:
                kills = bench_kills(url, arguments.writers, arguments.kill_rounds, arguments.seed)
                print("killed:", kills)
            for length in (10, arguments.long) if "latency" in parts else ():
                figures = bench_latency(url, length, arguments.samples)
                ratio = figures["peer ms"] / figures["long-lived store ms"]
                locks = figures["peer locked ms"] / figures["long-lived locked ms"]
                shown = ", ".join(f"{key} {value:.2f}" for key, value in figures.items())
                print(
                    f"latency at {length:,} events: {shown}; peer / long-lived: append "
                    f"{ratio:.1f}x, lock held {locks:.1f}x"
                )
            if "cold" in parts:
                short = bench_cold(url, 10, arguments.samples)
                long = bench_cold(url, arguments.long, arguments.samples)
                for length, figures in ((10, short), (arguments.long, long)):
                    shown = ", ".join(f"{key} {value:.1f}" for key, value in figures.items())
                    print(f"cold process at {length:,} events: {shown}")
                print(
                    f"{arguments.long:,} / 10 events: cold append (open + append) "
                    f"{long['cold append ms'] / short['cold append ms']:.2f}x, append alone "
                    f"{long['append ms'] / short['append ms']:.2f}x, peer append alone "
                    f"{long['peer append ms'] / short['peer append ms']:.2f}x, brightline log note "
                    f"{long['brightline log note ms'] / short['brightline log note ms']:.2f}x; "
                    f"peer / head-state append at {arguments.long:,} events: "
                    f"{long['peer append ms'] / long['append ms']:.1f}x"
                )


if __name__ == "__main__":
    main()
