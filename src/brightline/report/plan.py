"""The plan: one document of everything Brightline knows about a case.

A plan is the sections of :data:`PLAN_SECTIONS`, in order, each built from one shared
:class:`~brightline.report.context.CaseContext`, so the outcome space is compiled once, the lint
runs once and every section reads the same gate and frontier. Adding a part to the plan is one
builder in :mod:`brightline.report.sections` and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable

from brightline.case.validate import LoadedCase
from brightline.report.context import CaseContext
from brightline.report.document import Document, Section
from brightline.report.sections.case import summary_section
from brightline.report.sections.economics import economics_section
from brightline.report.sections.engine import engine_sections
from brightline.report.sections.lint import lint_sections
from brightline.report.sections.offers import offers_sections
from brightline.report.sections.playbook import opening_moves_section

SectionBuilder = Callable[[CaseContext], Section | list[Section]]
"""A builder returns one section, or several when they share one computation."""

PLAN_SECTIONS: tuple[SectionBuilder, ...] = (
    summary_section,
    lint_sections,
    engine_sections,
    opening_moves_section,
    offers_sections,
    economics_section,
)
"""The plan's builders in reading order."""


def build_plan(case: CaseContext | LoadedCase) -> Document:
    """Run every builder of :data:`PLAN_SECTIONS` on one context.

    Args:
        case: The context to build from (a service that already computed some results passes its
            own), or a loaded case, which gets a fresh context.
    """
    context = case if isinstance(case, CaseContext) else CaseContext(case)
    sections: list[Section] = []
    for builder in PLAN_SECTIONS:
        built = builder(context)
        sections.extend(built if isinstance(built, list) else [built])
    info = context.loaded.case.case
    return Document("Plan", info.title, tuple(sections), case_id=info.id)
