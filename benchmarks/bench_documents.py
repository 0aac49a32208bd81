"""Documents in every format: render time in process, and whole-process time per document.

Goal (issue 11, point 6): any document, whole process, under 1.5 s on the largest example. Three
measurements, each the median of ``--runs`` after one warm-up:

- **in process**: ``render_bytes(document, fmt)`` for md, html, pdf and docx, with the PDF split
  into writing the Typst source and compiling it; the document is the largest example's plan
  (every block type but figures, six A4 pages), built once;
- **whole process** (wall and CPU): a fresh interpreter per run that loads the case, builds the document and
  writes the file: ``brightline doc KIND CASE --format F -o FILE`` for each ``--kinds`` when the
  ``doc`` command exists, else the plan document through ``render_bytes`` (labelled ``plan``);
- **peer** (when ``pandoc`` is on the PATH): the same document's Markdown converted by pandoc to
  DOCX and to standalone HTML, timed as a whole process in the same run; the route "Brightline
  writes Markdown, pandoc converts it" is compared with Brightline writing the format itself.
  Pandoc's PDF needs a TeX engine, which is not installed here, so PDF has no peer.

    .venv/bin/python benchmarks/bench_documents.py --runs 5
    .venv/bin/python benchmarks/bench_documents.py --runs 3 --kinds all   # every kind x format

``--kinds all`` takes every kind written for the case's context that needs no input beyond the
case (no bids table, no session): on the largest example, seven kinds in four formats each.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LARGEST = ROOT / "examples" / "healthcare-data-partnership.yaml"
FORMATS = ("md", "html", "pdf", "docx")

PLAN_PROBE = """
import sys
from pathlib import Path
from brightline.services import load_case
from brightline.report.plan import build_plan
from brightline.report.formats import render_bytes
Path(sys.argv[3]).write_bytes(render_bytes(build_plan(load_case(sys.argv[1])), sys.argv[2]))
"""


def median_seconds(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``action`` over ``runs`` calls, after one warm-up call."""
    action()
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def median_child_cpu(command: list[str], runs: int) -> tuple[float, float]:
    """Median wall and median CPU (user + system) seconds of a fresh process, after a warm-up.

    CPU time is what the process itself costs; on a loaded machine the wall time also holds the
    time spent waiting for a core, so both are printed.
    """

    def once() -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode == 2 and done.stderr.startswith("error: a "):
            raise Refused(done.stderr.splitlines()[0])  # the gate or the trail forbids it here
        if done.returncode != 0:
            raise SystemExit(f"failed: {' '.join(command)}\n{done.stderr}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu

    once()
    measured = [once() for _ in range(runs)]
    return (
        statistics.median(wall for wall, _ in measured),
        statistics.median(cpu for _, cpu in measured),
    )


class Refused(Exception):
    """The document is refused for this case (a closing record without a decision, say)."""


def has_doc_command() -> bool:
    """Whether this tree's CLI has ``brightline doc`` (issue 11's command)."""
    done = subprocess.run(
        [sys.executable, "-m", "brightline", "doc", "--help"], capture_output=True, cwd=ROOT
    )
    return done.returncode == 0


def in_process(case: Path, runs: int) -> None:
    """Render time of each format for the plan document, the PDF split in source and compile."""
    import typst

    from brightline.report.formats import render_bytes
    from brightline.report.plan import build_plan
    from brightline.report.typst import typst_source
    from brightline.services import load_case

    document = build_plan(load_case(str(case)))
    blocks = sum(len(section.blocks) for section in document.sections)
    print(
        f"in process: the plan of {case.name} ({len(document.sections)} sections, {blocks} blocks)"
    )
    for fmt in FORMATS:
        seconds, cpu = median_seconds(lambda fmt=fmt: render_bytes(document, fmt), runs)
        size = len(render_bytes(document, fmt))
        print(f"  {fmt:5} {seconds * 1000:8.1f} ms wall {cpu * 1000:8.1f} ms CPU {size:>9,} bytes")
    source, figures = typst_source(document)
    writing, _ = median_seconds(lambda: typst_source(document), runs)
    compiling, compiling_cpu = median_seconds(
        lambda: typst.compile(
            source.encode(), format="pdf", sys_inputs=figures, ignore_system_fonts=True
        ),
        runs,
    )
    print(
        f"  pdf = Typst source {writing * 1000:.1f} ms + compile {compiling * 1000:.1f} ms"
        f" ({compiling_cpu * 1000:.1f} ms CPU)"
    )


def every_kind(case: Path) -> list[str]:
    """The kinds written for ``case``'s context that need nothing but the case."""
    from brightline.case.validate import parse_case
    from brightline.report.documents import KINDS

    context = parse_case(case.read_bytes(), str(case)).case.case.context.value
    return [kind.name for kind in KINDS.values() if kind.fits(context) and not kind.needs]


def whole_process(case: Path, kinds: list[str], runs: int, folder: Path) -> dict[str, float]:
    """Fresh-process time per (kind, format); returns the medians keyed ``kind/format``."""
    use_doc = has_doc_command()
    labels = kinds if use_doc else ["plan"]
    medians: dict[str, float] = {}
    print(
        "whole process: "
        + ("brightline doc KIND CASE --format F -o FILE" if use_doc else "plan via render_bytes")
    )
    cpus: dict[str, float] = {}
    for kind in labels:
        for fmt in FORMATS:
            target = folder / f"{kind}.{fmt}"
            if use_doc:
                command = [sys.executable, "-m", "brightline", "doc", kind, str(case)]
                command += ["--format", fmt, "-o", str(target)]
            else:
                command = [sys.executable, "-c", PLAN_PROBE, str(case), fmt, str(target)]

            try:
                seconds, cpu = median_child_cpu(command, runs)
            except Refused as refused:
                print(f"  {kind:14} {fmt:5} refused for this case: {str(refused)[:70]}")
                break
            medians[f"{kind}/{fmt}"] = seconds
            cpus[f"{kind}/{fmt}"] = cpu
            verdict = "ok" if seconds < 1.5 else "OVER the 1.5 s goal"
            print(f"  {kind:14} {fmt:5} {seconds:6.2f} s wall, {cpu:5.2f} s CPU  {verdict}")
    if cpus:
        slowest = max(medians, key=lambda key: medians[key])
        print(
            f"  slowest: {slowest} {medians[slowest]:.2f} s wall; CPU from "
            f"{min(cpus.values()):.2f} to {max(cpus.values()):.2f} s over {len(cpus)} documents"
        )
    return medians


def pandoc_peer(case: Path, runs: int, folder: Path, ours: dict[str, float]) -> None:
    """The plan's Markdown through pandoc to DOCX and HTML, against writing them ourselves."""
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        print("peer: pandoc not installed; skipped")
        return
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout
    markdown = folder / "plan.md"
    subprocess.run(
        [sys.executable, "-c", PLAN_PROBE, str(case), "md", str(markdown)], check=True, cwd=ROOT
    )
    print(f"peer: {version.splitlines()[0]} converting the plan's Markdown (whole process)")
    for fmt, extra in (("docx", []), ("html", ["--standalone", "--metadata", "title=plan"])):
        target = folder / f"pandoc.{fmt}"
        command = [pandoc, "-f", "markdown", "-t", fmt, *extra, str(markdown), "-o", str(target)]
        seconds, cpu = median_child_cpu(command, runs)
        route = ours.get("plan/md", 0.0) + seconds
        mine = ours.get(f"plan/{fmt}")
        line = (
            f"  {fmt:5} pandoc {seconds:6.2f} s ({cpu:.2f} s CPU); Markdown + pandoc {route:6.2f} s"
        )
        if mine:
            line += f"; Brightline direct {mine:6.2f} s (ratio route/direct {route / mine:.2f})"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("case", nargs="?", type=Path, default=LARGEST)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--kinds", default="brief,proposal", help="document kinds for `doc`, or `all`"
    )
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-documents-") as name:
        folder = Path(name)
        in_process(arguments.case, arguments.runs)
        kinds = (
            every_kind(arguments.case) if arguments.kinds == "all" else arguments.kinds.split(",")
        )
        ours = whole_process(arguments.case, kinds, arguments.runs, folder)
        if "plan/md" not in ours:  # the doc command ran: time the plan route for the peer
            for fmt in ("md", "html", "docx"):
                target = folder / f"plan.{fmt}"
                command = [sys.executable, "-c", PLAN_PROBE, str(arguments.case), fmt, str(target)]
                ours[f"plan/{fmt}"] = median_child_cpu(command, arguments.runs)[0]
        pandoc_peer(arguments.case, arguments.runs, folder, ours)


if __name__ == "__main__":
    main()
