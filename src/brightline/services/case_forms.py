"""Case data to form fields and back, read off the case model itself.

The forms are not written by hand per field: :func:`build` walks the pydantic models of
``case/model.py`` (the file format) and makes one form node per field, and :func:`parse` walks
the same models to turn submitted form data back into plain case data. So a field added to the
model appears in the forms, and is saved, without touching the web layer.

Form names are the data path joined by dots (``issues.0.options.1.ours``), the same path a
validation problem names (``issues[0].options[1].ours``), so every problem can be shown next to
its field. Three markers ride along: ``NAME@present`` (an optional part is filled in),
``NAME@type`` (whether an option id was a number or a text) and, on buttons, ``@add`` and
``@remove``.
"""

from __future__ import annotations

import datetime
import enum
import re
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

Path = tuple[str | int, ...]


class Widget(enum.StrEnum):
    """How a field is entered."""

    TEXT = "text"
    TEXTAREA = "textarea"
    NUMBER = "number"
    INTEGER = "integer"
    CHECKBOX = "checkbox"
    SELECT = "select"
    DATE = "date"
    LINES = "lines"
    RULE = "rule"
    HIDDEN = "hidden"


@dataclass(frozen=True, slots=True)
class FormField:
    """One input.

    Attributes:
        name: The form name (the data path joined by dots).
        label: What the field is, in words.
        widget: How it is entered.
        value: Its current value as text ("" for none).
        checked: For a checkbox, whether it is ticked.
        choices: For a select, (value, label) pairs.
        required: Whether the case file must have it.
        help: The model's description of the field.
        unit: The unit of a number (``EUR``, ``weeks``, ``probability from 0 to 1``).
        type_marker: For an option id, ``int``, ``float`` or ``str``: what the text stands for.
        error: The validation problem about this field, in the CLI's words.
    """

    name: str
    label: str
    widget: Widget
    value: str = ""
    checked: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = False
    help: str = ""
    unit: str = ""
    type_marker: str = ""
    error: str = ""
    kind: Literal["field"] = "field"


@dataclass(frozen=True, slots=True)
class FormGroup:
    """A part of the case (a mapping): its fields and sub-parts.

    Attributes:
        optional: The part may be left out (``batna``); ``present`` says whether it is filled in.
        removable: The part is an item of a list and can be removed.
    """

    name: str
    label: str
    children: tuple[FormNode, ...]
    help: str = ""
    optional: bool = False
    present: bool = True
    removable: bool = False
    error: str = ""
    kind: Literal["group"] = "group"

    @property
    def flat(self) -> bool:
        """Whether every child is a plain field, so items of a list can be a table's rows."""
        return all(isinstance(child, FormField) for child in self.children)


@dataclass(frozen=True, slots=True)
class FormList:
    """A list of parts (issues, options, curve points): its items and how to add one.

    Attributes:
        adds: (button value, label) pairs, one per kind of item that can be added.
        grid: Items are flat and shown as rows of a table (a value grid, a curve).
    """

    name: str
    label: str
    items: tuple[FormGroup, ...]
    adds: tuple[tuple[str, str], ...]
    help: str = ""
    grid: bool = False
    error: str = ""
    kind: Literal["list"] = "list"


FormNode = FormField | FormGroup | FormList


@dataclass(frozen=True, slots=True)
class Context:
    """What the forms need from the case around a field: units and the issues' choices."""

    currency: str = "EUR"
    their_unit: str = "EUR"
    issues: tuple[tuple[str, tuple[str | int | float, ...] | None], ...] = ()
    """Issue id and its option ids (None for a numeric issue)."""
    errors: Mapping[str, str] = field(default_factory=dict)
    known_ids: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Ids a list of references may name, by the list's field (``protects``: the harm ids)."""


LABELS = {
    "ours": "Value to us",
    "theirs": "Value to them",
    "id": "Id",
    "batna": "Our BATNA",
    "their_batna": "Their BATNA (our estimate)",
    "integrative_options": "Integrative options",
    "pre_committed": "Pre-committed",
    "min": "Minimum",
    "max": "Maximum",
}

CURRENCY_FIELDS = frozenset(
    {"ours", "impact", "cost_to_us", "cost_per_week", "monthly_cost", "deal_value"}
    | {"compliant_value", "concession_cost", "low", "likely", "high"}
)
THEIR_FIELDS = frozenset(
    {"theirs", "value_to_them", "their_deal_value", "their_test_value"}
    | {"their_walk_away_value", "their_sucker_value"}
)
TEXTAREA_FIELDS = frozenset(
    {"narrative", "description", "notes", "public_optics", "must_justify", "rationale"}
    | {"reason", "note", "consequence", "trigger", "measure"}
)
GRID_COLUMNS = 5
"""Items with at most this many plain fields are rows of a table (options, curve points)."""


def label_of(name: str) -> str:
    """The words for a field name (``cost_per_week`` -> ``Cost per week``)."""
    return LABELS.get(name, name.replace("_", " ").capitalize())


def form_name(path: Path) -> str:
    """The form name of a data path."""
    return ".".join(str(part) for part in path)


def problem_name(dotted_path: str) -> str:
    """The form name of a problem's path (``issues[0].ours`` -> ``issues.0.ours``)."""
    return re.sub(r"\[(\d+)\]", r".\1", dotted_path).strip(".")


# --- the shape of an annotation -----------------------------------------------------------


def strip_optional(annotation: Any) -> tuple[Any, bool]:
    """The annotation without Annotated and Optional, and whether None is allowed."""
    optional = False
    for _ in range(4):
        origin = get_origin(annotation)
        if origin is typing.Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            members = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(members) < len(get_args(annotation)):
                optional = True
            if len(members) == 1:
                annotation = members[0]
            else:
                return annotation, optional
        else:
            break
    return annotation, optional


def models_of(annotation: Any) -> tuple[type[BaseModel], ...]:
    """The model classes of a model or a union of models (), else ()."""
    annotation, _ = strip_optional(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return (annotation,)
    if get_origin(annotation) in (Union, types.UnionType):
        members = tuple(get_args(annotation))
        if all(isinstance(m, type) and issubclass(m, BaseModel) for m in members):
            return members
    return ()


def tag_of(model: type[BaseModel]) -> str | None:
    """The ``kind`` of a member of a tagged union (``discrete``), None for a plain model."""
    kind = model.model_fields.get("kind")
    if kind is not None and get_origin(kind.annotation) is Literal:
        return str(get_args(kind.annotation)[0])
    return None


def option_shaped(annotation: Any) -> bool:
    """Whether the annotation is an option id (``str | int | float``)."""
    return get_origin(annotation) in (Union, types.UnionType) and set(get_args(annotation)) == {
        str,
        int,
        float,
    }


def curve_shaped(annotation: Any) -> bool:
    """``list[tuple[float, float]]``: a value curve of (issue value, value) anchors."""
    if get_origin(annotation) is not list:
        return False
    item = get_args(annotation)[0]
    return get_origin(item) is tuple


def form_value(value: Any) -> str:
    """A value as a form shows it; numbers keep every digit (``1265000``, ``0.125``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value)
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, enum.Enum):
        return str(value.value)
    return str(value)


def number_text(value: Any) -> str:
    """A number as a number field shows it: every digit, thousands grouped (``1,265,000``).

    An amount of money reads as money in the form too; reading a form back drops the commas
    (``case_form_reading``), so the value saved is the value shown. Anything else (a missing
    value, text that is no number yet) is shown as :func:`form_value` shows it.
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return form_value(value)
    text = form_value(value)
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    whole, dot, fraction = digits.partition(".")
    if not whole.isdigit() or "e" in fraction.lower():
        return text  # 1e+16 and the like stay as written
    return f"{sign}{int(whole):,}{dot}{fraction}"


def default_of(info: FieldInfo) -> Any:
    """A field's default value (a fresh one for a factory); None for a required field."""
    if info.default_factory is not None:
        return info.default_factory()  # type: ignore[call-arg]
    return None if info.is_required() else info.default


def unit_of(path: Path, context: Context) -> str:
    """The unit of the number at ``path``, in words."""
    name = str(path[-1]) if path else ""
    if ("weeks" in path and name in ("low", "likely", "high")) or name in ("weeks", "delay_weeks"):
        return "weeks"
    if name in ("months", "probation_months", "punishment_deals") or name.endswith("_deals"):
        return "months" if "months" in name else "deals"
    if name.endswith("probability") or name in ("deterrence_effect", "discount_factor"):
        return "from 0 to 1"
    if path and path[0] == "their_batna" and name == "value":
        return context.their_unit
    if name in THEIR_FIELDS:
        return context.their_unit
    if name in CURRENCY_FIELDS or (name == "value" and path and path[0] in ("reservation",)):
        return context.currency
    return ""


# --- building forms -----------------------------------------------------------------------


def build(
    model: type[BaseModel], data: Mapping[str, Any], path: Path, context: Context
) -> tuple[FormNode, ...]:
    """The form nodes of ``model``'s fields, filled from ``data`` (plain case data)."""
    nodes: list[FormNode] = []
    for name, info in model.model_fields.items():
        nodes.append(
            node(info.annotation, info, data.get(name, default_of(info)), (*path, name), context)
        )
    return tuple(nodes)


def node(
    annotation: Any, info: FieldInfo | None, value: Any, path: Path, context: Context
) -> FormNode:
    """The form node of one field at ``path`` holding ``value``."""
    name = form_name(path)
    field_name = str(path[-1])
    label = label_of(field_name) if not isinstance(path[-1], int) else f"#{path[-1] + 1}"
    help_text = (info.description or "") if info is not None else ""
    required = info.is_required() if info is not None else True
    error = context.errors.get(name, "")
    bare, optional = strip_optional(annotation)
    models = models_of(bare)
    if models:
        model = models[0]
        present = isinstance(value, Mapping)
        children = build(model, value if isinstance(value, Mapping) else {}, path, context)
        return FormGroup(
            name, label, children, help_text, optional, present or not optional, error=error
        )
    if get_origin(bare) is list and not curve_shaped(bare):
        item = get_args(bare)[0]
        item_models = models_of(item)
        if item_models:
            return _list(item_models, value or [], path, label, help_text, context, error)
        known = context.known_ids.get(field_name)
        if known is not None:
            listed = ", ".join(known) if known else "none yet"
            help_text = f"{help_text or 'Ids'} One per line; the case has: {listed}."
        return FormField(
            name, label, Widget.LINES, "\n".join(form_value(v) for v in value or []),
            required=required and not optional, help=help_text or "One per line.", error=error,
        )  # fmt: skip
    if curve_shaped(bare):
        items = tuple(
            FormGroup(
                form_name((*path, index)),
                f"#{index + 1}",
                (
                    FormField(form_name((*path, index, 0)), "Issue value", Widget.NUMBER,
                              number_text(point[0]), required=True, unit=_curve_unit(path, context, 0),
                              error=context.errors.get(form_name((*path, index, 0)), "")),
                    FormField(form_name((*path, index, 1)), label_of(field_name), Widget.NUMBER,
                              number_text(point[1]), required=True, unit=_curve_unit(path, context, 1),
                              error=context.errors.get(form_name((*path, index, 1)), "")),
                ),
                removable=True,
            )
            for index, point in enumerate(value or [])
        )  # fmt: skip
        return FormList(name, label, items, ((name, "Add a point"),), help_text, True, error)
    if get_origin(bare) is dict:
        return _mapping(bare, value or {}, path, label, help_text, context, error)
    return _scalar(bare, optional, value, path, label, help_text, required, context, error)


def _curve_unit(path: Path, context: Context, column: int) -> str:
    if column == 0:
        return ""  # the issue's own unit, shown with its range
    return context.their_unit if path[-1] == "theirs" else context.currency


def _list(
    models: Sequence[type[BaseModel]],
    value: Sequence[Any],
    path: Path,
    label: str,
    help_text: str,
    context: Context,
    error: str,
) -> FormList:
    by_tag = {tag_of(model): model for model in models}
    items: list[FormGroup] = []
    for index, entry in enumerate(value):
        entry = entry if isinstance(entry, Mapping) else {}
        model = by_tag.get(entry.get("kind")) or models[0]
        item_path = (*path, index)
        children = build(model, entry, item_path, context)
        items.append(
            FormGroup(
                form_name(item_path),
                _item_label(entry, index),
                children,
                removable=True,
                error=context.errors.get(form_name(item_path), ""),
            )
        )
    name = form_name(path)
    singular = label.lower().removesuffix("s") if label.endswith("s") else label.lower()
    if len(models) > 1:
        adds = tuple(
            (f"{name}:{tag_of(model)}", f"Add a {tag_of(model)} {singular}") for model in models
        )
    else:
        adds = ((name, f"Add {'an' if singular[:1] in 'aeiou' else 'a'} {singular}"),)
    fields = models[0].model_fields.values()
    grid = (
        len(models) == 1
        and sum(get_origin(info.annotation) is not Literal for info in fields) <= GRID_COLUMNS
        and all(
            not models_of(info.annotation)
            and get_origin(strip_optional(info.annotation)[0]) not in (list, dict)
            for info in fields
        )
    )
    return FormList(name, label, tuple(items), adds, help_text, grid, error)


def _item_label(entry: Mapping[str, Any], index: int) -> str:
    for key in ("name", "id", "description", "column"):
        shown = entry.get(key)
        if isinstance(shown, str | int | float) and str(shown).strip():
            return f"#{index + 1} {str(shown)[:60]}"
    return f"#{index + 1}"


def _mapping(
    annotation: Any,
    value: Mapping[str, Any],
    path: Path,
    label: str,
    help_text: str,
    context: Context,
    error: str,
) -> FormNode:
    name = form_name(path)
    if path[-1] == "outcome" and context.issues:  # an offer: one choice per issue of the case
        children: list[FormNode] = []
        for issue_id, options in context.issues:
            chosen = form_value(value.get(issue_id))
            child = form_name((*path, issue_id))
            found = context.errors.get(child, "")
            if options is None:
                children.append(FormField(child, issue_id, Widget.TEXT, chosen, error=found))
            else:
                shown = tuple(form_value(option) for option in options)
                choices = (("", "(not in this offer)"), *((o, o) for o in shown))
                children.append(
                    FormField(child, issue_id, Widget.SELECT, chosen, choices=choices, error=found)
                )
        for issue_id in value:  # an issue the case no longer has: kept, so check can name it
            if issue_id not in dict(context.issues):
                child = form_name((*path, issue_id))
                children.append(FormField(child, issue_id, Widget.TEXT, form_value(value[issue_id]),
                                          error=context.errors.get(child, "")))  # fmt: skip
        return FormGroup(
            name, label, tuple(children), help_text or "The option per issue.", error=error
        )
    items = tuple(
        FormGroup(
            form_name((*path, index)),
            f"#{index + 1}",
            (
                FormField(form_name((*path, index, "key")), "Name", Widget.TEXT, str(key), required=True),
                FormField(form_name((*path, index, "value")), "Value", Widget.TEXT, form_value(item)),
            ),
            removable=True,
        )
        for index, (key, item) in enumerate(value.items())
    )  # fmt: skip
    return FormList(name, label, items, ((name, "Add an entry"),), help_text, True, error)


def _scalar(
    annotation: Any,
    optional: bool,
    value: Any,
    path: Path,
    label: str,
    help_text: str,
    required: bool,
    context: Context,
    error: str,
) -> FormField:
    name = form_name(path)
    text = form_value(value)
    if get_origin(annotation) is Literal:
        return FormField(name, label, Widget.HIDDEN, text or form_value(get_args(annotation)[0]))
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        choices = tuple((str(member.value), str(member.value)) for member in annotation)
        if optional:
            choices = (("", "(none)"), *choices)
        return FormField(name, label, Widget.SELECT, text, choices=choices, required=required,
                         help=help_text, error=error)  # fmt: skip
    if annotation is bool:
        return FormField(name, label, Widget.CHECKBOX, "true", checked=bool(value), help=help_text,
                         error=error)  # fmt: skip
    unit = unit_of(path, context)
    if annotation is int:
        return FormField(name, label, Widget.INTEGER, number_text(value), required=required,
                         help=help_text, unit=unit, error=error)  # fmt: skip
    if annotation is float:
        return FormField(name, label, Widget.NUMBER, number_text(value), required=required,
                         help=help_text, unit=unit, error=error)  # fmt: skip
    if annotation is datetime.date:
        return FormField(
            name, label, Widget.DATE, text, required=required, help=help_text, error=error
        )
    if option_shaped(annotation):
        marker = type(value).__name__ if isinstance(value, int | float | str) else ""
        return FormField(name, label, Widget.TEXT, text, required=required, help=help_text,
                         type_marker=marker, error=error)  # fmt: skip
    widget = Widget.TEXT
    if path[-1] == "rule" and "\n" not in text:
        widget = Widget.RULE
    elif path[-1] in TEXTAREA_FIELDS or "\n" in text:  # an input would drop the line breaks
        widget = Widget.TEXTAREA
    return FormField(name, label, widget, text, required=required, help=help_text, error=error)


def annotation_at(model: type[BaseModel], parts: Sequence[str | int]) -> Any:
    """The annotation of the field at a data path (list indexes step into the item type)."""
    annotation: Any = model
    for part in parts:
        bare, _ = strip_optional(annotation)
        if isinstance(part, int):
            if get_origin(bare) is not list:
                return None
            annotation = get_args(bare)[0]
            continue
        owners = [m for m in models_of(bare) if part in m.model_fields]
        if not owners:
            return None
        annotation = owners[0].model_fields[part].annotation
    return annotation


def is_mapping(annotation: Any) -> bool:
    """Whether the annotation is a mapping (``dict[str, str]``)."""
    return get_origin(strip_optional(annotation)[0]) is dict


def is_list(annotation: Any) -> bool:
    """Whether the annotation is a list (of parts, ids or curve points)."""
    return get_origin(strip_optional(annotation)[0]) is list


def is_curve(annotation: Any) -> bool:
    """Whether the annotation is a value curve (``list[tuple[float, float]]``)."""
    return curve_shaped(strip_optional(annotation)[0])
