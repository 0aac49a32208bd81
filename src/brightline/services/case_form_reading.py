"""Submitted form data back to plain case data, walking the same models the forms came from.

The other half of :mod:`brightline.services.case_forms`: nothing is validated here (that is the
case reader's job, so its problems are the CLI's); a value is only converted to what the model's
type expects, or left as typed so validation names it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from brightline.services.case_forms import (
    Context,
    Path,
    curve_shaped,
    form_name,
    form_value,
    models_of,
    option_shaped,
    strip_optional,
    tag_of,
)

MISSING: Any = object()
"""A field the form left empty: the key is left out.

The model's default then applies, or its 'required field is missing' problem.
"""


def parse(
    model: type[BaseModel], form: Mapping[str, str], path: Path, context: Context
) -> dict[str, Any]:
    """Plain case data of ``model``'s fields from submitted form data (no validation here)."""
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        value = parse_value(info.annotation, form, (*path, name), context)
        if value is not MISSING:
            data[name] = value
    return data


def parse_value(annotation: Any, form: Mapping[str, str], path: Path, context: Context) -> Any:
    """The plain value of one field from the form, or MISSING."""
    name = form_name(path)
    bare, optional = strip_optional(annotation)
    models = models_of(bare)
    if models:
        if optional and f"{name}@present" not in form:
            return MISSING
        return parse(models[0], form, path, context)
    if curve_shaped(bare):
        return [
            [_number(form.get(f"{name}.{index}.0", ""), float), _number(form.get(f"{name}.{index}.1", ""), float)]
            for index in indices(form, name)
        ]  # fmt: skip
    if get_origin(bare) is list:
        item_models = models_of(get_args(bare)[0])
        if item_models:
            by_tag = {tag_of(model): model for model in item_models}
            items = []
            for index in indices(form, name):
                model = by_tag.get(form.get(f"{name}.{index}.kind")) or item_models[0]
                items.append(parse(model, form, (*path, index), context))
            return items
        lines = [line.strip() for line in form.get(name, "").splitlines() if line.strip()]
        return MISSING if optional and not lines else lines
    if get_origin(bare) is dict:
        if path[-1] == "outcome" and context.issues:
            return _outcome(form, name, context)
        return {
            form.get(f"{name}.{index}.key", "").strip(): form.get(f"{name}.{index}.value", "")
            for index in indices(form, name)
        }
    raw = form.get(name)
    if bare is bool:
        return raw is not None
    if raw is None:
        return MISSING
    if bare is str:  # kept as typed: a narrative's line breaks and spacing are the user's
        typed = raw.replace("\r\n", "\n")
        return MISSING if not typed.strip() else typed
    text = raw.strip()
    if get_origin(bare) is Literal:
        literal = get_args(bare)[0]
        return literal if text == form_value(literal) else text
    if not text:
        return MISSING
    if bare is int:
        return _number(text, int)
    if bare is float:
        return _number(text, float)
    if option_shaped(bare):
        return option_value(text, form.get(f"{name}@type", ""))
    return text


def _outcome(form: Mapping[str, str], name: str, context: Context) -> dict[str, Any]:
    prefix = f"{name}."
    outcome: dict[str, Any] = {}
    known = dict(context.issues)
    for key, raw in form.items():
        if not key.startswith(prefix) or "@" in key or not raw.strip():
            continue
        issue_id = key[len(prefix) :]
        options = known.get(issue_id)
        typed = [option for option in options or () if form_value(option) == raw.strip()]
        outcome[issue_id] = typed[0] if typed else option_value(raw.strip(), "")
    return outcome


def indices(form: Mapping[str, str], name: str) -> list[int]:
    """The item numbers of the list ``name`` present in the form, in order, without removed ones."""
    pattern = re.compile(rf"^{re.escape(name)}\.(\d+)(?:[.@]|$)")
    found = {int(match.group(1)) for key in form if (match := pattern.match(key))}
    return sorted(found)


def _number(text: str, kind: type[int] | type[float]) -> Any:
    """A number as typed (``1,265,000``, ``1 265 000`` and ``1_265_000`` too).

    Text that is no number is returned as it is, so validation names it in its own words.
    """
    cleaned = re.sub(r"(?<=\d)[,_ ](?=\d{3})", "", text.strip())
    try:
        return kind(cleaned)
    except ValueError:
        try:
            as_float = float(cleaned)
        except ValueError:
            return text.strip()
        return int(as_float) if kind is int and as_float.is_integer() else as_float


def option_value(text: str, marker: str) -> Any:
    """An option id as it was (a number or a text); a new one is a number when it reads as one."""
    if marker == "str":
        return text
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            continue
    return text
