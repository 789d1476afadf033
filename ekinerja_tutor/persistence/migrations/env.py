"""Alembic environment: runs on the connection handed over by :mod:`..migrate`."""

from __future__ import annotations

from alembic import context

from ekinerja_tutor.persistence.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("run migrations through `ekinerja-tutor db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
