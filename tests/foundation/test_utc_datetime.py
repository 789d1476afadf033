"""Real instants round-trip as aware UTC on both engines, whatever zone they were given in."""

import datetime as dt

from ekinerja_tutor.persistence import migrate
from ekinerja_tutor.persistence.database import Database, make_engine
from ekinerja_tutor.persistence.models import Account


def test_aware_datetimes_round_trip_as_utc(db_url: str) -> None:
    db = Database(make_engine(db_url))
    migrate.upgrade(db)
    wib = dt.timezone(dt.timedelta(hours=7))
    given = dt.datetime(2026, 5, 13, 7, 30, tzinfo=wib)
    with db.write() as session:
        account = Account(username="u", display_name="u", password_hash="x", created_at=given)
        session.add(account)
        session.flush()
        account_id = account.id
    with db.read() as session:
        reloaded = session.get(Account, account_id)
        assert reloaded is not None
        stored = reloaded.created_at
    db.dispose()
    assert stored == given
    assert stored.utcoffset() == dt.timedelta(0)
    assert stored.hour == 0 and stored.minute == 30
