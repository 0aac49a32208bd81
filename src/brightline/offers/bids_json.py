"""The JSON document of a bids evaluation, built column by column so a million rows stay cheap.

A tender of 10^6 bids gives a document of 10^6 ranked or knocked-out entries. Building it one bid at a
time (a Python call per value, a reason string formatted per row) took 20 s and 3.3 GB; here every
list is built from whole columns: amounts are rounded with numpy, each distinct bid value is worded
once, and each knock-out clause is explained once per pattern of failing atoms. Callers that print
the document take it in batches (:func:`json_sections`), so the whole of it never sits in memory;
the two long lists come encoded by polars (:mod:`brightline.offers.bids_json_lines`), the entries
built here as dicts are for the short lists of ``--limit`` and for tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from brightline.case.model import DiscreteIssue
from brightline.case.validate import LoadedCase
from brightline.engine.wording import issue_value_text

if TYPE_CHECKING:
    from brightline.offers.bids import BidsResult

OFF_GRID_MESSAGE = "between grid steps; scored on the value curve"
OFF_GRID_ROWS = 10_000
"""Rows listed per off-grid column: a flag, not a judgment; past this the count says how many."""


def amounts(values: np.ndarray) -> list[float]:
    """:func:`~brightline.offers.valuation.json_amount` over a column, as a list."""
    found: list[float] = amount_column(values).tolist()
    return found


def amount_column(values: np.ndarray) -> np.ndarray:
    """:func:`~brightline.offers.valuation.json_amount` over a column, as floats.

    Cents from 100 up, six significant digits below: vectorised for the many large values, exact
    for the rest.
    """
    values = np.asarray(values, dtype=np.float64)
    found = np.round(values, 2)
    for index in np.flatnonzero(np.abs(values) < 100).tolist():
        found[index] = float(f"{values[index]:.6g}")
    return found


def names(result: BidsResult, positions: np.ndarray) -> list[str]:
    """Bidder names of some rows (``row N`` where a row has none)."""
    rows = result.table.rows[positions].tolist()
    if not result.mapping.bidder:
        return [f"row {row}" for row in rows]
    found = result.table.texts[result.mapping.bidder].many(positions)
    return [name or f"row {row}" for name, row in zip(found, rows, strict=True)]


def ranked_entries(result: BidsResult, positions: np.ndarray) -> list[dict[str, Any]]:
    """``{row, bidder, score, by_criterion}`` for ranked rows."""
    criteria = list(result.points)
    parts = [amounts(result.part_points(name, positions)) for name in criteria]
    by_row = zip(*parts, strict=True) if parts else iter([() for _ in range(positions.shape[0])])
    return [
        {
            "row": row,
            "bidder": bidder,
            "score": score,
            "by_criterion": dict(zip(criteria, values, strict=True)),
        }
        for row, bidder, score, values in zip(
            result.table.rows[positions].tolist(),
            names(result, positions),
            amounts(result.scores[positions]),
            by_row,
            strict=True,
        )
    ]


def reasons(result: BidsResult, loaded: LoadedCase, positions: np.ndarray) -> list[list[str]]:
    """Why each of some knocked-out rows failed: every broken clause with the bid's value.

    Clauses come once per pattern of atom truths (:meth:`BidsResult.blame_patterns`), values are
    worded once per distinct value, and strings are joined with numpy over object arrays.
    """
    found: list[list[str]] = [[] for _ in range(positions.shape[0])]
    texts: dict[str, np.ndarray] = {}
    for column, standard_id in enumerate(result.standard_ids):
        failing = np.flatnonzero(result.failing[positions, column])
        if not failing.shape[0]:
            continue
        pattern_of_row, blamed = result.blame_patterns(loaded, standard_id, column)
        patterns = pattern_of_row[positions[failing]]
        for pattern in np.unique(patterns).tolist():
            members = failing[patterns == pattern]
            for issue_id, clause in blamed[pattern]:
                if issue_id not in texts:
                    texts[issue_id] = _value_texts(result, loaded, issue_id, positions)
                prefix = f"{standard_id}: needs {clause}, bid has {issue_id} = "
                for index, text in zip(
                    members.tolist(), (prefix + texts[issue_id][members]).tolist(), strict=True
                ):
                    found[index].append(text)
    return found


def _value_texts(
    result: BidsResult, loaded: LoadedCase, issue_id: str, positions: np.ndarray
) -> np.ndarray:
    """Each row's value of one issue, worded as people read it (each distinct value once)."""
    texts, index = value_index(result, loaded, issue_id, positions)
    picked: np.ndarray = np.array(texts, dtype=object)[index]
    return picked


def value_index(
    result: BidsResult, loaded: LoadedCase, issue_id: str, positions: np.ndarray
) -> tuple[list[str], np.ndarray]:
    """The worded values of one issue (``?`` last) and, per row, the index of its own (-1: ``?``).

    Options are worded by name; numbers once per distinct value among the knocked-out rows whose
    reasons cite the issue (:func:`citing_rows`), for all batches.
    """
    header = result.mapping.issues[issue_id]
    issue = loaded.case.issue(issue_id)
    if isinstance(issue, DiscreteIssue):
        options = [str(value) for value in issue.values()] + ["?"]
        return options, np.asarray(result.table.options[header][positions], dtype=np.int64)
    values = result.table.numbers[header]
    if issue_id not in result.worded:
        unique = np.unique(values[citing_rows(result, loaded, issue_id)])
        texts = [issue_value_text(loaded.case, issue_id, float(value)) for value in unique.tolist()]
        result.worded[issue_id] = (unique, np.array([*texts, "?"], dtype=object))
    unique, worded = result.worded[issue_id]
    wanted = values[positions]
    index = np.searchsorted(unique, wanted)
    index[
        (index >= unique.shape[0]) | (unique[np.minimum(index, unique.shape[0] - 1)] != wanted)
    ] = -1
    return worded.tolist(), index


def citing_rows(result: BidsResult, loaded: LoadedCase, issue_id: str) -> np.ndarray:
    """Knocked-out rows with a reason that cites the issue's value: the only values worded.

    On 10^6 bids the knocked-out rows hold 10,000 distinct values per numeric issue, but a clause
    such as ``c00 >= 3`` is only cited by rows below 3 (300 values): wording every distinct value
    in Python cost more than encoding the entries.
    """
    citing = np.zeros(result.table.rows.shape[0], dtype=np.bool_)
    for column, standard_id in enumerate(result.standard_ids):
        if not result.failing[:, column].any():
            continue
        pattern_of_row, blamed = result.blame_patterns(loaded, standard_id, column)
        patterns = [
            code for code, clauses in enumerate(blamed) if any(i == issue_id for i, _ in clauses)
        ]
        if patterns:
            citing |= np.isin(pattern_of_row, np.array(patterns, dtype=pattern_of_row.dtype))
    citing &= ~result.table.bad
    return np.flatnonzero(citing)


def knocked_entries(
    result: BidsResult, loaded: LoadedCase, positions: np.ndarray
) -> list[dict[str, Any]]:
    """``{row, bidder, reasons}`` for knocked-out rows."""
    return [
        {"row": row, "bidder": bidder, "reasons": why}
        for row, bidder, why in zip(
            result.table.rows[positions].tolist(),
            names(result, positions),
            reasons(result, loaded, positions),
            strict=True,
        )
    ]


def error_entries(result: BidsResult, limit: int | None = None) -> list[dict[str, Any]]:
    """Every unreadable cell or row, with the sheet for spreadsheets and a remedy where one reads."""
    errors = result.table.errors[:limit] if limit else result.table.errors
    sheet = {"sheet": result.table.sheet} if result.table.sheet else {}
    return [
        {
            "row": error.row,
            "column": error.column,
            "message": error.message,
            **sheet,
            **({"remedy": error.remedy.value} if error.remedy else {}),
        }
        for error in errors
    ]


def off_grid_entries(result: BidsResult, limit: int | None = None) -> list[dict[str, Any]]:
    """One entry per column: how many values lie between grid steps, and the first rows.

    A tender quoting exact prices puts every value off a coarse grid; listing ten million row
    numbers would triple the document for a flag, so each column lists its first
    :data:`OFF_GRID_ROWS` rows and ``count`` says how many there are.
    """
    shown = min(limit or OFF_GRID_ROWS, OFF_GRID_ROWS)
    return [
        {
            "column": header,
            "count": count,
            "rows": result.table.rows[result.off_grid_first(header, shown)].tolist(),
            "message": OFF_GRID_MESSAGE,
        }
        for header, count in result.off_grid_counts().items()
    ]


def to_json(result: BidsResult, loaded: LoadedCase, limit: int | None = None) -> dict[str, Any]:
    """The whole document at once (``limit`` caps each list)."""
    ranked = result.ranked[:limit] if limit else result.ranked
    knocked = result.knocked_out[:limit] if limit else result.knocked_out
    return {
        "ranked": ranked_entries(result, ranked),
        "knocked_out": knocked_entries(result, loaded, knocked),
        "errors": error_entries(result, limit),
        "off_grid": off_grid_entries(result, limit),
        "unscored": list(result.mapping.unscored),
        "recommendation": result.recommendation,
    }


def json_sections(
    result: BidsResult, loaded: LoadedCase, batch: int = 20_000
) -> Iterator[tuple[str, Any, str]]:
    """The document's keys in order, the two long lists in batches.

    Batches of 20,000 entries (a few MB of text each): on 10^6 bids, batches of 100,000 doubled
    the system time (each 30 MB block is fresh memory, faulted in and given back) for no gain in
    polars' time.

    Yields ``(key, value, kind)``: kind ``value`` for a value, ``entries`` for a list of entries,
    ``block`` for a batch of entries already encoded as JSON, one per line, joined by
    :data:`~brightline.offers.bids_json_lines.SEPARATOR` (``ranked`` and ``knocked_out``, once per
    batch), so a printer never holds all of them.
    """
    from brightline.offers.bids_polars import available

    for key, positions in (("ranked", result.ranked), ("knocked_out", result.knocked_out)):
        if not positions.shape[0]:
            yield key, [], "entries"
        elif available():
            from brightline.offers.bids_json_lines import encoded_blocks

            for block in encoded_blocks(result, loaded, key == "ranked", positions, batch):
                yield key, block, "block"
        else:  # without polars: the same entries, built as dicts
            for start in range(0, positions.shape[0], batch):
                part = positions[start : start + batch]
                entries = (
                    ranked_entries(result, part)
                    if key == "ranked"
                    else knocked_entries(result, loaded, part)
                )
                yield key, entries, "entries"
    yield "errors", error_entries(result), "entries"
    yield "off_grid", off_grid_entries(result), "entries"
    yield "unscored", list(result.mapping.unscored), "value"
    yield "recommendation", result.recommendation, "value"
