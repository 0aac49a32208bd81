"""``brightline evaluate`` output: Markdown pinned by a golden file, plurals that agree."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GOLDEN = Path(__file__).resolve().parents[1] / "golden"
BANK = "residency=global,scope=enterprise,audit=none,discount=20,start_week=2"


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("BRIGHTLINE_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; if on purpose, rerun with BRIGHTLINE_UPDATE_GOLDEN=1 and review the diff"
    )


def test_evaluate_markdown_matches_the_golden_file(cli: Any) -> None:
    path = str(EXAMPLES / "saas-data-residency.yaml")
    result = cli("evaluate", path, "--offer", BANK, "--format", "markdown")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Evaluate: Nordbank analytics platform renewal\n")
    assert "\n## Standards\n" in text and "\n| counter | changes |" in text
    assert "\n> " in text and "Recommendation:" in text
    _golden("evaluate-saas-data-residency.md", text)


def test_markdown_of_a_pause_has_no_counters_table_claims_and_plurals_agree(cli: Any) -> None:
    path = str(EXAMPLES / "leadership-safety-gate.yaml")
    offer = "general_launch_week=6,lab_slot=standard,beta_units=0,beta_controls=none"
    text = cli("evaluate", path, "--offer", offer, "-f", "markdown").stdout
    assert text.startswith("# Evaluate: ")
    assert "The offer breaks 1 standard." in text
    assert "| yes |" in text  # counters below their alternative are flagged likely refused
    plain = cli("evaluate", path, "--offer", offer).stdout
    assert "(1 change)" in plain and "likely refused" in plain
    assert not re.search(r"\b1 (changes|standards|issues)\b", plain + text)
    assert "(s)" not in plain and "(s)" not in text


def test_a_failed_numeric_clause_reads_as_money_with_its_unit(cli: Any) -> None:
    """'needs base_salary <= 130000' printed money bare: the text names the unit, separated."""
    path = str(EXAMPLES / "senior-hire-pay-band.yaml")
    offer = "base_salary=150000,signing_bonus=15000,level=staff,review_month=12,remote_days=4"
    plain = cli("evaluate", path, "--offer", offer).stdout
    assert "needs annual base salary is at most 130,000 EUR / year; the offer has" in plain, plain
    assert "needs one-off signing bonus is at most 10,000 EUR; the offer has" in plain, plain
    failed = [line for line in plain.splitlines() if "FAIL" in line]
    assert failed and not any(re.search(r"\d{4,}", line) for line in failed), failed
    document = cli("evaluate", path, "--offer", offer, "-f", "json").stdout
    assert '"clause": "base_salary <= 130000"' in document  # the data keeps the rule as written


def test_an_either_or_rule_is_one_line_naming_its_alternatives(cli: Any) -> None:
    """'general_launch_week >= 10 or (... >= 9 and lab_slot == "rush")' printed three FAIL lines
    for one standard: one standard is one line, with the alternatives that would satisfy it."""
    path = str(EXAMPLES / "leadership-safety-gate.yaml")
    offer = "general_launch_week=6,lab_slot=standard,beta_units=0,beta_controls=none"
    plain = cli("evaluate", path, "--offer", offer).stdout
    failed = [line for line in plain.splitlines() if "FAIL" in line]
    assert len(failed) == 1, failed
    line = " ".join(plain.split("FAIL", 1)[1].split("Counter")[0].split())
    assert line.startswith("No general launch before the pack-level lab pass: needs week of")
    assert "at least 10 weeks or (week of general launch" in line and "“Rush slot" in line
    assert "the offer has week of general launch, counted from today: 6 weeks and" in line
    assert "general_launch_week" not in line and "full_pack_gate" not in line
    text = cli("evaluate", path, "--offer", offer, "-f", "markdown").stdout
    assert text.count("| No general launch before") == 1


def test_a_rank_and_a_label_read_as_words_mid_sentence(cli: Any, tmp_path: Path) -> None:
    """'(1 to 5): 3 level' put the unit after a rank, and labels kept their title capital.

    On the city case as a negotiated procedure (without ``bids:``): a tender counters no bidder.
    """
    text = (EXAMPLES / "city-services-rfp.yaml").read_text(encoding="utf-8")
    path = str(tmp_path / "negotiated.yaml")
    Path(path).write_text(text.replace("bids:\n  probation_months: 6\n", ""), encoding="utf-8")
    offer = "annual_price=16.5,safety_level=2,inspections=self_report,credit_cap_pct=5"
    plain = " ".join(
        cli("evaluate", path, "--offer", offer + ",mobilization_weeks=10").stdout.split()
    )
    assert "scale (1 to 5): level 3" in plain and "3 level" not in plain
    assert "is “Unannounced quarterly inspection by an independent inspector”" in plain
    assert "safety_level" not in plain.split("Say:")[0].split("Counter")[0].split("FAIL", 1)[1]


def test_mid_sentence_lowers_ordinary_labels_only() -> None:
    from brightline.engine.wording import mid_sentence

    assert mid_sentence("Unannounced quarterly inspection") == "unannounced quarterly inspection"
    assert mid_sentence("Score on the RFP's scale") == "score on the RFP's scale"
    for kept in ("EU only", "ISO audit", "iPhone app", "Harbor City crews", "", "3 weeks"):
        assert mid_sentence(kept) == kept
