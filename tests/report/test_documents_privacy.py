"""Private by construction: counterpart documents come from the public view, and leak nothing.

Three checks. The view's field set is pinned, so a private field cannot be added to it quietly.
Every counterpart builder takes the view and nothing else (by its type hints), so none can
reach the case. And the canary test: every private field of every example (values to us, our
estimates of their values, BATNA components, the reservation point, their estimated
alternative, harm probabilities, impacts and descriptions, tradeable costs, internal notes, why
an integrative option was rejected, the counterparty map, an unpublished standard's source,
evidence, narrative and verifier; contingent options' odds; the relationship's expected deals;
a whole ``economics:`` section; a tender's criterion weights and incumbent cost) is filled with
an unusual number or word; every counterpart kind is rendered in every format; the extracted
text holds no canary, in any way a number can be written (60737, 60,737, 60 737, 60.737,
60.7k, 61k, 60737.0; a probability as 0.07, 7%, 7 %, 7.4%). Issue priorities are a closed set of
words (high, medium, low), so they are set but cannot be told apart from prose.
"""

from __future__ import annotations

import dataclasses
import datetime
import importlib.util
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from brightline.report.context import CaseContext
from brightline.report.counterpart import CounterpartView
from brightline.report.document import Document
from brightline.report.documents import COUNTERPART_BUILDERS, KINDS
from brightline.services.cases import load_case
from brightline.services.documents import build_document, render
from conftest import EXAMPLES
from document_canaries import Canaries

PUBLIC_FIELDS = {
    "title",
    "context",
    "us",
    "them",
    "standards",
    "offers",
    "safeguards",
    "acceptance",
    "agreed",
    "received",
    "shortfalls",
    "counters",
    "events",
    "tried",
    "narrative",
    "closing",
    "revisit_condition",
    "revisit_date",
    "face_saving",
    "offers_on_record",
    "bid",
    "interim",
    "provenance",
}
"""Every field of the view: adding one is a decision this test makes visible."""

ALTERNATIVE_CLAIM = re.compile(
    r"\byour (other )?(options|alternatives?|fallback|other offers?)\b|\bbetter than your\b"
    r"|\btheir (best )?alternative\b",
    re.I,
)
"""A sentence about the other side's alternative: our estimate of it, never stated to them."""


def test_the_view_has_public_fields_only() -> None:
    assert {field.name for field in dataclasses.fields(CounterpartView)} == PUBLIC_FIELDS
    private = ("batna", "reservation", "ours", "theirs", "probability", "impact", "note", "value")
    nested = [CounterpartView, *_nested(CounterpartView)]
    for kind in nested:
        for field in dataclasses.fields(kind):
            assert not any(word in field.name for word in private), (kind.__name__, field.name)


def _nested(kind: type) -> Iterator[type]:
    hints = typing.get_type_hints(kind)
    for hint in hints.values():
        for argument in (hint, *typing.get_args(hint), *_deep_args(hint)):
            if dataclasses.is_dataclass(argument) and isinstance(argument, type):
                yield argument
                yield from _nested(argument)


def _deep_args(hint: Any) -> Iterator[Any]:
    for argument in typing.get_args(hint):
        yield argument
        yield from _deep_args(argument)


@pytest.mark.parametrize("kind", sorted(COUNTERPART_BUILDERS))
def test_each_counterpart_builder_takes_the_view_and_nothing_else(kind: str) -> None:
    builder = COUNTERPART_BUILDERS[kind]
    hints = typing.get_type_hints(builder)
    assert hints.pop("return") is Document
    assert list(hints.values()) == [CounterpartView], f"{kind} reads more than the view: {hints}"
    assert KINDS[kind].audience == "counterpart"


def test_every_counterpart_kind_has_a_builder() -> None:
    counterpart = {name for name, kind in KINDS.items() if kind.audience == "counterpart"}
    assert counterpart == set(COUNTERPART_BUILDERS)


# --- the canary test -----------------------------------------------------------------------


def poison(data: dict[str, Any], canaries: Canaries) -> dict[str, Any]:
    """The case with every private field holding a canary (values shifted, texts replaced).

    Each option's value to us is shifted by the same amount within an issue, and so on, so the
    case keeps its shape (the same outcomes are compliant, the grid still exists) while every
    private number becomes one no public fact holds.
    """
    for number, issue in enumerate(data["issues"]):
        ours, theirs = 48_271 + 1_000 * number, 39_113 + 1_000 * number
        if issue["kind"] == "discrete":
            for option in issue["options"]:
                option["ours"] = canaries.shift(option.get("ours", 0), ours)
                option["theirs"] = canaries.shift(option.get("theirs", 0), theirs)
        else:
            issue["ours"] = [[x, canaries.shift(y, ours)] for x, y in issue["ours"]]
            issue["theirs"] = [
                [x, canaries.shift(y, theirs)] for x, y in issue.get("theirs", [[0, 0]])
            ]
    for number, issue in enumerate(data["issues"]):
        issue["priority"] = "high"  # a closed set, not a canary: only its words could leak
        for term in issue.get("contingent", []):  # our odds and our estimate of theirs
            term["probability"] = {
                "ours": canaries.shift(0, 0.4373 + 0.0011 * number),
                "theirs": canaries.shift(0, 0.3917 + 0.0011 * number),
            }
    relationship = data["case"].setdefault("relationship", {})
    relationship["expected_future_deals"] = 83
    canaries.numbers.append(83.0)
    data["economics"] = economics(canaries)
    if data["case"]["context"] == "procurement":
        data["bids"] = bids_setup(canaries)
    for number, harm in enumerate(data.get("harms", [])):
        harm["probability"] = canaries.shift(0, 0.3737 + 0.0011 * number)
        harm["impact"] = canaries.shift(harm["impact"], 61_739)
    batna = data.get("batna")
    if batna is not None:
        batna["description"] = canaries.word()
        batna["improvements"] = [canaries.word() for _ in batna.get("improvements", [])]
        for component in batna.get("components", []):
            component["name"] = canaries.word()
            if "value" in component:
                component["value"] = {
                    point: canaries.shift(value, 52_817)
                    for point, value in component["value"].items()
                }
            if "weeks" in component:
                component["weeks"] = {"low": 7.37, "likely": 8.41, "high": 9.53}
                canaries.numbers += [7.37, 8.41, 9.53]
            if "cost_per_week" in component:
                component["cost_per_week"] = canaries.shift(component["cost_per_week"], 3_917)
    reservation = data.get("reservation")
    if reservation is not None:
        reservation["value"] = canaries.shift(reservation["value"], 71_933)
        reservation["rationale"] = canaries.word()
        reservation["approved_by"] = canaries.word()
    their = data.get("their_batna")
    if their is not None:
        their["value"] = canaries.shift(their["value"], 84_629)
        their["description"] = canaries.word()
    for tradeable in data.get("tradeables", []):
        tradeable["cost_to_us"] = canaries.shift(tradeable.get("cost_to_us", 0), 9_371)
        tradeable["value_to_them"] = canaries.shift(tradeable.get("value_to_them", 0), 8_317)
    for offer in data.get("offers", []):
        offer["note"] = canaries.word()
    data["case"].setdefault("culture", {})["notes"] = canaries.word()
    for side in ("us", "them"):
        party = data["parties"][side]
        for person in party.get("stakeholders", []):
            person["must_justify"] = canaries.word()
            person["name"] = canaries.word()
            person["role"] = canaries.word()
        party["approval_path"] = [canaries.word() for _ in party.get("approval_path", [])]
        party["public_optics"] = canaries.word()
    for harm in data.get("harms", []):
        harm["description"] = canaries.word()
    for option in data.get("integrative_options", []):
        option["reason"] = canaries.word()  # why we rejected it: ours ("our BATNA is ...")
    _unpublish_last_standard(data, canaries)
    return data


def economics(canaries: Canaries) -> dict[str, Any]:
    """An ``economics:`` section whose every number is a canary (all of it is our own view)."""
    return {
        "deal_value": canaries.shift(0, 418_000),
        "compliant_value": canaries.shift(0, 377_000),
        "walk_probability": canaries.shift(0, 0.29),
        "delay_weeks": canaries.shift(0, 11.37),
        "cost_per_week": canaries.shift(0, 6_173),
        "concession_cost": canaries.shift(0, 29_000),
        "precedent_deals": 47,
        "precedent_probability": canaries.shift(0, 0.43),
        "retest_probability": canaries.shift(0, 0.6127),
        "their_deal_value": canaries.shift(0, 341_000),
        "their_test_value": canaries.shift(0, 366_211),
        "their_walk_away_value": canaries.shift(0, 293_417),
        "their_sucker_value": canaries.shift(0, 251_893),
        "false_alarm_probability": canaries.shift(0, 0.1913),
        "detection_probability": canaries.shift(0, 0.8731),
    }


QUALITY_COLUMN = "quality_mark"
"""A scored column of the canaries' bids table that is no issue (a criterion with a weight)."""


def bids_setup(canaries: Canaries) -> dict[str, Any]:
    """A ``bids:`` section: the criteria's weights and the incumbent's cost are ours alone.

    The incumbent's name, months and volume cap are the interim terms the re-bid specification
    states; what the incumbent costs us and what a unit of each criterion is worth to us are not.
    """
    return {
        "criteria": [{"column": QUALITY_COLUMN, "weight": canaries.shift(0, 7_193)}],
        "incumbent": {
            "name": "Harbor Waste Partners",
            "monthly_cost": canaries.shift(0, 213_877),
            "volume_cap": 0.6,
            "months": 9,
        },
    }


def _unpublish_last_standard(data: dict[str, Any], canaries: Canaries) -> None:
    """The last standard (of two or more) unpublished, its source and reasons canaries.

    An unpublished standard is named with its requirement only: its source, evidence, narrative
    and verifier stay ours until we choose to publish them.
    """
    standards = data.get("standards", [])
    if len(standards) < 2:
        return
    standard = standards[-1]
    standard["published"] = False
    if standard.get("source") is not None:
        standard["source"]["reference"] = canaries.word()
    standard["evidence"] = [canaries.word() for _ in standard.get("evidence", [])] or [
        canaries.word()
    ]
    standard["narrative"] = canaries.word()
    if standard.get("verifier") is not None:
        standard["verifier"] = {"who": canaries.word(), "when": canaries.word()}


def extractors() -> dict[str, Any]:
    """Each format the renderers offer, with how to read its text back."""
    found: dict[str, Any] = {"md": lambda data: data.decode("utf-8")}
    if importlib.util.find_spec("brightline.report.formats") is not None:
        from document_text import extract_text

        for fmt in ("html", "pdf", "docx"):
            found[fmt] = lambda data, fmt=fmt: extract_text(data, fmt)
    return found


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, CaseContext, Canaries]]:
    """Every example with canaries in its private fields, written to a file and loaded once."""
    folder = tmp_path_factory.mktemp("canaries")
    found = []
    for example in sorted(EXAMPLES.glob("*.yaml")):
        canaries = Canaries()
        data = poison(yaml.safe_load(example.read_text(encoding="utf-8")), canaries)
        path = folder / example.name
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
        found.append((path, CaseContext(load_case(path)), canaries))
    bids = (EXAMPLES / "city-services-bids.csv").read_text(encoding="utf-8").splitlines()
    scored = [f"{bids[0]},{QUALITY_COLUMN}"]
    scored += [f"{row},{3 + number % 3}" for number, row in enumerate(bids[1:])]
    (folder / "city-services-bids.csv").write_text("\n".join(scored) + "\n", encoding="utf-8")
    return found


def bundle(documents: list[Document]) -> Document:
    """Every counterpart document of one example as one document, to render once per format.

    A PDF compile is the slow part of this test; one per example and format (instead of one per
    document) keeps every block of every document in the rendered text, headers included.
    """
    sections = tuple(
        dataclasses.replace(
            section, key=f"{number}-{section.key}", title=section.title or document.heading
        )
        for number, document in enumerate(documents)
        for section in document.sections
    )
    parties = tuple(
        dict.fromkeys(p for d in documents if d.provenance for p in d.provenance.parties)
    )
    first = documents[0].provenance
    assert first is not None
    return Document(
        "Counterpart documents",
        documents[0].title,
        sections,
        provenance=dataclasses.replace(first, parties=parties),
    )


def _counterpart(
    name: str, path: Path, built: datetime.date, context: CaseContext, extra: dict[str, Any]
) -> Document:
    """The document as the use case builds it; where the gate refuses the kind, from the view.

    A pause or walk-away record with no decision behind it (and a proposal the gate rules out)
    is refused before it is built; the view and the builder must still hold no canary, so the
    test builds those from the view itself, as the use case would inside a session.
    """
    from brightline.errors import UsageError
    from brightline.report.counterpart import ComputedResults, counterpart_view
    from brightline.report.documents import CLOSING_MOVES

    try:
        return build_document(name, path, built=built, context=context, **extra)
    except UsageError as error:
        if error.parameter != "kind":
            raise
    results = ComputedResults(meso=context.meso if name == "proposal" else None, built=built)
    view = counterpart_view(context.loaded, results, kind=name, closing=CLOSING_MOVES.get(name, ""))
    return COUNTERPART_BUILDERS[name](view)


def test_no_canary_reaches_any_counterpart_document_in_any_format(
    poisoned: list[tuple[Path, CaseContext, Canaries]],
) -> None:
    formats = extractors()
    built = datetime.date(2026, 1, 1)
    kinds_checked = 0
    for path, context, canaries in poisoned:
        case_context = context.loaded.case.case.context.value
        documents: list[Document] = []
        for name, kind in KINDS.items():
            if kind.audience != "counterpart" or not kind.fits(case_context):
                continue
            requests: list[dict[str, Any]] = [{}]
            if name == "bidder-notice":
                if path.name != "city-services-rfp.yaml":
                    continue  # the one example with a bids table
                bids = path.parent / "city-services-bids.csv"  # with a scored criterion
                requests = [
                    {"bids": bids, "bidder": bidder}
                    for bidder in ("Ironbridge Waste", "Metro Haul Inc.", "Oakridge Sanitation")
                ]
            if name == "counter" and case_context == "procurement":  # answers one bidder
                them = context.loaded.case.parties.them.name
                requests = [{"bidder": them}]
                if path.name == "city-services-rfp.yaml":
                    bids = path.parent / "city-services-bids.csv"
                    requests = [{"bids": bids, "bidder": "Metro Haul Inc."}]
            for extra in requests:
                documents.append(_counterpart(name, path, built, context, extra))
                kinds_checked += 1
        for document in documents:  # each on its own in Markdown, the cheap format
            markdown = render(document, "md").decode("utf-8")
            leaks = canaries.leaks(markdown)
            assert not leaks, f"{path.stem} {document.heading} (md) shows {leaks}"
            claim = ALTERNATIVE_CLAIM.search(markdown)
            assert claim is None, f"{path.stem} {document.heading} says {claim}"
        together = bundle(documents)
        for fmt, extract in formats.items():
            text = extract(render(together, fmt))
            for document in documents:
                assert document.sections[-1].title in text or not document.sections[-1].title
            leaks = canaries.leaks(text)
            assert not leaks, f"{path.stem} ({fmt}) shows {leaks}"
    assert kinds_checked >= 7 * 4  # every example has at least four counterpart kinds


def test_the_canary_finder_finds_a_canary_in_every_form() -> None:
    """The finder itself can fail: each written form of a canary is found, a near miss is not."""
    canaries = Canaries()
    canaries.numbers.append(131_933.0)
    for form in ("131933", "131,933", "131 933", "131.9k", "131933.0"):
        assert canaries.leaks(f"a value of {form} EUR"), form
    assert not canaries.leaks("a value of 1319330 EUR and 31,933 EUR")
    canaries.numbers.append(60_000.0)
    assert canaries.leaks("limit 60k")
    canaries.numbers += [78_000.0, 48_271.0, 0.07]
    for form in ("78k", "78,000", "78 000", "78.000", "48k", "7%", "7 %", "0.07"):
        assert canaries.leaks(f"about {form} a year"), form
    assert not canaries.leaks("about 8% and 0.7 of 78,001 and 480k")


def test_no_counterpart_document_of_an_example_speaks_of_their_alternative() -> None:
    """Every example's counterpart documents as written (the golden files pin them to the
    builders' output), unpoisoned: the canaries change the verdicts, so this reads the real ones."""
    golden = Path(__file__).resolve().parents[1] / "golden" / "documents"
    counterpart = [name for name, kind in KINDS.items() if kind.audience == "counterpart"]
    read = 0
    for path in sorted(golden.iterdir()):  # EXAMPLE--KIND[--BIDDER|--session].md, .pdf.txt, ...
        if path.name.split("--")[1].split(".")[0] not in counterpart:
            continue
        read += 1
        claim = ALTERNATIVE_CLAIM.search(path.read_text(encoding="utf-8"))
        assert claim is None, f"{path.name} says {claim.group(0)!r}"
    assert read >= 7 * 3


def test_the_alternative_finder_finds_a_sentence_about_their_alternative() -> None:
    """The pause wording we replaced stated our estimate of their alternative: it is caught."""
    said = "the terms that meet the standard may not serve you better than your other options"
    assert ALTERNATIVE_CLAIM.search(said)
    assert ALTERNATIVE_CLAIM.search("an offer below their alternative")
    kept = "if the terms that meet the standard do not work for you today, we would rather pause"
    assert not ALTERNATIVE_CLAIM.search(kept)


def test_the_canaries_are_in_the_case_and_show_in_an_internal_document(
    poisoned: list[tuple[Path, CaseContext, Canaries]],
) -> None:
    """Positive control: the same finder sees the canaries where they belong (our own log)."""
    path, context, canaries = poisoned[0]
    document = build_document("concession-log", path, context=context)
    assert canaries.leaks(render(document, "md").decode("utf-8"))


def test_no_private_event_of_a_session_reaches_a_counterpart_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Notes, approvals, signals, concession values and decision rationales stay in the trail."""
    from brightline.services.sessions import Sessions
    from brightline.session.events import EventKind
    from brightline.session.store import open_store

    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "anchor.pem"))
    url = f"sqlite:///{tmp_path / 'trail.db'}"
    sessions = Sessions(lambda: open_store(url))
    case = EXAMPLES / "saas-data-residency.yaml"
    started = sessions.start(case, "alice")
    canaries = Canaries()
    sessions.record_offer(
        started.id,
        "received",
        ["residency=global", "scope=division", "audit=none", "discount=10", "start_week=4"],
        note=canaries.word(),
    )
    sessions.record(started.id, EventKind.NOTE, {"text": canaries.word()})
    sessions.record(
        started.id, EventKind.APPROVAL, {"approver": canaries.word(), "text": canaries.word()}
    )
    sessions.record(
        started.id,
        EventKind.CONCESSION,
        {
            "item": canaries.word(),
            "we_give": canaries.word(),
            "value_to_us": canaries.shift(0, -57_163),
            "value_to_them": canaries.shift(0, 46_291),
            "position_after": canaries.shift(0, 283_517),
        },
    )
    context = CaseContext(load_case(case))
    documents = [  # the two that read the session's offers and decisions (a counter before
        # the pause: a paused session has no offer open to counter)
        build_document("counter", case, session=started.id, sessions=sessions, context=context)
    ]
    sessions.record(
        started.id,
        EventKind.DECISION,
        {"decision": "pause", "rationale": canaries.word(), "review_date": "2027-02-01"},
    )
    documents.append(
        build_document("pause", case, session=started.id, sessions=sessions, context=context)
    )
    assert "2027-02-01" in render(documents[1], "md").decode("utf-8")  # the public date
    for fmt, extract in extractors().items():
        text = extract(render(bundle(documents), fmt))
        assert not canaries.leaks(text), f"({fmt}) shows {canaries.leaks(text)}"
    internal = build_document("trail", case, session=started.id, sessions=sessions, context=context)
    assert canaries.leaks(render(internal, "md").decode("utf-8"))  # the finder sees them there
