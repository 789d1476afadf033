"""A process that works until it is killed: entries created, evidenced, sent; drafts autosaved.

``python -m tests.faults.worker DB HOME SANDBOX PERSON MODE`` prints one line per action
*after* it returned (so after its commit): ``saved ID``, ``evidence ID``, ``sent ID`` or
``draft N``. The parent kills it with SIGKILL at a random moment and checks the files.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from argon2 import PasswordHasher

from ekinerja_tutor.bootstrap import open_services
from ekinerja_tutor.domain.clock import FixedClock
from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.services.actors import SYSTEM, Seat
from ekinerja_tutor.services.daily_logs import DailyLogService
from ekinerja_tutor.services.drafts import DraftStore
from ekinerja_tutor.settings import Settings

NOW = dt.datetime(2026, 5, 13, 2, 0, tzinfo=dt.UTC)
LINK = "https://drive.google.com/file/d/fault-{n}/view"


def main() -> None:
    db, home, sandbox_id, person_id, mode, ra = sys.argv[1:7]
    settings = Settings(home=Path(home), db_url=f"sqlite:///{db}", embedded=True)
    services = open_services(settings, clock=FixedClock(NOW), upgrade=False)
    services.ctx.extras["password_hasher"] = PasswordHasher(time_cost=1, memory_cost=8)
    daily = DailyLogService(services.ctx)
    seat = Seat(SYSTEM, int(sandbox_id), int(person_id))
    drafts = DraftStore(settings.drafts_dir)
    out = sys.stdout
    n = 0
    while True:
        n += 1
        if mode == "autosave":
            fields = {"kegiatan": f"Ketikan ke-{n} " + "x" * (n % 400), "n": n}
            drafts.save("7", "daily-entry:new", fields)
            out.write(f"draft {n}\n")
            out.flush()
            continue
        start = 6 * 60 + (n * 5) % (12 * 60)  # 5-minute slots from 06:00, no overlap
        form = DailyEntryInput(
            tanggal=dt.date(2026, 5, 13),
            jam_mulai=dt.time(start // 60, start % 60),
            jam_selesai=dt.time((start + 5) // 60, (start + 5) % 60),
            kegiatan=f"Kegiatan uji gangguan nomor {n}",
            realisasi=1,
            satuan="dokumen",
            bukti_dukung="",
            rencana_aksi_id=int(ra) if ra != "-" else None,
        )
        view = daily.save_draft(seat, None, form)
        out.write(f"saved {view.id} {n}\n")
        out.flush()
        link = LINK.format(n=n)
        daily.save_draft(seat, view.id, DailyEntryInput(**{**form.__dict__, "bukti_dukung": link}))
        out.write(f"evidence {view.id} {n}\n")
        out.flush()
        try:
            daily.submit(seat, view.id)
        except Exception as error:  # a rule may refuse (e.g. no Rencana Aksi): still a commit
            out.write(f"refused {view.id} {type(error).__name__}\n")
            out.flush()
            continue
        out.write(f"sent {view.id} {n}\n")
        out.flush()


if __name__ == "__main__":
    main()
