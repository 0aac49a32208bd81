"""Every document kind of every example, pinned as text: a wording change shows up as a diff.

The documents are built through the use case (``services.documents``) with a fixed date, one
computed context per example (module-scoped), and rendered as Markdown; the bid matrix also as
CSV. When a document changes on purpose, regenerate and review the diff::

    BRIGHTLINE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/services/test_documents_golden.py
"""

from __future__ import annotations

import datetime
import os
import re
from pathlib import Path

import pytest

from brightline.report.context import CaseContext
from brightline.report.document import Document
from brightline.report.documents import KINDS
from brightline.services.cases import load_case
from brightline.services.documents import (
    DocumentRequest,
    build_document,
    list_kinds,
    produce_document,
    render,
)
from conftest import EXAMPLES

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "documents"
UPDATE = os.environ.get("BRIGHTLINE_UPDATE_GOLDEN") == "1"
BUILT = datetime.date(2026, 1, 1)
BIDS = EXAMPLES / "city-services-bids.csv"
RFP = EXAMPLES / "city-services-rfp.yaml"
BIDDERS = ("Ironbridge Waste", "Metro Haul Inc.", "Oakridge Sanitation")
"""A bid that ranks first, one knocked out on both standards, one that cannot be read."""

CASES = sorted(EXAMPLES.glob("*.yaml"))

TENDER_COUNTERS: dict[str, dict[str, Path | str]] = {
    "city-services-rfp": {"bids": BIDS, "bidder": "Metro Haul Inc."},
}
"""A tender's counter answers one bidder's bid: which one, per tender example (the city's, from
its row of the bids table; the vendor's case is procurement with one firm, not a tender)."""


def extras(example: Path, kind: str) -> dict[str, Path | str]:
    """What a kind needs beyond the case for this example (a tender's counter: its bidder)."""
    return TENDER_COUNTERS.get(example.stem, {}) if kind == "counter" else {}


def _pairs() -> list[tuple[Path, str]]:
    found = []
    for example in CASES:
        context = load_case(example).case.case.context.value
        found += [
            (example, kind.name) for kind in list_kinds() if kind.fits(context) and not kind.needs
        ]
    return found


@pytest.fixture(scope="module")
def contexts() -> dict[Path, CaseContext]:
    """One computed context per example, shared by all its documents."""
    return {example: CaseContext(load_case(example)) for example in CASES}


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no golden file {path.name}; run with BRIGHTLINE_UPDATE_GOLDEN=1"
    assert text == path.read_bytes().decode("utf-8"), f"{name} changed"


def markdown(document: Document) -> str:
    return render(document, "md").decode("utf-8")


@pytest.mark.parametrize(("example", "kind"), _pairs(), ids=lambda v: getattr(v, "stem", v))
def test_every_kind_of_every_example_matches_its_golden(
    contexts: dict[Path, CaseContext], example: Path, kind: str
) -> None:
    """Each document pinned; a closing record the gate does not support is refused instead.

    Without a session there is no decision on record, so a pause or walk-away record is written
    only where the warrant gate's verdict supports holding the standards at a cost or walking
    away; elsewhere it is refused (naming the kind) and has no golden file.
    """
    from brightline.engine.gate import Verdict
    from brightline.errors import UsageError

    name = f"{example.stem}--{kind}.md"
    verdict = contexts[example].gate.verdict
    if kind in ("pause", "walk-away") and verdict not in (
        Verdict.LOSE_LOSE_WARRANTED,
        Verdict.WALK_AWAY,
    ):
        with pytest.raises(UsageError, match="decision is recorded in the session") as raised:
            build_document(kind, example, built=BUILT, context=contexts[example])
        assert raised.value.parameter == "kind"
        assert verdict.value in raised.value.message
        assert not (GOLDEN / name).exists(), f"{name} is refused now: remove its golden file"
        return
    document = build_document(
        kind, example, built=BUILT, context=contexts[example], **extras(example, kind)
    )
    assert document.provenance is not None
    assert document.provenance.built == "2026-01-01"
    assert document.provenance.case == contexts[example].loaded.case.case.title
    check(name, markdown(document))


@pytest.mark.parametrize("bidder", BIDDERS)
def test_each_bidder_notice_matches_its_golden(
    contexts: dict[Path, CaseContext], bidder: str
) -> None:
    document = build_document(
        "bidder-notice", RFP, bidder=bidder, bids=BIDS, built=BUILT, context=contexts[RFP]
    )
    slug = bidder.lower().replace(" ", "-").replace(".", "")
    check(f"city-services-rfp--bidder-notice--{slug}.md", markdown(document))


@pytest.mark.parametrize("fmt", ["md", "csv"])
def test_the_bid_matrix_matches_its_golden(fmt: str) -> None:
    request = DocumentRequest("bid-matrix", RFP, bids=BIDS, built=BUILT)
    written = produce_document(request, fmt)
    check(f"city-services-rfp--bid-matrix.{fmt}", written.data.decode("utf-8"))


def counterpart_text(kind: str, example: Path, context: CaseContext) -> str:
    """A counterpart document as Markdown; one the gate refuses, from the view as a session would.

    Checks of what a document may show (labels, names) hold for every kind, including the
    closing records that are written only once a decision is recorded.
    """
    from brightline.errors import UsageError
    from brightline.report.counterpart import ComputedResults, counterpart_view
    from brightline.report.documents import CLOSING_MOVES, COUNTERPART_BUILDERS

    try:
        document = build_document(
            kind, example, built=BUILT, context=context, **extras(example, kind)
        )
        return markdown(document)
    except UsageError as error:
        if error.parameter != "kind":
            raise
    view = counterpart_view(
        context.loaded, ComputedResults(built=BUILT), kind=kind, closing=CLOSING_MOVES[kind]
    )
    return markdown(COUNTERPART_BUILDERS[kind](view))


def _identifiers(context: CaseContext) -> set[str]:
    """The case's ids that read as code (``audit_before_expansion``): none may reach a page."""
    case = context.loaded.case
    found = {issue.id for issue in case.issues}
    found |= {standard.id for standard in case.standards}
    found |= {safeguard.id for safeguard in case.safeguards}
    for issue in case.issues:
        found |= {str(option.id) for option in getattr(issue, "options", [])}
    return {identifier for identifier in found if "_" in identifier}


@pytest.mark.parametrize("example", CASES, ids=lambda path: path.stem)
def test_counterpart_documents_name_labels_not_ids(
    contexts: dict[Path, CaseContext], example: Path
) -> None:
    context = contexts[example]
    identifiers = _identifiers(context)
    for kind in list_kinds():
        if kind.audience != "counterpart" or kind.needs:
            continue
        if not kind.fits(context.loaded.case.case.context.value):
            continue
        text = counterpart_text(kind.name, example, context)
        shown = sorted(i for i in identifiers if re.search(rf"\b{re.escape(i)}\b", text))
        assert not shown, f"{example.stem} {kind.name} shows ids {shown}"


def test_a_bidder_notice_holds_nothing_of_any_other_bid(contexts: dict[Path, CaseContext]) -> None:
    """Its own name, price and values only: no other bidder's name or price appears."""
    import csv

    with BIDS.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows[:8]:
        document = build_document(
            "bidder-notice", RFP, bidder=row["bidder"], bids=BIDS, context=contexts[RFP]
        )
        text = markdown(document)
        assert row["bidder"] in text
        for other in rows:
            if other["bidder"] == row["bidder"]:
                continue
            assert other["bidder"] not in text, (row["bidder"], other["bidder"])
            price = other["annual_price"]
            if price not in (row["annual_price"], "n/a"):
                assert not re.search(rf"(?<![\d.]){re.escape(price)}(?![\d])", text), (
                    row["bidder"],
                    price,
                )


def test_tender_documents_name_no_bidder(contexts: dict[Path, CaseContext]) -> None:
    """No counterpart document of the tender names a bidder; the re-bid spec names no party.

    No bidder of the table appears (by its name or its name without the company suffix) in any
    tender document but that bidder's own notice. The re-bid specification goes to every bidder
    at once: it addresses "each bidder", never the case's own name for the other side
    (``parties.them.name``), since the playbook's clauses once read that name from the case.
    """
    import csv

    from brightline.report.counterpart import SENT_TO_EVERY_BIDDER, is_tender

    with BIDS.open(encoding="utf-8", newline="") as handle:
        names = {row["bidder"] for row in csv.DictReader(handle)}
    suffixes = (" Inc.", " LLC", " Co.")
    names |= {name.removesuffix(suffix) for name in names for suffix in suffixes}
    for example, context in contexts.items():
        if not KINDS["rebid-spec"].fits(context.loaded.case.case.context.value):
            continue
        them = context.loaded.case.parties.them.name
        for kind in list_kinds():
            if kind.audience != "counterpart" or kind.needs or not kind.fits("procurement"):
                continue
            text = counterpart_text(kind.name, example, context)
            own = str(extras(example, kind.name).get("bidder", ""))  # a counter's own bidder
            shown = sorted(name for name in names if name in text and name not in own)
            assert not shown, f"{example.stem} {kind.name} names {shown}"
            tender = is_tender(context.loaded)  # a field of bidders, not one firm
            if kind.name == "rebid-spec" or (kind.name in SENT_TO_EVERY_BIDDER and tender):
                assert them not in text, f"{example.stem} {kind.name} names {them!r}"
                assert "each bidder" in text.lower(), f"{example.stem} {kind.name}"
            if kind.name == "rebid-spec":
                assert "Each bidder gives" in text, f"{example.stem} {kind.name}"


FEW = (
    ("saas-data-residency", "proposal", {}),
    ("senior-hire-pay-band", "offer-letter", {}),
    ("city-services-rfp", "bidder-notice", {"bids": BIDS, "bidder": "Metro Haul Inc."}),
)
"""A few documents whose PDF and DOCX text is pinned too (one PDF compile each)."""


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize(("stem", "kind", "extra"), FEW, ids=[f"{s}-{k}" for s, k, _ in FEW])
def test_the_text_of_a_few_pdf_and_docx_documents_matches_its_golden(
    contexts: dict[Path, CaseContext], fmt: str, stem: str, kind: str, extra: dict[str, Path | str]
) -> None:
    from document_text import extract_text, normalise_dates, squash

    example = EXAMPLES / f"{stem}.yaml"
    document = build_document(kind, example, built=BUILT, context=contexts[example], **extra)  # type: ignore[arg-type]
    text = normalise_dates(extract_text(render(document, fmt), fmt))
    name = f"{stem}--{kind}.{fmt}.txt"
    if UPDATE:
        check(name, text)
    # The golden keeps the page's layout for review; the comparison ignores the spacing, which
    # moves with the text extractor's version rather than with the document.
    assert squash(text) == squash((GOLDEN / name).read_text(encoding="utf-8")), f"{name} changed"


def test_a_walk_away_inside_a_session_with_a_walk_decision_matches_its_golden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, contexts: dict[Path, CaseContext]
) -> None:
    """The walk decision shows in the record ("We ended the talks"), with its date."""
    from brightline.services.sessions import Sessions
    from brightline.session.events import EventKind
    from brightline.session.store import open_store
    from document_text import normalise_dates, normalise_hashes

    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "anchor.pem"))
    url = f"sqlite:///{tmp_path / 'trail.db'}"
    sessions = Sessions(lambda: open_store(url))
    case = EXAMPLES / "saas-data-residency.yaml"
    started = sessions.start(case, "alice")
    sessions.record_offer(
        started.id,
        "received",
        ["residency=global", "scope=division", "audit=none", "discount=10", "start_week=4"],
    )
    sessions.record(
        started.id,
        EventKind.DECISION,
        {
            "decision": "walk",
            "rationale": "They will not host in the EU",
            "review_date": "2027-03-01",
        },
    )
    document = build_document(
        "walk-away",
        case,
        session=started.id,
        sessions=sessions,
        built=BUILT,
        context=contexts[case],
    )
    text = normalise_hashes(normalise_dates(markdown(document).replace(started.id, "<session>")))
    assert "We ended the talks, to review on <date>" in text
    check("saas-data-residency--walk-away--session.md", text)
