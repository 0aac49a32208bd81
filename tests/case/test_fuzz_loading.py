"""Fuzzing: whatever text arrives, loading raises nothing but Brightline's own error type."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from brightline.case import parse_case
from brightline.errors import BrightlineError, CaseFileError
from budget import examples
from factories import minimal_case, to_yaml

# The budget is the Hypothesis profile's (tests/conftest.py): 100 examples per fuzz test under "ci",
# 40 for those that write and read a whole case file per example (~55 ms of CPU each, ruamel's
# pure-Python YAML); BRIGHTLINE_FUZZ_EXAMPLES=1000 or BRIGHTLINE_HYPOTHESIS_PROFILE=deep digs
# ten times deeper (tests/budget.py).
SETTINGS = settings()
WHOLE_FILE = examples(40)
VALID_FILE = to_yaml(minimal_case()).encode()

yaml_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


def _load(data: bytes) -> None:
    try:
        parse_case(data, "fuzz.yaml")
    except CaseFileError as error:
        assert error.problems
        for problem in error.problems:
            assert str(problem).startswith("fuzz.yaml:")
    except BrightlineError:
        pass


@SETTINGS
@given(st.binary(max_size=400))
def test_arbitrary_bytes(data: bytes) -> None:
    _load(data)


@SETTINGS
@given(st.text(max_size=400))
def test_arbitrary_text(text: str) -> None:
    _load(text.encode("utf-8", errors="surrogatepass") if "\ud800" not in text else b"")


@SETTINGS
@given(yaml_values)
def test_arbitrary_yaml_documents(document: object) -> None:
    _load(to_yaml({"root": document}).encode())
    if isinstance(document, dict):
        _load(to_yaml(document).encode())


SECTIONS = list(minimal_case())


@WHOLE_FILE
@given(st.sampled_from(SECTIONS), yaml_values)
def test_case_with_one_section_replaced(section: str, value: object) -> None:
    document = minimal_case()
    document[section] = value
    _load(to_yaml(document).encode())


@WHOLE_FILE
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_arbitrary_rule_text(rule: str) -> None:
    document = minimal_case()
    document["standards"][0]["rule"] = rule
    _load(to_yaml(document).encode())


@WHOLE_FILE
@given(st.integers(min_value=0, max_value=2000))
def test_truncated_valid_file(cut: int) -> None:
    _load(VALID_FILE[:cut])


ADVERSARIAL = [
    "!!python/object:os.system {}",
    "a: !!binary aGVsbG8=",
    "? [a, b]\n: c",
    "[" * 5000 + "]" * 5000,
    "a: !custom x",
    "--- a\n--- b\n",
    "a: 2026-13-45",
    "x: .nan",
    "\x00\x01",
    "a: &x [*x]",
    "brightline: 1\ncase: !!set {a, b}",
]


def test_adversarial_inputs() -> None:
    for text in ADVERSARIAL:
        _load(text.encode())
