"""The account use cases: first owner, users and roles, log-in with throttling, expiry, passwords."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from brightline.services.accounts import (
    CHEAP_HASH,
    AccountError,
    Accounts,
    HashCost,
    LoginFailed,
    LoginThrottled,
    token_hash,
)
from brightline.session.roles import Member, Role
from team_support import PASSWORD, database_url


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)

    def __call__(self) -> datetime.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += datetime.timedelta(**delta)


def _accounts(root: Path, clock: Clock | None = None, cost: HashCost = CHEAP_HASH) -> Accounts:
    from brightline.session.database import open_database

    url = database_url(root)
    return Accounts(lambda: open_database(url), cost=cost, clock=clock or Clock())


def test_the_first_owner_turns_team_mode_on_once(tmp_path: Path) -> None:
    accounts = _accounts(tmp_path)
    assert not accounts.team_mode()
    assert accounts.create_owner("Olive", PASSWORD, "Deal-Desk") == Member(
        "olive", "deal-desk", Role.OWNER
    )
    assert accounts.team_mode()
    with pytest.raises(AccountError, match="has users already"):
        accounts.create_owner("mallory", PASSWORD, "other")
    listed = accounts.list_users()
    assert [(user.name, user.memberships) for user in listed] == [
        ("olive", (Member("olive", "deal-desk", Role.OWNER),))
    ]


@pytest.mark.parametrize(
    ("name", "team", "password", "parameter"),
    [
        ("bad name", "acme", PASSWORD, "user"),
        ("<script>", "acme", PASSWORD, "user"),
        ("olive", "Acme Inc", PASSWORD, "team"),
        ("olive", "acme", "short", "password"),
        ("olive", "acme", "x" * 1025, "password"),
    ],
)
def test_names_ids_and_passwords_are_checked_before_anything_is_stored(
    tmp_path: Path, name: str, team: str, password: str, parameter: str
) -> None:
    accounts = _accounts(tmp_path)
    with pytest.raises(AccountError) as refused:
        accounts.create_owner(name, password, team)
    assert refused.value.parameter == parameter
    assert not accounts.team_mode()


def test_users_roles_and_unknown_roles(tmp_path: Path) -> None:
    accounts = _accounts(tmp_path)
    accounts.create_owner("olive", PASSWORD, "acme")
    assert accounts.add_user("Nina", PASSWORD) == "nina"
    with pytest.raises(AccountError, match="exists already"):
        accounts.add_user("nina", PASSWORD)
    assert accounts.grant("nina", "acme", "negotiator") == Member("nina", "acme", Role.NEGOTIATOR)
    assert accounts.grant("nina", "acme", Role.VIEWER).role is Role.VIEWER  # replaced
    assert accounts.grant("nina", "globex", "approver").team == "globex"  # new team made
    with pytest.raises(AccountError, match="is not a role; use one of owner, negotiator"):
        accounts.grant("nina", "acme", "admin")
    with pytest.raises(AccountError, match="there is no user 'ghost'"):
        accounts.grant("ghost", "acme", "viewer")
    assert accounts.team_members("acme") == [
        Member("nina", "acme", Role.VIEWER),
        Member("olive", "acme", Role.OWNER),
    ]


def test_log_in_opens_a_new_token_stored_only_as_its_hash(tmp_path: Path) -> None:
    accounts = _accounts(tmp_path)
    accounts.create_owner("olive", PASSWORD, "acme")
    first = accounts.authenticate(" Olive ", PASSWORD)
    second = accounts.authenticate("olive", PASSWORD)
    assert first.token != second.token and len(first.token) >= 43
    assert first.member == Member("olive", "acme", Role.OWNER)
    visit = accounts.visit(first.token)
    assert visit.team_mode and visit.member == first.member
    assert accounts.visit(token_hash(first.token)).member is None  # the stored hash logs nobody in
    assert accounts.visit("made-up").member is None
    accounts.log_out(first.token)
    assert accounts.visit(first.token).member is None
    assert accounts.visit(second.token).member is not None


def test_a_user_without_a_team_cannot_log_in(tmp_path: Path) -> None:
    accounts = _accounts(tmp_path)
    accounts.create_owner("olive", PASSWORD, "acme")
    accounts.add_user("drifter", PASSWORD)
    with pytest.raises(LoginFailed, match="the name or the password is wrong"):
        accounts.authenticate("drifter", PASSWORD)


def test_the_throttle_locks_a_name_then_lets_it_try_again(tmp_path: Path) -> None:
    clock = Clock()
    accounts = _accounts(tmp_path, clock)
    accounts.create_owner("olive", PASSWORD, "acme")
    for _ in range(4):
        with pytest.raises(LoginFailed) as failed:
            accounts.authenticate("olive", "wrong wrong wrong")
        assert not isinstance(failed.value, LoginThrottled)
    with pytest.raises(LoginThrottled, match="try again in 15 minutes"):
        accounts.authenticate("olive", "wrong wrong wrong")
    clock.advance(minutes=14)
    with pytest.raises(LoginThrottled, match=r"try again in 1 minute$"):
        accounts.authenticate("olive", PASSWORD)
    clock.advance(minutes=1, seconds=1)
    assert accounts.authenticate("olive", PASSWORD).member.user == "olive"


def test_guesses_sent_in_parallel_are_counted_before_any_is_checked(tmp_path: Path) -> None:
    """A burst of simultaneous guesses gets no more password checks than the throttle allows."""
    import threading

    accounts = _accounts(tmp_path)
    accounts.create_owner("olive", PASSWORD, "acme")
    checked: list[str] = []
    matches = accounts._matches
    start = threading.Barrier(12)

    def counting(stored_hash: str, password: str) -> bool:
        checked.append(password)
        return matches(stored_hash, password)

    accounts._matches = counting  # type: ignore[method-assign]
    outcomes: list[str] = []

    def guess(password: str) -> None:
        start.wait()
        try:
            accounts.authenticate("olive", password)
            outcomes.append("in")
        except LoginThrottled:
            outcomes.append("throttled")
        except LoginFailed:
            outcomes.append("failed")

    threads = [threading.Thread(target=guess, args=(f"wrong guess {n:02}",)) for n in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(checked) <= 5, checked
    assert outcomes.count("throttled") >= 7 and "in" not in outcomes
    with pytest.raises(LoginThrottled):
        accounts.authenticate("olive", PASSWORD)  # locked: the right password is not checked


def test_failures_spread_beyond_the_window_do_not_lock(tmp_path: Path) -> None:
    clock = Clock()
    accounts = _accounts(tmp_path, clock)
    accounts.create_owner("olive", PASSWORD, "acme")
    for _ in range(8):
        with pytest.raises(LoginFailed) as failed:
            accounts.authenticate("olive", "wrong wrong wrong")
        assert not isinstance(failed.value, LoginThrottled)
        clock.advance(minutes=4)  # four failures per window at most
        if _ % 4 == 3:
            clock.advance(minutes=16)
    assert accounts.authenticate("olive", PASSWORD)


def test_a_success_clears_the_count(tmp_path: Path) -> None:
    accounts = _accounts(tmp_path)
    accounts.create_owner("olive", PASSWORD, "acme")
    for _ in range(2):
        for _ in range(4):
            with pytest.raises(LoginFailed):
                accounts.authenticate("olive", "wrong wrong wrong")
        accounts.authenticate("olive", PASSWORD)  # never the fifth: never locked


def test_log_ins_end_when_idle_or_too_old(tmp_path: Path) -> None:
    clock = Clock()
    accounts = _accounts(tmp_path, clock)
    accounts.create_owner("olive", PASSWORD, "acme")
    idle = accounts.authenticate("olive", PASSWORD)
    busy = accounts.authenticate("olive", PASSWORD)
    for _ in range(12):  # busy is used every 59 minutes for 11 h 48 min, idle is not
        clock.advance(minutes=59)
        assert accounts.visit(busy.token).member is not None
    assert accounts.visit(idle.token).member is None
    clock.advance(minutes=13)  # 12 h 1 min in all: over, however busy
    assert accounts.visit(busy.token).member is None


def test_a_cheaper_hash_is_upgraded_at_the_next_log_in(tmp_path: Path) -> None:
    from brightline.session.accounts import AccountStore
    from brightline.session.database import open_database

    _accounts(tmp_path).create_owner("olive", PASSWORD, "acme")
    stronger = HashCost(time_cost=2, memory_kib=16, parallelism=1)
    _accounts(tmp_path, cost=stronger).authenticate("olive", PASSWORD)
    with open_database(database_url(tmp_path)) as database:
        stored = AccountStore(database).user("olive")
    assert stored is not None and "m=16,t=2,p=1" in stored.password_hash


def test_changing_and_resetting_a_password_end_every_log_in(tmp_path: Path) -> None:
    accounts = _accounts(tmp_path)
    accounts.create_owner("olive", PASSWORD, "acme")
    here = accounts.authenticate("olive", PASSWORD)
    there = accounts.authenticate("olive", PASSWORD)
    with pytest.raises(LoginFailed, match="current password is wrong"):
        accounts.change_password(here.token, "not the one at all", "a new long passphrase")
    renewed = accounts.change_password(here.token, PASSWORD, "a new long passphrase")
    assert accounts.visit(here.token).member is None
    assert accounts.visit(there.token).member is None
    assert accounts.visit(renewed.token).member is not None
    accounts.reset_password("olive", "an administrator's reset")
    assert accounts.visit(renewed.token).member is None
    assert accounts.authenticate("olive", "an administrator's reset")


def test_switching_team_needs_a_membership(tmp_path: Path) -> None:
    accounts = _accounts(tmp_path)
    accounts.create_owner("olive", PASSWORD, "acme")
    accounts.grant("olive", "globex", Role.VIEWER)
    logged_in = accounts.authenticate("olive", PASSWORD)
    assert logged_in.member.team == "acme"
    assert accounts.switch_team(logged_in.token, "globex") == Member("olive", "globex", Role.VIEWER)
    assert accounts.visit(logged_in.token).member == Member("olive", "globex", Role.VIEWER)
    with pytest.raises(AccountError, match="not a member of that team"):
        accounts.switch_team(logged_in.token, "initech")


def test_hashes_queue_instead_of_running_all_at_once(tmp_path: Path) -> None:
    import threading

    from brightline.services.accounts import HASHES_AT_ONCE

    accounts = _accounts(tmp_path)
    stored = accounts._passwords().hash(PASSWORD)
    running, most = 0, 0
    lock = threading.Condition()
    real = accounts._passwords()

    class Counting:
        """The real hasher, counting how many verifications run at once."""

        def verify(self, stored: str, password: str) -> bool:
            nonlocal running, most
            with lock:
                running += 1
                most = max(most, running)
                lock.notify_all()
                # Give the others the chance to pile in: without the limit all six would.
                lock.wait_for(lambda: running > HASHES_AT_ONCE, timeout=0.05)
            try:
                return bool(real.verify(stored, password))
            finally:
                with lock:
                    running -= 1

        def check_needs_rehash(self, stored: str) -> bool:
            return bool(real.check_needs_rehash(stored))

    accounts._hasher = Counting()
    threads = [
        threading.Thread(target=accounts._matches, args=(stored, PASSWORD)) for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= most <= HASHES_AT_ONCE
