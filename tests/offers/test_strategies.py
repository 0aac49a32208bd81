"""The generators themselves: what the property tests of offers rely on really holds."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings

from factories import to_yaml
from strategies import brute_force, load, load_negotiation_case, negotiation_case


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=negotiation_case(max_issues=4))
def test_the_fast_loader_reads_a_case_as_the_file_loader_does(document: dict[str, Any]) -> None:
    fast = load_negotiation_case(document)
    clean = {key: value for key, value in document.items() if key != "generated"}
    slow = load(clean)
    assert fast.case == slow.case
    assert fast.standard_rules == slow.standard_rules
    assert to_yaml(clean)  # the document is also a writable case file
