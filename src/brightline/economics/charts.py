"""Charts as bytes (PNG or SVG): hold-versus-cave, the BATNA tornado, deterrence against k.

The tornado is drawn on the BATNA axis; the reservation point implied by the BATNA (BATNA likely +
the case's reservation margin, see :mod:`~.costing`) moves one-for-one with it, and the chart's
labels say so rather than claiming a separate reservation-point model.

Hold-versus-cave is drawn against the re-test probability; deterrence against the punishment length.

matplotlib is imported inside the functions (it is slow to import) and only its object API is
used (``Figure`` + ``savefig`` into memory), so no global backend or window is involved and the
caller decides where the bytes go.
"""

from __future__ import annotations

import io
import textwrap
from typing import Any

from brightline.amounts import amount, number_text
from brightline.economics.analysis import CaseEconomics
from brightline.economics.deterrence import GRIM, Deterrence, incentive, value_per_period
from brightline.economics.hold_or_cave import Course
from brightline.errors import UsageError

FORMATS = ("png", "svg")


def _render(figure: Any, image_format: str) -> bytes:
    if image_format not in FORMATS:
        raise UsageError(f"plot format must be png or svg, not {image_format!r}")
    buffer = io.BytesIO()
    figure.savefig(buffer, format=image_format, bbox_inches="tight", dpi=120)
    return buffer.getvalue()


def _money_axis(axis: Any) -> None:
    """Ticks in the house number format (``-1,250,000``), never matplotlib's ``1e6`` offset.

    The unit is in the axis label, so each tick stays short enough for a phone-width figure.
    """
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _position: number_text(value)))


def _share_axis(axis: Any) -> None:
    """Probability ticks as percentages (``20%``), the way the reports print a probability."""
    from matplotlib.ticker import PercentFormatter

    axis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))


def economics_chart(result: CaseEconomics, currency: str, image_format: str = "png") -> bytes:
    """Value of holding and of caving against the re-test probability, above the BATNA tornado.

    Raises:
        UsageError: if the case has neither a hold-versus-cave comparison nor BATNA components.
    """
    return _render(economics_figure(result, currency), image_format)


def economics_figure(result: CaseEconomics, currency: str) -> Any:
    """The matplotlib figure of :func:`economics_chart`, before it is rendered.

    The panels are stacked, one above the other, so each keeps its width when the page is a
    phone's 390 px (side by side, each panel would be half of that).

    Raises:
        UsageError: if the case has neither a hold-versus-cave comparison nor BATNA components.
    """
    from matplotlib.figure import Figure

    panels = [part for part in (result.hold_or_cave, result.costing) if part is not None]
    if not panels:
        raise UsageError(
            "nothing to plot: add batna.components, or a received offer (or economics.deal_value)"
        )
    figure = Figure(figsize=(6.5, 4.5 * len(panels)), layout="constrained")
    axes = figure.subplots(len(panels), 1, squeeze=False)[:, 0]
    index = 0
    comparison = result.hold_or_cave
    if comparison is not None:
        chart = axes[index]
        index += 1
        grid = [step / 100.0 for step in range(101)]
        chart.plot(grid, [comparison.value_at(Course.HOLD, r) for r in grid], label="hold")
        chart.plot(grid, [comparison.value_at(Course.CAVE, r) for r in grid], label="cave")
        if comparison.break_even is not None:
            chart.axvline(comparison.break_even, linestyle=":", color="grey", label="break-even")
        chart.axvline(
            comparison.inputs.retest_probability, linestyle="--", color="black", label="assumed r"
        )
        chart.set_xlabel("probability they test the rule again per deal (r)")
        chart.set_ylabel(f"expected value ({currency})")
        _money_axis(chart.yaxis)
        _share_axis(chart.xaxis)
        chart.set_title("Value of holding vs caving")
        chart.legend(fontsize="small")
    costing = result.costing
    if costing is not None:
        chart = axes[index]
        bars = list(reversed(costing.tornado))
        names = [textwrap.fill(bar.name, 22) for bar in bars]
        lows = [bar.batna_at_low - costing.likely for bar in bars]
        highs = [bar.batna_at_high - costing.likely for bar in bars]
        chart.barh(names, highs, left=costing.likely, color="tab:green", label="at high")
        chart.barh(names, lows, left=costing.likely, color="tab:red", label="at low")
        chart.axvline(costing.likely, color="black", linewidth=0.8)
        if costing.reservation is not None:
            chart.axvline(costing.reservation, linestyle="--", color="grey", label="reservation")
        chart.set_xlabel(
            f"BATNA ({currency}); the implied reservation point, BATNA + margin "
            f"{amount(costing.reservation_margin, currency)}, moves with it one-for-one"
        )
        _money_axis(chart.xaxis)
        chart.set_title(
            "Tornado: which estimate moves the BATNA\n(and the implied reservation point)"
        )
        chart.legend(fontsize="small")
    return figure


def deterrence_chart(result: Deterrence, image_format: str = "png", longest: int = 30) -> bytes:
    """Their loss from a test and their value of complying against the punishment length k."""
    from matplotlib.figure import Figure

    game = result.game
    lengths = list(range(1, longest + 1))
    figure = Figure(figsize=(7.0, 4.5), layout="constrained")
    chart = figure.subplots()
    chart.plot(lengths, [incentive(game, k) for k in lengths], label="their loss from a test")
    chart.axhline(result.gain_from_testing, color="tab:red", linestyle="--", label="gain T − R")
    chart.plot(
        lengths, [value_per_period(game, k) for k in lengths], label="their value of complying v"
    )
    chart.axhline(incentive(game, GRIM), color="grey", linestyle=":", label="loss under grim")
    shortest = result.min_deterring_punishment
    if shortest is not None and shortest != GRIM and shortest <= longest:
        chart.axvline(shortest, color="black", linestyle=":", label="shortest deterring k")
    chart.set_xlabel("punishment length k (deals walked away from)")
    chart.set_ylabel("payoff per deal (their unit)")
    chart.set_title(result.verdict)
    chart.legend(fontsize="small")
    return _render(figure, image_format)
