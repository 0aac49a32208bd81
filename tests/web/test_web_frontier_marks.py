"""The frontier chart's bargaining points stay visible when they coincide (issue 12 minor)."""

from __future__ import annotations

from brightline.services.analyses import ChartPoint, FrontierChart
from brightline.web.frontier import frontier_svg


def chart(nash: tuple[float, float], kalai: tuple[float, float]) -> FrontierChart:
    held = tuple(ChartPoint(ours, 100 - ours, f"deal {ours:g}") for ours in (0, 25, 50, 75, 100))
    return FrontierChart(
        held=held,
        free=held,
        marks=(
            ChartPoint(*nash, "deal A", "Nash point"),
            ChartPoint(*kalai, "deal A", "Kalai point"),
        ),
        reservation_ours=10,
        reservation_theirs=10,
        zopa=None,
        held_points=5,
        free_points=5,
        unit="EUR",
        their_unit="EUR",
    )


def test_a_kalai_point_under_the_nash_point_is_a_ring_with_one_label() -> None:
    svg = str(frontier_svg(chart((50, 50), (50.2, 49.9))))
    assert svg.count("Nash = Kalai") == 1
    assert '<g class="mark kalai"><circle class="ring"' in svg
    assert svg.index('class="mark kalai"') < svg.index('class="mark nash"')  # ring drawn first
    assert "Nash point (= Kalai point)\nValue to us: 50 EUR" in svg
    assert "Kalai point (= Nash point)\nValue to us: " in svg


def test_points_apart_keep_their_own_diamonds_and_no_combined_label() -> None:
    svg = str(frontier_svg(chart((25, 75), (50, 50))))
    assert "Nash = Kalai" not in svg and 'class="ring"' not in svg
    assert svg.count('transform="rotate(45') == 2
