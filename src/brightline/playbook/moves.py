"""The stage machine of the move table: what to do, say and watch for at each stage (pure).

The reference article's move table pairs each stage of a negotiation with a move, the words for it,
the signal that means "adjust" or "stop", and the risk with the safeguard that covers it. Here
that table is data (:data:`MOVES`), the stages form a small state machine (:func:`allowed_next`),
and :func:`guide` puts it together for one case and, during a session, for what has happened so
far: recorded signals that match a move's watch list are raised as alerts. The closed stage has one
move per way of ending: the last recorded decision picks it (accept: implement with safeguards;
narrow deal: follow the narrow scope up; pause: revisit on the review date; walk, or no decision
yet: the respectful walk-away record).

Each move comes with what to *say* (words for the other side, verbatim-safe) and *how* to deliver
it (coaching for us); see :mod:`brightline.playbook.phrases`.

This module does no I/O and imports no database code, so ``brightline plan`` can show the opening
moves of a case without touching a session.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from brightline.actions import Action, Advice, act, action_json
from brightline.case.model import Case, Level, SafeguardKind, Stage
from brightline.playbook.advice import ADVISED_MOVES, TableAdvice
from brightline.playbook.phrases import phrases_for
from brightline.playbook.record import (
    DecisionKind,
    RecordedDecision,
    RecordedSignal,
    RecordSoFar,
    SignalType,
)
from brightline.playbook.table_facts import GridFacts, TableFacts


class Reaction(StrEnum):
    """What a watched signal calls for."""

    ADJUST = "adjust"
    STOP = "stop"


@dataclass(frozen=True, slots=True)
class Watch:
    """A signal to watch for during a move, and what to do when it shows."""

    signal: SignalType
    reaction: Reaction
    response: str


@dataclass(frozen=True, slots=True)
class Move:
    """One row of the move table.

    ``decisions`` is for closed-stage moves: the last decisions (None: none recorded yet) that
    select the move. ``safeguard_action`` is the use case that puts the safeguard in place, when
    Brightline has one (each adapter words it after the safeguard).
    """

    key: str
    name: str
    stage: Stage
    do: str
    watch: tuple[Watch, ...]
    risk: str
    safeguard: str
    safeguard_kinds: tuple[SafeguardKind, ...] = ()
    decisions: tuple[DecisionKind | None, ...] = ()
    safeguard_action: Action | None = None


MOVES: tuple[Move, ...] = (
    Move(
        "prepare",
        "Name the rules and check for a better way first",
        Stage.PREPARATION,
        "Write each must-have with its source, verifier and cost logic; run a quick integrative "
        "sweep so a hard stance is a last resort, not a reflex.",
        (
            Watch(
                SignalType.OBJECTION,
                Reaction.ADJUST,
                "An early objection is information: check whether a verifiable integrative option "
                "answers it before taking a hard line.",
            ),
        ),
        "Taking a hard stance when a creative, verifiable deal was available.",
        "Record the integrative options tried and why each failed, and check the case.",
        safeguard_action=act("check", cases=None),
    ),
    Move(
        "publish_must_haves",
        "Publish the must-haves",
        Stage.OPENING,
        "State the standards up front, each with its external source and the reason a loss now "
        "avoids a bigger loss later; say calmly that the default without them is no deal or a "
        "smaller one.",
        (
            Watch(
                SignalType.PUSHBACK_ON_SOURCE,
                Reaction.ADJUST,
                "Cite the external criterion and the cost logic; offer the evidence pack.",
            ),
            Watch(
                SignalType.THREAT,
                Reaction.STOP,
                "Do not answer a threat with a threat; restate the rule and ask for a short pause.",
            ),
        ),
        "The rule looks arbitrary or political, and talks turn into a contest of wills.",
        "An evidence pack: the source, the benchmark and who verifies compliance.",
        (SafeguardKind.ATTESTATION,),
    ),
    Move(
        "narrow_bundles",
        "Offer narrow compliant bundles",
        Stage.EARLY,
        "Put two or three offers on the table that all meet the standards and differ in scope, "
        "timing and verification, each with audits and credits.",
        (
            Watch(
                SignalType.BYPASS_ATTEMPT,
                Reaction.ADJUST,
                "Restate the rule and take any non-compliant option off the table.",
            ),
            Watch(
                SignalType.OBJECTION,
                Reaction.ADJUST,
                "Ask which dimension matters most to them and rebalance the bundles there.",
            ),
        ),
        "A bundle quietly breaches a standard, or the other side cherry-picks across bundles.",
        "Audit rights and automatic service credits written into every bundle.",
        (SafeguardKind.AUDIT_RIGHTS, SafeguardKind.SERVICE_CREDITS),
    ),
    Move(
        "symmetric_constraints",
        "Make the constraints mutual",
        Stage.MIDGAME,
        "Offer limits that bind both sides: mutual caps, mutual non-use, mutual service levels with "
        "credits that pay out without a dispute.",
        (
            Watch(
                SignalType.ONE_SIDED_CONSTRAINT,
                Reaction.ADJUST,
                "Make the constraint reciprocal and auditable, or drop it.",
            ),
        ),
        "One-sided enforcement that reads as punishment and invites retaliation.",
        "The same verifier and the same consequences for both sides.",
        (SafeguardKind.AUDIT_RIGHTS, SafeguardKind.TRIGGER),
    ),
    Move(
        "costly_signal",
        "Send a costly signal",
        Stage.MIDGAME,
        "Accept a visible sacrifice that shows the rule is real, such as moving a launch until a "
        "test passes; publish the plan and its dates.",
        (
            Watch(
                SignalType.STALLING_ACCUSATION,
                Reaction.ADJUST,
                "Publish the test plan with dates, so the delay is visibly tied to the rule.",
            ),
            Watch(
                SignalType.BLAME,
                Reaction.STOP,
                "Stop raising the cost; return to the rule and the joint interest in meeting it.",
            ),
        ),
        "The signal reads as stalling, or costs more than the harm it guards against.",
        "A dated test plan and a review date, shared with the other side.",
        (SafeguardKind.REVIEW,),
    ),
    Move(
        "close_with_safeguards",
        "Close with safeguards",
        Stage.LATE,
        "Write the triggers, audit rights and exit clauses into the agreement; keep scope narrow "
        "and put every later change under change control.",
        (
            Watch(
                SignalType.TERM_CREEP,
                Reaction.ADJUST,
                "Add change control and a review cadence; trade any new scope for a matching get.",
            ),
        ),
        "Terms drift after signature and the standard erodes quietly.",
        "Change control, compliance attestations, audit rights and an exit clause.",
        (SafeguardKind.CHANGE_CONTROL, SafeguardKind.EXIT, SafeguardKind.TRIGGER),
    ),
    Move(
        "implement_deal",
        "Implement the deal with its safeguards",
        Stage.CLOSED,
        "Send the written terms with every trigger, audit right and exit clause in them; name who "
        "verifies each standard and put the first review in both calendars.",
        (
            Watch(
                SignalType.TERM_CREEP,
                Reaction.ADJUST,
                "Route every change through change control; trade new scope for a matching get.",
            ),
            Watch(
                SignalType.BYPASS_ATTEMPT,
                Reaction.STOP,
                "Restate the signed terms and the standard; escalate through the named approvers.",
            ),
        ),
        "The signed safeguards are never exercised and the standard erodes after signature.",
        "Named verifiers, a dated first review and change control on the agreement.",
        (SafeguardKind.CHANGE_CONTROL, SafeguardKind.AUDIT_RIGHTS, SafeguardKind.REVIEW),
        (DecisionKind.ACCEPT,),
    ),
    Move(
        "narrow_deal_follow_up",
        "Run the narrow deal and earn the next step",
        Stage.CLOSED,
        "Record what is in scope now, what is not, and the verifiable test that opens the next "
        "step; share the test and its date with the other side.",
        (
            Watch(
                SignalType.TERM_CREEP,
                Reaction.ADJUST,
                "Keep the added scope for the next step, after the test; trade it for a get now.",
            ),
            Watch(
                SignalType.STALLING_ACCUSATION,
                Reaction.ADJUST,
                "Point to the dated test that opens the next step.",
            ),
        ),
        "The narrow scope widens by default before the standard is verified.",
        "A dated verification test and review before any expansion.",
        (SafeguardKind.TRIGGER, SafeguardKind.REVIEW),
        (DecisionKind.NARROW_DEAL,),
    ),
    Move(
        "pause_and_revisit",
        "Pause and put the revisit on the calendar",
        Stage.CLOSED,
        "Write down which rule was protected, what was tried and what would have to change; agree "
        "the review date and who checks the facts before it.",
        (
            Watch(
                SignalType.BLAME,
                Reaction.STOP,
                "Describe the pause as a shared decision; offer the review date again.",
            ),
            Watch(
                SignalType.THREAT,
                Reaction.STOP,
                "Do not reply in kind; keep the record factual and the review date open.",
            ),
        ),
        "The pause reads as a refusal, or the revisit never happens.",
        "A written pause record with the review date and the facts to check.",
        (SafeguardKind.REVIEW,),
        (DecisionKind.PAUSE,),
    ),
    Move(
        "respectful_walk_away",
        "Walk away with respect",
        Stage.CLOSED,
        "Write down which rule was protected, what was tried and why talks ended, and when, if "
        "ever, to look again.",
        (
            Watch(
                SignalType.THREAT,
                Reaction.STOP,
                "Do not reply in kind; use neutral, face-saving language and keep the record factual.",
            ),
            Watch(
                SignalType.BLAME,
                Reaction.STOP,
                "Describe the pause as a shared decision; offer the review date again.",
            ),
        ),
        "Retaliation, lost face, or a record nobody can explain later.",
        "A written walk-away record with the next review date.",
        (SafeguardKind.REVIEW,),
        (DecisionKind.WALK, None),
    ),
    Move(
        "keep_seeking",
        "Keep looking for a compliant deal",
        Stage.CLOSED,
        "Do not pause or walk: the warrant gate rules out holding out at a cost to both sides "
        "here. Reopen at the opening stage, put compliant options on the table again and work "
        "through what is still open.",
        (
            Watch(
                SignalType.OBJECTION,
                Reaction.ADJUST,
                "Ask what would make a compliant option work for them, and test it.",
            ),
            Watch(
                SignalType.THREAT,
                Reaction.STOP,
                "Do not reply in kind; restate the rule and the wish to keep working on it.",
            ),
        ),
        "A pause that reads as a refusal where the case obliges us, or it pays us, to keep "
        "seeking agreement.",
        "A dated plan of the next meetings and of the options still to test.",
        (SafeguardKind.REVIEW,),
    ),
)


THREAT_WATCH = Watch(
    SignalType.THREAT,
    Reaction.STOP,
    "Stop the move: do not answer a threat with a threat; restate the rule calmly, name what "
    "it protects, and ask for a short pause before going on.",
)
"""The stop line for a threat recorded in a stage whose moves do not watch for one."""


def moves_for(stage: Stage, decision: DecisionKind | None = None) -> tuple[Move, ...]:
    """The moves of the move table for a stage, in table order.

    For the closed stage, only the move for ``decision`` (the last one recorded; None when there
    is none, which shows the walk-away record).
    """
    return tuple(
        move
        for move in MOVES
        if move.stage is stage and (stage is not Stage.CLOSED or decision in move.decisions)
    )


def allowed_next(stage: Stage) -> tuple[Stage, ...]:
    """Stages a session may move to from ``stage``.

    Forward one step; back one step (a deal that falls apart in the late stage goes back to the
    midgame); straight to closed from anywhere (a pause or a walk-away). A closed negotiation can
    be reopened at the opening, since a revisit starts by restating the rules.
    """
    order = list(Stage)
    if stage is Stage.CLOSED:
        return (Stage.OPENING,)
    position = order.index(stage)
    allowed = [order[position + 1]]
    if position > 0:
        allowed.insert(0, order[position - 1])
    if Stage.CLOSED not in allowed:
        allowed.append(Stage.CLOSED)
    return tuple(allowed)


@dataclass(frozen=True, slots=True)
class MoveGuide:
    """A move filled in for one case.

    Attributes:
        move: The row of the move table.
        say: Words for the other side, verbatim-safe.
        how: Coaching for us on delivering the move; never read out.
        case_safeguards: Ids of the case's safeguards that cover the move's risk.
    """

    move: Move
    say: tuple[str, ...]
    how: tuple[str, ...]
    case_safeguards: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Alert:
    """A recorded signal that matches a watched signal of a current move."""

    seq: int
    signal: SignalType
    reaction: Reaction
    response: str
    text: str


@dataclass(frozen=True, slots=True)
class Guide:
    """What to do now: the stage, its moves, alerts from recorded signals, where to go next.

    ``advice`` is the table's answer for the offer on the table (None when not computed);
    ``gate_note`` says why a recorded pause was replaced by the table's move.
    """

    stage: Stage
    moves: tuple[MoveGuide, ...]
    alerts: tuple[Alert, ...]
    next_stages: tuple[Stage, ...]
    advice: TableAdvice | None = None
    gate_note: str = ""


def guide_move(
    move: Move,
    case: Case,
    review: str | None = None,
    facts: TableFacts | None = None,
    grid: GridFacts | None = None,
) -> MoveGuide:
    """Fill one move in from the case.

    Args:
        move: The row of the move table.
        case: The case.
        review: The decision's review date, if any.
        facts: What the offers on the table say; the closing words name no blocker without them.
        grid: The MESO grid the narrow-bundles words describe, when it was computed.
    """
    covering = tuple(
        safeguard.id for safeguard in case.safeguards if safeguard.kind in move.safeguard_kinds
    )
    phrases = phrases_for(move.key, case, review, facts, grid)
    return MoveGuide(move, phrases.say, phrases.how, covering)


def guide(
    case: Case,
    stage: Stage,
    signals: Sequence[tuple[int, RecordedSignal]] = (),
    decision: RecordedDecision | None = None,
    facts: TableFacts | None = None,
    advice: TableAdvice | None = None,
) -> Guide:
    """The playbook for ``stage`` of this case, with alerts for signals recorded at that stage.

    Args:
        case: The case (during a session, its snapshot).
        stage: The current stage.
        signals: ``(seq, signal)`` pairs recorded since the session entered the stage.
        decision: The last decision recorded; it picks the closed stage's move.
        facts: What the offers on the table say (:func:`table_facts`), for the closing words.
        advice: The stance × situation table's answer for the offer on the table; a recorded
            pause is replaced by the table's move where the gate rules out holding out.
    """
    kind = decision.decision if decision is not None else None
    review = (
        decision.review_date.isoformat()
        if decision is not None and decision.review_date is not None
        else None
    )
    chosen = moves_for(stage, kind)
    gate_note = ""
    if (
        stage is Stage.CLOSED
        and kind is DecisionKind.PAUSE
        and advice is not None
        and advice.rules_out_pause
    ):
        key = ADVISED_MOVES[advice.recommendation]
        chosen = tuple(move for move in MOVES if move.key == key)
        gate_note = (
            f"a pause is recorded, but the warrant gate rules out holding out here (stance "
            f"{advice.stance.value}): {advice.recommendation.meaning}"
        )
    moves = tuple(guide_move(move, case, review, facts) for move in chosen)
    alerts: list[Alert] = []
    for seq, signal in signals:
        watches = [w for move in moves for w in move.move.watch if w.signal is signal.type]
        if not watches and signal.type is SignalType.THREAT:
            watches = [THREAT_WATCH]  # a threat stops the move in every stage, watched or not
        alerts.extend(
            Alert(seq, signal.type, watch.reaction, watch.response, signal.text)
            for watch in watches
        )
    return Guide(stage, moves, tuple(alerts), allowed_next(stage), advice, gate_note)


def reminders(case: Case, state: RecordSoFar) -> tuple[Advice, ...]:
    """What the record still lacks, given what the trail says: loose ends an auditor would ask about.

    Each reminder is advice for us: the sentence, and the recording that ties the end up.
    """
    found: list[Advice] = []
    last = state.decisions[-1][1] if state.decisions else None
    if last is not None and state.stage is not Stage.CLOSED:
        found.append(
            Advice(
                f"a decision ({last.decision.value}) is recorded but the stage is "
                f"{state.stage.value}; record the {Stage.CLOSED.value} stage when talks end",
                act("log stage", session=None, stage=Stage.CLOSED.value),
            )
        )
    if state.stage is Stage.CLOSED and last is None:
        found.append(
            Advice(
                "the session is closed without a decision; record it with its rationale",
                act("log decision", session=None, decision=None, rationale=None),
            )
        )
    if (
        last is not None
        and last.decision in (DecisionKind.PAUSE, DecisionKind.WALK)
        and last.review_date is None
    ):
        found.append(
            Advice(
                f"the {last.decision.value} decision has no review date; record it again with "
                "one so the revisit is on the calendar",
                act(
                    "log decision",
                    session=None,
                    decision=last.decision.value,
                    rationale=None,
                    review_date=None,
                ),
            )
        )
    if case.case.culture.power_distance is Level.HIGH and last is not None and not state.approvals:
        found.append(
            Advice(
                "power distance is high and no approval is recorded; record who signed off",
                act("log approval", session=None, approver=None),
            )
        )
    return tuple(found)


def opening_moves(case: Case, grid: GridFacts | None = None) -> tuple[MoveGuide, ...]:
    """The moves that open a negotiation (the opening and early stages), filled in from the case.

    ``grid``: the MESO grid the plan puts on the table, so the words say in what its offers differ.
    """
    return tuple(
        guide_move(move, case, grid=grid)
        for move in MOVES
        if move.stage in (Stage.OPENING, Stage.EARLY)
    )


def move_json(guide_: MoveGuide) -> dict[str, object]:
    """A filled-in move as JSON data (for ``plan`` and ``next`` with ``--format json``)."""
    move = guide_.move
    return {
        "key": move.key,
        "name": move.name,
        "stage": move.stage.value,
        "do": move.do,
        "say": list(guide_.say),
        "how": list(guide_.how),
        "watch": [
            {"signal": w.signal.value, "reaction": w.reaction.value, "response": w.response}
            for w in move.watch
        ],
        "risk": move.risk,
        "safeguard": move.safeguard,
        "case_safeguards": list(guide_.case_safeguards),
    } | ({"safeguard_action": action_json(move.safeguard_action)} if move.safeguard_action else {})
