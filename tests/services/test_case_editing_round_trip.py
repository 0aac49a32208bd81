"""A form's change written into the case file as the user wrote it (issue 12 S8)."""

from __future__ import annotations

from typing import Any

from brightline.services.case_editing import edited_text

WRITTEN = """\
# The buyer's terms, as agreed with legal.
case:
  title: Renewal   # the name on the order form
  repeated: false  # written out on purpose, though it is the default
people:
  - {name: Ana, role: Buyer}
  # the one who signs
  - {name: Ben, role: Director}
  - {name: Caro, role: Legal}
tags: [one, two]
"""

BEFORE: dict[str, Any] = {
    "case": {"title": "Renewal", "repeated": False, "stage": "opening"},
    "people": [
        {"name": "Ana", "role": "Buyer"},
        {"name": "Ben", "role": "Director"},
        {"name": "Caro", "role": "Legal"},
    ],
    "tags": ["one", "two"],
}


def changed(**after: Any) -> dict[str, Any]:
    return {**BEFORE, **after}


def test_nothing_changed_gives_the_text_back_as_written() -> None:
    assert edited_text(WRITTEN, BEFORE, BEFORE, {}) is WRITTEN


def test_one_changed_field_changes_one_line_and_keeps_its_comment() -> None:
    after = changed(case={**BEFORE["case"], "title": "Renewal 2027"})
    text = edited_text(WRITTEN, BEFORE, after, after)
    # The comment stays on its line; it starts where it did unless the longer value reaches it.
    assert text == WRITTEN.replace("title: Renewal   #", "title: Renewal 2027 #")


def test_a_field_set_away_from_its_default_is_written_after_its_neighbour() -> None:
    after = changed(case={**BEFORE["case"], "stage": "closing"})
    text = edited_text(WRITTEN, BEFORE, after, {"case": {"stage": "closing"}})
    assert text is not None
    assert (
        "  repeated: false  # written out on purpose, though it is the default\n  stage: closing\n"
        in text
    )


def test_a_removed_row_takes_its_comment_and_the_others_keep_theirs() -> None:
    people = [BEFORE["people"][0], BEFORE["people"][2]]
    text = edited_text(WRITTEN, BEFORE, changed(people=people), changed(people=people))
    assert text is not None
    assert "Ben" not in text and "# the one who signs" not in text
    assert "  - {name: Ana, role: Buyer}\n  - {name: Caro, role: Legal}\n" in text
    assert text.startswith("# The buyer's terms") and "# the name on the order form" in text


def test_a_new_row_is_written_like_its_neighbours() -> None:
    people = [*BEFORE["people"], {"name": "Dev", "role": "IT"}]
    text = edited_text(WRITTEN, BEFORE, changed(people=people), changed(people=people))
    assert text is not None
    assert "  - {name: Caro, role: Legal}\n  - {name: Dev, role: IT}\n" in text
    assert "  # the one who signs\n  - {name: Ben, role: Director}\n" in text


def test_a_file_that_is_not_a_mapping_is_left_to_the_caller() -> None:
    assert edited_text("- just a list\n", {"a": 1}, {"a": 2}, {"a": 2}) is None
