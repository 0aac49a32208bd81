"""The words for the other side, as data: one table of sentence templates per move and context.

Every sentence is a *slot* of alternative templates; :mod:`brightline.playbook.phrases` fills the
first whose facts the case holds and leaves the sentence out when it holds none, so nothing is
said (or promised) that the case does not hold. The pause and the walk-away are assembled from
the computed facts of :mod:`brightline.playbook.table_facts`. Kept apart from the filling code so
the wording can be reviewed as a table (pure: no I/O).
"""

from __future__ import annotations

from brightline.case.model import Context
from brightline.playbook.table_facts import Reason

Slot = tuple[str, ...]
"""One sentence of a say line: alternative templates, best first; the first whose facts the case
has is used, and the sentence is left out when the case has the facts of none of them."""

SAY_PHRASES: dict[str, dict[Context, tuple[Slot, ...]]] = {
    # {each} and {each_source}: one sentence per published standard, each with its own source.
    "publish_must_haves": {
        Context.SALES: (
            (
                "Whatever we agree has to meet {each}, which comes from {each_source}, not from us.",
                "Whatever we agree has to meet {each}.",
            ),
        ),
        Context.PARTNERSHIP: (
            (
                "Any agreement between us has to meet {each}, as {each_source} requires.",
                "Any agreement between us has to meet {each}.",
            ),
        ),
        Context.PROCUREMENT: (
            (
                "Every bid is scored only after it passes {each}, under {each_source}.",
                "Every bid is scored only after it passes {each}.",
            ),
        ),
        Context.HIRING: (
            ("Our offers follow {each}, set by {each_source}.", "Our offers follow {each}."),
        ),
        Context.LEADERSHIP: (
            ("I will hold {each}; it comes from {each_source}.", "I will hold {each}."),
        ),
    },
    # {count} and {differ}: how many offers the grid holds and the dimensions in which they
    # actually differ (computed from the offers); {few}: no grid was computed, so no number and no
    # dimension is claimed; {any}: there are offers a tradeable could be added to. A tradeable is
    # always an addition to the offers, never presented as one of them.
    "narrow_bundles": {
        Context.SALES: (
            (
                "Here are {count} options that all meet our standards; they differ in {differ}.",
                "Here are {count} options that all meet our standards.",
                "Here are {few} options that all meet our standards.",
            ),
            ("We can also discuss adding this to {any}: {tradeable}.",),
        ),
        Context.PARTNERSHIP: (
            (
                "We put {count} options on the table, each meeting our standards; they differ in {differ}.",
                "We put {count} options on the table, each meeting our standards.",
                "We put {few} options on the table, each meeting our standards.",
            ),
            ("We can also discuss adding this to {any}: {tradeable}.",),
            ("{standard} is checked by {verifier}, {verifier_when}.",),
        ),
        Context.PROCUREMENT: (
            ("We will consider only bids that meet every requirement.",),
            ("Alongside a compliant bid, we are open to this: {tradeable}.",),
        ),
        Context.HIRING: (
            (
                "Within our standards we can shape the package in {count} ways; they differ in {differ}.",
                "Within our standards we can shape the package in {count} ways.",
                "Within our standards we can shape the package in {few} ways.",
            ),
            ("We can also discuss adding this to {any}: {tradeable}.",),
        ),
        Context.LEADERSHIP: (
            (
                "There are {count} options that keep {standard}, differing in {differ}; let us pick between them rather than relax it.",
                "There are {count} options that keep {standard}; let us pick between them rather than relax it.",
                "There are {few} options that keep {standard}; let us pick between them rather than relax it.",
            ),
        ),
    },
    "symmetric_constraints": {
        Context.SALES: (
            ("Let us make the limits mutual: whatever binds you binds us in the same way.",),
            ("For example: {mutual_tradeable}.",),
        ),
        Context.PARTNERSHIP: (
            (
                "Whatever restriction we accept, we ask the same of {them}, and the same checks apply to both sides.",
            ),
            ("For example: {mutual_tradeable}.",),
        ),
        Context.PROCUREMENT: (
            ("The terms apply both ways: what we ask of you, we hold ourselves to as well.",),
            ("For example: {mutual_tradeable}.",),
        ),
        Context.HIRING: (("What we write into the offer binds us as much as you.",),),
        Context.LEADERSHIP: (
            ("The same rule applies to my team as to yours; we will both report against it.",),
        ),
    },
    # {failed}: the standard the offer on the table breaks (with no offer on the table, the one
    # the words are about); absent when the offer on the table breaks none, so a signal never
    # accuses an offer of failing a standard it meets. {limit}: the compliant offers are worth
    # less to us than our floor (worded without the number).
    "costly_signal": {
        Context.SALES: (
            (
                "We would rather move the start date than start without meeting {failed}.",
                "We would rather move the start date than start on terms that are not worth it to us.{limit}",
            ),
        ),
        Context.PARTNERSHIP: (("We are holding our own launch until {failed} is verified.",),),
        Context.PROCUREMENT: (
            (
                "We would rather extend the current contract with {incumbent} for now than award to a bid that fails {failed}.",
                "We would rather make no award than award to a bid that fails {failed}.",
                "We would rather make no award than award a contract that is not worth its price to us.{limit}",
            ),
        ),
        Context.HIRING: (
            ("We would rather keep the role open than break {failed} for one hire.",),
        ),
        Context.LEADERSHIP: (("We accept the delay this costs us rather than break {failed}.",),),
    },
    "close_with_safeguards": {
        Context.SALES: (
            (
                "Let us write the safeguards into the contract now, starting with this one: {safeguard}.",
                "Let us write the triggers, audit rights and exit terms into the contract now.",
            ),
        ),
        Context.PARTNERSHIP: (
            (
                "Before we sign, the agreement needs its safeguards in writing, starting with this one: {safeguard}.",
                "Before we sign, the agreement needs its safeguards in writing and a change-control step.",
            ),
        ),
        Context.PROCUREMENT: (
            (
                "The award is conditional on written safeguards, starting with this one: {safeguard}.",
                "The award is conditional on written safeguards.",
            ),
        ),
        Context.HIRING: (
            (
                "The offer letter states what we agreed, including this: {safeguard}.",
                "The offer letter states everything we agreed, in writing.",
            ),
        ),
        Context.LEADERSHIP: (
            (
                "We record the decision with its safeguard ({safeguard}) and the date we look at it again.",
                "We record the decision and the date we look at it again.",
            ),
        ),
    },
    "implement_deal": {
        Context.SALES: (
            (
                "Thank you; we will send the final contract with this written in: {safeguard}.",
                "Thank you; we will send the final contract.",
            ),
            ("We propose a first joint review on {review}.",),
        ),
        Context.PARTNERSHIP: (
            (
                "Glad we got here; the signed agreement carries its safeguards, including this one: {safeguard}.",
                "Glad we got here; the signed agreement carries its safeguards.",
            ),
            ("We will review it together on {review}.",),
        ),
        Context.PROCUREMENT: (
            (
                "The award is confirmed on the terms agreed, with this safeguard: {safeguard}.",
                "The award is confirmed on the terms agreed.",
            ),
            ("The first review is on {review}.",),
        ),
        Context.HIRING: (
            ("Welcome aboard; the offer letter confirms the package we agreed.",),
            ("The first review is on {review}.",),
        ),
        Context.LEADERSHIP: (
            (
                "We go ahead as agreed; the decision record names the safeguard ({safeguard}).",
                "We go ahead as agreed.",
            ),
            ("We review it on {review}.",),
        ),
    },
    "keep_seeking": {
        Context.SALES: (
            (
                "We would like to keep working with you on terms that meet our standards; can we set the next meeting now?",
            ),
        ),
        Context.PARTNERSHIP: (
            (
                "We want to keep working on this together; let us set the next session and the options we will test.",
            ),
        ),
        Context.PROCUREMENT: (
            (
                "The procurement stays open, and we will keep looking for terms that meet every requirement.",
            ),
        ),
        Context.HIRING: (
            ("We would like to keep talking and find a package that works within our standards.",),
        ),
        Context.LEADERSHIP: (
            ("We are not stopping here; we will keep working on a plan that meets the rule.",),
        ),
    },
    "narrow_deal_follow_up": {
        Context.SALES: (
            ("We agree on the narrower scope now.",),
            (
                "Anything wider is for a later discussion, once {verifier} has confirmed {standard}.",
                "Anything wider is for a later discussion.",
            ),
            ("We will review it on {review}.",),
        ),
        Context.PARTNERSHIP: (
            ("We start with the narrower scope we agreed.",),
            (
                "Anything wider is for a later discussion, once {verifier} has confirmed {standard}.",
                "Anything wider is for a later discussion.",
            ),
            ("We will review it together on {review}.",),
        ),
        Context.PROCUREMENT: (
            ("We award the narrower scope now.",),
            (
                "Anything beyond it first needs {standard} verified by {verifier}.",
                "Anything beyond it is for a later procurement step.",
            ),
            ("The review is on {review}.",),
        ),
        Context.HIRING: (
            ("We agree on the role as scoped now.",),
            ("We will review how it is going on {review}.",),
        ),
        Context.LEADERSHIP: (
            ("We go ahead with the narrower plan that keeps {standard}.",),
            ("We look at it again on {review}.",),
        ),
    },
}
"""Words for the other side, per move and context: verbatim-safe, every sentence from a fact of
the case (a sentence needing a tradeable, a safeguard or a verifier the case lacks is left out,
so nothing is promised that the case does not hold). The pause and the walk-away are assembled
from the computed facts of the table instead: see :func:`closing_say`."""

CLOSING_MOVES = ("pause_and_revisit", "respectful_walk_away")
"""Moves whose words state why talks stall, from :mod:`brightline.playbook.table_facts`."""

BLOCKED_LINES: dict[bool, tuple[str, str]] = {
    True: (
        "The terms on the table do not meet {each}, which comes from {each_source}.",
        "The terms on the table do not meet {each}.",
    ),
    False: (
        "The terms that would work for both of us do not meet {each}, which comes from {each_source}.",
        "The terms that would work for both of us do not meet {each}.",
    ),
}
"""One sentence per standard that blocked; keyed by whether an offer is on the table."""

BIDS_NONE_MET: Slot = (
    "No bid we received met {each}, which comes from {each_source}.",
    "No bid we received met {each}.",
)
BIDS_EACH_MISSED = "Every bid we received missed at least one of the requirements."
BIDS_COMPLIANT_SHORT = "The bids that met every requirement did not come in on terms we can award."
"""Procurement: what the bids received did, from their evaluation (never a guess)."""

REASON_LINES: dict[Reason, str] = {
    Reason.THEIR_ALTERNATIVE: "We have not yet found terms within our standards that work for both sides.",
    Reason.VALUE_GAP: "The terms that meet our standards do not leave enough value for us to go ahead.",
    Reason.STANDARDS: "We can only agree to terms that meet them.",
}
"""Why talks stall, one sentence per computed reason (none when nothing was computed)."""

CLOSING_LINES: dict[str, dict[Context, tuple[Slot, ...]]] = {
    "pause_and_revisit": {
        Context.SALES: (("We propose to pause and look at it again together on {review}.",),),
        Context.PARTNERSHIP: (
            ("We propose to pause, write down why, and look again together on {review}.",),
        ),
        Context.PROCUREMENT: (
            ("We are pausing the award and will look at it again on {review}.",),
            ("Until then the current contract with {incumbent} continues on an interim basis.",),
        ),
        Context.HIRING: (("We would be glad to talk again on {review}.",),),
        Context.LEADERSHIP: (("We are pausing this decision and will review it on {review}.",),),
    },
    "respectful_walk_away": {
        Context.SALES: (
            ("So we will not go ahead on these terms; thank you for the work on both sides.",),
            ("We would be glad to look at it again on {review_date}.",),
        ),
        Context.PARTNERSHIP: (
            (
                "We have decided not to go ahead with this partnership; thank you for the time both teams put in.",
            ),
            ("We would be glad to look at it again on {review_date}.",),
        ),
        Context.PROCUREMENT: (
            ("This tender closes without an award; thank you for taking part.",),
        ),
        Context.HIRING: (
            ("We will not make an offer on these terms; thank you for the time you gave us.",),
        ),
        Context.LEADERSHIP: (
            ("We are not going ahead; this note says which rule we protected and what we tried.",),
            ("We will review it on {review_date}.",),
        ),
    },
}
"""The last sentences of a pause or a walk-away: the decision itself, and its review date."""
