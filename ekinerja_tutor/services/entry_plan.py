"""A plausible Progres Harian entry composed from the office's plan.

The year builder (history) and the simulated colleagues (work written as the clock moves)
write entries the same way: an activity from the RHK's pool, a duration within the day's
minute cap, a realisasi in the typical range, a place in the regency and an evidence link.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ekinerja_tutor.content.plan import fill_pattern, pattern_values

if TYPE_CHECKING:
    from ekinerja_tutor.content.office import OfficeData
    from ekinerja_tutor.content.plan import KegiatanData

DEFAULT_DRIVE = "https://drive.google.com/drive/folders/"
SHORTEST_MINUTES = 30
"""An activity shorter than this is not worth an entry: the day is full."""


@dataclass(frozen=True)
class PlannedActivity:
    """One activity of a day, ready for the form."""

    start: dt.datetime
    end: dt.datetime
    minutes: int
    kegiatan: str
    realisasi: int
    satuan: str
    bukti_dukung: str


def place(office: OfficeData, rng: random.Random) -> dict[str, str]:
    """A kecamatan and desa of the regency for the activity patterns' {kecamatan}/{desa}."""
    if not office.wilayah:
        return {}
    area = office.wilayah[rng.randrange(len(office.wilayah))]
    desa = area.desa[rng.randrange(len(area.desa))] if area.desa else ""
    return {"kecamatan": area.kecamatan, "desa": desa}


def evidence_link(office: OfficeData, key: str, day: dt.date, rng: random.Random) -> str:
    """A practice link to the person's evidence folder for ``day``."""
    prefix = office.evidence_drive or DEFAULT_DRIVE
    return f"{prefix}{key}-{day:%Y%m%d}-{rng.randrange(16**6):06x}"


def plan_activity(
    pool: tuple[KegiatanData, ...],
    *,
    day: dt.date,
    start: dt.datetime,
    minutes_left: int,
    office: OfficeData,
    person_key: str,
    rng: random.Random,
) -> PlannedActivity | None:
    """The next activity of the day from ``pool``, or None when the minutes left are too few."""
    kegiatan = pool[rng.randrange(len(pool))]
    low, high = kegiatan.menit
    minutes = min(rng.randrange(low, high + 1, 15) if high > low else low, minutes_left)
    if minutes < SHORTEST_MINUTES:
        return None
    return PlannedActivity(
        start=start,
        end=start + dt.timedelta(minutes=minutes),
        minutes=minutes,
        kegiatan=fill_pattern(kegiatan.text, pattern_values(day, **place(office, rng))),
        realisasi=rng.randint(*kegiatan.realisasi),
        satuan=kegiatan.satuan,
        bukti_dukung=evidence_link(office, person_key, day, rng),
    )
