"""The MESO summary and its relaxation lines say what the offers are, in a user's words."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = sorted(Path(__file__).resolve().parents[2].glob("examples/*.yaml"))


def _meso(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "brightline", "meso", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout


def _money(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_summary_range_is_the_offers_own_values(path: Path) -> None:
    """ "N offers worth A to B to us" names the least and greatest offer, not the band's edges."""
    text = _meso(path)
    head = re.search(r"worth ([\d,.]+) \w+ to ([\d,.]+) \w+ to us", text)
    if head is None:
        pytest.skip("no grid")
    ours = [_money(value) for value in re.findall(r"Offer \d+: ours ([\d,.]+)", text)]
    assert (_money(head.group(1)), _money(head.group(2))) == (min(ours), max(ours))


def test_a_higher_band_is_not_called_a_raised_target() -> None:
    """A band moved above the target is no relaxation of the target: say the band moved."""
    text = _meso(next(path for path in EXAMPLES if path.stem == "saas-data-residency"))
    assert "target raised" not in text
    assert "value band moved up from 190,000-211,000 EUR to 219,400-240,400 EUR" in text
