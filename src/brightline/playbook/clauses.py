"""Safeguards drafted as numbered contract clauses, in plain English.

The stable entry point is :func:`draft_clauses`::

    draft_clauses(case: Case, *, counterpart: str) -> tuple[Clause, ...]

``counterpart`` is the name the clauses give the other side: the document's public addressee
("each bidder" in a tender sent to every bidder, the bidder's own name in its notice), never read
from the case, whose ``parties.them.name`` may be a note for our side only. It returns one :class:`Clause` per safeguard of the case, numbered from 1 in file order, each with
a short title, the clause text (without its number) and the names of the parties it binds. A
document puts them in a ``report.document.Numbered`` block (``Numbered(tuple(c.text for c in
clauses))``, or with the title in front of each text); the clause numbers match that block's
numbering from 1.

Why a composer and not a template: each sentence is built from a field of the case, so a clause
states only what the case holds (no field, no sentence) and never prints an empty value or
"None". A mutual safeguard is drafted for both sides ("each party ... the other party"); a
one-sided one names the side it binds (``binds``) and the side it protects. Money goes through
:mod:`brightline.amounts` and every duration carries its unit. Pure: no I/O.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from brightline.amounts import amount, quantity
from brightline.case.model import Binds, Case
from brightline.case.safeguards import (
    AuditCost,
    AuditRights,
    ChangeControl,
    Direction,
    Escrow,
    ExitTerms,
    Safeguard,
    SafeguardKind,
    ServiceCredits,
)

_TITLES = {
    SafeguardKind.TRIGGER: "Conditional step",
    SafeguardKind.SERVICE_CREDITS: "Service levels and credits",
    SafeguardKind.AUDIT_RIGHTS: "Audit rights",
    SafeguardKind.EXIT: "Exit and transition",
    SafeguardKind.CHANGE_CONTROL: "Change control",
    SafeguardKind.ESCROW: "Escrow",
    SafeguardKind.ATTESTATION: "Attestation",
    SafeguardKind.INSPECTION: "Inspection",
    SafeguardKind.REVIEW: "Review",
}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class Clause:
    """One drafted clause.

    Attributes:
        number: Its number in the schedule, from 1 in the order of the case's safeguards.
        title: A short heading (the kind of term).
        text: The clause in plain contract English, without its number.
        parties: Names of the parties the clause binds (both for a mutual safeguard; empty when
            the case does not say whose obligation it is).
        safeguard: The id of the safeguard it drafts, so a document can refer back to the case.
    """

    number: int
    title: str
    text: str
    parties: tuple[str, ...]
    safeguard: str


@dataclass(frozen=True, slots=True)
class _Sides:
    """Who owes the term and who holds it, as the clause names them."""

    actor: str
    other: str
    parties: tuple[str, ...]
    mutual: bool
    us: str
    them: str


def draft_clauses(case: Case, *, counterpart: str) -> tuple[Clause, ...]:
    """Every safeguard of the case as a numbered clause, in file order.

    Args:
        case: The case whose safeguards are drafted.
        counterpart: The other side's name as the document addresses it (see the module
            docstring): the clauses bind and protect the reader by that name.
    """
    return tuple(
        _draft(number, safeguard, case, counterpart)
        for number, safeguard in enumerate(case.safeguards, start=1)
    )


def _draft(number: int, safeguard: Safeguard, case: Case, counterpart: str) -> Clause:
    sides = _sides(safeguard, case.parties.us.name, counterpart)
    items = [*_KIND_ITEMS.get(safeguard.kind, _no_items)(safeguard, sides, case.case.currency)]
    items += _common_items(safeguard, sides)
    text = _lead(safeguard, sides)
    if items:
        text += " " + " ".join(f"({_letter(index)}) {item}" for index, item in enumerate(items))
    return Clause(number, _TITLES[safeguard.kind], text, sides.parties, safeguard.id)


def _sides(safeguard: Safeguard, us: str, them: str) -> _Sides:
    obliged = safeguard.obliged()
    if obliged is Binds.BOTH:
        return _Sides("each party", "the other party", (us, them), True, us, them)
    if obliged is Binds.US:
        return _Sides(us, them, (us,), False, us, them)
    if obliged is Binds.THEM:
        return _Sides(them, us, (them,), False, us, them)
    return _Sides("the party responsible", "the other party", (), False, us, them)


def _lead(safeguard: Safeguard, sides: _Sides) -> str:
    purpose = _sentence(safeguard.description) or _TITLES[safeguard.kind] + "."
    if sides.mutual:
        return f"Each party gives the other the following undertaking, on the same terms: {purpose}"
    return f"{_capital(sides.actor)} gives {sides.other} the following undertaking: {purpose}"


def _common_items(safeguard: Safeguard, sides: _Sides) -> list[str]:
    items = []
    if _said(safeguard.trigger):
        items.append(f"It is triggered by: {_sentence(safeguard.trigger)}")
    if _said(safeguard.measure):
        items.append(f"It is measured by: {_sentence(safeguard.measure)}")
    if _said(safeguard.verifier):
        items.append(f"It is verified by: {_sentence(safeguard.verifier)}")
    if _said(safeguard.consequence):
        items.append(f"When it is triggered: {_sentence(safeguard.consequence)}")
    if safeguard.date is not None:
        verb = (
            "is first carried out by"
            if safeguard.kind in (SafeguardKind.REVIEW, SafeguardKind.INSPECTION)
            else "takes effect on"
        )
        items.append(f"It {verb} {_date(safeguard.date)}.")
    return items


def _service_credits(safeguard: Safeguard, sides: _Sides, currency: str) -> list[str]:
    terms = safeguard.service_credits
    if terms is None:
        return []
    items = []
    level = _level(terms, terms.target) if terms.target is not None else ""
    bound = "at least" if terms.direction is Direction.AT_LEAST else "at most"
    if _said(terms.metric) or level:
        what = _words(terms.metric) or "the service level"
        promise = f"{_capital(sides.actor)} shall keep {what}"
        promise += f" {bound} {level}" if level else ""
        promise += f" in each measurement window of {terms.window.words()}" if terms.window else ""
        promise += (
            f", as measured from {_words(terms.data_source)}" if _said(terms.data_source) else ""
        )
        items.append(_sentence(promise))
    elif terms.window is not None:
        items.append(f"The service level is measured over windows of {terms.window.words()}.")
    if _listing(terms.exclusions):
        items.append("These do not count as a miss: " + _listing(terms.exclusions))
    if terms.tiers:
        worse = "falls below" if terms.direction is Direction.AT_LEAST else "rises above"
        ordered = sorted(
            terms.tiers,
            key=lambda tier: tier.threshold,
            reverse=terms.direction is Direction.AT_LEAST,
        )
        steps = [
            f"{worse} {_level(terms, tier.threshold)}, {_share(tier.credit)} of the fee for that "
            f"window{_money(tier.credit, terms.fee, currency)}"
            for tier in ordered
        ]
        items.append(
            f"{_capital(sides.actor)} credits {sides.other} when the measured level in a window "
            f"{'; '.join(steps)}"
            + ("; only the largest credit reached applies." if len(steps) > 1 else ".")
        )
    if terms.cap is not None:
        items.append(
            f"Credits for one window never exceed {_share(terms.cap)} of its fee"
            f"{_money(terms.cap, terms.fee, currency)}."
        )
    if terms.claim_window is not None:
        items.append(
            f"{_capital(sides.other)} claims a credit in writing within "
            f"{terms.claim_window.words()} after the window ends."
        )
    if terms.chronic_failure is not None:
        chronic = terms.chronic_failure
        items.append(
            f"If the service level is missed in {chronic.misses} "
            f"{'window' if chronic.misses == 1 else 'windows'} within {chronic.within.words()}, "
            f"{sides.other} may terminate this agreement by written notice, without penalty."
        )
    return items


def _audit_rights(safeguard: Safeguard, sides: _Sides, currency: str) -> list[str]:
    terms: AuditRights | None = safeguard.audit_rights
    if terms is None:
        return []
    items = []
    scope = _words(terms.scope) or "the records and controls this agreement concerns"
    if sides.mutual:
        items.append(f"Each party may audit, at the other party: {_sentence(scope)}")
    else:
        items.append(f"{_capital(sides.other)} may audit, at {sides.actor}: {_sentence(scope)}")
    if _said(terms.auditor):
        items.append(f"The audit is carried out by {_sentence(terms.auditor)}")
    if terms.frequency is not None:
        items.append(
            f"No more than one routine audit takes place in any period of {terms.frequency.words()}."
        )
    if terms.notice is not None:
        items.append(
            f"The auditing party gives written notice at least {terms.notice.words()} before an "
            "audit starts."
        )
    if terms.paid_by is not None:
        items.append(_audit_cost(terms.paid_by, sides))
    if terms.look_back is not None:
        items.append(
            f"An audit may examine records from the {terms.look_back.words()} before it starts."
        )
    if terms.survival is not None:
        items.append(f"This right lasts for {terms.survival.words()} after this agreement ends.")
    return items


def _audit_cost(paid_by: AuditCost, sides: _Sides) -> str:
    auditing = "the auditing party" if sides.mutual else sides.other
    audited = "the audited party" if sides.mutual else sides.actor
    if paid_by is AuditCost.AUDITING_SIDE:
        return f"{_capital(auditing)} bears the cost of the audit."
    if paid_by is AuditCost.AUDITED_SIDE:
        return f"{_capital(audited)} bears the cost of the audit."
    if paid_by is AuditCost.SHARED:
        return "The parties share the cost of the audit equally."
    return (
        f"{_capital(auditing)} bears the cost of the audit, unless it finds a material breach, in "
        f"which case {audited} bears it."
    )


def _exit(safeguard: Safeguard, sides: _Sides, currency: str) -> list[str]:
    terms: ExitTerms | None = safeguard.exit
    if terms is None:
        return []
    items = []
    if terms.transition is not None:
        items.append(
            f"For {terms.transition.words()} after notice of exit, {sides.actor} continues the "
            f"service and helps {sides.other} move its data."
        )
    if _said(terms.export_format):
        items.append(
            f"{_capital(sides.actor)} hands over all of {sides.other}'s data in "
            f"{_sentence(terms.export_format)}"
        )
    if terms.deletion_certificate is not None:
        items.append(
            f"Within {terms.deletion_certificate.words()} after the transition ends, "
            f"{sides.actor} deletes every copy of that data and certifies the deletion in writing."
        )
    return items


def _change_control(safeguard: Safeguard, sides: _Sides, currency: str) -> list[str]:
    terms: ChangeControl | None = safeguard.change_control
    if terms is None:
        return []
    items = []
    if terms.requested_by is not None:
        who = {
            Binds.BOTH: "Either party",
            Binds.US: "Only " + sides.us,
            Binds.THEM: "Only " + sides.them,
        }[terms.requested_by]
        items.append(f"{who} may request a change to the agreed scope, in writing.")
    if terms.impact_assessment is not None and _listing(terms.impact_assessment.covers):
        assessment = terms.impact_assessment
        within = (
            f"Within {assessment.within.words()} of a request, the" if assessment.within else "The"
        )
        items.append(
            f"{within} party receiving it delivers a written impact assessment covering "
            f"{_listing(assessment.covers)}"
        )
    if _said(terms.approved_by):
        items.append(
            f"No change takes effect without the written approval of {_sentence(terms.approved_by)}"
        )
    if _said(terms.binding_when):
        items.append(
            f"An approved change binds the parties only from this event: {_sentence(terms.binding_when)}"
        )
    return items


def _escrow(safeguard: Safeguard, sides: _Sides, currency: str) -> list[str]:
    terms: Escrow | None = safeguard.escrow
    if terms is None:
        return []
    items = []
    agent = _words(terms.agent) or "the escrow agent"
    if _listing(terms.deposit):
        items.append(
            f"{_capital(sides.actor)} deposits {_listing(terms.deposit, end='')} with {agent}."
        )
    if terms.update_every is not None:
        items.append(
            f"{_capital(sides.actor)} refreshes the deposit at least once every "
            f"{terms.update_every.words()}."
        )
    if _said(terms.verification):
        items.append(f"{_capital(agent)} verifies each deposit by {_sentence(terms.verification)}")
    if _listing(terms.release_conditions):
        items.append(
            f"{_capital(agent)} releases the deposit to {sides.other} on any of these events: "
            + _listing(terms.release_conditions)
        )
    return items


def _no_items(safeguard: Safeguard, sides: _Sides, currency: str) -> list[str]:
    return []


_KIND_ITEMS: dict[SafeguardKind, Callable[[Safeguard, _Sides, str], list[str]]] = {
    SafeguardKind.SERVICE_CREDITS: _service_credits,
    SafeguardKind.AUDIT_RIGHTS: _audit_rights,
    SafeguardKind.EXIT: _exit,
    SafeguardKind.CHANGE_CONTROL: _change_control,
    SafeguardKind.ESCROW: _escrow,
}


# --- wording helpers -------------------------------------------------------------------------------


def _level(terms: ServiceCredits, value: float) -> str:
    unit = " ".join(terms.unit.split())
    if unit == "%":
        return f"{quantity(value)}%"
    return f"{quantity(value)} {unit}".strip()


def _share(share: float) -> str:
    return f"{quantity(round(share * 100, 8))}%"


def _money(share: float, fee: float | None, currency: str) -> str:
    if fee is None:
        return ""
    return f" ({amount(share * fee, currency)})"


def _date(day: datetime.date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _sentence(text: str) -> str:
    """Free text from the case as one sentence: trimmed, ending in a full stop."""
    words = _words(text)
    if not words:
        return ""
    return words if words[-1] in "!?" else words + "."


def _words(text: str) -> str:
    """Free text from the case to go inside a sentence: trimmed, or empty when it says nothing."""
    return " ".join(text.split()).strip(".;,:- ") if _said(text) else ""


def _said(text: str) -> bool:
    """Whether free text says anything: a field of blanks or punctuation says nothing."""
    return any(character.isalnum() for character in text)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _listing(entries: Sequence[str], end: str = ".") -> str:
    cleaned = [_words(entry) for entry in entries if _said(entry)]
    return "; ".join(cleaned) + end if cleaned else ""


def _letter(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return (
        letters[index]
        if index < len(letters)
        else f"{letters[index // 26 - 1]}{letters[index % 26]}"
    )


__all__ = ["Clause", "draft_clauses"]
