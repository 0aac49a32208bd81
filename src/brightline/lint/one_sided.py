"""BL208: constraints that bind only the other side read as an imposition, not a standard."""

from __future__ import annotations

from collections.abc import Iterator

from brightline.case.model import Binds
from brightline.lint.registry import Finding, LintContext, Severity, pitfall


@pitfall("BL208", "one-sided-enforcement", "One-sided enforcement", Severity.WARNING)
def one_sided_enforcement(context: LintContext) -> Iterator[Finding]:
    """Make constraints reciprocal and auditable where the risk allows.

    A cap or audit that only binds them invites the question "and what do you give up?". Mutual caps,
    mutual audit rights and mutual SLAs with automatic credits show both sides pay for the safety.
    """
    case = context.case
    has_symmetric_tradeable = any(tradeable.symmetric for tradeable in case.tradeables)
    for index, standard in enumerate(case.standards):
        if standard.binds is not Binds.THEM:
            continue
        mutual = [
            safeguard_id
            for safeguard_id in standard.safeguards
            if case.safeguard(safeguard_id).mutual
        ]
        if not mutual and not has_symmetric_tradeable:
            yield Finding(
                "BL208",
                Severity.WARNING,
                f"standard {standard.id!r} binds only them, with no mutual safeguard or symmetric "
                "tradeable to balance it",
                "add a mutual safeguard (mutual: true) or a symmetric tradeable, or bind both sides",
                ("standards", index, "binds"),
            )
