"""Writing a form's changes into the case file as the user wrote it: comments and all.

A form save used to dump a fresh file from the validated model, so a user who changed one field
lost every comment, the order and style of their lists and each default they had written out on
purpose. Here the stored text is read in ruamel.yaml's round-trip mode and only what the form
changed is written into it, in place: a field the form left as it was keeps its text to the
byte, a new part is written the way its neighbours are (a flow-style row among flow-style rows),
and a removed part takes its comment with it.

The three views of the case that drive it are plain data: ``before`` (the stored case, every
field), ``after`` (the saved case, every field) and ``tidy`` (the saved case without defaults: what
a new part is written as). The result is checked by the caller: if it does not read back as the
saved case, the caller writes the tidy file instead, so a surprise in the user's YAML never costs
a change.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

_MISSING = object()

_KEY_LINE = re.compile(r"^( +)[A-Za-z_][\w-]*\s*:", re.MULTILINE)


def edited_text(
    original: str, before: Mapping[str, Any], after: Mapping[str, Any], tidy: Mapping[str, Any]
) -> str | None:
    """``original`` with the changes from ``before`` to ``after`` written into it in place.

    Returns:
        The new text (``original`` itself when nothing changed), or None when the original is not
        a YAML mapping this can edit (the caller then writes a fresh file).
    """
    if before == after:
        return original
    yaml = _round_trip(original)
    try:
        document = yaml.load(original)
    except YAMLError:  # the stored file was read by the defended reader; this is a guard
        return None
    if not isinstance(document, CommentedMap):
        return None
    _merge_mapping(document, before, after, tidy)
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def _round_trip(original: str) -> YAML:
    """A round-trip YAML that writes with the original's indentation and never re-wraps a line."""
    from ruamel.yaml.util import load_yaml_guess_indent

    yaml = YAML(typ="rt")
    try:
        _, sequence, offset = load_yaml_guess_indent(original)
    except YAMLError:  # the load itself reports the problem
        sequence, offset = 4, 2
    indents = [len(found.group(1)) for found in _KEY_LINE.finditer(original)]
    mapping = min(indents) if indents else 2
    yaml.indent(mapping=mapping, sequence=sequence or 2, offset=offset or 0)
    yaml.width = 4096  # a line the user wrote long stays one line
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def _merge_mapping(
    node: CommentedMap, before: Mapping[str, Any], after: Mapping[str, Any], tidy: Any
) -> None:
    tidy_map = tidy if isinstance(tidy, Mapping) else {}
    for key in [key for key in node if key not in after and key in before]:
        del node[key]  # a key of a mapping field that the form removed
    previous: str | None = None
    for key, value in after.items():
        old = before.get(key, _MISSING)
        if old == value:
            previous = key if key in node else previous
            continue
        shown = tidy_map.get(key, _MISSING)
        if key in node:
            _replace(node, key, old, value, shown)
        elif shown is not _MISSING:  # a field that was a default and is not any more
            position = list(node).index(previous) + 1 if previous in node else len(node)
            node.insert(position, key, _fresh(shown))
        previous = key if key in node else previous


def _replace(node: CommentedMap | CommentedSeq, key: Any, old: Any, value: Any, shown: Any) -> None:
    """Write ``value`` at ``node[key]``, editing the existing part in place where it can."""
    current = node[key]
    if (
        isinstance(current, CommentedMap)
        and isinstance(old, Mapping)
        and isinstance(value, Mapping)
    ):
        _merge_mapping(current, old, value, shown)
    elif isinstance(current, CommentedSeq) and isinstance(old, list) and isinstance(value, list):
        _merge_sequence(current, old, value, shown if isinstance(shown, list) else value)
    elif value is None and isinstance(node, CommentedMap):
        del node[key]  # an optional part switched off
    else:
        node[key] = _fresh(value if shown is _MISSING else shown, like=current)


def _merge_sequence(
    node: CommentedSeq, before: list[Any], after: list[Any], tidy: list[Any]
) -> None:
    if len(node) != len(before):  # the text and the model disagree: rewrite the list
        node[:] = [_fresh(item, like=_sample(node)) for item in tidy]
        return
    if len(before) == len(after):
        for index, (old, value) in enumerate(zip(before, after, strict=True)):
            if old != value:
                _replace(node, index, old, value, _at(tidy, index))
        return
    # Parts added or removed: keep each surviving part's text and comment, write the new ones.
    unused = list(range(len(before)))
    kept: list[tuple[int | None, Any]] = []
    for value in after:
        match = next((i for i in unused if _same_part(before[i], value)), None)
        if match is not None:
            unused.remove(match)
        kept.append((match, value))
    items, comments = [], {}
    like = _sample(node)
    for position, (match, value) in enumerate(kept):
        if match is None:
            items.append(_fresh(_at(tidy, position, value), like=like))
            continue
        items.append(node[match])
        if match in node.ca.items:
            comments[position] = node.ca.items[match]
    node.ca.items.clear()
    node[:] = items
    node.ca.items.update(comments)
    for position, (match, value) in enumerate(kept):
        if match is not None and before[match] != value:
            _replace(node, position, before[match], value, _at(tidy, position))


def _same_part(old: Any, new: Any) -> bool:
    """Whether a list item of the saved case is the stored one (the same id, or equal)."""
    if isinstance(old, Mapping) and isinstance(new, Mapping) and old.get("id") is not None:
        return bool(old.get("id") == new.get("id"))
    return bool(old == new)


def _at(items: Sequence[Any], index: int, default: Any = _MISSING) -> Any:
    return items[index] if index < len(items) else default


def _sample(node: CommentedSeq) -> Any:
    """A sibling a new item is styled like (the last one), or None for an empty list."""
    return node[-1] if len(node) else None


def _fresh(value: Any, like: Any = None) -> Any:
    """A new part as round-trip YAML: flow style where its sibling is, lists of scalars inline."""
    if isinstance(value, Mapping):
        cousins = like if isinstance(like, CommentedMap) else {}
        fresh = CommentedMap(
            (str(key), _fresh(item, like=cousins.get(str(key)))) for key, item in value.items()
        )
        if _is_flow(like):
            fresh.fa.set_flow_style()
        return fresh
    if isinstance(value, list | tuple):
        first = like[0] if isinstance(like, CommentedSeq) and len(like) else None
        sequence = CommentedSeq(_fresh(item, like=first) for item in value)
        if _is_flow(like) or all(_is_scalars(item) for item in value):
            sequence.fa.set_flow_style()  # tags, or a curve's [value, value] anchors, inline
        return sequence
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)  # 61000, as a person writes it, not 61000.0
    return value


def _is_scalars(item: Any) -> bool:
    """A scalar, or a short list of scalars (a curve's anchor)."""
    if isinstance(item, list | tuple):
        return all(not isinstance(part, Mapping | list | tuple) for part in item)
    return not isinstance(item, Mapping)


def _is_flow(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and bool(node.fa.flow_style())
