"""Alembic environment: always run on a connection handed in by app.db.migrate."""

from __future__ import annotations

from alembic import context

from app.db import models  # noqa: F401  (registers every table)
from app.db.base import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through app.db.migrate, which supplies the connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
