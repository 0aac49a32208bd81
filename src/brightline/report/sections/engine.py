"""Sections of the value engine: the warrant gate and the integrative sweep.

Kept outside :mod:`brightline.engine` because formatting for people is not numerics; the engine
stays arrays in, dataclasses out. The ``gate`` and ``sweep`` commands print these same sections,
so the plan and the commands never disagree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from brightline.amounts import amount, plural
from brightline.case.validate import LoadedCase
from brightline.engine.contingent import ContingentValue, contingent_value
from brightline.engine.wording import outcome_text
from brightline.errors import BrightlineError
from brightline.report.context import CaseContext
from brightline.report.document import Section, Table

if TYPE_CHECKING:
    from brightline.engine.gate import GateResult
    from brightline.engine.sweep import Sweep

SHOWN_POINTS = 12
"""Frontier points listed in the text table; JSON has them all."""


def gate_section(result: GateResult, loaded: LoadedCase) -> Section:
    """The verdict, its reasons, and the price/risk/over-breadth table."""
    unit = loaded.case.case.currency
    lines = [
        f"Verdict: {result.verdict.value} ({result.verdict.meaning}).",
        *(f"- {reason}" for reason in result.reasons),
    ]
    if result.conditions and not any(
        text in " ".join(result.reasons) for _, text in result.conditions
    ):
        lines += [f"- do-not-use condition: {text}" for _, text in result.conditions]
    lines += [
        f"- over-broad: {standard.over_breadth:.0%} of the outcomes {standard.id!r} forbids trigger "
        f"none of its harms; narrower rule: {standard.narrower_rule}"
        for standard in result.standards
        if standard.over_breadth and standard.narrower_rule
    ]
    names = {item.id: item.name or item.id.replace("_", " ") for item in loaded.case.standards}
    rows = tuple(
        (
            names.get(standard.id, standard.id),
            "infeasible"
            if not standard.feasible
            else f"{amount(standard.price, unit)} ({standard.price_basis})",
            amount(standard.risk_avoided, unit),
            "n/a" if standard.over_breadth is None else f"{standard.over_breadth:.0%}",
            "yes" if standard.disproportionate else "no",
        )
        for standard in result.standards
    )
    tables = (
        (Table(("standard", "price", "risk avoided", "over-breadth", "price > risk"), rows),)
        if rows
        else ()
    )
    return Section.of("gate", "Warrant gate", tuple(lines), tables, result.to_json())


def sweep_section(found: Sweep, loaded: LoadedCase) -> Section:
    """Summary of both frontiers, the bargaining points and the ZOPA."""
    info = loaded.case.case
    ours_unit, theirs_unit = info.currency, info.their_unit
    lines = [
        f"{plural(found.space.size, 'possible outcome')}; "
        f"{plural(len(found.frontier), 'efficient compliant outcome')}, "
        f"{plural(len(found.unconstrained), 'efficient outcome')} ignoring the standards.",
    ]
    if found.reservations_assumed:
        lines.append(
            "A reservation value is missing; the worst value of that side stands in for it."
        )
    for name, zone in (
        ("compliant", found.zopa),
        ("ignoring standards", found.zopa_unconstrained),
    ):
        if zone.exists and zone.ours_low is not None and zone.ours_high is not None:
            lines.append(
                f"ZOPA ({name}): us {amount(zone.ours_low, ours_unit)} to "
                f"{amount(zone.ours_high, ours_unit)} on {plural(zone.points, 'efficient outcome')}."
            )
        else:
            lines.append(f"ZOPA ({name}): none.")
    for title, index in (
        ("Nash", found.nash),
        ("Kalai", found.kalai),
        ("Max joint", found.max_joint),
    ):
        if index is None:
            lines.append(f"{title} point: none.")
            continue
        outcome = found.space.outcome(found.frontier.choices[index])
        lines.append(
            f"{title} point: us {amount(float(found.frontier.ours[index]), ours_unit)}, them "
            f"{amount(float(found.frontier.theirs[index]), theirs_unit)}: "
            + outcome_text(loaded.case, outcome)
        )
    rows = tuple(
        (
            amount(float(found.frontier.ours[index]), ours_unit),
            amount(float(found.frontier.theirs[index]), theirs_unit),
            outcome_text(loaded.case, found.space.outcome(found.frontier.choices[index])),
        )
        for index in _shown(len(found.frontier))
    )
    if len(found.frontier) > SHOWN_POINTS:
        lines.append(
            f"The table shows {SHOWN_POINTS} of the {len(found.frontier):,} efficient compliant "
            "outcomes, evenly spaced from the best for us to the best for them."
        )
    tables = (Table(("value to us", "value to them", "outcome"), rows),) if rows else ()
    data = {
        "outcomes": str(found.space.size),
        "frontier_points": len(found.frontier),
        "frontier_unconstrained_points": len(found.unconstrained),
        **found.points_json(),
    }
    bet = contingent_value(loaded, found)
    if bet is not None:
        lines.append(contingent_line(bet, loaded, found))
        data["contingent"] = bet.to_json()
    return Section.of("sweep", "Integrative sweep", tuple(lines), tables, data)


def contingent_line(bet: ContingentValue, loaded: LoadedCase, found: Sweep) -> str:
    """What the contingent terms add over the best plain compliant deal, in money."""
    info = loaded.case.case
    ours_unit, theirs_unit = info.currency, info.their_unit
    outcome = outcome_text(loaded.case, found.space.outcome(found.frontier.choices[bet.index]))
    deal = f"us {amount(bet.ours, ours_unit)}, them {amount(bet.theirs, theirs_unit)}"
    joint = (
        f"; it {'adds' if bet.created >= 0 else 'gives up'} {amount(abs(bet.created), ours_unit)} "
        "of joint value against the best plain "
        f"deal (us {amount(bet.plain_ours, ours_unit)}, them {amount(bet.plain_theirs, theirs_unit)})"
        if ours_unit == theirs_unit
        else ""
    )
    if bet.beats_every_plain_deal and bet.plain_ceiling is not None:
        ceiling = (
            f"the plain deals both accept give us at most {amount(bet.plain_ceiling[0], ours_unit)} "
            f"and them at most {amount(bet.plain_ceiling[1], theirs_unit)}"
        )
        return (
            f"Contingent deal both sides prefer to every plain deal they could agree on: {deal} "
            f"({ceiling}){joint}: {outcome}"
        )
    if bet.beats_every_plain_deal:
        return f"Only a contingent deal is acceptable to both sides: {deal}{joint}: {outcome}"
    return f"Best contingent deal: {deal}{joint}: {outcome}"


def _shown(points: int) -> list[int]:
    """Indices of the frontier points listed in the table: all, or evenly spaced ones."""
    if points <= SHOWN_POINTS:
        return list(range(points))
    step = (points - 1) / (SHOWN_POINTS - 1)
    return sorted({round(position * step) for position in range(SHOWN_POINTS)})


def engine_sections(context: CaseContext) -> list[Section]:
    """Gate and sweep from the context's one compile; a case the engine cannot hold gets a note."""
    try:
        result, found = context.gate, context.sweep
    except BrightlineError as error:
        note = (f"The value engine could not handle this case: {error}",)
        return [Section.of("gate", "Warrant gate", note, (), {"error": str(error)})]
    loaded = context.loaded
    return [gate_section(result, loaded), sweep_section(found, loaded)]
