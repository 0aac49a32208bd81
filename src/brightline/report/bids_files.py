"""The bids ranking as files: streamed JSON and the table every ranking file holds (pure: strings).

``bids --format json`` and ``bids --output ranking.json`` write :func:`json_chunks`; ``.csv`` and
``.xlsx`` rankings hold :func:`ranking_rows`, every bid with each criterion's part of its score,
so an evaluation committee can explain every rank. Writing them to disk is
:func:`brightline.services.offers.write_ranking`'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from brightline.amounts import finite_json


def json_chunks(loaded: Any, result: Any, batch: int = 20_000) -> Iterator[str]:
    """The JSON document in pieces, one list entry per line, never all of it in memory.

    ``json.dumps`` with ``indent`` runs in pure Python. Each entry of the two long lists is
    encoded compactly on its own line, by polars a batch at a time
    (:mod:`brightline.offers.bids_json_lines`), so a million bids stay fast and the output stays
    readable and valid; the short lists go through CPython's C encoder.
    """
    from brightline.offers.bids_json import json_sections

    encode = _entry_encoder()
    yield "{"
    current = ""
    first_entry = True
    opened = False
    for key, value, kind in json_sections(result, loaded, batch):
        if key != current:
            if current:
                yield "\n  ]," if opened else ","
            current, opened, first_entry = key, False, True
            if kind != "value" and value:
                yield f"\n  {json.dumps(key)}: ["
                opened = True
            else:
                text = json.dumps(finite_json(value), ensure_ascii=False, allow_nan=False, indent=2)
                yield f"\n  {json.dumps(key)}: {text.replace(chr(10), chr(10) + '  ')}"
                continue
        yield "\n    " if first_entry else ",\n    "
        yield value if kind == "block" else ",\n    ".join(map(encode, value))
        first_entry = False
    yield "\n  ]\n}\n" if opened else "\n}\n"


def _entry_encoder() -> Any:
    """A compact JSON encoder for one entry, built once.

    ``JSONEncoder.encode`` builds a new C encoder on every call, which costs more than encoding a
    small entry; over a million entries the C encoder is built once and called directly
    (the pure-Python encoder where CPython's accelerator is missing).
    """
    from json import encoder

    make = getattr(encoder, "c_make_encoder", None)
    basestring = getattr(encoder, "c_encode_basestring", None)
    if make is None or basestring is None:
        return json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": ")).encode

    def refuse(value: Any) -> Any:
        raise TypeError(f"not JSON serialisable: {type(value).__name__}")

    c_encoder = make(None, refuse, basestring, None, ": ", ", ", False, False, False)
    return lambda value: "".join(c_encoder(value, 0))


def ranking_rows(result: Any, loaded: Any) -> Iterator[list[Any]]:
    """The ranking as a table: header, then every bid (ranked, knocked out, unreadable).

    Each issue and criterion has two columns: the bid's value as read (``price``: 845,000) and
    its part of the score (``price score (EUR)``), so a committee sees what was bid next to what
    it was worth; scores are values to us in the case currency, rounded as printed (cents).
    """
    from brightline.offers.valuation import json_amount

    names = list(result.points)
    unit = loaded.case.case.currency
    parts = [column for name in names for column in (name, f"{name} score ({unit})")]
    yield ["status", "rank", "row", "bidder", f"score ({unit})", *parts, "reasons"]
    value_of = _bid_values(result, loaded, names)
    for place, position in enumerate(result.ranked, start=1):
        breakdown = result.breakdown(int(position))
        yield [
            "ranked",
            place,
            result.row(int(position)),
            result.bidder(int(position)),
            json_amount(float(result.scores[position])),
            *(cell for name in names for cell in (value_of(name, position), breakdown[name])),
            "",
        ]
    for position in result.knocked_out:
        yield [
            "knocked out",
            None,
            result.row(int(position)),
            result.bidder(int(position)),
            None,
            *(cell for name in names for cell in (value_of(name, position), None)),
            "; ".join(result.reasons(loaded, int(position))),
        ]
    messages: dict[int, list[str]] = {}
    for error in result.table.errors:
        column = f"{error.column}: " if error.column else ""
        messages.setdefault(error.row, []).append(column + error.message)
    for position in [int(p) for p in range(result.table.rows.shape[0]) if result.table.bad[p]]:
        yield [
            "unreadable",
            None,
            result.row(position),
            result.bidder(position),
            None,
            *(cell for name in names for cell in (value_of(name, position), None)),
            "; ".join(messages.get(result.row(position), [])),
        ]


def _bid_values(result: Any, loaded: Any, names: list[str]) -> Any:
    """``value_of(name, position)``: a bid's value of an issue or criterion as read (None if not)."""
    import math

    from brightline.case.model import DiscreteIssue

    options: dict[str, list[str]] = {}
    headers: dict[str, str] = {}
    for name in names:
        header = result.mapping.issues.get(name, name)
        headers[name] = header
        issue = loaded.case.issue(name) if name in result.mapping.issues else None
        if isinstance(issue, DiscreteIssue):
            options[name] = [str(value) for value in issue.values()]

    def value_of(name: str, position: Any) -> Any:
        if name in options:
            index = int(result.table.options[headers[name]][position])
            return options[name][index] if index >= 0 else None
        number = float(result.table.numbers[headers[name]][position])
        return None if math.isnan(number) else number

    return value_of
