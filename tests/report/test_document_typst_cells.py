"""Table cells in the PDF break where a reader expects: never inside a date, between a hash's groups.

Seen on the pages (pdftoppm): a record's date column printed ``2026-12-`` over ``02``, and the
trail's full SHA-256 column took half the page width, squeezing what each event says.
"""

from __future__ import annotations

from brightline.report.document import Table
from brightline.report.typst import cell_words, kept_whole

RECORD = Table(("Date", "What"), (("2026-12-02", "You offered Any region; Discount: 10%"),))
HASH = "a7cd317079819204aa592e434f9524aa3ae68ad1fcd683d4b5ed3bb27165915c"


def test_a_date_is_one_unbreakable_word() -> None:
    assert kept_whole(RECORD, 0, "2026-12-02", header=False)
    assert kept_whole(RECORD, 0, "2026-12-02 02:05:38", header=False)
    assert [word.text for word in cell_words("2026-12-02", whole=True)] == ["2026-12-02"]
    assert not kept_whole(RECORD, 1, "well-known terms", header=False)  # hyphens still break


def test_a_hash_breaks_only_between_groups_of_sixteen_digits() -> None:
    words = cell_words(HASH)
    assert [word.text for word in words] == [HASH[n : n + 16] for n in range(0, 64, 16)]
    assert not any(word.spaced for word in words[:-1])  # no space is added to the hash
    assert [word.text for word in cell_words("sha256 21e479d6bf8524c5")] == [
        "sha256",
        "21e479d6bf8524c5",
    ]
