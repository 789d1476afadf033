"""Alembic builds the whole schema from empty on SQLite and PostgreSQL."""

from sqlalchemy import inspect

from ekinerja_tutor.persistence import migrate
from ekinerja_tutor.persistence.database import Database, make_engine
from ekinerja_tutor.persistence.models import Base


def test_upgrade_from_empty_matches_models(db_url: str) -> None:
    db = Database(make_engine(db_url))
    try:
        assert migrate.current_revision(db.engine) is None
        assert migrate.upgrade(db) == migrate.HEAD
        tables = set(inspect(db.engine).get_table_names())
        assert set(Base.metadata.tables) <= tables
        # running it again is a no-op
        assert migrate.upgrade(db) == migrate.HEAD
    finally:
        db.dispose()


def test_models_and_migrations_agree(db_url: str) -> None:
    """No model change is left without a migration (autogenerate finds nothing to do)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    db = Database(make_engine(db_url))
    try:
        migrate.upgrade(db)
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
    finally:
        db.dispose()


def test_head_constant_is_alembics_head() -> None:
    assert migrate.head_revision() == migrate.HEAD
