"""The web workbench under 20 concurrent loopback clients, against one ``brightline plan`` run.

    .venv/bin/python benchmarks/bench_web.py [--clients 20] [--rounds 5] [--workers 1]
        [--mode all|queued|queued-2|concurrent] [--document KIND/FORMAT] [--case FILE]

Starts the app in uvicorn (``--workers`` processes, one by default) on a free loopback port (a
temporary folder for cases and the session database, the repository's examples), starts a live
session on the case, and warms every page (twice per worker). Then ``--clients`` threads, each
with its own keep-alive HTTP connection (the standard library's ``http.client``; httpx sets the
session up), request every page ``--rounds`` times in a shuffled order, back to back (no think
time). Per page, p50 and p95 of:

- *server*: from the request's arrival at the app (uvicorn has parsed its head and calls the
  ASGI app) to the moment its last byte is handed to the connection, measured by a thin timing
  layer this benchmark wraps around the app (the app itself is unchanged). It includes the
  wait for the request's turn (``web/queueing.py``) or, served concurrently, the wait for a
  threadpool thread and for the GIL behind the other requests in flight.
- *wait*: the part of the server time spent waiting for the request's turn (queued mode only).
- *client*: from send to last byte on the client: server time plus uvicorn's HTTP parsing, the
  event loop's queue and the loopback round trip.

``--mode`` chooses how the app serves requests: ``queued`` (one at a time in arrival order,
each for at most a lease), ``queued-2`` (two at a time), ``concurrent`` (all at once in
FastAPI's threadpool, the app's default), or ``all`` (the default), which runs each one after
the other on fresh servers in the same run, for an A/B on the same machine.

With 20 clients and no think time the load is closed: each client sends its next request as soon
as the last one returns, so the mean client time is (by Little's law) about the number of clients
divided by the throughput, whatever the page. The CPU seconds of the server processes and of the
client (both on the same machine) are reported per request, so the times can be read against
what the machine can do, with the load average before and after. The peer, in the same run: the
wall time of the whole ``brightline plan`` process on the same case (median of ``--plan-runs``),
timed before and after the load so both see the same machine. The goal: p95 under 150 ms on
every page after warm-up, and no page slower than one ``plan`` run.

``--document KIND/FORMAT`` (for example ``brief/pdf``) also downloads that document once,
one second into the load, from one more client: its time is printed beside the p95 of the page
requests that were in flight while it was built, to show whether a long request holds the
others up.

The default case is the largest example by file size. Not a test: timings depend on the
machine; results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import httpx

from brightline.web.queueing import LEASE_SECONDS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOAL_SECONDS = 0.150
PAGE_HEADER = "x-bench-page"

SERVER = """
import json, os, time
from pathlib import Path
from brightline.session.store import open_store
from brightline.web.app import Settings, create_app
from brightline.web.queueing import WAIT_KEY

root = Path(os.environ["BENCH_WEB_ROOT"])
log = os.open(root / f"times-{os.getpid()}.jsonl", os.O_WRONLY | os.O_CREAT | os.O_APPEND)

def timed(app):
    # From the ASGI call (the request has arrived and its head is parsed) to the last byte
    # handed to uvicorn, for the requests the load sends (they name their page in a header).
    async def wrapper(scope, receive, send):
        page = None
        if scope["type"] == "http":
            for name, value in scope["headers"]:
                if name == b"x-bench-page":
                    page = value.decode()
        if page is None:
            return await app(scope, receive, send)
        arrived = time.perf_counter()
        async def timed_send(message):
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                took = time.perf_counter() - arrived
                wait = scope.get("state", {}).get(WAIT_KEY, 0.0)
                os.write(log, (json.dumps([page, took, wait]) + "\\n").encode())
        await app(scope, receive, timed_send)
    return wrapper

lease = os.environ["BENCH_WEB_LEASE"]
url = f"sqlite:///{root / 'sessions.db'}"
settings = Settings(cases_folder=root / "cases",
                    examples_folder=Path(os.environ["BENCH_WEB_EXAMPLES"]),
                    open_store=lambda: open_store(url),
                    secret=bytes.fromhex(os.environ["BENCH_WEB_SECRET"]),
                    queue_lease_seconds=float(lease) if lease else None,
                    queue_lanes=int(os.environ["BENCH_WEB_LANES"]))
app = timed(create_app(settings))
"""
"""The served module: the app with a timing layer; one secret so every worker accepts the CSRF
tokens and cookies of the others. Each worker appends its times to its own file."""

MODES = {
    "queued": (str(LEASE_SECONDS), "1"),
    "queued-2": (str(LEASE_SECONDS), "2"),
    "concurrent": ("", "1"),
}
"""Mode name -> the queue's lease in seconds for the served app (empty: no queue), its lanes."""


def cpu_seconds(pids: list[int]) -> float:
    """User plus system CPU seconds used so far by the processes ``pids`` (Linux ``/proc``)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def server_pids(parent: int) -> list[int]:
    """The server process and its worker processes."""
    found = [parent]
    for child in Path("/proc").glob("[0-9]*"):
        try:
            fields = (child / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(child.name))
    return found


def percentiles(found: list[float]) -> tuple[float, float]:
    """p50 and p95 of ``found`` (nearest rank)."""
    ordered = sorted(found)
    return (
        statistics.median(ordered),
        ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
    )


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def largest_example() -> Path:
    """The example case file with the most bytes."""
    return max(EXAMPLES.glob("*.yaml"), key=lambda path: path.stat().st_size)


def plan_seconds(case: Path, runs: int) -> list[float]:
    """Wall seconds of whole ``brightline plan`` processes on ``case``."""
    command = [str(Path(sys.executable).with_name("brightline")), "plan", str(case)]
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        found.append(time.perf_counter() - started)
    return found


def wait_for(base: str, seconds: float = 60.0) -> None:
    """Return once the server answers, or fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise SystemExit("the server did not answer")


def token_of(client: httpx.Client) -> str:
    """The client's CSRF token, read from a form of the home page."""
    text = client.get("/").text
    marker = 'name="csrf_token" value="'
    start = text.index(marker) + len(marker)
    return text[start : text.index('"', start)]


def pages(client: httpx.Client, case_id: str) -> dict[str, tuple[str, str, dict[str, str]]]:
    """Every page of the case: name -> (method, path, form). Starts the session it shows."""
    token = token_of(client)
    base = f"/examples/{case_id}"
    started = client.post(f"{base}/sessions", data={"csrf_token": token}, follow_redirects=False)
    session = started.headers["location"]
    form_page = client.get(f"{base}/evaluate").text
    offer = {}
    for chunk in form_page.split('name="issue:')[1:]:
        issue = chunk.split('"', 1)[0]
        value = chunk.split('value="', 1)[1].split('"', 1)[0]
        offer[f"issue:{issue}"] = value
    return {
        "home": ("GET", "/", {}),
        "case": ("GET", base, {}),
        "analysis": ("GET", f"{base}/analysis", {}),
        "meso": ("GET", f"{base}/meso", {}),
        "meso (form, 2 offers)": ("POST", f"{base}/meso", {"csrf_token": token, "count": "2"}),
        "evaluate (form)": ("GET", f"{base}/evaluate", {}),
        "evaluate (an offer)": ("POST", f"{base}/evaluate", {"csrf_token": token, **offer}),
        "bids": ("GET", f"{base}/bids", {}),
        "economics": ("GET", f"{base}/economics", {}),
        "economics.svg": ("GET", f"{base}/economics.svg", {}),
        "documents": ("GET", f"{base}/documents", {}),
        "session": ("GET", session, {}),
        "sessions": ("GET", "/sessions", {}),
    }


@dataclass
class Load:
    """What one load on one server measured."""

    mode: str
    pages: list[str]
    requests: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    load_before: float = 0.0
    load_after: float = 0.0
    client: dict[str, list[float]] = field(default_factory=dict)
    server: dict[str, list[float]] = field(default_factory=dict)
    wait: dict[str, list[float]] = field(default_factory=dict)
    spans: list[tuple[float, float, float]] = field(default_factory=list)
    """(start, end, seconds) of every page request on the client's clock."""
    document: tuple[float, float, int] | None = None
    """(start, end, bytes) of the document download, when one was asked for."""


def read_times(folder: str, found: Load) -> None:
    """The server-side times every worker logged, by page."""
    for log in Path(folder).glob("times-*.jsonl"):
        for line in log.read_text(encoding="utf-8").splitlines():
            page, took, wait = json.loads(line)
            found.server.setdefault(page, []).append(took)
            found.wait.setdefault(page, []).append(wait)


def run_load(case: Path, mode: str, options: argparse.Namespace) -> Load:
    """Serve ``case`` in ``mode``, warm it, and drive it with the clients."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "bench_web_server.py").write_text(SERVER, encoding="utf-8")
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "uvicorn", "bench_web_server:app"),
                *("--app-dir", folder, "--host", "127.0.0.1", "--port", str(port)),
                *("--workers", str(options.workers), "--log-level", "warning"),
            ],
            env={
                **os.environ,
                "PYTHONUNBUFFERED": "1",
                "BENCH_WEB_ROOT": folder,
                "BENCH_WEB_EXAMPLES": str(EXAMPLES),
                "BENCH_WEB_SECRET": os.urandom(32).hex(),
                "BENCH_WEB_LEASE": MODES[mode][0],
                "BENCH_WEB_LANES": MODES[mode][1],
            },
        )
        try:
            wait_for(base)
            with httpx.Client(base_url=base, timeout=120) as warm:
                chosen = pages(warm, case.stem)
                # Every worker warms every page (a worker's caches are its own).
                for _ in range(2 * options.workers):
                    for method, path, form in chosen.values():
                        answer = warm.request(method, path, data=form or None)
                        if answer.status_code != 200:
                            raise SystemExit(f"{method} {path}: {answer.status_code}")
                cookies = dict(warm.cookies)
            found = Load(mode, list(chosen))
            found.client = {name: [] for name in chosen}
            lock = threading.Lock()
            failures: list[str] = []
            cookie = "; ".join(f"{key}={value}" for key, value in cookies.items())

            def client(number: int) -> None:
                order = [name for name in chosen for _ in range(options.rounds)]
                random.Random(number).shuffle(order)
                # The standard library's client: a few hundred microseconds of CPU a request
                # where httpx takes milliseconds, so the 20 client threads (one process, one
                # GIL, on the same two cores) queue less behind each other and leave the
                # server its core.
                http = HTTPConnection("127.0.0.1", port, timeout=120)
                try:
                    for name in order:
                        method, path, form = chosen[name]
                        body = urlencode(form) if form else None
                        headers = {"Cookie": cookie, PAGE_HEADER: name}
                        if body is not None:
                            headers["Content-Type"] = "application/x-www-form-urlencoded"
                        started = time.perf_counter()
                        http.request(method, path, body=body, headers=headers)
                        answer = http.getresponse()
                        answer.read()
                        ended = time.perf_counter()
                        if answer.status != 200:
                            failures.append(f"{method} {path}: {answer.status}")
                            return
                        with lock:
                            found.client[name].append(ended - started)
                            found.spans.append((started, ended, ended - started))
                finally:
                    http.close()

            def download(path: str) -> None:
                time.sleep(1.0)
                http = HTTPConnection("127.0.0.1", port, timeout=300)
                try:
                    started = time.perf_counter()
                    http.request("GET", path, headers={"Cookie": cookie})
                    answer = http.getresponse()
                    size = len(answer.read())
                    if answer.status != 200:
                        failures.append(f"GET {path}: {answer.status}")
                        return
                    found.document = (started, time.perf_counter(), size)
                finally:
                    http.close()

            threads = [
                threading.Thread(target=client, args=(number,)) for number in range(options.clients)
            ]
            if options.document:
                document_path = f"/examples/{case.stem}/documents/{options.document}"
                threads.append(threading.Thread(target=download, args=(document_path,)))
            pids = server_pids(server.pid)
            found.load_before = os.getloadavg()[0]
            server_cpu = cpu_seconds(pids)
            client_cpu = resource.getrusage(resource.RUSAGE_SELF)
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            found.seconds = time.perf_counter() - started
            if failures:
                raise SystemExit(f"the load failed: {failures[0]}")
            found.load_after = os.getloadavg()[0]
            found.server_cpu = cpu_seconds(pids) - server_cpu
            used = resource.getrusage(resource.RUSAGE_SELF)
            found.client_cpu = (used.ru_utime - client_cpu.ru_utime) + (
                used.ru_stime - client_cpu.ru_stime
            )
        finally:
            server.terminate()
            server.wait(10)
        read_times(folder, found)
    found.requests = sum(len(times) for times in found.client.values())
    return found


def ms(seconds: float) -> str:
    """Seconds as milliseconds, one decimal, with a thousands separator."""
    return f"{seconds * 1000:,.1f}"


def report(found: Load, case: Path, options: argparse.Namespace, plan: float) -> None:
    """Print one load's summary and its table of pages."""
    workers = f"{options.workers} uvicorn worker{'s' if options.workers != 1 else ''}"
    print(f"## mode: {found.mode}")
    print(
        f"case: {case.name}; {options.clients} clients x {options.rounds} rounds x "
        f"{len(found.pages)} pages = {found.requests:,} requests in {found.seconds:.1f} s "
        f"({found.requests / found.seconds:.0f} per second), {workers}; load average "
        f"(1 minute) {found.load_before:.1f} before the load, {found.load_after:.1f} after, on "
        f"{os.cpu_count()} cores"
    )
    if found.load_before > 3:
        print(
            "warning: the machine was busy before the load began (load average above 3): "
            "these times are not a claim; measure again when it is quiet"
        )
    print(
        f"CPU per request: server {ms(found.server_cpu / found.requests)} ms, client "
        f"{ms(found.client_cpu / found.requests)} ms (CPU seconds over the load: server "
        f"{found.server_cpu:.1f} s, client {found.client_cpu:.1f} s, in {found.seconds:.1f} s "
        "of wall time)"
    )
    every = [took for times in found.server.values() for took in times]
    print(
        f"server time over every request: mean {ms(statistics.fmean(every))} ms, "
        f"p95 {ms(percentiles(every)[1])} ms (Little's law: {options.clients} clients / "
        f"{found.requests / found.seconds:.0f} per second = "
        f"{ms(options.clients / (found.requests / found.seconds))} ms)"
    )
    if found.document is not None:
        begun, ended, size = found.document
        during = [took for start, end, took in found.spans if start < ended and end > begun]
        meanwhile = (
            f"the {len(during):,} page requests in flight meanwhile: client p50 "
            f"{ms(percentiles(during)[0])} ms, p95 {ms(percentiles(during)[1])} ms, slowest "
            f"{ms(max(during))} ms"
            if during
            else "no page request was in flight meanwhile (use more --rounds)"
        )
        print(
            f"document {options.document} ({size:,} bytes) downloaded under the load in "
            f"{ms(ended - begun)} ms (its CPU is in the server's); {meanwhile}"
        )
    print()
    print(
        "| page | server p50 (ms) | server p95 (ms) | of which waiting p95 (ms) "
        "| client p50 (ms) | client p95 (ms) | server p95 / plan | server p95 < 150 ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name in found.pages:
        server_p50, server_p95 = percentiles(found.server[name])
        client_p50, client_p95 = percentiles(found.client[name])
        wait_p95 = percentiles(found.wait[name])[1]
        print(
            f"| {name} | {ms(server_p50)} | {ms(server_p95)} | {ms(wait_p95)} | "
            f"{ms(client_p50)} | {ms(client_p95)} | {server_p95 / plan:.2f} | "
            f"{'yes' if server_p95 < GOAL_SECONDS else 'no'} |"
        )
    print()


def main() -> None:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--plan-runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--mode", choices=(*MODES, "all"), default="all")
    parser.add_argument("--document", default="", help="KIND/FORMAT to download under the load")
    parser.add_argument("--case", type=Path, default=None)
    options = parser.parse_args()
    case = options.case or largest_example()
    if case.resolve().parent != EXAMPLES.resolve():
        raise SystemExit("--case must be one of the examples (the app serves them read-only)")
    before = plan_seconds(case, options.plan_runs)
    modes = list(MODES) if options.mode == "all" else [options.mode]
    loads = [run_load(case, mode, options) for mode in modes]
    after = plan_seconds(case, options.plan_runs)
    plan = statistics.median(before + after)
    print(
        f"peer: brightline plan, whole process, median of {len(before + after)}: "
        f"{plan * 1000:,.0f} ms (before the loads {statistics.median(before) * 1000:,.0f} ms, "
        f"after {statistics.median(after) * 1000:,.0f} ms)"
    )
    print()
    for found in loads:
        report(found, case, options, plan)


if __name__ == "__main__":
    main()
