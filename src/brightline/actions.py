"""Advice as data: what the user can do next, named by use case and parameter, never by CLI flag.

The core and the services decide *what* a person should do next ("ask for two offers", "record who
approved the concession"); each adapter words it for its own interface. The CLI says ``--count 2``
or ``brightline log approval SESSION --approver NAME``; the web app shows a form field or a button.
Keeping the decision as data means a web user is never told to type a flag, and a test can check
that every piece of advice names a use case and parameters that exist.

This module is at the bottom of the layers (it imports nothing of Brightline), so the pure core,
the playbook, the session store and the services can all return advice.
"""

from __future__ import annotations

from dataclasses import dataclass

ParameterValue = str | int | float | bool
"""A value the advice proposes for a parameter."""


@dataclass(frozen=True, slots=True)
class Action:
    """One thing the user can do: run a use case with some of its parameters set.

    Attributes:
        use_case: The use case, in the domain's words and as the services name it: ``meso``,
            ``log approval``, ``log decision``, ``log stage``, ``init``, ``check``,
            ``session export``. Adapters map it to their own command, page or button.
        parameters: The use case's parameter names (the service's argument names, such as
            ``count`` or ``approver``) with the value to give, in the order to show them. ``None``
            leaves the value to the user: the CLI shows a placeholder such as ``NAME``.
    """

    use_case: str
    parameters: tuple[tuple[str, ParameterValue | None], ...] = ()

    def parameter(self, name: str) -> ParameterValue | None:
        """The proposed value of ``name`` (``None`` when left to the user or not named)."""
        return dict(self.parameters).get(name)

    def names(self) -> tuple[str, ...]:
        """The parameters this action sets or asks for, in order."""
        return tuple(name for name, _ in self.parameters)


def act(use_case: str, **parameters: ParameterValue | None) -> Action:
    """Shorthand: ``act("meso", count=2)`` is the action "run meso with two offers"."""
    return Action(use_case, tuple(parameters.items()))


@dataclass(frozen=True, slots=True)
class Advice:
    """A sentence for our side and, when it asks the user to do something, the action to take.

    ``text`` never names a flag or a command: it says what and why ("the pause has no review date;
    add one so the revisit is on the calendar"); the adapter appends its own wording of ``action``.
    ``also`` holds further actions the sentence names, in the order it names them ("record the
    offer on the table, or state the position after the concession": two ways out).
    """

    text: str
    action: Action | None = None
    also: tuple[Action, ...] = ()

    @property
    def actions(self) -> tuple[Action, ...]:
        """Every action the sentence names, in its order."""
        return actions_of(self.action, self.also)


def actions_of(action: Action | None, also: tuple[Action, ...]) -> tuple[Action, ...]:
    """``action`` then ``also``, skipping a missing first action."""
    return (action, *also) if action is not None else also


def action_json(action: Action) -> dict[str, object]:
    """An action as JSON data: ``{"use_case": ..., "parameters": {name: value or null}}``."""
    return {"use_case": action.use_case, "parameters": dict(action.parameters)}


def advice_json(advice: Advice) -> dict[str, object]:
    """Advice as JSON data: its sentence and its actions (an empty list when it asks none)."""
    return {"text": advice.text, "actions": [action_json(action) for action in advice.actions]}
