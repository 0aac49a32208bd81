"""Charts of the debrief and the review: concessions over time, standards held across deals.

matplotlib is imported inside each function (heavy, and only needed when a chart is asked for).
Each returns the image's bytes in the format asked for (``svg`` for a document's figure, ``png``
or ``svg`` for a file), so the same drawing serves both.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def _money_axis(axis: Any) -> None:
    """Tick labels as money is printed everywhere else (``15,000``, never ``15000`` or 1.5e4)."""
    from matplotlib.ticker import FuncFormatter

    from brightline.amounts import number_text

    axis.set_major_formatter(FuncFormatter(lambda value, _: number_text(value)))


def _save(figure: Any, image_format: str) -> bytes:
    """The figure's bytes; SVG without a timestamp, so the same chart gives the same bytes."""
    pyplot = _pyplot()
    buffer = io.BytesIO()
    metadata = {"Date": None} if image_format == "svg" else None
    try:
        figure.tight_layout()
        figure.savefig(buffer, format=image_format, metadata=metadata)
    finally:
        pyplot.close(figure)
    return buffer.getvalue()


def concession_chart(
    seqs: Sequence[int],
    sizes: Sequence[float],
    growing: Sequence[bool],
    positions: Sequence[tuple[int, float]],
    unit: str,
    image_format: str,
) -> bytes:
    """Our concessions by event: bars of their size, and the deal's value to us after each.

    Growing concessions are red; the deal's value after each (where known) is a line on a
    second axis.
    """
    pyplot = _pyplot()
    figure, axes = pyplot.subplots(figsize=(7, 4))
    labels = [f"#{seq}" for seq in seqs]
    colours = ["tab:red" if grew else "tab:blue" for grew in growing]
    axes.bar(labels, sizes, color=colours)
    axes.set_xlabel("concession (event number)")
    axes.set_ylabel(f"size of our concession ({unit})")
    axes.set_title("Concessions over time (red: larger than the one before)")
    _money_axis(axes.yaxis)
    shown = [(f"#{seq}", value) for seq, value in positions if f"#{seq}" in labels]
    if shown:
        twin = axes.twinx()
        twin.plot(
            [label for label, _ in shown],
            [value for _, value in shown],
            color="tab:green",
            marker="o",
            label="deal value to us after",
        )
        twin.set_ylabel(f"deal value to us after ({unit})")
        _money_axis(twin.yaxis)
        twin.legend(loc="lower left", fontsize="small", framealpha=0.9)
    return _save(figure, image_format)


def review_chart(
    standards: Sequence[str],
    held: Sequence[int],
    kept: Sequence[int],
    broken: Sequence[int],
    outcomes: Sequence[tuple[str, int]],
    image_format: str,
) -> bytes:
    """Across deals: how often each standard was held, kept or broken, and how sessions ended.

    Held: a signed deal met it; kept: no deal was signed; broken: a signed deal broke it.
    """
    pyplot = _pyplot()
    figure, (left, right) = pyplot.subplots(
        1, 2, figsize=(9, 4.5), gridspec_kw={"width_ratios": [2, 1]}
    )
    positions = list(range(len(standards)))
    left.barh(positions, held, color="tab:blue", label="held in a deal")
    left.barh(positions, kept, left=held, color="tab:grey", label="kept, no deal")
    bottoms = [a + b for a, b in zip(held, kept, strict=True)]
    left.barh(positions, broken, left=bottoms, color="tab:red", label="broken in a deal")
    left.set_yticks(positions, list(standards))
    left.invert_yaxis()
    left.set_xlabel("sessions")
    left.xaxis.get_major_locator().set_params(integer=True)
    left.set_title("Standards across deals")
    left.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3, fontsize="small", frameon=False
    )
    names = [name for name, _ in outcomes]
    right.bar(names, [count for _, count in outcomes], color="tab:purple")
    right.set_ylabel("sessions")
    right.yaxis.get_major_locator().set_params(integer=True)
    right.set_title("Outcomes")
    right.tick_params(axis="x", labelrotation=30)
    return _save(figure, image_format)
