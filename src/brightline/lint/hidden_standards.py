"""BL202: must-haves kept back until late feel like bait-and-switch."""

from __future__ import annotations

from collections.abc import Iterator

from brightline.lint.registry import Finding, LintContext, Severity, pitfall


@pitfall("BL202", "hidden-standards", "Hidden standards", Severity.ERROR)
def hidden_standards(context: LintContext) -> Iterator[Finding]:
    """Publish every must-have at the opening and tie it to its external source.

    A rule that appears only after the other side has invested in a deal looks like a trick to
    re-open terms. Stated at the start with its source, the same rule reads as a fixed constraint both
    sides design around.
    """
    for index, standard in enumerate(context.case.standards):
        if not standard.published:
            yield Finding(
                "BL202",
                Severity.ERROR,
                f"standard {standard.id!r} is not marked for publication at the opening",
                "set `published: true` and state it, with its source, in the first meeting",
                ("standards", index, "published"),
            )
