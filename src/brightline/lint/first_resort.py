"""BL206: a hard stance taken before any integrative sweep misses value both sides could have had."""

from __future__ import annotations

from collections.abc import Iterator

from brightline.case.model import OptionStatus
from brightline.lint.registry import Finding, LintContext, Severity, pitfall


@pitfall("BL206", "lose-lose-first", "Lose-lose as the first move", Severity.ERROR)
def lose_lose_first(context: LintContext) -> Iterator[Finding]:
    """Run a quick integrative sweep, and record it, before imposing mutual loss.

    Holding a rule at a cost to both sides is a last resort. If no alternative was considered, we
    cannot show that the loss was necessary, and we may have missed a deal that met the standard and
    left both sides better off.
    """
    options = context.case.integrative_options
    if not options:
        yield Finding(
            "BL206",
            Severity.ERROR,
            "no integrative options recorded: nothing shows the hard stance is a last resort",
            "list what was considered under `integrative_options` with why each fell short",
            ("integrative_options",),
        )
        return
    for index, option in enumerate(options):
        if option.status is OptionStatus.CONSIDERED and option.verifiable:
            yield Finding(
                "BL206",
                Severity.WARNING,
                f"a verifiable integrative option is still open: {option.description!r}",
                "pursue or reject it (status and reason) before taking a hard stance",
                ("integrative_options", index, "status"),
            )
