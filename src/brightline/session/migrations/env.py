"""Alembic environment: runs on the connection that ``database.migrate`` hands over."""

from __future__ import annotations

from alembic import context

from brightline.session.tables import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached when someone runs `alembic` by hand
    raise RuntimeError("run migrations through brightline.session.database.migrate()")
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
