"""The words and small pieces of a tender's advice: the two-stage award, row lists, the interim.

Moved out of :mod:`brightline.offers.bids` (which re-exports them) to keep that module to the
evaluation and the recommendation; nothing here reads a bids table.
"""

from __future__ import annotations

from typing import Any

from brightline.amounts import amount, quantity
from brightline.case.model import SafeguardKind
from brightline.case.validate import LoadedCase

__all__ = ["interim_from_batna", "plural_word", "row_list", "two_stages"]


def two_stages(loaded: LoadedCase, months: int, condition: str = " if the SLA holds") -> str:
    """The two-stage award in the case's own words: its safeguards, never another field's terms.

    An SLA with service credits is a procurement remedy; a hiring case has a probation period and
    its own safeguards (a written review, a published band), and a partnership or a sale has a
    first stage under whatever the case writes down. The probation's length is ``bids``' own.
    """
    case = loaded.case
    credits = [s for s in case.safeguards if s.kind is SafeguardKind.SERVICE_CREDITS]
    if credits:
        return (
            f"award in two stages: a {months}-month probation under an SLA with automatic "
            f"service credits, then the full award{condition}"
        )
    own = "; ".join(s.description or s.id for s in case.safeguards)
    written = f", with the case's safeguards written in ({own})" if own else ""
    if case.case.context.value == "hiring":
        return (
            f"make the offer with a {months}-month probation period{written}; the appointment "
            "is confirmed when the probation ends"
        )
    return f"award in two stages: a {months}-month first stage{written}, then the full award"


def plural_word(count: float, word: str) -> str:
    """``week`` or ``weeks`` for a count."""
    return word if count == 1 else word + "s"


def row_list(rows: list[int], shown: int = 10) -> str:
    """``4, 6 and 9``; long lists end with how many more."""
    text = [f"{row:,}" for row in rows[:shown]]
    if len(rows) > shown:
        return ", ".join(text) + f" and {len(rows) - shown:,} more"
    if len(text) == 1:
        return text[0]
    return ", ".join(text[:-1]) + " and " + text[-1]


def interim_from_batna(loaded: LoadedCase) -> dict[str, Any] | None:
    """Without ``bids.incumbent``, cost the interim from the BATNA's time components.

    A re-bid's waiting cost is what the BATNA's time components describe (weeks × cost per week),
    and a ``volume_cap`` tradeable says how the extension is capped.
    """
    case = loaded.case
    if case.batna is None:
        return None
    timed = [c for c in case.batna.components if c.weeks is not None and c.cost_per_week]
    if not timed:
        return None
    cost = sum(c.weeks.likely * (c.cost_per_week or 0.0) for c in timed if c.weeks is not None)
    basis = "; ".join(
        f"{c.name}: {quantity(c.weeks.likely)} {plural_word(c.weeks.likely, 'week')} × "
        f"{amount(c.cost_per_week, case.case.currency)}/week"
        for c in timed
        if c.weeks is not None and c.cost_per_week is not None
    )
    caps = [t.description or t.id for t in case.tradeables if t.kind.value == "volume_cap"]
    return {"incumbent": None, "cost": cost, "basis": basis, "cap": caps[0] if caps else None}
