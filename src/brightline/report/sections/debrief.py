"""The debrief's document: plan against what happened, for one session.

The four review questions, the distance from the frontier, the concessions over time, the
improvement prompts and our own view of how it went.

Every sentence states a computed fact from :class:`brightline.session.debrief.Debrief` (the
service assembles them; nothing is computed here but wording). The debrief is internal: it holds
values to us and our estimates of theirs. The one passage meant for the other side, the
post-settlement proposal, is built by :func:`proposal_text` from the terms alone, so no value
to us and no estimate of theirs can reach it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from brightline.amounts import amount, plural, signed_amount
from brightline.engine.wording import issue_value_text, outcome_text
from brightline.report.document import (
    Block,
    Bullets,
    Document,
    Figure,
    Paragraph,
    Quote,
    Section,
    Table,
)

if TYPE_CHECKING:
    from brightline.case.model import Case, OptionValue
    from brightline.session.debrief import Debrief, Settlement, StandardReview

SPARKS = "▁▂▃▄▅▆▇█"
"""Eight bar heights for a sparkline of concession sizes in the terminal."""

SHOWN_IMPROVEMENTS = 8
"""Improvements listed in the table; JSON lists them all."""


def sparkline(values: Sequence[float]) -> str:
    """One character per value, its height proportional to the value (the largest is full)."""
    top = max((abs(value) for value in values), default=0.0)
    if top <= 0:
        return SPARKS[0] * len(values)
    return "".join(
        SPARKS[min(len(SPARKS) - 1, int(abs(v) / top * (len(SPARKS) - 1) + 0.5))] for v in values
    )


def changed_terms(
    case: Case, agreed: dict[str, OptionValue], better: dict[str, OptionValue]
) -> list[tuple[str, str, str]]:
    """``(issue, signed, proposed)`` for every issue whose option differs, in case order."""
    return [
        (
            issue.id,
            issue_value_text(case, issue.id, agreed[issue.id]),
            issue_value_text(case, issue.id, better[issue.id]),
        )
        for issue in case.issues
        if issue.id in agreed
        and issue.id in better
        and str(agreed[issue.id]) != str(better[issue.id])
    ]


def proposal_text(
    case: Case, agreed: dict[str, OptionValue], better: dict[str, OptionValue]
) -> str:
    """The post-settlement proposal for the other side: the changed terms and the fallback.

    Built from option names only (no value to us, no estimate of theirs), and it says plainly
    that the signed deal stands unless both sides choose the change.
    """
    changes = changed_terms(case, agreed, better)
    listed = "; ".join(
        f"{issue} from {signed} to {proposed}" for issue, signed, proposed in changes
    )
    return (
        "Now that our agreement is signed, we looked again at its terms for a version that could "
        f"work better for both of us. We propose changing {listed}. If you prefer, we keep what "
        "we signed: nothing changes unless both sides agree to the change in writing."
    )


def improvement_section(case: Case, settlement: Settlement) -> Section:
    """Post-settlement improvement: outcomes both sides prefer, the best one, and the proposal."""
    info = case.case
    ours_unit, theirs_unit = info.currency, info.their_unit
    post = settlement.post
    agreed = outcome_text(case, settlement.outcome)
    blocks: list[Block] = [Paragraph(f"Signed terms (offer #{settlement.offer_seq}): {agreed}.")]
    data: dict[str, Any] = {"offer_seq": settlement.offer_seq, "outcome": settlement.outcome}
    if settlement.concessions_after:
        blocks.append(
            Paragraph(
                f"{plural(settlement.concessions_after, 'concession')} recorded after that offer "
                "are not part of its terms; the numbers below are for the terms as offered."
            )
        )
    if post is None:
        blocks.append(Paragraph(f"No frontier could be computed: {settlement.space_note}."))
        data["computed"] = False
        return Section("improvement", "Post-settlement improvement", tuple(blocks), data)
    data.update(
        {
            "computed": True,
            "efficient": post.efficient,
            "basis": post.basis.value,
            "ours": post.agreed_ours,
            "theirs": post.agreed_theirs,
            "improvements": [
                {
                    "ours": item.ours,
                    "theirs": item.theirs,
                    "gain_ours": item.gain_ours,
                    "gain_theirs": item.gain_theirs,
                    "joint_gain": item.joint_gain,
                    "outcome": terms,
                }
                for item, terms in zip(
                    post.improvements, settlement.improvement_outcomes, strict=True
                )
            ],
            "best": post.best,
        }
    )
    if settlement.broken:
        blocks.append(
            Paragraph(
                f"The signed terms break {', '.join(settlement.broken)} (an approved exception); "
                "the improvements below hold every standard."
            )
        )
    best = post.best_improvement
    if best is None or post.best is None:
        blocks.append(
            Paragraph(
                "The deal is efficient: no compliant outcome is better for both sides by our "
                "estimates, so there is nothing to propose."
            )
        )
        return Section("improvement", "Post-settlement improvement", tuple(blocks), data)
    combined = (
        f"a joint gain of {amount(best.joint_gain, ours_unit)}"
        if post.basis.value == "joint"
        else "the largest product of both gains (their values are in another unit)"
    )
    blocks.append(
        Paragraph(
            f"{plural(len(post.improvements), 'efficient compliant outcome')} "
            f"{'is' if len(post.improvements) == 1 else 'are'} better for both sides than the "
            f"signed deal by our estimates. The best, with {combined}, gives us "
            f"{signed_amount(best.gain_ours, ours_unit)} and them "
            f"{signed_amount(best.gain_theirs, theirs_unit)}."
        )
    )
    rows = tuple(
        (
            "best" if index == post.best else "",
            outcome_text(case, terms),
            signed_amount(item.gain_ours, ours_unit),
            signed_amount(item.gain_theirs, theirs_unit),
        )
        for index, (item, terms) in enumerate(
            zip(post.improvements, settlement.improvement_outcomes, strict=True)
        )
        if index < SHOWN_IMPROVEMENTS or index == post.best
    )
    blocks.append(
        Table(
            ("", "terms", "gain to us", "gain to them (our estimate)"),
            rows,
            (False, False, True, True),
        )
    )
    if len(post.improvements) > SHOWN_IMPROVEMENTS:
        blocks.append(Paragraph(f"The first {SHOWN_IMPROVEMENTS} are listed; JSON has them all."))
    better = settlement.improvement_outcomes[post.best]
    proposal = proposal_text(case, settlement.outcome, better)
    data["proposal"] = proposal
    blocks += [Paragraph("Draft proposal (to them, verbatim):"), Quote(proposal)]
    return Section("improvement", "Post-settlement improvement", tuple(blocks), data)


def _summary(debrief: Debrief) -> Section:
    info, case = debrief.info, debrief.loaded.case
    settled = f" by decision #{debrief.decision_seq}" if debrief.decision_seq is not None else ""
    review = f"; review on {debrief.review_date.isoformat()}" if debrief.review_date else ""
    lines = [
        f"Session `{info.id}` on case {case.case.id}: outcome **{debrief.outcome.value}**"
        f"{settled}{review}.",
        "Internal: values to us and our estimates of theirs; do not share.",
    ]
    if not debrief.trail.intact:
        lines.append(f"The trail does not verify: {debrief.trail.problem}; read it with care.")
    data = {
        "session": info.id,
        "outcome": debrief.outcome.value,
        "decision_seq": debrief.decision_seq,
        "review_date": debrief.review_date.isoformat() if debrief.review_date else None,
        "trail_intact": debrief.trail.intact,
    }
    return Section.of("summary", "", lines, data=data)


def _integrative(debrief: Debrief) -> Section:
    found = debrief.integrative
    counts: dict[str, int] = {}
    for option in found.options:
        counts[option.status.value] = counts.get(option.status.value, 0) + 1
    statuses = ", ".join(f"{count} {status}" for status, count in counts.items())
    lines = [
        f"The case lists {plural(len(found.options), 'integrative option')}"
        + (f" ({statuses})." if statuses else "; none were written down before the talks.")
    ]
    if found.compliant_deal_existed is not None:
        lines.append(
            "The sweep found a compliant deal both sides could accept."
            if found.compliant_deal_existed
            else "The sweep found no compliant deal both sides could accept."
        )
    if found.first_hard_stance is None:
        lines.append("No hard stance was taken in the trail.")
    else:
        seq, what = found.first_hard_stance
        offer = (
            f"our first compliant offer came at #{found.first_compliant_offer}"
            if found.first_compliant_offer is not None
            else "we never made a compliant offer"
        )
        verdict = "before" if found.stance_before_sweep else "after"
        lines.append(
            f"First hard stance: #{seq} ({what}), {verdict} the integrative offers; {offer}."
        )
    rows = tuple(
        (
            option.description,
            option.status.value,
            "yes" if option.verifiable else "no",
            option.reason,
        )
        for option in found.options
    )
    tables = (Table(("option", "status", "verifiable", "reason"), rows),) if rows else ()
    data = {
        "options": [option.model_dump(mode="json") for option in found.options],
        "first_hard_stance": None
        if found.first_hard_stance is None
        else {"seq": found.first_hard_stance[0], "what": found.first_hard_stance[1]},
        "first_compliant_offer": found.first_compliant_offer,
        "stance_before_sweep": found.stance_before_sweep,
        "compliant_deal_existed": found.compliant_deal_existed,
    }
    return Section.of(
        "integrative", "1. Did we exhaust the integrative options first?", lines, tables, data
    )


def held_text(review: StandardReview, agreed: bool = False) -> str:
    """How the deal treated a standard: ``held``, ``broken``, ``kept`` or ``unknown``.

    Kept: no deal was signed, so nothing broke it. Unknown: a deal was signed, but no complete
    offer before it says on which terms.
    """
    if review.held is None:
        return "unknown (no terms)" if agreed else "kept (no deal)"
    return "held" if review.held else "broken"


def _standards(debrief: Debrief) -> Section:
    unit = debrief.loaded.case.case.currency
    rows = []
    for review in debrief.standards:
        measure = review.measure
        rows.append(
            (
                review.standard.id,
                held_text(review, debrief.outcome.agreed),
                "n/a" if measure is None or not measure.priced else amount(measure.price, unit),
                "n/a" if measure is None else amount(measure.risk_avoided, unit),
                "n/a"
                if measure is None or measure.over_breadth is None
                else f"{measure.over_breadth:.0%}",
                f"{len(review.concessions)}: {amount(review.conceded, unit)}"
                if review.concessions
                else "none",
            )
        )
    held = [r.standard.id for r in debrief.standards if r.held is not False]
    unknown = debrief.outcome.agreed and debrief.settlement is None
    lines = [
        "The signed terms are unknown: no complete offer was recorded before the decision; "
        "record the offer on the table to measure them."
        if unknown
        else f"Protected: {', '.join(held)}."
        if held
        else "No standard was protected.",
        *(
            f"{r.standard.id} is {r.measure.over_breadth:.0%} over-broad: that share of what it "
            f"excludes triggers none of its harms; narrower: {r.measure.narrower_rule}"
            for r in debrief.standards
            if r.measure is not None and r.measure.over_breadth and r.measure.narrower_rule
        ),
    ]
    table = Table(
        ("standard", "in the deal", "price", "risk avoided", "over-breadth", "our concessions"),
        tuple(rows),
        (False, False, True, True, True, True),
    )
    data = [
        {
            "id": r.standard.id,
            "held": r.held,
            "measure": None if r.measure is None else r.measure.to_json(),
            "concessions": list(r.concessions),
            "conceded": r.conceded,
        }
        for r in debrief.standards
    ]
    return Section.of(
        "standards",
        "2–3. Which rules did we protect, and were they as narrow as possible?",
        lines,
        (table,) if rows else (),
        data,
    )


def _safeguards(debrief: Debrief) -> Section:
    if debrief.close_seq is None:
        lines = ["The talks are not closed yet, so nothing happened after a close."]
    elif debrief.drift:
        listed = ", ".join(f"#{seq} {kind}" for seq, kind in debrief.drift)
        lines = [
            f"{plural(len(debrief.drift), 'drift signal')} after the close (#{debrief.close_seq}): {listed}."
        ]
    else:
        lines = [
            f"No drift signal (term creep, bypass, one-sided constraint) after the close (#{debrief.close_seq})."
        ]
    rows = tuple(
        (
            review.safeguard.id,
            review.safeguard.kind.value,
            ""
            if review.due is None
            else review.due.isoformat() + (" (passed)" if review.overdue else ""),
            ", ".join(f"#{seq} {kind}" for seq, kind in review.mentions) or "none",
        )
        for review in debrief.safeguards
    )
    data = {
        "close_seq": debrief.close_seq,
        "drift": [{"seq": seq, "signal": kind} for seq, kind in debrief.drift],
        "safeguards": [
            {
                "id": r.safeguard.id,
                "kind": r.safeguard.kind.value,
                "date": None if r.due is None else r.due.isoformat(),
                "overdue": r.overdue,
                "events_after_close": [{"seq": seq, "kind": kind} for seq, kind in r.mentions],
            }
            for r in debrief.safeguards
        ],
    }
    tables = (Table(("safeguard", "kind", "date", "events after close"), rows),) if rows else ()
    return Section.of("safeguards", "4. Did the safeguards prevent drift?", lines, tables, data)


def _frontier(debrief: Debrief) -> Section | None:
    settlement = debrief.settlement
    if settlement is None or settlement.post is None:
        return None
    post = settlement.post
    info = debrief.loaded.case.case
    lines = [
        f"The signed terms are worth {amount(post.agreed_ours, info.currency)} to us and "
        f"{amount(post.agreed_theirs, info.their_unit)} to them by our estimate."
    ]
    if post.left_for_us is not None:
        lines.append(
            f"Left on the table for us: {amount(max(post.left_for_us, 0.0), info.currency)} "
            "(the most a compliant deal could have given us without giving them less)."
        )
    if post.left_for_them is not None:
        lines.append(
            f"Left on the table for them: {amount(max(post.left_for_them, 0.0), info.their_unit)} "
            "by our estimate (without giving us less)."
        )
    if post.joint_loss is not None:
        lines.append(
            f"Joint loss against the best compliant deal: {amount(max(post.joint_loss, 0.0), info.currency)}."
        )
    data = {
        "left_for_us": post.left_for_us,
        "left_for_them": post.left_for_them,
        "joint_loss": post.joint_loss,
        "most_for_us": post.most_for_us,
        "most_for_them": post.most_for_them,
        "best_joint": post.best_joint,
    }
    return Section.of("frontier", "Distance from the compliant frontier", lines, data=data)


def _concessions(debrief: Debrief, chart_svg: str | None) -> Section:
    unit = debrief.loaded.case.case.currency
    sizes = debrief.analysis.sizes
    blocks: list[Block] = []
    if not sizes:
        blocks.append(Paragraph("We recorded no concession."))
    else:
        growing = [size.seq for size in sizes if size.growing]
        blocks.append(
            Paragraph(
                f"Our concessions over time: {sparkline([s.size for s in sizes])} "
                f"({plural(len(sizes), 'concession')}, {amount(debrief.analysis.given, unit)} given, "
                f"{amount(debrief.analysis.received, unit)} received)."
            )
        )
        blocks.append(
            Paragraph(
                "Each was smaller than the one before, as it should be."
                if not growing
                else f"Growing at {', '.join(f'#{seq}' for seq in growing)}: a larger concession "
                "than the last tells them more is coming."
            )
        )
        positions = dict(debrief.positions)
        rows = tuple(
            (
                f"#{size.seq}",
                size.item,
                amount(size.size, unit),
                "" if size.seq not in positions else amount(positions[size.seq], unit),
                "growing" if size.growing else "",
            )
            for size in sizes
        )
        blocks.append(
            Table(("#", "item", "size", "deal after", ""), rows, (False, False, True, True, False))
        )
        if chart_svg:
            blocks.append(
                Figure(chart_svg, f"Our concessions by event: size and deal value after ({unit})")
            )
    data = {
        "sizes": [
            {"seq": s.seq, "item": s.item, "size": s.size, "growing": s.growing} for s in sizes
        ],
        "positions": [{"seq": seq, "position": value} for seq, value in debrief.positions],
        "given": debrief.analysis.given,
        "received": debrief.analysis.received,
        "reciprocity": debrief.analysis.reciprocity,
    }
    return Section("concessions", "Concessions over time", tuple(blocks), data)


def prompts(debrief: Debrief) -> list[str]:
    """Improvement prompts, each from a computed fact of the debrief."""
    case = debrief.loaded.case
    unit = case.case.currency
    found: list[str] = []
    for review in debrief.standards:
        if review.held is False:
            continue
        standard = review.standard
        source = standard.source
        if source is None or not source.kind.external:
            found.append(
                f"Fairness story for {standard.id}: it has no external source, so it rests on "
                "our word; find the law, framework or benchmark behind it before citing it again."
            )
        else:
            shown = (
                "published at the opening" if standard.published else "not published at the opening"
            )
            story = (
                ""
                if standard.narrative.strip()
                else "; write why a loss now avoids a bigger loss later"
            )
            found.append(
                f"Rehearse the fairness story for {standard.id}: cite {source.kind.value} "
                f"{source.reference} ({shown}{story})."
            )
    for review in debrief.standards:
        measure = review.measure
        if measure is None or not measure.priced or not measure.feasible:
            continue
        verdict = (
            "it cost more than it protects: narrow it or drop it"
            if measure.disproportionate
            else "holding it was proportionate"
            if measure.protects
            else "it cites no harm, so its cost buys nothing we can name"
        )
        breadth = (
            f"; {measure.over_breadth:.0%} of what it excludes is harmless"
            if measure.over_breadth
            else ""
        )
        found.append(
            f"Red-team {measure.id}: its price was {amount(measure.price, unit)} of "
            f"{'joint ' if measure.price_basis == 'joint' else ''}value against "
            f"{amount(measure.risk_avoided, unit)} of expected harm avoided; {verdict}{breadth}."
        )
    found.append(role_reversed(debrief))
    return found


def role_reversed(debrief: Debrief) -> str:
    """Their side of the story, as they might tell it, from our estimates of their values."""
    case = debrief.loaded.case
    them = case.parties.them
    their_unit = case.case.their_unit
    settlement = debrief.settlement
    parts: list[str] = []
    alternative = case.their_batna.value if case.their_batna is not None else None
    if settlement is not None and settlement.post is not None:
        theirs = settlement.post.agreed_theirs
        worth = f"By our estimate the deal is worth {amount(theirs, their_unit)} to them"
        if alternative is not None:
            worth += (
                f", {signed_amount(theirs - alternative, their_unit)} against walking away "
                f"({amount(alternative, their_unit)})"
            )
        parts.append(worth)
        shortfall = _largest_shortfall(case, settlement.outcome)
        if shortfall:
            parts.append(shortfall)
    elif alternative is not None:
        parts.append(
            f"With no deal they fall back on their alternative, worth "
            f"{amount(alternative, their_unit)} to them by our estimate"
        )
    justify = [s for s in them.stakeholders if s.must_justify.strip()]
    if justify:
        text = justify[0].must_justify.strip().rstrip(".")
        parts.append(f"{justify[0].name} must still justify this: {text[:1].lower()}{text[1:]}")
    return f"Role reversal: tell their side as {them.name} would. " + (
        "; ".join(parts) + "." if parts else "We recorded nothing about their side to tell."
    )


def _largest_shortfall(case: Case, outcome: dict[str, OptionValue]) -> str:
    """The issue where the deal gave them least of the best they could have had on it."""
    worst: tuple[float, str] | None = None
    for issue in case.issues:
        if issue.id not in outcome:
            continue
        values = issue.values()
        best = max(values, key=issue.value_to_them)
        gap = issue.value_to_them(best) - issue.value_to_them(outcome[issue.id])
        if gap > 0 and (worst is None or gap > worst[0]):
            worst = (
                gap,
                f"on {issue.id} they got {issue_value_text(case, issue.id, outcome[issue.id])}, "
                f"not the {issue_value_text(case, issue.id, best)} they wanted "
                f"({amount(gap, case.case.their_unit)} less for them)",
            )
    return "" if worst is None else worst[1]


def _answers(debrief: Debrief) -> Section:
    answers = debrief.answers
    if answers is None:
        return Section.of(
            "answers",
            "Our view",
            [
                "No subjective-value answers recorded yet (outcome, self, process, relationship, 1 to 7)."
            ],
            data=None,
        )
    rows = tuple(
        (name, "" if value is None else f"{value}/7")
        for name, value in (
            ("outcome", answers.outcome),
            ("self", answers.self_image),
            ("process", answers.process),
            ("relationship", answers.relationship),
        )
    )
    lines = [f"Recorded at #{answers.seq}." + (f" Note: {answers.note}" if answers.note else "")]
    data = {
        "seq": answers.seq,
        "outcome": answers.outcome,
        "self": answers.self_image,
        "process": answers.process,
        "relationship": answers.relationship,
        "note": answers.note,
    }
    return Section.of("answers", "Our view", lines, (Table(("question", "answer"), rows),), data)


def debrief_document(debrief: Debrief, chart_svg: str | None = None) -> Document:
    """The whole debrief, in reading order; ``chart_svg`` is the concession chart, if drawn."""
    case = debrief.loaded.case
    sections = [_summary(debrief), _integrative(debrief), _standards(debrief), _safeguards(debrief)]
    frontier = _frontier(debrief)
    if frontier is not None:
        sections.append(frontier)
    if debrief.settlement is not None:
        sections.append(improvement_section(case, debrief.settlement))
    sections.append(_concessions(debrief, chart_svg))
    found = prompts(debrief)
    sections.append(Section("prompts", "Improvement prompts", (Bullets(tuple(found)),), found))
    sections.append(_answers(debrief))
    return Document("Debrief", case.case.title, tuple(sections), case.case.id)
