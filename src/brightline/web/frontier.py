"""The frontier chart as inline SVG: both frontiers, the bargaining points, ZOPA and the offers.

Drawn on the server from :class:`~brightline.services.analyses.FrontierChart` (values in the
case's units); this module only maps values to pixels. Why SVG written here rather than a
vendored chart library: the page's Content Security Policy allows no inline script or style, the
chart needs no data beyond what the page already shows, and a ``<title>`` on each mark is a hover
tooltip in every browser with no JavaScript at all (screen readers read it too). Colours are SVG
presentation attributes and classes of ``app.css``/``analysis.css``, which the policy allows,
never ``style=`` attributes, which it blocks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from brightline.amounts import amount
from brightline.services.analyses import ChartPoint, FrontierChart

WIDTH, HEIGHT = 600, 420
LEFT, RIGHT, TOP, BOTTOM = 92, 14, 14, 58
TICKS = 6


@dataclass(frozen=True, slots=True)
class Scale:
    """A linear map from a value range to a pixel range (with 4% room at both ends)."""

    low: float
    high: float
    start: float
    end: float

    @classmethod
    def of(cls, values: list[float], start: float, end: float) -> Scale:
        """The scale spanning ``values`` (a single value gets room around it)."""
        low, high = min(values), max(values)
        room = (high - low) * 0.04 or max(abs(high), 1.0) * 0.1
        return cls(low - room, high + room, start, end)

    def __call__(self, value: float) -> float:
        """The pixel of ``value``."""
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)

    def ticks(self) -> list[float]:
        """Round values inside the range for the axis labels (steps of 1, 2, 2.5 or 5 x 10^n)."""
        rough = (self.high - self.low) / (TICKS - 1)
        power = 10 ** math.floor(math.log10(rough))
        step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
        first = math.ceil(self.low / step) * step
        values = (round(first + step * number, 10) for number in range(TICKS + 1))
        return [value for value in values if value <= self.high]


def _hover(point: ChartPoint, chart: FrontierChart) -> str:
    head = f"{point.label}\n" if point.label else ""
    return (
        f"{head}Value to us: {amount(point.ours, chart.unit)}; value to them: "
        f"{amount(point.theirs, chart.their_unit)}\n{point.outcome}"
    )


MARKS = {
    "Nash point": "nash",
    "Kalai point": "kalai",
}


SAME = {"nash": "Kalai point", "kalai": "Nash point"}
"""What a bargaining point's hover adds when the other one is at the same place."""

COINCIDE_PIXELS = 8.0
"""Marks closer than this on the chart hide each other, so they are drawn as one."""


def _coincide(chart: FrontierChart, x: Scale, y: Scale) -> bool:
    """Whether the Nash and Kalai points sit (almost) on the same pixel of the chart."""
    found = {mark_class(point.label): point for point in chart.marks}
    nash, kalai = found.get("nash"), found.get("kalai")
    if nash is None or kalai is None:
        return False
    apart = math.hypot(x(nash.ours) - x(kalai.ours), y(nash.theirs) - y(kalai.theirs))
    return apart < COINCIDE_PIXELS


def mark_class(label: str) -> str:
    """The CSS class of a mark: ``nash``, ``kalai``, ``meso`` or ``offer``."""
    if label in MARKS:
        return MARKS[label]
    return "meso" if label.startswith("MESO") else "offer"


def drawn_kinds(chart: FrontierChart) -> frozenset[str]:
    """What the chart draws besides the two frontiers: the legend lists only these.

    ``nash``, ``kalai``, ``meso`` and ``offer`` for the marks there are, ``zopa`` when the band
    is drawn: a legend entry for a mark that is not on the chart sends the reader looking for it.
    """
    kinds = {mark_class(point.label) for point in chart.marks}
    return frozenset(kinds | ({"zopa"} if chart.zopa is not None else set()))


def frontier_svg(chart: FrontierChart) -> Markup:
    """The chart as an ``<svg>`` element (every text escaped)."""
    everything = [*chart.held, *chart.free, *chart.marks]
    xs = [p.ours for p in everything] + [chart.reservation_ours]
    ys = [p.theirs for p in everything] + [chart.reservation_theirs]
    x = Scale.of(xs, LEFT, WIDTH - RIGHT)
    y = Scale.of(ys, HEIGHT - BOTTOM, TOP)
    out: list[str] = [
        f'<svg class="chart frontier" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="frontier-title" xmlns="http://www.w3.org/2000/svg">',
        '<title id="frontier-title">Efficient outcomes: value to us across, value to them up'
        "</title>",
    ]
    if chart.zopa is not None:
        low, high = x(chart.zopa[0]), x(chart.zopa[1])
        out.append(
            f'<rect class="zopa" x="{min(low, high):.1f}" y="{TOP}" '
            f'width="{abs(high - low):.1f}" height="{HEIGHT - BOTTOM - TOP}">'
            f"<title>ZOPA: us {escape(amount(chart.zopa[0], chart.unit))} to "
            f"{escape(amount(chart.zopa[1], chart.unit))}</title></rect>"
        )
    for tick in x.ticks():
        out.append(
            f'<line class="grid" x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{TOP}" '
            f'y2="{HEIGHT - BOTTOM}"/><text class="tick" x="{x(tick):.1f}" '
            f'y="{HEIGHT - BOTTOM + 20}" text-anchor="middle">{escape(amount(tick))}</text>'
        )
    for tick in y.ticks():
        out.append(
            f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(tick):.1f}" '
            f'y2="{y(tick):.1f}"/><text class="tick" x="{LEFT - 6}" y="{y(tick) + 4:.1f}" '
            f'text-anchor="end">{escape(amount(tick))}</text>'
        )
    out.append(
        f'<text class="axis" x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{HEIGHT - 12}" '
        f'text-anchor="middle">value to us ({escape(chart.unit)})</text>'
        f'<text class="axis" transform="rotate(-90)" x="{-(TOP + HEIGHT - BOTTOM) / 2:.0f}" '
        f'y="20" text-anchor="middle">value to them ({escape(chart.their_unit)})</text>'
    )
    ours_line = x(chart.reservation_ours)
    theirs_line = y(chart.reservation_theirs)
    out.append(
        f'<line class="reservation ours" x1="{ours_line:.1f}" x2="{ours_line:.1f}" y1="{TOP}" '
        f'y2="{HEIGHT - BOTTOM}"><title>our reservation point: '
        f"{escape(amount(chart.reservation_ours, chart.unit))}</title></line>"
        f'<line class="reservation theirs" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
        f'y1="{theirs_line:.1f}" y2="{theirs_line:.1f}"><title>their estimated alternative: '
        f"{escape(amount(chart.reservation_theirs, chart.their_unit))}</title></line>"
    )
    for name, points in (("free", chart.free), ("held", chart.held)):
        path = " ".join(f"{x(p.ours):.1f},{y(p.theirs):.1f}" for p in points)
        out.append(f'<polyline class="line {name}" points="{path}"/>')
        out.append(f'<g class="points {name}">')
        for point in points:
            out.append(
                f'<circle cx="{x(point.ours):.1f}" cy="{y(point.theirs):.1f}" r="4">'
                f"<title>{escape(_hover(point, chart))}</title></circle>"
            )
        out.append("</g>")
    together = _coincide(chart, x, y)
    # Kalai first: when it sits under the Nash point it is drawn as a ring around the diamond.
    ordered = sorted(chart.marks, key=lambda point: mark_class(point.label) != "kalai")
    for point in ordered:
        kind = mark_class(point.label)
        cx, cy = x(point.ours), y(point.theirs)
        shape = (
            f'<circle class="ring" cx="{cx:.1f}" cy="{cy:.1f}" r="12"/>'
            if kind == "kalai" and together
            else f'<rect x="{cx - 6:.1f}" y="{cy - 6:.1f}" width="12" height="12" '
            f'transform="rotate(45 {cx:.1f} {cy:.1f})"/>'
            if kind in ("nash", "kalai")
            else f'<rect x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10"/>'
            if kind == "meso"
            else f'<polygon points="{cx:.1f},{cy - 7:.1f} {cx + 7:.1f},{cy + 6:.1f} '
            f'{cx - 7:.1f},{cy + 6:.1f}"/>'
        )
        hover = _hover(point, chart)
        if together and kind in ("nash", "kalai"):
            hover = hover.replace(f"{point.label}\n", f"{point.label} (= {SAME[kind]})\n", 1)
        out.append(f'<g class="mark {kind}">{shape}<title>{escape(hover)}</title></g>')
        if together and kind == "nash":
            anchor = "end" if cx > (LEFT + WIDTH - RIGHT) / 2 else "start"
            shift = -16 if anchor == "end" else 16
            out.append(
                f'<text class="mark-label" x="{cx + shift:.1f}" y="{cy - 14:.1f}" '
                f'text-anchor="{anchor}">Nash = Kalai</text>'
            )
    out.append("</svg>")
    return Markup("".join(out))
