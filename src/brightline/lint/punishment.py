"""BL201: a constraint that protects no harm is punishment, not a standard."""

from __future__ import annotations

from collections.abc import Iterator

from brightline.lint.registry import Finding, LintContext, Severity, pitfall


@pitfall("BL201", "punishment-without-rule", "Punishing without a rule", Severity.ERROR)
def punishment_without_rule(context: LintContext) -> Iterator[Finding]:
    """A standard must protect a named harm; otherwise the loss it imposes is just a penalty.

    Imposing cost on both sides to vent frustration or "teach a lesson" destroys surplus and the
    relationship, and the other side reads it as hostility. Every constraint should point at the harm
    it prevents, so the message becomes "here is the rule and how we verify it", not "this is payback".
    """
    for index, standard in enumerate(context.case.standards):
        if not standard.protects:
            yield Finding(
                "BL201",
                Severity.ERROR,
                f"standard {standard.id!r} protects no harm, so the loss it imposes has no purpose "
                "to point to",
                "list the harm ids it prevents under `protects`, or drop the standard",
                ("standards", index, "protects"),
            )
