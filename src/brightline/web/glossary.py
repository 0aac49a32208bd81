"""The terms of art the pages use, each with a one-line explanation in plain words.

Pages mark a term with the ``term`` filter (``{{ "ZOPA" | term }}``): it renders an ``<abbr>``
whose title is the line below and which links to the glossary page, so a reader can hover (or tap
through on a phone) instead of guessing.
"""

from __future__ import annotations

TERMS: dict[str, str] = {
    "BATNA": "Best alternative to a negotiated agreement: what you will do, and what it is worth "
    "to you, if these talks end without a deal.",
    "Reservation point": "The worst terms you will still accept, in value to you; below it you "
    "walk away. Set it before talks start and do not move it at the table.",
    "Pre-commitment": "Fixing the reservation point in advance (and having it approved) so the "
    "pressure of the moment cannot lower it.",
    "ZOPA": "Zone of possible agreement: the outcomes that both sides prefer to their "
    "alternatives. No ZOPA means no deal is better for both than walking away.",
    "Frontier": "The Pareto frontier: the outcomes where one side can only gain if the other "
    "loses. An outcome off the frontier leaves value on the table for both.",
    "Pareto": "An outcome is Pareto-optimal when no other outcome is at least as good for both "
    "sides and better for one.",
    "Nash point": "The outcome on the frontier that maximises the product of both sides' gains "
    "over their alternatives: a standard fair split.",
    "Kalai point": "The outcome on the frontier where each side gets the same share of the most "
    "it could hope for: another standard fair split.",
    "MESO": "Multiple equivalent simultaneous offers: several packages worth the same to you, "
    "put on the table together, so the other side's choice reveals what matters to them.",
    "Standard": "A must-have: a rule every acceptable deal satisfies (data stays in the EU, pay "
    "within the band), backed by an outside source such as a law, framework or policy.",
    "Harm": "What breaching a standard could cost: when it happens, how likely it is, how much it "
    "costs and who bears it.",
    "Safeguard": "A written term that makes a standard checkable and enforceable: a trigger, a "
    "measure, a consequence, a verifier and a date.",
    "Warrant gate": "The test of whether a hard stance is justified: only when every deal the "
    "other side would accept breaks a standard, and the standards are proportionate to the risk.",
    "Lose-lose stance": "Holding a rule even though it costs both sides something now, because "
    "breaking it would cost more later.",
    "Price of a standard": "The joint value lost by imposing the standard: the best deal without "
    "it minus the best deal with it.",
    "Over-breadth": "The share of the outcomes a standard excludes that trigger none of the harms "
    "it is meant to prevent: how much wider the rule is than the risk.",
    "Proportionate": "A standard whose price is in line with the risk it avoids.",
    "Tradeable": "Something you can give or get that moves value between the sides without "
    "breaking a standard: a phased rollout, escrow, audit rights, service credits.",
    "Integrative option": "A way to enlarge the deal for both sides, considered before taking a "
    "hard stance; the case records why each one was rejected.",
    "Counterparty map": "Who sits on the other side: their stakeholders, who decides, who must "
    "justify what internally, and their approval path.",
    "δ": "Delta, the discount factor: how much a future deal is worth today compared with one "
    "now (between 0 and 1). Higher means the future matters more, so deterrence works better.",
    "Deterrence": "Holding a rule now so that the other side does not test it again in later "
    "deals.",
    "Value to us": "What an outcome is worth to us, in the case currency.",
    "Value to them": "Our estimate of what an outcome is worth to them, in their value unit (the "
    "case currency unless the case says otherwise).",
    "Three-point estimate": "A low, a likely and a high figure for an uncertain amount, so the "
    "plan shows the range instead of one false-precise number.",
    "Readiness": "The checklist of what a complete preparation has: a quantified BATNA, a "
    "committed reservation point, a counterparty map, evidence for each standard.",
    "Pitfall": "A known way a hard stance goes wrong (a hidden standard, a vague remedy, a rule "
    "wider than the risk); each has a code such as BL202.",
    "Decision trail": "The append-only, hash-chained record of a live negotiation: every offer, "
    "concession and note, so the record can be verified later.",
    "Max joint point": "The outcome with the largest total of both sides' values: the biggest pie, "
    "however it is split between them.",
    "Reciprocity": "Whether concessions are matched: what we received divided by what we gave. "
    "Below 1 we are paying more than we get.",
    "Knock-out": "A bid that breaks a must-have leaves the ranking, whatever its price or score.",
    "Score": "One number that ranks the bids on a single scale: a bid's value to us, added up over "
    "the criteria, in the case currency.",
    "Weight": "How much one part counts against the others when they are added up: a criterion in "
    "a bid's score, or the next deal against this one.",
    "Caving": "Giving up the standard to get this deal signed; the opposite of holding it.",
    "Precedent": "A concession that becomes the reference point for later deals, so it is paid "
    "again and again, not once.",
    "Re-test probability": "r: the chance, per later deal, that the other side tests the rule "
    "again to see whether we still hold it.",
    "Grim trigger": "A strict answer to a breach: walk away from every later deal for good. Harsh "
    "punishments also fire on false alarms, so the shortest one that deters is preferred.",
    "False alarm": "Our check reports a breach that did not happen; with a harsh punishment each "
    "one costs both sides a deal.",
    "Beta-PERT": "A way to turn a low, likely and high figure into a smooth range weighted toward "
    "the likely one; Brightline samples the BATNA from it.",
    "Standard deviation": "sd: how far the sampled outcomes typically lie from their mean; a "
    "larger sd means a less certain figure.",
    "Seed": "The starting number of the random sampler: the same seed gives the same figures "
    "every time, so a result can be checked.",
    "Tornado chart": "Bars showing which uncertain figure moves the result most, each from its low "
    "to its high estimate, widest first.",
}
"""Term -> its one-line explanation, in the order the glossary page lists them."""

ALIASES: dict[str, str] = {
    "Nash": "Nash point",
    "Kalai": "Kalai point",
    "Max joint": "Max joint point",
    "Pareto frontier": "Frontier",
    "Must-have": "Standard",
    "Knocked out": "Knock-out",
    "Cave": "Caving",
    "Tornado": "Tornado chart",
    "sd": "Standard deviation",
    "r": "Re-test probability",
    "Discount factor": "δ",
}
"""Other ways the pages say a term (``Nash`` for the Nash point) -> the term they mean."""

EXACT_CASE = frozenset({"sd", "r", "δ"})
"""Short symbols matched only as written (an acronym in capitals is, too), so the ``r`` of a
word or an ``SD`` card is never taken for them."""


def meaning(name: str) -> str | None:
    """The glossary term a word of a page stands for (itself, or the term of an alias)."""
    if name in TERMS:
        return name
    return ALIASES.get(name)


def slug(term: str) -> str:
    """The glossary page anchor of a term (an alias goes to its term's entry)."""
    term = ALIASES.get(term, term)
    if term == "δ":
        return "delta"
    return "-".join(term.lower().split())
