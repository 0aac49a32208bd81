"""Brightline: a standards-first negotiation workbench.

Hold the rules you will not break, and only those. The public API below is what scripts and other
programs should use; everything else may change between versions. Names are resolved lazily
(PEP 562) so that ``brightline --help`` does not pay for pydantic and numpy.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "BrightlineError": "brightline.errors",
    "CaseFileError": "brightline.errors",
    "InputFileError": "brightline.errors",
    "Problem": "brightline.errors",
    "RuleError": "brightline.errors",
    "RuleSyntaxError": "brightline.errors",
    "RuleTypeError": "brightline.errors",
    "UsageError": "brightline.errors",
    "Case": "brightline.case",
    "LoadedCase": "brightline.case",
    "parse_case": "brightline.case",
    "Finding": "brightline.lint",
    "LintReport": "brightline.lint",
    "ReadinessItem": "brightline.lint",
    "Severity": "brightline.lint",
    "lint_case": "brightline.lint",
    "evaluate": "brightline.rules",
    "parse_rule": "brightline.rules",
    "Document": "brightline.report.document",
    "build_plan": "brightline.report.plan",
    "compile_space": "brightline.engine",
    "pareto_frontier": "brightline.engine",
    "sweep": "brightline.engine",
    "warrant_gate": "brightline.engine",
    "import_genius": "brightline.case.genius",
    "MesoAsk": "brightline.offers",
    "generate_meso": "brightline.offers",
    "evaluate_offer": "brightline.offers",
    "evaluate_bids": "brightline.offers",
    "analyse_case": "brightline.economics.analysis",
}

__all__ = [
    "BrightlineError",
    "Case",
    "CaseFileError",
    "Document",
    "Finding",
    "InputFileError",
    "LintReport",
    "LoadedCase",
    "MesoAsk",
    "Problem",
    "ReadinessItem",
    "RuleError",
    "RuleSyntaxError",
    "RuleTypeError",
    "Severity",
    "UsageError",
    "__version__",
    "analyse_case",
    "build_plan",
    "compile_space",
    "evaluate",
    "evaluate_bids",
    "evaluate_offer",
    "generate_meso",
    "import_genius",
    "lint_case",
    "pareto_frontier",
    "parse_case",
    "parse_rule",
    "sweep",
    "warrant_gate",
]

if TYPE_CHECKING:
    from brightline.case import Case, LoadedCase, parse_case
    from brightline.case.genius import import_genius
    from brightline.economics.analysis import analyse_case
    from brightline.engine import compile_space, pareto_frontier, sweep, warrant_gate
    from brightline.errors import (
        BrightlineError,
        CaseFileError,
        InputFileError,
        Problem,
        RuleError,
        RuleSyntaxError,
        RuleTypeError,
        UsageError,
    )
    from brightline.lint import Finding, LintReport, ReadinessItem, Severity, lint_case
    from brightline.offers import MesoAsk, evaluate_bids, evaluate_offer, generate_meso
    from brightline.report.document import Document
    from brightline.report.plan import build_plan
    from brightline.rules import evaluate, parse_rule


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'brightline' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
