"""Procurement bid evaluation: knock out must-have failures, score the rest, rank, advise.

The case's standards are the must-haves: a bid that breaks one is knocked out, with the clause it
broke and its value. The rest are scored by value to us (the case's issue values, plus any extra
weighted criteria under ``bids.criteria``), in the case currency, and ranked. Rows with a missing or
unreadable value are reported with their row number and column and are neither knocked out nor
scored: a bid is never judged on a value we could not read. A number outside its issue's range
(``range.min`` to ``range.max``) is such an error too: the value curves are not defined there, and
clamping it would let a bid that quotes a price of -50 (or 1e308) win as if it quoted the cheapest
price the case knows.

Numbers inside the range but off the issue's grid (a price of 19.3 where the case steps by 0.5) are
kept: tenders quote exact prices, the grid is only how finely the case negotiates. They are scored
on the value curve between its anchors, like any other value, and listed under ``off_grid`` so
nobody mistakes them for grid values.

A score is only as complete as the table: issues with no column (and no standard reading them) are
listed under ``unscored``, and while any is missing no award is recommended; the bids are ranked on
what they state, and the advice is to ask every bidder for the missing terms.

A row we could not read blocks an award unless it could not have won: on the values it does
state it breaks a must-have, or even at the best values of its unreadable cells it scores below the
bid to be awarded. Otherwise the advice is to fix those rows first (``fix-unreadable``), unless the
caller chose to ignore them.

When no bid passes, the article's procurement move applies: re-run the tender (``re-bid``) with
the must-haves written into the specification as pass/fail criteria, and extend the incumbent
meanwhile at capped volume (cost from ``bids.incumbent``, else from the BATNA's time components).
When bids meet them but all fall short of the reservation point, the cause is price, not the
specification: every compliant bidder is asked for a best and final offer (``best-and-final``,
what ``evaluate`` and ``next`` advise for the same round), told what the best bid must gain to
be awardable, never our threshold. When a bid is awardable, the award is offered in two stages:
a probationary period under an SLA with automatic credits, then the full award.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from brightline.amounts import amount, plural, quantity
from brightline.case.model import BidsSetup, DiscreteIssue, SafeguardKind
from brightline.case.validate import LoadedCase
from brightline.offers.bids_knockouts import KnockOuts
from brightline.offers.bids_reading import BidMapping
from brightline.offers.bids_scores import Scores
from brightline.offers.bids_scoring import (
    Deferred,
    ScorePart,
    first_positions,
    off_grid_flags,
    readable,
    rule_holds,
    rule_known,
    score_parts,
    truth,
)
from brightline.offers.bids_table import BidTable, BoolArray, FloatArray
from brightline.offers.bids_words import interim_from_batna, plural_word, row_list, two_stages
from brightline.offers.evaluate import failing_atoms
from brightline.offers.valuation import json_amount
from brightline.rules import (
    atoms,
    to_text,
)


@dataclass(frozen=True, slots=True)
class BidsSummary:
    """What a tender's bids came to, as plain values (for the playbook and reports to word).

    Attributes:
        rows: Data rows in the table.
        readable: Rows read in full.
        passing: Readable bids that meet every must-have.
        knocked_out: Readable bids that break at least one.
        unreadable: Rows with a cell that could not be read.
        could_have_won: Row numbers of unreadable rows that might have won.
        best_bidder: The best passing bid's bidder (``None`` when no bid passes).
        best_row: Its row number.
        best_score: Its value to us (case currency).
        action: The recommendation's action (``two-stage-award``, ``best-and-final``,
            ``re-bid``, ...).
        cause: Why no bid is awarded: ``must-haves`` (a re-bid) or ``over-budget`` (a best and
            final offer from the compliant bidders); else "".
    """

    rows: int
    readable: int
    passing: int
    knocked_out: int
    unreadable: int
    could_have_won: tuple[int, ...]
    best_bidder: str | None
    best_row: int | None
    best_score: float | None
    action: str
    cause: str


@dataclass(frozen=True, slots=True)
class BidsResult:
    """Knock-outs, scores and ranks of a bids table, plus the advice that follows.

    Attributes:
        table: The parsed table.
        mapping: Which column holds what.
        scores: Value to us per row (case currency; NaN for rows with errors), indexed as an
            array; rows that do not pass may be scored only when first asked for.
        knock_outs: The standards each row breaks (:attr:`failing`) and the readable bids that
            break one (:attr:`knocked_out`), made when first asked for after a polars evaluation.
        standard_ids: Column order of ``failing``.
        ranked: Row positions of passing bids, best score first (ties: earlier row first).
        recommendation: The advice (see :func:`recommend`).
        off_grid: Header -> row positions of numbers inside the range but between grid steps
            (scored on the value curve, flagged).
        points: Issue id or criterion header -> its part of each row's score (the score is their
            sum), so every rank can be explained criterion by criterion.
        could_win: Row positions of unreadable rows that might have won (see :func:`could_win`).
    """

    table: BidTable
    mapping: BidMapping
    scores: Scores
    knock_outs: KnockOuts
    standard_ids: tuple[str, ...]
    ranked: np.ndarray
    recommendation: dict[str, Any]
    off_grid: Mapping[str, np.ndarray] = field(default_factory=dict)
    points: Mapping[str, FloatArray] = field(default_factory=dict)
    could_win: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    blame: dict[str, tuple[np.ndarray, list[list[tuple[str, str]]]]] = field(default_factory=dict)
    worded: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)
    parts: dict[str, ScorePart] = field(default_factory=dict)
    off_grid_flags: Mapping[str, BoolArray] = field(default_factory=dict)

    @property
    def failing(self) -> BoolArray:
        """``(rows, standards)``: the standards each row breaks."""
        return self.knock_outs.failing()

    @property
    def knocked_out(self) -> np.ndarray:
        """Row positions of readable bids that break a must-have."""
        return self.knock_outs.knocked()

    def off_grid_counts(self) -> dict[str, int]:
        """Header -> how many of its values lie between grid steps (columns with any)."""
        if self.off_grid_flags:
            return {h: int(np.count_nonzero(f)) for h, f in self.off_grid_flags.items()}
        return {header: int(positions.shape[0]) for header, positions in self.off_grid.items()}

    def off_grid_first(self, header: str, count: int | None = None) -> np.ndarray:
        """Row positions of a column's first ``count`` off-grid values (all with ``None``)."""
        if self.off_grid_flags:
            return first_positions(self.off_grid_flags[header], count)
        return self.off_grid[header][:count]

    def part_points(self, name: str, positions: np.ndarray) -> FloatArray:
        """One issue's or criterion's part of the score of some rows (NaN on unreadable rows).

        Computed for those rows only unless the whole column is already kept: printing the
        ranked half of a million bids need not keep a column per criterion for all of them.
        """
        if name in self.parts and not (
            isinstance(self.points, Deferred) and self.points.kept(name)
        ):
            found = self.parts[name].points(positions)
            found[self.table.bad[positions]] = np.nan
            return found
        return np.asarray(self.points[name][positions], dtype=np.float64)

    def bidder(self, position: int) -> str:
        """The bidder's name, or ``row N`` when the table has no bidder column."""
        if self.mapping.bidder:
            return self.table.text(self.mapping.bidder, position) or f"row {self.row(position)}"
        return f"row {self.row(position)}"

    def row(self, position: int) -> int:
        """Row number as a spreadsheet shows it."""
        return int(self.table.rows[position])

    def summary(self) -> BidsSummary:
        """The counts and the best bid, for callers that word the result (playbook, reports)."""
        readable = int((~self.table.bad).sum())
        best = int(self.ranked[0]) if self.ranked.shape[0] else None
        return BidsSummary(
            rows=int(self.table.rows.shape[0]),
            readable=readable,
            passing=int(self.ranked.shape[0]),
            knocked_out=readable - int(self.ranked.shape[0]),  # each readable bid passes or not
            unreadable=int(self.table.bad.sum()),
            could_have_won=tuple(self.row(int(p)) for p in self.could_win),
            best_bidder=self.bidder(best) if best is not None else None,
            best_row=self.row(best) if best is not None else None,
            best_score=float(self.scores[best]) if best is not None else None,
            action=str(self.recommendation.get("action", "")),
            cause=str(self.recommendation.get("cause", "")),
        )

    def breakdown(self, position: int) -> dict[str, float]:
        """Each issue's and criterion's part of one row's score (case currency)."""
        return {name: json_amount(values[position]) for name, values in self.points.items()}

    def reasons(self, loaded: LoadedCase, position: int) -> list[str]:
        """Why one bid was knocked out: each broken standard with its clause and the bid's value."""
        from brightline.offers.bids_json import reasons

        return reasons(self, loaded, np.array([position], dtype=np.int64))[0]

    def blame_patterns(
        self, loaded: LoadedCase, standard_id: str, column: int
    ) -> tuple[np.ndarray, list[list[tuple[str, str]]]]:
        """Per row, its pattern of atom truths for one standard; per pattern, the failing clauses."""
        return self._blame(loaded, standard_id, column)

    def _blame(
        self, loaded: LoadedCase, standard_id: str, column: int
    ) -> tuple[np.ndarray, list[list[tuple[str, str]]]]:
        """Failing clauses per pattern of atom truths, computed once per standard.

        Which clauses fail depends only on which atoms hold, and a rule has few atoms, so rows
        share a handful of patterns: each is explained once, not once per bid.
        """
        if standard_id not in self.blame:
            rule = loaded.standard_rules[standard_id]
            parts = atoms(rule)
            columns = self._columns(loaded)
            truths = np.stack([rule_holds(atom, columns, loaded) for atom in parts], axis=1)
            failing = self.failing[:, column]
            # Each row's pattern as one integer (bit k: atom k holds), so unique is a 1-D sort.
            codes = truths[failing].astype(np.int64) @ (1 << np.arange(len(parts), dtype=np.int64))
            patterns, inverse = np.unique(codes, return_inverse=True)
            small = np.int16 if patterns.shape[0] < 2**15 else np.int64
            pattern_of_row = np.full(failing.shape[0], -1, dtype=small)
            pattern_of_row[failing] = inverse.ravel()
            blamed = []
            for code in patterns:
                atom_truth = {id(atom): bool(int(code) >> k & 1) for k, atom in enumerate(parts)}
                clauses = failing_atoms(rule, {}, holds=partial(truth, atom_truth=atom_truth))
                blamed.append([(atom.issue, to_text(atom)) for atom in clauses])
            self.blame[standard_id] = (pattern_of_row, blamed)
        return self.blame[standard_id]

    def _columns(self, loaded: LoadedCase) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for issue_id, header in self.mapping.issues.items():
            issue = loaded.case.issue(issue_id)
            table = self.table.options if isinstance(issue, DiscreteIssue) else self.table.numbers
            found[issue_id] = table[header]
        return found

    def to_json(self, loaded: LoadedCase, limit: int | None = None) -> dict[str, Any]:
        """The document of ``brightline bids --format json`` (``limit`` caps each list)."""
        from brightline.offers.bids_json import to_json

        return to_json(self, loaded, limit)


def evaluate_bids(
    loaded: LoadedCase, mapping: BidMapping, table: BidTable, ignore_unreadable: bool = False
) -> BidsResult:
    """Knock out, score and rank every readable bid (vectorised over rows).

    Args:
        loaded: The case.
        mapping: Which column holds what.
        table: The parsed table.
        ignore_unreadable: Recommend an award even when an unreadable row might have won (the
            caller has looked at those rows and set them aside).
    """
    from brightline.offers.bids_frame import evaluate_frame

    parts = score_parts(loaded, mapping, table)
    standard_ids = tuple(loaded.standard_rules)
    # A clean table read by polars is evaluated in polars, on every core, and only the bids that
    # pass are scored there (the rest when asked for); any other table in numpy.
    found = evaluate_frame(loaded, mapping, table)
    if found is None:
        scores, failing, order, knocked = _evaluate_numpy(loaded, mapping, parts, table)
        knock_outs = KnockOuts(failing, knocked)
    else:
        ranked_scores, order, knock_outs = found
        rows = table.rows.shape[0]
        scores = Scores.of(rows, order, ranked_scores, partial(score_rows, parts, table.bad))
    # An unreadable row might have won when nothing it states breaks a must-have and its best
    # case reaches the bid to be awarded (or, with no such bid, the reservation point).
    reservation = loaded.case.reservation
    awardable = order if reservation is None else order[scores[order] >= reservation.value]
    if awardable.shape[0]:
        threshold = float(scores[int(awardable[0])])
    else:
        threshold = -np.inf if reservation is None else reservation.value
    flags = Deferred(whole=partial(off_grid_flags, loaded, mapping, table))
    result = BidsResult(
        table,
        mapping,
        scores,
        knock_outs,
        standard_ids,
        order,
        {},
        Deferred(whole=partial(_positions, flags)),
        Deferred(
            each={name: partial(_kept_points, part, table.bad) for name, part in parts.items()}
        ),
        _could_win(loaded, mapping, parts, table.bad, threshold, table.beyond),
        parts=parts,
        off_grid_flags=flags,
    )
    result.recommendation.update(recommend(loaded, result, ignore_unreadable))
    return result


def _evaluate_numpy(
    loaded: LoadedCase, mapping: BidMapping, parts: dict[str, ScorePart], table: BidTable
) -> tuple[Scores, BoolArray, np.ndarray, np.ndarray]:
    """Scores (NaN where unreadable), standards broken, ranking of passing bids, the knocked out."""
    rows = table.rows.shape[0]
    columns = _issue_columns(mapping, parts)
    scores = np.zeros(rows, dtype=np.float64)
    for part in parts.values():
        scores += part.points()  # freed at once: the kept parts are computed on demand
    failing = np.zeros((rows, len(loaded.standard_rules)), dtype=np.bool_, order="F")
    broken = np.zeros(rows, dtype=np.bool_)
    for position, rule in enumerate(loaded.standard_rules.values()):
        np.logical_not(rule_holds(rule, columns, loaded), out=failing[:, position])
        broken |= failing[:, position]
    passing = np.flatnonzero(~table.bad & ~broken)
    scores[table.bad] = np.nan
    knocked = np.flatnonzero(~table.bad & broken)
    return Scores(scores), failing, rank(passing, scores[passing]), knocked


def score_rows(parts: dict[str, ScorePart], bad: BoolArray, positions: np.ndarray) -> FloatArray:
    """The scores of some rows, summed as :func:`_evaluate_numpy` sums them (NaN where unreadable)."""
    scores = np.zeros(positions.shape[0], dtype=np.float64)
    for part in parts.values():
        scores += part.points(positions)
    scores[bad[positions]] = np.nan
    return scores


def _issue_columns(mapping: BidMapping, parts: dict[str, ScorePart]) -> dict[str, np.ndarray]:
    """Issue id -> its column (numbers or option indices), for the rules."""
    return {issue_id: parts[issue_id].values for issue_id in mapping.issues}


def rank(positions: np.ndarray, scores: FloatArray) -> np.ndarray:
    """Positions by score, best first, ties in position order (``positions`` ascending).

    A stable sort on the score keeps ties in position order. (numpy's default sort is faster on
    floats but swaps ties, and scores summed from value curves on two-decimal bids tie often:
    putting the ties back in order cost more than the stable sort saves.)
    """
    return positions[np.argsort(-scores, kind="stable")]


def _positions(flags: Mapping[str, BoolArray]) -> dict[str, np.ndarray]:
    return {header: np.flatnonzero(flagged) for header, flagged in flags.items()}


def _kept_points(part: ScorePart, bad: BoolArray) -> FloatArray:
    """One part of every row's score, NaN on rows with an unreadable cell (as the scores are)."""
    found = part.points()
    found[bad] = np.nan
    return found


def _could_win(
    loaded: LoadedCase,
    mapping: BidMapping,
    parts: dict[str, ScorePart],
    bad: BoolArray,
    threshold: float,
    beyond: Mapping[str, tuple[np.ndarray, FloatArray]],
) -> np.ndarray:
    """Unreadable rows that might have won.

    Such a row breaks no must-have on the values it states, and with every unreadable cell at its
    best value for the bid it would reach ``threshold`` (a number outside its range at the bound
    of :func:`~brightline.offers.bids_reading.beyond_bound`). Only the unreadable rows are looked at, so a clean table of a million bids costs nothing here.
    """
    positions = np.flatnonzero(bad)
    if not positions.shape[0]:
        return positions
    bound = np.zeros(positions.shape[0], dtype=np.float64)
    for part in parts.values():
        points = part.points(positions)
        best = np.full(positions.shape[0], part.best)
        if part.header in beyond:
            # A number outside its range: bounded where the curve is held flat, else not at all.
            outside, most = beyond[part.header]
            where = np.searchsorted(positions, outside)
            best[where] = most
        bound += np.where(np.isnan(points), best, points)
    columns = _issue_columns(mapping, parts)
    subset = {issue_id: column[positions] for issue_id, column in columns.items()}
    known = {issue_id: readable(column) for issue_id, column in subset.items()}
    surely_out = np.zeros(positions.shape[0], dtype=np.bool_)
    for rule in loaded.standard_rules.values():
        surely_out |= rule_known(rule, subset, known, loaded)[1]
    return positions[~surely_out & (bound >= threshold)]


def _awardable(loaded: LoadedCase, result: BidsResult) -> np.ndarray:
    """Passing bids at or above the reservation point, best first."""
    reservation = loaded.case.reservation
    awardable = result.ranked
    if reservation is not None:
        awardable = awardable[result.scores[awardable] >= reservation.value]
    return awardable


def recommend(
    loaded: LoadedCase, result: BidsResult, ignore_unreadable: bool = False
) -> dict[str, Any]:
    """Two-stage award to the best bid, a re-bid with an interim extension, or fix the file."""
    case = loaded.case
    unit = case.case.currency
    setup = case.bids or BidsSetup()
    readable = int((~result.table.bad).sum())
    credits = [
        safeguard.description or safeguard.id
        for safeguard in case.safeguards
        if safeguard.kind is SafeguardKind.SERVICE_CREDITS
    ]
    reservation = case.reservation.value if case.reservation is not None else None
    if result.mapping.unscored and result.ranked.shape[0]:
        missing = ", ".join(result.mapping.unscored)
        return {
            "action": "complete-bids",
            "reasons": [
                f"the table has no column for {missing}: every score leaves "
                f"{'it' if len(result.mapping.unscored) == 1 else 'them'} out, so no bid can be "
                "judged against the reservation point or awarded on it",
                f"ask every bidder that meets the must-haves ({result.ranked.shape[0]} of "
                f"{readable}) to state {missing}, add the column and run again (or map it under "
                "bids.columns in the case)",
            ],
        }
    awardable = _awardable(loaded, result)
    unreadable = int(result.table.bad.sum())
    blocking = [result.row(int(position)) for position in result.could_win]
    # "could not be read", or "... or valued" where a number lies outside its issue's range.
    unread = "could not be read" + (" or valued" if result.table.beyond else "")
    if awardable.shape[0]:
        best = int(awardable[0])
        award = {
            "bidder": result.bidder(best),
            "row": result.row(best),
            "score": json_amount(result.scores[best]),
        }
        passing = result.ranked.shape[0]
        reasons = [
            f"{passing} of {readable} readable {plural_word(readable, 'bid')} "
            f"{'meets' if passing == 1 else 'meet'} every must-have; "
            f"the best scores {amount(float(result.scores[best]), unit)}",
        ]
        if blocking and not ignore_unreadable:
            return {
                "action": "fix-unreadable",
                "rows": blocking,
                "award_if_ignored": award,
                "reasons": [
                    reasons[0],
                    f"{plural_word(len(blocking), 'row')} {row_list(blocking)} {unread} "
                    f"and might have won: {'its' if len(blocking) == 1 else 'their'} readable "
                    "cells break no must-have, and at the best values of the unreadable cells "
                    f"{'it' if len(blocking) == 1 else 'each'} would score at least "
                    f"{amount(float(result.scores[best]), unit)}",
                ],
            }
        if blocking:
            reasons.append(
                f"{plural_word(len(blocking), 'row')} {row_list(blocking)} {unread} and "
                "might have won; set aside on request"
            )
        elif unreadable:
            reasons.append(
                f"{plural(unreadable, 'row')} {unread}, but none could have won: each "
                "breaks a must-have on the values it states, or scores below the best bid even "
                "at the best values of its unreadable cells"
            )
        reasons.append(two_stages(loaded, setup.probation_months))
        return {
            "action": "two-stage-award",
            **award,
            "reasons": reasons,
            "probation": {"months": setup.probation_months, "credits": credits},
        }
    if result.table.rows.shape[0] == 0:
        return {"action": "no-bids", "reasons": ["the table has a header but no bids"]}
    if readable == 0:
        return {
            "action": "fix-errors",
            "reasons": ["no bid could be read; fix the errors listed and run again"],
        }
    passing = result.ranked.shape[0]
    if passing:
        cause = "over-budget"
        best_score = float(result.scores[int(result.ranked[0])])
        floor = reservation or 0.0
        reasons = [
            f"{passing} of {readable} readable {plural_word(readable, 'bid')} "
            f"{'meets' if passing == 1 else 'meet'} every must-have, but the best scores "
            f"{amount(best_score, unit)}, {amount(floor - best_score, unit)} below the "
            f"reservation point of {amount(floor, unit)}: the must-haves are not what blocks "
            "the award, the price is",
            f"ask the {plural(passing, 'compliant bidder')} for a best and final offer: the best "
            f"bid must gain {amount(floor - best_score, unit)} of value to us to be awardable "
            "(a lower price, or better terms on the scored criteria); keep the must-haves as they "
            "are, and keep the reservation point to ourselves: a threshold the bidders know is "
            "the price they will bid",
        ]
    else:
        cause = "must-haves"
        # Only a re-bid needs how many bids failed each must-have (the knock-out matrix).
        counts = result.failing[~result.table.bad].sum(axis=0)
        tightened = [
            {
                "standard": standard_id,
                "rule": to_text(loaded.standard_rules[standard_id]),
                "failed_by": int(counts[column]),
            }
            for column, standard_id in enumerate(result.standard_ids)
            if counts[column]
        ]
        failed = "; ".join(f"{item['rule']} (failed by {item['failed_by']})" for item in tightened)
        reasons = [
            f"none of the {readable} readable {plural_word(readable, 'bid')} meets every must-have",
            f"re-run the tender with each must-have stated as a pass/fail criterion: {failed}",
        ]
    if blocking:
        before = "the best and final round" if passing else "re-tendering"
        reasons.append(
            f"{plural_word(len(blocking), 'row')} {row_list(blocking)} {unread} and might "
            f"have been awardable: fix and re-check them before {before}"
        )
    interim: dict[str, Any] | None = None
    if setup.incumbent is not None:
        incumbent = setup.incumbent
        cost = incumbent.monthly_cost * incumbent.volume_cap * incumbent.months
        interim = {
            "incumbent": incumbent.name,
            "volume_cap": incumbent.volume_cap,
            "months": incumbent.months,
            "monthly_cost": incumbent.monthly_cost,
            "cost": cost,
        }
        reasons.append(
            f"extend {incumbent.name} meanwhile at {incumbent.volume_cap:.0%} of today's volume "
            f"for {quantity(incumbent.months)} {plural_word(incumbent.months, 'month')}: "
            f"{amount(cost, unit)}"
        )
    else:
        interim = interim_from_batna(loaded)
        if interim is not None:
            cap = f" (cap: {interim['cap']})" if interim["cap"] else ""
            reasons.append(
                f"extend the incumbent at capped volume meanwhile{cap}: {interim['basis']}, "
                f"{amount(interim['cost'], unit)} likely"
            )
        else:
            reasons.append(
                "extend the incumbent at capped volume meanwhile; add bids.incumbent "
                "(monthly_cost, volume_cap, months) to the case to cost it"
            )
    if passing:
        # The must-haves did not block the award, so nothing is re-specified or re-tendered:
        # the compliant bidders are asked for a best and final offer (offers.recommendation's
        # answer to the same round), each on the same terms.
        return {
            "action": "best-and-final",
            "cause": cause,
            "reasons": reasons,
            "interim_extension": interim,
            "two_stage_award": "after the best and final offers, "
            + two_stages(loaded, setup.probation_months, ""),
        }
    return {
        "action": "re-bid",
        "cause": cause,
        "reasons": reasons,
        "tightened_specification": tightened,
        "interim_extension": interim,
        "two_stage_award": "in the re-bid, " + two_stages(loaded, setup.probation_months, ""),
    }
