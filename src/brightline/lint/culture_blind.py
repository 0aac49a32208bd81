"""BL207: escalating in a way the other culture reads as loss of face."""

from __future__ import annotations

from collections.abc import Iterator

from brightline.case.model import Directness, Level
from brightline.lint.registry import Finding, LintContext, Severity, pitfall


@pitfall("BL207", "culture-blind-escalation", "Culture-blind escalation", Severity.WARNING)
def culture_blind_escalation(context: LintContext) -> Iterator[Finding]:
    """Match the escalation to the culture: face-saving choices and graduated steps where needed.

    Direct cultures take an explicit rule and its enforcement as fair. Indirect cultures can read the
    same words as a public humiliation, and high power-distance settings expect paperwork and
    approvals before a refusal is final. Plan the neutral wording and the steps in advance.
    """
    culture = context.case.case.culture
    if culture.directness is Directness.INDIRECT:
        if not culture.face_saving:
            yield Finding(
                "BL207",
                Severity.WARNING,
                "indirect culture but no face-saving choice planned",
                "add `case.culture.face_saving` (a joint pause, a neutral reviewer, a pilot framing)",
                ("case", "culture"),
            )
        if len(culture.escalation_steps) < 2:
            yield Finding(
                "BL207",
                Severity.WARNING,
                "indirect culture but fewer than two graduated escalation steps before a walk-away",
                "list the steps under `case.culture.escalation_steps`, mildest first",
                ("case", "culture"),
            )
    if culture.power_distance is Level.HIGH and not context.case.parties.us.approval_path:
        yield Finding(
            "BL207",
            Severity.WARNING,
            "high power distance but no approval path on our side to document the decision",
            "add `parties.us.approval_path` so refusals come with the expected sign-offs",
            ("parties", "us"),
        )
