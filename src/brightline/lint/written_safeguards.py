"""BL210: a standard with no written safeguard drifts as soon as the deal is signed."""

from __future__ import annotations

from collections.abc import Iterator

from brightline.lint.registry import Finding, LintContext, Severity, pitfall


@pitfall("BL210", "no-written-safeguards", "Ending without written safeguards", Severity.ERROR)
def no_written_safeguards(context: LintContext) -> Iterator[Finding]:
    """Tie each standard to written safeguards: scope, change control, attestations, audits, exits.

    A standard held at the table but absent from the contract is lost at the first change request.
    Safeguards are what carry the rule into implementation and make drift visible.
    """
    for index, standard in enumerate(context.case.standards):
        if not standard.safeguards:
            yield Finding(
                "BL210",
                Severity.ERROR,
                f"standard {standard.id!r} has no written safeguard",
                "add safeguards (attestation, audit rights, exit, change control) and list their ids",
                ("standards", index, "safeguards"),
            )
