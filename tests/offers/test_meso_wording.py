"""The MESO summary and its relaxation lines say what the offers are, in a user's words."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = sorted(Path(__file__).resolve().parents[2].glob("examples/*.yaml"))


def _meso(cli: Any, path: Path) -> str:
    return str(cli("meso", str(path)).stdout)


def _money(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_summary_range_is_the_offers_own_values(cli: Any, path: Path) -> None:
    """ "N offers worth A to B to us" names the least and greatest offer, not the band's edges."""
    text = _meso(cli, path)
    head = re.search(r"worth ([\d,.]+) \w+ to ([\d,.]+) \w+ to us", text)
    if head is None:
        pytest.skip("no grid")
    ours = [_money(value) for value in re.findall(r"Offer \d+: ours ([\d,.]+)", text)]
    assert (_money(head.group(1)), _money(head.group(2))) == (min(ours), max(ours))


def test_a_higher_band_is_not_called_a_raised_target(cli: Any) -> None:
    """A band moved above the target is no relaxation of the target: say the band moved."""
    text = _meso(cli, next(path for path in EXAMPLES if path.stem == "saas-data-residency"))
    assert "target raised" not in text
    assert "value band moved up: 190,000–211,000 EUR asked, 219,400–240,400 EUR used" in text


def test_a_band_reads_as_a_range_with_either_sign() -> None:
    """'-25,750--23,600 EUR' read as neither a range nor two numbers: a negative band says so."""
    from brightline.report.sections.meso import band_text

    assert band_text(190000, 21000, "EUR") == "190,000–211,000 EUR"
    assert band_text(-25750, 2150, "EUR") == "from -25,750 EUR to -23,600 EUR"
    assert band_text(-1000, 3000, "EUR") == "from -1,000 EUR to 2,000 EUR"
