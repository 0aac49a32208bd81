"""Wrong current passwords in a password change count against the log-in throttle.

A browser left logged in used to allow unlimited guesses at the current password.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from brightline.services.accounts import LoginFailed, LoginThrottled, Throttle
from team_support import PASSWORD, accounts

NEW = "a brand new passphrase"


def test_guessing_the_current_password_locks_the_name_like_failed_log_ins(tmp_path: Path) -> None:
    found = accounts(tmp_path, throttle=Throttle(failures=3))
    found.create_owner("olive", PASSWORD, "acme")
    token = found.authenticate("olive", PASSWORD).token
    for guess in range(2):
        with pytest.raises(LoginFailed, match="the current password is wrong") as raised:
            found.change_password(token, f"guess number {guess}", NEW)
        assert not isinstance(raised.value, LoginThrottled)
    with pytest.raises(LoginThrottled):  # the third failure locks the name, as a log-in's does
        found.change_password(token, "guess number 3", NEW)
    with pytest.raises(LoginThrottled):
        found.change_password(token, PASSWORD, NEW)  # locked: even the right one is not checked
    with pytest.raises(LoginThrottled):
        found.authenticate("olive", PASSWORD)


def test_a_right_current_password_clears_the_count(tmp_path: Path) -> None:
    found = accounts(tmp_path, throttle=Throttle(failures=2))
    found.create_owner("olive", PASSWORD, "acme")
    token = found.authenticate("olive", PASSWORD).token
    with pytest.raises(LoginFailed):
        found.change_password(token, "not it, not at all", NEW)
    renewed = found.change_password(token, PASSWORD, NEW)
    with pytest.raises(LoginFailed):
        found.change_password(renewed.token, "not it either, no", PASSWORD)
    assert found.authenticate("olive", NEW).member.user == "olive"
