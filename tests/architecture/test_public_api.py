"""The public API is pinned: adding or removing a name is a deliberate change to this list."""

import brightline

EXPECTED = [
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


def test_exported_members() -> None:
    assert sorted(brightline.__all__) == sorted(EXPECTED)
    for name in EXPECTED:
        assert getattr(brightline, name) is not None


def test_every_error_derives_from_the_root() -> None:
    for name in ("CaseFileError", "InputFileError", "RuleError", "RuleSyntaxError", "UsageError"):
        assert issubclass(getattr(brightline, name), brightline.BrightlineError)


def test_library_use_without_the_cli(saas_case_path) -> None:  # type: ignore[no-untyped-def]
    """The public API answers the product's questions from Python, as the CLI does."""
    loaded = brightline.parse_case(saas_case_path.read_bytes(), str(saas_case_path))
    assert brightline.warrant_gate(loaded).verdict.value == "integrative-first"
    grid = brightline.generate_meso(loaded, brightline.MesoAsk(count=2))
    assert len(grid.offers) == 2
    for offer in grid.offers:
        assert brightline.evaluate_offer(loaded, offer.outcome).compliant
    assert brightline.build_plan(loaded).sections
    assert brightline.analyse_case(loaded).hold_or_cave is not None
