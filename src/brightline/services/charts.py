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
    """The compliant frontier with the MESO offers and the offers received on it, as SVG text.

    For a document's figure (the brief): ``grid`` and ``received`` are ``(label, value to us,
    value to them)`` points. The SVG carries no creation date, so the same case gives the same
    bytes and a document's hash does not change from one run to the next.
    """
    import io

    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    pyplot.rcParams["svg.hashsalt"] = "brightline"
    figure, axes = pyplot.subplots(figsize=(6.4, 3.6))
    free = found.unconstrained
    axes.step(free.ours, free.theirs, where="post", color="0.7", label="frontier, no standards")
    held = found.frontier
    axes.step(
        held.ours, held.theirs, where="post", color="tab:blue", label="frontier, standards held"
    )
    for points, marker, color, name in (
        (grid, "s", "tab:green", "MESO offers"),
        (received, "x", "tab:red", "offers received"),
    ):
        if points:
            axes.scatter(
                [p[1] for p in points],
                [p[2] for p in points],
                marker=marker,
                s=46,
                color=color,
                label=name,
                zorder=3,
            )
            for label, ours, theirs in points:
                axes.annotate(
                    label, (ours, theirs), textcoords="offset points", xytext=(4, 4), fontsize=7
                )
    axes.set_xlabel(f"value to us ({ours_unit})")
    axes.set_ylabel(f"value to them, estimated ({theirs_unit})")
    axes.legend(loc="best", fontsize="x-small")
    figure.tight_layout()
    buffer = io.StringIO()
    try:
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    finally:
        pyplot.close(figure)
    return buffer.getvalue()
