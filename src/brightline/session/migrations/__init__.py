"""Alembic migrations of the session store, run programmatically by ``database.migrate``."""
