"""Simulated colleagues: the people the program plays act as the sandbox clock moves.

When they act
    Simulated colleagues act **on the next read after the sandbox clock moves**. Moving the
    clock (``SandboxService.move_clock`` / ``move_own_clock``, through ``_move``) calls
    :meth:`SimulationService.catch_up` right after the move, in the same transaction, so the
    learner never sees the new "today" without what happened until then. The workspace calls
    it too when it opens (after ``SandboxService.ensure_for_account``), so a clock moved by a
    trainer from another client is caught up as well; at an unmoved clock it does nothing.
    Nothing runs in the background and real time plays no part: only the sandbox clock does.

What "at its time" means
    ``catch_up`` replays the sandbox's days from the last catch-up to the new today, in time
    order, moving the sandbox clock to each moment while it acts (and back to today at the
    end), so dates, on-time flags, period locks and audit times come out as if the colleague
    had acted then:

    * each morning at ``review_time`` (``simulation.toml``), reviewers work through what is
      due: a submission is due ``delay_working_days`` (the reviewer's rule) working days after
      it was sent; a recap waits ``recap_days_per_level`` working days at each level; an entry
      returned to a simulated writer is fixed and resent after the writer's delay;
    * each working day at ``entries_sent_at``, colleagues with ``writes_entries`` write and send
      that day's entries (like the year builder), creating the month's Rencana Aksi first when
      a new month starts; on a new month the (simulated) attendance system sends last month's
      attendance;
    * work already waiting when the colleagues started (the scenario's state) counts as
      arriving at that moment, so a freshly opened sandbox looks exactly as its scenario says
      until the clock moves.

    Every rule fires once: each firing is recorded under a unique key (the item and the
    submission it acted on) in ``simulation_firing``, and an item acted on no longer waits.

How they act
    Through the same services as people (:class:`DailyLogService`, :class:`SkpService`,
    :class:`ResultsService`, :class:`RencanaAksiService`), sitting as the simulated person
    (``Seat(SYSTEM, sandbox_id, person_id)``), so every permission check, workflow rule, lock
    and audit event (``simulated=True``) applies. Who acts follows the rules of
    ``Sandbox.simulation`` (a scenario's ``simulate`` steps) completed by ``simulation.toml``:

    * the persona's own work (entries, SKP, recap) is always reviewed by the simulated
      colleagues (the learner may not review it from the supervisor's seat);
    * work the learner can review from one of their two seats (the persona's staff; the
      persona's peers, under the supervisor's seat) is left to the learner
      (``leave_team_to_learner``); those peers' new entries sometimes carry a planted defect
      (``defects.toml``, recorded in ``planted_defect``) for the supervisor's-seat practice;
    * everything else is reviewed by whoever holds it, per their ``reviews`` rule:
      ``approve``; ``return_once`` (the first item of each kind — daily entry, SKP, recap —
      that reaches them is returned with a standard note from the feedback library, everything
      after it, the resubmission included, approved); ``never``.

    A simulated reviewer questions weak evidence on the entries it reviews: an entry without a
    link gets ``missing_check`` (KURANG) with a note; a link it cannot open gets
    ``unopenable_check`` (TIDAK_SESUAI, "tidak dapat dibuka") and is returned.

Opening evidence links
    A reviewer opens a Practice Drive link through :class:`DriveService` *as that reviewer*
    (``open_link``): it opens only when the file's sharing lets them in (owner, "anyone with
    the link", named, or inherited from its folder). Other http(s) links open. A test may
    replace the check with ``link_opens(sandbox_id, url)``, passed to the constructor or put
    in ``ctx.extras["evidence_link_opens"]``. The planted "private link" defect is a real
    private file the writer puts in their drive; when the entry comes back, the writer shares
    it with "anyone with the link" and resends the same link.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ekinerja_tutor.content.simulation import (
    DRIVE_FILE,
    DefectKind,
    EntryFields,
    PersonRule,
    PlantChoices,
    SimulationSettings,
    load_defects,
    load_simulation_settings,
    person_rule,
    plant,
)
from ekinerja_tutor.domain.calendar import date_label
from ekinerja_tutor.domain.daily import DailyEntryInput
from ekinerja_tutor.domain.errors import NotFound, TutorError
from ekinerja_tutor.domain.recap import level_label
from ekinerja_tutor.domain.statuses import (
    Aspek,
    DailyStatus,
    EvidenceCheck,
    RecapStatus,
    SkpStatus,
)
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import (
    Attendance,
    DailyEntry,
    Person,
    PlantedDefect,
    QuarterRecap,
    RencanaAksi,
    Rhk,
    Sandbox,
    SimulationFiring,
    SimulationState,
    Skp,
)
from ekinerja_tutor.services.actors import SYSTEM, Seat
from ekinerja_tutor.services.context import Service, ServiceContext
from ekinerja_tutor.services.daily_logs import PersonRef, person_ref
from ekinerja_tutor.services.entry_plan import DEFAULT_DRIVE, evidence_link, place, plan_activity

LinkOpens = Callable[[int, str], bool]
"""``(sandbox_id, url) -> bool``: can the reviewer open this evidence link?"""

LINK_OPENS_EXTRA = "evidence_link_opens"
"""Key of ``ServiceContext.extras`` under which the Practice Drive may register a LinkOpens."""

SECOND_ENTRY_SHARE = 0.35
"""Share of written days with a second entry (as in the year builder)."""
_MAX_REPLAY_DAYS = 800


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FiringView:
    """One thing a simulated colleague did.

    Attributes:
        rule: ``entry_review``, ``entry_resubmit``, ``entries_write``, ``skp_review``,
            ``recap_review``, ``rencana_aksi`` or ``attendance``.
        outcome: what happened, e.g. ``approve``, ``return``, ``write``, ``refused`` (the
            service refused; ``message`` says why).
    """

    at: dt.datetime
    rule: str
    outcome: str
    person: PersonRef | None
    entity: str
    entity_id: int | None
    message: Msg


@dataclass(frozen=True)
class CatchUpView:
    """What the colleagues did between ``since`` and ``until`` (sandbox time)."""

    sandbox_id: int
    since: dt.datetime
    until: dt.datetime
    fired: tuple[FiringView, ...]


# --- the service -------------------------------------------------------------------------------


class SimulationService(Service):
    """Plays the simulated colleagues of a sandbox up to its clock."""

    def __init__(self, ctx: ServiceContext, link_opens: LinkOpens | None = None) -> None:
        super().__init__(ctx)
        self._link_opens = link_opens or ctx.extras.get(LINK_OPENS_EXTRA)

    @property
    def settings(self) -> SimulationSettings:
        return load_simulation_settings(self.ctx.content_root)

    def link_opens(self, sandbox_id: int, url: str, reviewer_id: int | None = None) -> bool:
        """Whether ``reviewer_id`` in ``sandbox_id`` can open ``url``.

        A Practice Drive link is opened through the drive as the reviewer (no reviewer: nobody
        but "anyone with the link" gets in); any other link opens.
        """
        if self._link_opens is not None:
            return bool(self._link_opens(sandbox_id, url))
        from ekinerja_tutor.domain.drive import parse_drive_link
        from ekinerja_tutor.services.drive import DriveService

        drive = DriveService(self.ctx)
        if parse_drive_link(url, drive.drive_host) is None:
            return True
        if reviewer_id is None:
            return drive.opens_for_anyone(sandbox_id, url)
        return drive.can_open(Seat(SYSTEM, sandbox_id, reviewer_id), url)

    def catch_up(self, sandbox_id: int, *, since: dt.datetime | None = None) -> CatchUpView:
        """Let the simulated colleagues do everything whose time has come on the sandbox clock.

        The program acts here (no caller to check): it only plays the colleagues, through the
        services and their checks. Idempotent: a second call at the same clock does nothing.

        Args:
            since: where the clock was before it moved (``_move`` passes it); used only the
                first time, when the sandbox has no simulation state yet. Without it the
                colleagues start at the current clock.
        """
        with self.db.write() as session, self.db.joined(session):
            sandbox = session.get(Sandbox, sandbox_id, with_for_update=True)
            if sandbox is None:
                raise NotFound(what=Msg("noun.sandbox"))
            target = sandbox.today
            if sandbox.account_id is None:  # a template: its colleagues never act
                return CatchUpView(sandbox.id, target, target, ())
            state = session.scalars(
                select(SimulationState).where(SimulationState.sandbox_id == sandbox.id)
            ).first()
            if state is None:
                start = min(since, target) if since is not None else target
                state = SimulationState(sandbox_id=sandbox.id, started_at=start, caught_up_to=start)
                session.add(state)
                session.flush()
            since_at = state.caught_up_to
            fired: list[FiringView] = []
            if sandbox.simulation and since_at <= target:
                run = _Run(self, session, sandbox, state, target)
                try:
                    run.play()
                finally:
                    sandbox.today = target
                    session.flush()
                fired = run.fired
            from ekinerja_tutor.services.supervisor_practice import settle_planted_defects

            settle_planted_defects(session, sandbox.id)
            state.caught_up_to = max(state.caught_up_to, target)
            session.flush()
            return CatchUpView(sandbox.id, since_at, target, tuple(fired))

    def firings(self, sandbox_id: int) -> list[FiringView]:
        """Everything the simulated colleagues did in a sandbox, in order (for trainers and
        tests; the program's own record, not a learner-facing permission boundary)."""
        with self.db.read() as session:
            rows = session.execute(
                select(SimulationFiring, Person)
                .outerjoin(Person, Person.id == SimulationFiring.person_id)
                .where(
                    SimulationFiring.sandbox_id == sandbox_id,
                    SimulationFiring.rule != "return_once",
                )
                .order_by(SimulationFiring.at, SimulationFiring.id)
            ).all()
            return [_firing_view(row, person) for row, person in rows]


# --- one catch-up --------------------------------------------------------------------------------


@dataclass
class _Run:
    """The state of one catch-up: the sandbox's people and rules, and what fired."""

    service: SimulationService
    session: Session
    sandbox: Sandbox
    state: SimulationState
    target: dt.datetime
    fired: list[FiringView] = field(default_factory=list)

    def __post_init__(self) -> None:
        from ekinerja_tutor.content.library import load_feedback
        from ekinerja_tutor.content.office import load_office
        from ekinerja_tutor.content.plan import load_plan
        from ekinerja_tutor.services.daily_logs import DailyLogService
        from ekinerja_tutor.services.rencana_aksi import RencanaAksiService
        from ekinerja_tutor.services.results import ResultsService
        from ekinerja_tutor.services.skp import SkpService

        ctx = self.service.ctx
        root = ctx.content_root
        self.ctx = ctx
        self.settings = self.service.settings
        self.defects = load_defects(root)
        self.feedback = load_feedback(root)
        self.office = load_office(root)
        self.plan = load_plan(root)
        self.daily = DailyLogService(ctx)
        self.skp = SkpService(ctx)
        self.results = ResultsService(ctx)
        self.ra = RencanaAksiService(ctx)
        self.calendar = ctx.calendar
        people = self.session.scalars(select(Person).where(Person.sandbox_id == self.sandbox.id))
        self.people = {p.id: p for p in people}
        self.persona_id = self.sandbox.persona_id
        persona = self.people.get(self.persona_id) if self.persona_id is not None else None
        self.learner_seats = {
            p for p in (self.persona_id, persona.supervisor_id if persona else None) if p
        }
        raw = self.sandbox.simulation or {}
        self.rules: dict[int, PersonRule] = {}
        for person in self.people.values():
            rule = person_rule(raw.get(person.key), self.settings)
            if rule is not None and person.id != self.persona_id:
                self.rules[person.id] = rule
        self.writers = sorted(
            (
                p
                for pid, p in self.people.items()
                if pid in self.rules and self.rules[pid].writes_entries and not p.simulated_external
            ),
            key=lambda p: p.id,
        )
        self.start = self.state.started_at
        self.since = self.state.caught_up_to
        self.months_seen: set[tuple[int, int]] = set()
        self.planted_count = (
            self.session.scalar(
                select(func.count())
                .select_from(PlantedDefect)
                .where(PlantedDefect.sandbox_id == self.sandbox.id)
            )
            or 0
        )
        kinds = len(self.defects.kinds)
        self.kind_offset = random.Random(f"{self.sandbox.id}|defects").randrange(kinds)

    # -- plumbing -------------------------------------------------------------------------------

    def at(self, moment: dt.datetime) -> None:
        """Move the sandbox clock to when the next action happens (never past the target)."""
        self.sandbox.today = min(moment, self.target)
        self.session.flush()

    def seat(self, person_id: int) -> Seat:
        return Seat(SYSTEM, self.sandbox.id, person_id)

    def note(self, key: str) -> str:
        return self.feedback.get(key).text("id")

    def was_fired(self, key: str) -> bool:
        return (
            self.session.scalar(
                select(SimulationFiring.id).where(
                    SimulationFiring.sandbox_id == self.sandbox.id, SimulationFiring.key == key
                )
            )
            is not None
        )

    def fire(
        self,
        key: str,
        rule: str,
        outcome: str,
        person_id: int | None,
        entity: str,
        entity_id: int | None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        row = SimulationFiring(
            sandbox_id=self.sandbox.id,
            key=key[:200],
            rule=rule,
            outcome=outcome,
            person_id=person_id,
            entity=entity,
            entity_id=entity_id,
            at=self.sandbox.today,
            detail=detail,
        )
        self.session.add(row)
        self.session.flush()
        if rule != "return_once":
            self.fired.append(_firing_view(row, self.people.get(person_id or -1)))

    def owner_name(self, entry: DailyEntry) -> str:
        owner = self.people.get(entry.person_id)
        return owner.name if owner is not None else "-"

    def refused(self, error: TutorError) -> dict[str, Any]:
        return {"error": error.key, "params": {k: str(v) for k, v in error.params.items()}}

    def due_date(self, sent: dt.datetime, delay: int) -> dt.date:
        """The day a submission sent at ``sent`` is due: ``delay`` working days later, counted
        from when the colleagues started when it was already waiting then."""
        base = max(sent.date(), self.start.date())
        return self.calendar.add_working_days(base, delay) if delay else base

    def acts_for(self, owner_id: int, reviewer_id: int | None) -> PersonRule | None:
        """The rule of the simulated reviewer of ``owner_id``'s work, or None when the
        simulation leaves it (to the learner, or to nobody)."""
        if reviewer_id is None or reviewer_id == self.persona_id:
            return None
        if (
            owner_id != self.persona_id
            and self.settings.leave_team_to_learner
            and reviewer_id in self.learner_seats
        ):
            return None
        rule = self.rules.get(reviewer_id)
        if rule is None or rule.reviews == "never":
            return None
        return rule

    def learner_reviews(self, person: Person) -> bool:
        """The learner reviews this person's entries from one of their seats."""
        return (
            person.id != self.persona_id
            and person.supervisor_id in self.learner_seats
            and self.settings.leave_team_to_learner
        )

    # -- the replay -------------------------------------------------------------------------------

    def days(self) -> Iterator[dt.date]:
        day = self.since.date()
        last = self.target.date()
        count = 0
        while day <= last and count < _MAX_REPLAY_DAYS:
            yield day
            day += dt.timedelta(days=1)
            count += 1

    def play(self) -> None:
        review_time = self.settings.review_time
        sent_time = self.settings.entries_sent_at
        for day in self.days():
            working = self.calendar.is_working_day(day)
            morning = min(max(dt.datetime.combine(day, review_time), self.since), self.target)
            self.at(morning)
            if working:
                self.new_month(day)
            self.review_due(day, morning)
            evening = dt.datetime.combine(day, sent_time)
            if working and self.since < evening <= self.target:
                self.at(evening)
                for writer in self.writers:
                    self.write_day(writer, day)
        self.at(self.target)
        self.review_due(self.target.date(), self.target)

    def review_due(self, day: dt.date, moment: dt.datetime) -> None:
        self.resubmit_due(day, moment)
        self.skps_due(day, moment)
        self.recaps_due(day, moment)
        self.entries_due(day, moment)

    # -- daily entries: review -----------------------------------------------------------------

    def entries_due(self, day: dt.date, moment: dt.datetime) -> None:
        owners = [pid for pid, p in self.people.items() if self.acts_for(pid, p.supervisor_id)]
        if not owners:
            return
        entries = self.session.scalars(
            select(DailyEntry)
            .where(
                DailyEntry.sandbox_id == self.sandbox.id,
                DailyEntry.person_id.in_(owners),
                DailyEntry.status == DailyStatus.DIKIRIM,
                DailyEntry.submitted_at <= moment,
            )
            .order_by(DailyEntry.submitted_at, DailyEntry.id)
        ).all()
        for entry in entries:
            owner = self.people[entry.person_id]
            rule = self.acts_for(owner.id, owner.supervisor_id)
            if rule is None or entry.submitted_at is None:
                continue
            if self.due_date(entry.submitted_at, rule.delay_working_days) > day:
                continue
            assert owner.supervisor_id is not None
            self.review_entry(entry, owner.supervisor_id, rule)

    def review_entry(self, entry: DailyEntry, reviewer_id: int, rule: PersonRule) -> None:
        assert entry.submitted_at is not None
        key = f"review:daily_entry:{entry.id}:{entry.submitted_at.isoformat()}"
        if self.was_fired(key):
            return
        settings = self.settings
        seat = self.seat(reviewer_id)
        link = entry.bukti_dukung
        opens = bool(link) and self.service.link_opens(self.sandbox.id, link, reviewer_id)
        outcome = "approve"
        detail: dict[str, Any] = {
            "owner_id": entry.person_id,
            "owner": self.owner_name(entry),
            "tanggal": entry.tanggal.isoformat(),
        }
        once_key = f"return_once:daily:{reviewer_id}"
        try:
            if not link and settings.missing_check is not None:
                note = self.note(settings.missing_note_key)
                self.daily.check_evidence(seat, entry.id, settings.missing_check, note)
                outcome = "approve_flagged"
            elif link and not opens:
                note = self.note(settings.unopenable_note_key)
                self.daily.check_evidence(seat, entry.id, settings.unopenable_check, note)
                outcome = "approve_flagged"
                if settings.return_unopenable:
                    self.daily.return_for_revision(
                        seat, entry.id, note, settings.unopenable_note_key
                    )
                    outcome = "return_unopenable"
            if outcome != "return_unopenable":
                if rule.reviews == "return_once" and not self.was_fired(once_key):
                    note_key = rule.note_key or settings.daily_note_key
                    self.daily.return_for_revision(seat, entry.id, self.note(note_key), note_key)
                    self.fire(
                        once_key, "return_once", "spent", reviewer_id, "daily_entry", entry.id
                    )
                    outcome = "return"
                    detail["note_key"] = note_key
                else:
                    self.daily.approve(seat, entry.id)
                    if opens and settings.mark_sesuai:
                        self.daily.check_evidence(seat, entry.id, EvidenceCheck.SESUAI)
        except TutorError as error:
            outcome = "refused"
            detail.update(self.refused(error))
        self.fire(key, "entry_review", outcome, reviewer_id, "daily_entry", entry.id, detail)

    # -- daily entries: a writer fixes and resends what was returned ---------------------------

    def resubmit_due(self, day: dt.date, moment: dt.datetime) -> None:
        if not self.writers:
            return
        entries = self.session.scalars(
            select(DailyEntry)
            .where(
                DailyEntry.sandbox_id == self.sandbox.id,
                DailyEntry.person_id.in_([w.id for w in self.writers]),
                DailyEntry.status == DailyStatus.REVISI,
                DailyEntry.reviewed_at <= moment,
            )
            .order_by(DailyEntry.reviewed_at, DailyEntry.id)
        ).all()
        for entry in entries:
            rule = self.rules[entry.person_id]
            if entry.reviewed_at is None:
                continue
            if self.due_date(entry.reviewed_at, rule.delay_working_days) > day:
                continue
            self.resubmit(entry)

    def resubmit(self, entry: DailyEntry) -> None:
        assert entry.reviewed_at is not None
        key = f"resubmit:daily_entry:{entry.id}:{entry.reviewed_at.isoformat()}"
        if self.was_fired(key):
            return
        defect = self.session.scalars(
            select(PlantedDefect).where(PlantedDefect.entry_id == entry.id)
        ).first()
        form = DailyEntryInput(
            tanggal=entry.tanggal,
            jam_mulai=entry.jam_mulai,
            jam_selesai=entry.jam_selesai,
            kegiatan=entry.kegiatan,
            realisasi=entry.realisasi,
            satuan=entry.satuan,
            bukti_dukung=entry.bukti_dukung,
            rencana_aksi_id=entry.rencana_aksi_id,
        )
        detail: dict[str, Any] = {
            "fixed_defect": defect.kind if defect else None,
            "tanggal": entry.tanggal.isoformat(),
        }
        writer = self.people.get(entry.person_id)
        reviewer_id = writer.supervisor_id if writer is not None else None
        shared = self.share_own_drive_link(entry, reviewer_id)
        if shared:
            detail["shared_link"] = entry.bukti_dukung
        if defect is not None:
            clean = defect.clean
            form = DailyEntryInput(
                tanggal=form.tanggal,
                jam_mulai=form.jam_mulai,
                jam_selesai=form.jam_selesai,
                kegiatan=clean["kegiatan"],
                realisasi=int(clean["realisasi"]),
                satuan=clean["satuan"],
                bukti_dukung=entry.bukti_dukung if shared else clean["bukti_dukung"],
                rencana_aksi_id=form.rencana_aksi_id,
            )
        elif entry.bukti_dukung and not self.service.link_opens(
            self.sandbox.id, entry.bukti_dukung, reviewer_id
        ):
            form = DailyEntryInput(
                tanggal=form.tanggal,
                jam_mulai=form.jam_mulai,
                jam_selesai=form.jam_selesai,
                kegiatan=form.kegiatan,
                realisasi=form.realisasi,
                satuan=form.satuan,
                bukti_dukung=evidence_link(
                    self.office,
                    self.people[entry.person_id].key,
                    entry.tanggal,
                    random.Random(key),
                ),
                rencana_aksi_id=form.rencana_aksi_id,
            )
        seat = self.seat(entry.person_id)
        outcome = "resubmit"
        try:
            self.daily.save_draft(seat, entry.id, form)
            self.daily.submit(seat, entry.id)
        except TutorError as error:
            outcome = "refused"
            detail.update(self.refused(error))
        self.fire(key, "entry_resubmit", outcome, entry.person_id, "daily_entry", entry.id, detail)

    def share_own_drive_link(self, entry: DailyEntry, reviewer_id: int | None) -> bool:
        """The writer fixes a private drive link of their own: shares it with anyone with the
        link (as the real fix goes) so the same link opens. True when it was shared."""
        from ekinerja_tutor.domain.drive import GeneralAccess
        from ekinerja_tutor.services.drive import DriveService

        link = entry.bukti_dukung
        if not link or self.service.link_opens(self.sandbox.id, link, reviewer_id):
            return False
        drive = DriveService(self.ctx)
        item = drive.own_item_by_link(self.seat(entry.person_id), link)
        if item is None:
            return False
        drive.set_sharing(self.seat(entry.person_id), item.id, GeneralAccess.ANYONE_WITH_LINK)
        return True

    def private_drive_file(self, writer: Person, day: dt.date, token: str, kegiatan: str) -> str:
        """A real file the writer puts in their drive for a planted "private link" defect,
        shared with nobody; returns its link."""
        from ekinerja_tutor.services.drive import DriveService, stable_token

        drive = DriveService(self.ctx)
        name = f"Laporan kegiatan {day:%Y-%m-%d} {token}.txt"
        when = date_label(day).render("id")
        text = f"Laporan kegiatan\nTanggal: {when}\nPelaksana: {writer.name}\n\n{kegiatan}\n"
        view = drive.add_file(
            self.seat(writer.id),
            None,
            name,
            text.encode("utf-8"),
            caption=kegiatan[:200],
            item_date=day,
            token=stable_token(self.sandbox.id, "planted", writer.key, day, token),
        )
        return view.link

    # -- daily entries: writing ------------------------------------------------------------------

    def rencana_aksi_of(self, person: Person, year: int, month: int) -> list[RencanaAksi]:
        return list(
            self.session.scalars(
                select(RencanaAksi)
                .join(Rhk, RencanaAksi.rhk_id == Rhk.id)
                .join(Skp, Skp.id == Rhk.skp_id)
                .where(
                    Skp.person_id == person.id, RencanaAksi.year == year, RencanaAksi.month == month
                )
                .order_by(RencanaAksi.id)
            )
        )

    def has_entry(self, person: Person, day: dt.date) -> bool:
        return (
            self.session.scalar(
                select(DailyEntry.id)
                .where(DailyEntry.person_id == person.id, DailyEntry.tanggal == day)
                .limit(1)
            )
            is not None
        )

    def write_day(self, writer: Person, day: dt.date) -> None:
        """One or two entries for ``writer`` on ``day``, sent at the day's end (as the year
        builder writes them); some carry a planted defect when the learner reviews them."""

        key = f"write:{writer.id}:{day.isoformat()}"
        rng = random.Random(f"{self.sandbox.id}|write|{writer.key}|{day.isoformat()}")
        if rng.random() > self.settings.fill or self.was_fired(key):
            return
        options = self.rencana_aksi_of(writer, day.year, day.month)
        if not options or self.has_entry(writer, day):
            return
        seat = self.seat(writer.id)
        start = dt.datetime.combine(day, dt.time(7, 30 + rng.randrange(0, 30, 15)))
        used = 0
        written: list[dict[str, Any]] = []
        try:
            for _ in range(1 + (rng.random() < SECOND_ENTRY_SHARE)):
                ra = options[rng.randrange(len(options))]
                rhk = self.session.get(Rhk, ra.rhk_id)
                plan = self._plan_rhk(rhk.key if rhk is not None else "")
                if plan is None or not plan.kegiatan:
                    continue
                activity = plan_activity(
                    plan.kegiatan, day=day, start=start,
                    minutes_left=self.ctx.rules.daily_minute_cap - used, office=self.office,
                    person_key=writer.key, rng=rng,
                )  # fmt: skip
                if activity is None:
                    break
                end = activity.end
                minutes = activity.minutes
                clean = EntryFields(
                    kegiatan=activity.kegiatan,
                    realisasi=activity.realisasi,
                    satuan=activity.satuan,
                    bukti_dukung=activity.bukti_dukung,
                )
                kind = self.defect_for(writer, rng)
                drive_file = (
                    self.private_drive_file(
                        writer, day, f"{rng.randrange(16**6):06x}", clean.kegiatan
                    )
                    if kind is not None and kind.bukti is not None and DRIVE_FILE in kind.bukti
                    else ""
                )
                fields = (
                    clean
                    if kind is None
                    else plant(
                        kind,
                        clean,
                        PlantChoices(
                            person=writer.key,
                            tanggal=day,
                            moment=start.time(),
                            drive=self.office.evidence_drive or DEFAULT_DRIVE,
                            token=f"{rng.randrange(16**6):06x}",
                            other_day_offset=rng.randint(*kind.other_day),
                            pool_index=rng.randrange(1000),
                            drive_file=drive_file,
                        ),
                    )
                )
                form = DailyEntryInput(
                    tanggal=day,
                    jam_mulai=start.time(),
                    jam_selesai=end.time(),
                    kegiatan=fields.kegiatan,
                    realisasi=fields.realisasi,
                    satuan=fields.satuan,
                    bukti_dukung=fields.bukti_dukung,
                    rencana_aksi_id=ra.id,
                )
                view = self.daily.save_draft(seat, None, form)
                self.daily.submit(seat, view.id)
                if kind is not None:
                    self.session.add(
                        PlantedDefect(
                            sandbox_id=self.sandbox.id,
                            entry_id=view.id,
                            person_id=writer.id,
                            kind=kind.key,
                            clean=asdict(clean),
                            planted_at=self.sandbox.today,
                        )
                    )
                    self.session.flush()
                    self.planted_count += 1
                written.append({"entry_id": view.id, "defect": kind.key if kind else None})
                used += minutes
                start = end + dt.timedelta(minutes=15)
        except TutorError as error:
            self.fire(
                key,
                "entries_write",
                "refused",
                writer.id,
                "person",
                writer.id,
                {"written": written, **self.refused(error)},
            )
            return
        if written:
            self.fire(
                key,
                "entries_write",
                "write",
                writer.id,
                "person",
                writer.id,
                {"written": written, "count": len(written), "tanggal": day.isoformat()},
            )

    def _plan_rhk(self, key: str) -> Any:
        if not key:
            return None
        try:
            return self.plan.rhk(key)
        except KeyError:
            return None

    def defect_for(self, writer: Person, rng: random.Random) -> DefectKind | None:
        """The defect this entry carries, if any: only for entries the learner reviews; the
        kinds take turns (file order, from a per-sandbox offset) so every kind shows up."""
        if not self.learner_reviews(writer) or not self.defects.kinds:
            return None
        if rng.random() >= self.defects.share:
            return None
        kinds = self.defects.kinds
        return kinds[(self.planted_count + self.kind_offset) % len(kinds)]

    # -- a new month: Rencana Aksi for writers, last month's attendance --------------------------

    def new_month(self, day: dt.date) -> None:
        month = (day.year, day.month)
        if month in self.months_seen:
            return
        self.months_seen.add(month)
        for writer in self.writers:
            self.ensure_rencana_aksi(writer, day)
        if self.settings.record_attendance:
            previous = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
            self.record_attendance(*previous)

    def ensure_rencana_aksi(self, writer: Person, day: dt.date) -> None:
        """A writer who planned last month plans this month too, from plan.toml's patterns."""
        from ekinerja_tutor.content.plan import fill_pattern, pattern_values

        year, month = day.year, day.month
        key = f"rencana_aksi:{writer.id}:{year}-{month:02d}"
        if self.rencana_aksi_of(writer, year, month) or self.was_fired(key):
            return
        previous = (year, month - 1) if month > 1 else (year - 1, 12)
        if not self.rencana_aksi_of(writer, *previous):
            return
        skp = self.session.scalars(
            select(Skp)
            .where(Skp.person_id == writer.id, Skp.year == year, Skp.status == SkpStatus.DISETUJUI)
            .order_by(Skp.id.desc())
        ).first()
        if skp is None:
            return
        rng = random.Random(key)
        values = pattern_values(day, **place(self.office, rng))
        added: list[int] = []
        outcome = "add"
        detail: dict[str, Any] = {}
        try:
            for rhk in skp.rhks:
                plan = self._plan_rhk(rhk.key)
                patterns = plan.rencana_aksi if plan else ()
                text = (
                    fill_pattern(patterns[(month - 1) % len(patterns)], values)
                    if patterns
                    else rhk.text
                )
                iki = next((i for i in rhk.ikis if i.aspek is Aspek.KUANTITAS), None)
                view = self.ra.add(
                    self.seat(writer.id),
                    rhk.id,
                    year,
                    month,
                    text,
                    iki_id=iki.id if iki else None,
                    target=None,
                    satuan=iki.satuan if iki else None,
                )
                added.append(view.id)
        except TutorError as error:
            outcome = "refused"
            detail = self.refused(error)
        self.fire(
            key, "rencana_aksi", outcome, writer.id, "person", writer.id, {"added": added, **detail}
        )

    def record_attendance(self, year: int, month: int) -> None:
        """The attendance system sends a finished month for everyone who sent entries in it."""
        first = dt.date(year, month, 1)
        last = dt.date(year, month, 28) + dt.timedelta(days=4)
        last = last - dt.timedelta(days=last.day)
        people = self.session.scalars(
            select(DailyEntry.person_id)
            .where(
                DailyEntry.sandbox_id == self.sandbox.id,
                DailyEntry.tanggal >= first,
                DailyEntry.tanggal <= last,
                DailyEntry.status != DailyStatus.DRAFT,
            )
            .distinct()
        ).all()
        recorded = set(
            self.session.scalars(
                select(Attendance.person_id).where(
                    Attendance.sandbox_id == self.sandbox.id,
                    Attendance.year == year,
                    Attendance.month == month,
                )
            ).all()
        )
        working = len(self.calendar.working_days_in_month(year, month))
        for person_id in sorted(set(people) - recorded):
            person = self.people.get(person_id)
            if person is None:
                continue
            key = f"attendance:{person_id}:{year}-{month:02d}"
            if self.was_fired(key):
                continue
            rng = random.Random(f"{self.sandbox.id}|{key}")
            present = max(working - rng.choice((0, 0, 0, 1, 2)), 0)
            late = min(rng.choice((0, 0, 1, 2, 3)), present)
            outcome, detail = "record", {"days_present": present, "days_late": late}
            try:
                self.results.record_attendance(
                    self.seat(person_id), person_id, year, month, present, late, 0
                )
            except TutorError as error:
                outcome, detail = "refused", self.refused(error)
            self.fire(
                key,
                "attendance",
                outcome,
                person_id,
                "person",
                person_id,
                {"year": year, "month": month, **detail},
            )

    # -- SKP --------------------------------------------------------------------------------------

    def skps_due(self, day: dt.date, moment: dt.datetime) -> None:
        rows = self.session.scalars(
            select(Skp)
            .where(
                Skp.sandbox_id == self.sandbox.id,
                Skp.status == SkpStatus.DIAJUKAN,
                Skp.submitted_at <= moment,
            )
            .order_by(Skp.submitted_at, Skp.id)
        ).all()
        for skp in rows:
            owner = self.people.get(skp.person_id)
            if owner is None or skp.submitted_at is None:
                continue
            rule = self.acts_for(owner.id, owner.supervisor_id)
            if rule is None or self.due_date(skp.submitted_at, rule.delay_working_days) > day:
                continue
            assert owner.supervisor_id is not None
            self.review_skp(skp, owner.supervisor_id, rule)

    def review_skp(self, skp: Skp, reviewer_id: int, rule: PersonRule) -> None:
        assert skp.submitted_at is not None
        key = f"review:skp:{skp.id}:{skp.submitted_at.isoformat()}"
        if self.was_fired(key):
            return
        seat = self.seat(reviewer_id)
        once_key = f"return_once:skp:{reviewer_id}"
        detail: dict[str, Any] = {
            "owner_id": skp.person_id,
            "owner": self.people[skp.person_id].name,
        }
        try:
            if rule.reviews == "return_once" and not self.was_fired(once_key):
                note_key = self.settings.skp_note_key
                self.skp.return_skp(seat, skp.id, self.note(note_key))
                self.fire(once_key, "return_once", "spent", reviewer_id, "skp", skp.id)
                outcome = "return"
                detail["note_key"] = note_key
            else:
                self.skp.approve_skp(seat, skp.id)
                outcome = "approve"
        except TutorError as error:
            outcome = "refused"
            detail.update(self.refused(error))
        self.fire(key, "skp_review", outcome, reviewer_id, "skp", skp.id, detail)

    # -- the quarterly recap -----------------------------------------------------------------------

    def recaps_due(self, day: dt.date, moment: dt.datetime) -> None:
        rows = self.session.scalars(
            select(QuarterRecap)
            .where(
                QuarterRecap.sandbox_id == self.sandbox.id,
                QuarterRecap.status == RecapStatus.DIVERIFIKASI,
                QuarterRecap.submitted_at <= moment,
            )
            .order_by(QuarterRecap.submitted_at, QuarterRecap.id)
        ).all()
        for recap in rows:
            if recap.submitted_at is None:
                continue
            view = self.results.recap_view(SYSTEM, recap.id)
            holder = view.waiting_holder
            if holder is None or view.waiting_level is None:
                continue
            rule = self.acts_for(recap.person_id, holder.id)
            if rule is None:
                continue
            steps = [s.at for s in view.steps if s.at >= recap.submitted_at]
            last = max([recap.submitted_at, *steps])
            due = self.due_date(last, self.settings.recap_days_per_level)
            if due > day or last > moment:
                continue
            self.review_recap(recap, holder.id, rule, view.waiting_level)

    def review_recap(
        self, recap: QuarterRecap, holder_id: int, rule: PersonRule, level: Any
    ) -> None:
        assert recap.submitted_at is not None
        key = f"review:recap:{recap.id}:{recap.level_index}:{recap.submitted_at.isoformat()}"
        if self.was_fired(key):
            return
        seat = self.seat(holder_id)
        once_key = f"return_once:recap:{holder_id}"
        detail: dict[str, Any] = {
            "owner_id": recap.person_id,
            "level": level.value,
            "owner": self.people[recap.person_id].name,
            "quarter": recap.quarter,
            "year": recap.year,
        }
        try:
            if rule.reviews == "return_once" and not self.was_fired(once_key):
                note_key = self.settings.recap_note_key
                self.results.return_recap(seat, recap.id, self.note(note_key))
                self.fire(once_key, "return_once", "spent", holder_id, "quarter_recap", recap.id)
                outcome = "return"
                detail["note_key"] = note_key
            else:
                self.results.pass_recap(seat, recap.id)
                outcome = "pass"
        except TutorError as error:
            outcome = "refused"
            detail.update(self.refused(error))
        self.fire(key, "recap_review", outcome, holder_id, "quarter_recap", recap.id, detail)


# --- helpers -------------------------------------------------------------------------------------


def _firing_view(row: SimulationFiring, person: Person | None) -> FiringView:
    detail = row.detail or {}
    params: dict[str, Any] = {"person": person.name if person else "-"}
    for name in ("count", "owner", "quarter", "year", "month"):
        if name in detail:
            params["subject" if name == "owner" else name] = detail[name]
    tanggal = detail.get("tanggal")
    if isinstance(tanggal, str):
        params["date"] = date_label(dt.date.fromisoformat(tanggal))
    if "level" in detail:
        from ekinerja_tutor.domain.statuses import VerificationLevel

        params["level"] = level_label(VerificationLevel(detail["level"]))
    if row.outcome == "refused":
        params["reason"] = Msg(
            str(detail.get("error", "error.unexpected")), dict(detail.get("params") or {})
        )
        message = Msg("sim.fired.refused", params)
    else:
        message = Msg(f"sim.fired.{row.rule}.{row.outcome}", params)
    return FiringView(
        at=row.at,
        rule=row.rule,
        outcome=row.outcome,
        person=person_ref(person) if person is not None else None,
        entity=row.entity,
        entity_id=row.entity_id,
        message=message,
    )
