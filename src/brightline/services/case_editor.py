"""Editing a stored case through forms: one section at a time, validated like ``check`` does.

A section is a set of top-level parts of the case file (the issues; the BATNA, reservation point
and their BATNA; ...). Every top-level field of the case model belongs to a section: one not
named in :data:`SECTIONS` lands in "More" on its own, so a field added to the model is editable
at once. Submitting a section reads the form back into case data (``case_form_reading``), merges
it into the stored case, and either re-shows the form (a part was added or removed), or writes the
case when it validates, or re-shows the form with each problem next to its field, worded as the
CLI words it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from brightline.amounts import quantity
from brightline.case.model import Case, DiscreteIssue
from brightline.case.validate import LoadedCase, parse_case
from brightline.errors import CaseFileError, Problem, RuleError, UsageError
from brightline.services import case_form_reading, case_forms
from brightline.services.case_forms import Context, FormNode, form_name, problem_name
from brightline.services.case_library import CaseLibrary
from brightline.services.case_renames import carry_renames, renames_between
from brightline.services.page_words import field_words, parse_field_path

if TYPE_CHECKING:
    from brightline.services.team_cases import TeamCases

SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("case", "The case", ("case",)),
    ("parties", "Parties and the counterparty map", ("parties",)),
    ("issues", "Issues and their values", ("issues",)),
    ("standards", "Standards", ("standards",)),
    ("harms", "Harms", ("harms",)),
    ("alternatives", "BATNA and reservation point", ("batna", "reservation", "their_batna")),
    ("tradeables", "Tradeables", ("tradeables",)),
    ("safeguards", "Safeguards", ("safeguards",)),
    ("integrative", "Integrative options", ("integrative_options",)),
    ("offers", "Offers", ("offers",)),
)
"""(slug, title, top-level fields) of each form page, in the order a preparation goes."""

ALL = "all"
"""The page with every section at once (and what the round-trip test submits)."""

HIDDEN_FIELDS = frozenset({"brightline"})
"""Top-level fields that are not edited (the format version)."""


def sections() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Every section, with "More" holding the top-level fields no section names."""
    named = {name for _, _, fields in SECTIONS for name in fields}
    rest = tuple(
        name for name in Case.model_fields if name not in named and name not in HIDDEN_FIELDS
    )
    return (*SECTIONS, ("more", "Bids and economics", rest)) if rest else SECTIONS


def section_fields(slug: str) -> tuple[str, ...]:
    """The top-level fields of a section (``all``: every edited field).

    Raises:
        SectionNotFound: for an unknown slug.
    """
    if slug == ALL:
        return tuple(name for _, _, fields in sections() for name in fields)
    for known, _, fields in sections():
        if known == slug:
            return fields
    raise SectionNotFound(slug)


def section_title(slug: str) -> str:
    """The title of a section."""
    if slug == ALL:
        return "Every part of the case"
    for known, title, _ in sections():
        if known == slug:
            return title
    raise SectionNotFound(slug)


class SectionNotFound(UsageError):
    """No form section with that name."""

    def __init__(self, slug: str) -> None:
        names = ", ".join(known for known, _, _ in sections())
        super().__init__(
            f"there is no section {slug[:40]!r}; pick one of {names}", parameter="section"
        )


@dataclass(frozen=True, slots=True)
class SectionForm:
    """One section's form, ready to render.

    Attributes:
        case_id: The library id of the case.
        slug: The section.
        title: Its title.
        nodes: The form nodes of its fields.
        problems: Problems of the submitted case, in the CLI's words without the position in a
            file that was never written (each also shown next to its field when it has one).
        saved: Whether the submission was written.
        elsewhere: For each problem, where its field is edited when that is another section's
            form: (section, form name, the field in words); ``None`` for a field on this form.
        renamed: The issues and options this submission renames, in words, when the case
            still uses their old names elsewhere (a standard's rule, an offer).
        rename_uses: Where it uses them, in words: what "rename it there too" would change.
    """

    case_id: str
    slug: str
    title: str
    nodes: tuple[FormNode, ...]
    problems: tuple[str, ...] = ()
    saved: bool = False
    elsewhere: tuple[tuple[str, str, str] | None, ...] = ()
    renamed: tuple[str, ...] = ()
    rename_uses: tuple[str, ...] = ()


def plain_data(loaded: LoadedCase) -> dict[str, Any]:
    """The case as plain data (what a case file holds), from its validated model."""
    return loaded.case.model_dump(mode="json")


def context_of(data: Mapping[str, Any], errors: Mapping[str, str] | None = None) -> Context:
    """Units and issue choices for the forms, read from (possibly unsaved) case data."""
    info = data.get("case") if isinstance(data.get("case"), Mapping) else {}
    assert isinstance(info, Mapping)
    currency = str(info.get("currency") or "EUR")
    issues: list[tuple[str, tuple[str | int | float, ...] | None]] = []
    for issue in data.get("issues") or []:
        if not isinstance(issue, Mapping) or not issue.get("id"):
            continue
        if issue.get("kind", "discrete") == "discrete":
            options = tuple(
                option["id"]
                for option in issue.get("options") or []
                if isinstance(option, Mapping) and isinstance(option.get("id"), str | int | float)
            )
            issues.append((str(issue["id"]), options))
        else:
            issues.append((str(issue["id"]), None))
    return Context(
        currency=currency,
        their_unit=str(info.get("their_value_unit") or currency),
        issues=tuple(issues),
        errors=errors or {},
        known_ids={
            "protects": _ids(data, "harms"),
            "safeguards": _ids(data, "safeguards"),
            "standards": _ids(data, "standards"),
        },
    )


def _ids(data: Mapping[str, Any], section: str) -> tuple[str, ...]:
    """The ids of a section's entries (harms, safeguards, standards) in (unsaved) case data."""
    entries = data.get(section)
    if not isinstance(entries, list):
        return ()
    return tuple(
        str(entry["id"]) for entry in entries if isinstance(entry, Mapping) and entry.get("id")
    )


def nodes_for(
    slug: str, data: Mapping[str, Any], errors: Mapping[str, str]
) -> tuple[FormNode, ...]:
    """The form nodes of a section's fields, filled from ``data``."""
    context = context_of(data, errors)
    nodes: list[FormNode] = []
    for name in section_fields(slug):
        info = Case.model_fields[name]
        value = data.get(name, case_forms.default_of(info))
        nodes.append(case_forms.node(info.annotation, info, value, (name,), context))
    return tuple(nodes)


def read_form(slug: str, form: Mapping[str, str], stored: Mapping[str, Any]) -> dict[str, Any]:
    """The stored case data with the section's fields replaced by the submitted ones."""
    data = dict(stored)
    # Twice: an offer's choices are read per issue, and the issues may be in this same form.
    for _ in range(2):
        context = context_of(data)
        for name in section_fields(slug):
            annotation = Case.model_fields[name].annotation
            value = case_form_reading.parse_value(annotation, form, (name,), context)
            if value is case_form_reading.MISSING:
                data.pop(name, None)
            else:
                data[name] = value
    return data


def case_text(data: Mapping[str, Any]) -> str:
    """YAML text of plain case data, in the model's field order, lists of plain values inline."""
    from ruamel.yaml import YAML

    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 100
    yaml.allow_unicode = True
    yaml.dump(_plain(data), stream)
    return stream.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def tidy_data(loaded: LoadedCase) -> dict[str, Any]:
    """The case without its defaults (but an issue keeps its ``kind``), format version first."""
    data = loaded.case.model_dump(mode="json", exclude_defaults=True)
    for issue, model in zip(data.get("issues", []), loaded.case.issues, strict=True):
        issue.pop("kind", None)
        data_issue = {"kind": model.kind, **issue}
        issue.clear()
        issue.update(data_issue)
    return {"brightline": 1, **{k: v for k, v in data.items() if k != "brightline"}}


def tidy_text(loaded: LoadedCase) -> str:
    """A fresh case file of a case: defaults left out (but an issue keeps its ``kind``)."""
    return case_text(tidy_data(loaded))


def saved_text(original: bytes, before: Mapping[str, Any], loaded: LoadedCase) -> str:
    """The file a form save writes: the stored file with only the changed fields rewritten.

    Comments, order, quoting and the defaults the user wrote out survive (see
    :mod:`brightline.services.case_editing`). Should the edited text not read back as the saved
    case (YAML this cannot edit in place), a fresh tidy file is written instead: a change is never
    lost to keep a comment.
    """
    from brightline.services.case_editing import edited_text

    try:
        text = edited_text(original.decode("utf-8"), before, plain_data(loaded), tidy_data(loaded))
    except UnicodeDecodeError:
        text = None
    if text is not None:
        try:
            if parse_case(text.encode("utf-8"), "saved.yaml").case == loaded.case:
                return text
        except CaseFileError:
            pass
    return tidy_text(loaded)


def problem_text(problem: Problem) -> str:
    """A problem as the CLI words it, without a file position (the form is not a file)."""
    field = f"{problem.path}: " if problem.path else ""
    return f"{field}{problem.message}" + (f"; {problem.hint}" if problem.hint else "")


class CaseEditor:
    """The form use cases over one case library (a folder, or a team's cases in team mode)."""

    def __init__(self, library: CaseLibrary | TeamCases) -> None:
        self.library = library

    def form(self, case_id: str, slug: str) -> SectionForm:
        """The section's form filled from the stored case."""
        data = plain_data(self.library.load(case_id))
        return SectionForm(case_id, slug, section_title(slug), nodes_for(slug, data, {}))

    def submit(self, case_id: str, slug: str, form: Mapping[str, str]) -> SectionForm:
        """Apply a submitted section: add or remove a part, or save when the case validates.

        ``@add`` (a list's name, with ``:kind`` for a tagged list) appends an empty part and
        ``@remove`` (an item's name) drops one; both re-show the form without writing, so a
        half-filled new part is never saved. Otherwise the merged case is validated and written,
        or shown again with its problems.
        """
        stored = plain_data(self.library.load(case_id))
        section_fields(slug)  # an unknown section is refused before anything is read
        removed = form.get("@remove", "")
        if removed:
            form = {
                key: value
                for key, value in form.items()
                if not (key.startswith(f"{removed}.") or key.startswith(f"{removed}@"))
                and key != removed
            }
        data = read_form(slug, form, stored)
        added = form.get("@add", "")
        if added or removed:
            if added:
                _append(data, added)
            return SectionForm(case_id, slug, section_title(slug), nodes_for(slug, data, {}))
        if asked := _anchor_new_curves(data):
            return SectionForm(
                case_id,
                slug,
                section_title(slug),
                nodes_for(slug, data, asked),
                tuple(asked.values()),
            )
        renames = renames_between(stored, data)
        if renames and form.get("@rename") == "1":  # "rename it there too"
            data, _ = carry_renames(data, renames)
        text = case_text(data)
        try:
            loaded = parse_case(text.encode("utf-8"), f"{case_id}.yaml")
        except CaseFileError as error:
            errors: dict[str, str] = {}
            for problem in error.problems:
                errors.setdefault(problem_name(problem.path), problem_text(problem))
            uses = carry_renames(data, renames)[1] if renames else []
            return SectionForm(
                case_id,
                slug,
                section_title(slug),
                nodes_for(slug, data, errors),
                tuple(problem_text(problem) for problem in error.problems),
                elsewhere=tuple(_elsewhere(slug, problem.path, data) for problem in error.problems),
                renamed=renames.words() if uses else (),
                rename_uses=tuple(field_words(data, parse_field_path(use)) for use in uses),
            )
        original = self.library.data(case_id)
        self.library.save_validated(case_id, saved_text(original, stored, loaded))
        return SectionForm(
            case_id, slug, section_title(slug), nodes_for(slug, plain_data(loaded), {}), saved=True
        )

    def check_rule(self, case_id: str, text: str, kind: str) -> str:
        """The problem with a standard's or harm's rule against the stored issues; "" if none.

        Worded as ``check`` words it (``standard rule: ...; hint``), so the field says what the
        command line would.
        """
        from brightline.rules import check_rule, parse_rule

        case = self.library.load(case_id).case
        if not text.strip():
            return f'{kind} rule: a rule is needed; write one such as issue == "option"'
        try:
            check_rule(parse_rule(text), case.signatures())
        except RuleError as error:
            return f"{kind} rule: {error.message}; {error.hint or 'fix the rule'}"
        return ""

    def compose_rule(self, current: str, join: str, issue: str, operator: str, value: str) -> str:
        """See :func:`compose_rule`."""
        return compose_rule(current, join, issue, operator, value)


PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
"""A number as the rule language reads one; anything else is written as a quoted option."""

COMPARISONS = frozenset({"==", "!=", ">=", "<=", ">", "<"})
JOINS = {"and": "and", "or": "or", "->": "->"}


def compose_rule(current: str, join: str, issue: str, operator: str, value: str) -> str:
    """``current`` with one more condition (``issue operator value``) joined by and, or or ->.

    A value that reads as a number is written bare, anything else quoted, so the builder writes
    rules the parser reads back as meant; what was typed is never evaluated.
    """
    operator = operator if operator in COMPARISONS else "=="
    written = value.strip()
    if not PLAIN_NUMBER.fullmatch(written):
        written = '"' + written.replace("\\", "\\\\").replace('"', '\\"') + '"'
    condition = f"{issue.strip()} {operator} {written}"
    if not current.strip():
        return condition
    joined = JOINS.get(join, "and")
    head = f"({current.strip()})" if joined == "->" or " or " in current else current.strip()
    return f"{head} {joined} {condition}"


def _append(data: dict[str, Any], added: str) -> None:
    """Append an empty part to the list named ``added`` (``issues:numeric``, ``issues.0.options``)."""
    name, _, tag = added.partition(":")
    parts: list[str | int] = [int(part) if part.isdigit() else part for part in name.split(".")]
    annotation = case_forms.annotation_at(Case, parts)
    if annotation is None or not (
        case_forms.is_list(annotation) or case_forms.is_mapping(annotation)
    ):
        return
    node: Any = data
    for part in parts[:-1]:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.setdefault(part, {})
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return
    last = parts[-1]
    if not isinstance(node, dict) or not isinstance(last, str):
        return
    if case_forms.is_mapping(annotation):
        target = node.get(last)
        node[last] = {**(target if isinstance(target, dict) else {}), "": ""}
        return
    target = node.get(last)
    items = target if isinstance(target, list) else []
    node[last] = items
    if case_forms.is_curve(annotation):
        items.append([None, None])
    else:
        items.append({"kind": tag} if tag else {})


def _anchor_new_curves(data: dict[str, Any]) -> dict[str, str]:
    """Start a new numeric issue's value curves at the two ends of the range the user entered.

    A numeric issue added in the form has no value to us yet (and value to them flat at 0):
    rather than refuse it with "list should have at least 1 item", its curves get an anchor at
    the range's minimum and maximum with the values left for the user, and the form asks for
    them (nothing is saved until they are given). Returns form name -> the question asked.
    """
    asked: dict[str, str] = {}
    for index, issue in enumerate(data.get("issues") or []):
        if not isinstance(issue, dict) or issue.get("kind") != "numeric" or issue.get("ours"):
            continue
        bounds = issue.get("range") if isinstance(issue.get("range"), Mapping) else {}
        assert isinstance(bounds, Mapping)
        low, high = bounds.get("min"), bounds.get("max")
        if not isinstance(low, int | float) or not isinstance(high, int | float) or high <= low:
            continue  # the range's own problems are reported when the case is checked
        issue["ours"] = [[low, None], [high, None]]
        if issue.get("theirs") in (None, [], [[0, 0]], [[0.0, 0.0]]):
            issue["theirs"] = [[low, None], [high, None]]
        ends = f"{quantity(low)} and at {quantity(high)}"
        asked[form_name(("issues", index, "ours"))] = (
            f"issues[{index}].ours: the value to us is needed at {ends} (the ends of the range);"
            " fill in what each is worth, and the same for their estimated value"
        )
    return asked


def issue_options(issue: DiscreteIssue) -> tuple[str, ...]:
    """The option ids of a discrete issue as the forms show them."""
    return tuple(case_forms.form_value(option.id) for option in issue.options)


def _elsewhere(slug: str, path: str, data: Mapping[str, Any]) -> tuple[str, str, str] | None:
    """Where a problem's field is edited, when that is not the form submitted (``slug``)."""
    if not path or slug == ALL:
        return None
    parts = parse_field_path(path)
    section, name = field_anchor(parts)
    if section == slug:
        return None
    return section, name, field_words(data, parts)


def field_anchor(path: tuple[str | int, ...]) -> tuple[str, str]:
    """The section and form name where the field at a lint finding's path is edited."""
    top = str(path[0]) if path else ""
    for slug, _, fields in sections():
        if top in fields:
            return slug, form_name(path)
    return ALL, form_name(path)
