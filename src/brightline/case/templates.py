"""Commented starter cases for ``brightline init``, one per context.

Each template is a complete, loadable case: the comments tell the user what to replace. The
per-context parts (issues, the standard, its harm) are small so users edit rather than delete.
"""

from __future__ import annotations

from dataclasses import dataclass

from brightline.case.model import Context

SCHEMA_URL = "https://brightline.dev/schema/case-1.json"
"""Where the published schema will live; used when the starter case goes to stdout."""

PLACEHOLDERS = frozenset(
    {
        "Their decision maker",
        "Why the deal took longer or is smaller",
        "What a public failure would cost them",
        "Name the law, framework or policy and its clause",
        "The document or benchmark that backs the rule",
        "Named independent checker",
        "Explain in two lines why accepting a smaller deal now avoids a much larger loss later.",
        "What goes wrong if the standard is breached",
        "What we do if there is no deal",
        "The standard is breached",
        "Report from the verifier",
        "What the other side falls back on",
    }
)
"""Starter values that say what to write rather than being an answer; `check` flags any left."""

SCHEMA_FILE_NAME = "brightline-case.schema.json"
"""Written next to a starter case so editors autocomplete offline."""


@dataclass(frozen=True, slots=True)
class _Parts:
    title: str
    us: str
    them: str
    issues: str
    standard: str
    harm: str
    tradeable: str
    safeguard: str
    option: str
    standard_name: str


def _discrete(
    issue: str, name: str, dimension: str, priority: str, options: tuple[tuple[str, int, int], ...]
) -> str:
    """One discrete issue of a starter: each option's value to us and to them, in EUR."""
    lines = [
        "  - kind: discrete",
        f"    id: {issue}",
        f"    name: {name}",
        f"    dimension: {dimension}",
        f"    priority: {priority}",
        "    options:                      # value to us (ours, EUR) and our estimate for them",
    ]
    lines += [
        f"      - {{id: {key}, ours: {ours}, theirs: {theirs}}}" for key, ours, theirs in options
    ]
    return "\n".join(lines) + "\n"


def _numeric(
    issue: str,
    name: str,
    dimension: str,
    bounds: tuple[int, int, float],
    unit: str,
    ours: tuple[int, int],
    theirs: tuple[int, int],
) -> str:
    """One numeric issue of a starter: a grid from ``bounds`` (min, max, step), values linear."""
    low, high, step = bounds
    return (
        f"  - kind: numeric\n    id: {issue}\n    name: {name}\n    dimension: {dimension}\n"
        f"    priority: medium\n    range: {{min: {low}, max: {high}, step: {step}, unit: '{unit}'}}\n"
        f"    ours: [[{low}, {ours[0]}], [{high}, {ours[1]}]]      # value to us at each end\n"
        f"    theirs: [[{low}, {theirs[0]}], [{high}, {theirs[1]}]]\n"
    )


# Every starter has the issue its standard is about plus three tradeable issues in other
# dimensions, valued so that a compliant deal both sides prefer to walking away exists and a
# MESO grid of three offers is found at the default request: a fresh starter shows every
# analysis working before the user replaces the numbers with the case's own.


def _parts(context: Context) -> _Parts:
    if context is Context.SALES:
        return _Parts(
            "Enterprise deal with a data residency requirement",
            "Our company (seller)",
            "The buyer",
            _discrete(
                "residency",
                "Where customer data is stored",
                "verification",
                "high",
                (("eu_only", 0, 0), ("global", 30000, 20000)),
            )
            + _discrete(
                "scope",
                "Rollout scope",
                "scope",
                "high",
                (("pilot", 40000, 60000), ("department", 80000, 45000), ("full", 120000, 25000)),
            )
            + _discrete(
                "term",
                "Contract term",
                "timing",
                "medium",
                (("one_year", 0, 15000), ("two_years", 15000, 8000), ("three_years", 30000, 0)),
            )
            + _numeric("discount", "Discount", "price", (0, 20, 0.5), "%", (0, -40000), (0, 20000)),
            'rule: residency == "eu_only"',
            'rule: residency == "global"',
            "{id: phased, kind: phased_rollout, cost_to_us: 10000, value_to_them: 20000, "
            "symmetric: true}",
            "Quarterly attestation that data stayed in the EU",
            "A compliant pilot first, expansion after an audit",
            "EU data residency",
        )
    if context is Context.PARTNERSHIP:
        return _Parts(
            "Data partnership with a field-of-use limit",
            "Our organisation",
            "The partner",
            _discrete(
                "field_of_use",
                "What the partner may use the data for",
                "scope",
                "high",
                (
                    ("research_only", 60000, 40000),
                    ("internal_products", 80000, 90000),
                    ("commercial", 100000, 150000),
                ),
            )
            + _discrete(
                "review",
                "Independent privacy review",
                "verification",
                "medium",
                (("annual_audit", 20000, -10000), ("self_assessment", 5000, 0)),
            )
            + _discrete(
                "term",
                "Partnership term",
                "timing",
                "medium",
                (("two_years", 15000, 0), ("five_years", 0, 25000)),
            )
            + _numeric(
                "data_fee",
                "Yearly data fee",
                "price",
                (50000, 150000, 1000),
                "EUR/year",
                (0, 100000),
                (50000, -50000),
            ),
            'rule: field_of_use in ["research_only", "internal_products"]',
            'rule: field_of_use == "commercial"',
            "{id: steering, kind: audit_rights, cost_to_us: 5000, value_to_them: 10000, "
            "symmetric: true}",
            "Termination on any re-identification metric breach",
            "A limited research programme with a joint steering group",
            "No commercial use of the data",
        )
    if context is Context.PROCUREMENT:
        return _Parts(
            "Services tender with a safety threshold",
            "Our purchasing team",
            "The bidders",
            _discrete(
                "safety_level",
                "Certified safety level of the vendor",
                "verification",
                "high",
                (("2", -50000, 20000), ("3", 0, 0), ("4", 10000, -15000)),
            )
            + _numeric(
                "price_index",
                "Price against budget",
                "price",
                (90, 120, 1),
                "% of budget",
                (60000, 0),
                (0, 60000),
            )
            + _discrete(
                "contract_length",
                "Contract length",
                "timing",
                "medium",
                (("one_year", 15000, 0), ("three_years", 0, 25000)),
            )
            + _discrete(
                "service_credits",
                "Service credits for missed service levels",
                "terms",
                "medium",
                (("full", 20000, -15000), ("capped", 10000, -5000), ("none", 0, 0)),
            ),
            "rule: safety_level >= 3",
            "rule: safety_level < 3",
            "{id: credits, kind: service_credits, cost_to_us: 0, value_to_them: -10000, "
            "symmetric: false}",
            "Probationary SLA with automatic service credits",
            "Re-bid with a tighter specification and a capped extension of the incumbent",
            "Safety level 3 or higher",
        )
    if context is Context.HIRING:
        return _Parts(
            "Senior hire asking above the pay band",
            "Our company",
            "The candidate",
            _numeric(
                "base_salary",
                "Base salary",
                "price",
                (110000, 150000, 1000),
                "EUR/year",
                (100000, 60000),
                (0, 40000),
            )
            + _discrete(
                "review",
                "Accelerated pay review",
                "timing",
                "medium",
                (("six_months", -5000, 8000), ("twelve_months", 0, 0)),
            )
            + _discrete(
                "remote",
                "Days worked from home",
                "terms",
                "medium",
                (("office", 5000, -5000), ("hybrid", 0, 5000), ("remote", -5000, 12000)),
            )
            + _discrete(
                "equity",
                "Equity grant",
                "scope",
                "medium",
                (("none", 0, 0), ("standard", -8000, 10000), ("enhanced", -16000, 18000)),
            ),
            "rule: base_salary <= 135000          # top of the band for this level",
            "rule: base_salary > 135000",
            "{id: milestones, kind: milestone_review, cost_to_us: 3000, value_to_them: 8000, "
            "symmetric: false}",
            "Written milestones reviewed at six months",
            "Mid-band offer with an accelerated, documented review",
            "Pay band for the level",
        )
    return _Parts(
        "Launch decision held at a safety gate",
        "Our leadership team",
        "The business unit asking to launch early",
        _discrete(
            "launch",
            "When the product launches",
            "timing",
            "high",
            (
                ("after_full_test", 50000, 40000),
                ("after_fast_track_test", 30000, 90000),
                ("before_safety_test", 90000, 150000),
            ),
        )
        + _discrete(
            "beta",
            "Beta before the launch",
            "scope",
            "medium",
            (("no_beta", 0, 0), ("internal_beta", 5000, 10000), ("limited_beta", -5000, 25000)),
        )
        + _discrete(
            "reporting",
            "Progress reporting to us",
            "verification",
            "medium",
            (("weekly_review", 10000, -5000), ("monthly_review", 0, 0)),
        )
        + _numeric(
            "test_funding",
            "Their share of the extra test capacity",
            "price",
            (0, 100000, 1000),
            "EUR",
            (0, 100000),
            (0, -100000),
        ),
        'rule: launch != "before_safety_test"',
        'rule: launch == "before_safety_test"',
        "{id: test_plan, kind: other, cost_to_us: 2000, value_to_them: 5000, symmetric: true}",
        "Published test plan with dates and acceptance criteria",
        "A limited beta under controls while the safety test runs",
        "No launch before the safety test",
    )


def starter_case(context: Context, schema_location: str = SCHEMA_URL) -> str:
    """The starter YAML for ``context``; it loads cleanly and explains each section in comments.

    Args:
        context: Which kind of negotiation the starter is for.
        schema_location: What the yaml-language-server comment points editors at: a URL, or the
            relative path of a schema file written next to the case.
    """
    parts = _parts(context)
    return f"""\
# yaml-language-server: $schema={schema_location}
# A Brightline case. Replace every value; checking the case tells you what is still missing.
brightline: 1
case:
  id: my-{context.value}-case
  title: {parts.title}
  context: {context.value}
  stage: preparation            # preparation, opening, early, midgame, late, closed
  currency: EUR                 # unit of value to us, the BATNA, harms and costs
  culture:
    directness: mixed           # direct, mixed, indirect
    power_distance: medium      # low, medium, high
  relationship:
    repeated: true
    fragility: medium
    expected_future_deals: 2
parties:
  us:
    name: {parts.us}
    approval_path: [Manager, Director]
  them:
    name: {parts.them}
    stakeholders:
      - name: Their decision maker
        role: Owner of the budget
        decision_maker: true
        must_justify: Why the deal took longer or is smaller
    approval_path: [Their manager, Their finance]
    public_optics: What a public failure would cost them
# Issues: what is negotiated. Each option's value to us and our estimate of its value to them add
# up across issues.
issues:
{parts.issues}
# Standards: the rules we will not break. Rules compare issues with ==, !=, <, <=, >, >=, in [...],
# joined by and, or, not, -> (implication).
standards:
  - id: must_have
    name: {parts.standard_name}
    {parts.standard}
    source: {{kind: regulation, reference: "Name the law, framework or policy and its clause"}}
    evidence: [The document or benchmark that backs the rule]
    verifier: {{who: Named independent checker, when: Before signature}}
    narrative: >-
      Explain in two lines why accepting a smaller deal now avoids a much larger loss later.
    published: true             # publish must-haves at the opening
    protects: [main_harm]
    safeguards: [written_check]
harms:
  - id: main_harm
    description: What goes wrong if the standard is breached
    {parts.harm}
    probability: 0.2            # chance it happens when the rule above holds
    impact: 1000000             # cost when it happens, in the case currency
    bears: both
batna:
  description: What we do if there is no deal
  components:                   # costs are negative; low <= likely <= high
    - {{name: Alternative deal, kind: money, value: {{low: 20000, likely: 40000, high: 60000}}}}
    - {{name: Delay, kind: time, weeks: {{low: 4, likely: 8, high: 12}}, cost_per_week: 1000}}
    - {{name: Legal review, kind: legal, value: {{low: -5000, likely: -2000, high: 0}}}}
    - {{name: Internal politics, kind: political, value: {{low: -5000, likely: -2000, high: 0}}}}
reservation:
  value: 30000                  # worst acceptable value to us
  pre_committed: true
their_batna:
  value: 10000
  confidence: low
tradeables:
  - {parts.tradeable}
safeguards:
  - id: written_check
    kind: attestation
    description: {parts.safeguard}
    trigger: The standard is breached
    measure: Report from the verifier
    consequence: Right to terminate without fee
    verifier: Named independent checker
    date: 2027-06-30
    binds: us                     # whose obligation: us or them (mutual: true binds both)
integrative_options:
  - description: {parts.option}
    status: pursuing
    verifiable: true
    reason: Keeps the standard and leaves room to expand later
"""
