"""Use cases of the value engine: the integrative sweep, the warrant gate, the GENIUS import."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brightline.actions import act
from brightline.case.validate import LoadedCase
from brightline.engine.gate import GateResult
from brightline.engine.sweep import Sweep
from brightline.errors import UsageError
from brightline.services.cases import load_case, parse_context, refuse_overwrite
from brightline.services.files import write_text

CHART_SUFFIXES = (".png", ".svg")
"""The chart files a sweep can draw."""


@dataclass(frozen=True, slots=True)
class SweepRun:
    """A case's sweep, and the chart written when one was asked for."""

    loaded: LoadedCase
    sweep: Sweep
    chart: Path | None


def sweep_case(path: str | os.PathLike[str], plot: Path | None = None) -> SweepRun:
    """Both exact frontiers, Nash, ZOPA; with ``plot``, also drawn to that .png or .svg file.

    Raises:
        UsageError: naming ``plot`` when it is not a .png or .svg file name, before any work.
    """
    from brightline.engine.sweep import sweep

    if plot is not None and plot.suffix.lower() not in CHART_SUFFIXES:
        raise UsageError(f"must end in .png or .svg, not {plot.name!r}", parameter="plot")
    loaded = load_case(path)
    found = sweep(loaded)
    if plot is not None:
        from brightline.services.charts import draw_sweep

        draw_sweep(found, plot, loaded.case.case.currency, loaded.case.case.their_unit)
    return SweepRun(loaded, found, plot)


@dataclass(frozen=True, slots=True)
class GateRun:
    """A case and its warrant-gate verdict."""

    loaded: LoadedCase
    gate: GateResult


def gate_case(path: str | os.PathLike[str]) -> GateRun:
    """Is a lose-lose stance warranted for this case? Verdict, reasons, price of each rule."""
    from brightline.engine.gate import warrant_gate

    loaded = load_case(path)
    return GateRun(loaded, warrant_gate(loaded))


@dataclass(frozen=True, slots=True)
class GeniusImport:
    """A GENIUS domain turned into case-file text (checked to load), and where it was written."""

    text: str
    issues: int
    written: Path | None


def import_genius_case(
    domain: Path,
    ours: Path,
    theirs: Path,
    *,
    context: str = "sales",
    output: Path | None = None,
    force: bool = False,
) -> GeniusImport:
    """Import a GENIUS/ANAC domain and two profiles as a case file (to ``output`` when given).

    Raises:
        UsageError: for an unknown context, an existing ``output`` without ``force``, and every
            unusable file argument at once.
        InputFileError: when a GENIUS file does not parse (located).
    """
    from brightline.case.genius import import_genius, to_case_yaml
    from brightline.case.validate import parse_case

    chosen = parse_context(context)
    refuse_overwrite(output, force, "import-genius")
    domain_bytes, ours_bytes, theirs_bytes = _read_genius_files(
        [("DOMAIN", domain), ("OURS", ours), ("THEIRS", theirs)]
    )
    document: dict[str, Any] = import_genius(
        (str(domain), domain_bytes),
        (str(ours), ours_bytes),
        (str(theirs), theirs_bytes),
        context=chosen.value,
    )
    text = to_case_yaml(document, (str(domain), str(ours), str(theirs)))
    parse_case(text.encode("utf-8"), str(output or "<imported>"))  # the import must load
    if output is not None:
        write_text(output, text)
    return GeniusImport(text, len(document["issues"]), output)


def _read_genius_files(arguments: list[tuple[str, Path]]) -> list[bytes]:
    """The bytes of each GENIUS argument; every unusable one is named with what to give instead.

    At most one byte over the importer's size limit is read, so the importer reports an oversize
    file without the whole of it being loaded.
    """
    from brightline.case.genius import MAX_XML_BYTES

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
            problems.append(f"{role} argument {str(path)!r} does not exist; give {expected}")
        except OSError as error:
            reason = error.strerror or type(error).__name__
            problems.append(f"{role} argument {str(path)!r} cannot be read: {reason}")
    if problems:
        usage = act("import-genius", domain=None, ours=None, theirs=None)
        raise UsageError("\n".join(problems), action=usage)
    return found
