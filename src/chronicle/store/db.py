"""Opening a store: URL handling, engine settings and migrations."""
from __future__ import annotations

import os
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event

DEFAULT_DB = "chronicle.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def database_url(db: str | os.PathLike | None = None) -> str:
    """Turn ``--db`` / ``CHRONICLE_DB`` into a SQLAlchemy URL.

    A value with ``://`` is taken as a URL (``postgresql://...``); anything
    else is a SQLite file path.
    """
    value = str(db or os.environ.get("CHRONICLE_DB") or DEFAULT_DB)
    if "://" in value:
        if value.startswith("postgresql://"):
            # psycopg 3 is the driver we pin; the bare scheme means psycopg2.
            value = "postgresql+psycopg://" + value[len("postgresql://"):]
        return value
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL keeps readers (the web app) working during an ingest, and with
    # synchronous=NORMAL a committed transaction survives a killed process.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    engine = create_engine(url, future=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the latest Alembic revision."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, "head")
