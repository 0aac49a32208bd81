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
    Each such standard needs its own mutual safeguard: a symmetric term elsewhere in the deal does
    not answer the question for this rule.
    """
    case = context.case
    for index, standard in enumerate(case.standards):
        if standard.binds is not Binds.THEM:
            continue
        mutual = [
            safeguard_id
            for safeguard_id in standard.safeguards
            if case.safeguard(safeguard_id).mutual
        ]
        if not mutual:
            yield Finding(
                "BL208",
                Severity.WARNING,
                f"standard {standard.id!r} binds only them, and none of its safeguards binds us too",
                "make one of its safeguards mutual (mutual: true), or bind both sides",
                ("standards", index, "binds"),
            )
