"""Import a GENIUS negotiation domain (the ANAC competitions' XML format) as a case document.

GENIUS describes a domain in one file (issues and their values) and each side's preferences in a
profile (a weight per issue, an evaluation per value, optionally a reservation value). The utility
of an outcome is Σ weight × evaluation / max evaluation of that issue; the importer writes exactly
those per-option terms as ``ours`` and ``theirs``, so an imported case's values equal GENIUS's.

Pure: bytes in, a plain document (and its YAML text) out. XML is read with the standard library's
expat parser; document type declarations and entities are refused before parsing, because a
domain file never needs them and they are how XML bombs and external-entity reads work.
"""

from __future__ import annotations

import codecs
import io
import math
import re
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from brightline.errors import InputFileError, Problem

MAX_XML_BYTES = 4 * 1024 * 1024
"""GENIUS files are a few kilobytes; anything this large is not a domain."""

MAX_XML_DEPTH = 64
"""Elements nested deeper than this are refused: a GENIUS file nests five deep (utility space,
objective, issue, item), and a file nested a thousand deep is an attack on whoever walks it."""

_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
"""The encoding named in an XML declaration, read before expat looks it up."""


@dataclass(slots=True)
class XmlElement:
    """An element with the line and column where its start tag begins (both 1-based)."""

    tag: str
    attributes: dict[str, str]
    line: int
    column: int
    children: list[XmlElement] = field(default_factory=list)

    def walk(self, tag: str) -> list[XmlElement]:
        """Every descendant (and self) with that tag, in document order.

        Iterative, so the walk's depth never depends on the file's nesting.
        """
        found: list[XmlElement] = []
        pending = [self]
        while pending:
            element = pending.pop()
            if element.tag == tag:
                found.append(element)
            pending.extend(reversed(element.children))
        return found


def _refusal(file: str, data: bytes, marker: bytes) -> Problem:
    offset = data.upper().find(marker)
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return Problem(
        file,
        line,
        column,
        "",
        f"{marker.decode()} declarations are refused (they can expand or read other files)",
        "remove the declaration; GENIUS domain files do not need one",
    )


def parse_xml(data: bytes, file: str) -> XmlElement:
    """Parse XML bytes into elements that remember their positions.

    Raises:
        InputFileError: for oversize input, a DTD or entity declaration, or malformed XML.
    """
    if len(data) > MAX_XML_BYTES:
        raise InputFileError(
            [
                Problem(
                    file,
                    0,
                    0,
                    "",
                    f"file is {len(data):,} bytes, over the {MAX_XML_BYTES:,}-byte limit",
                    "give a GENIUS domain or profile file",
                )
            ]
        )
    for marker in (b"<!DOCTYPE", b"<!ENTITY"):
        if marker in data.upper():
            raise InputFileError([_refusal(file, data, marker)])
    _check_encoding(data, file)
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[XmlElement] = []
    stack: list[XmlElement] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        if len(stack) >= MAX_XML_DEPTH:
            raise _TooDeep(tag, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1)
        element = XmlElement(
            tag, attributes, parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        )
        (stack[-1].children if stack else root).append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    def refuse(*_: object) -> None:
        raise _Declaration

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise InputFileError(
            [
                Problem(
                    file,
                    error.lineno,
                    error.offset + 1,
                    "",
                    f"not well-formed XML: {expat.ErrorString(error.code)}",
                    "fix the XML at this position (is it a GENIUS .xml file?)",
                )
            ]
        ) from None
    except _TooDeep as deep:
        raise InputFileError(
            [
                Problem(
                    file,
                    deep.line,
                    deep.column,
                    "",
                    f"element <{deep.tag}> is nested more than {MAX_XML_DEPTH} elements deep",
                    "give a GENIUS domain or profile file (they nest about five deep)",
                )
            ]
        ) from None
    except _Declaration:
        raise InputFileError([_refusal(file, data, b"<!DOCTYPE")]) from None
    except (LookupError, ValueError) as error:  # a codec expat hands to Python fails
        raise InputFileError(
            [
                Problem(
                    file,
                    1,
                    1,
                    "",
                    f"the text cannot be decoded ({error})",
                    'save the file as UTF-8 and declare <?xml version="1.0" encoding="UTF-8"?>',
                )
            ]
        ) from None
    return root[0]


class _Declaration(Exception):
    """Raised inside the expat callback when a document type or entity declaration starts."""


class _TooDeep(Exception):
    """Raised inside the expat callback when an element opens past :data:`MAX_XML_DEPTH`."""

    def __init__(self, tag: str, line: int, column: int) -> None:
        super().__init__(tag)
        self.tag, self.line, self.column = tag, line, column


def _check_encoding(data: bytes, file: str) -> None:
    """Refuse an XML declaration naming an encoding Python does not know, before expat asks.

    Expat hands unknown encodings to Python's codec registry, whose ``LookupError`` would escape
    the parser as a traceback.
    """
    found = _ENCODING.match(data.removeprefix(b"\xef\xbb\xbf"))
    if found is None:
        return
    name = found.group(1).decode("ascii", "replace")
    try:
        known = getattr(codecs.lookup(name), "_is_text_encoding", True)
    except LookupError:
        known = False
    if not known:
        column = found.start(1) + 1
        raise InputFileError(
            [
                Problem(
                    file,
                    1,
                    column,
                    "",
                    f"the XML declaration names an unknown text encoding {name!r}",
                    'save the file as UTF-8 and declare encoding="UTF-8" (or remove the '
                    "declaration)",
                )
            ]
        ) from None


@dataclass(frozen=True, slots=True)
class GeniusIssue:
    """A discrete issue of a GENIUS domain: its name, index and values in file order."""

    name: str
    index: str
    values: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GeniusProfile:
    """One side's additive utility: per issue name, the utility of each value, and a reservation.

    Attributes:
        utilities: Issue name -> value -> weight × evaluation / max evaluation of the issue.
        reservation: The profile's reservation value (0 when the file gives none).
        has_reservation: Whether the file gives one.
    """

    utilities: dict[str, dict[str, float]]
    reservation: float
    has_reservation: bool


def _problem(file: str, element: XmlElement | None, message: str, hint: str) -> Problem:
    line, column = (element.line, element.column) if element is not None else (0, 0)
    return Problem(file, line, column, element.tag if element is not None else "", message, hint)


def _issues(
    root: XmlElement, file: str
) -> tuple[list[tuple[XmlElement, GeniusIssue]], list[Problem]]:
    problems: list[Problem] = []
    found: list[tuple[XmlElement, GeniusIssue]] = []
    for element in root.walk("issue"):
        name = element.attributes.get("name", "")
        kind = element.attributes.get("type", element.attributes.get("etype", "discrete"))
        if not name:
            problems.append(_problem(file, element, "issue has no name", 'add name="..."'))
            continue
        if kind != "discrete":
            problems.append(
                _problem(
                    file,
                    element,
                    f"issue {name!r} is of type {kind!r}; only discrete issues can be imported",
                    "discretise the issue into items in the domain file",
                )
            )
            continue
        items = [item for item in element.children if item.tag == "item"]
        values = tuple(item.attributes.get("value", "") for item in items)
        if not values or "" in values:
            problems.append(
                _problem(
                    file, element, f"issue {name!r} has an item without a value", 'add value="..."'
                )
            )
            continue
        if len(set(values)) != len(values):
            problems.append(
                _problem(
                    file,
                    element,
                    f"issue {name!r} lists a value twice",
                    "remove the duplicate item",
                )
            )
            continue
        found.append((element, GeniusIssue(name, element.attributes.get("index", ""), values)))
    if not found and not problems:
        problems.append(
            _problem(
                file, root, "no <issue> elements found", "give a GENIUS domain or profile file"
            )
        )
    return found, problems


def read_domain(data: bytes, file: str) -> list[GeniusIssue]:
    """The issues of a GENIUS domain file.

    Raises:
        InputFileError: malformed XML, non-discrete issues, missing or duplicate values.
    """
    found, problems = _issues(parse_xml(data, file), file)
    if problems:
        raise InputFileError(problems)
    return [issue for _, issue in found]


def _number(
    file: str, element: XmlElement, attribute: str, what: str, *, non_negative: bool = False
) -> tuple[float | None, Problem | None]:
    """A finite number from an attribute (and not below 0 when ``non_negative``), or a problem.

    ``float`` accepts "nan", "inf" and "1e999" (infinity); none is a utility, and one would turn
    every value of the imported case into NaN, so they are refused like any other non-number.
    """
    text = element.attributes.get(attribute)
    if text is None:
        return None, _problem(file, element, f"{what} has no {attribute}", f'add {attribute}="..."')
    try:
        value = float(text)
    except ValueError:
        return None, _problem(
            file, element, f"{what} has {attribute}={text!r}, not a number", "write a plain number"
        )
    if not math.isfinite(value):
        return None, _problem(
            file,
            element,
            f"{what} has {attribute}={text!r}, not a finite number",
            "write a plain number such as 0.25",
        )
    if non_negative and value < 0:
        return None, _problem(
            file,
            element,
            f"{what} has {attribute}={text!r}, below 0",
            "GENIUS weights and evaluations are 0 or more; write the value's utility as a "
            "non-negative number",
        )
    return value, None


def read_profile(data: bytes, file: str, domain: list[GeniusIssue]) -> GeniusProfile:
    """One side's utilities, checked against the domain's issues and values.

    Raises:
        InputFileError: malformed XML, missing weights or evaluations, issues or values that do
            not match the domain.
    """
    root = parse_xml(data, file)
    found, problems = _issues(root, file)
    weights: dict[str, tuple[XmlElement, float]] = {}
    seen: dict[str, XmlElement] = {}
    for element in root.walk("weight"):
        index = element.attributes.get("index", "")
        if index in seen:
            first = seen[index]
            problems.append(
                _problem(
                    file,
                    element,
                    f'<weight index="{index}"> appears twice (first at line {first.line}, '
                    f"column {first.column})",
                    "keep one weight per issue index",
                )
            )
            continue
        seen[index] = element
        value, problem = _number(file, element, "value", "weight", non_negative=True)
        if problem is not None:
            problems.append(problem)
        elif value is not None:
            weights[index] = (element, value)
    by_name = {issue.name: issue for issue in domain}
    utilities: dict[str, dict[str, float]] = {}
    for element, issue in found:
        expected = by_name.get(issue.name)
        if expected is None:
            problems.append(
                _problem(
                    file,
                    element,
                    f"issue {issue.name!r} is not in the domain",
                    "use the domain file this profile was written for",
                )
            )
            continue
        if set(issue.values) != set(expected.values):
            missing = sorted(set(expected.values) - set(issue.values))
            extra = sorted(set(issue.values) - set(expected.values))
            problems.append(
                _problem(
                    file,
                    element,
                    f"issue {issue.name!r} values differ from the domain (missing {missing}, "
                    f"unknown {extra})",
                    "use the domain file this profile was written for",
                )
            )
            continue
        weight = weights.get(issue.index)
        if weight is None:
            problems.append(
                _problem(
                    file,
                    element,
                    f'issue {issue.name!r} (index {issue.index}) has no <weight index="{issue.index}">',
                    "add its weight to the objective",
                )
            )
            continue
        evaluations: dict[str, float] = {}
        for item in (child for child in element.children if child.tag == "item"):
            value, problem = _number(
                file,
                item,
                "evaluation",
                f"value {item.attributes['value']!r} of {issue.name!r}",
                non_negative=True,
            )
            if problem is not None:
                problems.append(problem)
            elif value is not None:
                evaluations[item.attributes["value"]] = value
        if len(evaluations) != len(issue.values):
            continue
        top = max(evaluations.values())  # every evaluation is finite and >= 0 here
        utilities[issue.name] = {
            # All evaluations 0: the issue does not matter to this side (GENIUS divides by 0).
            value: weight[1] * evaluation / top if top > 0 else 0.0
            for value, evaluation in evaluations.items()
        }
    for issue in domain:
        if issue.name not in utilities and not any(i.name == issue.name for _, i in found):
            problems.append(
                _problem(
                    file,
                    root,
                    f"the profile has no issue {issue.name!r} of the domain",
                    "use the profile written for this domain",
                )
            )
    reservation = 0.0
    reservations = root.walk("reservation")
    if reservations:
        value, problem = _number(file, reservations[0], "value", "reservation")
        if problem is not None:
            problems.append(problem)
        elif value is not None:
            reservation = value
    if problems:
        raise InputFileError(problems)
    return GeniusProfile(utilities, reservation, bool(reservations))


def _identifier(name: str, taken: set[str]) -> str:
    text = re.sub(r"[^A-Za-z0-9_\-]+", "_", name.strip()).strip("_") or "issue"
    if not re.match(r"[A-Za-z_]", text):
        text = "i_" + text
    text = text[:70]
    candidate, number = text, 2
    while candidate in taken:
        candidate, number = f"{text}_{number}", number + 1
    taken.add(candidate)
    return candidate


def _stem(file: str) -> str:
    base = file.replace("\\", "/").rsplit("/", 1)[-1]
    return base[:-4] if base.lower().endswith(".xml") else base


def import_genius(
    domain: tuple[str, bytes],
    ours: tuple[str, bytes],
    theirs: tuple[str, bytes],
    context: str = "sales",
) -> dict[str, Any]:
    """A case document from a GENIUS domain and the two sides' profiles.

    Args:
        domain: (file name, bytes) of the domain file.
        ours: (file name, bytes) of our profile.
        theirs: (file name, bytes) of theirs.
        context: The case context to record (GENIUS does not say).

    Returns:
        Plain data that :func:`brightline.case.parse_case` accepts once dumped to YAML.

    Raises:
        InputFileError: listing every problem of the three files.
    """
    issues = read_domain(domain[1], domain[0])
    problems: list[Problem] = []
    profiles: list[GeniusProfile] = []
    for file, data in (ours, theirs):
        try:
            profiles.append(read_profile(data, file, issues))
        except InputFileError as error:
            problems.extend(error.problems)
    if problems:
        raise InputFileError(problems)
    mine, their = profiles
    taken: set[str] = set()
    stem = _stem(domain[0])
    document: dict[str, Any] = {
        "brightline": 1,
        "case": {
            "id": _identifier(stem, set()),
            "title": f"{stem} (imported from GENIUS)",
            "context": context,
            "currency": "utility",
            "their_value_unit": "utility",
        },
        "parties": {"us": {"name": _stem(ours[0])}, "them": {"name": _stem(theirs[0])}},
        "issues": [
            {
                "kind": "discrete",
                "id": _identifier(issue.name, taken),
                "name": issue.name,
                "dimension": "terms",
                "options": [
                    {
                        "id": value,
                        "ours": mine.utilities[issue.name][value],
                        "theirs": their.utilities[issue.name][value],
                    }
                    for value in issue.values
                ],
            }
            for issue in issues
        ],
        "reservation": {
            "value": mine.reservation,
            "rationale": f"GENIUS reservation value of {_stem(ours[0])}"
            + ("" if mine.has_reservation else " (absent in the file, so 0)"),
        },
        "their_batna": {
            "description": f"GENIUS reservation value of {_stem(theirs[0])}"
            + ("" if their.has_reservation else " (absent in the file, so 0)"),
            "value": their.reservation,
        },
    }
    return document


def to_case_yaml(document: dict[str, Any], sources: tuple[str, str, str]) -> str:
    """YAML text of an imported case, with a header naming where it came from."""
    from ruamel.yaml import YAML

    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 100
    yaml.dump(document, stream)
    header = (
        "# Imported from GENIUS: domain {}, our profile {}, their profile {}.\n"
        "# Values are GENIUS utilities (weight x evaluation / max evaluation of the issue).\n"
        "# Add standards, harms and a BATNA to use the gate; checking the case lists what is missing.\n"
    ).format(*sources)
    return header + stream.getvalue()
