"""How the engine's outcomes read in sentences: each issue by its name, its value by its label.

An option without a label reads as its id (``3``, not ``3.0``); the number of a numeric issue
reads without a trailing ``.0``, with thousands separators and with the range's unit
(``Discount: 5%``, ``Price: 150,000 EUR``). Amounts and counts are formatted by
:mod:`brightline.amounts`, the one formatter; import them from there.
"""

from __future__ import annotations

from collections.abc import Mapping

from brightline.amounts import measured
from brightline.case.model import Case, NumericIssue, OptionValue

__all__ = ["issue_value_text", "mid_sentence", "outcome_text"]


def issue_value_text(case: Case, issue_id: str, value: OptionValue) -> str:
    """One issue's value for people: a numeric one with its unit, an option id as written."""
    issue = case.issue(issue_id)
    if not isinstance(issue, NumericIssue):
        return str(value)
    return measured(float(value), issue.range.unit)  # 150,000 reads at a glance; 16.5 stays


def outcome_text(case: Case, outcome: Mapping[str, OptionValue]) -> str:
    """``Data residency: EU only; Discount: 5%`` in the outcome's order, for people.

    Each issue by its name and each option by its label (an id with spaces for underscores
    where the case gives none), a number with its range's unit: the sweep's table and the Nash
    and Kalai lines are read by people who never saw the case file's ids (``residency=eu_only``).
    ``; `` separates the issues, as a label may hold a comma.
    """
    from brightline.case.model import DiscreteIssue

    parts = []
    for issue_id, value in outcome.items():
        issue = case.issue(issue_id)
        name = issue.name or issue_id.replace("_", " ")
        if isinstance(issue, DiscreteIssue):
            shown = issue.label_of(value) or str(value).replace("_", " ")
        else:
            shown = issue_value_text(case, issue_id, value)
        parts.append(f"{name}: {shown}")
    return "; ".join(parts)


def mid_sentence(label: str) -> str:
    """A label as it reads inside a sentence: its first letter lower-cased, unless it is a name.

    Case files write labels to stand alone ("Unannounced quarterly inspection"), so "the bid
    offers Unannounced quarterly inspection" reads like a title dropped into the sentence. The
    first letter is lowered only when the first word is an ordinary capitalised word and the
    second is not capitalised: an acronym ("EU only", "ISO audit"), a word with capitals inside
    ("iPhone", "McKinsey") or a proper name of several words ("Harbor City crews") stays as
    written, while "Score on the RFP's scale" lowers. A one-word proper name ("Velora's lab")
    cannot be told from an ordinary word and is lowered.
    """
    words = label.split()
    if not words:
        return label
    first = words[0]
    ordinary = first[:1].isupper() and first[1:] == first[1:].lower() and first[:1].isalpha()
    named = len(words) > 1 and words[1][:1].isupper()
    return first[:1].lower() + label[1:] if ordinary and not named else label


DETERMINERS = frozenset({"a", "an", "the", "our", "one", "some", "each", "every", "two", "three"})
"""First words that make a case's face-saving choice a thing we offer, not an act we do."""


def our_undertaking(choice: str) -> str:
    """A face-saving choice of the case as a sentence we say to them about ourselves.

    Cases write these as what we do ("Frame the pilot as the buyer's win") or as a thing we
    offer ("A joint pilot"). Said to the other side, either is our undertaking, never advice on
    how they should present it: "On our side, we will frame the pilot ...", "On our side, we
    offer a joint pilot."
    """
    text = mid_sentence(choice.strip().rstrip("."))
    first = text.split(maxsplit=1)[0].lower() if text else ""
    verb = "offer" if first in DETERMINERS else "will"
    return f"On our side, we {verb} {text}."


def party_in_sentence(name: str) -> str:
    """A party's name inside a sentence: "offer the buyer", "to the candidate (...)", not "The".

    Names written as a description ("The buyer", "The candidate (...)") start with an article;
    a proper name ("The Hague Port Authority") keeps its capital.
    """
    return "the" + name[3:] if name.startswith("The ") and not name[4:5].isupper() else name
