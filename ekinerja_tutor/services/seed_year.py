"""Builds a sandbox's year from a scenario, through the services, as the simulated colleagues.

The builder replays the scenario's steps in order. Each step moves the sandbox clock to the
moment a person would really have acted (an SKP in early January, each day's entries at the
end of that day, a recap just after its quarter) and then calls the same service a person
would, sitting as that person (``SYSTEM`` seats). So every record has its audit trail, and dates,
on-time flags and locks come out as they would in a real office. The scenario's ``set_clock``
is the sandbox's "today" at the end; every relative date resolves against it.

Everything runs inside the caller's transaction (``Database.joined``): a sandbox is built
completely or not at all. Randomness (which days have entries, which activities) comes from a
generator seeded by the scenario and the clock, so a build is deterministic.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.clock import quarter_end, quarter_start
from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.domain.errors import ConfigError
from ekinerja_tutor.domain.statuses import (
    Aspek,
    DailyStatus,
    EvidenceCheck,
    LampiranKind,
    Perilaku,
    Rating,
    RecapStatus,
    RhkKlasifikasi,
    SkpStatus,
    UnitResult,
    VerificationLevel,
)
from ekinerja_tutor.persistence.models import (
    Assessment,
    DailyEntry,
    Feedback,
    Person,
    QuarterRecap,
    Realisasi,
    RecapStep,
    RencanaAksi,
    Rhk,
    Sandbox,
    Skp,
    Unit,
)
from ekinerja_tutor.services.actors import SYSTEM, Seat
from ekinerja_tutor.services.audit import record
from ekinerja_tutor.services.context import ServiceContext
from ekinerja_tutor.services.entry_plan import place, plan_activity

DAY_END = dt.time(16, 30)
RETURN_SHARE = 0.06
"""Share of approved history entries that were first returned with a note and sent again."""
MORNING = dt.time(8, 0)


class YearBuilder:
    """Applies one scenario chain to one freshly copied sandbox."""

    _pk_ids: dict[str, int]  # sasaran key -> Perjanjian Kinerja item id; set on first use

    def __init__(self, ctx: ServiceContext, sandbox_id: int) -> None:
        from ekinerja_tutor.content.library import load_feedback
        from ekinerja_tutor.content.office import load_office
        from ekinerja_tutor.content.plan import load_plan
        from ekinerja_tutor.services.daily_logs import DailyLogService
        from ekinerja_tutor.services.rencana_aksi import RencanaAksiService
        from ekinerja_tutor.services.results import ResultsService
        from ekinerja_tutor.services.skp import SkpService

        self.ctx = ctx
        self.sandbox_id = sandbox_id
        root = ctx.content_root
        self.office = load_office(root)
        self.plan = load_plan(root)
        self.feedback = load_feedback(root)
        self.skp = SkpService(ctx)
        self.ra = RencanaAksiService(ctx)
        self.daily = DailyLogService(ctx)
        self.results = ResultsService(ctx)
        self.rhk_ids: dict[str, int] = {}
        self.pending_intervention: dict[int, str] = {}  # rhk id -> supervisor RHK key

    # -- plumbing -------------------------------------------------------------------------------

    @property
    def session(self) -> Session:
        with self.ctx.db.read() as session:  # the ambient (joined) session
            return session

    @property
    def sandbox(self) -> Sandbox:
        sandbox = self.session.get(Sandbox, self.sandbox_id)
        assert sandbox is not None
        return sandbox

    def seat(self, key: str) -> Seat:
        return Seat(SYSTEM, self.sandbox_id, self.people[key].id)

    def at(self, day: dt.date, time: dt.time = MORNING) -> None:
        """Move the sandbox clock to when the next action really happens (never past today)."""
        moment = dt.datetime.combine(day, time)
        self.sandbox.today = min(moment, self.final)
        self.session.flush()

    def working_day_on_or_after(self, day: dt.date) -> dt.date:
        calendar = self.ctx.calendar
        return day if calendar.is_working_day(day) else calendar.next_working_day(day)

    def depth(self, key: str) -> int:
        return len(self.office.above(key))

    def by_depth(self, keys: Iterable[str]) -> list[str]:
        """Supervisors before their subordinates (file order within a level)."""
        return sorted(keys, key=self.depth)

    def note_text(self, key: str) -> str:
        return self.feedback.get(key).text("id")

    # -- the run --------------------------------------------------------------------------------

    def run(self, chain: Sequence[Any]) -> None:
        steps = [step for scenario in chain for step in scenario.steps]
        if not steps or steps[0].op != "set_clock":
            raise ConfigError(
                "error.seed_data", detail="scenario: the first step must be set_clock"
            )
        sandbox = self.sandbox
        self.persona = sandbox.persona_key
        self.people = {
            p.key: p
            for p in self.session.scalars(select(Person).where(Person.sandbox_id == sandbox.id))
        }
        self.final = self.final_clock(steps)
        self.today = self.final.date()
        self.year = self.today.year
        self.rng = random.Random(f"{chain[-1].name}|{self.final.isoformat()}|{self.persona}")
        sandbox.simulation = {}
        from ekinerja_tutor.services.drive_seed import DriveSeeder

        self.drive = DriveSeeder(self.ctx, self.sandbox_id, self.people, self.persona, self.today)
        for step in steps:
            getattr(self, f"op_{step.op}")(step)
        self.finish()

    @staticmethod
    def final_clock(steps: Sequence[Any]) -> dt.datetime:
        """The last ``set_clock`` of the chain wins (an overlay may move the base's today)."""
        final = None
        for step in steps:
            if step.op == "set_clock":
                hour, minute = (int(x) for x in step.args.get("time", "07:30").split(":"))
                final = dt.datetime.combine(step.args["date"], dt.time(hour, minute))
        assert final is not None
        return final

    def people_of(self, step: Any) -> list[str]:
        return [k for k in step.people(self.office, self.persona) if k in self.people]

    def finish(self) -> None:
        self.drive.put_samples()
        self.record_attendance()
        self.sandbox.today = self.final
        self.session.flush()

    def op_set_clock(self, step: Any) -> None:
        """Handled up front by :meth:`final_clock`."""

    # -- SKP ------------------------------------------------------------------------------------

    def skp_row(self, key: str) -> Skp | None:
        return self.session.scalar(
            select(Skp).where(Skp.person_id == self.people[key].id, Skp.year == self.year)
        )

    def ensure_perjanjian_kinerja(self) -> dict[str, int]:
        from ekinerja_tutor.services.skp import PerjanjianKinerjaItem

        pk = self.plan.perjanjian_kinerja
        if hasattr(self, "_pk_ids"):
            return self._pk_ids
        head = self.office.head_of(pk.unit).key
        unit = self.session.scalar(
            select(Unit).where(Unit.sandbox_id == self.sandbox_id, Unit.code == pk.unit)
        )
        assert unit is not None
        items = []
        for sasaran in pk.sasaran:
            for number, indikator in enumerate(sasaran.indikator, start=1):
                items.append(
                    PerjanjianKinerjaItem(
                        key=f"{sasaran.key}.{number}",
                        sasaran=sasaran.text,
                        indikator=indikator.text,
                        target=indikator.target,
                        satuan=indikator.satuan,
                    )
                )
        views = self.skp.create_perjanjian_kinerja(self.seat(head), unit.id, self.year, items)
        self._pk_ids = {}
        for view in views:
            sasaran_key = view.key.rsplit(".", 1)[0]
            self._pk_ids.setdefault(sasaran_key, view.id)
        return self._pk_ids

    def op_create_skp(self, step: Any) -> None:
        from ekinerja_tutor.content.scenarios import resolve_day

        start = self.working_day_on_or_after(
            resolve_day(step.args.get("start", "year_start"), self.today)
        )
        pk_ids = self.ensure_perjanjian_kinerja()
        for key in self.by_depth(self.people_of(step)):
            plan = self.plan.skp.get(key)
            if plan is None or self.skp_row(key) is not None:
                continue
            self.at(start, dt.time(8, 0))
            seat = self.seat(key)
            view = self.skp.create_skp(seat, self.year, plan.pendekatan)
            if step.args.get("content", "plan") == "empty":
                continue
            unit_pk = self.unit_perjanjian_kinerja(key, plan)
            for rhk in plan.rhk:
                self.add_planned_rhk(seat, view.id, rhk, {**pk_ids, **unit_pk})
            self.fill_lampiran(key, seat, view.id)

    def unit_perjanjian_kinerja(self, key: str, plan: Any) -> dict[str, int]:
        """A unit head's own Perjanjian Kinerja, signed with their superior, from their plan.

        The plan names the office's PK (the Kepala Dinas'); every other unit head's ORGANISASI
        RHKs come from the PK of their own unit, which the builder writes from those RHKs.
        """
        from ekinerja_tutor.services.skp import PerjanjianKinerjaItem

        person = self.people[key]
        rows = [
            r
            for r in plan.rhk
            if r.klasifikasi is RhkKlasifikasi.ORGANISASI and not r.pk_sasaran and r.iki
        ]
        if not person.is_unit_head or not rows:
            return {}
        items = [
            PerjanjianKinerjaItem(
                sasaran=r.text,
                indikator=r.iki[0].text,
                target=r.iki[0].target,
                satuan=r.iki[0].satuan,
                key=r.key,
            )
            for r in rows
        ]
        views = self.skp.create_perjanjian_kinerja(self.seat(key), person.unit_id, self.year, items)
        return {v.key: v.id for v in views if v.key in {r.key for r in rows}}

    def add_planned_rhk(self, seat: Seat, skp_id: int, rhk: Any, pk_ids: dict[str, int]) -> None:
        intervened = self.rhk_ids.get(rhk.intervenes) if rhk.intervenes else None
        if intervened is not None and not self.approved_owner(rhk.intervenes):
            intervened = None
        penugasan = None
        if rhk.penugasan_dari:
            giver = self.office.person(rhk.penugasan_dari)
            penugasan = f"{giver.name} ({giver.jabatan})"
        pk_id = pk_ids.get(rhk.pk_sasaran) if rhk.pk_sasaran else pk_ids.get(rhk.key)
        view = self.skp.add_rhk(
            seat,
            skp_id,
            rhk.text,
            rhk.jenis,
            rhk.klasifikasi,
            penugasan_dari=penugasan,
            intervened_rhk_id=intervened,
            pk_id=pk_id if rhk.klasifikasi is RhkKlasifikasi.ORGANISASI else None,
        )
        row = self.session.get(Rhk, view.id)
        assert row is not None
        row.key = rhk.key  # which plan row it came from (for later steps and the report)
        self.rhk_ids[rhk.key] = view.id
        if rhk.intervenes and intervened is None:
            self.pending_intervention[view.id] = rhk.intervenes
        for iki in rhk.iki:
            self.skp.add_iki(seat, view.id, iki.text, iki.aspek, iki.target, iki.satuan)

    def approved_owner(self, rhk_key: str) -> bool:
        row = self.session.get(Rhk, self.rhk_ids[rhk_key])
        return row is not None and row.skp.status is SkpStatus.DISETUJUI

    def fill_lampiran(self, key: str, seat: Seat, skp_id: int) -> None:
        person = self.office.person(key)
        lampiran = self.plan.lampiran_for(person.unit, self.office)
        if lampiran is None:
            return
        for kind in LampiranKind:
            items = lampiran.items(kind)
            if items:
                self.skp.set_lampiran(seat, skp_id, kind, "\n".join(f"- {i}" for i in items))

    def resolve_interventions(self, key: str) -> None:
        """Now that the supervisor's SKP is approved, point the pending RHKs into it."""
        skp = self.skp_row(key)
        if skp is None or skp.status is not SkpStatus.DRAFT:
            return
        for rhk in list(skp.rhks):
            target_key = self.pending_intervention.get(rhk.id)
            if target_key is None or not self.approved_owner(target_key):
                continue
            self.skp.update_rhk(
                self.seat(key),
                rhk.id,
                rhk.text,
                rhk.jenis,
                rhk.klasifikasi,
                penugasan_dari=rhk.penugasan_dari,
                intervened_rhk_id=self.rhk_ids[target_key],
                pk_id=rhk.pk_id,
            )
            del self.pending_intervention[rhk.id]

    def op_skp_status(self, step: Any) -> None:
        target = SkpStatus(step.args["status"])
        note_key = step.args.get("note_key")
        for key in self.by_depth(self.people_of(step)):
            skp = self.skp_row(key)
            if skp is None:
                continue
            supervisor = self.office.person(key).supervisor
            day = self.working_day_on_or_after(skp.period_start) + dt.timedelta(
                days=self.depth(key)
            )
            self.at(self.working_day_on_or_after(day), dt.time(9, 0))
            self.walk_skp(key, skp.id, target, supervisor, note_key)

    def walk_skp(
        self,
        key: str,
        skp_id: int,
        target: SkpStatus,
        supervisor: str | None,
        note_key: str | None,
    ) -> None:
        seat = self.seat(key)
        status = self.session.get(Skp, skp_id).status  # type: ignore[union-attr]
        if target is SkpStatus.DRAFT:
            if status is SkpStatus.DIKEMBALIKAN:
                self.skp.reopen_skp(seat, skp_id)
            return
        if status in (SkpStatus.DRAFT, SkpStatus.DIKEMBALIKAN):
            if status is SkpStatus.DIKEMBALIKAN:
                self.skp.reopen_skp(seat, skp_id)
            self.resolve_interventions(key)
            self.skp.submit_skp(seat, skp_id)
        if target is SkpStatus.DIAJUKAN or supervisor is None:
            return
        boss = self.seat(supervisor)
        if target is SkpStatus.DISETUJUI:
            self.skp.approve_skp(boss, skp_id, self.ekspektasi_for(key))
        elif target is SkpStatus.DIKEMBALIKAN:
            self.skp.return_skp(boss, skp_id, self.note_text(note_key or ""))

    def ekspektasi_for(self, key: str) -> dict[Perilaku, str] | None:
        examples = self.plan.ekspektasi_for(self.office.person(key).unit, self.office)
        if not examples:
            return None
        chosen = examples[self.rng.randrange(len(examples))]
        return {chosen.perilaku: chosen.text}

    def op_clear_intervensi(self, step: Any) -> None:
        for key in self.people_of(step):
            skp = self.skp_row(key)
            if skp is None or skp.status is not SkpStatus.DRAFT:
                continue
            for rhk in list(skp.rhks):
                if rhk.intervened_rhk_id is None:
                    continue
                for plan_key, rhk_id in self.rhk_ids.items():
                    if rhk_id == rhk.intervened_rhk_id:
                        self.pending_intervention[rhk.id] = plan_key
                self.skp.update_rhk(
                    self.seat(key),
                    rhk.id,
                    rhk.text,
                    rhk.jenis,
                    rhk.klasifikasi,
                    penugasan_dari=rhk.penugasan_dari,
                    intervened_rhk_id=None,
                    pk_id=rhk.pk_id,
                )

    # -- Rencana Aksi -----------------------------------------------------------------------------

    def months(self, first: Any, last: Any) -> list[tuple[int, int]]:
        from ekinerja_tutor.content.scenarios import resolve_month

        start = resolve_month(first, self.today)
        end = resolve_month(last, self.today)
        out = []
        year, month = start
        while (year, month) <= end:
            out.append((year, month))
            year, month = (year, month + 1) if month < 12 else (year + 1, 1)
        return out

    def op_fill_rencana_aksi(self, step: Any) -> None:
        from ekinerja_tutor.content.plan import fill_pattern, pattern_values

        for year, month in self.months(
            step.args.get("from", "year_start"), step.args.get("through", "current")
        ):
            first_day = self.working_day_on_or_after(dt.date(year, month, 1))
            self.at(first_day, dt.time(8, 0))
            values = pattern_values(first_day, **place(self.office, self.rng))
            for key in self.by_depth(self.people_of(step)):
                skp = self.skp_row(key)
                if skp is None or skp.status is not SkpStatus.DISETUJUI:
                    continue
                seat = self.seat(key)
                existing = self.session.scalars(
                    select(RencanaAksi.rhk_id)
                    .join(Rhk, RencanaAksi.rhk_id == Rhk.id)
                    .where(
                        Rhk.skp_id == skp.id, RencanaAksi.year == year, RencanaAksi.month == month
                    )
                ).all()
                for rhk in skp.rhks:
                    if rhk.id in existing:
                        continue
                    plan = self.plan.rhk(rhk.key) if rhk.key else None
                    patterns = plan.rencana_aksi if plan else ()
                    text = (
                        fill_pattern(patterns[(month - 1) % len(patterns)], values)
                        if patterns
                        else rhk.text
                    )
                    iki = next((i for i in rhk.ikis if i.aspek is Aspek.KUANTITAS), None)
                    self.ra.add(
                        seat,
                        rhk.id,
                        year,
                        month,
                        text,
                        iki_id=iki.id if iki else None,
                        target=None,
                        satuan=iki.satuan if iki else None,
                    )

    def op_drop_rencana_aksi(self, step: Any) -> None:
        from ekinerja_tutor.content.scenarios import resolve_month

        year, month = resolve_month(step.args["month"], self.today)
        for key in self.people_of(step):
            skp = self.skp_row(key)
            if skp is None:
                continue
            rows = self.session.scalars(
                select(RencanaAksi)
                .join(Rhk, RencanaAksi.rhk_id == Rhk.id)
                .where(Rhk.skp_id == skp.id, RencanaAksi.year == year, RencanaAksi.month == month)
            ).all()
            for row in rows:
                self.ra.remove(self.seat(key), row.id)

    # -- daily entries --------------------------------------------------------------------------

    def op_generate_entries(self, step: Any) -> None:
        from ekinerja_tutor.content.scenarios import resolve_day

        status = DailyStatus(step.args.get("status", "DISETUJUI"))
        default_check = "SESUAI" if status is DailyStatus.DISETUJUI else "BELUM_DIVERIFIKASI"
        check = EvidenceCheck(step.args.get("evidence") or default_check)
        fill = float(step.args.get("fill", 0.9))
        keys = self.by_depth(self.people_of(step))
        first = resolve_day(step.args["from"], self.today)
        last = min(resolve_day(step.args["to"], self.today), self.today)
        calendar = self.ctx.calendar
        for day in calendar.working_days_between(first, last) if first <= last else []:
            self.at(day, DAY_END)
            for key in keys:
                if self.rng.random() > fill:
                    continue
                self.write_day(key, day, status, check)

    def rencana_aksi_for(self, key: str, day: dt.date) -> list[RencanaAksi]:
        skp = self.skp_row(key)
        if skp is None:
            return []
        return list(
            self.session.scalars(
                select(RencanaAksi)
                .join(Rhk, RencanaAksi.rhk_id == Rhk.id)
                .where(
                    Rhk.skp_id == skp.id,
                    RencanaAksi.year == day.year,
                    RencanaAksi.month == day.month,
                )
                .order_by(RencanaAksi.id)
            )
        )

    def write_day(self, key: str, day: dt.date, status: DailyStatus, check: EvidenceCheck) -> None:
        """One or two entries for ``key`` on ``day``, sent at the day's end, then reviewed."""

        options = self.rencana_aksi_for(key, day)
        if not options or self.has_entry(key, day):
            return
        seat = self.seat(key)
        start = dt.datetime.combine(day, dt.time(7, 30 + self.rng.randrange(0, 30, 15)))
        used = 0
        for _ in range(1 + (self.rng.random() < 0.35)):
            ra = options[self.rng.randrange(len(options))]
            rhk = self.session.get(Rhk, ra.rhk_id)
            plan = self.plan.rhk(rhk.key) if rhk is not None and rhk.key else None
            if plan is None or not plan.kegiatan:
                continue
            activity = plan_activity(
                plan.kegiatan, day=day, start=start,
                minutes_left=self.ctx.rules.daily_minute_cap - used, office=self.office,
                person_key=key, rng=self.rng,
            )  # fmt: skip
            if activity is None:
                break
            form = DailyEntryInput(
                tanggal=day,
                jam_mulai=activity.start.time(),
                jam_selesai=activity.end.time(),
                kegiatan=activity.kegiatan,
                realisasi=activity.realisasi,
                satuan=activity.satuan,
                bukti_dukung=activity.bukti_dukung,
                rencana_aksi_id=ra.id,
            )
            view = self.daily.save_draft(seat, None, form)
            used += activity.minutes
            start = activity.end + dt.timedelta(minutes=15)
            if status is DailyStatus.DRAFT:
                continue
            self.daily.submit(seat, view.id)
            if status is DailyStatus.DISETUJUI:
                if self.rng.random() < RETURN_SHARE:
                    self.return_and_resubmit(key, view.id)
                self.review(key, view.id, check)

    def return_and_resubmit(self, key: str, entry_id: int) -> None:
        """The supervisor returns the entry with a standard note; the employee sends it again.

        Real histories have these: the note stays on the entry and both steps are audited.
        """
        from ekinerja_tutor.content.library import FeedbackGroup

        supervisor = self.office.person(key).supervisor
        if supervisor is None or supervisor not in self.people:
            return
        notes = self.feedback.group(FeedbackGroup.DAILY_RETURN)
        note = notes[self.rng.randrange(len(notes))]
        self.daily.return_for_revision(self.seat(supervisor), entry_id, note.text("id"), note.key)
        self.daily.submit(self.seat(key), entry_id)

    def has_entry(self, key: str, day: dt.date) -> bool:
        """An earlier step (or the base scenario) already wrote this person's day."""
        return (
            self.session.scalar(
                select(DailyEntry.id)
                .where(DailyEntry.person_id == self.people[key].id, DailyEntry.tanggal == day)
                .limit(1)
            )
            is not None
        )

    def review(self, key: str, entry_id: int, check: EvidenceCheck) -> None:
        supervisor = self.office.person(key).supervisor
        if supervisor is None or supervisor not in self.people:
            return
        boss = self.seat(supervisor)
        self.daily.approve(boss, entry_id)
        if check is not EvidenceCheck.BELUM_DIVERIFIKASI:
            note = None if check is EvidenceCheck.SESUAI else self.first_note("daily_return")
            self.daily.check_evidence(boss, entry_id, check, note)

    def first_note(self, group: str) -> str:
        from ekinerja_tutor.content.library import FeedbackGroup

        return self.feedback.group(FeedbackGroup(group))[0].text("id")

    def entries(
        self, key: str, status: DailyStatus, *, until: dt.date | None = None
    ) -> list[DailyEntry]:
        query = select(DailyEntry).where(
            DailyEntry.person_id == self.people[key].id, DailyEntry.status == status
        )
        if until is not None:
            query = query.where(DailyEntry.tanggal <= until)
        return list(self.session.scalars(query.order_by(DailyEntry.tanggal, DailyEntry.id)))

    def op_approve_entries(self, step: Any) -> None:
        from ekinerja_tutor.content.scenarios import resolve_day

        until = resolve_day(step.args.get("to", "today"), self.today)
        check = EvidenceCheck(step.args.get("evidence") or "SESUAI")
        for key in self.people_of(step):
            for entry in self.entries(key, DailyStatus.DIKIRIM, until=until):
                self.at(self.ctx.calendar.next_working_day(entry.tanggal), dt.time(9, 0))
                self.review(key, entry.id, check)

    def op_return_entry(self, step: Any) -> None:
        for key in self.people_of(step):
            sent = self.entries(key, DailyStatus.DIKIRIM)
            supervisor = self.office.person(key).supervisor
            if not sent or supervisor is None:
                continue
            entry = sent[-1] if step.args.get("which", "latest_sent") == "latest_sent" else sent[0]
            note = self.note_text(step.args["note_key"])
            extra = step.args.get("note")
            if extra:
                note = f"{note} {extra}"
            self.at(self.today, dt.time(7, 15))
            boss = self.seat(supervisor)
            evidence = step.args.get("evidence")
            if evidence:
                check = EvidenceCheck(evidence)
                self.daily.check_evidence(
                    boss, entry.id, check, note if check is not EvidenceCheck.SESUAI else None
                )
            self.daily.return_for_revision(boss, entry.id, note, step.args["note_key"])

    # -- recap, ratings, unit results -------------------------------------------------------------

    def quarter(self, spec: Any) -> tuple[int, int]:
        from ekinerja_tutor.content.scenarios import resolve_quarter

        return resolve_quarter(spec, self.today)

    def op_submit_recap(self, step: Any) -> None:
        year, q = self.quarter(step.args["quarter"])
        day = self.ctx.calendar.next_working_day(quarter_end(quarter_start(year, q)))
        self.at(day, dt.time(10, 0))
        for key in self.by_depth(self.people_of(step)):
            recap = self.recap(key, year, q)
            if self.skp_row(key) is None or (
                recap is not None and recap.status in (RecapStatus.DIVERIFIKASI, RecapStatus.VALID)
            ):
                continue
            folder = self.drive.quarter_folder(key, year, q, shared=True)
            self.results.submit_recap(self.seat(key), year, q, folder.link)

    def recap(self, key: str, year: int, q: int) -> QuarterRecap | None:
        return self.session.scalar(
            select(QuarterRecap).where(
                QuarterRecap.person_id == self.people[key].id,
                QuarterRecap.year == year,
                QuarterRecap.quarter == q,
            )
        )

    def op_verify_recap(self, step: Any) -> None:
        year, q = self.quarter(step.args["quarter"])
        levels = step.args.get("levels", "all")
        chain = tuple(self.ctx.rules.verification_levels)
        wanted = chain if levels == "all" else tuple(VerificationLevel(x) for x in levels)
        last_index = max(chain.index(level) for level in wanted)
        base_day = self.ctx.calendar.next_working_day(quarter_end(quarter_start(year, q)))
        for key in self.by_depth(self.people_of(step)):
            recap = self.recap(key, year, q)
            if recap is None:
                continue
            while recap.status is RecapStatus.DIVERIFIKASI and recap.level_index <= last_index:
                day = self.ctx.calendar.add_working_days(base_day, recap.level_index + 1)
                self.at(day, dt.time(10, 0))
                view = self.results.recap_view(SYSTEM, recap.id)
                holder = view.waiting_holder
                if holder is None:
                    break
                self.results.pass_recap(Seat(SYSTEM, self.sandbox_id, holder.id), recap.id)
                self.session.refresh(recap)

    def op_return_recap(self, step: Any) -> None:
        year, q = self.quarter(step.args["quarter"])
        level = VerificationLevel(step.args["level"])
        for key in self.people_of(step):
            recap = self.recap(key, year, q)
            if recap is None or recap.status is not RecapStatus.DIVERIFIKASI:
                continue
            view = self.results.recap_view(SYSTEM, recap.id)
            if view.waiting_level is not level or view.waiting_holder is None:
                continue
            self.results.return_recap(
                Seat(SYSTEM, self.sandbox_id, view.waiting_holder.id),
                recap.id,
                self.note_text(step.args["note_key"]),
            )

    def op_rate(self, step: Any) -> None:
        """Realisasi are saved just after the quarter (before its lock), then rated."""
        year, q = self.quarter(step.args["quarter"])
        hasil = Rating(step.args["hasil"])
        perilaku = Rating(step.args["perilaku"])
        closed = quarter_end(quarter_start(year, q))
        keys = [
            key
            for key in self.by_depth(self.people_of(step))
            if self.office.person(key).supervisor in self.people and self.skp_row(key)
        ]
        self.at(self.ctx.calendar.next_working_day(closed), dt.time(9, 0))
        for key in keys:
            person_id = self.people[key].id
            assessed = self.session.scalar(
                select(Assessment.id).where(
                    Assessment.person_id == person_id,
                    Assessment.year == year,
                    Assessment.quarter == q,
                )
            )
            if assessed is None:
                self.save_realisasi(self.seat(key), person_id, year, q)
        self.at(self.ctx.calendar.add_working_days(closed, 4), dt.time(13, 0))
        for key in keys:
            person_id = self.people[key].id
            boss = self.seat(self.office.person(key).supervisor)  # type: ignore[arg-type]
            if step.args.get("feedback", "library") == "library":
                self.give_feedback(boss, person_id, year, q, hasil, perilaku)
            self.results.assess(
                boss, person_id, year, q, self.head_hasil(key, year, q, hasil), perilaku
            )

    def head_hasil(self, key: str, year: int, q: int, hasil: Rating) -> Rating | None:
        """A unit head's rating hasil kerja comes from the unit's own result when there is one."""
        from ekinerja_tutor.persistence.models import UnitPeriodResult

        person = self.people[key]
        if not person.is_unit_head:
            return hasil
        result = self.session.scalar(
            select(UnitPeriodResult).where(
                UnitPeriodResult.unit_id == person.unit_id,
                UnitPeriodResult.year == year,
                UnitPeriodResult.quarter == q,
            )
        )
        return None if result is not None else hasil

    def save_realisasi(self, seat: Seat, person_id: int, year: int, q: int) -> None:
        view = self.results.realisasi_for(SYSTEM, person_id, year, q)
        if view.locked:
            return
        for row in view.rows:
            if row.saved_value is None:
                self.results.save_realisasi(
                    seat,
                    row.iki_id,
                    year,
                    q,
                    row.prefilled,
                    "Aplikasi e-Kinerja (progres harian disetujui)",
                )

    def give_feedback(
        self, boss: Seat, person_id: int, year: int, q: int, hasil: Rating, perilaku: Rating
    ) -> None:
        sentences = self.feedback.for_hasil_kerja(hasil)
        skp = self.session.scalar(select(Skp).where(Skp.person_id == person_id, Skp.year == year))
        if skp is not None and sentences:
            for rhk in skp.rhks:
                for iki in rhk.ikis:
                    pick = sentences[self.rng.randrange(len(sentences))]
                    self.results.give_feedback(
                        boss, person_id, year, q, "iki", str(iki.id), pick.key
                    )
        for value in Perilaku:
            options = self.feedback.for_perilaku(value, perilaku)
            if options:
                pick = options[self.rng.randrange(len(options))]
                self.results.give_feedback(
                    boss, person_id, year, q, "perilaku", value.value, pick.key
                )

    def op_unit_result(self, step: Any) -> None:
        from ekinerja_tutor.content.scenarios import resolve_unit

        year, q = self.quarter(step.args["quarter"])
        code = resolve_unit(step.args["unit"], self.office, self.persona)
        unit = self.session.scalar(
            select(Unit).where(Unit.sandbox_id == self.sandbox_id, Unit.code == code)
        )
        if unit is None:
            return
        head = self.office.head_of(code)
        rater = head.supervisor or head.key
        self.results.set_unit_result(
            self.seat(rater), unit.id, year, q, UnitResult(step.args["result"])
        )

    # -- profile and removals -----------------------------------------------------------------

    def op_remove_records(self, step: Any) -> None:
        """Remove a person's records of the year (the program resets practice state)."""
        kinds = set(step.args["what"])
        for key in self.people_of(step):
            person_id = self.people[key].id
            skp = self.skp_row(key)
            removed: dict[str, int] = {}
            if "entries" in kinds:
                removed["entries"] = self.delete(DailyEntry, DailyEntry.person_id == person_id)
            if "recaps" in kinds:
                recap_ids = select(QuarterRecap.id).where(QuarterRecap.person_id == person_id)
                self.delete(RecapStep, RecapStep.recap_id.in_(recap_ids))
                removed["recaps"] = self.delete(QuarterRecap, QuarterRecap.person_id == person_id)
            if "ratings" in kinds:
                removed["ratings"] = self.delete(Assessment, Assessment.person_id == person_id)
                self.delete(Feedback, Feedback.person_id == person_id)
            if skp is not None and ("rencana_aksi" in kinds or "skp" in kinds):
                rhk_ids = select(Rhk.id).where(Rhk.skp_id == skp.id)
                removed["rencana_aksi"] = self.delete(RencanaAksi, RencanaAksi.rhk_id.in_(rhk_ids))
            if skp is not None and "skp" in kinds:
                self.delete(
                    Realisasi, Realisasi.iki_id.in_(select(Rhk.id).where(Rhk.skp_id == skp.id))
                )
                self.session.delete(skp)
                removed["skp"] = 1
            self.session.flush()
            self.audit("seed.remove_records", "person", person_id, {"removed": removed})

    def delete(self, model: Any, condition: Any) -> int:
        result = self.session.execute(delete(model).where(condition))
        return int(getattr(result, "rowcount", 0) or 0)

    def op_set_profile(self, step: Any) -> None:
        for key in self.people_of(step):
            person = self.people[key]
            before = {"supervisor_id": person.supervisor_id}
            supervisor = step.args.get("supervisor")
            if supervisor is not None:
                if supervisor == "none":
                    person.supervisor_id = None
                else:
                    targets = supervisor.resolve(self.office, self.persona)
                    person.supervisor_id = self.people[targets[0]].id if targets else None
            self.session.flush()
            self.audit(
                "seed.set_profile",
                "person",
                person.id,
                {"supervisor_id": person.supervisor_id},
                before,
            )

    def op_simulate(self, step: Any) -> None:
        """Remember how each simulated colleague behaves (played when the clock moves)."""
        sandbox = self.sandbox
        rules = dict(sandbox.simulation or {})
        for key in self.people_of(step):
            entry = dict(rules.get(key, {}))
            for name in ("reviews", "writes_entries", "delay_working_days", "note_key"):
                if step.args.get(name) is not None:
                    entry[name] = step.args[name]
            rules[key] = entry
        sandbox.simulation = rules
        self.session.flush()

    def audit(
        self,
        action: str,
        entity: str,
        entity_id: int,
        after: dict[str, Any],
        before: dict[str, Any] | None = None,
    ) -> None:
        record(
            self.session,
            principal=SYSTEM,
            action=action,
            entity=entity,
            entity_id=entity_id,
            at=self.ctx.now(),
            sandbox_id=self.sandbox_id,
            sandbox_time=self.sandbox.today,
            actor_label="seed (simulasi)",
            before=before,
            after=after,
        )

    # -- attendance -------------------------------------------------------------------------------

    def record_attendance(self) -> None:
        """Monthly attendance for everyone with entries, up to last month (the TPP example)."""
        calendar = self.ctx.calendar
        for key, person in self.people.items():
            months = sorted(
                {
                    (e.year, e.month)
                    for e in self.session.scalars(
                        select(DailyEntry.tanggal).where(DailyEntry.person_id == person.id)
                    )
                }
            )
            for year, month in months:
                if (year, month) >= (self.today.year, self.today.month):
                    continue
                working = len(calendar.working_days_in_month(year, month))
                absent = self.rng.choice((0, 0, 0, 1, 2))
                late = self.rng.choice((0, 0, 1, 2, 3))
                self.results.record_attendance(
                    self.seat(key), person.id, year, month, max(working - absent, 0), late, 0
                )
