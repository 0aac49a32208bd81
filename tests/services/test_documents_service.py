"""The documents use case: typed errors naming the parameter, and the document event.

A counterpart document written inside a session is recorded in the hash chain with the SHA-256
of its bytes; verifying the session with the file proves it is the document written, and a
changed file fails.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from brightline.errors import UsageError
from brightline.report.context import CaseContext
from brightline.services.cases import load_case
from brightline.services.documents import (
    DocumentRequest,
    build_document,
    kind_of,
    list_kinds,
    produce_document,
    write_document,
)
from brightline.services.sessions import Sessions
from brightline.session.events import EventKind
from brightline.session.store import SessionStore, open_store
from conftest import EXAMPLES

SAAS = EXAMPLES / "saas-data-residency.yaml"
RFP = EXAMPLES / "city-services-rfp.yaml"
HIRE = EXAMPLES / "senior-hire-pay-band.yaml"


def _factory(path: Path) -> Callable[[], SessionStore]:
    url = f"sqlite:///{path}"
    return lambda: open_store(url)


@pytest.fixture
def sessions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sessions:
    monkeypatch.setenv("BRIGHTLINE_ANCHOR_KEY", str(tmp_path / "anchor.pem"))
    return Sessions(_factory(tmp_path / "trail.db"))


def test_the_kinds_are_listed_counterpart_first() -> None:
    kinds = list_kinds()
    audiences = [kind.audience for kind in kinds]
    assert audiences == sorted(audiences)  # "counterpart" sorts before "internal"
    assert {kind.name for kind in kinds} >= {"proposal", "counter", "bid-matrix", "trail"}


@pytest.mark.parametrize(
    ("call", "parameter", "words"),
    [
        (lambda: kind_of("memo"), "kind", "not a document kind"),
        (lambda: build_document("trail", SAAS), "session", "is needed for a trail"),
        (lambda: build_document("bid-matrix", RFP), "bids", "is needed for a bid-matrix"),
        (
            lambda: build_document("bidder-notice", RFP, bids=EXAMPLES / "city-services-bids.csv"),
            "bidder",
            "is needed",
        ),
        (lambda: build_document("proposal", SAAS, bidder="x"), "bidder", "is not read"),
        (lambda: build_document("offer-letter", SAAS), "kind", "hiring"),
        (lambda: build_document("rebid-spec", HIRE), "kind", "procurement"),
        (
            lambda: build_document(
                "offer-letter",
                HIRE,
                offer="base_salary=150000,signing_bonus=0,level=staff,review_month=6,remote_days=1",
            ),
            "offer",
            "Base salary within",
        ),
        (
            lambda: build_document(
                "bidder-notice", RFP, bids=EXAMPLES / "city-services-bids.csv", bidder="Nobody Ltd"
            ),
            "bidder",
            "no bid from",
        ),
        (lambda: write_document("proposal", SAAS, "xlsx"), "format", "comes in"),
    ],
)
def test_a_bad_request_names_its_parameter(
    call: Callable[[], object], parameter: str, words: str
) -> None:
    with pytest.raises(UsageError, match=words) as raised:
        call()
    assert raised.value.parameter == parameter


def test_a_counter_needs_an_offer_when_none_is_on_record(tmp_path: Path) -> None:
    text = SAAS.read_text(encoding="utf-8")
    bare = tmp_path / "bare.yaml"
    bare.write_text(text[: text.index("\noffers:")] + "\n", encoding="utf-8")
    with pytest.raises(UsageError, match="answers an offer") as raised:
        build_document("counter", bare)
    assert raised.value.parameter == "offer"
    given = build_document(
        "counter", bare, offer="residency=global,scope=pilot,audit=none,discount=0,start_week=2"
    )
    assert "Any region, cheapest hosting" in given.section("terms").tables[0].rows[0]


def test_a_session_of_another_case_is_refused(sessions: Sessions) -> None:
    started = sessions.start(HIRE, "alice")
    with pytest.raises(UsageError, match=f"{started.id} is a session on case") as raised:
        build_document("proposal", SAAS, session=started.id, sessions=sessions)
    assert raised.value.parameter == "session"


def test_a_counterpart_document_is_recorded_and_verified(
    sessions: Sessions, tmp_path: Path
) -> None:
    started = sessions.start(SAAS, "alice")
    sessions.record_offer(
        started.id,
        "received",
        ["residency=global", "scope=division", "audit=none", "discount=10", "start_week=4"],
    )
    head = sessions.verify(started.id).head
    request = DocumentRequest("counter", SAAS, session=started.id)
    written = produce_document(request, "md", file_name="out/counter.md", sessions=sessions)
    assert written.event is not None and written.event.kind == EventKind.DOCUMENT.value
    payload = written.event.payload
    assert payload == {
        "kind": "counter",
        "format": "md",
        "sha256": written.sha256,
        "file": "counter.md",
        "built_on": head,
    }
    assert written.document.provenance is not None
    assert written.document.provenance.trail_head == head
    assert "Retail division, 1,500 seats" in written.data.decode("utf-8")  # the session's offer
    sent = tmp_path / "counter.md"
    sent.write_bytes(written.data)
    verified = sessions.verify(started.id, document=sent)
    assert verified.report.intact
    assert verified.document is not None and verified.document.event is not None
    assert verified.document.event.seq == written.event.seq
    sent.write_bytes(written.data.replace(b"Nordbank", b"Nordbonk"))
    changed = sessions.verify(started.id, document=sent)
    assert changed.report.intact and changed.document is not None
    assert changed.document.event is None
    internal = produce_document(
        DocumentRequest("trail", SAAS, session=started.id), "md", sessions=sessions
    )
    assert internal.event is None  # only what goes to the other side is recorded
    assert written.event.hash in internal.data.decode("utf-8")


def test_the_bid_matrix_neutralises_formulas_in_csv_and_xlsx(tmp_path: Path) -> None:
    import io

    from openpyxl import load_workbook

    table = (EXAMPLES / "city-services-bids.csv").read_text(encoding="utf-8")
    hostile = tmp_path / "bids.csv"
    hostile.write_text(
        table + '"=HYPERLINK(""http://x"")",16.5,3,independent_quarterly,10,18\n'
        "@SUM(A1),16.5,3,independent_quarterly,10,18\n",
        encoding="utf-8",
    )
    context = CaseContext(load_case(RFP))
    csv_text = write_document("bid-matrix", RFP, "csv", bids=hostile, context=context).decode(
        "utf-8"
    )
    assert "'=HYPERLINK" in csv_text and "'@SUM(A1)" in csv_text
    for line in csv_text.splitlines():
        for cell in line.split(","):
            assert not cell.startswith(("=", "+", "@")), cell
    workbook = load_workbook(
        io.BytesIO(write_document("bid-matrix", RFP, "xlsx", bids=hostile, context=context))
    )
    cells = [cell.value for row in workbook.active.iter_rows() for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(isinstance(value, str) and value.startswith("=") for value in cells)
    assert any(isinstance(value, float) for value in cells)  # numbers stay numbers
