"""Engine and session scopes for SQLite (embedded) and PostgreSQL (shared).

Writes cannot lose updates on either engine:

* SQLite: WAL, ``busy_timeout`` 30 s, and every write transaction starts with
  ``BEGIN IMMEDIATE`` (pysqlite in autocommit mode, our own BEGIN), retried once when the
  lock is still held after the timeout. Reads use a plain deferred ``BEGIN``. Writers of a
  database file first take their turn at a file lock (:class:`WriteTurn`).
* PostgreSQL (and SQLite too): contested rows carry a ``version_id_col``, so two actors on
  one item end with exactly one winner; the loser gets :class:`Conflict`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ekinerja_tutor.domain.errors import ConfigError, Conflict, StorageError

SQLITE_BUSY_TIMEOUT_MS = 30_000

_ambient_session: ContextVar[Session | None] = ContextVar("ambient_session", default=None)


def normalise_url(raw: str) -> URL:
    """Parse a user-given database address; ``postgresql://`` means psycopg 3."""
    try:
        url = make_url(raw)
    except (exc.ArgumentError, ValueError) as error:
        raise ConfigError("error.database_url_invalid", url=raw) from error
    backend = url.get_backend_name()
    if backend == "postgresql":
        if url.get_driver_name() in ("", "psycopg2", "psycopg"):
            url = url.set(drivername="postgresql+psycopg")
    elif backend == "sqlite":
        if url.database in (None, "", ":memory:"):
            raise ConfigError("error.database_url_invalid", url=raw)
    else:
        raise ConfigError("error.database_url_invalid", url=raw)
    return url


def _install_sqlite_discipline(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        if not conn.get_execution_options().get("write"):
            conn.exec_driver_sql("BEGIN")
            return
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except exc.OperationalError as error:
            if "locked" not in str(error.orig).lower():
                raise
            time.sleep(0.05)
            conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: URL | str, *, pool_size: int = 5) -> Engine:
    url = normalise_url(url) if isinstance(url, str) else url
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
        _install_sqlite_discipline(engine)
        return engine
    return create_engine(
        url, pool_pre_ping=True, pool_size=pool_size, max_overflow=10, connect_args={}
    )


def translate_db_error(error: BaseException) -> StorageError | Conflict | None:
    """Map a driver failure to a typed error with a catalog message, or None if unknown."""
    if isinstance(error, StaleDataError):
        return Conflict()
    if isinstance(error, exc.DBAPIError):
        text = str(error.orig).lower() if error.orig is not None else str(error).lower()
        if "full" in text or "no space" in text:
            return StorageError("error.database_full")
        if "locked" in text or "busy" in text:
            return StorageError("error.database_busy")
        if error.connection_invalidated or (
            isinstance(error, exc.OperationalError)
            and ("connection" in text or "server closed" in text or "terminat" in text)
        ):
            return StorageError("error.database_disconnected")
        if isinstance(error, exc.IntegrityError):
            return Conflict()
    return None


class WriteTurn:
    """Writers to one SQLite file wait for their turn at a file lock, asleep in the kernel.

    Without it they wait in SQLite's busy handler, which sleeps 1, 2, 5 … up to 100 ms
    between tries: a writer that has waited a while sleeps through many short transactions
    of others, and thirty people signing in at once queued for seconds behind a lock that
    was free most of the time (``bench room``). ``flock`` wakes a waiter the moment the lock
    is free. Each thread has its own descriptor (a lock belongs to an open file, and a thread
    worker must wait for another thread's write too); a nested write in one thread does not
    wait for itself. Where ``fcntl`` is missing (Windows) SQLite's handler alone decides.
    """

    def __init__(self, path: str) -> None:
        self.path = path
        self._local = threading.local()

    def _descriptor(self) -> int:
        fd, pid = getattr(self._local, "fd", (None, None))
        if fd is None or pid != os.getpid():  # a forked child must not share its parent's
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            self._local.fd = (fd, os.getpid())
        return fd

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        if _flock is None or getattr(self._local, "depth", 0) != 0:
            yield
            return
        fd = self._descriptor()
        _flock(fd, _LOCK_EX)
        self._local.depth = 1
        try:
            yield
        finally:
            self._local.depth = 0
            _flock(fd, _LOCK_UN)


_flock: Callable[[int, int], None] | None
_LOCK_EX: int
_LOCK_UN: int
try:
    from fcntl import LOCK_EX as _LOCK_EX
    from fcntl import LOCK_UN as _LOCK_UN
    from fcntl import flock as _flock
except ImportError:  # pragma: no cover - Windows
    _flock = None
    _LOCK_EX = _LOCK_UN = 0


@dataclass
class Database:
    """The engine plus two session factories: one for reads, one for writes."""

    engine: Engine

    def __post_init__(self) -> None:
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        write_engine = self.engine.execution_options(write=True)
        self._reads = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(write_engine, expire_on_commit=False)
        path = self.engine.url.database if self.is_sqlite else None
        self._turn = WriteTurn(f"{path}-writelock") if path and path != ":memory:" else None
        self._commits = itertools.count(1)
        self.commits = 0
        """Write transactions this process has committed so far: a screen showing what it
        read can tell cheaply whether anything was saved since (other processes' writes are
        not counted)."""

    @property
    def url(self) -> URL:
        return self.engine.url

    def display_url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextlib.contextmanager
    def joined(self, session: Session) -> Iterator[None]:
        """Make service calls in this thread join ``session``'s transaction.

        Building a sandbox calls many services; joined, each call runs in a SAVEPOINT of one
        outer transaction, so the whole build commits once or not at all.
        """
        token = _ambient_session.set(session)
        try:
            yield
        finally:
            _ambient_session.reset(token)

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work (rolled back at the end)."""
        ambient = _ambient_session.get()
        if ambient is not None:
            yield ambient
            return
        with self._reads() as session:
            try:
                yield session
            except (exc.DBAPIError, StaleDataError) as error:
                raise (translate_db_error(error) or error) from error

    @contextlib.contextmanager
    def write(self, *, counted: bool = True) -> Iterator[Session]:
        """One user action: a write transaction committed at the end or not at all.

        ``counted=False``: bookkeeping that no screen shows (which screens were opened, the
        last error seen), left out of :attr:`commits`.
        """
        ambient = _ambient_session.get()
        if ambient is not None:
            with ambient.begin_nested():
                yield ambient
            return
        turn = self._turn.held() if self._turn is not None else contextlib.nullcontext()
        with turn, self._writes() as session:
            try:
                with session.begin():
                    yield session
            except (exc.DBAPIError, StaleDataError) as error:
                raise (translate_db_error(error) or error) from error
        if counted:
            self.commits = next(self._commits)

    def dispose(self) -> None:
        self.engine.dispose()
