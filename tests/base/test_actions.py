"""Advice as data: actions name a use case and its parameters; errors name the parameter."""

from __future__ import annotations

from brightline.actions import Action, Advice, act
from brightline.errors import UsageError


def test_act_keeps_parameters_in_order() -> None:
    action = act("log approval", session="s1", approver=None, scope="reservation")
    assert action == Action(
        "log approval", (("session", "s1"), ("approver", None), ("scope", "reservation"))
    )
    assert action.names() == ("session", "approver", "scope")
    assert action.parameter("scope") == "reservation"
    assert action.parameter("approver") is None
    assert action.parameter("unknown") is None


def test_advice_carries_its_action() -> None:
    advice = Advice("ask for fewer offers", act("meso", count=2))
    assert advice.action is not None and advice.action.parameter("count") == 2


def test_usage_error_names_the_parameter_once() -> None:
    error = UsageError("must be from 2 to 5, got 7", parameter="count")
    assert (error.parameter, error.message) == ("count", "must be from 2 to 5, got 7")
    assert str(error) == "count must be from 2 to 5, got 7"
    plain = UsageError("unknown lint code X1")
    assert plain.parameter is None and str(plain) == "unknown lint code X1"
