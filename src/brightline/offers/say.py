"""What to say to the counterpart, in Brightline's own words, fitted to context and culture.

Everything here is meant to be read out or sent, so it is built only from what the other side may
know: the standards (named with their source only when published), the options on the table and
the safeguards. It never reads the BATNA, the reservation point, their estimated alternative or
estimated values; ``tests/test_offers_evaluate.py`` checks that no such number leaks.

Directness sets the register: ``direct`` states the rule and the proposal plainly; ``indirect``
leads with the shared goal, frames the proposal as a question and offers the case's face-saving
choices; ``mixed`` sits in between. With a high power distance the line offers a written version
for their leadership, who will decide; a pause names who checks the standard and when, taken from
a published standard's verifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from brightline.amounts import quantity
from brightline.case.model import Context, Directness, DiscreteIssue, Level, OptionValue
from brightline.case.validate import LoadedCase

if TYPE_CHECKING:
    from brightline.offers.evaluate import Counter, Recommendation, Violation

_NOUN = {
    Context.SALES: "proposal",
    Context.PARTNERSHIP: "term sheet",
    Context.PROCUREMENT: "bid",
    Context.HIRING: "offer",
    Context.LEADERSHIP: "proposal",
}


def describe_choice(loaded: LoadedCase, issue_id: str, value: OptionValue) -> str:
    """``Rollout scope: Two business units, 300 seats`` from the case's names and labels."""
    issue = loaded.case.issue(issue_id)
    name = issue.name or issue_id.replace("_", " ")
    if isinstance(issue, DiscreteIssue):
        option = next((o for o in issue.options if str(o.id) == str(value)), None)
        shown = option.label if option is not None and option.label else str(value)
        shown = shown.replace("_", " ")
    else:
        unit = issue.range.unit
        shown = f"{quantity(float(value))}{'' if unit == '%' else ' '}{unit}".strip()
    return f"{name}: {shown}"


def _standard_phrase(loaded: LoadedCase, standard_id: str) -> str:
    standard = next(s for s in loaded.case.standards if s.id == standard_id)
    name = standard.name or standard_id.replace("_", " ")
    if standard.published and standard.source is not None:
        return f"{name} ({standard.source.reference})"
    return name


def _safeguard_phrase(loaded: LoadedCase, safeguard_ids: Sequence[str]) -> str:
    parts = []
    for safeguard_id in safeguard_ids:
        safeguard = loaded.case.safeguard(safeguard_id)
        parts.append(safeguard.description or safeguard_id.replace("_", " "))
    return "; ".join(parts)


def compose_say(
    loaded: LoadedCase,
    recommendation: Recommendation,
    violations: Sequence[Violation],
    counters: Sequence[Counter],
    safeguards: Sequence[str],
) -> str:
    """The lines to say for this recommendation, filled in from the case.

    Args:
        loaded: The case (names, labels, standards, safeguards, culture, context).
        recommendation: What we decided to do.
        violations: The offer's failed clauses.
        counters: Counters we may put forward, best first.
        safeguards: Safeguard ids that come with what we propose.
    """
    case = loaded.case
    culture = case.case.culture
    noun = _NOUN[case.case.context]
    direct = culture.directness is Directness.DIRECT
    indirect = culture.directness is Directness.INDIRECT
    broken = list(dict.fromkeys(violation.standard for violation in violations))
    rules = _series([_standard_phrase(loaded, standard_id) for standard_id in broken])
    lines: list[str] = []
    if indirect:
        lines.append(f"Thank you for the {noun}; we share the aim of getting this done well.")
    elif not direct:
        lines.append(f"Thank you for the {noun}.")
    if broken:
        if direct:
            lines.append(f"As written, this {noun} does not meet {rules}. We cannot sign it.")
        elif indirect:
            lines.append(
                f"One part is difficult for us: we are bound by {rules}, and the current "
                "wording would place both of us outside it."
            )
        else:
            lines.append(f"We cannot agree to it as written, because it falls outside {rules}.")
    kind = recommendation.value
    proposal = ""
    if counters:
        first = counters[0]
        changes = "; ".join(describe_choice(loaded, issue, to) for issue, _, to in first.changes)
        proposal = changes
    remedy = _safeguard_phrase(loaded, safeguards)
    if kind == "accept":
        lines.append(
            f"This {noun} works for us."
            + (f" We will attach the agreed safeguards: {remedy}." if remedy else "")
        )
    elif kind in ("counter", "narrow-deal") and proposal:
        if kind == "narrow-deal":
            opener = "We can start narrower now and widen once the checks pass"
        else:
            opener = (
                "We can move forward with one change"
                if len(counters[0].changes) == 1
                else "We can move forward with these changes"
            )
        if direct:
            lines.append(f"{opener}: {proposal}.")
        elif indirect:
            lines.append(f"Would it work for your side if we adjusted this: {proposal}?")
        else:
            lines.append(f"{opener}. What we propose: {proposal}.")
        if remedy:
            lines.append(f"It comes with safeguards both sides can verify: {remedy}.")
        if len(counters) > 1:
            lines.append("We have other compliant packages as well, if this one does not fit.")
    elif kind == "pause":
        check = _published_check(loaded, broken)
        lines.append(
            "We do not see a way to meet the standard safely today. We suggest we pause and "
            + (
                f"come back to it once {check}."
                if check
                else "come back to it once the verification steps are in place."
            )
        )
    else:
        found = (
            "terms that meet the standard and work for both sides"
            if broken
            else "terms that work for both sides"
        )
        record = "which rule we held, what we tried" if broken else "what we tried"
        leadership = (
            ", in full, for your leadership to review"
            if culture.power_distance is Level.HIGH
            else ""
        )
        lines.append(
            f"We have not found {found}, so we will step back from this deal. We will put in "
            f"writing {record} and when it would make sense to talk again{leadership}."
        )
    if indirect or (kind in ("pause", "walk") and not direct):
        saving = [item for item in culture.face_saving if item.strip()]
        if saving:
            lines.append(f"One way to present this on your side: {saving[0]}.")
        if culture.escalation_steps and kind in ("pause", "walk"):
            lines.append(f"A next step we could take together: {culture.escalation_steps[0]}.")
    if culture.power_distance is Level.HIGH and kind not in ("accept", "walk"):
        lines.append("We will put this in writing so your leadership can review it in full.")
    return " ".join(lines)


def _series(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a; b; and c`` (semicolons: the items carry commas of their own)."""
    if len(items) <= 2:
        return " and ".join(items)
    return "; ".join(items[:-1]) + "; and " + items[-1]


def _published_check(loaded: LoadedCase, standard_ids: Sequence[str]) -> str:
    """Who checks the first published broken standard, and when, as a phrase (or "")."""
    for standard_id in standard_ids:
        standard = next(s for s in loaded.case.standards if s.id == standard_id)
        if standard.published and standard.verifier is not None:
            when = standard.verifier.when.strip().rstrip(".")
            when = when[:1].lower() + when[1:]
            return f"{standard.verifier.who} has confirmed that it is met (they check: {when})"
    return ""
