"""BL205: remedies without a trigger, measure, consequence and date cause disputes later."""

from __future__ import annotations

import re
from collections.abc import Iterator

from brightline.lint.registry import Finding, LintContext, Severity, pitfall

VAGUE_WORDS = re.compile(
    r"\b(reasonable|reasonably|best efforts?|appropriate|appropriately|promptly|timely|adequate|"
    r"adequately|sufficient|where possible|if needed|as needed|to be agreed|tbd|tba|asap)\b",
    re.IGNORECASE,
)


@pitfall("BL205", "vague-remedies", "Vague remedies", Severity.WARNING)
def vague_remedies(context: LintContext) -> Iterator[Finding]:
    """Every safeguard names a trigger, a measure, a consequence and a date, in checkable words.

    "Reasonable efforts" and "to be agreed" read well at signing and start the argument later. A
    remedy is concrete when a third party could tell, from the text alone, whether it fired and what
    happens next.
    """
    for index, safeguard in enumerate(context.case.safeguards):
        missing = [
            name
            for name, present in (
                ("trigger", bool(safeguard.trigger.strip())),
                ("measure", bool(safeguard.measure.strip())),
                ("consequence", bool(safeguard.consequence.strip())),
                ("date", safeguard.date is not None),
            )
            if not present
        ]
        if missing:
            yield Finding(
                "BL205",
                Severity.WARNING,
                f"safeguard {safeguard.id!r} has no {', '.join(missing)}",
                "write what sets it off, how it is measured, what follows, and by when (date)",
                ("safeguards", index),
            )
        for field in ("trigger", "measure", "consequence"):
            match = VAGUE_WORDS.search(getattr(safeguard, field))
            if match:
                yield Finding(
                    "BL205",
                    Severity.WARNING,
                    f"safeguard {safeguard.id!r} {field} uses the vague term {match.group()!r}",
                    "replace it with a number, a deadline or a named document",
                    ("safeguards", index, field),
                )
