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

When no bid passes (or none that passes reaches the reservation point), the article's procurement
move applies: re-run the tender with the must-haves written into the specification as pass/fail
criteria, and extend the incumbent meanwhile at capped volume (cost from ``bids.incumbent``, else
from the BATNA's time components). When one does, the award is offered in two stages: a
probationary period under an SLA with automatic credits, then the full award.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np

from brightline.case.model import BidsSetup, DiscreteIssue, SafeguardKind
from brightline.case.validate import LoadedCase
from brightline.engine.wording import issue_value_text
from brightline.offers.bids_reading import BidMapping, off_grid
from brightline.offers.bids_table import BidTable, BoolArray, FloatArray
from brightline.offers.evaluate import failing_atoms
from brightline.offers.valuation import amount, json_amount
from brightline.rules import (
    Comparison,
    Expression,
    Implies,
    Membership,
    Not,
    Or,
    atoms,
    evaluate,
    to_text,
)


@dataclass(frozen=True, slots=True)
class BidsResult:
    """Knock-outs, scores and ranks of a bids table, plus the advice that follows.

    Attributes:
        table: The parsed table.
        mapping: Which column holds what.
        scores: Value to us per row (case currency; NaN for rows with errors).
        failing: ``(rows, standards)``: standards each row breaks.
        standard_ids: Column order of ``failing``.
        ranked: Row positions of passing bids, best score first (ties: earlier row first).
        knocked_out: Row positions of readable bids that break a must-have.
        recommendation: The advice (see :func:`recommend`).
        off_grid: Header -> row positions of numbers inside the range but between grid steps
            (scored on the value curve, flagged).
    """

    table: BidTable
    mapping: BidMapping
    scores: FloatArray
    failing: BoolArray
    standard_ids: tuple[str, ...]
    ranked: np.ndarray
    knocked_out: np.ndarray
    recommendation: dict[str, Any]
    off_grid: dict[str, np.ndarray] = field(default_factory=dict)
    blame: dict[str, tuple[np.ndarray, list[list[tuple[str, str]]]]] = field(default_factory=dict)
    readers: dict[str, tuple[tuple[Any, ...] | None, np.ndarray]] = field(default_factory=dict)

    def bidder(self, position: int) -> str:
        """The bidder's name, or ``row N`` when the table has no bidder column."""
        if self.mapping.bidder:
            return self.table.text(self.mapping.bidder, position) or f"row {self.row(position)}"
        return f"row {self.row(position)}"

    def row(self, position: int) -> int:
        """Row number as a spreadsheet shows it."""
        return int(self.table.rows[position])

    def reasons(self, loaded: LoadedCase, position: int) -> list[str]:
        """Why one bid was knocked out: each broken standard with its clause and the bid's value."""
        found: list[str] = []
        for column, standard_id in enumerate(self.standard_ids):
            if not self.failing[position, column]:
                continue
            pattern_of_row, blamed = self._blame(loaded, standard_id, column)
            for issue_id, clause in blamed[int(pattern_of_row[position])]:
                value = issue_value_text(
                    loaded.case, issue_id, self._value(loaded, issue_id, position)
                )
                found.append(f"{standard_id}: needs {clause}, bid has {issue_id} = {value}")
        return found

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
            pattern_of_row = np.full(failing.shape[0], -1, dtype=np.int64)
            pattern_of_row[failing] = inverse.ravel()
            blamed = []
            for code in patterns:
                truth = {id(atom): bool(int(code) >> k & 1) for k, atom in enumerate(parts)}
                clauses = failing_atoms(rule, {}, holds=partial(_truth, atom_truth=truth))
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

    def _value(self, loaded: LoadedCase, issue_id: str, position: int) -> Any:
        if issue_id not in self.readers:
            header = self.mapping.issues[issue_id]
            issue = loaded.case.issue(issue_id)
            if isinstance(issue, DiscreteIssue):
                self.readers[issue_id] = (issue.values(), self.table.options[header])
            else:
                self.readers[issue_id] = (None, self.table.numbers[header])
        options, column = self.readers[issue_id]
        if options is None:
            return float(column[position])
        return options[int(column[position])]

    def to_json(self, loaded: LoadedCase, limit: int | None = None) -> dict[str, Any]:
        """The document of ``brightline bids --format json`` (``limit`` caps each list)."""
        ranked = self.ranked[:limit] if limit else self.ranked
        knocked = self.knocked_out[:limit] if limit else self.knocked_out
        errors = self.table.errors[:limit] if limit else self.table.errors
        flagged = [
            (int(position), header)
            for header, positions in self.off_grid.items()
            for position in positions[: limit or None]
        ]
        flagged.sort()
        return {
            "ranked": [
                {"row": self.row(p), "bidder": self.bidder(p), "score": json_amount(self.scores[p])}
                for p in ranked
            ],
            "knocked_out": [
                {"row": self.row(p), "bidder": self.bidder(p), "reasons": self.reasons(loaded, p)}
                for p in knocked
            ],
            "errors": [
                {"row": error.row, "column": error.column, "message": error.message}
                for error in errors
            ],
            "off_grid": [
                {
                    "row": self.row(position),
                    "column": header,
                    "value": float(self.table.numbers[header][position]),
                    "message": "between grid steps; scored on the value curve",
                }
                for position, header in flagged[: limit or None]
            ],
            "unscored": list(self.mapping.unscored),
            "recommendation": self.recommendation,
        }


def rule_holds(
    expression: Expression, columns: dict[str, np.ndarray], loaded: LoadedCase
) -> BoolArray:
    """Truth of a rule on every bid at once (numbers compared directly; options by lookup)."""
    if isinstance(expression, Comparison | Membership):
        issue = loaded.case.issue(expression.issue)
        values = columns[expression.issue]
        if isinstance(issue, DiscreteIssue):
            table = np.array(
                [evaluate(expression, {issue.id: option}) for option in issue.values()] + [False],
                dtype=np.bool_,
            )
            return np.asarray(table[values], dtype=np.bool_)
        if isinstance(expression, Membership):
            inside = np.isin(values, np.array(expression.values, dtype=np.float64))
            return np.asarray(~inside if expression.negated else inside, dtype=np.bool_)
        literal = float(expression.value)
        compare = {
            "==": np.equal,
            "!=": np.not_equal,
            "<": np.less,
            "<=": np.less_equal,
            ">": np.greater,
            ">=": np.greater_equal,
        }[expression.operator.value]
        return np.asarray(compare(values, literal), dtype=np.bool_)
    if isinstance(expression, Not):
        return ~rule_holds(expression.operand, columns, loaded)
    if isinstance(expression, Implies):
        return ~rule_holds(expression.antecedent, columns, loaded) | rule_holds(
            expression.consequent, columns, loaded
        )
    parts = [rule_holds(operand, columns, loaded) for operand in expression.operands]
    reduce = np.logical_or if isinstance(expression, Or) else np.logical_and
    return np.asarray(reduce.reduce(parts), dtype=np.bool_)


def evaluate_bids(loaded: LoadedCase, mapping: BidMapping, table: BidTable) -> BidsResult:
    """Knock out, score and rank every readable bid (vectorised over rows)."""
    rows = table.rows.shape[0]
    columns: dict[str, np.ndarray] = {}
    scores = np.zeros(rows, dtype=np.float64)
    for issue_id, header in mapping.issues.items():
        issue = loaded.case.issue(issue_id)
        if isinstance(issue, DiscreteIssue):
            picked = table.options[header]
            columns[issue_id] = picked
            ours = np.array([option.ours for option in issue.options] + [np.nan])
            scores += ours[picked]
        else:
            values = table.numbers[header]
            columns[issue_id] = values
            anchors = np.array(issue.ours, dtype=np.float64)
            scores += np.interp(values, anchors[:, 0], anchors[:, 1])
    for header, weight in mapping.criteria.items():
        scores += weight * table.numbers[header]
    standard_ids = tuple(loaded.standard_rules)
    failing = np.zeros((rows, len(standard_ids)), dtype=np.bool_)
    for column, standard_id in enumerate(standard_ids):
        failing[:, column] = ~rule_holds(loaded.standard_rules[standard_id], columns, loaded)
    readable = ~table.bad
    knocked = readable & failing.any(axis=1)
    passing = np.flatnonzero(readable & ~knocked)
    order = passing[np.lexsort((passing, -scores[passing]))]
    scores[table.bad] = np.nan
    result = BidsResult(
        table,
        mapping,
        scores,
        failing,
        standard_ids,
        order,
        np.flatnonzero(knocked),
        {},
        off_grid(loaded, mapping, table),
    )
    result.recommendation.update(recommend(loaded, result))
    return result


def recommend(loaded: LoadedCase, result: BidsResult) -> dict[str, Any]:
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
    awardable = result.ranked
    if reservation is not None:
        awardable = awardable[result.scores[awardable] >= reservation]
    if awardable.shape[0]:
        best = int(awardable[0])
        return {
            "action": "two-stage-award",
            "bidder": result.bidder(best),
            "row": result.row(best),
            "score": json_amount(result.scores[best]),
            "reasons": [
                f"{result.ranked.shape[0]} of {readable} readable bid{'s' if readable != 1 else ''} "
                f"meet{'s' if result.ranked.shape[0] == 1 else ''} every must-have; "
                f"the best scores {amount(float(result.scores[best]), unit)}",
                f"award in two stages: a {setup.probation_months}-month probation under an SLA "
                "with automatic service credits, then the full award if the SLA holds",
            ],
            "probation": {"months": setup.probation_months, "credits": credits},
        }
    if result.table.rows.shape[0] == 0:
        return {"action": "no-bids", "reasons": ["the table has a header but no bids"]}
    if readable == 0:
        return {
            "action": "fix-errors",
            "reasons": ["no bid could be read; fix the errors listed and run again"],
        }
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
    if result.ranked.shape[0]:
        best_score = float(result.scores[int(result.ranked[0])])
        verdict = (
            f"{result.ranked.shape[0]} of {readable} readable bid{'s' if readable != 1 else ''} "
            f"meet{'s' if result.ranked.shape[0] == 1 else ''} every must-have, but the "
            f"best scores {amount(best_score, unit)}, below the reservation point of "
            f"{amount(reservation or 0.0, unit)}"
        )
    else:
        verdict = f"none of the {readable} readable bids meets every must-have"
    reasons = [
        verdict,
        "re-run the tender with each must-have stated as a pass/fail criterion: "
        + "; ".join(f"{item['rule']} (failed by {item['failed_by']})" for item in tightened),
    ]
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
            f"for {incumbent.months:g} months: {amount(cost, unit)}"
        )
    else:
        interim = _interim_from_batna(loaded)
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
    return {
        "action": "re-bid",
        "reasons": reasons,
        "tightened_specification": tightened,
        "interim_extension": interim,
        "two_stage_award": (
            f"in the re-bid, award in two stages: a {setup.probation_months}-month probation "
            "under an SLA with automatic service credits, then the full award"
        ),
    }


def _interim_from_batna(loaded: LoadedCase) -> dict[str, Any] | None:
    """Without ``bids.incumbent``, cost the interim from the BATNA's time components.

    A re-bid's waiting cost is what the BATNA's time components describe (weeks × cost per week),
    and a ``volume_cap`` tradeable says how the extension is capped.
    """
    case = loaded.case
    if case.batna is None:
        return None
    timed = [c for c in case.batna.components if c.weeks is not None and c.cost_per_week]
    if not timed:
        return None
    cost = sum(c.weeks.likely * (c.cost_per_week or 0.0) for c in timed if c.weeks is not None)
    basis = "; ".join(
        f"{c.name}: {c.weeks.likely:g} weeks × {c.cost_per_week:,.0f} {case.case.currency}/week"
        for c in timed
        if c.weeks is not None and c.cost_per_week is not None
    )
    caps = [t.description or t.id for t in case.tradeables if t.kind.value == "volume_cap"]
    return {"incumbent": None, "cost": cost, "basis": basis, "cap": caps[0] if caps else None}


def _truth(expression: Expression, atom_truth: dict[int, bool]) -> bool:
    """Truth of a rule from the known truth of each of its atoms (by identity)."""
    if isinstance(expression, Comparison | Membership):
        return atom_truth[id(expression)]
    if isinstance(expression, Not):
        return not _truth(expression.operand, atom_truth)
    if isinstance(expression, Implies):
        return (not _truth(expression.antecedent, atom_truth)) or _truth(
            expression.consequent, atom_truth
        )
    values = [_truth(operand, atom_truth) for operand in expression.operands]
    return any(values) if isinstance(expression, Or) else all(values)
