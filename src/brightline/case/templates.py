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


_ISSUE_LEVEL = """\
  - kind: discrete
    id: {id}
    name: {name}
    dimension: {dimension}
    priority: high
    options:                      # value to us (ours, {unit}) and our estimate of value to them
{options}"""


def _parts(context: Context) -> _Parts:
    if context is Context.SALES:
        return _Parts(
            "Enterprise deal with a data residency requirement",
            "Our company (seller)",
            "The buyer",
            _ISSUE_LEVEL.format(
                id="residency",
                name="Where customer data is stored",
                dimension="verification",
                unit="EUR",
                options="      - {id: eu_only, ours: 0, theirs: 0}\n"
                "      - {id: global, ours: 30000, theirs: 20000}\n",
            )
            + "  - kind: discrete\n    id: scope\n    name: Rollout scope\n    dimension: scope\n"
            "    priority: medium\n    options:\n"
            "      - {id: pilot, ours: 50000, theirs: 40000}\n"
            "      - {id: full, ours: 200000, theirs: 160000}\n",
            'rule: residency == "eu_only"',
            'rule: residency == "global"',
            "{id: phased, kind: phased_rollout, cost_to_us: 10000, value_to_them: 20000, "
            "symmetric: true}",
            "Quarterly attestation that data stayed in the EU",
            "A compliant pilot first, expansion after an audit",
        )
    if context is Context.PARTNERSHIP:
        return _Parts(
            "Data partnership with a field-of-use limit",
            "Our organisation",
            "The partner",
            _ISSUE_LEVEL.format(
                id="field_of_use",
                name="What the partner may use the data for",
                dimension="scope",
                unit="EUR",
                options="      - {id: research_only, ours: 0, theirs: 50000}\n"
                "      - {id: commercial, ours: 40000, theirs: 150000}\n",
            )
            + "  - kind: discrete\n    id: review\n    name: Independent privacy review\n"
            "    dimension: verification\n    priority: medium\n    options:\n"
            "      - {id: third_party, ours: -10000, theirs: -5000}\n"
            "      - {id: none, ours: 0, theirs: 0}\n",
            'rule: field_of_use == "research_only"',
            'rule: field_of_use == "commercial"',
            "{id: steering, kind: audit_rights, cost_to_us: 5000, value_to_them: 10000, "
            "symmetric: true}",
            "Termination on any re-identification metric breach",
            "A limited research programme with a joint steering group",
        )
    if context is Context.PROCUREMENT:
        return _Parts(
            "Services tender with a safety threshold",
            "Our purchasing team",
            "The bidders",
            _ISSUE_LEVEL.format(
                id="safety_level",
                name="Certified safety level of the vendor",
                dimension="verification",
                unit="EUR",
                options="      - {id: 2, ours: 60000, theirs: 0}\n"
                "      - {id: 3, ours: 0, theirs: -30000}\n",
            )
            + "  - kind: numeric\n    id: price_index\n    name: Price against budget\n"
            "    dimension: price\n    priority: medium\n"
            "    range: {min: 90, max: 120, step: 5, unit: '% of budget'}\n"
            "    ours: [[90, 40000], [120, -80000]]\n"
            "    theirs: [[90, -20000], [120, 60000]]\n",
            "rule: safety_level >= 3",
            "rule: safety_level < 3",
            "{id: credits, kind: service_credits, cost_to_us: 0, value_to_them: -10000, "
            "symmetric: false}",
            "Probationary SLA with automatic service credits",
            "Re-bid with a tighter specification and a capped extension of the incumbent",
        )
    if context is Context.HIRING:
        return _Parts(
            "Senior hire asking above the pay band",
            "Our company",
            "The candidate",
            "  - kind: numeric\n    id: base_salary\n    name: Base salary\n    dimension: price\n"
            "    priority: high\n    range: {min: 110000, max: 150000, step: 5000, unit: EUR/year}\n"
            "    ours: [[110000, 40000], [150000, 0]]        # value to us falls as pay rises\n"
            "    theirs: [[110000, 0], [150000, 40000]]\n"
            "  - kind: discrete\n    id: review\n    name: Accelerated pay review\n"
            "    dimension: timing\n    priority: medium\n    options:\n"
            "      - {id: six_months, ours: -3000, theirs: 8000}\n"
            "      - {id: twelve_months, ours: 0, theirs: 0}\n",
            "rule: base_salary <= 135000          # top of the band for this level",
            "rule: base_salary > 135000",
            "{id: milestones, kind: milestone_review, cost_to_us: 3000, value_to_them: 8000, "
            "symmetric: false}",
            "Written milestones reviewed at six months",
            "Mid-band offer with an accelerated, documented review",
        )
    return _Parts(
        "Launch decision held at a safety gate",
        "Our leadership team",
        "The business unit asking to launch early",
        _ISSUE_LEVEL.format(
            id="launch",
            name="When the product launches",
            dimension="timing",
            unit="EUR",
            options="      - {id: after_safety_test, ours: 0, theirs: 0}\n"
            "      - {id: before_safety_test, ours: 80000, theirs: 120000}\n",
        ),
        'rule: launch == "after_safety_test"',
        'rule: launch == "before_safety_test"',
        "{id: test_plan, kind: other, cost_to_us: 2000, value_to_them: 5000, symmetric: true}",
        "Published test plan with dates and acceptance criteria",
        "A limited beta under controls while the safety test runs",
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
