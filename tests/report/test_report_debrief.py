"""The debrief's wording: every format, a proposal with terms only, prompts from facts."""

from __future__ import annotations

import datetime
import json
import re

import pytest

from brightline.report.json import render_json
from brightline.report.markdown import render_markdown
from brightline.report.sections.debrief import debrief_document, proposal_text, sparkline
from brightline.services.review import Review
from brightline.session.debrief import Debrief
from review_support import built

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(scope="module")
def debriefs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Debrief, Debrief]:
    ready = built(tmp_path_factory)
    review = Review(ready.copy_to(tmp_path_factory.mktemp("debrief")))
    return review.debrief(ready.deal, TODAY), review.debrief(ready.pause, TODAY)


def test_the_proposal_names_terms_and_keeps_the_signed_deal(
    debriefs: tuple[Debrief, Debrief],
) -> None:
    deal, _ = debriefs
    assert deal.settlement is not None
    text = proposal_text(
        deal.loaded.case, deal.settlement.outcome, deal.settlement.improvement_outcomes[0]
    )
    assert "start from late to early" in text and "we keep what we signed" in text
    assert "discount" not in text  # unchanged terms are not proposed again
    assert not re.search(r"\d", text)  # no value to us, no estimate of theirs


def test_every_format_carries_the_sections(debriefs: tuple[Debrief, Debrief]) -> None:
    deal, pause = debriefs
    document = debrief_document(deal, "<svg></svg>")
    keys = [section.key for section in document]
    assert keys == [
        "summary",
        "integrative",
        "standards",
        "safeguards",
        "frontier",
        "improvement",
        "concessions",
        "prompts",
        "answers",
    ]
    data = json.loads(render_json(document))
    assert data["improvement"]["best"] == 0 and data["frontier"]["joint_loss"] == 5000.0
    markdown = render_markdown(document)
    assert "Left on the table for us: 2,000 EUR" in markdown
    assert "> Now that our agreement is signed" in markdown
    assert "*Figure: Our concessions by event" in markdown
    assert "#8 term_creep" in markdown
    paused = [section.key for section in debrief_document(pause)]
    assert "improvement" not in paused and "frontier" not in paused


def test_prompts_come_from_computed_facts(debriefs: tuple[Debrief, Debrief]) -> None:
    deal, _ = debriefs
    prompts = debrief_document(deal).section("prompts").data
    assert prompts[0].startswith(
        "Rehearse the fairness story for eu: cite regulation GDPR Chapter V"
    )
    price = deal.standards[0].measure
    assert price is not None
    assert any(p.startswith("Red-team eu: its price was") for p in prompts)
    assert prompts[-1].startswith("Role reversal")
    assert "on residency they got eu_only, not the global they wanted" in prompts[-1]
    assert "Buyer must still justify this: the delay" in prompts[-1]


def test_sparkline_heights() -> None:
    assert sparkline([1.0, 2.0, 4.0, 8.0]) == "▂▃▅█"
    assert sparkline([]) == "" and sparkline([0.0, 0.0]) == "▁▁"
