"""Everything in one learner's sandbox, with the audit events behind it (``sandbox show``)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ekinerja_tutor.persistence.models import (
    Assessment,
    Attendance,
    AuditEvent,
    DailyEntry,
    Feedback,
    Iki,
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
from ekinerja_tutor.services.actors import Principal
from ekinerja_tutor.services.sandboxes import SandboxService


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


class SandboxReport(SandboxService):
    def show(self, principal: Principal, username: str) -> dict[str, Any]:
        with self.db.read() as session:
            sandbox = self._sandbox_of(session, username)
            self._ensure_viewer(session, principal, sandbox)
            return _Collector(session, sandbox).collect()


class _Collector:
    def __init__(self, session: Session, sandbox: Sandbox) -> None:
        self.s = session
        self.sandbox = sandbox
        self.people = {
            p.id: p for p in session.scalars(select(Person).where(Person.sandbox_id == sandbox.id))
        }
        self.ids: dict[str, set[int]] = {}

    def who(self, person_id: int | None) -> dict[str, Any] | None:
        person = self.people.get(person_id) if person_id else None
        if person is None:
            return None
        return {"key": person.key, "name": person.name, "jabatan": person.jabatan}

    def track(self, entity: str, *ids: int) -> None:
        self.ids.setdefault(entity, set()).update(ids)

    def collect(self) -> dict[str, Any]:
        sandbox = self.sandbox
        persona = self.people.get(sandbox.persona_id) if sandbox.persona_id else None
        unit = self.s.get(Unit, persona.unit_id) if persona else None
        pid = persona.id if persona else -1
        data: dict[str, Any] = {
            "sandbox": {
                "id": sandbox.id,
                "username": sandbox.label,
                "scenario": sandbox.scenario,
                "today": _iso(sandbox.today),
                "persona": None
                if persona is None
                else {
                    "key": persona.key,
                    "nip": persona.nip,
                    "name": persona.name,
                    "jabatan": persona.jabatan,
                    "unit": unit.name if unit else None,
                    "supervisor": self.who(persona.supervisor_id),
                },
            },
        }
        data["skp"] = self.skps(pid)
        data["rencana_aksi"] = self.rencana_aksi(pid)
        data["daily_entries"] = self.entries(pid)
        data["realisasi"] = self.realisasi(pid)
        data["feedback"] = self.feedback(pid)
        data["assessments"] = self.assessments(pid)
        data["recaps"] = self.recaps(pid)
        data["attendance"] = [
            {
                "year": a.year,
                "month": a.month,
                "days_present": a.days_present,
                "days_late": a.days_late,
                "discipline_violations": a.discipline_violations,
            }
            for a in self.s.scalars(
                select(Attendance)
                .where(Attendance.person_id == pid)
                .order_by(Attendance.year, Attendance.month)
            )
        ]
        data["audit"] = self.audit()
        return data

    def skps(self, pid: int) -> list[dict[str, Any]]:
        out = []
        for skp in self.s.scalars(select(Skp).where(Skp.person_id == pid).order_by(Skp.year)):
            self.track("skp", skp.id)
            rhks = []
            for rhk in skp.rhks:
                self.track("rhk", rhk.id)
                intervened = (
                    self.s.get(Rhk, rhk.intervened_rhk_id) if rhk.intervened_rhk_id else None
                )
                owner_skp = intervened.skp if intervened else None
                rhks.append(
                    {
                        "id": rhk.id,
                        "text": rhk.text,
                        "jenis": rhk.jenis.value,
                        "klasifikasi": rhk.klasifikasi.value,
                        "penugasan_dari": rhk.penugasan_dari,
                        "intervenes": None
                        if intervened is None
                        else {
                            "id": intervened.id,
                            "text": intervened.text,
                            "owner": self.who(owner_skp.person_id if owner_skp else None),
                            "skp_status": owner_skp.status.value if owner_skp else None,
                        },
                        "iki": [
                            {
                                "id": i.id,
                                "text": i.text,
                                "aspek": i.aspek.value,
                                "target": i.target,
                                "satuan": i.satuan,
                            }
                            for i in rhk.ikis
                        ],
                    }
                )
            out.append(
                {
                    "id": skp.id,
                    "year": skp.year,
                    "status": skp.status.value,
                    "pendekatan": skp.pendekatan.value,
                    "return_note": skp.return_note,
                    "submitted_at": _iso(skp.submitted_at),
                    "decided_at": _iso(skp.decided_at),
                    "decided_by": self.who(skp.decided_by_id),
                    "rhk": rhks,
                    "perilaku": [
                        {"perilaku": p.perilaku.value, "ekspektasi_khusus": p.ekspektasi_khusus}
                        for p in skp.perilaku
                    ],
                    "lampiran": [{"kind": lp.kind.value, "text": lp.text} for lp in skp.lampiran],
                }
            )
        return out

    def rencana_aksi(self, pid: int) -> list[dict[str, Any]]:
        rows = self.s.scalars(
            select(RencanaAksi)
            .join(Rhk, RencanaAksi.rhk_id == Rhk.id)
            .join(Skp, Rhk.skp_id == Skp.id)
            .where(Skp.person_id == pid)
            .order_by(RencanaAksi.year, RencanaAksi.month, RencanaAksi.id)
        )
        out = []
        for ra in rows:
            self.track("rencana_aksi", ra.id)
            out.append(
                {
                    "id": ra.id,
                    "rhk_id": ra.rhk_id,
                    "iki_id": ra.iki_id,
                    "year": ra.year,
                    "month": ra.month,
                    "text": ra.text,
                    "target": ra.target,
                    "satuan": ra.satuan,
                }
            )
        return out

    def entries(self, pid: int) -> list[dict[str, Any]]:
        rows = self.s.scalars(
            select(DailyEntry)
            .where(DailyEntry.person_id == pid)
            .order_by(DailyEntry.tanggal, DailyEntry.jam_mulai)
        )
        out = []
        for e in rows:
            self.track("daily_entry", e.id)
            out.append(
                {
                    "id": e.id,
                    "tanggal": _iso(e.tanggal),
                    "jam_mulai": _iso(e.jam_mulai),
                    "jam_selesai": _iso(e.jam_selesai),
                    "kegiatan": e.kegiatan,
                    "realisasi": e.realisasi,
                    "satuan": e.satuan,
                    "bukti_dukung": e.bukti_dukung,
                    "rencana_aksi_id": e.rencana_aksi_id,
                    "status": e.status.value,
                    "revision_note": e.revision_note,
                    "evidence_check": e.evidence_check.value,
                    "evidence_note": e.evidence_note,
                    "submitted_at": _iso(e.submitted_at),
                    "on_time": e.on_time,
                    "reviewed_by": self.who(e.reviewed_by_id),
                    "reviewed_at": _iso(e.reviewed_at),
                }
            )
        return out

    def realisasi(self, pid: int) -> list[dict[str, Any]]:
        rows = self.s.scalars(
            select(Realisasi)
            .join(Iki, Realisasi.iki_id == Iki.id)
            .join(Rhk, Iki.rhk_id == Rhk.id)
            .join(Skp, Rhk.skp_id == Skp.id)
            .where(Skp.person_id == pid)
            .order_by(Realisasi.year, Realisasi.quarter, Realisasi.iki_id)
        )
        out = []
        for r in rows:
            self.track("realisasi", r.id)
            out.append(
                {
                    "iki_id": r.iki_id,
                    "year": r.year,
                    "quarter": r.quarter,
                    "value": r.value,
                    "sumber_data": r.sumber_data,
                }
            )
        return out

    def feedback(self, pid: int) -> list[dict[str, Any]]:
        rows = self.s.scalars(
            select(Feedback)
            .where(Feedback.person_id == pid)
            .order_by(Feedback.year, Feedback.quarter, Feedback.id)
        )
        out = []
        for f in rows:
            self.track("feedback", f.id)
            out.append(
                {
                    "year": f.year,
                    "quarter": f.quarter,
                    "target_kind": f.target_kind,
                    "target_ref": f.target_ref,
                    "sentence_key": f.sentence_key,
                    "free_text": f.free_text,
                    "by": self.who(f.by_person_id),
                }
            )
        return out

    def assessments(self, pid: int) -> list[dict[str, Any]]:
        rows = self.s.scalars(
            select(Assessment)
            .where(Assessment.person_id == pid)
            .order_by(Assessment.year, Assessment.quarter)
        )
        out = []
        for a in rows:
            self.track("assessment", a.id)
            out.append(
                {
                    "year": a.year,
                    "quarter": a.quarter,
                    "rating_hasil": a.rating_hasil.value,
                    "rating_perilaku": a.rating_perilaku.value,
                    "predikat": a.predikat.value,
                    "note": a.note,
                    "assessed_by": self.who(a.assessed_by_id),
                }
            )
        return out

    def recaps(self, pid: int) -> list[dict[str, Any]]:
        rows = self.s.scalars(
            select(QuarterRecap)
            .where(QuarterRecap.person_id == pid)
            .order_by(QuarterRecap.year, QuarterRecap.quarter)
        )
        out = []
        for r in rows:
            self.track("quarter_recap", r.id)
            steps = self.s.scalars(
                select(RecapStep).where(RecapStep.recap_id == r.id).order_by(RecapStep.id)
            )
            out.append(
                {
                    "id": r.id,
                    "year": r.year,
                    "quarter": r.quarter,
                    "status": r.status.value,
                    "level_index": r.level_index,
                    "evidence_folder": r.evidence_folder,
                    "submitted_at": _iso(r.submitted_at),
                    "valid_at": _iso(r.valid_at),
                    "steps": [
                        {
                            "level": st.level.value,
                            "verifier": self.who(st.verifier_id),
                            "passed": st.passed,
                            "note": st.note,
                            "at": _iso(st.at),
                        }
                        for st in steps
                    ],
                }
            )
        return out

    def audit(self) -> list[dict[str, Any]]:
        """Events about the persona's records, and about the sandbox itself."""
        conditions = [AuditEvent.entity == "sandbox"]
        for entity, ids in self.ids.items():
            if ids:
                conditions.append((AuditEvent.entity == entity) & AuditEvent.entity_id.in_(ids))
        rows = self.s.scalars(
            select(AuditEvent)
            .where(AuditEvent.sandbox_id == self.sandbox.id, or_(*conditions))
            .order_by(AuditEvent.id)
        )
        return [
            {
                "at": _iso(ev.at),
                "sandbox_time": _iso(ev.sandbox_time),
                "actor": ev.actor_label,
                "simulated": ev.simulated,
                "action": ev.action,
                "entity": ev.entity,
                "entity_id": ev.entity_id,
                "before": ev.before,
                "after": ev.after,
            }
            for ev in rows
        ]
