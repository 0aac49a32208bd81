"""The web workbench under 20 concurrent loopback clients, against one ``brightline plan`` run.

    .venv/bin/python benchmarks/bench_web.py [--clients 20] [--rounds 5] [--workers 1] [--case FILE]

Starts the app in uvicorn (``--workers`` processes, one by default) on a free loopback port (a
temporary folder for cases and the session database, the repository's examples), starts a live
session on the case, and warms every page (twice per worker). Then ``--clients`` threads, each
with its own keep-alive HTTP connection (the standard library's ``http.client``; httpx sets the
session up), request every page ``--rounds`` times in a shuffled order, back to back (no think
time). Two times are reported per page, p50 and p95:

- *server*: the app's own time for the request, from the moment uvicorn hands it to the app to
  the response's first byte, read from the ``Server-Timing`` header a thin middleware of this
  benchmark adds (the app itself is unchanged). It includes waiting for a threadpool thread and
  for the GIL behind the other requests in flight in the same process.
- *client*: from send to last byte on the client: server time plus uvicorn's HTTP parsing, the
  event loop's queue and the loopback round trip.

With 20 clients and no think time the load is closed: each client sends its next request as soon
as the last one returns, so the mean client time is (by Little's law) about the number of clients
divided by the throughput, whatever the page. The CPU seconds of the server processes and of the
client (both on the same machine) are reported per request, so the times can be read against
what the machine can do. The peer, in the same run: the wall time of the whole ``brightline plan``
process on the same case (median of ``--plan-runs``), timed before and after the load so both
see the same machine. The goal: p95 under 150 ms on every page after warm-up, and no page slower
than one ``plan`` run.

The default case is the largest example by file size. Not a test: timings depend on the
machine; results are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
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
from collections.abc import Mapping
from http.client import HTTPConnection
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOAL_SECONDS = 0.150

SERVER = """
import os, time
from pathlib import Path
from brightline.session.store import open_store
from brightline.web.app import Settings, create_app

def timed(app):
    # Server-Timing: the app's own time, from the call to the response's first byte.
    async def wrapper(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        started = time.perf_counter()
        async def timed_send(message):
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - started) * 1000
                message["headers"] = [*message.get("headers", ()),
                                      (b"server-timing", f"app;dur={took:.2f}".encode())]
            await send(message)
        await app(scope, receive, timed_send)
    return wrapper

root = Path(os.environ["BENCH_WEB_ROOT"])
url = f"sqlite:///{root / 'sessions.db'}"
settings = Settings(cases_folder=root / "cases",
                    examples_folder=Path(os.environ["BENCH_WEB_EXAMPLES"]),
                    open_store=lambda: open_store(url),
                    secret=bytes.fromhex(os.environ["BENCH_WEB_SECRET"]))
app = timed(create_app(settings))
"""
"""The served module: the app with a timing middleware; one secret so every worker accepts the
CSRF tokens and cookies of the others."""


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


def server_ms(headers: Mapping[str, str]) -> float:
    """The app's own milliseconds for a response, from its ``Server-Timing`` header."""
    return float(headers["server-timing"].split("dur=", 1)[1])


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


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--plan-runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--case", type=Path, default=None)
    options = parser.parse_args()
    case = options.case or largest_example()
    if case.resolve().parent != EXAMPLES.resolve():
        raise SystemExit("--case must be one of the examples (the app serves them read-only)")
    before = plan_seconds(case, options.plan_runs)
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
            client_times: dict[str, list[float]] = {name: [] for name in chosen}
            server_times: dict[str, list[float]] = {name: [] for name in chosen}
            lock = threading.Lock()

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
                        headers = {"Cookie": cookie}
                        if body is not None:
                            headers["Content-Type"] = "application/x-www-form-urlencoded"
                        started = time.perf_counter()
                        http.request(method, path, body=body, headers=headers)
                        answer = http.getresponse()
                        answer.read()
                        elapsed = time.perf_counter() - started
                        assert answer.status == 200, (name, answer.status)
                        with lock:
                            client_times[name].append(elapsed)
                            server_times[name].append(server_ms(answer.headers) / 1000)
                finally:
                    http.close()

            threads = [
                threading.Thread(target=client, args=(number,)) for number in range(options.clients)
            ]
            pids = server_pids(server.pid)
            load_before = os.getloadavg()[0]
            server_cpu = cpu_seconds(pids)
            client_cpu = resource.getrusage(resource.RUSAGE_SELF)
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            load_seconds = time.perf_counter() - started
            server_cpu = cpu_seconds(pids) - server_cpu
            used = resource.getrusage(resource.RUSAGE_SELF)
            client_cpu_seconds = (used.ru_utime - client_cpu.ru_utime) + (
                used.ru_stime - client_cpu.ru_stime
            )
        finally:
            server.terminate()
            server.wait(10)
    after = plan_seconds(case, options.plan_runs)
    plan = statistics.median(before + after)
    requests = sum(len(found) for found in client_times.values())
    print(
        f"case: {case.name}; {options.clients} clients x {options.rounds} rounds x "
        f"{len(chosen)} pages = {requests:,} requests in {load_seconds:.1f} s "
        f"({requests / load_seconds:.0f} per second), {options.workers} uvicorn "
        f"worker{'s' if options.workers != 1 else ''}; load average (1 minute) "
        f"{load_before:.1f} before the load, {os.getloadavg()[0]:.1f} after, on "
        f"{os.cpu_count()} cores"
    )
    if load_before > (os.cpu_count() or 1):
        print(
            "warning: the machine was busy before the load began (load average above the "
            "number of cores): these times are not a claim; measure again when it is quiet"
        )
    print(
        f"CPU per request: server {server_cpu / requests * 1000:.1f} ms, client "
        f"{client_cpu_seconds / requests * 1000:.1f} ms (CPU seconds over the load: server "
        f"{server_cpu:.1f} s, client {client_cpu_seconds:.1f} s, in {load_seconds:.1f} s of wall "
        "time)"
    )
    print(
        f"peer: brightline plan, whole process, median of {len(before + after)}: "
        f"{plan * 1000:,.0f} ms (before the load {statistics.median(before) * 1000:,.0f} ms, "
        f"after {statistics.median(after) * 1000:,.0f} ms)"
    )
    print()
    print(
        "| page | server p50 (ms) | server p95 (ms) | client p50 (ms) | client p95 (ms) "
        "| server p95 / plan | server p95 < 150 ms | client p95 < 150 ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for name in chosen:
        server_p50, server_p95 = percentiles(server_times[name])
        client_p50, client_p95 = percentiles(client_times[name])
        print(
            f"| {name} | {server_p50 * 1000:,.1f} | {server_p95 * 1000:,.1f} | "
            f"{client_p50 * 1000:,.1f} | {client_p95 * 1000:,.1f} | {server_p95 / plan:.2f} | "
            f"{'yes' if server_p95 < GOAL_SECONDS else 'no'} | "
            f"{'yes' if client_p95 < GOAL_SECONDS else 'no'} |"
        )


if __name__ == "__main__":
    main()
