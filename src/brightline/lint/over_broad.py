"""BL203: a constraint wider than the risk it addresses strangles value for nothing."""

from __future__ import annotations

from collections.abc import Iterator

from brightline.lint.registry import Finding, LintContext, Severity, pitfall


@pitfall("BL203", "over-broad-constraint", "Over-broad constraint", Severity.WARNING)
def over_broad_constraint(context: LintContext) -> Iterator[Finding]:
    """A standard should forbid only the outcomes that trigger the harms it cites.

    Over-breadth is measured: among the outcomes the standard excludes, the share that trigger none
    of the harms it protects against. Those exclusions cost both sides value and buy no safety. The
    remedy is a rule cut down to what the cited harms need, plus a way back in once verified. The
    suggested narrower rule is ``(rule) or not (harm1 or harm2 ...)``: it allows all the rule did,
    and also every outcome that triggers none of the cited harms, so it only forbids what is both
    excluded now and harmful. Numbers come from the value engine, as in ``brightline gate``.
    """
    for index, standard in enumerate(context.case.standards):
        measure = context.measures.get(standard.id)
        if measure is None or measure.over_breadth is None or measure.over_breadth <= 0:
            continue
        if not standard.protects:
            continue  # BL201 already says the standard protects nothing.
        yield Finding(
            "BL203",
            Severity.WARNING,
            f"standard {standard.id!r} is over-broad: {measure.over_breadth:.0%} of the outcomes it "
            "excludes trigger none of the harms it protects against",
            f"narrow it to the risk, e.g. rule: {measure.narrower_rule}",
            ("standards", index, "rule"),
        )
