"""Schema management with Alembic, driven from code (``ekinerja-tutor db upgrade``)."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from ekinerja_tutor.persistence.database import Database

HEAD = "0001"
"""The newest revision, known without importing Alembic (a test keeps it equal to Alembic's)."""


def _config(connection: object | None = None):  # type: ignore[no-untyped-def]
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "ekinerja_tutor.persistence:migrations")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The schema revision in the database, read without importing Alembic."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(db: Database, revision: str = "head") -> str:
    """Bring the schema to ``revision``; returns the revision now in force."""
    from alembic import command

    with db.engine.begin() as conn:
        command.upgrade(_config(conn), revision)
    current = current_revision(db.engine)
    assert current is not None
    return current


def generate(db: Database, message: str) -> None:  # pragma: no cover - developer tool
    """Autogenerate a new revision against ``db`` (used by ``make migration``)."""
    from alembic import command

    with db.engine.begin() as conn:
        command.revision(_config(conn), message=message, autogenerate=True)
