"""Commands of the value engine: sweep, gate, import-genius."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from brightline.cli.app import app
from brightline.cli.output import OutputFormat, print_json

if TYPE_CHECKING:
    from brightline.engine.sweep import Sweep


@app.command()
def sweep(
    case: Annotated[Path, typer.Argument(help="The case file.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
    plot: Annotated[
        Path | None,
        typer.Option(
            help="Also draw both frontiers, the Nash point and the reservation lines "
            "to this .png or .svg file."
        ),
    ] = None,
) -> None:
    """Integrative sweep: exact Pareto frontiers with and without the standards, Nash, ZOPA."""
    from brightline.engine.sweep import sweep as run_sweep
    from brightline.errors import UsageError
    from brightline.services import load_case

    if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--plot must end in .png or .svg, not {plot.name!r}")
    loaded = load_case(case)
    found = run_sweep(loaded)
    if plot is not None:
        _draw(found, plot, loaded.case.case.currency, loaded.case.case.their_unit)
        sys.stderr.write(f"wrote {plot}\n")
    if format is OutputFormat.JSON:
        print_json(found.to_json())
        return
    from brightline.engine_sections import sweep_section

    _print_section(sweep_section(found, loaded), format, "Sweep", loaded.case.case.title)


@app.command()
def gate(
    case: Annotated[Path, typer.Argument(help="The case file.")],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.TEXT,
) -> None:
    """Warrant gate: is a lose-lose stance warranted here? Verdict, reasons, price of each rule."""
    from brightline.engine.gate import warrant_gate
    from brightline.engine_sections import gate_section
    from brightline.services import load_case

    loaded = load_case(case)
    result = warrant_gate(loaded)
    if format is OutputFormat.JSON:
        print_json(result.to_json())
        return
    _print_section(gate_section(result, loaded), format, "Gate", loaded.case.case.title)


@app.command("import-genius")
def import_genius(
    domain: Annotated[Path, typer.Argument(help="GENIUS domain file (issues and values).")],
    ours: Annotated[Path, typer.Argument(help="Our GENIUS utility profile.")],
    theirs: Annotated[Path, typer.Argument(help="Their GENIUS utility profile.")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Case file to write (default: stdout).")
    ] = None,
    context: Annotated[
        str, typer.Option(help="sales, partnership, procurement, hiring or leadership.")
    ] = "sales",
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Import a GENIUS/ANAC domain and two profiles as a case file."""
    from brightline.case.genius import import_genius as convert
    from brightline.case.genius import to_case_yaml
    from brightline.case.model import Context
    from brightline.case.validate import parse_case
    from brightline.errors import UsageError
    from brightline.rules import suggest

    if context not in {item.value for item in Context}:
        raise UsageError(
            f"unknown context {context!r}; {suggest(context, [c.value for c in Context])}"
        )
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} already exists; pass --force to overwrite it")
    domain_bytes, ours_bytes, theirs_bytes = _read_genius_files(
        [("DOMAIN", domain), ("OURS", ours), ("THEIRS", theirs)]
    )
    document = convert(
        (str(domain), domain_bytes),
        (str(ours), ours_bytes),
        (str(theirs), theirs_bytes),
        context=context,
    )
    text = to_case_yaml(document, (str(domain), str(ours), str(theirs)))
    parse_case(text.encode("utf-8"), str(output or "<imported>"))  # the import must load
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise _unwritable(output, error) from None
    sys.stderr.write(
        f"wrote {output} ({len(document['issues'])} issues); next: brightline sweep {output}\n"
    )


def _read_genius_files(arguments: list[tuple[str, Path]]) -> list[bytes]:
    """The bytes of each GENIUS argument; every unusable one is named with what to give instead.

    At most one byte over the importer's size limit is read, so the importer reports an oversize
    file without the whole of it being loaded.
    """
    from brightline.case.genius import MAX_XML_BYTES
    from brightline.errors import UsageError

    found: list[bytes] = []
    problems: list[str] = []
    for role, path in arguments:
        expected = "a GENIUS domain .xml file" if role == "DOMAIN" else "a GENIUS profile .xml file"
        if path.is_dir():
            inside = sorted(child.name for child in path.glob("*.xml"))
            listed = f" (it holds {', '.join(inside[:4])}{', ...' if len(inside) > 4 else ''})"
            problems.append(
                f"{role} argument {str(path)!r} is a folder, not a file; give {expected} "
                f"inside it{listed if inside else ''}"
            )
            continue
        try:
            with path.open("rb") as stream:
                found.append(stream.read(MAX_XML_BYTES + 1))
        except FileNotFoundError:
            problems.append(
                f"{role} argument {str(path)!r} does not exist; give {expected} "
                "(usage: brightline import-genius DOMAIN.xml OURS.xml THEIRS.xml)"
            )
        except OSError as error:
            reason = error.strerror or type(error).__name__
            problems.append(f"{role} argument {str(path)!r} cannot be read: {reason}")
    if problems:
        raise UsageError("\n".join(problems))
    return found


def _print_section(section: object, format: OutputFormat, command: str, title: str) -> None:
    """One plan section as Markdown titled by the command, or as Rich text."""
    from brightline.plan import Plan, PlanSection

    assert isinstance(section, PlanSection)
    if format is OutputFormat.MARKDOWN:
        sys.stdout.write(Plan("", title, (section,)).to_markdown(command))
        return
    from brightline.cli.plan_output import render_section

    render_section(section)


def _draw(found: Sweep, path: Path, ours_unit: str, theirs_unit: str) -> None:
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
        raise _unwritable(path, error) from None
    finally:
        pyplot.close(figure)


def _unwritable(path: Path, error: OSError) -> Exception:
    from brightline.errors import UsageError

    reason = error.strerror or type(error).__name__
    return UsageError(
        f"cannot write {path}: {reason}; check that the folder exists and is writable"
    )
