"""Who builds a document from a request: :class:`DocumentBuilder`, and the kinds by name.

Moved out of ``services/documents.py`` (which keeps the use cases: list, build, write and
record) so each stays under 600 lines. A builder reads each input of one request once (the case,
the session's minutes, the offer, the bids table) and computes each result once (through the
case's :class:`~brightline.report.context.CaseContext`), then builds the kind's document:
counterpart kinds from a :class:`~brightline.report.counterpart.CounterpartView` filled by its one
function, internal kinds from the case and the computed results.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brightline.errors import UsageError
from brightline.report.documents import COUNTERPART_BUILDERS, KINDS, Kind

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
    from brightline.services.documents import DocumentRequest
    from brightline.services.sessions import Minutes, Sessions
    from brightline.session.events import Event
    from brightline.session.roles import Member


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


class DocumentBuilder:
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
        """The session use cases, opened on the configured store when none was given."""
        from brightline.services.sessions import Sessions

        if self._sessions is None:
            self._sessions = Sessions()
        return self._sessions

    @property
    def events(self) -> tuple[Event, ...]:
        """The session's events as our side sees them (none outside a session)."""
        return () if self.minutes is None else self.minutes.shown

    @property
    def trail_head(self) -> str:
        """The hash of the session's last event, which the document names (empty outside)."""
        return "" if self.minutes is None else self.minutes.info.head_hash

    @property
    def context(self) -> CaseContext:
        """The case's computed results, each computed on first use and kept."""
        from brightline.report.context import CaseContext

        if self._context is None:
            self._context = CaseContext(self.loaded)
        return self._context

    def check_stance(self) -> None:
        """Refuse what the gate or the session rules out (``document_checks.check_stance``)."""
        from brightline.services.document_checks import check_stance

        check_stance(self.context, self.kind.name, self.events)

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
        from brightline.report.counterpart import is_tender

        context = self.loaded.case.case.context.value
        if not self.kind.fits(context):
            raise UsageError(
                f"{article(self.kind.name)} is written for {' and '.join(self.kind.contexts)} cases "
                f"only; this case is {context}",
                parameter="kind",
            )
        if self.kind.name != "counter":
            return
        if is_tender(self.loaded):
            if self.request.bidder is None or not self.request.bidder.strip():
                raise UsageError(
                    "is needed for a counter in a tender: a counter answers one bidder's bid and "
                    "goes to that bidder alone (no other bidder may read its terms); give the "
                    "bidder's name as its bid gives it",
                    parameter="bidder",
                )
            return
        for name in ("bids", "bidder"):
            if getattr(self.request, name) is not None:
                raise UsageError(
                    f"is read by a counter in a tender only (this case is {context}); leave it out",
                    parameter=name,
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
                    f"is needed for {article(kind.name)}: give the {NEED_WORDS[need]}",
                    parameter=need,
                )
        for name, value in given.items():
            if value is not None and name not in (*kind.accepts, *kind.needs):
                raise UsageError(
                    f"is not read by {article(kind.name)}; leave it out", parameter=name
                )

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
        """The scored bid matrix of the bids table, for the bid-matrix kind and its tables."""
        from brightline.report.documents.bid_matrix import bid_matrix

        return bid_matrix(self.loaded, self.bids())

    # --- documents ---------------------------------------------------------------------------

    def document(self) -> Document:
        """The kind's document, from the view (counterpart kinds) or the case (internal)."""
        if self.kind.audience == "counterpart":
            return self._counterpart()
        return self._internal()

    def _counterpart(self) -> Document:
        from brightline.report.counterpart import ComputedResults, counterpart_view
        from brightline.report.documents import CLOSING_MOVES

        name = self.kind.name
        self.check_stance()
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
            results["addressee"] = self._addressee()
        elif name == "bidder-notice":
            results["bid"] = self._bid()
        elif name == "offer-letter":
            results["agreed"] = self._letter_terms()
        view = counterpart_view(
            self.loaded, ComputedResults(**results), kind=name, closing=CLOSING_MOVES.get(name, "")
        )
        return COUNTERPART_BUILDERS[name](view)

    def warnings(self) -> tuple[str, ...]:
        """Private cautions about what this document sends (see ``WrittenDocument.warnings``).

        A proposal carries the MESO grid whole; an offer estimated to be worth less to them than
        their alternative is still sent (the grid is ours to choose), but the sender is told to
        expect its refusal, as the MESO page and command say.
        """
        if self.kind.name != "proposal":
            return ()
        from brightline.amounts import amount
        from brightline.report.counterpart_record import OFFER_LETTERS

        result = self._meso()
        their = self.loaded.case.their_batna
        if result is None or their is None:
            return ()
        below = [
            OFFER_LETTERS[number]
            for number, offer in enumerate(result.offers[: len(OFFER_LETTERS)])
            if offer.below_their_alternative
        ]
        if not below:
            return ()
        alternative = amount(their.value, self.loaded.case.case.their_unit)
        one = len(below) == 1
        which = below[0] if one else f"{', '.join(below[:-1])} and {below[-1]}"
        return (
            f"Offer{'' if one else 's'} {which} {'is' if one else 'are'} estimated to be worth "
            f"less to them than their alternative ({alternative}): expect a refusal, or leave "
            f"{'it' if one else 'them'} out of the grid before sending",
        )

    def _meso(self) -> MesoResult | None:
        from brightline.errors import BrightlineError

        try:
            return self.context.meso
        except BrightlineError:
            return None

    def _addressee(self) -> str:
        """Who a counter goes to: in a tender, the bidder whose bid it answers.

        Empty elsewhere: the view then names the case's counterpart.
        """
        from brightline.report.counterpart import is_tender

        if not is_tender(self.loaded):
            return ""
        if self.request.bids is not None:
            return self.bids().bidder(self._bid_position())
        return (self.request.bidder or "").strip()

    def _bid_outcome(self) -> dict[str, OptionValue] | None:
        """A tender's counter answers one bidder's bid: given, read from its row, or on record.

        The offers on record (the trail's, the case file's) do not say which bidder made them,
        so they are read as the bidder's only when the bidder is the case's own counterpart
        (a tender negotiated with one firm).
        """
        from brightline.report.documents.bid_matrix import bid_outcome
        from brightline.report.labels import issue_label

        request = self.request
        if request.offer is not None:
            return _read_offer(request.offer, self.loaded.case)
        if request.bids is not None:
            result = self.bids()
            position = self._bid_position()
            outcome = dict(bid_outcome(self.loaded, result, position))
            case = self.loaded.case
            unread = [
                issue_label(case, issue.id) for issue in case.issues if issue.id not in outcome
            ]
            if unread:
                # A counter answers a bid as it was read; a bid read in part would be answered
                # for terms it never offered. Its bidder notice says it could not be read.
                raise UsageError(
                    f"{result.bidder(position)}'s bid (row {result.row(position)}) could not be "
                    f"read in full ({', '.join(unread)}), so it cannot be answered with a "
                    "counter: send its bidder notice (kind bidder-notice), which says why it was "
                    "not scored, or fix the row in the bids table",
                    parameter="bidder",
                )
            return outcome  # type: ignore[return-value]
        bidder = (request.bidder or "").strip().casefold()
        if bidder == self.loaded.case.parties.them.name.strip().casefold():
            return self._outcome("received")
        raise UsageError(
            f"a counter answers {request.bidder}'s bid, and the offers on record do not say "
            "which bidder made them: give the bid (a file or issue=option pairs), or the bids "
            "table that holds it",
            parameter="offer",
        )

    def _evaluation(self) -> Evaluation:
        from brightline.offers.evaluate import evaluate_offer
        from brightline.report.counterpart import is_tender

        outcome = self._bid_outcome() if is_tender(self.loaded) else self._outcome("received")
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

    def _bid_position(self) -> int:
        """The row of the bids table that holds the bidder's bid.

        Raises:
            UsageError: naming ``bidder`` when the table has no bid from it.
        """
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
        return positions[0]

    def _bid(self) -> BidInput:
        from brightline.report.counterpart import BidInput
        from brightline.report.documents.bid_matrix import bid_outcome

        result = self.bids()
        position = self._bid_position()
        ranked = [int(p) for p in result.ranked.tolist()]
        row = result.row(position)
        headers = {header: issue for issue, header in result.mapping.issues.items()}
        problems = tuple(
            (f"{self._column(headers, error.column)}: " if error.column else "") + error.message
            for error in result.table.errors
            if error.row == row
        )
        action = str(result.recommendation.get("action", ""))
        decision = {
            "re-bid": "rebid",
            "best-and-final": "best-and-final",
            "two-stage-award": "award",
        }.get(action, "review")
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


def article(kind: str) -> str:
    """The kind with its article: ``a proposal``, ``an offer-letter``."""
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


NEED_WORDS = {
    "session": "session (its id)",
    "offer": "offer (a file or issue=option pairs)",
    "bids": "bids table (CSV or XLSX)",
    "bidder": "bidder's name as the bids table gives it",
}
