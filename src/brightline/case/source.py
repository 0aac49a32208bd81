"""Reading YAML text into plain data while remembering where every value came from.

Pure: takes bytes, returns data. File reading lives in :mod:`brightline.services`.
Defences: a size cap, UTF-8 only, and an expansion cap so an alias bomb ("billion laughs") is
refused in milliseconds instead of exhausting memory.
"""

from __future__ import annotations

import copy
import datetime
import functools
import re
from dataclasses import dataclass, field
from typing import Any

from brightline.actions import Action, act
from brightline.errors import CaseFileError, Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
"""Case files are written by people; anything larger is a mistake or an attack."""

MAX_NODES = 50_000
"""Upper bound on values, before and after aliases are expanded.

A rich case file has a few thousand values; the YAML library spends about 25 µs on each, so the cap
also bounds the time a hostile file can cost (about a second) before it is refused.
"""

MAX_DEPTH = 64
"""Deepest flow nesting ([ or {) accepted; a case needs about six levels."""

_BRACKETS = re.compile(rb"[\[\]{}]")


def _bracket_depth(data: bytes) -> int:
    """Deepest nesting of flow brackets, found before the parser recurses into them.

    Brackets inside quoted strings are counted too, which can only overstate the depth of a file
    that is already unusual.
    """
    depth = deepest = 0
    for match in _BRACKETS.finditer(data):
        depth += 1 if match.group() in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


_STRUCTURE = re.compile(rb"[,:\-\[\]{}\n]")

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column of a value (or of a key, for a missing or unknown field)."""

    line: int
    column: int
    quoted: bool = False


@dataclass(slots=True)
class SourceMap:
    """Where each path of the document sits in the file.

    ``values`` maps a path to the position of its value; ``keys`` maps a mapping entry's path to the
    position of its key (what an "unknown key" error points at).
    """

    file: str
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)

    def locate(self, path: Path, *, key: bool = False) -> Position:
        """The position of ``path``, or of its nearest ancestor that has one."""
        probe = path
        while True:
            table = self.keys if key and probe in self.keys else self.values
            if probe in table:
                return table[probe]
            if not probe:
                return Position(1, 1)
            probe = probe[:-1]

    def problem(
        self,
        path: Path,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
        action: Action | None = None,
    ) -> Problem:
        """A Problem located at ``path``."""
        position = self.locate(path, key=key)
        return Problem(
            self.file, position.line, position.column, dotted(path), message, hint, action
        )


def dotted(path: Path) -> str:
    """``("standards", 2, "rule")`` -> ``standards[2].rule``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _fail(
    file: str, line: int, column: int, message: str, hint: str, action: Action | None = None
) -> CaseFileError:
    return CaseFileError([Problem(file, line, column, "", message, hint, action)])


def decode(data: bytes, file: str) -> str:
    """Bytes to text, refusing oversize, non-UTF-8 and empty input with a located message."""
    if len(data) > MAX_FILE_BYTES:
        raise _fail(
            file,
            0,
            0,
            f"file is {len(data):,} bytes, over the {MAX_FILE_BYTES:,}-byte limit for a case",
            "split the case or remove pasted attachments; link evidence instead of embedding it",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise _fail(
            file,
            line,
            column,
            f"byte 0x{data[error.start]:02x} is not valid UTF-8",
            "save the file as UTF-8",
        ) from None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise _fail(
            file,
            1,
            1,
            "file is empty",
            "start from a starter case",
            act("init", context="sales", output="case.yaml"),
        )
    return text


def load_yaml(data: bytes, file: str) -> tuple[Any, SourceMap]:
    """Parse YAML bytes into plain Python data plus a :class:`SourceMap`.

    The same bytes under the same name are parsed once per process (the last
    :data:`REMEMBERED_FILES`): ruamel's round-trip reader is pure Python, about 100 ms of CPU for
    an example case, and a process that loads a case again (the web app on each request, the test
    suite, a session replay) should not pay that again. Each caller gets its own copy of the data
    and of the map, so what one changes no other sees; a file that does not load is never
    remembered.

    Raises:
        CaseFileError: for oversize, non-UTF-8, empty, malformed or alias-bomb input.
    """
    plain, source = _parse_once(data, file)
    return copy.deepcopy(plain), SourceMap(source.file, dict(source.values), dict(source.keys))


REMEMBERED_FILES = 32
"""Parsed files kept by :func:`load_yaml`; at most 2 MiB each (:data:`MAX_FILE_BYTES`)."""


@functools.lru_cache(maxsize=REMEMBERED_FILES)
def _parse_once(data: bytes, file: str) -> tuple[Any, SourceMap]:
    """:func:`load_yaml`'s parse, remembered (only for input that loads: errors are raised)."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    text = decode(data, file)
    structure = len(_STRUCTURE.findall(data))
    if structure > 2 * MAX_NODES:
        # Every YAML value needs a separator, an indicator or a line of its own, so this count
        # bounds the number of values from above and costs milliseconds instead of minutes.
        raise _fail(
            file,
            1,
            1,
            f"file has {structure:,} YAML separators, far more values than a case holds "
            f"(limit about {MAX_NODES:,})",
            "split the case, or keep long data (bids, logs) in their own files",
        )
    if _bracket_depth(data) > MAX_DEPTH:
        raise _fail(file, 1, 1, "YAML is nested too deeply", "a case file needs a few levels only")
    yaml = YAML(typ="rt")
    yaml.allow_duplicate_keys = False
    try:
        document = yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 0
        column = mark.column + 1 if mark is not None else 0
        what = " ".join(part for part in (error.context, error.problem) if part)
        raise _fail(
            file,
            line,
            column,
            f"YAML syntax error: {what or 'cannot parse'}",
            "check indentation, colons and quotes near this point",
        ) from None
    except YAMLError as error:
        raise _fail(file, 1, 1, f"YAML error: {error}", "fix the YAML syntax") from None
    except (ValueError, TypeError, OverflowError) as error:
        # ruamel builds dates and numbers while parsing; an impossible date such as 2026-13-45
        # surfaces here, without a position.
        raise _fail(
            file, 1, 1, f"a value cannot be read: {error}", "check dates (YYYY-MM-DD) and numbers"
        ) from None
    except RecursionError:
        raise _fail(
            file, 1, 1, "YAML is nested too deeply", "a case file needs a few levels only"
        ) from None
    source = SourceMap(file)
    builder = _Builder(source)
    try:
        if _expanded_size(document, {}) > MAX_NODES:
            raise _fail(
                file,
                1,
                1,
                f"document has more than {MAX_NODES:,} values once aliases (*) are expanded, "
                "far more than a case holds",
                "remove anchors (&) and aliases that multiply each other, or split the case",
            )
        plain = builder.convert(document, ())
    except RecursionError:
        raise _fail(
            file, 1, 1, "YAML is nested too deeply", "a case file needs a few levels only"
        ) from None
    return plain, source


def _expanded_size(node: Any, memo: dict[int, int]) -> int:
    """Values the document would have with every alias expanded, computed per shared node once.

    An alias bomb shares nodes, so memoising by identity makes this linear in the parsed size even
    when the expansion is astronomically large; a self-referencing alias counts as over the cap.
    """
    key = id(node)
    if key in memo:
        return memo[key]
    if isinstance(node, dict):
        memo[key] = MAX_NODES + 1  # a cycle back to this node is an infinite expansion
        total = 1 + sum(_expanded_size(child, memo) for child in node.values())
    elif isinstance(node, list):
        memo[key] = MAX_NODES + 1
        total = 1 + sum(_expanded_size(child, memo) for child in node)
    else:
        return 1
    memo[key] = min(total, MAX_NODES + 1)
    return memo[key]


class _Builder:
    """Copies ruamel's round-trip nodes into plain data, counting expanded size."""

    def __init__(self, source: SourceMap) -> None:
        self.source = source
        self.count = 0

    def _charge(self, node: Any) -> None:
        self.count += 1
        if self.count > MAX_NODES:
            raise _fail(
                self.source.file,
                1,
                1,
                f"document has more than {MAX_NODES:,} values once aliases (*) are expanded, "
                "far more than a case holds",
                "remove anchors (&) and aliases that multiply each other, or split the case",
            )

    def convert(self, node: Any, path: Path) -> Any:
        from ruamel.yaml.comments import CommentedMap, CommentedSeq
        from ruamel.yaml.scalarstring import ScalarString

        self._charge(node)
        if isinstance(node, CommentedMap):
            result: dict[Any, Any] = {}
            for key in node:
                child_path = (*path, key if isinstance(key, str | int) else str(key))
                try:
                    key_line, key_column, value_line, value_column = node.lc.data[key]
                    self.source.keys[child_path] = Position(key_line + 1, key_column + 1)
                    quoted = isinstance(node[key], ScalarString)
                    self.source.values[child_path] = Position(
                        value_line + 1, value_column + 1, quoted
                    )
                except (KeyError, TypeError, AttributeError):
                    pass
                plain_key = key if isinstance(key, str | int | float | bool) else str(key)
                result[plain_key] = self.convert(node[key], child_path)
            return result
        if isinstance(node, CommentedSeq):
            items: list[Any] = []
            for index, item in enumerate(node):
                child_path = (*path, index)
                try:
                    line, column = node.lc.data[index]
                    self.source.values[child_path] = Position(line + 1, column + 1)
                except (KeyError, TypeError, AttributeError, IndexError):
                    pass
                items.append(self.convert(item, child_path))
            return items
        if isinstance(node, ScalarString):
            return str(node)
        if isinstance(node, bool | int | float | str | datetime.date) or node is None:
            if isinstance(node, float):
                return float(node)
            if isinstance(node, bool):
                return bool(node)
            if isinstance(node, int):
                return int(node)
            return node
        return str(node)
