"""A team's load on one shared store: no event lost or duplicated, every chain intact, latency.

    .venv/bin/python benchmarks/bench_team_load.py [--seconds 30] [--users 40] [--teams 10]
        [--workers 4] [--postgres URL]

Two runs in one invocation, on loopback, each against a real ``brightline serve`` process:
PostgreSQL with ``--workers`` worker processes (a fresh database on ``--postgres`` or
``BRIGHTLINE_TEST_POSTGRES_URL``; without either, a throwaway server from scripts/postgres.sh),
then SQLite with one worker. In each, ``--users`` simulated users in ``--teams`` teams share one
live session per team (so several users log into every session at once). The store is in team
mode: each team has an owner and negotiators (accounts made through the account services before
the server starts), and each user logs in through the log-in form with their own password, so
every request is checked against the user's team and every event is authored by its user.
Each user is an HTTP client with its own cookies (its own log-in and form token) that logs notes
through the session page's form (``POST /sessions/{id}/log/note``, exactly what a browser posts)
until the time is up, each note carrying a text no other note has. A note counts as acknowledged
when the server answers 200 with "Recorded #N"; the client keeps (session, N, text, user).

Afterwards the store is read directly (not through the server) and held against the
acknowledgements, event by event: lost = acknowledged but not stored as that event number with
that text and that user as its author; duplicated = a text stored more than once; every
session's hash chain is verified, and each session belongs to its team. ``--no-accounts`` runs
the single-user workbench instead (no log-in, every event by the server's user).
Latency is timed per request on the client, send to last byte (server time plus the loopback
round trip; the clients share the 2 cores with the server). Not a test: timings depend on the
machine; results are recorded in docs/benchmarks.md. tests/web/test_web_team_load.py runs a short
version of the same harness in the suite.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
CASE_ID = "saas-data-residency"
"""The example every team's session starts from (served read-only by the app)."""
SECRET = "load-test-secret-" + "0" * 32
PASSWORD = "load-test passphrase"
RECORDED = re.compile(r"Recorded #(\d+) \(note\)")
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True, slots=True)
class Acknowledged:
    """A note the server said it recorded: in which session, as which event, with which text."""

    session: str
    seq: int
    text: str
    timed: bool
    user: str


@dataclass(slots=True)
class UserLog:
    """What one simulated user sent and what the server answered."""

    user: str
    team: str
    session: str
    acknowledged: list[Acknowledged] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    unanswered: list[str] = field(default_factory=list)
    """Texts of notes sent without a 200 answer: stored or not, the server never said."""


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The run, held against the store."""

    label: str
    workers: int
    users: int
    sessions: int
    seconds: float
    acknowledged: int
    timed_acknowledged: int
    failed: int
    lost: int
    duplicated: int
    misplaced_sessions: int
    stored_unacknowledged: int
    chains_intact: int
    latencies: tuple[float, ...]
    failures: tuple[str, ...]

    @property
    def events_per_second(self) -> float:
        """Acknowledged events per second of the timed load (the warm-up notes left out)."""
        return self.timed_acknowledged / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """The latency (seconds) at ``share`` (0.5: the median) of the sorted requests."""
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]

    @property
    def sound(self) -> bool:
        """Nothing lost, duplicated or failed, every chain intact, at least one event per user.

        A failed request is one the server did not acknowledge: no answer, or any answer but a
        200 page saying "Recorded #N" (every request of this load is a note a member may record,
        so no refusal is expected: a 403, a 409 or a 500 is a failure like a dropped connection).
        """
        return (
            self.failed == 0
            and self.lost == 0
            and self.duplicated == 0
            and self.misplaced_sessions == 0
            and self.chains_intact == self.sessions
            and self.acknowledged >= self.users
        )


def token_of(client: httpx.Client) -> str:
    """The client's form token, read from a cheap page with a form."""
    match = TOKEN.search(client.get("/cases/new").text)
    if not match:
        raise RuntimeError("the new-case page has no form token")
    return match.group(1)


def wait_for(base: str, seconds: float) -> None:
    """Return once the server answers, or raise after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/cases/new", timeout=5, follow_redirects=True).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server at {base} did not answer within {seconds:.0f} s")


@dataclass(slots=True)
class Served:
    """A running ``brightline serve``: its address, and what it printed once it stopped."""

    base: str
    process: subprocess.Popen[str]
    stdout: str = ""
    stderr: str = ""


@contextmanager
def served(
    database: str, workers: int, cases: Path, *, boot_seconds: float = 120.0
) -> Iterator[Served]:
    """``brightline serve`` on a free loopback port until the block ends (then stopped)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "brightline",
        "serve",
        "--port",
        str(port),
        "--database",
        database,
        "--workers",
        str(workers),
        "--cases",
        str(cases),
    ]
    environment = {**os.environ, "BRIGHTLINE_SECRET": SECRET, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        command,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    running = Served(f"http://127.0.0.1:{port}", process)
    try:
        wait_for(running.base, boot_seconds)
        yield running
    finally:
        running.stdout, running.stderr = stop(process)


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    """Stop a server as Ctrl+C does (uvicorn stops its workers); what it printed.

    Killed with its workers when it does not stop within 30 s.
    """
    import signal

    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        return process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return process.communicate(timeout=10)


def user_name(number: int) -> str:
    """The simulated user ``number``'s account name."""
    return f"user{number:02d}"


def team_of(number: int, teams: int) -> str:
    """The team of user ``number``: users are dealt round the teams."""
    return f"team-{number % teams:02d}"


def create_accounts(database: str, users: int, teams: int, cost: Any = None) -> None:
    """Team mode: the first user of each team owns it, the others negotiate (one password).

    ``cost`` is argon2's (a ``HashCost``; the real default unless a test passes a cheap one).
    """
    from brightline.services.accounts import Accounts, HashCost
    from brightline.session.database import open_database
    from brightline.session.roles import Role

    accounts = Accounts(lambda: open_database(database), cost=cost or HashCost())
    accounts.create_owner(user_name(0), PASSWORD, team_of(0, teams))
    for number in range(1, users):
        role = Role.OWNER if number < teams else Role.NEGOTIATOR
        accounts.add_member(user_name(number), PASSWORD, team_of(number, teams), role)


def log_in(client: httpx.Client, name: str) -> None:
    """Log in through the log-in form, as a browser does (a new log-in cookie)."""
    match = TOKEN.search(client.get("/login").text)
    if not match:
        raise RuntimeError("the log-in page has no form token")
    answer = client.post(
        "/login",
        data={"csrf_token": match.group(1), "name": name, "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    if answer.status_code != 303:
        raise RuntimeError(f"logging in as {name} answered {answer.status_code}")


def start_sessions(base: str, teams: int, accounts: bool) -> dict[str, str]:
    """One live session per team, started through the app's form by the team's owner."""
    found = {}
    for number in range(teams):
        with httpx.Client(base_url=base, timeout=120) as client:
            if accounts:
                log_in(client, user_name(number))
            answer = client.post(
                f"/examples/{CASE_ID}/sessions",
                data={"csrf_token": token_of(client)},
                follow_redirects=False,
            )
            if answer.status_code != 303:
                raise RuntimeError(f"starting a session answered {answer.status_code}")
            found[team_of(number, teams)] = answer.headers["location"].rsplit("/", 1)[1]
    return found


def simulate(
    log: UserLog,
    base: str,
    ready: threading.Barrier,
    go: threading.Event,
    until: list[float],
    warm_up: bool,
    accounts: bool,
) -> None:
    """One user: log in, then log notes into the team's session until the time is up."""
    with httpx.Client(base_url=base, timeout=120) as client:
        if accounts:
            log_in(client, log.user)
        token = token_of(client)
        number = 0
        if warm_up:
            # One note before the clock starts, so every worker has served the page (templates
            # compiled, modules loaded) when the timed notes begin; it is checked like the rest.
            number += 1
            log_note(client, log, token, number, timed=False)
        ready.wait()
        go.wait()
        while time.monotonic() < until[0]:
            number += 1
            log_note(client, log, token, number, timed=True)


def log_note(client: httpx.Client, log: UserLog, token: str, number: int, *, timed: bool) -> None:
    """Post one note through the session page's form and keep what the server answered."""
    text = f"{log.user} note {number} {uuid.uuid4().hex}"
    form = {"csrf_token": token, "text": text}
    began = time.perf_counter()
    try:
        answer = client.post(f"/sessions/{log.session}/log/note", data=form)
    except httpx.TransportError as error:
        log.unanswered.append(text)
        log.failures.append(f"{type(error).__name__}")
        return
    if timed:
        log.latencies.append(time.perf_counter() - began)
    found = RECORDED.search(answer.text) if answer.status_code == 200 else None
    if found is None:
        log.unanswered.append(text)
        said = "" if answer.status_code == 200 else f" {answer.reason_phrase}"
        log.failures.append(
            f"HTTP {answer.status_code}{said}"
            + (" without 'Recorded #N'" if answer.status_code == 200 else "")
        )
        return
    log.acknowledged.append(Acknowledged(log.session, int(found.group(1)), text, timed, log.user))


def drive(
    base: str,
    users: int,
    sessions: dict[str, str],
    seconds: float,
    *,
    warm_up: bool = True,
    accounts: bool = True,
) -> tuple[list[UserLog], float]:
    """Every user at once for ``seconds``; their logs and the load's wall time."""
    teams = len(sessions)
    logs = [
        UserLog(user_name(number), team_of(number, teams), sessions[team_of(number, teams)])
        for number in range(users)
    ]
    ready = threading.Barrier(users + 1)
    go = threading.Event()
    until = [0.0]
    threads = [
        threading.Thread(
            target=simulate,
            args=(log, base, ready, go, until, warm_up, accounts),
            daemon=True,
        )
        for log in logs
    ]
    for thread in threads:
        thread.start()
    ready.wait()  # every user has its cookies and form token
    until[0] = time.monotonic() + seconds
    began = time.perf_counter()
    go.set()
    for thread in threads:
        thread.join()
    return logs, time.perf_counter() - began


def held_against_store(
    label: str,
    workers: int,
    database: str,
    logs: list[UserLog],
    sessions: dict[str, str],
    wall: float,
    accounts: bool,
) -> LoadResult:
    """Compare every acknowledgement with the stored events, and verify every chain."""
    from brightline.session.store import open_store

    lost = 0
    duplicated = 0
    stored_unacknowledged = 0
    intact = 0
    misplaced = 0
    sent_unanswered = {text for log in logs for text in log.unanswered}
    acknowledged = [ack for log in logs for ack in log.acknowledged]
    with open_store(database) as store:
        teams = {info.id: info for info in store.sessions()}
        for team, session in sessions.items():
            if accounts and teams[session].team != team:
                misplaced += 1
            events = store.events(session)
            if store.verify(session).intact:
                intact += 1
            texts = Counter(
                str(event.payload.get("text", "")) for event in events if event.kind == "note"
            )
            duplicated += sum(count - 1 for count in texts.values() if count > 1)
            stored_unacknowledged += sum(1 for text in texts if text in sent_unanswered)
            by_seq = {event.seq: event for event in events}
            for ack in (ack for ack in acknowledged if ack.session == session):
                event = by_seq.get(ack.seq)
                if (
                    event is None
                    or event.kind != "note"
                    or event.payload.get("text") != ack.text
                    or (accounts and event.author != ack.user)
                ):
                    lost += 1
    return LoadResult(
        label=label,
        workers=workers,
        users=len(logs),
        sessions=len(sessions),
        seconds=wall,
        acknowledged=len(acknowledged),
        timed_acknowledged=sum(1 for ack in acknowledged if ack.timed),
        failed=sum(len(log.failures) for log in logs),
        lost=lost,
        duplicated=duplicated,
        misplaced_sessions=misplaced,
        stored_unacknowledged=stored_unacknowledged,
        chains_intact=intact,
        latencies=tuple(latency for log in logs for latency in log.latencies),
        failures=tuple(failure for log in logs for failure in log.failures),
    )


def run_load(
    base: str,
    database: str,
    *,
    label: str,
    workers: int,
    users: int,
    teams: int,
    seconds: float,
    warm_up: bool = True,
    accounts: bool = True,
) -> LoadResult:
    """Start the teams' sessions on a running server, drive the users, check the store.

    With ``accounts``, :func:`create_accounts` must have made the users before the server
    started (a worker learns that the store is in team mode when it starts).
    """
    sessions = start_sessions(base, teams, accounts)
    logs, wall = drive(base, users, sessions, seconds, warm_up=warm_up, accounts=accounts)
    return held_against_store(label, workers, database, logs, sessions, wall, accounts)


def fresh_postgres_database(server: str) -> str:
    """A new, empty database on the PostgreSQL server ``server`` (a URL); its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"bl_team_load_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return make_url(server).set(database=name).render_as_string(hide_password=False)


@contextmanager
def postgres_server(given: str | None) -> Iterator[str]:
    """The PostgreSQL server to use: ``given``, the test server's URL, or a throwaway one."""
    found = given or os.environ.get("BRIGHTLINE_TEST_POSTGRES_URL", "")
    if found:
        yield found
        return
    script = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "postgres.sh")],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert script.stdout is not None
        line = script.stdout.readline().strip()
        if not line.startswith("postgresql"):
            raise SystemExit("scripts/postgres.sh did not start a server")
        yield line
    finally:
        script.terminate()
        script.wait(60)


def row(result: LoadResult) -> str:
    """One Markdown table row."""
    return (
        f"| {result.label} | {result.workers} | {result.users} | {result.sessions} | "
        f"{result.seconds:.1f} | {result.acknowledged:,} | {result.events_per_second:,.1f} | "
        f"{result.percentile(0.5) * 1000:,.0f} | {result.percentile(0.95) * 1000:,.0f} | "
        f"{max(result.latencies, default=0) * 1000:,.0f} | {result.failed:,} | {result.lost} | "
        f"{result.duplicated} | {result.chains_intact} of {result.sessions} |"
    )


HEADER = (
    "| store | workers | users | sessions | seconds | events acknowledged | events per second "
    "| p50 (ms) | p95 (ms) | max (ms) | failed requests | lost | duplicated | chains verified |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def main() -> None:
    """Run PostgreSQL with several workers, then SQLite with one, and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--users", type=int, default=40)
    parser.add_argument("--teams", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--postgres", default=None, help="a PostgreSQL server URL to use")
    parser.add_argument(
        "--no-accounts", action="store_true", help="the single-user workbench (no log-in)"
    )
    options = parser.parse_args()
    accounts = not options.no_accounts
    started_load = os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory() as folder, postgres_server(options.postgres) as server:
        runs = [
            ("PostgreSQL", fresh_postgres_database(server), options.workers),
            ("SQLite", f"sqlite:///{Path(folder) / 'load.db'}", 1),
        ]
        for label, database, workers in runs:
            if accounts:
                create_accounts(database, options.users, options.teams)
            with served(database, workers, Path(folder) / "cases") as running:
                results.append(
                    run_load(
                        running.base,
                        database,
                        label=label,
                        workers=workers,
                        users=options.users,
                        teams=options.teams,
                        seconds=options.seconds,
                        accounts=accounts,
                    )
                )
    mode = "team mode, each user logged in" if accounts else "single-user workbench"
    print(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(
        f"{mode}; {options.users} users in {options.teams} teams for {options.seconds:g} s a "
        f"run; Python {sys.version.split()[0]}; {os.cpu_count()} cores; load average "
        f"{started_load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    )
    print(HEADER)
    for result in results:
        print(row(result))
    postgres, sqlite = results
    if sqlite.events_per_second:
        ratio = postgres.events_per_second / sqlite.events_per_second
        print(f"\nthroughput, PostgreSQL x{options.workers} / SQLite x1: {ratio:.2f}")
    for result in results:
        print(
            f"{result.label}: {'sound' if result.sound else 'NOT SOUND'}; "
            f"{result.failed:,} failed {'request' if result.failed == 1 else 'requests'}, "
            f"{result.stored_unacknowledged:,} of them stored all the same"
            + (
                f" (by answer: {Counter(result.failures).most_common(5)})"
                if result.failures
                else ""
            )
        )
    if not all(result.sound for result in results):
        raise SystemExit(
            "not sound: requests failed, events were lost or duplicated, or a chain does not verify"
        )


if __name__ == "__main__":
    main()
