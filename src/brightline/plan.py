"""The plan: one report of everything Brightline knows about a case.

A plan is a list of sections. Each capability contributes a section builder, registered in
``SECTION_BUILDERS``; adapters render the same sections as text, JSON or Markdown. Builders are
pure functions of the loaded case, so the plan can be rebuilt anywhere (CLI, web, tests).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from brightline.case.validate import LoadedCase

JsonValue = Any


@dataclass(frozen=True, slots=True)
class Table:
    """A small table inside a section: column titles and rows of cells (already formatted)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class PlanSection:
    """One part of the plan.

    Attributes:
        key: Stable JSON key (``summary``, ``readiness``, ``lint``, ...).
        title: Heading for people.
        lines: Short paragraphs or bullet lines, in reading order.
        tables: Tables shown after the lines.
        data: The machine-readable content for ``--format json``.
    """

    key: str
    title: str
    lines: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    data: JsonValue = field(default_factory=dict)


SectionBuilder = Callable[[LoadedCase], PlanSection | list[PlanSection] | None]
"""A builder returns one section, several (when they share one computation), or None."""


@dataclass(frozen=True, slots=True)
class Plan:
    """The ordered sections for one case."""

    case_id: str
    title: str
    sections: tuple[PlanSection, ...]

    def to_json(self) -> dict[str, JsonValue]:
        """``{"case": {...}, "<section key>": data, ...}`` for ``--format json``."""
        document: dict[str, JsonValue] = {"case": {"id": self.case_id, "title": self.title}}
        for section in self.sections:
            document[section.key] = section.data
        return document

    def to_markdown(self, heading: str = "Plan") -> str:
        """The plan as a Markdown document, titled ``# {heading}: {title}``.

        A command that prints part of the plan (``economics``, ``gate``, ``sweep``) passes its
        own name as the heading, so the document says which command made it.
        """
        out = [f"# {heading}: {self.title}", ""]
        for section in self.sections:
            out += [f"## {section.title}", ""]
            for line in section.lines:  # one paragraph per line: they are separate statements
                out += [line, ""]
            for table in section.tables:
                out.append("| " + " | ".join(table.columns) + " |")
                out.append("|" + "---|" * len(table.columns))
                for row in table.rows:
                    cells = [cell.replace("|", "\\|").replace("\n", " ") for cell in row]
                    out.append("| " + " | ".join(cells) + " |")
                out.append("")
        return "\n".join(out).rstrip() + "\n"


def _builders() -> list[SectionBuilder]:
    from brightline.plan_sections import SECTION_BUILDERS

    return SECTION_BUILDERS


def build_plan(loaded: LoadedCase) -> Plan:
    """Run every registered section builder on the case, skipping those with nothing to say."""
    sections: list[PlanSection] = []
    for builder in _builders():
        built = builder(loaded)
        if isinstance(built, PlanSection):
            sections.append(built)
        elif built:
            sections.extend(built)
    info = loaded.case.case
    return Plan(info.id, info.title, tuple(sections))
