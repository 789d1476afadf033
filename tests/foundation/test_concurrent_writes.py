"""Many processes writing at once: no lost update, no "database is locked", on both engines.

Each process runs read-modify-write transactions the way services do (`db.write()` plus a
row lock); SQLite serialises them with BEGIN IMMEDIATE, PostgreSQL with SELECT … FOR UPDATE.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sqlalchemy import func, select

from ekinerja_tutor.persistence import migrate
from ekinerja_tutor.persistence.database import Database, make_engine
from ekinerja_tutor.persistence.models import Account

PROCESSES = 8
INCREMENTS = 25


def _increment(url: str, account_id: int, times: int) -> list[str]:
    db = Database(make_engine(url))
    errors: list[str] = []
    try:
        for _ in range(times):
            try:
                with db.write() as session:
                    account = session.execute(
                        select(Account).where(Account.id == account_id).with_for_update()
                    ).scalar_one()
                    account.failed_attempts += 1
            except Exception as error:  # the test reports every kind of failure
                errors.append(repr(error))
    finally:
        db.dispose()
    return errors


def test_parallel_read_modify_write_loses_nothing(db_url: str) -> None:
    db = Database(make_engine(db_url))
    migrate.upgrade(db)
    with db.write() as session:
        account = Account(
            username="counter",
            display_name="c",
            password_hash="x",
            created_at=dt.datetime.now(dt.UTC),
        )
        session.add(account)
        session.flush()
        account_id = account.id
    db.dispose()

    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(PROCESSES, mp_context=ctx) as pool:
        results = list(
            pool.map(
                _increment, [db_url] * PROCESSES, [account_id] * PROCESSES, [INCREMENTS] * PROCESSES
            )
        )
    errors = [e for errs in results for e in errs]
    assert errors == []
    db = Database(make_engine(db_url))
    with db.read() as session:
        stored = session.get(Account, account_id)
        assert stored is not None
        assert stored.failed_attempts == PROCESSES * INCREMENTS
    db.dispose()


def test_sqlite_writers_take_turns_at_the_file_lock(tmp_path: Path) -> None:
    """A writer waits, asleep, while another thread holds the turn; then writes at once."""
    import threading
    import time

    db = Database(make_engine(f"sqlite:///{tmp_path}/turns.db"))
    migrate.upgrade(db)
    turn = db._turn
    assert turn is not None
    holding, release = threading.Event(), threading.Event()
    wrote_at: list[float] = []

    def hold() -> None:
        with turn.held():
            holding.set()
            release.wait(5)

    def write() -> None:
        with db.write() as session:
            session.add(
                Account(
                    username="turn",
                    display_name="t",
                    password_hash="x",
                    created_at=dt.datetime.now(dt.UTC),
                )
            )
        wrote_at.append(time.monotonic())

    holder = threading.Thread(target=hold)
    holder.start()
    assert holding.wait(5)
    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(0.3)
    assert wrote_at == []  # still waiting for its turn
    released = time.monotonic()
    release.set()
    writer.join(5)
    holder.join(5)
    assert wrote_at and wrote_at[0] >= released
    assert (tmp_path / "turns.db-writelock").exists()
    # the turn is given back: a later write does not wait; a nested one does not wait for itself
    with db.write(), db.write():
        pass
    db.dispose()


NOW = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)


def test_commits_count_what_a_screen_would_show_only(tmp_path: Path) -> None:
    db = Database(make_engine(f"sqlite:///{tmp_path / 'c.db'}"))
    migrate.upgrade(db)
    try:
        assert db.commits == 0
        with db.write() as session:
            session.add(
                Account(username="ani", display_name="Ani", password_hash="x", created_at=NOW)
            )
        assert db.commits == 1
        with db.write(counted=False) as session:  # bookkeeping
            session.execute(select(Account.id)).all()
        assert db.commits == 1
        with contextlib.suppress(RuntimeError), db.write() as session:
            session.add(
                Account(username="budi", display_name="Budi", password_hash="x", created_at=NOW)
            )
            raise RuntimeError("rolled back")
        assert db.commits == 1  # nothing saved
        with db.read() as session:
            assert session.scalar(select(func.count()).select_from(Account)) == 1
    finally:
        db.dispose()
