"""The phrase library: what to say for each move and how to deliver it (pure).

Two kinds of line, kept apart because they go to different people:

* ``say``: words for the other side, safe to read out verbatim. They never hold our BATNA, our
  reservation point, our estimates of them, or advice meant for us. They are templates filled
  from the case (the standard and its source, the other side's name, a tradeable, a safeguard),
  one per *context*: a sales call, a partnership, a tender, an offer to a candidate, a leadership
  decision. The preparation move has none: the other side is not at the table yet.
* ``how``: coaching for us, never read out: how to deliver the move for the other side's
  *directness* (direct cultures expect the rule and its consequence stated plainly; indirect ones
  need a face-saving choice and graduated steps), the case's face-saving option, and, when power
  distance is high, written records and named approvers.

The say templates themselves are a table in :mod:`brightline.playbook.say_lines`; this module
fills them. ``tests/playbook/test_playbook.py`` checks every filled ``say`` line for coaching markers and
for the case's private numbers; ``tests/playbook/test_say_facts.py`` parses every line on every example
and on generated cases and checks each cited standard, source and reason against the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from string import Formatter

from brightline.case.model import Case, Context, Directness, Level, Standard
from brightline.engine.wording import party_in_sentence
from brightline.playbook.say_lines import (
    BIDS_COMPLIANT_SHORT,
    BIDS_EACH_MISSED,
    BIDS_NONE_MET,
    BLOCKED_LINES,
    CLOSING_LINES,
    CLOSING_MOVES,
    REASON_LINES,
    SAY_PHRASES,
    Slot,
)
from brightline.playbook.table_facts import DIMENSION_WORDS, GridFacts, Reason, TableFacts

PREPARE_NOTES: dict[Context, str] = {
    Context.SALES: "Before we quote, check that {standard} holds in every bundle we could offer {them}.",
    Context.PARTNERSHIP: "Agree internally which terms protect {standard} before {them} sees a draft.",
    Context.PROCUREMENT: "Write {standard} into the tender as a pass/fail criterion, citing {source}.",
    Context.HIRING: "Confirm the band and {standard} with HR before the first call with the candidate.",
    Context.LEADERSHIP: "Write down the rule we will hold, {standard}, and who can change it, before the meeting.",
}
"""Coaching for the preparation move, per context (there is nothing to say yet)."""


HOW_LINES: dict[str, dict[Directness, str]] = {
    "prepare": {
        Directness.DIRECT: "Expect them to ask for the rule in writing early; have the source ready.",
        Directness.MIXED: "Prepare both the one-sentence rule and the longer fairness story.",
        Directness.INDIRECT: "Plan the graduated steps now, starting with {step}, so no one is cornered later.",
    },
    "publish_must_haves": {
        Directness.DIRECT: "Say the rule and the consequence in one sentence; do not soften the refusal.",
        Directness.MIXED: "State the rule, then the reason, then invite questions about the source.",
        Directness.INDIRECT: "Present the rule as something both sides answer to, and keep a face-saving option ready.",
    },
    "narrow_bundles": {
        Directness.DIRECT: "Put the options side by side and ask which one they prefer.",
        Directness.MIXED: "Walk through each option's trade-off before asking for a preference.",
        Directness.INDIRECT: "Let them improve an option instead of rejecting one; credit their team for the choice.",
    },
    "symmetric_constraints": {
        Directness.DIRECT: "Name each constraint and show that it binds both sides equally.",
        Directness.MIXED: "Frame mutual limits as shared protection, then list them.",
        Directness.INDIRECT: "Offer the mutual limit as a joint safeguard, with the face-saving option if they hesitate.",
    },
    "costly_signal": {
        Directness.DIRECT: "State what we give up and why; show the dates.",
        Directness.MIXED: "Explain the cost we take on and share the test plan.",
        Directness.INDIRECT: "Present the delay as our own choice, not their failure, so no one loses face.",
    },
    "close_with_safeguards": {
        Directness.DIRECT: "Read each trigger and consequence aloud and confirm it.",
        Directness.MIXED: "Summarise the safeguards and send the written terms the same day.",
        Directness.INDIRECT: "Describe safeguards as routine for both sides and let {verifier} own the checks.",
    },
    "implement_deal": {
        Directness.DIRECT: "Confirm the terms line by line and send the written version the same day.",
        Directness.MIXED: "Thank them, summarise the safeguards, and put the first review in both calendars.",
        Directness.INDIRECT: "Credit their team for the agreement in front of their sponsors; let {verifier} run the checks.",
    },
    "keep_seeking": {
        Directness.DIRECT: "Say plainly that we want to continue, and name the next date and the option to test.",
        Directness.MIXED: "Thank them, restate the rule, and propose the next meeting with one new option.",
        Directness.INDIRECT: "Present the next round as a joint effort ({step} first), so no one reads it as a refusal.",
    },
    "narrow_deal_follow_up": {
        Directness.DIRECT: "Name what is in scope now, what is not, and the test that opens the next step.",
        Directness.MIXED: "Summarise the narrow scope and the review date, then send both in writing.",
        Directness.INDIRECT: "Present the narrow start as a joint first step, not a refusal of the rest.",
    },
    "pause_and_revisit": {
        Directness.DIRECT: "Give the reason, the rule and the review date; no blame.",
        Directness.MIXED: "Thank them, give the reason, and propose the review date.",
        Directness.INDIRECT: "Go step by step ({step} first) and describe the pause as a joint decision.",
    },
    "respectful_walk_away": {
        Directness.DIRECT: "Give the reason and the rule once; no blame, no threat, no reopening on the spot.",
        Directness.MIXED: "Thank them, give the reason, and say what would have to change to talk again.",
        Directness.INDIRECT: "Go step by step ({step} first) and let them close the talks without losing face.",
    },
}
"""Coaching for us, per move and the other side's directness: never read out."""

FACE_SAVING_NOTE = "Face-saving option from the case (use it, do not read it out): {face_saving}"

HIGH_POWER_DISTANCE = (
    "Power distance is high: confirm in writing, address {approver}, and record who approved "
    "each step."
)

NO_REVIEW_DATE = "a date we agree today"
"""What ``{review}`` says when no review date is recorded."""

NOTHING_PUBLISHED = (
    "No standard is marked published, so the opening names none; decide which must-haves to "
    "publish (`published: true` in the case) before the meeting."
)

NO_REASON_COMPUTED = (
    "The words give no reason: none could be computed from the offers on record. Record the "
    "offer that was refused so the record can name what blocked."
)


@dataclass(frozen=True, slots=True)
class Phrases:
    """What to say for a move (to them, verbatim) and how to deliver it (for us)."""

    say: tuple[str, ...]
    how: tuple[str, ...]


def _phrase(text: str) -> str:
    """A name or description ready to sit inside a sentence: no final stop, no capital first letter.

    Acronyms keep their capitals ("EU data residency"); ordinary words are lowered ("safety level
    3 or higher").
    """
    text = text.strip().rstrip(".")
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        return text[0].lower() + text[1:]
    return text


def _title(standard: Standard) -> str:
    """A standard's name as a quoted title ("EU data residency"), readable inside any sentence.

    A standard without a name is called by its id, never by its rule: a rule holds quotes of its
    own (``residency == "eu_only"``) and reads as code, not as a title.
    """
    return f'"{(standard.name or standard.id.replace("_", " ")).strip().rstrip(".")}"'


def _standard_terms(standard: Standard) -> dict[str, str]:
    """The facts of one standard a sentence may use; its source only when it is published."""
    terms = {"each": _title(standard)}
    if standard.published and standard.source is not None:
        terms["each_source"] = standard.source.reference.strip().rstrip(".")
    return terms


def _fill(slot: Slot, terms: dict[str, str]) -> str | None:
    """The first template of the slot whose facts are all known, filled in; None if none is."""
    for template in slot:
        needed = {name for _, name, _, _ in Formatter().parse(template) if name}
        if needed <= terms.keys():
            return template.format_map(terms)
    return None


def _sentences(slots: tuple[Slot, ...], terms: dict[str, str], each: list[Standard]) -> list[str]:
    """Fill each slot; a slot about ``{each}`` gives one sentence per standard in ``each``."""
    found: list[str] = []
    for slot in slots:
        if any("{each" in template for template in slot):
            found.extend(
                text
                for standard in each
                if (text := _fill(slot, {**terms, **_standard_terms(standard)})) is not None
            )
        elif (text := _fill(slot, terms)) is not None:
            found.append(text)
    return found


def focus_standard(case: Case, facts: TableFacts | None = None) -> Standard | None:
    """The standard a move's words are about: the one that blocked, else the first published."""
    blocking = facts.blocking if facts is not None else ()
    for standard in case.standards:
        if standard.id in blocking:
            return standard
    published = [standard for standard in case.standards if standard.published]
    candidates = published or case.standards
    return candidates[0] if candidates else None


def _failed_standard(case: Case, facts: TableFacts | None) -> Standard | None:
    """The standard an offer fails, for words that say so.

    None when the offer on the table fails none; with no offer on the table, the standard the
    words are about.
    """
    if facts is None or facts.latest is None:
        return focus_standard(case, facts)
    return next((s for s in case.standards if s.id in facts.latest.broken), None)


def case_terms(case: Case, facts: TableFacts | None = None) -> dict[str, str]:
    """The facts of the case a phrase may name; a fact the case lacks is simply absent."""
    # Every phrase names them mid-sentence: "offer the buyer", not "offer The buyer".
    terms: dict[str, str] = {
        "them": party_in_sentence(case.parties.them.name),
        "us": case.parties.us.name,
    }
    focus = focus_standard(case, facts)
    if focus is not None:
        terms["standard"] = _title(focus)
        if focus.verifier is not None:
            terms["verifier"] = _phrase(focus.verifier.who)
            terms["verifier_when"] = _phrase(focus.verifier.when)
    failed = _failed_standard(case, facts)
    if failed is not None:
        terms["failed"] = _title(failed)
    if facts is not None and facts.reason is Reason.VALUE_GAP:
        terms["limit"] = ""
    if case.safeguards:
        first = case.safeguards[0]
        terms["safeguard"] = _phrase(first.description or first.kind.value.replace("_", " "))
    if case.tradeables:
        first_tradeable = case.tradeables[0]
        terms["tradeable"] = _phrase(
            first_tradeable.description or first_tradeable.kind.value.replace("_", " ")
        )
    mutual = [tradeable for tradeable in case.tradeables if tradeable.symmetric]
    if mutual:
        terms["mutual_tradeable"] = _phrase(
            mutual[0].description or mutual[0].kind.value.replace("_", " ")
        )
    if case.bids is not None and case.bids.incumbent is not None:
        terms["incumbent"] = case.bids.incumbent.name
    return terms


def coaching_terms(case: Case) -> dict[str, str]:
    """The words coaching lines are filled with (never read out), with neutral fall-backs."""
    them = case.parties.them
    deciders = [person.name for person in them.stakeholders if person.decision_maker]
    approver = them.approval_path[-1] if them.approval_path else (deciders or ["their sponsor"])[0]
    culture = case.case.culture
    focus = focus_standard(case)
    return {
        "standard": _title(focus) if focus is not None else "our must-have standard",
        "source": focus.source.reference
        if focus is not None and focus.source is not None
        else "an external source",
        "verifier": focus.verifier.who
        if focus is not None and focus.verifier is not None
        else "an independent reviewer",
        "them": party_in_sentence(them.name),
        "approver": approver,
        "face_saving": _phrase(culture.face_saving[0])
        if culture.face_saving
        else "a pause described as a joint decision",
        "step": culture.escalation_steps[0]
        if culture.escalation_steps
        else "a review by both sponsors",
    }


def _by_id(case: Case, ids: tuple[str, ...]) -> list[Standard]:
    return [standard for standard in case.standards if standard.id in ids]


def closing_say(move: str, case: Case, terms: dict[str, str], facts: TableFacts) -> list[str]:
    """A pause or a walk-away: what blocked, why, and the decision, each sentence one fact.

    In a tender the first sentences follow the bids received (none met a standard, each missed
    one, or the compliant ones did not come in on terms we can award); elsewhere they name the
    standards the offer on the table breaks. The reason sentence is the computed one, and none is
    said when none was computed.
    """
    context = case.case.context
    found: list[str] = []
    if context is Context.PROCUREMENT:
        if facts.received and not facts.compliant:
            common = _by_id(case, facts.broken_by_all([s.id for s in case.standards]))
            if common:
                found += _sentences((BIDS_NONE_MET,), terms, common)
            else:
                found.append(BIDS_EACH_MISSED)
        elif facts.compliant_below_reservation:
            found.append(BIDS_COMPLIANT_SHORT)
    else:
        on_table = facts.latest is not None
        found += _sentences((BLOCKED_LINES[on_table],), terms, _by_id(case, facts.blocking))
        reason = REASON_LINES.get(facts.reason)
        if reason is not None and (facts.reason is not Reason.STANDARDS or facts.blocking):
            found.append(reason)
    found += _sentences(CLOSING_LINES[move][context], terms, [])
    return found


COUNT_WORDS = {2: "two", 3: "three", 4: "four", 5: "five"}
"""How many offers a grid holds, in words (MESO grids hold 2 to 5)."""


def grid_terms(case: Case, grid: GridFacts | None) -> dict[str, str]:
    """What the narrow-bundles words may say about the grid, each read from its offers.

    Without a grid (none was computed) the words claim no number and no dimension; with an empty
    grid (none exists) they claim no options at all.
    """
    if grid is None:
        return {"few": "a few", "any": "any of them"}
    if not grid.offers:
        return {}
    count = len(grid.offers)
    terms = {
        "count": COUNT_WORDS.get(count, str(count)),
        "any": "either of them" if count == 2 else "any of them",
    }
    words = [DIMENSION_WORDS[dimension] for dimension in grid.differing_dimensions(case)]
    if words:
        terms["differ"] = (
            words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
        )
    return terms


def phrases_for(
    move: str,
    case: Case,
    review: str | None = None,
    facts: TableFacts | None = None,
    grid: GridFacts | None = None,
) -> Phrases:
    """What to say for ``move`` in this case, and how to deliver it.

    Args:
        move: A move key of the playbook.
        case: The case the words are filled from.
        review: The review date of the decision being followed up, when there is one.
        facts: What the offers on the table say (:func:`brightline.playbook.table_facts.table_facts`);
            without them the closing words state no reason and name no standard.
        grid: The MESO grid the narrow-bundles words describe; without it they state neither how
            many options there are nor in what they differ.
    """
    terms = {
        **case_terms(case, facts),
        **grid_terms(case, grid),
        "review": review or NO_REVIEW_DATE,
    }
    if review:
        terms["review_date"] = review
    culture = case.case.culture
    context = case.case.context
    if move in CLOSING_MOVES:
        say = closing_say(move, case, terms, facts or TableFacts())
    elif move in SAY_PHRASES:
        published = [standard for standard in case.standards if standard.published]
        say = _sentences(SAY_PHRASES[move][context], terms, published)
    else:
        say = []
    coaching = {**coaching_terms(case), **({"review": review} if review else {})}
    how: list[str] = []
    if move == "prepare":
        how.append(PREPARE_NOTES[context].format_map(coaching))
    how.append(HOW_LINES[move][culture.directness].format_map(coaching))
    if move == "publish_must_haves" and not any(s.published for s in case.standards):
        how.append(NOTHING_PUBLISHED)
    if move in CLOSING_MOVES and facts is not None and facts.reason is Reason.NOT_COMPUTED:
        how.append(NO_REASON_COMPUTED)
    if culture.directness is not Directness.DIRECT and culture.face_saving:
        how.append(FACE_SAVING_NOTE.format_map(coaching))
    if culture.power_distance is Level.HIGH:
        how.append(HIGH_POWER_DISTANCE.format_map(coaching))
    return Phrases(tuple(say), tuple(how))
