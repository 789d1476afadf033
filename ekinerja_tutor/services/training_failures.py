"""The real system's failures, applied where they happen (sign-in, saving a daily entry).

A trainer switches them on per account (:class:`~ekinerja_tutor.services.training.
TrainingService`); these helpers are what :mod:`services.auth` and :mod:`services.daily_logs`
call. Each failure fires on every other attempt: the first try fails, the retry works.
Slowness is a delay before the call does its work (the UI runs services in a thread worker,
so the screen shows it is busy instead of freezing).
"""

from __future__ import annotations

import time

from sqlalchemy import select, update

from ekinerja_tutor.domain.errors import StorageError
from ekinerja_tutor.persistence.database import Database
from ekinerja_tutor.persistence.models import PracticeFailure

LOGIN_FAILURE_KEY = "trainer.failure.login"
SAVE_FAILURE_KEY = "trainer.failure.save"
MAX_SLOWNESS_MS = 30_000


def _trip(db: Database, account_id: int | None, switch: str, tripped: str) -> bool:
    """Whether this attempt fails; flips the account's ``tripped`` flag (committed)."""
    if account_id is None:
        return False
    with db.read() as session:
        row = session.execute(
            select(getattr(PracticeFailure, switch), getattr(PracticeFailure, tripped)).where(
                PracticeFailure.account_id == account_id
            )
        ).first()
    if row is None or not row[0]:
        return False
    fail_now = not row[1]
    with db.write() as session:
        session.execute(
            update(PracticeFailure)
            .where(PracticeFailure.account_id == account_id)
            .values({tripped: fail_now})
            .execution_options(synchronize_session=False)
        )
    return fail_now


def slow_down(db: Database, account_id: int | None, *, scale: float = 1.0) -> None:
    """Wait the account's practice slowness (tests pass a small ``scale``)."""
    if account_id is None:
        return
    with db.read() as session:
        delay = session.scalar(
            select(PracticeFailure.slowness_ms).where(PracticeFailure.account_id == account_id)
        )
    if delay:
        time.sleep(min(delay, MAX_SLOWNESS_MS) / 1000 * scale)


def login_failure(db: Database, account_id: int | None, *, scale: float = 1.0) -> None:
    """Raise the practice sign-in failure when it is due for this account."""
    slow_down(db, account_id, scale=scale)
    if _trip(db, account_id, "login_failure", "login_tripped"):
        raise StorageError(LOGIN_FAILURE_KEY)


def save_failure(db: Database, account_id: int | None, *, scale: float = 1.0) -> None:
    """Raise the practice "server error" on saving when it is due for this account."""
    slow_down(db, account_id, scale=scale)
    if _trip(db, account_id, "save_error", "save_tripped"):
        raise StorageError(SAVE_FAILURE_KEY)
