"""Deterrence closed forms: when does the threat of walking away stop the other side testing a rule?

"Test the rule or comply" is read as a repeated prisoner's dilemma seen from the other side. Each
period (one deal) they comply (cooperate) or test the rule (defect); we deal normally or punish by
walking away. Payoffs to them satisfy T > R > P > S: T if they test and we cave, R if both keep
the deal, P if talks end, S if they comply and we walk anyway. δ (delta) weighs the next period
against this one and includes the probability that there is a next period at all.

Three results are used, each the standard textbook one:

- **Grim trigger** (walk away for good after a test) deters iff ``δ ≥ (T − R) / (T − P)``
  (Friedman, 1971, *A Non-cooperative Equilibrium for Supergames*; Fudenberg & Tirole, *Game
  Theory*, 1991, §5.1).
- **k-period punishment** (walk away from the next k deals, then resume) deters iff
  ``δ (1 − δ^k) / (1 − δ) ≥ (T − R) / (R − P)`` (Mailath & Samuelson, *Repeated Games and
  Reputations*, 2006, §2.4; the forgiving punishment of Axelrod's ForgetfulGrudger).
- **Trigger under imperfect monitoring** (Green & Porter, 1984, *Noncooperative Collusion under
  Imperfect Price Information*; Abreu, Pearce & Stacchetti, 1986): our check flags a test with
  probability q when they test and raises a false alarm with probability p < q when they comply.
  A k-period punishment then deters iff
  ``δ (q − p)(1 − δ^k)(R − P) / [(1 − δ) + p δ (1 − δ^k)] ≥ T − R``, and on the equilibrium path
  false alarms still trigger punishments, so the value per period is
  ``v = [R (1 − δ) + p δ (1 − δ^k) P] / [(1 − δ) + p δ (1 − δ^k)]`` and ``R − v`` is surplus that
  the threat destroys. Grim trigger is the limit k → ∞ (δ^k → 0); solving its condition for δ
  gives the threshold with false alarms and imperfect detection,
  ``δ* = (T − R) / [(q − p)(R − P) + (1 − p)(T − R)]``, which is (T − R) / (T − P) again when
  p = 0 and q = 1. When that denominator is 0 or less, or δ* ≥ 1, no δ below 1 makes grim
  trigger deter.

Because the left side grows with k and a longer punishment destroys more surplus through false
alarms, the proportionate punishment is the *shortest* k that deters. If even grim trigger fails,
no punishment deters and the threat should not be relied on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

from brightline.amounts import number_text, quantity
from brightline.errors import UsageError

GRIM = 0
"""Punishment length meaning "forever" (grim trigger)."""

MAX_PUNISHMENT = 10**9
"""Punishments longer than this many deals are reported as walking away for good."""

CORRECTION_STEPS = 64
"""Most steps taken from the closed-form estimate of the shortest punishment (it is off by ~1)."""


@dataclass(frozen=True, slots=True)
class Game:
    """A repeated test-or-comply game, payoffs to the side being deterred, per period.

    Attributes:
        temptation: T, their payoff when they test and we cave.
        reward: R, their payoff when both keep the deal.
        punishment: P, their payoff when talks end (their walk-away value).
        sucker: S, their payoff when they comply and we walk anyway.
        delta: Weight of the next period (discount × continuation probability), 0 <= δ < 1.
        false_alarm: p, chance our check flags a test when they complied.
        detection: q, chance our check catches a test.
    """

    temptation: float
    reward: float
    punishment: float
    sucker: float
    delta: float
    false_alarm: float = 0.0
    detection: float = 1.0

    def validate(self) -> None:
        """Refuse a game the formulas do not apply to, saying which inequality fails and what it means."""
        named = (
            ("T", self.temptation),
            ("R", self.reward),
            ("P", self.punishment),
            ("S", self.sucker),
            ("delta", self.delta),
            ("false alarm probability p", self.false_alarm),
            ("detection probability q", self.detection),
        )
        for name, value in named:
            if not math.isfinite(value):
                raise UsageError(f"{name} must be a finite number, got {value!r}")
        problem = payoff_problem(self)
        if problem is not None:
            t, r, p, s = self.temptation, self.reward, self.punishment, self.sucker
            raise UsageError(
                f"payoffs need T > R > P > S, got T={_number(t)}, R={_number(r)}, "
                f"P={_number(p)}, S={_number(s)} (per period, in the payoffs' unit): {problem}"
            )
        if not 0.0 <= self.delta < 1.0:
            raise UsageError(
                f"delta must be at least 0 and below 1, got {quantity(self.delta)}; use 0.999 for "
                "a relationship with no foreseeable end"
            )
        for name, value in (("false alarm", self.false_alarm), ("detection", self.detection)):
            if not 0.0 <= value <= 1.0:
                raise UsageError(f"{name} probability must be in [0, 1], got {quantity(value)}")


class PayoffOrder(Enum):
    """Which link of T > R > P > S fails first (checked from the left)."""

    NO_TEMPTATION = "T <= R"
    WALKING_AWAY_PREFERRED = "R <= P"
    NO_SUCKER_LOSS = "P <= S"


def payoff_order(game: Game) -> PayoffOrder | None:
    """The first failing link of T > R > P > S, or None when the game is a prisoner's dilemma."""
    if not game.temptation > game.reward:
        return PayoffOrder.NO_TEMPTATION
    if not game.reward > game.punishment:
        return PayoffOrder.WALKING_AWAY_PREFERRED
    if not game.punishment > game.sucker:
        return PayoffOrder.NO_SUCKER_LOSS
    return None


def payoff_problem(game: Game) -> str | None:
    """What a failing payoff order means for the negotiation, in plain words, with what to do."""
    order = payoff_order(game)
    if order is PayoffOrder.NO_TEMPTATION:
        return (
            "testing the rule gains them nothing over complying (T <= R), so there is nothing "
            "to deter and no threat is needed; if they still push, check what T and R leave out"
        )
    if order is PayoffOrder.WALKING_AWAY_PREFERRED:
        return (
            "they prefer walking away to complying (R <= P: the compliant deal is worth no more "
            "to them than ending talks), so no threat of walking away can make compliance "
            "attractive: raise R above P (what complying is worth to them) or do not rely on a "
            "threat"
        )
    if order is PayoffOrder.NO_SUCKER_LOSS:
        return (
            "complying while we walk away must cost them something compared with ending talks "
            "(S below P); check S"
        )
    return None


@dataclass(frozen=True, slots=True)
class Deterrence:
    """What the closed forms say about one game and one punishment length.

    Attributes:
        game: The game analysed.
        punishment_periods: k, or ``GRIM`` (0) for a punishment that never ends.
        deterred: Whether complying beats a one-off test under imperfect monitoring.
        incentive: Left side of the imperfect-monitoring condition (their future loss from a
            test), in their payoff unit per period.
        gain_from_testing: T − R, in their payoff unit per period.
        value_per_period: v, their expected payoff per period on the equilibrium path.
        surplus_destroyed: R − v, lost to false alarms per period.
        delta_star_grim: (T − R) / (T − P), the least δ at which grim trigger deters under
            perfect monitoring.
        grim_deters_perfectly: δ ≥ delta_star_grim.
        delta_star_grim_noisy: (T − R) / [(q − p)(R − P) + (1 − p)(T − R)], the least δ at which
            grim trigger deters with false alarms p and detection q; None when no δ below 1
            does (the check cannot separate testing from complying well enough).
        grim_deters_noisy: δ ≥ delta_star_grim_noisy (False when that is None).
        punishment_deters_perfectly: The k-period condition under perfect monitoring.
        min_deterring_punishment: The shortest k that deters under imperfect monitoring, ``GRIM``
            if only a never-ending punishment does, None if nothing deters.
    """

    game: Game
    punishment_periods: int
    deterred: bool
    incentive: float
    gain_from_testing: float
    value_per_period: float
    surplus_destroyed: float
    delta_star_grim: float
    grim_deters_perfectly: bool
    punishment_deters_perfectly: bool
    min_deterring_punishment: int | None
    delta_star_grim_noisy: float | None
    grim_deters_noisy: bool

    @property
    def verdict(self) -> str:
        """One sentence a negotiator can act on."""
        shortest = self.min_deterring_punishment
        if shortest is None:
            game = self.game
            if game.detection <= game.false_alarm:
                return (
                    "No punishment deters: do not rely on the threat. Our check flags "
                    f"compliance at least as often as it catches a test (q = {quantity(game.detection)} "
                    f"<= p = {quantity(game.false_alarm)}), so walking away after a flag punishes "
                    "complying as much as testing; a check must catch tests more often than it "
                    "raises false alarms (q > p) before any threat can work."
                )
            return "No punishment deters: do not rely on the threat."
        length = "walking away for good" if shortest == GRIM else _deals(shortest)
        chosen = (
            "for good"
            if self.punishment_periods == GRIM
            else f"for {_deals(self.punishment_periods)}"
        )
        status = "deters" if self.deterred else "does not deter"
        return f"Walking away {chosen} {status}; the shortest punishment that deters is {length}."


def _deals(count: int) -> str:
    """``1 deal``, ``2 deals``."""
    return f"{count:,} deal" if count == 1 else f"{count:,} deals"


def _remaining_weight(delta: float, periods: int) -> float:
    """1 − δ^k: the weight of a k-period punishment (1 for grim)."""
    return 1.0 if periods == GRIM else 1.0 - delta**periods


def grim_threshold(game: Game) -> float:
    """δ* = (T − R) / (T − P): grim trigger deters exactly when δ ≥ δ* (Friedman, 1971)."""
    return (game.temptation - game.reward) / (game.temptation - game.punishment)


def noisy_grim_threshold(game: Game) -> float | None:
    """δ* = (T − R) / [(q − p)(R − P) + (1 − p)(T − R)]: grim trigger deters noisy checks iff δ ≥ δ*.

    The grim-trigger condition under imperfect monitoring, δ(q − p)(R − P) / [(1 − δ) + pδ] ≥
    T − R, is linear in δ once both sides are multiplied by the (positive) denominator. A
    perfect check (p = 0, q = 1) gives Friedman's (T − R) / (T − P). None when no δ in [0, 1)
    works: the denominator is 0 or less (q too close to p), or δ* is 1 or more.
    """
    gain = game.temptation - game.reward
    denominator = (game.detection - game.false_alarm) * (game.reward - game.punishment) + (
        1.0 - game.false_alarm
    ) * gain
    if not denominator > 0.0:
        return None
    threshold = gain / denominator
    return threshold if threshold < 1.0 else None


def punishment_deters_perfectly(game: Game, periods: int) -> bool:
    """δ(1 − δ^k)/(1 − δ) ≥ (T − R)/(R − P): a k-period punishment deters a perfectly seen test."""
    weight = _remaining_weight(game.delta, periods)
    left = game.delta * weight / (1.0 - game.delta)
    right = (game.temptation - game.reward) / (game.reward - game.punishment)
    return left >= right - 1e-12


def incentive(game: Game, periods: int) -> float:
    """Their expected future loss from one test: δ(q − p)(1 − δ^k)(R − P) / [(1 − δ) + pδ(1 − δ^k)]."""
    weight = _remaining_weight(game.delta, periods)
    numerator = (
        game.delta * (game.detection - game.false_alarm) * weight * (game.reward - game.punishment)
    )
    return numerator / ((1.0 - game.delta) + game.false_alarm * game.delta * weight)


def value_per_period(game: Game, periods: int) -> float:
    """V = [R(1 − δ) + pδ(1 − δ^k)P] / [(1 − δ) + pδ(1 − δ^k)]: their payoff when they comply."""
    weight = _remaining_weight(game.delta, periods)
    alarms = game.false_alarm * game.delta * weight
    return (game.reward * (1.0 - game.delta) + alarms * game.punishment) / (
        (1.0 - game.delta) + alarms
    )


def value_after_test(game: Game, periods: int) -> float:
    """Their per-period value if they test once now and comply afterwards.

    (1 − δ)T + δ[q·W + (1 − q)·v] with W = (1 − δ^k)P + δ^k·v the value on entering a punishment:
    the one-shot deviation the deterrence condition compares with v (deterred iff v ≥ this).
    """
    comply = value_per_period(game, periods)
    weight = _remaining_weight(game.delta, periods)
    punished = weight * game.punishment + (1.0 - weight) * comply
    future = game.detection * punished + (1.0 - game.detection) * comply
    return (1.0 - game.delta) * game.temptation + game.delta * future


def min_deterring_punishment(game: Game) -> int | None:
    """The shortest k that deters under imperfect monitoring; ``GRIM`` if only forever; None if none.

    The incentive A·y / (B + C·y) with y = 1 − δ^k grows with k, so the least y that meets
    T − R is y* = (T − R)·B / (A − (T − R)·C) and k = ⌈ln(1 − y*) / ln δ⌉, checked exactly.
    """
    gain = game.temptation - game.reward
    if incentive(game, GRIM) < gain - 1e-12 or game.delta <= 0.0:
        return None
    scale = game.delta * (game.detection - game.false_alarm) * (game.reward - game.punishment)
    base = 1.0 - game.delta
    alarms = game.false_alarm * game.delta
    denominator = scale - gain * alarms
    if denominator <= 0.0:
        return GRIM
    least = gain * base / denominator
    if least >= 1.0:
        return GRIM
    estimate = math.log1p(-least) / math.log(game.delta)
    if estimate > MAX_PUNISHMENT:
        return GRIM
    periods = max(1, math.ceil(estimate - 1e-9))
    for _ in range(CORRECTION_STEPS):  # rounding can put the estimate one or two off
        if incentive(game, periods) >= gain - 1e-12:
            break
        periods += 1
    else:
        return GRIM
    while periods > 1 and incentive(game, periods - 1) >= gain - 1e-12:
        periods -= 1
    return periods


def analyse(game: Game, periods: int | None = None) -> Deterrence:
    """Every closed form for a game; ``periods`` None means the shortest deterring punishment.

    Raises:
        UsageError: if a number is not finite, the payoffs are not ordered T > R > P > S, δ is
            outside [0, 1), or the payoffs are so large that a value overflows.
    """
    game.validate()
    shortest = min_deterring_punishment(game)
    if periods is None:
        periods = GRIM if shortest is None else shortest
    if periods < 0:
        raise UsageError(f"punishment must be a positive number of periods or grim, got {periods}")
    gain = game.temptation - game.reward
    pressure = incentive(game, periods)
    value = value_per_period(game, periods)
    threshold = grim_threshold(game)
    noisy = noisy_grim_threshold(game)
    if not all(math.isfinite(number) for number in (gain, pressure, value, threshold)):
        raise UsageError(
            "payoffs too large to compute with (a value overflows); express them in a larger "
            "unit, e.g. thousands"
        )
    return Deterrence(
        game=game,
        punishment_periods=periods,
        deterred=pressure >= gain - 1e-12,
        incentive=pressure,
        gain_from_testing=gain,
        value_per_period=value,
        surplus_destroyed=game.reward - value,
        delta_star_grim=threshold,
        grim_deters_perfectly=game.delta >= threshold,
        punishment_deters_perfectly=punishment_deters_perfectly(game, periods),
        min_deterring_punishment=shortest,
        delta_star_grim_noisy=noisy,
        grim_deters_noisy=noisy is not None and game.delta >= noisy - 1e-12,
    )


def _number(value: float) -> str:
    """Payoffs for people: 1,473,890 rather than 1.47389e+06; small values keep their decimals."""
    return number_text(value)
