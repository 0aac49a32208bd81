"""BL209: nobody named to verify compliance means every check becomes an argument."""

from __future__ import annotations

from collections.abc import Iterator

from brightline.lint.registry import Finding, LintContext, Severity, pitfall


@pitfall("BL209", "no-verifier", "Nobody named to verify", Severity.ERROR)
def no_verifier(context: LintContext) -> Iterator[Finding]:
    """Name who verifies each standard and each safeguard, and when.

    Verification is what separates a standard from a bluff. Without a named verifier, compliance is
    whatever each side claims, and a failed check has no one to report it.
    """
    for index, standard in enumerate(context.case.standards):
        if standard.verifier is None:
            yield Finding(
                "BL209",
                Severity.ERROR,
                f"standard {standard.id!r} names nobody to verify it",
                "add `verifier: {who: ..., when: ...}` (an auditor, a named role, a test)",
                ("standards", index),
            )
    for index, safeguard in enumerate(context.case.safeguards):
        if not safeguard.verifier.strip():
            yield Finding(
                "BL209",
                Severity.ERROR,
                f"safeguard {safeguard.id!r} names nobody to verify it",
                "add `verifier:` with a named person, role or independent body",
                ("safeguards", index),
            )
