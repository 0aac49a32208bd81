"""Hostile GENIUS XML: every malformed file is refused with a located message (exit 2), never a
traceback; a hypothesis fuzzer mutates real domain files and checks the reader holds.

The malformed files are generated here (``MALFORMED``) and written under ``tmp_path`` by the test
that uses them, so the repository holds no hostile bytes and each case says what it attacks.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_genius import DOMAIN, OURS, THEIRS

from brightline.case.genius import MAX_XML_DEPTH, import_genius, parse_xml, read_domain
from brightline.errors import BrightlineError, InputFileError
from budget import examples

FUZZ = examples(100)


def _nested(depth: int) -> bytes:
    return (
        b"<negotiation_template>"
        + b"<objective>" * depth
        + b"</objective>" * depth
        + (b"</negotiation_template>")
    )


MALFORMED: dict[str, tuple[bytes, str]] = {
    "nested 1,000 deep": (_nested(1000), "nested more than"),
    "nested 100,000 deep": (_nested(100_000), "nested more than"),
    "unknown encoding": (
        b'<?xml version="1.0" encoding="klingon"?>' + DOMAIN.encode(),
        "unknown text encoding 'klingon'",
    ),
    "binary codec as encoding": (
        b'<?xml version="1.0" encoding="rot13"?>' + DOMAIN.encode(),
        "unknown text encoding 'rot13'",
    ),
    "multi-byte codec expat cannot use": (
        b'<?xml version="1.0" encoding="big5"?>' + DOMAIN.encode(),
        "cannot be decoded",
    ),
    "utf-32 declared": (
        b'<?xml version="1.0" encoding="utf-32"?>' + DOMAIN.encode(),
        "cannot be decoded",
    ),
    "entity bomb": (
        b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>',
        "declarations are refused",
    ),
    "external entity": (
        b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        "declarations are refused",
    ),
    "truncated": (DOMAIN.encode()[: len(DOMAIN) // 2], "not well-formed XML"),
    "NUL inside": (DOMAIN.encode().replace(b"<issue", b"<iss\x00ue", 1), "not well-formed XML"),
    "empty": (b"", "not well-formed XML"),
    "no issues": (b"<negotiation_template/>", "no <issue> elements"),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_domain_is_refused_with_a_located_message(name: str) -> None:
    data, expected = MALFORMED[name]
    with pytest.raises(InputFileError) as caught:
        read_domain(data, "domain.xml")
    message = str(caught.value)
    assert expected in message, message
    assert message.startswith("domain.xml:"), message
    assert "; " in message, "the message says what to do"


@pytest.mark.parametrize("name", ["nested 1,000 deep", "unknown encoding", "utf-32 declared"])
def test_cli_refuses_hostile_domain_with_exit_2(
    name: str,
    cli: Callable[..., Any],
    write_file: Callable[[str, str | bytes], Path],
) -> None:
    data, expected = MALFORMED[name]
    files = [
        str(write_file("domain.xml", data)),
        str(write_file("ours.xml", OURS)),
        str(write_file("theirs.xml", THEIRS)),
    ]
    result = cli("import-genius", *files)
    assert result.exit_code == 2, result.output
    assert "domain.xml:" in result.stderr and expected in result.stderr
    assert "Traceback" not in result.output


def test_depth_message_names_the_element_and_its_position() -> None:
    data = b"<a>\n" + b"<deep>" * (MAX_XML_DEPTH + 5)
    with pytest.raises(InputFileError) as caught:
        parse_xml(data, "x.xml")
    (problem,) = caught.value.problems
    assert "<deep>" in problem.message
    assert problem.line == 2 and problem.column > 1


def test_nesting_at_the_limit_still_reads() -> None:
    data = b"<a>" * MAX_XML_DEPTH + b"</a>" * MAX_XML_DEPTH
    root = parse_xml(data, "x.xml")
    assert len(root.walk("a")) == MAX_XML_DEPTH


def _read_without_surprise(data: bytes) -> None:
    """The reader either returns issues or raises Brightline's own error, located in the file."""
    try:
        read_domain(data, "fuzz.xml")
    except InputFileError as error:
        assert error.problems
        assert all(str(problem).startswith("fuzz.xml:") for problem in error.problems)
    except BrightlineError:
        pass


@FUZZ
@given(st.binary(max_size=300))
def test_fuzz_arbitrary_bytes(data: bytes) -> None:
    _read_without_surprise(data)


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(DOMAIN)),
            st.integers(min_value=0, max_value=8),
            st.binary(max_size=12)
            | st.sampled_from(
                [b"<", b">", b"</issue>", b"<issue>", b"&", b"&amp;", b"\x00", b"\xff", b'"']
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_fuzz_mutated_domain(edits: list[tuple[int, int, bytes]]) -> None:
    """Cut, insert and overwrite bytes of a valid domain, the way damaged files look."""
    data = bytearray(DOMAIN.encode())
    for position, cut, insert in edits:
        start = min(position, len(data))
        data[start : start + cut] = insert
    _read_without_surprise(bytes(data))


@FUZZ
@given(
    st.integers(min_value=0, max_value=200),
    st.sampled_from(["utf-8", "latin-1", "klingon", "utf-16", "ascii", "cp1252", "hex", ""]),
)
def test_fuzz_depth_and_declared_encoding(depth: int, encoding: str) -> None:
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>'.encode() if encoding else b""
    _read_without_surprise(declaration + _nested(depth))


@FUZZ
@given(st.binary(max_size=200), st.sampled_from(["domain", "ours", "theirs"]))
def test_fuzz_whole_import(noise: bytes, which: str) -> None:
    files = {"domain": DOMAIN.encode(), "ours": OURS.encode(), "theirs": THEIRS.encode()}
    files[which] = files[which][: len(noise)] + noise
    with contextlib.suppress(BrightlineError):
        import_genius(
            ("d.xml", files["domain"]), ("o.xml", files["ours"]), ("t.xml", files["theirs"])
        )
