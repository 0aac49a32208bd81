"""Nash, Kalai–Smorodinsky, maximum joint value and ZOPA equal brute force over every outcome."""

from __future__ import annotations

from typing import Any

from hypothesis import given

from brightline.engine import compile_space, sweep
from budget import examples
from strategies import brute_force, case_document, load


def _inside(reference: Any, ours_limit: float, theirs_limit: float) -> list[int]:
    return [
        index
        for index, (o, t, ok) in enumerate(
            zip(reference.ours, reference.theirs, reference.compliant, strict=True)
        )
        if ok and o >= ours_limit and t >= theirs_limit
    ]


@examples(60)
@given(case_document(cross=True))
def test_points_equal_brute_force(document: dict[str, Any]) -> None:
    loaded = load(document)
    found = sweep(loaded, compile_space(loaded))
    reference = brute_force(loaded)
    r_ours, r_theirs = found.reservations.ours, found.reservations.theirs
    inside = _inside(reference, r_ours, r_theirs)
    assert found.zopa.exists == bool(inside)
    if not inside:
        assert found.nash is None and found.kalai is None
    else:
        products = [(reference.ours[i] - r_ours) * (reference.theirs[i] - r_theirs) for i in inside]
        assert found.nash is not None
        nash_ours = found.frontier.ours[found.nash]
        nash_theirs = found.frontier.theirs[found.nash]
        assert (nash_ours - r_ours) * (nash_theirs - r_theirs) == max(products)

        ours_ideal = max(reference.ours[i] for i in inside) - r_ours
        theirs_ideal = max(reference.theirs[i] for i in inside) - r_theirs

        def smaller_share(ours: float, theirs: float) -> float:
            a = (ours - r_ours) / ours_ideal if ours_ideal > 0 else 1.0
            b = (theirs - r_theirs) / theirs_ideal if theirs_ideal > 0 else 1.0
            return min(a, b)

        best = max(smaller_share(reference.ours[i], reference.theirs[i]) for i in inside)
        assert found.kalai is not None
        kalai = smaller_share(found.frontier.ours[found.kalai], found.frontier.theirs[found.kalai])
        assert kalai == best
        assert found.zopa.ours_high == max(reference.ours[i] for i in inside)
        assert found.zopa.theirs_high == max(reference.theirs[i] for i in inside)
    compliant = [i for i, ok in enumerate(reference.compliant) if ok]
    if compliant:
        assert found.max_joint is not None
        joint = found.frontier.ours[found.max_joint] + found.frontier.theirs[found.max_joint]
        assert joint == max(reference.ours[i] + reference.theirs[i] for i in compliant)
    else:
        assert found.max_joint is None and found.frontier.empty
    everything = range(len(reference.ours))
    free = [
        i for i in everything if reference.ours[i] >= r_ours and reference.theirs[i] >= r_theirs
    ]
    assert found.zopa_unconstrained.exists == bool(free)
