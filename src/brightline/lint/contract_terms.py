"""BL212: a safeguard whose clause leaves out a term a contract needs is argued over when it fires."""

from __future__ import annotations

from collections.abc import Iterator

from brightline.case.model import DiscreteIssue
from brightline.case.safeguards import KIND_BLOCKS, Safeguard, missing_contract_fields
from brightline.lint.registry import Finding, LintContext, Severity, pitfall


@pitfall("BL212", "incomplete-contract-terms", "Clause missing contract terms", Severity.WARNING)
def incomplete_contract_terms(context: LintContext) -> Iterator[Finding]:
    """Give each safeguard the terms its kind of clause needs, and say whose obligation it is.

    A service credit without a measurement window, an audit right without notice or a cost rule,
    an exit without a transition period: each reads as agreed at signing and becomes a dispute the
    day it is used. The fields each kind needs are listed in the case-file reference; a one-sided
    safeguard also names the side it binds, so the clause says who owes what. A contingent term
    ("all units once the audit passes") is a clause too: its condition says what passing means,
    who decides and by when.
    """
    yield from _contingent_conditions(context)
    for index, safeguard in enumerate(context.case.safeguards):
        missing = missing_contract_fields(safeguard)
        block = KIND_BLOCKS.get(safeguard.kind)
        if missing and block is not None:
            present = safeguard.block() is not None
            yield Finding(
                "BL212",
                Severity.WARNING,
                f"{safeguard.kind.value.replace('_', ' ')} safeguard {safeguard.id!r} has no "
                f"{', '.join(missing)}",
                f"add under `{block}:` " + "; ".join(_explain(safeguard, block, missing)),
                ("safeguards", index, block) if present else ("safeguards", index),
            )
        if not safeguard.mutual and safeguard.binds is None:
            yield Finding(
                "BL212",
                Severity.WARNING,
                f"safeguard {safeguard.id!r} does not say whose obligation it is",
                "write `binds: us` or `binds: them`, or `mutual: true` when it binds both sides",
                ("safeguards", index),
            )


def _contingent_conditions(context: LintContext) -> Iterator[Finding]:
    """A contingent option whose condition leaves out what passing is, who decides, or by when."""
    for index, issue in enumerate(context.case.issues):
        if not isinstance(issue, DiscreteIssue):
            continue
        for position, term in enumerate(issue.contingent):
            condition = term.condition
            missing = [
                name
                for name, present in (
                    ("description", bool(condition.description.strip())),
                    ("verifier", bool(condition.verifier.strip())),
                    ("by", condition.by is not None),
                )
                if not present
            ]
            if missing:
                yield Finding(
                    "BL212",
                    Severity.WARNING,
                    f"contingent option {term.id!r} of {issue.id!r}: its condition has no "
                    f"{', '.join(missing)}",
                    "say what passing means (description), who decides (verifier) and by when "
                    "(by, a date)",
                    ("issues", index, "contingent", position, "condition"),
                )


def _explain(safeguard: Safeguard, block: str, missing: tuple[str, ...]) -> list[str]:
    """Each missing field with its description from the case model, the one place it is written."""
    model = type(safeguard).model_fields[block].annotation
    fields = getattr(_block_model(model), "model_fields", {})
    parts = []
    for name in missing:
        description = fields[name].description if name in fields else None
        parts.append(f"`{name}` ({description.rstrip('.')})" if description else f"`{name}`")
    return parts


def _block_model(annotation: object) -> object:
    """The model class inside ``Block | None``."""
    for argument in getattr(annotation, "__args__", (annotation,)):
        if hasattr(argument, "model_fields"):
            return argument
    return annotation
