"""The streamed ``bids -f json`` document is the compact layout of ``to_json``, byte for byte.

The two long lists are encoded by polars a batch at a time, on two threads
(:func:`brightline.offers.bids_json_lines.encoded_blocks`); the document must not depend on how
the rows were batched or which thread encoded them, and each entry must read exactly as Python's
own encoder writes the entry built from dicts: names with quotes, backslashes, tabs and Unicode
escaped the same way, every amount written as the shortest float that reads back.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from brightline.offers.bids import BidsResult, evaluate_bids
from brightline.offers.bids_reading import read_bids
from brightline.report.bids_files import json_chunks
from factories import minimal_case
from meso_cases import load

NAMES = [
    "Acme Ltd",
    "Müller & Söhne GmbH",
    "北京 Procurement Co.",
    "Back\\slash Systems",
    "Tab\tSeparated Inc",
    "Zoë's Café",
    "emoji 🚀 Labs",
    "Ünïcödé \u00a0 nbsp",
    "slash / and < > &",
]


@pytest.fixture(scope="module")
def case() -> Any:
    document = minimal_case()
    document["case"]["context"] = "procurement"
    document["issues"].append(
        {
            "kind": "numeric",
            "id": "delivery",
            "dimension": "timing",
            "range": {"min": 0, "max": 8, "step": 1, "unit": "weeks"},
            "ours": [[0, 0], [2, -1000.5], [8, -16000.25]],
            "theirs": [[0, 0], [8, 8000]],
        }
    )
    document["standards"].append(
        {**document["standards"][0], "id": "cap", "rule": "discount <= 15 or delivery < 4"}
    )
    document["bids"] = {"criteria": [{"column": "support", "weight": 0.37}]}
    return load(document)


def _table(rows: int, quoted: bool, seed: int = 3) -> bytes:
    """A few thousand bids with awkward names; ``quoted`` adds names with quotes (csv path)."""
    rng = np.random.default_rng(seed)
    names = [*NAMES, 'Say "hello", Ltd'] if quoted else NAMES
    lines = ["bidder,residency,discount,delivery,support"]
    for index in range(rows):
        name = f"{names[index % len(names)]} {index}"
        if '"' in name or "," in name:
            name = '"' + name.replace('"', '""') + '"'
        lines.append(
            ",".join(
                [
                    name,
                    str(rng.choice(["eu_only", "global"], p=[0.7, 0.3])),
                    f"{rng.integers(0, 2001) / 100:.2f}",
                    f"{rng.integers(0, 801) / 100:.2f}",
                    str(rng.choice(["0", "1", "2.5", "12345.678", "0.001"])),
                ]
            )
        )
    return ("\n".join(lines) + "\n").encode()


def _evaluate(case: Any, data: bytes) -> BidsResult:
    mapping, table = read_bids(case, data, "bids.csv")
    return evaluate_bids(case, mapping, table)


def compact_layout(document: dict[str, Any]) -> str:
    """The layout ``json_chunks`` promises: long lists one compact entry per line, rest indented."""
    parts = []
    for key, value in document.items():
        if key in {"ranked", "knocked_out", "errors", "off_grid"} and value:
            # The long lists come from polars, compact; the short ones from Python's encoder.
            separators = (",", ":") if key in {"ranked", "knocked_out"} else (", ", ": ")
            entries = ",\n    ".join(
                json.dumps(entry, ensure_ascii=False, separators=separators) for entry in value
            )
            parts.append(f"\n  {json.dumps(key)}: [\n    {entries}\n  ]")
        else:
            text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            parts.append(f"\n  {json.dumps(key)}: {text}")
    return "{" + ",".join(parts) + "\n}\n"


@pytest.mark.parametrize("quoted", [False, True], ids=["typed path", "csv module path"])
def test_streamed_json_is_the_compact_layout_of_the_document(case: Any, quoted: bool) -> None:
    result = _evaluate(case, _table(1200, quoted))
    assert result.ranked.shape[0] > 200 and result.knocked_out.shape[0] > 200
    expected = compact_layout(result.to_json(case))
    for batch in (20_000, 150):  # one block, and many blocks on two threads
        assert "".join(json_chunks(case, result, batch=batch)) == expected, batch


def test_only_values_a_reason_cites_are_worded(case: Any) -> None:
    result = _evaluate(case, _table(1200, False))
    "".join(json_chunks(case, result))
    unique, _ = result.worded["delivery"]
    # ``delivery`` is only cited by rows with a discount above 15 that deliver in 4 weeks or more.
    values = result.table.numbers["delivery"][result.knocked_out]
    discounts = result.table.numbers["discount"][result.knocked_out]
    cited = np.unique(values[(discounts > 15) & (values >= 4)])
    np.testing.assert_array_equal(unique, cited)
    assert unique.shape[0] < np.unique(values).shape[0]
