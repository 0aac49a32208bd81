"""Concession analytics on hand-built trails (pure: no database)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.case.model import Case
from brightline.session.analytics import analyse_concessions, check_reservation, replay
from brightline.session.events import (
    GENESIS,
    ConcessionPayload,
    Event,
    EventKind,
    Payload,
    StartPayload,
    parse_payload,
    seal,
    verify_chain,
)
from budget import examples
from factories import variant


def case(reservation: float = -10000) -> Case:
    return Case.model_validate(variant(**{"reservation.value": reservation}))


def trail(*items: tuple[EventKind, dict[str, Any]]) -> list[Event]:
    events = [
        seal("s", 1, EventKind.START, "a", "t0", StartPayload(case_id="t", case_file="f", snapshot_sha256="x"), GENESIS)
    ]  # fmt: skip
    for kind, fields in items:
        payload: Payload = parse_payload(kind, fields)
        events.append(seal("s", len(events) + 1, kind, "a", "t", payload, events[-1].hash))
    return events


def offer(discount: int) -> tuple[EventKind, dict[str, Any]]:
    fields = {"direction": "made", "outcome": {"residency": "eu_only", "discount": discount}}
    return EventKind.OFFER, fields


def concession(**fields: Any) -> tuple[EventKind, dict[str, Any]]:
    return EventKind.CONCESSION, {"item": "discount", **fields}


def test_balance_and_reciprocity() -> None:
    events = trail(
        offer(0),
        concession(we_give="5%", we_get="term", value_to_us=-5000, value_to_them=5000),
        concession(by="them", item="volume", we_get="more seats", value_to_us=2000, value_to_them=-1000),
    )  # fmt: skip
    analysis = analyse_concessions(case(), replay(case(), events))
    assert analysis.given == 5000 and analysis.received == 2000
    assert analysis.balance_to_us == -3000 and analysis.balance_to_them == 4000
    assert analysis.reciprocity == pytest.approx(0.4)
    assert analysis.position == -3000
    assert any("reciprocity 0.40" in flag.text for flag in analysis.flags)


def test_growing_concessions_are_flagged_and_shrinking_are_not() -> None:
    shrinking = trail(
        offer(0),
        concession(we_get="a", value_to_us=-3000),
        concession(we_get="b", value_to_us=-2000),
        concession(we_get="c", value_to_us=-1000),
    )
    analysis = analyse_concessions(case(), replay(case(), shrinking))
    assert [size.growing for size in analysis.sizes] == [False, False, False]
    growing = trail(
        concession(we_get="a", value_to_us=-1000), concession(we_get="b", value_to_us=-2500)
    )
    analysis = analyse_concessions(case(), replay(case(), growing))
    assert [size.growing for size in analysis.sizes] == [False, True]
    assert any("growing concessions at #3" in flag.text for flag in analysis.flags)


def test_term_creep_and_one_sided_constraints() -> None:
    events = trail(
        concession(adds="scope", we_give="two more units"),
        concession(adds="obligation", we_give="weekly reports", we_get="faster payment"),
        concession(binds="us", we_give="exclusivity"),
        concession(binds="both", we_give="mutual cap", we_get="mutual cap"),
    )
    analysis = analyse_concessions(case(), replay(case(), events))
    assert analysis.term_creep == (2,)
    assert analysis.one_sided == (4,)
    assert analysis.unreciprocated == (2, 4)


def test_reservation_crossing_needs_a_reservation_approval() -> None:
    events = trail(
        offer(0),
        (EventKind.APPROVAL, {"approver": "Dana", "scope": "deal"}),
        (EventKind.APPROVAL, {"approver": "Eve", "scope": "reservation"}),
    )
    state = replay(case(), events)
    line = ConcessionPayload(item="discount", value_to_us=-12000)
    assert check_reservation(case(), state, line).refused
    assert check_reservation(case(), state, line.model_copy(update={"approval": 3})).refused
    approved = check_reservation(case(), state, line.model_copy(update={"approval": 4}))
    assert approved.crosses and not approved.refused and approved.approver == "Eve"
    assert not check_reservation(
        case(), state, line.model_copy(update={"value_to_us": -9000})
    ).crosses


def test_without_an_offer_the_position_is_unknown_and_nothing_is_refused() -> None:
    state = replay(case(), trail())
    line = ConcessionPayload(item="discount", value_to_us=-50000)
    assert not check_reservation(case(), state, line).crosses
    stated = line.model_copy(update={"position_after": -20000})
    assert check_reservation(case(), state, stated).refused


def test_concessions_with_the_position_unknown_are_flagged_first() -> None:
    events = trail(
        concession(we_get="a", value_to_us=-1000000),
        concession(by="them", value_to_us=500),  # theirs, raising our value: nothing to check
        offer(0),
        concession(we_get="b", value_to_us=-1000),  # anchored by our offer
    )
    analysis = analyse_concessions(case(), replay(case(), events))
    assert analysis.unanchored == (2,)
    first = analysis.flags[0]
    assert first.text.startswith("position unknown at #2")
    assert [action.use_case for action in first.actions] == ["log offer", "log concession"]
    assert "position_after" in first.actions[1].names()
    assert "--" not in first.text and "brightline" not in first.text
    no_reservation = Case.model_validate(variant(**{"reservation": None}))
    assert not analyse_concessions(no_reservation, replay(no_reservation, events)).unanchored


def test_chain_verification_is_pure_and_names_the_event() -> None:
    events = trail(offer(0), concession(value_to_us=-1))
    assert verify_chain("s", events, head=events[-1].hash, count=3, snapshot_sha256="x").intact
    swapped = [events[0], events[2], events[1]]
    report = verify_chain("s", swapped, head=None, count=None, snapshot_sha256=None)
    assert not report.intact and report.broken_seq == 2


@examples(100)
@given(
    notes=st.lists(st.text(max_size=20), min_size=1, max_size=8),
    data=st.data(),
)
def test_any_single_change_is_caught_at_or_before_the_changed_event(
    notes: list[str], data: st.DataObject
) -> None:
    events = trail(*[(EventKind.NOTE, {"text": text or "-"}) for text in notes])
    head, count = events[-1].hash, len(events)
    assert verify_chain("s", events, head=head, count=count, snapshot_sha256="x").intact
    position = data.draw(st.integers(0, len(events) - 1))
    field = data.draw(st.sampled_from(["author", "at", "kind", "payload", "prev", "seq", "delete"]))
    target = events[position]
    changed = list(events)
    if field == "delete":
        del changed[position]
    elif field == "payload":
        changed[position] = replace(
            target, payload={**target.payload, "text": f"{target.payload.get('text', '')}!"}
        )
    elif field == "seq":
        changed[position] = replace(target, seq=target.seq + 100)
    elif field == "prev":
        changed[position] = replace(target, prev="f" * 64)
    else:
        changed[position] = replace(target, **{field: getattr(target, field) + "x"})
    report = verify_chain("s", changed, head=head, count=count, snapshot_sha256="x")
    assert not report.intact
    assert report.broken_seq is not None and report.broken_seq <= position + 1


@examples(100)
@given(author=st.text(max_size=10), text=st.text(min_size=1, max_size=30))
def test_hash_over_the_stored_text_equals_the_hash_over_the_content(author: str, text: str) -> None:
    from brightline.session.events import NotePayload, canonical_json, sha256_text

    event = seal("s", 2, EventKind.NOTE, author, "t", NotePayload(text=text), GENESIS)
    assert event.hash == sha256_text(canonical_json(event.content()))
    stored = replace(event, payload_text=canonical_json(event.payload))
    assert stored.computed_hash() == event.hash
    assert replace(stored, payload_text=stored.payload_text + " ").computed_hash() != event.hash


def test_unknown_values_to_them_are_left_out_and_counted() -> None:
    """A concession with no value to them is unknown: not summed as 0, counted, said so."""
    from brightline.amounts import signed_amount
    from brightline.session.analytics import them_balance_text

    assert signed_amount(None, "EUR") == "unknown"
    events = trail(concession(we_get="a", value_to_us=-1000, value_to_them=None))
    analysis = analyse_concessions(case(), replay(case(), events))
    assert analysis.balance_to_them == 0 and analysis.unknown_to_them == (2,)
    assert them_balance_text(analysis, "pts") == "unknown (1 line without a value to them)"
    both = trail(
        concession(we_get="a", value_to_us=-1000, value_to_them=None),
        concession(we_get="b", value_to_us=-500, value_to_them=700),
        concession(we_get="c", value_to_us=-200, value_to_them=None),
    )
    analysis = analyse_concessions(case(), replay(case(), both))
    assert analysis.balance_to_them == 700 and analysis.unknown_to_them == (2, 4)
    assert them_balance_text(analysis, "pts") == "+700 pts (2 lines unknown to them, left out)"
