"""The web workbench under 20 concurrent loopback clients, against one ``brightline plan`` run.

    .venv/bin/python benchmarks/bench_web.py [--clients 20] [--rounds 5] [--case FILE]

Starts the app in one uvicorn process on a free loopback port (a temporary folder for cases and
the session database, the repository's examples), starts a live session on the case, and warms
every page once. Then ``--clients`` threads, each with its own HTTP connection, request every
page ``--rounds`` times in a shuffled order. Each request is timed from send to last byte on the
client (server time plus the loopback round trip: an upper bound of the server time); p50 and p95
per page are reported. The peer, in the same run: the wall time of the whole ``brightline plan``
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
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GOAL_SECONDS = 0.150

SERVER = """
import sys
from pathlib import Path
import uvicorn
from brightline.session.store import open_store
from brightline.web.app import Settings, create_app
root, examples, port = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
url = f"sqlite:///{root / 'sessions.db'}"
settings = Settings(cases_folder=root / "cases", examples_folder=examples,
                    open_store=lambda: open_store(url))
uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
"""


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
    parser.add_argument("--case", type=Path, default=None)
    options = parser.parse_args()
    case = options.case or largest_example()
    if case.resolve().parent != EXAMPLES.resolve():
        raise SystemExit("--case must be one of the examples (the app serves them read-only)")
    before = plan_seconds(case, options.plan_runs)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as folder:
        server = subprocess.Popen(
            [sys.executable, "-c", SERVER, folder, str(EXAMPLES), str(port)],
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            wait_for(base)
            with httpx.Client(base_url=base, timeout=120) as warm:
                chosen = pages(warm, case.stem)
                for method, path, form in chosen.values():
                    answer = warm.request(method, path, data=form or None)
                    if answer.status_code != 200:
                        raise SystemExit(f"{method} {path}: {answer.status_code}")
                cookies = dict(warm.cookies)
            times: dict[str, list[float]] = {name: [] for name in chosen}
            lock = threading.Lock()

            def client(number: int) -> None:
                order = [name for name in chosen for _ in range(options.rounds)]
                random.Random(number).shuffle(order)
                with httpx.Client(base_url=base, timeout=120, cookies=cookies) as http:
                    for name in order:
                        method, path, form = chosen[name]
                        started = time.perf_counter()
                        answer = http.request(method, path, data=form or None)
                        elapsed = time.perf_counter() - started
                        assert answer.status_code == 200, (name, answer.status_code)
                        with lock:
                            times[name].append(elapsed)

            threads = [
                threading.Thread(target=client, args=(number,)) for number in range(options.clients)
            ]
            started = time.perf_counter()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            load_seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait(10)
    after = plan_seconds(case, options.plan_runs)
    plan = statistics.median(before + after)
    requests = sum(len(found) for found in times.values())
    print(
        f"case: {case.name}; {options.clients} clients x {options.rounds} rounds x "
        f"{len(chosen)} pages = {requests:,} requests in {load_seconds:.1f} s "
        f"({requests / load_seconds:.0f} per second); load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"peer: brightline plan, whole process, median of {len(before + after)}: "
        f"{plan * 1000:,.0f} ms (before the load {statistics.median(before) * 1000:,.0f} ms, "
        f"after {statistics.median(after) * 1000:,.0f} ms)"
    )
    print()
    print("| page | p50 (ms) | p95 (ms) | p95 / plan | p95 < 150 ms |")
    print("|---|---:|---:|---:|---|")
    for name, found in times.items():
        ordered = sorted(found)
        p50 = statistics.median(ordered)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(
            f"| {name} | {p50 * 1000:,.1f} | {p95 * 1000:,.1f} | {p95 / plan:.2f} | "
            f"{'yes' if p95 < GOAL_SECONDS else 'no'} |"
        )


if __name__ == "__main__":
    main()
