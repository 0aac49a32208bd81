"""Canaries for the privacy tests: unusual numbers and words, and a finder for every form.

Shared by ``tests/report/test_documents_privacy.py`` (every private field of every example)
and ``tests/services/test_documents_tender_privacy.py`` (every other bidder's bid): both look
for a number in every way a document could write it (60737, 60,737, 60 737, 60.737, 60.7k,
61k, 60737.0; a probability as 0.07, 7%, 7 %, 7.4%).
"""

from __future__ import annotations

import re

CANARY_WORD = "Xylophantic"
"""Put into every private text field (with a number after it, one per field)."""


class Canaries:
    """Unusual numbers and words put into a case's private fields, and a finder for them."""

    def __init__(self) -> None:
        self.numbers: list[float] = []
        self.words: list[str] = []
        self._next = 0

    def word(self) -> str:
        self._next += 1
        text = f"{CANARY_WORD}{self._next}"
        self.words.append(text)
        return f"{text} notes"

    def shift(self, value: float, by: float) -> float:
        shifted = float(value) + by
        self.numbers.append(shifted)
        return shifted

    def forms(self, number: float) -> set[str]:
        """Every way a document could write the number."""
        found = {repr(number), f"{number:.2f}"}
        if number == int(number):
            found.add(f"{number:.1f}")
            whole = int(number)
            grouped = f"{whole:,}"
            found |= {
                str(whole),
                grouped,
                grouped.replace(",", " "),
                grouped.replace(",", "\u00a0"),
            }
            found.add(grouped.replace(",", "."))
            if whole % 1000 == 0:
                found.add(f"{whole // 1000}k")
            found.add(f"{whole / 1000:.1f}k")
            if whole >= 10_000:  # rounded to thousands the short way: 48,271 as 48k
                found.add(f"{round(whole / 1000)}k")
        else:
            found |= {f"{number:,.2f}", f"{number:.1f}"}
            if number < 1:  # a probability: 0.07, 7%, 7 %, 7.4%, 7.37 %
                percents = {f"{number * 100:.1f}", f"{number * 100:g}"}
                if round(number * 100, 9) == round(number * 100):
                    percents.add(f"{round(number * 100)}")
                for percent in percents:
                    found |= {f"{percent}%", f"{percent} %", f"{percent}\u00a0%"}
        return found

    def leaks(self, text: str) -> list[str]:
        """The canaries found in ``text`` (numbers as whole tokens, words anywhere)."""
        found = [word for word in self.words if word.lower() in text.lower()]
        if CANARY_WORD.lower() in text.lower():
            found.append(CANARY_WORD)
        forms = sorted({form for number in self.numbers for form in self.forms(number)}, key=len)
        if forms:  # one pass over the text for every form of every number, longest first
            pattern = "|".join(re.escape(form) for form in reversed(forms))
            found += re.findall(rf"(?<![\d.,])(?:{pattern})(?![\d])", text)
        return found
