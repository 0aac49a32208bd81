"""Build small valid case documents in code, so each test changes only what it is about."""

from __future__ import annotations

import copy
from typing import Any

from ruamel.yaml import YAML


def minimal_case() -> dict[str, Any]:
    """A small, complete case that passes `check` with no error-level finding."""
    return {
        "brightline": 1,
        "case": {"id": "t", "title": "Test case", "context": "sales", "currency": "EUR"},
        "parties": {
            "us": {"name": "Us", "approval_path": ["Director"]},
            "them": {
                "name": "Them",
                "stakeholders": [
                    {
                        "name": "Buyer",
                        "decision_maker": True,
                        "must_justify": "The delay",
                        "bears_reputation_risk": True,
                    }
                ],
                "approval_path": ["CFO"],
                "public_optics": "Visible",
            },
        },
        "issues": [
            {
                "kind": "discrete",
                "id": "residency",
                "dimension": "verification",
                "priority": "high",
                "options": [
                    {"id": "eu_only", "ours": 0, "theirs": 0},
                    {"id": "global", "ours": 10000, "theirs": 10000},
                ],
            },
            {
                "kind": "numeric",
                "id": "discount",
                "dimension": "price",
                "priority": "medium",
                "range": {"min": 0, "max": 20, "step": 5},
                "ours": [[0, 0], [20, -20000]],
                "theirs": [[0, 0], [20, 20000]],
            },
        ],
        "standards": [
            {
                "id": "eu",
                "rule": 'residency == "eu_only"',
                "source": {"kind": "regulation", "reference": "GDPR Chapter V"},
                "evidence": ["Supervisor guidance"],
                "verifier": {"who": "Auditor", "when": "Yearly"},
                "narrative": "A transfer finding later would cost far more than hosting in the EU now.",
                "published": True,
                "protects": ["transfer"],
                "safeguards": ["attest"],
            }
        ],
        "harms": [
            {
                "id": "transfer",
                "description": "Unlawful transfer finding",
                "rule": 'residency == "global"',
                "probability": 0.2,
                "impact": 1000000,
                "bears": "both",
            }
        ],
        "batna": {
            "description": "Other customer",
            "components": [
                {"name": "Margin", "kind": "money", "value": {"low": 1, "likely": 2, "high": 3}},
                {
                    "name": "Delay",
                    "kind": "time",
                    "weeks": {"low": 1, "likely": 2, "high": 3},
                    "cost_per_week": 0,
                },
                {"name": "Legal", "kind": "legal", "value": {"low": 0, "likely": 0, "high": 0}},
                {
                    "name": "Politics",
                    "kind": "political",
                    "value": {"low": 0, "likely": 0, "high": 0},
                },
            ],
        },
        "reservation": {"value": 5, "pre_committed": True, "approved_by": "Director"},
        "their_batna": {"value": 0, "confidence": "low"},
        "tradeables": [
            {
                "id": "phased",
                "kind": "phased_rollout",
                "cost_to_us": 1,
                "value_to_them": 2,
                "symmetric": True,
            }
        ],
        "safeguards": [
            {
                "id": "attest",
                "kind": "attestation",
                "trigger": "Data leaves the EU",
                "measure": "Region logs",
                "consequence": "Termination without fee",
                "verifier": "Auditor",
                "due": "2027-01-31",
                "binds": "them",
            }
        ],
        "integrative_options": [
            {
                "description": "Bring your own key",
                "status": "rejected",
                "verifiable": True,
                "reason": "Still a transfer",
            }
        ],
    }


def variant(**changes: Any) -> dict[str, Any]:
    """A copy of the minimal case with dotted-path changes, e.g. ``variant(**{"case.stage": "late"})``."""
    document = copy.deepcopy(minimal_case())
    for dotted, value in changes.items():
        node: Any = document
        parts = dotted.split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        last = parts[-1]
        if value is DELETE:
            del node[int(last) if last.isdigit() else last]
        elif last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value
    return document


DELETE = object()


def to_yaml(document: dict[str, Any]) -> str:
    """Serialise a case document to YAML text."""
    import io

    stream = io.StringIO()
    yaml = YAML(typ="safe")
    yaml.default_flow_style = False
    yaml.dump(document, stream)
    return stream.getvalue()


def hold_or_cave_inputs(**changes: float) -> Any:
    """Hold-versus-cave inputs with round numbers, changed only where a test says so."""
    from brightline.economics.hold_or_cave import HoldOrCaveInputs

    values: dict[str, Any] = {
        "deal_value": 100.0,
        "compliant_value": 80.0,
        "batna_value": 20.0,
        "walk_probability": 0.5,
        "delay_cost": 0.0,
        "harm_exposure": 10.0,
        "concession_cost": 0.0,
        "precedent_deals": 3,
        "precedent_probability": 0.5,
        "retest_probability": 0.5,
        "discount_factor": 0.9,
        "deterrence_effect": 1.0,
    }
    values.update(changes)
    return HoldOrCaveInputs(**values)


def outcomes_to_try(loaded: Any) -> list[dict[str, Any]]:
    """Received offers, plus each issue's extremes combined: compliant and non-compliant ones."""
    from brightline.case.model import Direction

    found = [
        dict(offer.outcome)
        for offer in loaded.case.offers
        if offer.direction is Direction.RECEIVED
        and all(issue.id in offer.outcome for issue in loaded.case.issues)
    ]
    for pick in (0, -1):
        found.append({issue.id: issue.values()[pick] for issue in loaded.case.issues})
    return found
