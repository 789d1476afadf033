"""Filling a sandbox's Practice Drive while its scenario year is built.

The year builder calls :class:`DriveSeeder` (inside its joined transaction, through
:class:`DriveService`, so every folder and file is audited and lands in the template that
learners' sandboxes are cloned from):

* a quarterly evidence folder ("Data dukung TW I 2026" …) for everyone who sends a quarterly
  recap, shared with anyone with the link, whose link is the recap's evidence folder;
* the persona's folders for the quarters of the year so far (the current one still private:
  sharing it is part of the practice);
* the sample evidence of ``sandbox_data/drive/manifest.toml`` (photos, attendance lists,
  reports) with its dates, captions and sharing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ekinerja_tutor.content.drive import load_drive_samples
from ekinerja_tutor.domain.drive import GeneralAccess
from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.persistence.models import Person
from ekinerja_tutor.services.actors import SYSTEM, Seat
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.drive import DriveItemView, DriveService, stable_token

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def quarter_folder_name(year: int, quarter: int) -> str:
    """ "Data dukung TW I 2026": the folder name offices use for a quarter's evidence."""
    return f"Data dukung TW {ROMAN[quarter]} {year}"


class DriveSeeder:
    """Puts folders and sample files in one sandbox's drive (the program acting as owners)."""

    def __init__(
        self,
        ctx: ServiceContext,
        sandbox_id: int,
        people: Mapping[str, Person],
        persona: str | None,
        today: dt.date,
    ) -> None:
        self.ctx = ctx
        self.sandbox_id = sandbox_id
        self.people = people
        self.persona = persona
        self.today = today
        self.drive = DriveService(ctx)

    def seat(self, key: str) -> Seat:
        return Seat(SYSTEM, self.sandbox_id, self.people[key].id)

    def quarter_folder(
        self, key: str, year: int, quarter: int, *, shared: bool = False
    ) -> DriveItemView:
        """``key``'s evidence folder of the quarter (made when missing); shared with anyone
        with the link when ``shared``."""
        seat = self.seat(key)
        name = quarter_folder_name(year, quarter)
        folder = self.drive.find_folder(seat, self.people[key].id, name)
        if folder is None:
            start = dt.date(year, 3 * quarter - 2, 1)
            folder = self.drive.create_folder(
                seat,
                None,
                name,
                caption=f"Bukti kegiatan triwulan {ROMAN[quarter]} tahun {year}.",
                item_date=min(start, self.today),
                token=stable_token(self.sandbox_id, "quarter", key, year, quarter),
            )
        if shared and folder.access is not GeneralAccess.ANYONE_WITH_LINK:
            folder = self.drive.set_sharing(seat, folder.id, GeneralAccess.ANYONE_WITH_LINK)
        return folder

    def owner_key(self, word: str) -> str | None:
        if word == "persona":
            return self.persona
        if word == "supervisor":
            if self.persona is None:
                return None
            boss = self.people[self.persona].supervisor_id
            return next((k for k, p in self.people.items() if p.id == boss), None)
        if word not in self.people:
            raise ConfigError("error.seed_data", detail=f"drive/manifest.toml: no person {word!r}")
        return word

    def put_samples(self) -> None:
        """The persona's quarter folders and the manifest's sample evidence."""
        if self.persona is None or self.persona not in self.people:
            return
        for quarter in range(1, (self.today.month - 1) // 3 + 2):
            self.quarter_folder(self.persona, self.today.year, quarter)
        samples = load_drive_samples(self.ctx.content_root)
        folders: dict[str, int] = {}
        for spec in samples.folders:
            owner = self.owner_key(spec.owner)
            if owner is None:
                continue
            view = self.drive.create_folder(
                self.seat(owner),
                None,
                spec.name,
                caption=spec.caption,
                item_date=self.today - dt.timedelta(days=spec.days_ago),
                token=stable_token(self.sandbox_id, "sample-folder", spec.key),
            )
            folders[spec.key] = view.id
            self.share(owner, view, spec.sharing, spec.people)
        for index, item in enumerate(samples.files):
            owner = self.owner_key(item.owner)
            if owner is None or (item.folder is not None and item.folder not in folders):
                continue
            view = self.drive.add_file(
                self.seat(owner),
                folders.get(item.folder) if item.folder else None,
                item.name,
                item.data,
                caption=item.caption,
                item_date=self.today - dt.timedelta(days=item.days_ago),
                token=item.token or stable_token(self.sandbox_id, "sample-file", index, item.file),
            )
            self.share(owner, view, item.sharing, item.people)

    def share(
        self, owner: str, view: DriveItemView, access: GeneralAccess, people: tuple[str, ...]
    ) -> None:
        ids = [
            self.people[key].id
            for key in (self.owner_key(word) for word in people)
            if key is not None and key in self.people
        ]
        if access is GeneralAccess.RESTRICTED and not ids:
            return
        self.drive.set_sharing(self.seat(owner), view.id, access, ids)
