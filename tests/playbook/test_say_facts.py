"""Words for the counterpart are true by construction: every cited standard and source is checked.

Each say line of the playbook is parsed: a quoted title names a standard, and a source reference
belongs to the standard cited in the same sentence. On every shipped example (with each of its
received offers on the table in turn, and with none) and on generated cases, the standards a
pause or walk-away names must be exactly the ones the offer on the table breaks (in a tender: the
ones every bid received breaks), computed here independently with the rule evaluator, and the
reason given must be the one a brute-force enumeration finds.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from brightline.case.model import Case, Context
from brightline.case.validate import LoadedCase
from brightline.playbook.moves import MOVES
from brightline.playbook.phrases import CLOSING_MOVES, phrases_for
from brightline.playbook.say_lines import REASON_LINES
from brightline.playbook.table_facts import Reason, TableFacts, table_facts
from brightline.rules import evaluate
from brightline.services import load_case
from brightline.session.events import OfferPayload
from budget import examples
from conftest import EXAMPLES
from factories import variant
from strategies import load_negotiation_case, negotiation_case

QUOTED = re.compile(r'"([^"]+)"')
FALSE_LINES = ("cannot meet", "we do not see a way", "we cannot go beyond")
"""Wordings the issue found false or misleading: they read as if we broke our own rule."""


def _title(standard: Any) -> str:
    return (standard.name or standard.id.replace("_", " ")).strip().rstrip(".")


def _sentences(line: str) -> list[str]:
    """Sentences of a say line (quoted titles and sources keep their inner full stops)."""
    return [part for part in re.split(r'(?<=[.!?])\s+(?=[A-Z"])', line) if part]


def _cited(case: Case, sentence: str) -> list[str]:
    """Ids of the standards a sentence cites, by their quoted titles; unknown quotes fail."""
    titles = {_title(standard): standard.id for standard in case.standards}
    found = QUOTED.findall(sentence)
    unknown = [text for text in found if text not in titles]
    assert not unknown, f"quotes something that is no standard: {unknown} in {sentence!r}"
    return [titles[text] for text in found]


def check_sources(case: Case, sentence: str) -> list[str]:
    """Assert one standard per sentence at most, cited with its own source or with none."""
    cited = _cited(case, sentence)
    assert len(cited) <= 1, f"one fact per sentence, but {cited} in {sentence!r}"
    own = ""
    if cited:
        standard = next(s for s in case.standards if s.id == cited[0])
        if standard.source is not None and standard.published:
            own = standard.source.reference.strip().rstrip(".")
    for other in case.standards:
        if other.source is None:
            continue
        reference = other.source.reference.strip().rstrip(".")
        if reference in sentence:
            # Only the cited standard's own source (or a shorter source it contains) may appear.
            assert own and reference in own, (
                f"{other.id}'s source {reference!r} is credited in {sentence!r} (cites {cited})"
            )
    return cited


def broken_by(loaded: LoadedCase, outcome: dict[str, Any]) -> set[str]:
    """The standards an outcome breaks, by the reference rule evaluator."""
    return {sid for sid, rule in loaded.standard_rules.items() if not evaluate(rule, outcome)}


def check_move_words(loaded: LoadedCase, facts: TableFacts, offers: list[dict[str, Any]]) -> None:
    """Every move's say lines: citations, sources, false wordings, closing citations."""
    case = loaded.case
    for move in MOVES:
        phrases = phrases_for(move.key, case, "2027-06-30", facts)
        cited: list[str] = []
        for line in phrases.say:
            lowered = line.lower()
            assert not [text for text in FALSE_LINES if text in lowered], line
            assert "{" not in line and "}" not in line, line
            for sentence in _sentences(line):
                cited += check_sources(case, sentence)
        if move.key == "publish_must_haves":
            assert set(cited) == {s.id for s in case.standards if s.published}
            assert len(cited) == len(set(cited))
        broken = [broken_by(loaded, offer) for offer in offers]
        if move.key == "costly_signal" and offers:  # "a bid that fails X": the bid does fail X
            assert set(cited) <= broken[-1], (phrases.say, broken[-1])
        if move.key not in CLOSING_MOVES:
            continue
        if case.case.context is Context.PROCUREMENT:
            expected = set.intersection(*broken) if broken and all(broken) else set()
        else:
            expected = broken[-1] if broken else set(facts.blocking)
        assert set(cited) == expected, (move.key, phrases.say, expected)
        said = " ".join(phrases.say)
        alternative = REASON_LINES[Reason.THEIR_ALTERNATIVE] in said  # worded without their BATNA
        assert alternative is (
            facts.reason is Reason.THEIR_ALTERNATIVE
            and case.case.context is not Context.PROCUREMENT
        ), said


def _without_offers(loaded: LoadedCase) -> LoadedCase:
    return dataclasses.replace(loaded, case=loaded.case.model_copy(update={"offers": []}))


def _received(outcome: dict[str, Any]) -> OfferPayload:
    return OfferPayload(direction="received", outcome=outcome)


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_every_example_cites_the_right_standards_and_sources(path: Path) -> None:
    loaded = load_case(path)
    received = [dict(o.outcome) for o in loaded.case.offers if o.direction.value == "received"]
    complete = [o for o in received if {i.id for i in loaded.case.issues} <= set(o)]
    bare = _without_offers(loaded)
    check_move_words(bare, table_facts(bare), [])
    for offer in complete:  # each received offer alone on the table, as a session records it
        facts = table_facts(bare, [(2, _received(offer))])
        check_move_words(bare, facts, [offer])
    check_move_words(loaded, table_facts(loaded), complete)  # all of them, in case order


def test_a_procurement_pause_follows_the_bids() -> None:
    """The city RFP: one received bid passes both standards, so no line says no bid met one."""
    loaded = load_case(EXAMPLES / "city-services-rfp.yaml")
    facts = table_facts(loaded)
    assert facts.compliant, "the Ironbridge bid passes both standards"
    for move in CLOSING_MOVES:
        said = " ".join(phrases_for(move, loaded.case, "2027-06-30", facts).say)
        assert "No bid" not in said and "Every bid" not in said
        assert "did not come in on terms we can award" in said
    # With no bids on record, nothing is claimed about bids at all.
    bare = _without_offers(loaded)
    said = " ".join(phrases_for("pause_and_revisit", bare.case, None, table_facts(bare)).say)
    assert "bid" not in said.lower()


def test_the_opening_credits_each_standard_its_own_source() -> None:
    loaded = load_case(EXAMPLES / "saas-data-residency.yaml")
    (residency, audit) = phrases_for("publish_must_haves", loaded.case).say
    assert '"EU data residency"' in residency and "GDPR Chapter V" in residency
    assert "ISO/IEC 27001" not in residency
    assert '"Expansion only after a passed audit"' in audit and "ISO/IEC 27001:2022" in audit
    assert "GDPR" not in audit


def test_the_walk_away_names_the_standard_that_blocked() -> None:
    loaded = _without_offers(load_case(EXAMPLES / "saas-data-residency.yaml"))
    # Residency kept, audit skipped on an enterprise rollout: only the audit rule blocked.
    offer = {
        "residency": "eu_only",
        "scope": "enterprise",
        "audit": "none",
        "discount": 10,
        "term_years": 3,
    }
    offer = {key: value for key, value in offer.items() if key in _issue_ids(loaded)}
    complete = _complete(loaded, offer)
    facts = table_facts(loaded, [(2, _received(complete))])
    assert facts.blocking == ("audit_before_expansion",)
    said = " ".join(phrases_for("respectful_walk_away", loaded.case, None, facts).say)
    assert '"Expansion only after a passed audit"' in said
    assert "EU data residency" not in said


def _issue_ids(loaded: LoadedCase) -> set[str]:
    return {issue.id for issue in loaded.case.issues}


def _complete(loaded: LoadedCase, partial: dict[str, Any]) -> dict[str, Any]:
    """The partial offer with every other issue at its first value."""
    return {issue.id: partial.get(issue.id, issue.values()[0]) for issue in loaded.case.issues}


def _brute_reason(loaded: LoadedCase, offers: list[dict[str, Any]]) -> Reason:
    """The reason by enumeration, in the documented order (see ``table_facts``)."""
    case = loaded.case
    reservation = case.reservation.value if case.reservation is not None else None
    latest = offers[-1] if offers else None

    def ours(outcome: dict[str, Any]) -> float:
        return sum(case.issue(i).value_to_us(v) for i, v in outcome.items())

    def theirs(outcome: dict[str, Any]) -> float:
        return sum(case.issue(i).value_to_them(v) for i, v in outcome.items())

    if loaded.standard_rules and reservation is not None and case.their_batna is not None:
        ids = [issue.id for issue in case.issues]
        reaching = [
            outcome
            for values in itertools.product(*(issue.values() for issue in case.issues))
            if not broken_by(loaded, outcome := dict(zip(ids, values, strict=True)))
            and ours(outcome) >= reservation
        ]
        if not reaching:
            return Reason.VALUE_GAP
        if max(theirs(outcome) for outcome in reaching) < case.their_batna.value:
            return Reason.THEIR_ALTERNATIVE
    if latest is not None and broken_by(loaded, latest):
        return Reason.STANDARDS
    if latest is not None and reservation is not None and ours(latest) < reservation:
        return Reason.VALUE_GAP
    return Reason.NOT_COMPUTED


@examples(25)
@given(
    document=negotiation_case(max_issues=4), context=st.sampled_from(list(Context)), data=st.data()
)
def test_generated_cases_say_only_what_was_computed(
    document: dict[str, Any], context: Context, data: st.DataObject
) -> None:
    document["case"]["context"] = context.value
    for index, standard in enumerate(document["standards"]):
        standard["published"] = data.draw(st.booleans())
        standard["source"] = {"kind": "policy", "reference": f"Policy book {index} chapter {index}"}
    loaded = load_negotiation_case(document)
    case = loaded.case
    ids = [issue.id for issue in case.issues]
    outcomes = [
        dict(zip(ids, v, strict=True))
        for v in itertools.product(*(i.values() for i in case.issues))
    ]
    offers = data.draw(st.lists(st.sampled_from(outcomes), max_size=3))
    facts = table_facts(loaded, [(seq, _received(offer)) for seq, offer in enumerate(offers, 2)])
    assert facts.reason is _brute_reason(loaded, offers)
    if offers:
        assert set(facts.blocking) == broken_by(loaded, offers[-1])
    check_move_words(loaded, facts, offers)
    private = {case.reservation.value if case.reservation else None}
    private |= {case.their_batna.value if case.their_batna else None}
    numbers = {abs(n) for n in private if n}
    for move in MOVES:
        for line in phrases_for(move.key, case, "2027-06-30", facts).say:
            found = {float(t.replace(",", "")) for t in re.findall(r"\d[\d,]*(?:\.\d+)?", line)}
            assert not {n for n in found if n >= 100} & numbers, line


PROMISES = ("credit", "phased", "extend", "milestone", "next level", "test plan", "level", "volume")
"""Commitments a say line may only make when the case holds them (a tradeable, a safeguard, an
incumbent to extend): the issue found "extend at minimal volume", "credits that pay out" and a
dated "review of scope and level" promised where the case had none of them."""


@pytest.mark.parametrize("context", list(Context), ids=str)
def test_no_promise_the_case_does_not_hold(context: Context) -> None:
    document = variant(**{"case.context": context.value, "tradeables": [], "safeguards": []})
    for standard in document["standards"]:
        standard.pop("verifier", None)
        standard["safeguards"] = []
    case = Case.model_validate(document)
    for move in MOVES:
        for line in phrases_for(move.key, case, "2027-06-30", TableFacts()).say:
            lowered = line.lower()
            assert not [word for word in PROMISES if word in lowered], (move.key, line)
    # With the facts in the case, the same moves may name them.
    full = Case.model_validate(variant(**{"case.context": context.value}))
    said = " ".join(
        line for move in MOVES for line in phrases_for(move.key, full, "2027-06-30").say
    )
    assert "attestation" in said.lower()


DIMENSION_NAMES = {
    "scope": "scope",
    "timing": "timing",
    "verification": "checks",
    "price": "price",
    "terms": "terms",
}
"""How the words call each dimension (written out here, apart from the code under test)."""

NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5}
DIFFER = re.compile(r"differ(?:ing)? in ([a-z, ]+?)(?:[;.]|$)")
COUNTED = re.compile(r"\b(two|three|four|five) (?:options|ways)\b")
INTRODUCING = ("one of them", "one option", "one way to start", "for example")
"""How the issue found a tradeable passed off as one of the offers ("One of them: Pilot first")."""


def check_grid_words(case: Case, grid: list[dict[str, Any]] | None, say: tuple[str, ...]) -> None:
    """The narrow-bundles words against the grid they describe.

    Each dimension claimed to differ has an issue whose value differs across the offers (and,
    with a grid, every differing dimension is named); a number of options is the grid's count; no
    tradeable is introduced as one of the offers: a tradeable's words appear only as an addition.
    """
    said = " ".join(say)
    claimed_dimensions = [
        name for found in DIFFER.findall(said) for name in re.split(r", | and ", found)
    ]
    counts = [NUMBERS[word] for word in COUNTED.findall(said)]
    if grid is None or not grid:
        assert not claimed_dimensions and not counts, said
        if grid is not None:  # no grid exists: no options are claimed at all
            assert "options" not in said and "ways" not in said, said
    else:
        differing = {
            DIMENSION_NAMES[issue.dimension.value]
            for issue in case.issues
            if len({repr(offer[issue.id]) for offer in grid}) > 1
        }
        assert set(claimed_dimensions) <= differing, (said, differing)
        if claimed_dimensions:  # a tender's words claim none; words that do, name them all
            assert set(claimed_dimensions) == differing, (said, differing)
        assert len(claimed_dimensions) == len(set(claimed_dimensions)), said
        assert counts in ([], [len(grid)]), said
    lowered = said.lower()
    assert not [text for text in INTRODUCING if text in lowered], said
    for tradeable in case.tradeables:
        text = (tradeable.description or "").strip().rstrip(".")
        if not text:
            continue
        for sentence in _sentences(said):
            if text[1:] in sentence:
                assert "adding this to" in sentence or "Alongside" in sentence, sentence


GOLDEN_PLANS = Path(__file__).resolve().parents[1] / "golden" / "plan-json"


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_the_bundles_words_describe_the_plans_own_grid(path: Path) -> None:
    """The plan's narrow-bundles words, as the golden plan pins them, against its own grid."""
    import json

    from brightline.playbook.table_facts import GridFacts

    plan = json.loads((GOLDEN_PLANS / f"{path.stem}.json").read_text(encoding="utf-8"))
    grid = [offer["outcome"] for offer in plan["meso"]["offers"]]
    (move,) = [move for move in plan["opening_moves"] if move["key"] == "narrow_bundles"]
    case = load_case(path).case
    check_grid_words(case, grid, tuple(move["say"]))
    again = phrases_for("narrow_bundles", case, grid=GridFacts(tuple(grid))).say
    assert list(again) == move["say"]
    check_grid_words(case, None, phrases_for("narrow_bundles", case).say)
    check_grid_words(case, [], phrases_for("narrow_bundles", case, grid=GridFacts(())).say)


def test_saas_bundles_name_price_and_timing_only() -> None:
    """The review: all three offers have scope enterprise and audit before_expansion and differ
    only in price and timing, yet the words said "each trades scope, timing and checks", then
    "One of them: Pilot first, expand after audit", a tradeable and not one of the offers."""
    plan = GOLDEN_PLANS / "saas-data-residency.json"
    import json

    (move,) = [
        move
        for move in json.loads(plan.read_text())["opening_moves"]
        if move["key"] == "narrow_bundles"
    ]
    said = " ".join(move["say"])
    assert "they differ in timing and price" in said
    assert "scope" not in said and "checks" not in said
    assert "adding this to any of them: pilot first, expand after audit" in said


@examples(25)
@given(
    document=negotiation_case(max_issues=4), context=st.sampled_from(list(Context)), data=st.data()
)
def test_generated_grids_are_worded_as_they_are(
    document: dict[str, Any], context: Context, data: st.DataObject
) -> None:
    from brightline.playbook.table_facts import GridFacts

    document["case"]["context"] = context.value
    document["tradeables"] = [
        {
            "id": "phased",
            "kind": "phased_rollout",
            "description": "Start with one site, then the rest",
        }
    ]
    case = load_negotiation_case(document).case
    ids = [issue.id for issue in case.issues]
    outcomes = [
        dict(zip(ids, values, strict=True))
        for values in itertools.product(*(issue.values() for issue in case.issues))
    ]
    grid = data.draw(st.lists(st.sampled_from(outcomes), min_size=2, max_size=5, unique_by=repr))
    say = phrases_for("narrow_bundles", case, grid=GridFacts(tuple(grid))).say
    check_grid_words(case, grid, say)
