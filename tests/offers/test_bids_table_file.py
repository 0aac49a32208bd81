"""A bids table read from its file (polars parses it in place) gives what its bytes give.

The CLI hands ``read_bids`` a :class:`~brightline.services.files.TableFile` so a million-row CSV
is not copied into memory first; every file must still read, and fail, exactly as its bytes do.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_bids import bids_case

from brightline.errors import BrightlineError
from brightline.offers.bids import evaluate_bids
from brightline.offers.bids_reading import read_bids
from brightline.services.files import TableFile
from meso_cases import load

HEADER = b"bidder,residency,discount\n"
BODIES = {
    "plain": HEADER + b"A,eu_only,5\nB,global,0\nC,eu_only,10\n",
    "crlf": HEADER.replace(b"\n", b"\r\n") + b"A,eu_only,5\r\nB,eu_only,0\r\n",
    "bom": b"\xef\xbb\xbf" + HEADER + b"A,eu_only,5\n",
    "bad cells": HEADER + b"A,eu_only,ten\nB,mars,5\nC,eu_only\n",
    "quoted": HEADER + b'"A, Ltd",eu_only,5\n',
    "not utf-8": HEADER + "Müller,eu_only,5\n".encode("latin-1"),
    "header only": HEADER,
    "empty": b"",
    "no column": b"bidder,price\nA,5\n",
    "out of range": HEADER + b"A,eu_only,5\nB,eu_only,-50\n",
}


def _outcome(loaded: object, data: bytes | TableFile, name: str) -> str:
    try:
        mapping, table = read_bids(loaded, data, name)  # type: ignore[arg-type]
    except BrightlineError as error:
        return f"error: {error}"
    result = evaluate_bids(loaded, mapping, table)  # type: ignore[arg-type]
    return json.dumps(result.to_json(loaded), sort_keys=True)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", sorted(BODIES))
def test_a_table_file_reads_as_its_bytes(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "bids.csv"
    path.write_bytes(BODIES[kind])
    loaded = load(bids_case())
    assert _outcome(loaded, TableFile.of(path), str(path)) == _outcome(
        loaded, path.read_bytes(), str(path)
    )
