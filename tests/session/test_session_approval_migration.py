"""The approvals tables come with one migration on a single chain, matching the tables module."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from brightline.session.database import create, current_revision, migrate, newest_revision
from brightline.session.store import open_store
from brightline.session.tables import metadata
from session_support import case_text


def test_the_migrations_form_one_chain_with_one_head() -> None:
    config = Config()
    config.set_main_option("script_location", "brightline.session:migrations")
    script = ScriptDirectory.from_config(config)
    assert len(script.get_heads()) == 1
    assert len(list(script.walk_revisions())) == len({r.revision for r in script.walk_revisions()})


def test_a_store_at_0003_comes_up_with_the_approval_tables_and_its_trail(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = create(url)
    migrate(engine, "0003")
    engine.dispose()
    case = tmp_path / "case.yaml"
    case.write_text(case_text(), encoding="utf-8")
    with open_store(url) as store:  # brings it to head
        assert current_revision(store.database.engine) == newest_revision()
        info = store.start(case.read_text(encoding="utf-8"), "case.yaml", "nina")
        assert store.verify(info.id).intact
        tables = inspect(store.database.engine)
        for name in ("approval_policies", "approval_requests"):
            stored = {column["name"] for column in tables.get_columns(name)}
            assert stored == set(metadata.tables[name].columns.keys()), name
