"""The examples' gate verdicts, locked; and the examples README states the same verdicts."""

from __future__ import annotations

import re

import pytest

from brightline.engine import warrant_gate
from brightline.services import load_case
from conftest import EXAMPLES

VERDICTS = {
    "saas-data-residency.yaml": "integrative-first",
    "saas-pilot-expansion.yaml": "integrative-first",
    "healthcare-data-partnership.yaml": "integrative-first",
    "city-services-rfp.yaml": "integrative-first",
    "security-level-vendor.yaml": "integrative-first",
    "integrative-deal-not-warranted.yaml": "integrative-first",
    "senior-hire-pay-band.yaml": "lose-lose-warranted",
    "leadership-safety-gate.yaml": "lose-lose-warranted",
}


@pytest.mark.parametrize("name", sorted(VERDICTS))
def test_example_verdict_is_locked(name: str) -> None:
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"{name} is not in examples/ (yet)")
    result = warrant_gate(load_case(path))
    assert result.verdict.value == VERDICTS[name], result.reasons
    assert result.reasons
    assert all(standard.feasible for standard in result.standards)


def test_readme_verdicts_match_the_gate() -> None:
    readme = EXAMPLES / "README.md"
    if not readme.exists():
        pytest.skip("examples/README.md is absent")
    rows = re.findall(
        r"^\| \[([\w\-]+\.yaml)\]\([^)]*\) \|[^|]*\|[^|]*\| ([a-z\-]+)", readme.read_text(), re.M
    )
    assert rows, "no example rows with a verdict found in examples/README.md"
    for name, verdict in rows:
        result = warrant_gate(load_case(EXAMPLES / name))
        assert result.verdict.value == verdict, (name, result.reasons)
