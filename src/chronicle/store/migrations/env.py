"""Alembic environment: Chronicle runs migrations programmatically.

``chronicle.store.db.migrate`` hands a live connection in through
``config.attributes["connection"]``, so the same migrations serve SQLite and
PostgreSQL without an alembic.ini on the user's machine.
"""
from alembic import context
from sqlalchemy import create_engine

from chronicle.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as conn:
            _run(conn)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
