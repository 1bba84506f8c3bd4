"""Alembic environment for the journal. Always run through `storage.migrate.upgrade`, which hands in
an open connection inside a transaction (so concurrent starts take turns; see there)."""

from __future__ import annotations

from alembic import context

from storage.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the alembic CLI is not how this project migrates
    raise RuntimeError("run the journal migrations through storage.migrate.upgrade()")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
