"""Per-learner sandboxes: isolation, the clock, and seed dates that follow the scenario's clock."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from ekinerja_tutor.bootstrap import Services
from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.persistence.models import Base, DailyEntry, QuarterRecap, Sandbox
from ekinerja_tutor.services.actors import SYSTEM
from tests.integration.conftest import build, open_built

DARTO = "197205142008011009"


def dump(services: Services, username: str) -> list[tuple[str, tuple[Any, ...]]]:
    """Every row of one sandbox (and the sandbox row itself), in a stable order."""
    view = services.sandboxes.ensure_for_username(SYSTEM, username)
    rows: list[tuple[str, tuple[Any, ...]]] = []
    with services.ctx.db.read() as session:
        sandbox = session.get(Sandbox, view.id)
        assert sandbox is not None
        rows.append(("sandbox", (sandbox.id, sandbox.today, sandbox.persona_id, sandbox.version)))
        for table in Base.metadata.sorted_tables:
            if "sandbox_id" not in table.c or table.name == "sandbox":
                continue
            for row in session.execute(
                select(table).where(table.c.sandbox_id == view.id).order_by(table.c.id)
            ):
                rows.append((table.name, tuple(row)))
    return rows


def test_reset_and_delete_touch_only_one_sandbox(built_services: Services) -> None:
    services = built_services
    before = dump(services, DARTO)
    assert len(before) > 300  # a real year: SKP, Rencana Aksi, months of entries, audit
    services.sandboxes.move_clock(SYSTEM, "darto2", move="next_day")
    services.sandboxes.reset(SYSTEM, "darto2")
    services.sandboxes.delete(SYSTEM, "darto2")
    assert services.sandboxes.for_account(SYSTEM, _account_id(services, "darto2")) is None
    assert dump(services, DARTO) == before
    recreated = services.sandboxes.ensure_for_username(SYSTEM, "darto2")
    assert recreated.persona_key == "darto"
    assert dump(services, DARTO) == before


def _account_id(services: Services, username: str) -> int:
    from ekinerja_tutor.persistence.models import Account

    with services.ctx.db.read() as session:
        account_id = session.scalar(select(Account.id).where(Account.username == username))
        assert account_id is not None
        return account_id


def test_clock_moves_forward_only_and_only_in_one_sandbox(sqlite_services: Services) -> None:
    services = sqlite_services
    other = dump(services, "darto2")
    start = services.sandboxes.ensure_for_username(SYSTEM, DARTO).today
    assert start == dt.datetime(2026, 5, 13, 7, 30)  # Wednesday, from the base scenario
    # 14 May 2026 is Kenaikan Isa Almasih and 15 May cuti bersama: next is Monday 18 May
    moved = services.sandboxes.move_clock(SYSTEM, DARTO, move="next_day")
    assert moved.today == dt.datetime(2026, 5, 18, 8, 0)
    assert services.sandboxes.move_clock(SYSTEM, DARTO, move="next_day").today.date() == dt.date(
        2026, 5, 19
    )
    assert services.sandboxes.move_clock(SYSTEM, DARTO, move="month_end").today.date() == dt.date(
        2026, 5, 31
    )
    assert services.sandboxes.move_clock(SYSTEM, DARTO, move="quarter_end").today.date() == dt.date(
        2026, 6, 30
    )
    assert services.sandboxes.move_clock(
        SYSTEM, DARTO, move="date", target=dt.date(2026, 8, 3)
    ).today.date() == dt.date(2026, 8, 3)
    with pytest.raises(ValidationError) as error:
        services.sandboxes.move_clock(SYSTEM, DARTO, move="date", target=dt.date(2026, 1, 5))
    assert error.value.key == "error.clock_backwards"
    assert dump(services, "darto2") == other


def test_seed_dates_follow_the_scenario_clock(tmp_path: Path) -> None:
    """Move the base scenario's clock to August: the history follows it."""
    from ekinerja_tutor.content.paths import content_root

    content = tmp_path / "sandbox_data"
    shutil.copytree(content_root(), content)
    base = content / "scenarios" / "base.toml"
    base.write_text(base.read_text().replace("date = 2026-05-13", "date = 2026-08-12"))
    url = f"sqlite:///{tmp_path}/tutor.db"
    import os

    os.environ["EKINERJA_TUTOR_CONTENT"] = str(tmp_path)
    try:
        from ekinerja_tutor.content.library import clear_content_caches

        clear_content_caches()
        build(url, tmp_path)
        services = open_built(url, tmp_path)
        try:
            view = services.sandboxes.ensure_for_username(SYSTEM, DARTO)
            assert view.today == dt.datetime(2026, 8, 12, 7, 30)
            with services.ctx.db.read() as session:
                last = session.scalar(
                    select(DailyEntry.tanggal)
                    .where(DailyEntry.person_id == view.persona_id)
                    .order_by(DailyEntry.tanggal.desc())
                    .limit(1)
                )
                quarters = set(
                    session.scalars(
                        select(QuarterRecap.quarter).where(
                            QuarterRecap.person_id == view.persona_id
                        )
                    )
                )
            assert last is not None and dt.date(2026, 8, 1) <= last < dt.date(2026, 8, 12)
            assert quarters == {2}  # "previous" quarter of August
        finally:
            services.close()
    finally:
        del os.environ["EKINERJA_TUTOR_CONTENT"]
        clear_content_caches()


def test_a_clone_points_only_at_its_own_rows(sqlite_services: Services) -> None:
    """Every id inside a cloned sandbox (foreign keys, feedback on an IKI) is its own."""
    from ekinerja_tutor.persistence.models import Feedback, Iki

    services = sqlite_services
    view = services.sandboxes.ensure_for_username(SYSTEM, "darto2")
    with services.ctx.db.read() as session:
        own_ikis = set(session.scalars(select(Iki.id).where(Iki.sandbox_id == view.id)))
        refs = session.scalars(
            select(Feedback.target_ref).where(
                Feedback.sandbox_id == view.id, Feedback.target_kind == "iki"
            )
        ).all()
    assert refs and {int(r) for r in refs} <= own_ikis
