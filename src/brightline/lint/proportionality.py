"""BL211: a standard that destroys more value than the risk it avoids is disproportionate."""

from __future__ import annotations

from collections.abc import Iterator

from brightline.amounts import amount
from brightline.lint.registry import Finding, LintContext, Severity, pitfall


@pitfall("BL211", "disproportionate-loss", "Loss out of proportion to the risk", Severity.ERROR)
def disproportionate_loss(context: LintContext) -> Iterator[Finding]:
    """The value a standard costs should not exceed the expected loss it prevents.

    Price is the best deal value without the standard minus the best with it (joint value when both
    sides' values share the currency, otherwise ours). Risk avoided is the sum of probability times
    impact over the harms it protects against. When the price is higher, the standard costs more than
    it saves: narrow it, add verification that lowers its cost, or accept the risk knowingly.
    """
    unit = context.case.case.currency
    for index, standard in enumerate(context.case.standards):
        measure = context.measures.get(standard.id)
        if measure is None:
            continue
        if not measure.feasible:
            yield Finding(
                "BL211",
                Severity.ERROR,
                f"no outcome satisfies standard {standard.id!r}: every deal breaches it",
                "check the rule against the issue options; add a compliant option",
                ("standards", index, "rule"),
            )
            continue
        if not measure.priced or measure.price <= measure.risk_avoided:
            continue
        yield Finding(
            "BL211",
            Severity.ERROR,
            f"standard {standard.id!r} costs {amount(measure.price, unit)} of {measure.price_basis} "
            f"value but avoids only {amount(measure.risk_avoided, unit)} of expected harm",
            "narrow the rule, add cheaper verification, or record why the harm estimate is low",
            ("standards", index, "rule"),
        )
