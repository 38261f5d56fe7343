"""Storage: SQLAlchemy ORM, engine, Alembic migrations. Only services use it."""
