"""Requests served one at a time, first come first served, with a lease for the long ones.

Why: a page is CPU work in Python, and a process runs Python on one core at a time (the GIL).
Served concurrently from the threadpool, twenty requests in flight share that core: each takes
about its own CPU time times the number in flight, plus the cost of switching between threads,
and a heavy page comes out near the back whatever the order of arrival (processor sharing).
Served in arrival order instead, each request waits for the ones ahead of it and then runs
alone: the mean wait is the same (the same work is done), but no request is overtaken, there is
no switching, and every page's time is close to the mean rather than a multiple of it.

A request that holds the line too long (a document that takes seconds to build, an upload from
a slow client, a response a slow browser reads slowly) must not hold everybody else: after
:data:`LEASE_SECONDS` it gives its place up and carries on beside the queue, sharing the core
as before, so nobody waits more than a lease behind one long request. Static files skip the
queue (they are cheap and I/O-bound), and a request gives its turn up as soon as it hands over
the last part of its response, before that part is written to the client.

The price: every hand-over (the loop gives the request to a threadpool thread, the thread hands
the result back, the next request starts) leaves the core idle until the OS schedules the
thread that takes over. On an idle machine that is tens of microseconds; on the shared 2-core
machine at load 11 to 15 it cost more than the switching it saved (111 to 146 requests per
second one at a time against 140 to 227 all at once, docs/benchmarks.md, session 6). So the app
serves concurrently by default (``Settings.queue_lease_seconds`` is None) and this queue is an
option, measured against the default by ``benchmarks/bench_web.py --mode all``.

The time a request waits is put on its ASGI scope's state (:data:`WAIT_KEY`), so a timing layer
outside can report it beside the whole time.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brightline.web.security import ASGIApp, Message, Receive, Scope, Send

LEASE_SECONDS = 0.1
"""How long a request may hold its turn before the next one starts beside it.

Longer than every page of the largest example takes alone (about 10 ms; the slowest, about
40 ms, on a busy machine), far shorter than a document build (a second or more)."""

WAIT_KEY = "queue_wait_seconds"
"""The scope-state entry holding how long the request waited for its turn, in seconds."""


class OneAtATime:
    """ASGI middleware: one request runs at a time, in arrival order, for at most a lease.

    Args:
        app: The wrapped app.
        lease_seconds: How long a request holds its turn before the next one may start.
        lanes: Requests in their turn at once (1: strictly one at a time; 2 keeps the core busy
            while a request hands over between the event loop and its thread).
        skip_prefixes: Paths that never queue (static files).
    """

    def __init__(
        self,
        app: ASGIApp,
        lease_seconds: float = LEASE_SECONDS,
        lanes: int = 1,
        skip_prefixes: tuple[str, ...] = ("/static/",),
    ) -> None:
        import anyio

        self.app = app
        self.lease_seconds = lease_seconds
        self.skip_prefixes = skip_prefixes
        # anyio's semaphore wakes its waiters in the order they came (fair), which is the
        # point; a semaphore, not a lock, because the lease timer may release it for the
        # request's task.
        self._turn = anyio.Semaphore(lanes)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one request in its turn (other scopes and static files pass through)."""
        if scope["type"] != "http" or str(scope.get("path", "")).startswith(self.skip_prefixes):
            await self.app(scope, receive, send)
            return
        import asyncio

        arrived = time.perf_counter()
        await self._turn.acquire()
        scope.setdefault("state", {})[WAIT_KEY] = time.perf_counter() - arrived
        held = True

        def give_up() -> None:
            nonlocal held
            if held:
                held = False
                self._turn.release()

        async def send_last_without_turn(message: Message) -> None:
            # The page is computed once its last part is handed over: the next request need
            # not wait while a large page (over the transport's 64 KiB buffer) drains to a
            # client that reads it slowly.
            if message["type"] == "http.response.body" and not message.get("more_body", False):
                give_up()
            await send(message)

        # A timer, not a task: the request runs in its own task, so its exceptions reach the
        # layers outside unchanged (a task group would wrap them in an ExceptionGroup).
        timer = asyncio.get_running_loop().call_later(self.lease_seconds, give_up)
        try:
            await self.app(scope, receive, send_last_without_turn)
        finally:
            timer.cancel()
            give_up()
