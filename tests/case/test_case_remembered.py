"""A case file read twice in one process is parsed once, and no caller sees another's changes."""

from __future__ import annotations

import pytest

from brightline.case import parse_case
from brightline.case.source import load_yaml
from brightline.errors import CaseFileError
from factories import minimal_case, to_yaml


def test_the_same_bytes_give_equal_data_that_callers_do_not_share() -> None:
    data = to_yaml(minimal_case()).encode()
    first, first_source = load_yaml(data, "remembered.yaml")
    second, second_source = load_yaml(data, "remembered.yaml")
    assert first == second and first is not second
    assert first_source == second_source and first_source is not second_source
    first["issues"][0]["id"] = "changed"
    first_source.values.clear()
    third, third_source = load_yaml(data, "remembered.yaml")
    assert third == second and third["issues"][0]["id"] != "changed"
    assert third_source == second_source


def test_a_file_name_is_part_of_what_is_remembered() -> None:
    data = to_yaml(minimal_case()).encode()
    assert parse_case(data, "a.yaml").source.file == "a.yaml"
    assert parse_case(data, "b.yaml").source.file == "b.yaml"


def test_a_file_that_does_not_load_fails_every_time() -> None:
    for _ in range(2):
        with pytest.raises(CaseFileError, match=r"broken\.yaml:\d+:"):
            load_yaml(b"a: [1, 2", "broken.yaml")
