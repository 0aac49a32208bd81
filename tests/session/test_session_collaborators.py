"""Collaborators are passed to each store, never swapped through a module global (issue 10, D4)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from brightline.session.events import EventKind, OfferPayload
from brightline.session.recording import Collaborators
from brightline.session.store import open_store
from session_support import case_text

ROUNDS = 15


def test_two_stores_in_threads_each_use_only_their_own_evaluator(tmp_path: Path) -> None:
    def evaluator(name: str) -> Any:
        return lambda loaded, outcome: {"by": name, "issues": len(outcome)}

    names = ("left", "right")
    stores = {
        name: open_store(f"sqlite:///{tmp_path / name}.db", Collaborators(evaluator(name)))
        for name in names
    }
    sessions = {name: stores[name].start(case_text(), "case.yaml", name).id for name in names}
    offer = OfferPayload(direction="received", outcome={"residency": "global", "discount": 5})
    start = threading.Barrier(len(names))
    seen: dict[str, list[str]] = {}
    failures: list[BaseException] = []

    def work(name: str) -> None:
        try:
            start.wait(timeout=30)
            seen[name] = [
                stores[name]
                .record(sessions[name], EventKind.OFFER, offer, "a")
                .payload["evaluation"]["by"]
                for _ in range(ROUNDS)
            ]
        except BaseException as error:  # surfaced below: a thread's exception is otherwise lost
            failures.append(error)

    threads = [threading.Thread(target=work, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for store in stores.values():
        store.close()
    assert not failures, failures
    assert seen == {name: [name] * ROUNDS for name in names}
