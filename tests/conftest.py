"""Shared fixtures and suite settings: example paths, a case-file writer, the in-process CLI, the
Hypothesis profiles that keep property tests within the suite's time budget, and one PostgreSQL
database per pytest-xdist worker.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
GENIUS = ROOT.parent / "shared" / "data" / "genius"

# The suite never touches the user's own data folder: a test that opens the default store would
# otherwise read (and migrate) the developer's real sessions, and fail on a store another
# checkout has moved to a newer schema. Each process (each xdist worker) gets an empty one.
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="brightline-test-data-")

POSTGRES_VARIABLE = "BRIGHTLINE_TEST_POSTGRES_URL"
"""The throwaway PostgreSQL server's URL (scripts/postgres.sh exports it)."""

PROFILE_VARIABLE = "BRIGHTLINE_HYPOTHESIS_PROFILE"
FUZZ_VARIABLE = "BRIGHTLINE_FUZZ_EXAMPLES"

# "ci" (the default) runs every property test at 100 examples, or at the smaller count an expensive
# one asks for through tests/budget.py's ``@examples(N)`` (which scales with the profile), so the
# whole suite stays within its budget; no deadline, since the machine's load and the first numba
# compilation decide an example's time, not the code under test. "deep" digs ten times deeper, for
# a nightly or manual run: BRIGHTLINE_HYPOTHESIS_PROFILE=deep (or pytest --hypothesis-profile=deep).
# BRIGHTLINE_FUZZ_EXAMPLES=N sets the profile's examples to N (and scales every @examples count).
settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("deep", settings.get_profile("ci"), max_examples=1000)
_profile = os.environ.get(PROFILE_VARIABLE, "ci")
if os.environ.get(FUZZ_VARIABLE):
    settings.register_profile(
        f"{_profile}-fuzz",
        settings.get_profile(_profile),
        max_examples=int(os.environ[FUZZ_VARIABLE]),
    )
    _profile = f"{_profile}-fuzz"
settings.load_profile(_profile)


SLOW_FIRST = (
    "web/test_web_team_load.py",
    "session/test_session_crash.py",
    "web/test_browser_journey.py",
    "economics/test_economics_guards.py",
    "web/test_browser_analysis.py",
    "economics/test_economics_simulator.py",
    "report/test_documents_privacy.py",
    "case/test_fuzz_loading.py",
)
"""Test files, slowest first, that run before all others (each file's tests keep their order).

pytest-xdist's worksteal gives each worker a share of the collection in order and lets a worker
that runs dry take half of another's queue; what it cannot split is one long test near the end,
which leaves the other core idle until it is done. Started first, the long tests overlap with
the many short ones instead.
"""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Move the files in :data:`SLOW_FIRST` to the front, in that order."""
    rank = {Path(__file__).parent / name: position for position, name in enumerate(SLOW_FIRST)}
    last = len(SLOW_FIRST)
    items.sort(key=lambda item: rank.get(item.path, last))  # stable: the rest keep their order


def _worker_database(server: str, worker: str) -> str:
    """Create (afresh) the worker's own database on the test server and return its URL.

    Workers share one server but never a database, so the schema migration on first open, the
    tampering tests and the lock-contention tests of one worker cannot meet another's.
    """
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(server)
    name = f"{url.database or 'brightline_test'}_{worker}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist, point this worker's session tests at a database of its own."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    server = os.environ.get(POSTGRES_VARIABLE, "")
    if worker and server:
        os.environ[POSTGRES_VARIABLE] = _worker_database(server, worker)


@pytest.fixture
def saas_case_path() -> Path:
    return EXAMPLES / "saas-data-residency.yaml"


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write text or bytes to a file under tmp_path and return its path."""

    def write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


class Outcome:
    """What a CLI run printed and returned."""

    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.exit_code = code
        self.stdout = stdout
        self.stderr = stderr
        self.output = stdout + stderr


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Outcome]:
    """Run ``brightline ARGS...`` in-process, exactly as the console script does (exit codes too).

    Usage: ``result = cli("check", str(path)); assert result.exit_code == 0, result.output``.
    """
    from brightline.cli.app import run

    def invoke(*arguments: str) -> Outcome:
        capsys.readouterr()
        code = run(list(arguments))
        captured = capsys.readouterr()
        return Outcome(code, captured.out, captured.err)

    return invoke
