"""Never another bidder's data: a tender's documents hold one bidder's bid only when addressed to it.

A tender (a procurement case) has a field of bidders on the other side. A document about one
bidder's bid (its counter, its notice) goes to that bidder alone; a document to every bidder (the
pause, the walk-away, the re-bid specification) holds no bidder's terms. The bids here have
unusual names and prices, so the checks read bid *values* in every way a document could write
a number (``document_canaries.Canaries.forms``: 16.4373, 16.44, 16.4, ...), not names only, and
in every format (text extracted from PDF and DOCX too).
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import pytest

from brightline.report.context import CaseContext
from brightline.report.document import Document
from brightline.services.cases import load_case
from brightline.services.documents import build_document, render
from conftest import EXAMPLES
from document_canaries import Canaries
from document_text import extract_text

RFP = EXAMPLES / "city-services-rfp.yaml"
BUILT = datetime.date(2026, 1, 1)
FORMATS = ("md", "html", "docx", "pdf")
PRICES = (15.6271, 16.4373, 17.2917, 18.1371, 19.3719, 20.7731, 21.2173)
"""One unusual annual price per bidder (USD million a year); no two round to the same tenth."""
NAMES = (
    "Quillmere Haulage",
    "Vantorq Carting",
    "Ossable Refuse",
    "Brindlecott Waste",
    "Marrowgate Disposal",
    "Tessaline Collection",
    "Corvistan Sanitation",
)


@pytest.fixture(scope="module")
def tender(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, str]]]:
    """The city's bids table with each of its first bidders renamed and repriced."""
    with (EXAMPLES / "city-services-bids.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))[: len(NAMES)]
    for row, name, price in zip(rows, NAMES, PRICES, strict=True):
        row["bidder"], row["annual_price"] = name, f"{price}"
    path = tmp_path_factory.mktemp("tender") / "bids.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path, rows


@pytest.fixture(scope="module")
def context() -> CaseContext:
    return CaseContext(load_case(RFP))


def texts(document: Document) -> dict[str, str]:
    """The document's text as a reader of each format sees it."""
    return {fmt: extract_text(render(document, fmt), fmt) for fmt in FORMATS}


def leaks_of(text: str, rows: list[dict[str, str]], own: str = "") -> list[str]:
    """Every bidder's name or price (in any written form) in ``text``, but ``own``'s."""
    canaries = Canaries()
    canaries.words = [row["bidder"] for row in rows if row["bidder"] != own]
    canaries.numbers = [float(row["annual_price"]) for row in rows if row["bidder"] != own]
    return canaries.leaks(text)


def test_the_finder_sees_a_price_in_each_form_it_can_be_written(
    tender: tuple[Path, list[dict[str, str]]],
) -> None:
    """Positive control: the check can fail."""
    _, rows = tender
    for shown in ("16.4373 USD million", "16.44 USD", "16.4 USD", "Vantorq Carting"):
        assert leaks_of(f"a bid of {shown} a year", rows), shown
    assert not leaks_of("a bid of 16.5 USD million from each bidder", rows)


def test_a_tender_counter_goes_to_its_bidder_and_holds_no_other_bid(
    tender: tuple[Path, list[dict[str, str]]], context: CaseContext
) -> None:
    bids, rows = tender
    own = rows[0]["bidder"]
    document = build_document("counter", RFP, bidder=own, bids=bids, built=BUILT, context=context)
    assert document.provenance is not None and own in document.provenance.parties
    for fmt, text in texts(document).items():
        assert f"to {own}" in " ".join(text.split()), fmt
        assert "Round-1 bidders" not in text, fmt  # the field of bidders is not the addressee
        assert not leaks_of(text, rows, own), f"({fmt}) shows {leaks_of(text, rows, own)}"
    assert leaks_of(" ".join(texts(document)["md"].split()), rows)  # its own bid is in it


def test_a_tender_counter_needs_the_bidder_it_answers(context: CaseContext) -> None:
    """Without a bidder there is nobody to address it to but the whole field: refused."""
    from brightline.errors import UsageError

    with pytest.raises(UsageError, match="goes to that bidder alone") as raised:
        build_document("counter", RFP, built=BUILT, context=context)
    assert raised.value.parameter == "bidder"
    with pytest.raises(UsageError, match="do not say which bidder") as raised:
        build_document("counter", RFP, bidder="Vantorq Carting", built=BUILT, context=context)
    assert raised.value.parameter == "offer"


def test_a_tender_pause_and_walk_away_go_to_every_bidder_with_no_bid_in_them(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    tender: tuple[Path, list[dict[str, str]]],
    context: CaseContext,
) -> None:
    """Bids recorded in the session stay out: only the decisions are listed."""
    from brightline.services.sessions import Sessions
    from brightline.session.events import EventKind
    from brightline.session.store import open_store

    _, rows = tender
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "anchor.pem"))
    sessions = Sessions(lambda: open_store(f"sqlite:///{tmp_path / 'trail.db'}"))
    started = sessions.start(RFP, "alice")
    issues = ("annual_price", "safety_level", "inspections", "credit_cap_pct", "mobilization_weeks")
    for row in rows[:4]:
        terms = [f"{issue}={row[issue]}" for issue in issues]
        sessions.record_offer(started.id, "received", terms, note=row["bidder"])
    documents = []
    for decision, kind in (("pause", "pause"), ("walk", "walk-away")):
        sessions.record(
            started.id,
            EventKind.DECISION,
            {"decision": decision, "rationale": "No bid passes", "review_date": "2027-03-01"},
        )
        documents.append(
            build_document(
                kind, RFP, session=started.id, sessions=sessions, built=BUILT, context=context
            )
        )
    for document in documents:
        for fmt, text in texts(document).items():
            words = " ".join(text.split())
            assert "to each bidder" in words, (document.heading, fmt)
            assert "You offered" not in words, (document.heading, fmt)
            assert "We proposed a pause" in words, (document.heading, fmt)  # decisions stay
            assert not leaks_of(text, rows), f"{document.heading} ({fmt}) {leaks_of(text, rows)}"
