"""Renaming an issue or an option in a form, and carrying the new name to where the case uses it.

A standard's rule names options by their ids (``residency == "eu_only"``), and so do harms'
rules, offers' outcomes and the contingent options of the issue itself. Renaming ``eu_only`` to
``eu`` on the issues form used to be refused because the standard still said ``eu_only``, and the
standards form could not be saved first either (``eu`` did not exist yet): no order of saves got
the user through. Here a rename is recognised by comparing the stored issues with the submitted
ones place by place (same place, new id, old id gone, new id not already there: a rename, not an
added or removed option), and the references are rewritten token by token, so a rule keeps its
own spacing and quotes and only the renamed names change.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from brightline.errors import RuleSyntaxError

_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
"""A name the rule language reads without quotes (its ``word`` token)."""


@dataclass(frozen=True, slots=True)
class Renames:
    """The issues and options a submitted form renamed.

    Attributes:
        issues: Old issue id -> new issue id.
        options: (old issue id, old option id) -> new option id.
    """

    issues: Mapping[str, str] = field(default_factory=dict)
    options: Mapping[tuple[str, Any], Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.issues or self.options)

    def words(self) -> tuple[str, ...]:
        """Each rename as the page says it: ``'eu_only' to 'eu' (issue 'residency')``."""
        said = [f"issue {old!r} to {new!r}" for old, new in self.issues.items()]
        said += [
            f"option {old!r} of {issue!r} to {new!r}" for (issue, old), new in self.options.items()
        ]
        return tuple(said)


def _ids(entries: Any) -> list[Any]:
    if not isinstance(entries, list):
        return []
    return [entry.get("id") for entry in entries if isinstance(entry, Mapping)]


def _renamed(before: list[Any], after: list[Any]) -> dict[Any, Any]:
    """Place-by-place renames between two id lists (a shifted list renames nothing)."""
    found: dict[Any, Any] = {}
    for old, new in zip(before, after, strict=False):
        if old is None or new is None or old == new:
            continue
        if old not in after and new not in before:
            found[old] = new
    return found


def renames_between(stored: Mapping[str, Any], submitted: Mapping[str, Any]) -> Renames:
    """The issue and option renames from the stored case to the submitted one."""
    before, after = stored.get("issues"), submitted.get("issues")
    if not isinstance(before, list) or not isinstance(after, list):
        return Renames()
    issues = {
        old: new
        for old, new in _renamed(_ids(before), _ids(after)).items()
        if isinstance(old, str) and isinstance(new, str)
    }
    options: dict[tuple[str, Any], Any] = {}
    for old_issue, new_issue in zip(before, after, strict=False):
        if not isinstance(old_issue, Mapping) or not isinstance(new_issue, Mapping):
            continue
        old_id = old_issue.get("id")
        if not isinstance(old_id, str):
            continue
        if new_issue.get("id") not in (old_id, issues.get(old_id)):
            continue  # another issue in this place: nothing of it is renamed
        for old, new in _renamed(
            _ids(old_issue.get("options")), _ids(new_issue.get("options"))
        ).items():
            options[(old_id, old)] = new
    return Renames(issues, options)


def renamed_rule(text: str, renames: Renames) -> str:
    """``text`` with the renamed issues and options in their new names; else as written.

    Token by token: a name in the place of an issue is an issue (``residency ==``), a literal
    after a comparison or inside ``in [...]`` is an option of the issue before it. A rule that
    does not parse is left alone (the check that follows words its problem).
    """
    from brightline.rules.parser import tokenize

    try:
        tokens = tokenize(text)
    except RuleSyntaxError:
        return text
    out: list[str] = []
    last = 0
    subject: str | None = None
    expecting: str | None = None  # "one" value after an operator, a "list" inside in [...]
    for token in tokens:
        if token.kind == "end":
            break
        start = token.column - 1
        end = start + len(token.text)
        replacement: str | None = None
        if token.kind in ("string", "word", "number") and expecting is not None:
            value: Any = _unquoted(token.text) if token.kind == "string" else token.text
            new = renames.options.get((subject or "", value))
            if new is not None and token.kind != "number":
                replacement = _literal(new, token.text)
            if expecting == "one":
                expecting = None
        elif token.kind == "word":
            subject = token.text
            if subject in renames.issues:
                replacement = renames.issues[subject]
        elif token.kind == "operator":
            expecting = "one"
        elif token.kind == "in":
            expecting = "list"
        elif token.kind == "punct" and token.text == "]":
            expecting = None
        if replacement is not None:
            out.append(text[last:start])
            out.append(replacement)
            last = end
    out.append(text[last:])
    return "".join(out)


def _unquoted(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def _literal(new: Any, written: str) -> str:
    """The new option as the old one was written: quoted alike, or bare when it can be."""
    name = str(new)
    if written[:1] in ('"', "'"):
        quote = written[0]
        return quote + name.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote
    return name if _BARE.fullmatch(name) and name not in ("and", "or", "not", "in") else f'"{name}"'


def carry_renames(data: Mapping[str, Any], renames: Renames) -> tuple[dict[str, Any], list[str]]:
    """The case data with every use of a renamed issue or option renamed too, and where.

    Where is a list of the changed fields in the CLI's path words (``standards[0].rule``).
    """
    changed: list[str] = []
    result = copy.deepcopy(dict(data))
    for part in ("standards", "harms"):
        for index, entry in enumerate(result.get(part) or []):
            if isinstance(entry, dict) and isinstance(entry.get("rule"), str):
                rule = renamed_rule(entry["rule"], renames)
                if rule != entry["rule"]:
                    entry["rule"] = rule
                    changed.append(f"{part}[{index}].rule")
    new_ids = {new: old for old, new in renames.issues.items()}
    for index, issue in enumerate(result.get("issues") or []):
        if not isinstance(issue, dict):
            continue
        own = str(issue.get("id", ""))
        old_issue = new_ids.get(own, own)
        for place, term in enumerate(issue.get("contingent") or []):
            for side in ("if_pass", "if_fail"):
                if isinstance(term, dict) and (old_issue, term.get(side)) in renames.options:
                    term[side] = renames.options[(old_issue, term[side])]
                    changed.append(f"issues[{index}].contingent[{place}].{side}")
    for index, offer in enumerate(result.get("offers") or []):
        outcome = offer.get("outcome") if isinstance(offer, dict) else None
        if not isinstance(outcome, dict):
            continue
        moved: dict[str, Any] = {}
        touched = False
        for issue_id, choice in outcome.items():
            new_choice = renames.options.get((issue_id, choice), choice)
            new_issue = renames.issues.get(issue_id, issue_id)
            touched = touched or new_choice != choice or new_issue != issue_id
            moved[new_issue] = new_choice
        if touched:
            offer["outcome"] = moved
            changed.append(f"offers[{index}].outcome")
    bids = result.get("bids")
    columns = bids.get("columns") if isinstance(bids, dict) else None
    if (
        isinstance(bids, dict)
        and isinstance(columns, dict)
        and any(issue in renames.issues for issue in columns)
    ):
        bids["columns"] = {renames.issues.get(key, key): value for key, value in columns.items()}
        changed.append("bids.columns")
    return result, changed
