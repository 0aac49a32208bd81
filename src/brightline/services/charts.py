"""Charts the use cases write to files: the sweep's frontiers, the economics and deterrence plots.

matplotlib is imported inside each function (it is heavy and only needed when a chart is asked
for); a file the system refuses to write is a :class:`~brightline.errors.UsageError`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from brightline.engine.sweep import Sweep
from brightline.errors import UsageError
from brightline.services.files import unwritable


def chart_format(path: Path, parameter: str = "plot") -> str:
    """``png`` or ``svg`` from the file name, or a UsageError naming ``parameter``."""
    image_format = path.suffix.lower().lstrip(".")
    if image_format not in ("png", "svg"):
        raise UsageError(f"needs a .png or .svg file name, got {path.name!r}", parameter=parameter)
    return image_format


def write_chart(path: Path, render: Callable[[str], bytes], parameter: str = "plot") -> None:
    """Render a chart in the format ``path`` names and write it there."""
    data = render(chart_format(path, parameter))
    try:
        path.write_bytes(data)
    except OSError as problem:
        raise UsageError(f"cannot write {path}: {problem.strerror}") from None


def draw_sweep(found: Sweep, path: Path, ours_unit: str, theirs_unit: str) -> None:
    """Both frontiers, the Nash point and the two reservation lines, as PNG or SVG."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(7, 5))
    free = found.unconstrained
    axes.step(free.ours, free.theirs, where="post", color="0.6", label="frontier, no standards")
    axes.scatter(free.ours, free.theirs, s=10, color="0.6")
    held = found.frontier
    axes.step(
        held.ours, held.theirs, where="post", color="tab:blue", label="frontier, standards held"
    )
    axes.scatter(held.ours, held.theirs, s=14, color="tab:blue")
    if found.nash is not None:
        axes.scatter(
            [held.ours[found.nash]],
            [held.theirs[found.nash]],
            s=80,
            marker="*",
            color="tab:red",
            zorder=3,
            label="Nash point",
        )
    axes.axvline(
        found.reservations.ours, color="tab:green", linestyle="--", label="our reservation"
    )
    axes.axhline(
        found.reservations.theirs, color="tab:orange", linestyle="--", label="their alternative"
    )
    axes.set_xlabel(f"value to us ({ours_unit})")
    axes.set_ylabel(f"value to them ({theirs_unit})")
    axes.set_title("Integrative sweep")
    axes.legend(loc="best", fontsize="small")
    figure.tight_layout()
    try:
        figure.savefig(path)
    except OSError as error:
        raise unwritable(path, error) from None
    finally:
        pyplot.close(figure)


def frontier_svg(
    found: Sweep,
    ours_unit: str,
    theirs_unit: str,
    grid: Sequence[tuple[str, float, float]] = (),
    received: Sequence[tuple[str, float, float]] = (),
) -> str:
    """The frontiers with the MESO offers and the offers received on them, as SVG text.

    For a document's figure (the brief). ``grid`` and ``received`` are ``(label, value to us,
    value to them)`` points. Drawn directly as SVG rather than through matplotlib: a document
    needs one small chart, and importing matplotlib alone costs about a second, most of the
    budget of writing a whole document. The same case always gives the same bytes, so a
    document's hash does not change between runs.
    """
    from brightline.services.svg_chart import Series, step_chart

    free, held = found.unconstrained, found.frontier
    return step_chart(
        (
            Series(
                "frontier, no standards", list(zip(free.ours, free.theirs, strict=True)), "#9a9a9a"
            ),
            Series(
                "frontier, standards held",
                list(zip(held.ours, held.theirs, strict=True)),
                "#1f5fa8",
            ),
        ),
        markers=(
            ("MESO offers", "square", "#2e7d32", grid),
            ("offers received", "cross", "#c62828", received),
        ),
        x_title=f"value to us ({ours_unit})",
        y_title=f"value to them, estimated ({theirs_unit})",
    )
