"""The composition root: settings → database → service context → services.

The CLI, the Textual app and the tests all wire the program through :func:`open_services`;
nothing is created at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ekinerja_tutor.settings import Settings

if TYPE_CHECKING:
    # Imported inside the functions: the login screen paints before SQLAlchemy loads
    # (measured by `ekinerja-tutor bench startup`).
    from ekinerja_tutor.domain.clock import Clock
    from ekinerja_tutor.persistence.database import Database
    from ekinerja_tutor.services.context import ServiceContext
    from ekinerja_tutor.services.documents.service import DocumentService
    from ekinerja_tutor.services.sandboxes import SandboxService
    from ekinerja_tutor.services.seeding import SeedService


@dataclass
class Services:
    """Every service, built lazily from one context (so start-up imports only what it uses)."""

    ctx: ServiceContext
    settings: Settings

    @cached_property
    def sandboxes(self) -> SandboxService:
        from ekinerja_tutor.services.sandboxes import SandboxService

        return SandboxService(self.ctx)

    @cached_property
    def seeding(self) -> SeedService:
        from ekinerja_tutor.services.seeding import SeedService

        return SeedService(self.ctx)

    @cached_property
    def documents(self) -> DocumentService:
        """The printed documents (Dokumen Evaluasi, activity recaps)."""
        from ekinerja_tutor.services.documents.service import DocumentService

        return DocumentService(self.ctx)

    def close(self) -> None:
        self.ctx.db.dispose()


def open_database(settings: Settings, *, upgrade: bool | None = None) -> Database:
    """Connect; the embedded database is created and upgraded automatically.

    Raises:
        ConfigError: the address is malformed.
        StorageError: the server cannot be reached.
    """
    from sqlalchemy import exc, text

    from ekinerja_tutor.domain.errors import StorageError
    from ekinerja_tutor.persistence import migrate
    from ekinerja_tutor.persistence.database import Database, make_engine, normalise_url

    url = normalise_url(settings.db_url)
    if url.get_backend_name() == "sqlite" and url.database:
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    db = Database(make_engine(url))
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except exc.DBAPIError as error:
        db.dispose()
        detail = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
        raise StorageError(
            "error.database_unreachable", url=db.display_url(), detail=detail
        ) from error
    wants_upgrade = settings.embedded if upgrade is None else upgrade
    if wants_upgrade and migrate.current_revision(db.engine) != migrate.HEAD:
        migrate.upgrade(db)
    return db


def open_services(
    settings: Settings,
    *,
    clock: Clock | None = None,
    content_root: Path | None = None,
    upgrade: bool | None = None,
) -> Services:
    from ekinerja_tutor.domain.clock import SystemClock
    from ekinerja_tutor.services.context import ServiceContext

    db = open_database(settings, upgrade=upgrade)
    ctx = ServiceContext(
        db=db,
        clock=clock or SystemClock(),
        content_root=content_root,
        extras={"served": settings.served},
    )
    return Services(ctx=ctx, settings=settings)


def open_ready_services(settings: Settings, *, clock: Clock | None = None) -> Services:
    """Open the database; an empty embedded one is seeded with the practice accounts."""
    services = open_services(settings, clock=clock)
    if settings.embedded and not services.seeding.is_seeded():
        services.seeding.rebuild()
    return services


def run_app(*, db: str | None = None, lang: str | None = None) -> int:
    """Open the Textual app; it paints first and calls the factory in a worker."""
    from ekinerja_tutor.ui.app import TutorApp

    settings = Settings.resolve(db)
    app = TutorApp(lang=lang, services_factory=lambda: open_ready_services(settings))
    from ekinerja_tutor.ui.ready_marker import ready_autopilot

    app.run(auto_pilot=ready_autopilot())  # None unless `bench startup` asks for a marker
    return app.return_code or 0
