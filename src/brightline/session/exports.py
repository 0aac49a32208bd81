"""Reading session exports: the file, the document, and the replay that decides what is imported.

An export is evidence handed between people, so the reader assumes it may be hostile:

* the file is read whole only below 64 MiB, decoded as UTF-8 and parsed as strict JSON: no NaN or
  Infinity, no number longer than :data:`MAX_DIGITS` digits (Python refuses to convert a
  5,000-digit integer and a float that long is not one Brightline wrote), no nesting deeper than
  :data:`MAX_DEPTH` (a real export nests about ten levels; thousands would exhaust the stack);
* every field has the type the exporter writes, checked before anything is converted, so
  ``"seq": "3"`` or ``"payload": [["text", "x"]]`` are refused rather than coerced;
* the chain must verify, the case snapshot must be the text the start event hashed and must still
  load, every ``at`` must be a UTC time, and every event is replayed through the same admission
  checks as live recording (stage machine, the case's issues and options, reservation point and
  standards with their approvals; offers we made are re-evaluated, so an edited evaluation cannot
  hide a broken standard). The first event that live recording would refuse stops the import.

Errors name the file (or ``<export>``), the JSON path and what to do.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brightline.actions import act
from brightline.session.anchor import Checkpoint, parse_checkpoint, signature_problem, trail_problem
from brightline.session.events import (
    PAYLOADS,
    Event,
    EventKind,
    OfferPayload,
    SessionError,
    TrailBroken,
    canonical_json,
    payload_json,
)

if TYPE_CHECKING:
    from brightline.session.recording import OfferEvaluator

EXPORT_FORMAT = 1
EXPORT_MAX_BYTES = 64 * 1024 * 1024
"""Largest export ``session import`` reads (64 MiB); case files keep their own, smaller cap."""
MAX_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in an export."""
MAX_DIGITS = 40
"""Longest number (in characters) accepted in an export; Brightline writes at most about 25."""


class _Refused(ValueError):
    """A number or constant the strict reader refuses (raised inside ``json.loads``)."""


def _number(text: str) -> Any:
    if len(text) > MAX_DIGITS:
        raise _Refused(text)
    return float(text) if any(mark in text for mark in ".eE") else int(text)


def _constant(text: str) -> Any:
    raise _Refused(text)


def _location(text: str, needle: str) -> str:
    index = text.find(needle)
    if index < 0:
        return ""
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{line}:{column}:"


def loads_strict(data: bytes, source: str) -> Any:
    """Parse export bytes as strict JSON (see the module docstring).

    Raises:
        SessionError: ``SOURCE:LINE:COL: what is wrong; what to do``.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SessionError(
            f"{source}: byte {error.start + 1} is not UTF-8; give the file exactly as the "
            "session export wrote it",
            action=act("session export", session=None),
        ) from None
    try:
        document = json.loads(
            text, parse_int=_number, parse_float=_number, parse_constant=_constant
        )
    except _Refused as refused:
        value = str(refused)
        where = _location(text, value)
        shown = value if len(value) <= 20 else f"a {len(value):,}-character number"
        raise SessionError(
            f"{source}:{where} {shown}: no session export holds a number longer than "
            f"{MAX_DIGITS} characters, NaN or Infinity; this file was not written by a "
            "session export, or was edited: export the session again",
            action=act("session export", session=None),
        ) from None
    except json.JSONDecodeError as error:
        raise SessionError(
            f"{source}:{error.lineno}:{error.colno}: not JSON ({error.msg}); give a session "
            "export file",
            action=act("session export", session=None),
        ) from None
    except RecursionError:
        raise SessionError(
            f"{source}: arrays or objects nested thousands deep; a session export nests about "
            f"ten levels (at most {MAX_DEPTH} accepted): export the session again"
        ) from None
    depth = _depth(document)
    if depth > MAX_DEPTH:
        raise SessionError(
            f"{source}: arrays or objects nested {depth} deep; a session export nests about "
            f"ten levels (at most {MAX_DEPTH} accepted): export the session again"
        )
    return document


def _depth(document: Any) -> int:
    """How deeply arrays and objects nest (iteratively: the input may be deep)."""
    deepest = 0
    pending: list[tuple[Any, int]] = [(document, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return deepest
        pending.extend((child, depth + 1) for child in children)
    return deepest


def read_export(path: Path) -> Any:
    """Read and parse an export file (bounded size, strict JSON).

    Raises:
        SessionError: when the file is missing, too large or not strict JSON.
    """
    try:
        size = path.stat().st_size
        if size > EXPORT_MAX_BYTES:
            raise SessionError(
                f"{path} is {size:,} bytes, over the {EXPORT_MAX_BYTES:,}-byte limit for session "
                "exports (64 MiB); a trail that large is probably not a session export"
            )
        data = path.read_bytes()
    except OSError as error:
        raise SessionError(f"cannot read {path}: {error.strerror}; check the path") from None
    return loads_strict(data, str(path))


@dataclass(frozen=True, slots=True)
class ExportDocument:
    """An export, checked for shape: the session row, its events and the checkpoint it carries."""

    session_id: str
    row: dict[str, Any]
    events: list[Event]
    checkpoint: Checkpoint | None


def _field(container: Any, name: str, kind: type | tuple[type, ...], path: str, source: str) -> Any:
    value = container.get(name) if isinstance(container, dict) else None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise SessionError(
            f"{source}: {path}{name}: missing or not {_article(names)}; the export is incomplete "
            "or was edited: export the session again"
        )
    return value


def _article(names: str) -> str:
    readable = names.replace("str", "text").replace("dict", "object").replace("int", "integer")
    return f"an {readable}" if readable[0] in "aeiou" else f"a {readable}"


def parse_export(document: Any, source: str = "<export>") -> ExportDocument:
    """Check an export document's shape and types, without converting anything loosely.

    Raises:
        SessionError: naming ``source`` and the JSON path of the first bad field.
    """
    if not isinstance(document, dict) or document.get("brightline_session") != EXPORT_FORMAT:
        raise SessionError(
            f"{source}: not a Brightline session export (expected a JSON object with "
            f'"brightline_session": {EXPORT_FORMAT}); export a session to create one',
            action=act("session export", session=None),
        )
    session_id = _field(document, "id", str, "", source)
    case = _field(document, "case", dict, "", source)
    items = _field(document, "events", list, "", source)
    if not items:
        raise SessionError(f"{source}: events: empty; a session starts with one event")
    events = []
    for index, item in enumerate(items):
        where = f"events[{index}]."
        if not isinstance(item, dict):
            raise SessionError(f"{source}: events[{index}]: not an object; export again")
        events.append(
            Event(
                session=session_id,
                seq=_field(item, "seq", int, where, source),
                kind=_field(item, "kind", str, where, source),
                author=_field(item, "author", str, where, source),
                at=_field(item, "at", str, where, source),
                payload=_field(item, "payload", dict, where, source),
                prev=_field(item, "prev", str, where, source),
                hash=_field(item, "hash", str, where, source),
            )
        )
    row: dict[str, Any] = {
        "id": session_id,
        "case_id": _field(case, "id", str, "case.", source),
        "case_title": _field(case, "title", str, "case.", source),
        "case_file": _field(case, "file", str, "case.", source),
        "case_text": _field(case, "text", str, "case.", source),
        "case_json": canonical_json(_field(case, "json", dict, "case.", source)),
        "created_at": _field(document, "created_at", str, "", source),
        "created_by": _field(document, "created_by", str, "", source),
        "event_count": _field(document, "event_count", int, "", source),
        "head_hash": _field(document, "head", str, "", source),
    }
    carried = document.get("checkpoint")
    checkpoint = None
    if carried is not None:
        checkpoint = parse_checkpoint(carried, f"{source}: checkpoint")
    return ExportDocument(session_id, row, events, checkpoint)


def time_problem(at: str) -> str:
    """Why ``at`` is not a UTC time as the trail records it, or ""."""
    try:
        moment = datetime.datetime.fromisoformat(at)
    except ValueError:
        return (
            f"at {at[:40]!r} is not a time (expected UTC ISO 8601, e.g. 2026-01-31T09:00:00+00:00)"
        )
    if moment.utcoffset() != datetime.timedelta(0):
        return f"at {at[:40]!r} is not in UTC; the trail records UTC times only"
    return ""


def check_import(export: ExportDocument, evaluate: OfferEvaluator | None = None) -> None:
    """Replay an export's events through live recording's checks; refuse at the first bad one.

    The chain itself (hashes, links, head, count, snapshot hash) is verified by the caller first.

    Raises:
        TrailBroken: naming the event and why live recording would have refused it.
    """
    from brightline.case.validate import parse_case
    from brightline.errors import CaseFileError
    from brightline.session.analytics import replay
    from brightline.session.recording import admit, engine_evaluation

    row = export.row
    try:
        loaded = parse_case(str(row["case_text"]).encode("utf-8"), str(row["case_file"]))
    except CaseFileError as error:
        first = error.problems[0] if error.problems else "it does not validate"
        raise TrailBroken(
            f"the export's case snapshot does not load ({first}); nothing was imported"
        ) from None
    if canonical_json(loaded.case.model_dump(mode="json")) != row["case_json"]:
        raise TrailBroken(
            "the export's case JSON is not the case its text describes (it was edited); "
            "nothing was imported: export the session again"
        )
    if export.checkpoint is not None:
        _check_carried(export)
    state = replay(loaded.case, [])
    for event in export.events:
        where = f"event {event.seq} ({event.kind})"
        problem = time_problem(event.at)
        if problem:
            raise TrailBroken(f"{where}: {problem}; nothing was imported")
        kind = EventKind(event.kind)
        payload = PAYLOADS[kind].model_validate(event.payload)
        if payload_json(payload) != event.payload:
            raise TrailBroken(
                f"{where}: its payload is not in the form Brightline records (fields with "
                "defaults spelled out or numbers retyped); nothing was imported"
            )
        if kind is not EventKind.START:
            if isinstance(payload, OfferPayload):
                # Re-evaluate: the stored evaluation is what an editor would change to hide a
                # broken standard or a crossed reservation point.
                payload = payload.model_copy(update={"evaluation": None})
            try:
                admitted = admit(kind, payload, loaded, state, evaluate or engine_evaluation)
            except SessionError as error:
                raise TrailBroken(
                    f"{where} would be refused by live recording: {error}; nothing was imported"
                ) from None
            if isinstance(payload, OfferPayload) and payload_json(admitted) != event.payload:
                # A received offer is never refused, so the stored evaluation (what replay,
                # `next` and `show` use) must be the one the case gives, not an edited one.
                raise TrailBroken(
                    f"{where}: its stored evaluation is not what the case snapshot gives for "
                    "these terms (it was edited); nothing was imported: export the session again"
                )
        elif event.seq != 1:
            raise TrailBroken(
                f"{where}: a session has one start event, its first; nothing was imported"
            )
        state = replay(loaded.case, [event], start=state)


def _check_carried(export: ExportDocument) -> None:
    """The checkpoint an export carries must be genuine and agree with the exported trail."""
    checkpoint = export.checkpoint
    assert checkpoint is not None
    problem = signature_problem(checkpoint, None)
    if not problem:
        _, problem = trail_problem(checkpoint, export.session_id, export.events)
    if problem:
        raise TrailBroken(
            f"the checkpoint the export carries does not hold: {problem}; nothing was imported"
        )
