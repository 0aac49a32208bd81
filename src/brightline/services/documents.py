"""Use cases of documents: list the kinds, build one, write it to bytes (and record it).

What a document is built from is decided here, once for every adapter: the case file; inside a
session its events and trail head (the session's case must be the file's case); an offer given
as a file or ``issue=option`` pairs (as ``evaluate`` takes it), else the latest one on record;
a bids table and one bidder's name for a bidder notice. Counterpart kinds get a
:class:`~brightline.report.counterpart.CounterpartView` filled by its one function and nothing
else; internal kinds get the case and the computed results.

Writing a counterpart document inside a session records a ``document`` event (kind, format,
SHA-256 of the bytes, file name, the trail head it was built from), so what was sent can be
proved later with ``Sessions.verify(..., document=FILE)``.
"""

from __future__ import annotations

import datetime
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brightline.errors import UsageError
from brightline.report.documents import COUNTERPART_BUILDERS, KINDS, TABLE_FORMATS, Kind

if TYPE_CHECKING:
    from brightline.case.model import Case, OptionValue
    from brightline.case.validate import LoadedCase
    from brightline.offers.bids import BidsResult
    from brightline.offers.evaluate import Evaluation
    from brightline.offers.meso import MesoResult
    from brightline.report.context import CaseContext
    from brightline.report.counterpart import BidInput
    from brightline.report.document import Document, Figure, Provenance
    from brightline.report.documents.bid_matrix import BidMatrix
    from brightline.services.sessions import Minutes, Sessions
    from brightline.session.events import Event
    from brightline.session.roles import Member


def list_kinds() -> tuple[Kind, ...]:
    """Every kind of document, counterpart kinds first."""
    return tuple(KINDS.values())


def kind_of(name: str) -> Kind:
    """The kind called ``name``.

    Raises:
        UsageError: naming ``kind`` when there is none, with the kinds there are.
    """
    found = KINDS.get(name.strip().lower())
    if found is None:
        names = ", ".join(KINDS)
        raise UsageError(
            f"{name!r} is not a document kind; the kinds are {names}", parameter="kind"
        )
    return found


@dataclass(frozen=True, slots=True)
class DocumentRequest:
    """What to build.

    Attributes:
        kind: The kind's name (see :func:`list_kinds`).
        case: The case file.
        session: A session id: its events, trail head and (for counterpart kinds) the record of
            the document written.
        offer: An offer file (YAML or JSON) or ``issue=option,...`` pairs.
        bidder: The bidder a notice is for, as the bids table names it.
        bids: A bids table (CSV or XLSX).
        built: The date printed on the document (default: today).
    """

    kind: str
    case: Path
    session: str | None = None
    offer: str | None = None
    bidder: str | None = None
    bids: Path | None = None
    built: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class WrittenDocument:
    """A document written to bytes, and the event that recorded it (None outside a session).

    Attributes:
        document: The document.
        data: Its bytes in the format asked.
        sha256: Hex SHA-256 of ``data``.
        event: The ``document`` event recorded in the session, for counterpart kinds.
    """

    document: Document
    data: bytes
    sha256: str
    event: Event | None = None


def build_document(
    kind: str,
    case: str | os.PathLike[str],
    session: str | None = None,
    offer: str | None = None,
    bidder: str | None = None,
    bids: str | os.PathLike[str] | None = None,
    *,
    built: datetime.date | None = None,
    sessions: Sessions | None = None,
    context: CaseContext | None = None,
) -> Document:
    """Build one document (see the module docstring for what it is built from).

    ``context`` is the case already loaded with its computed results, for a caller that builds
    several documents of one case (the web app's download buttons, the tests): the case is then
    not read again from ``case`` and each result is computed once.

    Raises:
        UsageError: naming the parameter that is missing or wrong (``kind``, ``session``,
            ``offer``, ``bids``, ``bidder``).
    """
    request = DocumentRequest(
        kind, Path(case), session, offer, bidder, None if bids is None else Path(bids), built
    )
    return _Builder(request, sessions, context).document()


def write_document(
    kind: str,
    case: str | os.PathLike[str],
    fmt: str,
    session: str | None = None,
    offer: str | None = None,
    bidder: str | None = None,
    bids: str | os.PathLike[str] | None = None,
    *,
    file_name: str = "",
    built: datetime.date | None = None,
    sessions: Sessions | None = None,
    context: CaseContext | None = None,
) -> bytes:
    """The document's bytes in ``fmt``; inside a session a counterpart kind is also recorded."""
    request = DocumentRequest(
        kind, Path(case), session, offer, bidder, None if bids is None else Path(bids), built
    )
    return produce_document(
        request, fmt, file_name=file_name, sessions=sessions, context=context
    ).data


def produce_document(
    request: DocumentRequest,
    fmt: str,
    *,
    file_name: str = "",
    output: Path | None = None,
    sessions: Sessions | None = None,
    context: CaseContext | None = None,
    member: Member | None = None,
) -> WrittenDocument:
    """Build, render, write (to ``output``, when given) and record one document.

    A counterpart kind inside a session is recorded in its trail, and only once the bytes are
    where they were asked to go: the trail is append-only, so a document event for a file that
    was never written would stay there for good. With ``output`` the file is written whole or
    not at all (a temporary file, then a rename) before the event is recorded; ``file_name``
    then defaults to its name. ``context`` as for :func:`build_document`: the case loaded once,
    for several documents. ``member`` is who sends it in team mode: an offer letter or a counter
    for terms below the target waits for the team's approval (``services.approvals``); without a
    member the single-user store's policy applies.

    Raises:
        UsageError: naming ``format`` when the kind does not come in it, ``output`` when the
            file cannot be written (nothing is recorded then), or any parameter
            :func:`build_document` refuses.
        ApprovalNeeded: when the policy holds the document back and no approval covers it.
    """
    chosen = kind_of(request.kind)
    fmt = fmt.strip().lower().lstrip(".")
    if fmt == "markdown":
        fmt = "md"
    if fmt not in chosen.formats:
        raise UsageError(
            f"{fmt} is not a format of {_a(chosen.name)}; it comes in {', '.join(chosen.formats)}",
            parameter="format",
        )
    builder = _Builder(request, sessions, context)
    if request.session is not None and chosen.audience == "counterpart":
        builder.check_approval(member)
    document = builder.document()
    if fmt in TABLE_FORMATS:
        from brightline.report.documents.bid_matrix import matrix_csv, matrix_xlsx

        matrix = builder.matrix()
        data = matrix_csv(matrix) if fmt == "csv" else matrix_xlsx(matrix)
    else:
        data = render(document, fmt)
    digest = hashlib.sha256(data).hexdigest()
    if output is not None:
        from brightline.services.files import write_replacing

        try:
            write_replacing(output, data)
        except UsageError as error:
            kept = "; nothing was recorded in the session" if request.session else ""
            raise UsageError(error.message + kept, parameter="output") from None
        file_name = file_name or output.name
    event = None
    if request.session is not None and chosen.audience == "counterpart":
        from brightline.session.events import EventKind

        fields = {
            "kind": chosen.name,
            "format": fmt,
            "sha256": digest,
            "file": Path(file_name).name if file_name else f"{chosen.name}.{fmt}",
            "built_on": builder.trail_head,
        }
        event = builder.sessions.record(
            request.session, EventKind.DOCUMENT, fields, member=member
        ).event
    return WrittenDocument(document, data, digest, event)


def render(document: Document, fmt: str) -> bytes:
    """A document in a text format, through the one renderer registry of ``report``."""
    import importlib

    try:
        formats = importlib.import_module("brightline.report.formats")
    except ImportError:  # the format renderers land separately; Markdown is always there
        from brightline.report.markdown import render_markdown

        if fmt != "md":
            raise UsageError(
                f"{fmt!r} is not available yet in this build; use md", parameter="format"
            ) from None
        return render_markdown(document).encode("utf-8")
    data = formats.render_bytes(document, fmt)
    assert isinstance(data, bytes)
    return data


def _load(case: Path) -> LoadedCase:
    """Read and validate the case file, as ``services.cases.load_case`` does.

    Not through that module: it imports the plan and the lint rules, which a document does not
    use, and a whole ``brightline doc`` process would pay for their import.
    """
    from brightline.case.validate import parse_case
    from brightline.services.files import read_input

    return parse_case(read_input(case), str(case))


def _read_offer(offer: str, case: Case) -> dict[str, OptionValue]:
    """The offer given, read as :func:`brightline.services.offers.read_offer` reads it.

    Not through that module: it imports the plan, MESO and the bids reader at its top, which a
    counter or an offer letter does not use (a third of a ``brightline doc`` process).
    """
    from brightline.offers.offer_input import parse_offer_document, parse_offer_text
    from brightline.services.files import read_input

    if not offer.strip() or ("=" in offer and not Path(offer).exists()):
        return parse_offer_text(offer, case)
    return parse_offer_document(read_input(offer), offer, case)


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    from brightline.services.files import read_input

    return hashlib.sha256(read_input(path)).hexdigest()


class _Builder:
    """One request's inputs, each read or computed once."""

    def __init__(
        self,
        request: DocumentRequest,
        sessions: Sessions | None,
        context: CaseContext | None = None,
    ) -> None:
        self.request = request
        self.kind = kind_of(request.kind)
        self._sessions = sessions
        self._check_inputs()
        self.loaded: LoadedCase = _load(request.case) if context is None else context.loaded
        self._check_context()
        self.minutes: Minutes | None = self._session()
        self._context: CaseContext | None = context
        self._bids: BidsResult | None = None

    # --- inputs ------------------------------------------------------------------------------

    @property
    def sessions(self) -> Sessions:
        from brightline.services.sessions import Sessions

        if self._sessions is None:
            self._sessions = Sessions()
        return self._sessions

    @property
    def events(self) -> tuple[Event, ...]:
        return () if self.minutes is None else self.minutes.shown

    @property
    def trail_head(self) -> str:
        return "" if self.minutes is None else self.minutes.info.head_hash

    @property
    def context(self) -> CaseContext:
        from brightline.report.context import CaseContext

        if self._context is None:
            self._context = CaseContext(self.loaded)
        return self._context

    def check_approval(self, member: Member | None) -> None:
        """Hold back an offer letter or a counter whose terms the approval policy holds back.

        What is approved is the kind and the terms it is built from (the offer letter's terms,
        the offer a counter answers): the counters follow from those and the case. The value
        checked is the letter's terms, or the least valuable counter to us.
        """
        from brightline.services.approvals import Approvals

        name = self.kind.name
        if name == "offer-letter":
            outcome = self._letter_terms()
            found = self._evaluate(outcome)
            evaluation = {"ours": found.ours, "target": found.target}
        elif name == "counter":
            received = self._evaluation()
            if not received.counters:
                return
            outcome = dict(received.outcome)
            least = min(counter.ours for counter in received.counters)
            evaluation = {"ours": least, "target": received.target}
        else:
            return
        assert self.request.session is not None
        Approvals(self.sessions.open_store).check_document(
            member, self.request.session, name, outcome, evaluation
        )

    def _evaluate(self, outcome: dict[str, OptionValue]) -> Evaluation:
        from brightline.offers.evaluate import evaluate_offer

        context = self.context
        return evaluate_offer(self.loaded, outcome, space=context.space, gate=context.gate)

    def _check_context(self) -> None:
        context = self.loaded.case.case.context.value
        if not self.kind.fits(context):
            raise UsageError(
                f"{_a(self.kind.name)} is written for {' and '.join(self.kind.contexts)} cases "
                f"only; this case is {context}",
                parameter="kind",
            )

    def _check_inputs(self) -> None:
        request, kind = self.request, self.kind
        given = {
            "session": request.session,
            "offer": request.offer,
            "bids": request.bids,
            "bidder": request.bidder,
        }
        for need in kind.needs:
            if given[need] is None:
                raise UsageError(
                    f"is needed for {_a(kind.name)}: give the {_NEED_WORDS[need]}", parameter=need
                )
        for name, value in given.items():
            if value is not None and name not in (*kind.accepts, *kind.needs):
                raise UsageError(f"is not read by {_a(kind.name)}; leave it out", parameter=name)

    def _session(self) -> Minutes | None:
        if self.request.session is None:
            return None
        minutes = self.sessions.minutes(self.request.session, internal=True)
        ours, theirs = self.loaded.case.case.id, minutes.loaded.case.case.id
        if ours != theirs:
            raise UsageError(
                f"{self.request.session} is a session on case {theirs!r}, not {ours!r}; give "
                "the session's own case file",
                parameter="session",
            )
        if not minutes.trail.intact:
            raise UsageError(
                f"{self.request.session} has a trail that does not verify "
                f"({minutes.trail.problem}); no document is built from a damaged trail",
                parameter="session",
            )
        return minutes

    def _provenance(self, audience: str) -> Provenance:
        from brightline.report.document import Provenance

        case = self.loaded.case
        return Provenance(
            case.case.title,
            (self.request.built or datetime.date.today()).isoformat(),
            self.trail_head,
            self.request.session or "",
            (case.parties.us.name, case.parties.them.name),
            "counterpart" if audience == "counterpart" else "internal",
        )

    def _outcome(self, direction: str) -> dict[str, OptionValue] | None:
        """The offer given, else the latest complete one of ``direction`` in the trail or case."""
        if self.request.offer is not None:
            return _read_offer(self.request.offer, self.loaded.case)
        issues = {issue.id for issue in self.loaded.case.issues}
        for event in reversed(self.events):
            if event.kind == "offer" and event.payload.get("direction") == direction:
                outcome = dict(event.payload["outcome"])
                if issues <= set(outcome):
                    return outcome
        for offer in reversed(self.loaded.case.offers):
            if offer.direction.value == direction and issues <= set(offer.outcome):
                return dict(offer.outcome)
        return None

    def bids(self) -> BidsResult:
        """The bids table ranked against this builder's case (read once, never reloaded)."""
        if self._bids is None:
            from brightline.offers.bids import evaluate_bids
            from brightline.offers.bids_reading import read_bids
            from brightline.services.files import read_table

            table = self.request.bids
            assert table is not None
            mapping, parsed = read_bids(self.loaded, read_table(table), str(table), None, None)
            self._bids = evaluate_bids(self.loaded, mapping, parsed)
        return self._bids

    def matrix(self) -> BidMatrix:
        from brightline.report.documents.bid_matrix import bid_matrix

        return bid_matrix(self.loaded, self.bids())

    # --- documents ---------------------------------------------------------------------------

    def document(self) -> Document:
        if self.kind.audience == "counterpart":
            return self._counterpart()
        return self._internal()

    def _counterpart(self) -> Document:
        from brightline.report.counterpart import ComputedResults, counterpart_view
        from brightline.report.documents import CLOSING_MOVES
        from brightline.services.document_checks import check_stance

        name = self.kind.name
        check_stance(self.context, name, self.events)
        results: dict[str, Any] = {
            "events": self.events,
            "built": self.request.built or datetime.date.today(),
            "trail_head": self.trail_head,
            "session": self.request.session or "",
        }
        if name == "proposal":
            results["meso"] = self._meso()
        elif name == "counter":
            results["evaluation"] = self._evaluation()
        elif name == "bidder-notice":
            results["bid"] = self._bid()
        elif name == "offer-letter":
            results["agreed"] = self._letter_terms()
        view = counterpart_view(
            self.loaded, ComputedResults(**results), kind=name, closing=CLOSING_MOVES.get(name, "")
        )
        return COUNTERPART_BUILDERS[name](view)

    def _meso(self) -> MesoResult | None:
        from brightline.errors import BrightlineError

        try:
            return self.context.meso
        except BrightlineError:
            return None

    def _evaluation(self) -> Evaluation:
        from brightline.offers.evaluate import evaluate_offer

        outcome = self._outcome("received")
        if outcome is None:
            raise UsageError(
                "a counter answers an offer: give the offer received (a file or "
                "issue=option pairs), or record it in the session first",
                parameter="offer",
            )
        context = self.context
        return evaluate_offer(self.loaded, outcome, space=context.space, gate=context.gate)

    def _letter_terms(self) -> dict[str, OptionValue]:
        from brightline.services.document_checks import check_letter_terms

        outcome = self._outcome("made")
        if outcome is None:
            meso = self._meso()
            if meso is None or not meso.offers:
                raise UsageError(
                    "no offer to write: give the terms (a file or issue=option pairs) or record "
                    "the offer made in the session",
                    parameter="offer",
                )
            outcome = dict(meso.offers[0].outcome)
        check_letter_terms(self.context, outcome)
        return outcome

    def _bid(self) -> BidInput:
        from brightline.report.counterpart import BidInput
        from brightline.report.documents.bid_matrix import bid_outcome

        result = self.bids()
        wanted = (self.request.bidder or "").strip()
        positions = [
            position
            for position in range(result.table.rows.shape[0])
            if result.bidder(position).strip().casefold() == wanted.casefold()
        ]
        if not positions:
            names = sorted({result.bidder(p) for p in range(result.table.rows.shape[0])})
            shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
            raise UsageError(
                f"no bid from {wanted!r} in {self.request.bids}; bidders include {shown}",
                parameter="bidder",
            )
        position = positions[0]
        ranked = [int(p) for p in result.ranked.tolist()]
        row = result.row(position)
        headers = {header: issue for issue, header in result.mapping.issues.items()}
        problems = tuple(
            (f"{self._column(headers, error.column)}: " if error.column else "") + error.message
            for error in result.table.errors
            if error.row == row
        )
        action = str(result.recommendation.get("action", ""))
        decision = {"re-bid": "rebid", "two-stage-award": "award"}.get(action, "review")
        return BidInput(
            bidder=result.bidder(position),
            outcome=bid_outcome(self.loaded, result, position),  # type: ignore[arg-type]
            rank=ranked.index(position) + 1 if position in ranked else None,
            passing=len(ranked),
            unreadable=problems,
            decision=decision,
        )

    def _column(self, headers: dict[str, str], column: str) -> str:
        from brightline.report.labels import issue_label

        issue = headers.get(column)
        return column if issue is None else issue_label(self.loaded.case, issue)

    def _internal(self) -> Document:
        from brightline.report.documents import internal

        name = self.kind.name
        provenance = self._provenance("internal")
        if name == "brief":
            return internal.brief(self.context, provenance, *self._brief_extras())
        if name == "worksheet":
            return internal.worksheet(self.loaded, provenance)
        if name == "concession-log":
            return internal.concession_log(self.loaded, provenance, self.events)
        if name == "trail":
            assert self.minutes is not None
            return internal.trail(
                self.loaded,
                provenance,
                self.events,
                self.minutes.trail.intact,
                self.minutes.trail.problem,
            )
        from brightline.report.documents.bid_matrix import bid_matrix_document

        return bid_matrix_document(self.loaded, self.matrix(), provenance)

    def _brief_extras(self) -> tuple[list[Evaluation], Figure | None]:
        from brightline.errors import BrightlineError
        from brightline.offers.evaluate import evaluate_offer
        from brightline.report.document import Figure
        from brightline.services.charts import frontier_svg

        loaded, context = self.loaded, self.context
        issues = {issue.id for issue in loaded.case.issues}
        outcomes = [
            dict(offer.outcome)
            for offer in loaded.case.offers
            if offer.direction.value == "received" and issues <= set(offer.outcome)
        ]
        outcomes += [
            dict(event.payload["outcome"])
            for event in self.events
            if event.kind == "offer"
            and event.payload.get("direction") == "received"
            and issues <= set(event.payload["outcome"])
        ]
        try:
            space, gate, sweep = context.space, context.gate, context.sweep
        except BrightlineError:
            return [], None
        received = [evaluate_offer(loaded, o, space=space, gate=gate) for o in outcomes]
        meso = self._meso()
        grid = [
            (f"Offer {'ABCDE'[n]}", offer.ours, offer.theirs)
            for n, offer in enumerate(meso.offers[:5] if meso is not None else ())
        ]
        points = [(f"Offer {n}", e.ours, e.theirs) for n, e in enumerate(received, start=1)]
        info = loaded.case.case
        svg = frontier_svg(sweep, info.currency, info.their_unit, grid, points)
        caption = (
            f"Compliant frontier (value to us in {info.currency}, estimated value to them in "
            f"{info.their_unit}) with the MESO offers (squares) and the offers received (crosses)"
        )
        return received, Figure(svg, caption)


def _a(kind: str) -> str:
    """The kind with its article: ``a proposal``, ``an offer-letter``."""
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


_NEED_WORDS = {
    "session": "session (its id)",
    "offer": "offer (a file or issue=option pairs)",
    "bids": "bids table (CSV or XLSX)",
    "bidder": "bidder's name as the bids table gives it",
}
