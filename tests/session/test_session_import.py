"""Importing exports that were edited and re-hashed, or built to break the reader.

A re-hashed export passes the chain check by construction; the import must still refuse what live
recording refuses, at the first bad event, and store nothing. Hostile files (deep nesting, huge
numbers, bad bytes) are refused with exit 2 and a message naming the file.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.errors import BrightlineError
from brightline.session.events import (
    GENESIS,
    ConcessionPayload,
    Event,
    EventKind,
    NotePayload,
    OfferPayload,
    SessionNotFound,
    TrailBroken,
    canonical_json,
    payload_json,
)
from brightline.session.exports import loads_strict
from brightline.session.store import SessionStore, open_store, snapshot_hash
from budget import examples
from conftest import Outcome
from session_support import case_text, database_url, store

__all__ = ["database_url", "store"]  # fixtures, re-exported for pytest

Cli = Callable[..., Outcome]


def rehashed(document: dict[str, Any]) -> dict[str, Any]:
    """Recompute every hash and the head of an export, as a forger with the rules would."""
    prev = GENESIS
    for item in document["events"]:
        event = Event(
            document["id"], item["seq"], item["kind"], item["author"], item["at"],
            item["payload"], prev, "",
        )  # fmt: skip
        item["prev"], item["hash"] = prev, event.computed_hash()
        prev = item["hash"]
    document["head"], document["event_count"] = prev, len(document["events"])
    return document


def appended(document: dict[str, Any], kind: str, payload: dict[str, Any], **fields: Any) -> Any:
    """The export with one more (forged) event, re-hashed."""
    forged = copy.deepcopy(document)
    last = forged["events"][-1]
    forged["events"].append(
        {
            "seq": last["seq"] + 1,
            "kind": kind,
            "author": "mallory",
            "at": last["at"],
            "payload": payload,
            "prev": "",
            "hash": "",
            **fields,
        }
    )
    return rehashed(forged)


@pytest.fixture
def exported(store: SessionStore) -> dict[str, Any]:
    """A real export: start, a note and an offer we made (so the deal has a position)."""
    session_id = store.start(case_text(), "case.yaml", "alice").id
    store.record(session_id, EventKind.NOTE, NotePayload(text="hello"), "alice")
    offer = OfferPayload(direction="made", outcome={"residency": "eu_only", "discount": 0})
    store.record(session_id, EventKind.OFFER, offer, "alice")
    document: dict[str, Any] = json.loads(json.dumps(store.export(session_id)))
    return document


def test_a_rehashed_export_of_a_real_trail_imports(
    exported: dict[str, Any], tmp_path: Path
) -> None:
    with open_store(f"sqlite:///{tmp_path / 'other.db'}") as other:
        info = other.import_session(rehashed(copy.deepcopy(exported)))
        assert info.event_count == 3 and other.verify(info.id).intact


BAD_EVENTS = {
    "option-not-in-case": (
        "offer",
        {"direction": "received", "outcome": {"residency": "mars"}, "note": ""},
        {},
        "no option 'mars'",
    ),
    "stage-jump": ("stage", {"to": "late", "note": ""}, {}, "cannot move from"),
    "unapproved-concession": (
        "concession",
        payload_json(ConcessionPayload(item="discount", value_to_us=-900_000)),
        {},
        "below the reservation point",
    ),
    "not-a-time": ("note", {"text": "later"}, {"at": "not a time"}, "is not a time"),
    "second-start": (
        "start",
        {"case_id": "t", "case_file": "x", "snapshot_sha256": "0"},
        {},
        "one start",
    ),
}


@pytest.mark.parametrize("name", list(BAD_EVENTS))
def test_import_refuses_what_live_recording_refuses(
    exported: dict[str, Any], tmp_path: Path, name: str
) -> None:
    kind, payload, fields, words = BAD_EVENTS[name]
    forged = appended(exported, kind, payload, **fields)
    forged = appended(forged, "note", {"text": "after the bad one"})
    with open_store(f"sqlite:///{tmp_path / 'other.db'}") as other:
        with pytest.raises(TrailBroken, match=words) as refused:
            other.import_session(forged)
        assert "event 4" in str(refused.value) and "nothing was imported" in str(refused.value)
        with pytest.raises(SessionNotFound):
            other.info(forged["id"])


def test_import_re_evaluates_offers_so_an_edited_evaluation_hides_nothing(
    store: SessionStore, tmp_path: Path
) -> None:
    session_id = store.start(case_text(), "case.yaml", "alice").id
    document = json.loads(json.dumps(store.export(session_id)))
    honest = OfferPayload(direction="received", outcome={"residency": "global", "discount": 0})
    evaluation = store.record(session_id, EventKind.OFFER, honest, "a").payload["evaluation"]
    clean = {**evaluation, "violations": [], "compliant": True}
    made = {"direction": "made", "outcome": {"residency": "global", "discount": 0.0}}
    forged = appended(document, "offer", {**made, "note": "", "evaluation": clean})
    with (
        open_store(f"sqlite:///{tmp_path / 'other.db'}") as other,
        pytest.raises(TrailBroken, match="breaks the standard"),
    ):
        other.import_session(forged)


def test_import_refuses_a_received_offer_whose_stored_evaluation_was_edited(
    store: SessionStore, tmp_path: Path
) -> None:
    # A received offer is not refused live, so only comparing the stored evaluation with a
    # fresh one shows that an editor turned "counter, breaks a standard" into "accept".
    session_id = store.start(case_text(), "case.yaml", "alice").id
    document = json.loads(json.dumps(store.export(session_id)))
    honest = OfferPayload(direction="received", outcome={"residency": "global", "discount": 0})
    recorded = store.record(session_id, EventKind.OFFER, honest, "a").payload
    assert recorded["evaluation"]["compliant"] is False
    clean = {**recorded["evaluation"], "violations": [], "compliant": True}
    forged = appended(document, "offer", {**recorded, "evaluation": clean})
    genuine = appended(document, "offer", recorded)
    with open_store(f"sqlite:///{tmp_path / 'other.db'}") as other:
        with pytest.raises(TrailBroken, match=r"event 2 .*evaluation.*nothing was imported"):
            other.import_session(forged)
        assert other.import_session(genuine).event_count == 2


def test_import_refuses_an_edited_case_json(exported: dict[str, Any], tmp_path: Path) -> None:
    forged = copy.deepcopy(exported)
    forged["case"]["json"]["reservation"]["value"] = -(10**9)
    case = forged["case"]
    start = forged["events"][0]["payload"]
    start["snapshot_sha256"] = snapshot_hash(
        case["file"], case["text"], canonical_json(case["json"])
    )
    rehashed(forged)
    with (
        open_store(f"sqlite:///{tmp_path / 'other.db'}") as other,
        pytest.raises(TrailBroken, match="case JSON"),
    ):
        other.import_session(forged)


def test_import_refuses_loosely_typed_fields(exported: dict[str, Any]) -> None:
    for path, value, words in (
        (("events", 1, "seq"), "2", r"events\[1\]\.seq: missing or not an integer"),
        (("events", 1, "payload"), [["text", "x"]], r"events\[1\]\.payload: .* an object"),
        (("event_count",), True, "event_count"),
    ):
        forged = copy.deepcopy(exported)
        node: Any = forged
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = value
        with pytest.raises(BrightlineError, match=words):
            open_store("sqlite://").import_session(forged, "x.json")


HOSTILE = {
    "deep-array": b"[" * 100_000 + b"]" * 100_000,
    "deep-object": b'{"a":' * 200 + b"1" + b"}" * 200,
    "huge-integer": b'{"brightline_session": 1, "id": ' + b"9" * 5_000 + b"}",
    "huge-float": b'{"brightline_session": 1.' + b"5" * 5_000 + b"}",
    "nan": b'{"brightline_session": NaN}',
    "not-utf8": b'{"id": "\xff\xfe"}',
    "truncated": b'{"brightline_session": 1, "id": "ab',
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_export_files_are_refused_cleanly(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("BRIGHTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 's.db'}")
    path = tmp_path / f"{name}.json"
    path.write_bytes(HOSTILE[name])
    result = cli("session", "import", str(path))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {path}") and "Traceback" not in result.output
    assert "export" in result.stderr and len(result.stderr) < 600


def test_huge_number_is_located() -> None:
    with pytest.raises(
        BrightlineError, match=r"^f\.json:2:7: a 5,000-character number: no session"
    ):
        loads_strict(b'{\n "a": ' + b"1" * 5_000 + b"}", "f.json")


def _mutations() -> st.SearchStrategy[Any]:
    leaves = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=8)
    )
    return st.recursive(
        leaves,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=6,
    )


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(_paths(item, (*prefix, index)))
    return found


FUZZ_EXPORT: dict[str, Any] = {}


def _fuzz_export() -> dict[str, Any]:
    if not FUZZ_EXPORT:
        with open_store("sqlite://") as source:
            session_id = source.start(case_text(), "case.yaml", "alice").id
            source.record(session_id, EventKind.NOTE, NotePayload(text="hi"), "alice")
            FUZZ_EXPORT.update(json.loads(json.dumps(source.export(session_id))))
    return FUZZ_EXPORT


@examples(20)
@given(data=st.data(), replacement=_mutations(), rehash=st.booleans())
def test_fuzzed_exports_import_or_are_refused_cleanly(
    data: st.DataObject, replacement: Any, rehash: bool
) -> None:
    document = copy.deepcopy(_fuzz_export())
    path = data.draw(st.sampled_from(_paths(document)[1:]))
    node: Any = document
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = replacement
    if rehash:
        # Too broken to re-hash: import it as it is.
        with contextlib.suppress(KeyError, TypeError, AttributeError):
            rehashed(document)
    with open_store("sqlite://") as target:
        try:
            info = target.import_session(document)
        except BrightlineError:
            return
        assert target.verify(info.id).intact


@examples(60)
@given(st.binary(max_size=200))
def test_fuzzed_bytes_parse_or_are_refused_cleanly(data: bytes) -> None:
    try:
        loads_strict(data, "fuzz.json")
    except BrightlineError as error:
        assert str(error).startswith("fuzz.json")


def test_replay_from_a_known_state_equals_replay_from_the_start(store: SessionStore) -> None:
    # Appends and imports fold new events into a known state; it must equal a full replay.
    from brightline.session.analytics import replay

    session_id = store.start(case_text(), "case.yaml", "alice").id
    received = OfferPayload(direction="received", outcome={"residency": "eu_only", "discount": 5})
    made = OfferPayload(direction="made", outcome={"residency": "eu_only", "discount": 0})
    line = ConcessionPayload(item="discount", we_get="term", value_to_us=-1000)
    for kind, payload in (
        (EventKind.OFFER, received),
        (EventKind.CONCESSION, line),
        (EventKind.OFFER, made),
        (EventKind.CONCESSION, line),
        (EventKind.NOTE, NotePayload(text="x")),
    ):
        store.record(session_id, kind, payload, "alice")
    loaded, whole = store.state(session_id)
    events = store.events(session_id)
    for split in range(len(events) + 1):
        head = replay(loaded.case, events[:split])
        assert replay(loaded.case, events[split:], start=head) == whole, split
