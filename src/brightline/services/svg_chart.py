"""A small step chart drawn straight as SVG text: frontiers as steps, offers as marked points.

Documents need one chart of a few dozen points; this writes it in a few milliseconds with no
plotting library, so writing a brief stays well under the 1.5 s a document may take. Text in the
chart (axis titles, point labels) is escaped; numbers on the axes go through
:func:`brightline.amounts.number_text`, like every other number Brightline prints.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from brightline.amounts import number_text

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 84, 190, 16, 48


@dataclass(frozen=True, slots=True)
class Series:
    """A line of (x, y) points drawn as steps (each point holds until the next)."""

    name: str
    points: Sequence[tuple[float, float]]
    color: str


Markers = tuple[str, str, str, Sequence[tuple[str, float, float]]]
"""(legend name, ``square`` or ``cross``, color, labelled points)."""


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low`` to ``high`` (1, 2 or 5 times a power of ten apart)."""
    if not high > low:
        high = low + 1.0
    raw = (high - low) / max(count - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(low / step) * step
    ticks = []
    value = first
    while value <= high + step * 0.5:
        ticks.append(round(value, 10))
        value += step
    return ticks


def step_chart(
    series: Sequence[Series],
    markers: Sequence[Markers] = (),
    *,
    x_title: str,
    y_title: str,
) -> str:
    """The chart as one ``<svg>`` element."""
    xs = [x for line in series for x, _ in line.points] + [p[1] for m in markers for p in m[3]]
    ys = [y for line in series for _, y in line.points] + [p[2] for m in markers for p in m[3]]
    xs = [float(x) for x in xs if math.isfinite(float(x))] or [0.0, 1.0]
    ys = [float(y) for y in ys if math.isfinite(float(y))] or [0.0, 1.0]
    x_ticks, y_ticks = nice_ticks(min(xs), max(xs)), nice_ticks(min(ys), max(ys))
    x_low, x_high, y_low, y_high = x_ticks[0], x_ticks[-1], y_ticks[0], y_ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def px(x: float) -> float:
        return LEFT + (float(x) - x_low) / ((x_high - x_low) or 1.0) * plot_w

    def py(y: float) -> float:
        return TOP + plot_h - (float(y) - y_low) / ((y_high - y_low) or 1.0) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" font-family="sans-serif" font-size="12">',
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" fill="none" stroke="#444"/>',
    ]
    for tick in x_ticks:
        x = px(tick)
        parts.append(
            f'<line x1="{x:.1f}" y1="{TOP + plot_h}" x2="{x:.1f}" y2="{TOP + plot_h + 4}" stroke="#444"/>'
        )
        parts.append(
            f'<text x="{x:.1f}" y="{TOP + plot_h + 15}" text-anchor="middle">{number_text(tick)}</text>'
        )
    for tick in y_ticks:
        y = py(tick)
        parts.append(f'<line x1="{LEFT - 4}" y1="{y:.1f}" x2="{LEFT}" y2="{y:.1f}" stroke="#444"/>')
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 3:.1f}" text-anchor="end">{number_text(tick)}</text>'
        )
    parts.append(
        f'<text x="{LEFT + plot_w / 2:.1f}" y="{HEIGHT - 8}" text-anchor="middle">{escape(x_title, quote=False)}</text>'
    )
    parts.append(
        f'<text transform="translate(14 {TOP + plot_h / 2:.1f}) rotate(-90)" '
        f'text-anchor="middle">{escape(y_title, quote=False)}</text>'
    )
    for line in series:
        points = sorted((float(x), float(y)) for x, y in line.points)
        if not points:
            continue
        path = [f"M{px(points[0][0]):.1f},{py(points[0][1]):.1f}"]
        for x, y in points[1:]:  # each value holds until the next point: a step
            path.append(f"H{px(x):.1f}V{py(y):.1f}")
        parts.append(
            f'<path d="{"".join(path)}" fill="none" stroke="{line.color}" stroke-width="1.6"/>'
        )
        parts += [
            f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="2" fill="{line.color}"/>'
            for x, y in points
        ]
    placed: list[tuple[float, float, float]] = []  # each label's left, baseline and width
    for _, shape, color, marked in markers:
        for label, x, y in marked:
            cx, cy = px(x), py(y)
            lx, ly, width = cx + 6, cy - 5, 7.0 * len(label)
            while any(
                abs(ly - other_y) < 13 and lx < other_x + other_w and other_x < lx + width
                for other_x, other_y, other_w in placed
            ):
                ly += 14  # offers at one point (or close): each label on its own line below
            placed.append((lx, ly, width))
            if shape == "square":
                parts.append(
                    f'<rect x="{cx - 4:.1f}" y="{cy - 4:.1f}" width="8" height="8" fill="{color}"/>'
                )
            else:
                parts.append(
                    f'<path d="M{cx - 4:.1f},{cy - 4:.1f}L{cx + 4:.1f},{cy + 4:.1f}'
                    f'M{cx - 4:.1f},{cy + 4:.1f}L{cx + 4:.1f},{cy - 4:.1f}" stroke="{color}" stroke-width="2"/>'
                )
            parts.append(
                f'<text x="{lx:.1f}" y="{ly:.1f}" fill="{color}">{escape(label, quote=False)}</text>'
            )
    legend = [(line.name, "line", line.color) for line in series]
    legend += [(name, shape, color) for name, shape, color, marked in markers if marked]
    for row, (name, shape, color) in enumerate(legend):
        y = TOP + 10 + row * 16
        x = WIDTH - RIGHT + 12
        if shape == "line":
            parts.append(
                f'<line x1="{x}" y1="{y}" x2="{x + 16}" y2="{y}" stroke="{color}" stroke-width="2"/>'
            )
        elif shape == "square":
            parts.append(f'<rect x="{x + 4}" y="{y - 4}" width="8" height="8" fill="{color}"/>')
        else:
            parts.append(
                f'<path d="M{x + 4},{y - 4}L{x + 12},{y + 4}M{x + 4},{y + 4}L{x + 12},{y - 4}" '
                f'stroke="{color}" stroke-width="2"/>'
            )
        parts.append(f'<text x="{x + 22}" y="{y + 3}">{escape(name, quote=False)}</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
