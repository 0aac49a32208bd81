"""Readiness (``BL1xx``): the preparation a hard stance needs before anyone sits down.

Each item is reported as done or missing; a missing item also becomes a finding with its severity.
"""

from __future__ import annotations

from brightline.amounts import amount, number_text, plural
from brightline.case.model import CostKind
from brightline.lint.registry import LintContext, ReadinessItem, Severity, readiness
from brightline.rules import issues_of


@readiness("BL101", "batna-quantified", "BATNA quantified", Severity.WARNING)
def batna_quantified(context: LintContext) -> ReadinessItem:
    """Our alternative must be a number, built from its money, time, legal and political costs.

    A walk-away is only credible, to us and to them, when we know what it is worth. Listing the four
    kinds of cost separately (with low, likely and high estimates) stops the common mistake of
    counting the money and forgetting the delay or the internal politics of a failed deal.
    """
    batna = context.case.batna
    if batna is None:
        return ReadinessItem(
            "BL101",
            "BATNA quantified",
            False,
            "no BATNA recorded",
            "add `batna:` with components of kind money, time, legal and political",
            ("batna",),
        )
    kinds = {component.kind for component in batna.components}
    missing = [kind.value for kind in CostKind if kind not in kinds]
    if missing:
        return ReadinessItem(
            "BL101",
            "BATNA quantified",
            False,
            f"no {', '.join(missing)} component",
            "add a component for each missing kind (0 is a valid estimate if you checked)",
            ("batna", "components"),
        )
    value = batna.value()
    unit = context.case.case.currency
    return ReadinessItem(
        "BL101",
        "BATNA quantified",
        True,
        f"{amount(value.likely, unit)} likely ({number_text(value.low)} to {amount(value.high, unit)})",
    )


@readiness("BL102", "reservation-set", "Reservation point set", Severity.ERROR)
def reservation_set(context: LintContext) -> ReadinessItem:
    """The worst terms we accept must be written down before the first offer.

    Without a reservation point every concession is judged in the heat of the moment, which is how
    a standard gets traded away by accident.
    """
    reservation = context.case.reservation
    if reservation is None:
        return ReadinessItem(
            "BL102",
            "Reservation point set",
            False,
            "no reservation point",
            "add `reservation: {value: ..., pre_committed: true}` in the case currency",
            ("reservation",),
        )
    unit = context.case.case.currency
    return ReadinessItem("BL102", "Reservation point set", True, amount(reservation.value, unit))


@readiness(
    "BL103", "reservation-pre-committed", "Reservation point pre-committed", Severity.WARNING
)
def reservation_pre_committed(context: LintContext) -> ReadinessItem:
    """Commit to the reservation point in advance, with someone who approved it.

    A pre-commitment is what makes a walk-away hurt less at the moment it is needed: the decision was
    made calmly, earlier, and crossing it needs the approver, not just the negotiator's mood.
    """
    reservation = context.case.reservation
    if reservation is None or not reservation.pre_committed:
        return ReadinessItem(
            "BL103",
            "Reservation point pre-committed",
            False,
            "the reservation point is not pre-committed",
            "set `reservation.pre_committed: true` and name `approved_by`",
            ("reservation",),
        )
    who = f" (approved by {reservation.approved_by})" if reservation.approved_by else ""
    return ReadinessItem("BL103", "Reservation point pre-committed", True, "pre-committed" + who)


@readiness(
    "BL104", "reservation-above-batna", "Reservation point at or above BATNA", Severity.WARNING
)
def reservation_above_batna(context: LintContext) -> ReadinessItem:
    """A reservation point below the BATNA accepts deals worse than walking away.

    The reservation point is normally the BATNA's likely value plus whatever the relationship is
    worth; setting it lower means agreeing to something we would be better off refusing.
    """
    case = context.case
    if case.batna is None or case.reservation is None or not case.batna.components:
        return ReadinessItem(
            "BL104",
            "Reservation point at or above BATNA",
            False,
            "needs both a quantified BATNA and a reservation point to compare",
            "complete `batna` and `reservation`",
            ("reservation",),
        )
    likely = case.batna.value().likely
    unit = case.case.currency
    if case.reservation.value < likely:
        return ReadinessItem(
            "BL104",
            "Reservation point at or above BATNA",
            False,
            f"reservation {amount(case.reservation.value, unit)} is below the BATNA's likely value "
            f"{amount(likely, unit)}",
            "raise the reservation point to at least the BATNA, or explain the gap in `rationale`",
            ("reservation", "value"),
        )
    return ReadinessItem(
        "BL104",
        "Reservation point at or above BATNA",
        True,
        f"{amount(case.reservation.value - likely, unit)} above the BATNA's likely value",
    )


@readiness("BL105", "issues-mapped", "Issues mapped to the harms they risk", Severity.WARNING)
def issues_mapped(context: LintContext) -> ReadinessItem:
    """Every issue a standard constrains should be read by some harm's rule.

    A constraint on an issue no harm depends on cannot be defended: the map from issues to harms is
    what tells us (and later the counterpart) why the rule exists.
    """
    loaded = context.loaded
    if not context.case.harms:
        return ReadinessItem(
            "BL105",
            "Issues mapped to the harms they risk",
            False,
            "no harms recorded",
            "add `harms:` with a rule, probability, impact and bearer for each",
            ("harms",),
        )
    harmed = set().union(*(issues_of(rule) for rule in loaded.harm_rules.values()))
    constrained = set().union(*(issues_of(rule) for rule in loaded.standard_rules.values()))
    unmapped = sorted(constrained - harmed)
    if unmapped:
        return ReadinessItem(
            "BL105",
            "Issues mapped to the harms they risk",
            False,
            f"constrained issues no harm reads: {', '.join(unmapped)}",
            "add a harm whose rule reads these issues, or loosen the standards on them",
            ("harms",),
        )
    return ReadinessItem(
        "BL105",
        "Issues mapped to the harms they risk",
        True,
        f"{plural(len(context.case.harms), 'harm')} "
        + ("covers" if len(context.case.harms) == 1 else "cover")
        + " every constrained issue",
    )


@readiness("BL106", "priorities-tradeables", "Priorities and tradeables", Severity.WARNING)
def priorities_and_tradeables(context: LintContext) -> ReadinessItem:
    """Know which issues matter most and what can be traded without touching a standard.

    Tradeables (phased rollout, audit rights, credits, caps, escrow, sandboxes) are how a hard stance
    stays generous: they give the other side value on issues the standards do not protect.
    """
    case = context.case
    without = [issue.id for issue in case.issues if issue.priority is None]
    if without:
        return ReadinessItem(
            "BL106",
            "Priorities and tradeables",
            False,
            f"issues without a priority: {', '.join(without)}",
            "set `priority: high|medium|low` on each issue",
            ("issues",),
        )
    if not case.tradeables:
        return ReadinessItem(
            "BL106",
            "Priorities and tradeables",
            False,
            "no tradeables listed",
            "add `tradeables:` (phased_rollout, audit_rights, service_credits, ...) with cost and value",
            ("tradeables",),
        )
    symmetric = sum(1 for tradeable in case.tradeables if tradeable.symmetric)
    return ReadinessItem(
        "BL106",
        "Priorities and tradeables",
        True,
        f"{plural(len(case.issues), 'issue')} prioritised; "
        f"{plural(len(case.tradeables), 'tradeable')} ({symmetric} symmetric)",
    )


@readiness("BL107", "counterparty-map", "Counterparty map", Severity.WARNING)
def counterparty_map(context: LintContext) -> ReadinessItem:
    """Know who decides on their side, who approves, and what each must justify if talks end.

    A hard stance lands on people: a decision maker who must explain a lost deal, a reviewer who bears
    the reputation risk. Mapping them shows where a face-saving option or an extra document helps.
    """
    them = context.case.parties.them
    gaps: list[str] = []
    if not them.stakeholders:
        gaps.append("stakeholders")
    if not any(person.decision_maker for person in them.stakeholders):
        gaps.append("a decision maker")
    if not any(person.must_justify for person in them.stakeholders):
        gaps.append("what they must justify if talks end")
    if not them.approval_path:
        gaps.append("approval path")
    if not them.public_optics and not any(p.bears_reputation_risk for p in them.stakeholders):
        gaps.append("public optics or who bears reputation risk")
    if gaps:
        return ReadinessItem(
            "BL107",
            "Counterparty map",
            False,
            f"missing {', '.join(gaps)}",
            "fill in `parties.them` (stakeholders, approval_path, public_optics)",
            ("parties", "them"),
        )
    deciders = [p.name for p in them.stakeholders if p.decision_maker]
    return ReadinessItem(
        "BL107",
        "Counterparty map",
        True,
        f"{plural(len(them.stakeholders), 'stakeholder')}; decides: {', '.join(deciders)}",
    )


@readiness("BL108", "evidence-pack", "Evidence pack", Severity.WARNING)
def evidence_pack(context: LintContext) -> ReadinessItem:
    """Each standard needs its source, evidence, verifier and narrative before it is put on the table.

    This is the anchor worksheet: the rule and where it comes from, the evidence behind it, who checks
    it and when, and two lines on why a loss now prevents a larger one later.
    """
    incomplete: list[str] = []
    first_path: tuple[str | int, ...] = ()
    for index, standard in enumerate(context.case.standards):
        missing = [
            name
            for name, present in (
                ("source", standard.source is not None),
                ("evidence", bool(standard.evidence)),
                ("verifier", standard.verifier is not None),
                ("narrative", bool(standard.narrative.strip())),
            )
            if not present
        ]
        if missing:
            incomplete.append(f"{standard.id} (no {', '.join(missing)})")
            first_path = first_path or ("standards", index)
    if not context.case.standards:
        return ReadinessItem(
            "BL108",
            "Evidence pack",
            False,
            "no standards recorded",
            "add `standards:` with rule, source, evidence, verifier and narrative",
            ("standards",),
        )
    if incomplete:
        return ReadinessItem(
            "BL108",
            "Evidence pack",
            False,
            "; ".join(incomplete),
            "complete source, evidence, verifier and narrative for each standard",
            first_path,
        )
    return ReadinessItem(
        "BL108",
        "Evidence pack",
        True,
        f"{plural(len(context.case.standards), 'standard')} fully evidenced",
    )


@readiness("BL109", "their-batna", "Their BATNA estimated", Severity.WARNING)
def their_batna(context: LintContext) -> ReadinessItem:
    """Estimate what the other side falls back on, and how sure we are.

    Whether any compliant deal exists depends on their alternative as much as ours; the estimate also
    tells us how much pressure a walk-away puts on them.
    """
    estimate = context.case.their_batna
    if estimate is None:
        return ReadinessItem(
            "BL109",
            "Their BATNA estimated",
            False,
            "no estimate of their alternative",
            "add `their_batna: {value: ..., confidence: low|medium|high}`",
            ("their_batna",),
        )
    unit = context.case.case.their_unit
    return ReadinessItem(
        "BL109",
        "Their BATNA estimated",
        True,
        f"{amount(estimate.value, unit)} ({estimate.confidence.value} confidence)",
    )


def _strings(value: object, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        found: list[tuple[tuple[str | int, ...], str]] = []
        for key, item in value.items():
            found += _strings(item, (*path, str(key)))
        return found
    if isinstance(value, list):
        found = []
        for index, item in enumerate(value):
            found += _strings(item, (*path, index))
        return found
    return []


@readiness("BL110", "starter-text-replaced", "Starter text replaced", Severity.WARNING)
def starter_text_replaced(context: LintContext) -> ReadinessItem:
    """Replace every line of the starter case that says what to write instead of saying it.

    A starter case from `brightline init` loads and checks cleanly on purpose, so the tool can be
    learned on it. Its placeholder sentences ("Named independent checker") are not preparation,
    though: a case that still holds them only looks ready.
    """
    from brightline.case.source import dotted
    from brightline.case.templates import PLACEHOLDERS

    left = [
        (path, text)
        for path, text in _strings(context.case.model_dump(mode="json"), ())
        if text.strip() in PLACEHOLDERS
    ]
    if left:
        shown = ", ".join(dotted(path) for path, _ in left[:4]) + (", ..." if len(left) > 4 else "")
        return ReadinessItem(
            "BL110",
            "Starter text replaced",
            False,
            f"{len(left)} starter placeholder{'s' if len(left) != 1 else ''} left: {shown}",
            "replace each with the real name, source, evidence or narrative of this case",
            left[0][0],
        )
    return ReadinessItem("BL110", "Starter text replaced", True, "no starter placeholders left")
