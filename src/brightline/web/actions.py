"""The web app's wording of advice: a use case and its parameters become words and a place to go.

The core and the services say *what* to do as data (:class:`brightline.actions.Action`: the use
case ``log approval`` with ``approver`` and ``scope``); :mod:`brightline.cli.actions` spells it as
a command line, and this module, its mirror for the browser, says it as a person would
("record who approved it") and names the form or page that does it ("the Approval form"). A web
user is never told to type a flag. ``tests/web/test_web_pages_actions.py`` checks that every use
case the core and the CLI know has a wording here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from brightline.actions import Action, Advice, ParameterValue
from brightline.amounts import amount


@dataclass(frozen=True, slots=True)
class Wording:
    """How the browser says one use case.

    Attributes:
        words: What to do, in plain words (``record who approved it``).
        place: Where on the site it is done (``the Approval form``); empty when the words say it.
        anchor: The id of the form on the session page that does it, when there is one.
    """

    words: str
    place: str = ""
    anchor: str = ""


def _value(value: ParameterValue) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return amount(value)
    return str(value)


def _meso(action: Action) -> str:
    parts: list[str] = []
    for name, value in action.parameters:
        if value is None:
            continue
        if name == "count":
            parts.append(f"{_value(value)} offers")
        elif name == "target":
            parts.append(f"a target of {_value(value)}")
        elif name == "tolerance":
            parts.append(f"a tolerance of {_value(value)}")
        elif name == "min_difference":
            parts.append(f"offers differing in at least {_value(value)} issues")
        elif name == "min_dimensions":
            parts.append(f"offers differing in at least {_value(value)} dimensions")
        elif name == "time_limit":
            parts.append(f"up to {_value(value)} seconds of search")
    return "build the MESO grid" + (f" with {', '.join(parts)}" if parts else "")


def _decision(action: Action) -> str:
    decision = action.parameter("decision")
    return f"record the decision ({decision}) and why" if decision else "record a decision and why"


def _approval(action: Action) -> str:
    scope = action.parameter("scope")
    covering = f" (covering the {scope})" if scope and scope != "other" else ""
    return f"record who approved it{covering}"


def _stage(action: Action) -> str:
    stage = action.parameter("stage")
    return f"move the session to the {stage} stage" if stage else "move the session to its stage"


def _concession(action: Action) -> str:
    if "position_after" in action.names():
        return "record the concession with the deal's value to us after it"
    return "record the concession"


def _init(action: Action) -> str:
    context = action.parameter("context")
    return (
        f"start a new {context} case from a starter" if context else "start a case from a starter"
    )


WORDINGS: dict[str, Callable[[Action], Wording]] = {
    "check": lambda a: Wording("check the case", "Readiness and pitfalls on the analysis page"),
    "init": lambda a: Wording(_init(a), "the New case page"),
    "meso": lambda a: Wording(_meso(a), "the MESO page"),
    "gate": lambda a: Wording("see the warrant gate", "the analysis page"),
    "simulate": lambda a: Wording("simulate the counterparts", "the command line's economics"),
    "import-genius": lambda a: Wording("import the GENIUS domain as a case"),
    "doc": lambda a: Wording("write another kind of document", "the Documents page"),
    "log offer": lambda a: Wording("record the offer on the table", "the Offer form", "log-offer"),
    "log concession": lambda a: Wording(_concession(a), "the Concession form", "log-concession"),
    "log decision": lambda a: Wording(_decision(a), "the Decision form", "log-decision"),
    "log approval": lambda a: Wording(_approval(a), "the Approval form", "log-approval"),
    "log stage": lambda a: Wording(_stage(a), "the Stage form", "log-stage"),
    "log signal": lambda a: Wording(
        "record what they said or did", "the Signal form", "log-signal"
    ),
    "log note": lambda a: Wording("add a note to the trail", "the Note form", "log-note"),
    "session list": lambda a: Wording("open the list of sessions", "the Sessions page"),
    "session export": lambda a: Wording("download the whole trail", "the Export link"),
    "session verify": lambda a: Wording("verify the trail", "the trail badge"),
    "session anchor": lambda a: Wording(
        "sign a checkpoint of the trail and keep it outside the database"
    ),
    "request approval": lambda a: Wording(
        "ask an approver of the team to approve exactly these terms",
        "the Ask for approval form on the Approvals page",
    ),
    "approvals": lambda a: Wording("see the requests and their decisions", "the Approvals page"),
}
"""Use case (as :class:`~brightline.actions.Action` names it) -> how the browser says it."""


def wording(action: Action) -> Wording:
    """How the browser says ``action``; an unknown use case is said by its name."""
    word = WORDINGS.get(action.use_case)
    if word is None:
        return Wording(action.use_case.replace("_", " "))
    found = word(action)
    if action.parameter("force") is True:
        return Wording(found.words + ", replacing the existing file", found.place, found.anchor)
    return found


def action_text(action: Action) -> str:
    """``record who approved it (the Approval form)``."""
    found = wording(action)
    return f"{found.words} ({found.place})" if found.place else found.words


def advice_text(advice: Advice) -> str:
    """A piece of advice for a page: the sentence, then what to do in the browser's words."""
    actions = advice.actions
    if not actions:
        return advice.text
    return f"{advice.text.rstrip('.')}: " + "; or ".join(action_text(action) for action in actions)
