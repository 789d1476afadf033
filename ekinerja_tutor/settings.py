"""Where data lives and which database to use, resolved once by the composition root."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "ekinerja-tutor"
ENV_HOME = "EKINERJA_TUTOR_HOME"
ENV_DB = "EKINERJA_TUTOR_DB"
ENV_SERVED = "EKINERJA_TUTOR_SERVED"
"""Set to 1 by ``ekinerja-tutor serve`` in each browser tab's app process."""


@dataclass(frozen=True)
class Settings:
    """Resolved configuration.

    Attributes:
        home: folder for the embedded database, autosaved drafts and exports.
        db_url: SQLAlchemy URL of the database in use.
        embedded: True for a SQLite file (by default under ``home``): created, upgraded and
            seeded automatically. False for a shared PostgreSQL server chosen with ``--db``.
        served: True when the app is served to browsers (no local files, downloads instead).
    """

    home: Path
    db_url: str
    embedded: bool
    served: bool = False

    @classmethod
    def resolve(cls, db: str | None = None, *, served: bool = False) -> Settings:
        served = served or os.environ.get(ENV_SERVED, "").strip() in ("1", "true", "yes")
        home_env = os.environ.get(ENV_HOME)
        if home_env:
            home = Path(home_env).expanduser()
        else:
            from platformdirs import user_data_path

            home = user_data_path(APP_NAME, appauthor=False)
        chosen = db or os.environ.get(ENV_DB)
        if chosen:
            embedded = chosen.strip().lower().startswith("sqlite")
            return cls(home=home, db_url=chosen, embedded=embedded, served=served)
        return cls(
            home=home,
            db_url=f"sqlite:///{home / 'ekinerja-tutor.db'}",
            embedded=True,
            served=served,
        )

    @property
    def drafts_dir(self) -> Path:
        return self.home / "drafts"
