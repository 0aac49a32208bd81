"""The generators themselves: what the property tests of offers rely on really holds."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from brightline.case import parse_case
from budget import examples
from factories import to_yaml
from meso_cases import small_cases
from strategies import brute_force, case_document, load, load_negotiation_case, negotiation_case


@examples(30)
@given(document=negotiation_case())
def test_negotiation_case_puts_the_reservation_point_where_it_says(
    document: dict[str, Any],
) -> None:
    loaded = load_negotiation_case(document)
    assert 2 <= len(loaded.case.issues) <= 8
    reference = brute_force(loaded)
    compliant = [ours for ours, ok in zip(reference.ours, reference.compliant, strict=True) if ok]
    reservation = loaded.case.reservation
    assert reservation is not None
    position = document["generated"]["reservation"]
    if position == "infeasible":
        assert not compliant
    elif position == "above":
        assert max(compliant) < reservation.value
    elif position == "below":
        assert min(compliant) > reservation.value
    else:
        assert min(compliant) <= reservation.value <= max(compliant)


@examples(10)
@given(document=negotiation_case(max_issues=4))
def test_the_fast_loader_reads_a_case_as_the_file_loader_does(document: dict[str, Any]) -> None:
    fast = load_negotiation_case(document)
    clean = {key: value for key, value in document.items() if key != "generated"}
    slow = parse_case(to_yaml(clean).encode(), "generated.yaml")
    assert fast.case == slow.case
    assert fast.standard_rules == slow.standard_rules
    assert fast.harm_rules == slow.harm_rules


@examples(10)
@given(document=st.one_of(case_document(cross=True, max_issues=3, harms=True), small_cases()))
def test_every_generator_loads_as_its_case_file_would(document: dict[str, Any]) -> None:
    """The property tests skip the YAML round trip (``strategies.load``): it must not matter."""
    fast = load(document)
    slow = parse_case(to_yaml(document).encode(), "generated.yaml")
    assert fast.case == slow.case
    assert fast.standard_rules == slow.standard_rules
    assert fast.harm_rules == slow.harm_rules
