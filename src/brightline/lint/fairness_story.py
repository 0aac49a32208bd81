"""BL204: a rule with no external source and no cost logic looks arbitrary."""

from __future__ import annotations

from collections.abc import Iterator

from brightline.lint.registry import Finding, LintContext, Severity, pitfall

MIN_NARRATIVE_WORDS = 8


@pitfall("BL204", "no-fairness-story", "No fairness story", Severity.ERROR)
def no_fairness_story(context: LintContext) -> Iterator[Finding]:
    """Back each standard with an external source and a short story of why loss now saves more later.

    People accept a costly outcome far more readily when they understand the rule behind it and can
    check it themselves. A standard sourced only in our preference, or with no narrative, looks
    political: expect it to be attacked as a bluff.
    """
    for index, standard in enumerate(context.case.standards):
        if standard.source is None or not standard.source.kind.external:
            shown = "no source" if standard.source is None else "only our preference as its source"
            yield Finding(
                "BL204",
                Severity.ERROR,
                f"standard {standard.id!r} has {shown}",
                "cite a law, regulation, framework, contract, benchmark or written policy",
                ("standards", index, "source"),
            )
        words = len(standard.narrative.split())
        if words < MIN_NARRATIVE_WORDS:
            yield Finding(
                "BL204",
                Severity.ERROR,
                f"standard {standard.id!r} has no fairness story ({words} words of narrative)",
                "write two lines on why accepting a loss now avoids a larger loss later",
                ("standards", index, "narrative"),
            )
