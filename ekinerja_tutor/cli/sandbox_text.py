"""Plain-text rendering of ``sandbox show`` for people at a terminal."""

from __future__ import annotations

from typing import Any

from ekinerja_tutor.i18n import Translator


def _who(who: dict[str, Any] | None) -> str:
    return f"{who['name']} ({who['jabatan']})" if who else "-"


def render_sandbox(data: dict[str, Any], tr: Translator, events: int = 40) -> str:
    sb = data["sandbox"]
    persona = sb["persona"] or {}
    lines = [
        f"{tr.t('show.sandbox')}: {sb['username']}  [{sb['scenario']}]  "
        f"{tr.t('show.today')}: {sb['today']}",
        f"{tr.t('show.persona')}: {persona.get('name', '-')} — {persona.get('jabatan', '-')}, "
        f"{persona.get('unit', '-')}",
        f"{tr.t('show.supervisor')}: {_who(persona.get('supervisor'))}",
        "",
    ]
    for skp in data["skp"]:
        lines.append(
            f"SKP {skp['year']}: {skp['status']}"
            + (f" — {skp['return_note']}" if skp["return_note"] else "")
        )
        for rhk in skp["rhk"]:
            lines.append(f"  RHK [{rhk['jenis']}] {rhk['text']}")
            if rhk["intervenes"]:
                iv = rhk["intervenes"]
                lines.append(
                    f"    ↳ {tr.t('show.intervenes')}: {iv['text']} — "
                    f"{_who(iv['owner'])} [{iv['skp_status']}]"
                )
            for iki in rhk["iki"]:
                lines.append(
                    f"    IKI {iki['text']}: {iki['target']} {iki['satuan']} ({iki['aspek']})"
                )
    lines.append("")
    lines.append(f"{tr.t('show.rencana_aksi')}: {len(data['rencana_aksi'])}")
    entries = data["daily_entries"]
    counts: dict[str, int] = {}
    for entry in entries:
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    lines.append(
        f"{tr.t('show.entries')}: {len(entries)} "
        + " ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    )
    for entry in entries:
        if entry["status"] == "REVISI" or entry["revision_note"]:
            lines.append(f"  {entry['tanggal']} {entry['status']}: {entry['kegiatan']}")
            lines.append(f"    {tr.t('show.note')}: {entry['revision_note']}")
    for rec in data["recaps"]:
        lines.append(f"{tr.t('show.recap')} {rec['year']}-Q{rec['quarter']}: {rec['status']}")
        for step in rec["steps"]:
            mark = "✓" if step["passed"] else "✗"
            lines.append(f"  {mark} {step['level']}: {_who(step['verifier'])} {step['note']}")
    for a in data["assessments"]:
        lines.append(
            f"{tr.t('show.predikat')} {a['year']}-Q{a['quarter']}: {a['predikat']} "
            f"({a['rating_hasil']} / {a['rating_perilaku']}) — {_who(a['assessed_by'])}"
        )
    lines.append("")
    audit = data["audit"]
    shown = audit if events <= 0 else audit[-events:]
    lines.append(tr.t("show.audit_count", shown=len(shown), total=len(audit)))
    for ev in shown:
        sim = " [simulasi]" if ev["simulated"] else ""
        what = f"{ev['entity']}#{ev['entity_id']}" if ev.get("entity_id") else ev["entity"]
        lines.append(
            f"  {ev['sandbox_time'] or ev['at']}  {ev['action']:<22} {what:<18} {ev['actor']}{sim}"
        )
    return "\n".join(lines)
