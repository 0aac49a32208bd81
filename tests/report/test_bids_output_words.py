"""What ``bids`` hands a committee: values beside scores, rounded scores, the case's own words, wrapping.

The ranking file held each issue's score where a committee looks for the bid (a price of 20.85
next to -450,000), and unrounded scores (-66666.66666666855); a hiring case was advised an "SLA
probation"; long recommendation lines ran past an 80-column terminal.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

HIRE_BIDS = (
    "bidder,base_salary,signing_bonus,level,review_month,remote_days\n"
    "A,125000,5000,staff,6,4\n"
    "C,118000,0,staff,6,4\n"
    "D,1265000,0,staff,6,4\n"
)


def test_the_ranking_file_gives_each_bids_value_beside_its_rounded_score(
    cli: Any, tmp_path: Path
) -> None:
    output = tmp_path / "ranking.csv"
    case, table = EXAMPLES / "city-services-rfp.yaml", EXAMPLES / "city-services-bids.csv"
    result = cli("bids", str(case), str(table), "--output", str(output), "--ignore-unreadable")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8"))))
    first = rows[0]
    assert first["bidder"] == "Ironbridge Waste"
    assert first["score (USD)"] == "-66666.67"  # was -66666.66666666855
    assert first["annual_price"] == "20.85"  # the bid, as read
    assert first["annual_price score (USD)"] == "-450000.0"  # its part of the score
    assert first["inspections"] == "independent_quarterly"
    knocked = next(row for row in rows if row["status"] == "knocked out")
    assert knocked["safety_level"] and knocked["safety_level score (USD)"] == ""


def test_a_hiring_award_is_worded_with_the_cases_own_safeguards(cli: Any, tmp_path: Path) -> None:
    table = tmp_path / "hire.csv"
    table.write_text(HIRE_BIDS, encoding="utf-8")
    result = cli("bids", str(EXAMPLES / "senior-hire-pay-band.yaml"), str(table))
    assert result.exit_code == 0, result.output
    advice = result.stdout.split("Recommendation:")[1]
    assert "SLA" not in advice and "service credits" not in advice
    assert "6-month probation period" in advice
    assert "The six-month review and its milestones are written into the offer letter" in advice


@pytest.mark.parametrize("columns", [80, 120])
def test_recommendation_reasons_wrap_to_the_terminal_under_a_hanging_indent(
    cli: Any, monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    from brightline.cli import offer_commands

    case, table = EXAMPLES / "city-services-rfp.yaml", EXAMPLES / "city-services-bids.csv"
    whole = cli("bids", str(case), str(table)).stdout.split("Recommendation:")[1]
    monkeypatch.setattr(offer_commands, "terminal_width", lambda: columns)
    result = cli("bids", str(case), str(table))
    advice = result.stdout.split("Recommendation:")[1].splitlines()[1:]
    assert all(len(line) <= columns for line in advice)
    assert all(line.startswith(("  - ", "    ")) for line in advice)
    assert any(line.startswith("    ") for line in advice)  # a reason continued
    assert " ".join(" ".join(advice).split()) == " ".join(whole.split()[1:])


def test_off_a_terminal_each_reason_stays_on_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from brightline.cli.offer_commands import terminal_width

    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert terminal_width() is None
