"""``bench room``: a training room of N people working at once against one database.

Every client is its own process with its own engine (as N terminals would be). After a common
start signal each one signs in (password, then the authenticator code), opens the week,
and for each of its entries creates a Progres Harian, adds the evidence link, sends it;
then, in the supervisor's seat of its sandbox (the F6 practice seat), opens the review inbox
and approves colleagues' sent entries (the persona's own are reviewed by the simulated
supervisor, as in the app).
Each action is timed; every failure is counted. At the end the database is compared with
what every client was told succeeded: a missing entry, other text, other evidence or another
status is a lost update.

People, not scripts: everyone signs in at the same moment (the trainer's "log in now", the
rush the field study saw), and between two actions a person pauses ``think`` seconds on
average (typing the activity, pasting the link; drawn uniformly from half to one and a half
times the mean, seeded per client). Real people take far longer than the default 2 s. With
``think=0`` every client fires its actions back to back — a stress test in which 30 processes
share two cores, reported the same way.

Accounts and sandboxes are made fresh for every run (``bench-room-<run>-<n>``), the sandboxes
cloned from the practice template, so a run never sees another run's data.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing as mp
import os
import random
import secrets
import threading
import time
import traceback
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from ekinerja_tutor.bench.report import Report, Target, percentile
from ekinerja_tutor.bootstrap import open_services
from ekinerja_tutor.settings import Settings

PASSWORD = "Ruang#Latihan2026"
PERSONA = "darto"
LINK = "https://drive.google.com/file/d/bench-{run}-{client}-{n}/view"
LOGIN_P95_TARGET_S = 1.5
ACTION_P95_TARGET_S = 0.100
PREP_WORKERS = 4
THINK_SECONDS = 2.0
START_TIMEOUT_S = 900
"""How long the room waits for every client to connect and get ready (200 on 2 cores: minutes)."""
ACTIONS = ("login", "week", "create", "evidence", "submit", "inbox", "approve")


@dataclass(frozen=True)
class ClientSpec:
    index: int
    username: str
    account_id: int
    totp_secret: str
    sandbox_id: int
    persona_id: int
    supervisor_id: int
    rencana_aksi_id: int | None
    day: dt.date


@dataclass
class ClientResult:
    index: int
    timings: list[tuple[str, float]] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    promised: list[dict[str, Any]] = field(default_factory=list)
    """What the client was told succeeded: entry id, text, evidence, final status."""


def _settings(url: str) -> Settings:
    from pathlib import Path

    home = Path(os.environ.get("EKINERJA_TUTOR_HOME") or "/tmp/ekinerja-bench-room")
    return Settings(home=home, db_url=url, embedded=url.startswith("sqlite"))


# -- preparing the room ---------------------------------------------------------------------


def prepare(url: str, clients: int, run: str) -> list[ClientSpec]:
    """Schema, templates, N accounts with an active authenticator, N cloned sandboxes."""

    from ekinerja_tutor.domain.statuses import Role
    from ekinerja_tutor.domain.totp import new_secret
    from ekinerja_tutor.persistence.models import Account, AccountRole
    from ekinerja_tutor.services.actors import SYSTEM
    from ekinerja_tutor.services.auth import default_hasher

    services = open_services(_settings(url), upgrade=True)
    try:
        password_hash = default_hasher().hash(PASSWORD)  # the real cost, as users have it
        now = services.ctx.now()
        made: list[tuple[int, str, str]] = []
        with services.ctx.db.write() as session:
            for n in range(clients):
                secret = new_secret()
                account = Account(
                    username=f"bench-room-{run}-{n}",
                    display_name=f"Peserta Ruang {n + 1}",
                    persona_key=PERSONA,
                    password_hash=password_hash,
                    must_change_password=False,
                    totp_secret=secret,
                    totp_device_name="HP latihan",
                    totp_practice_phone=True,
                    totp_enrolled_at=now,
                    created_at=now,
                    roles=[AccountRole(role=Role.LEARNER)],
                )
                session.add(account)
                session.flush()
                made.append((account.id, account.username, secret))
        # the template first (built once), then the clones, in parallel on PostgreSQL
        services.sandboxes.create(SYSTEM, made[0][0], persona_key=PERSONA)
    finally:
        services.close()
    workers = 1 if url.startswith("sqlite") else PREP_WORKERS
    ctx = mp.get_context("fork")
    out = ctx.Queue()
    shares = [made[i::workers] for i in range(workers)]
    procs = [
        ctx.Process(target=_make_sandboxes, args=(url, share, out), daemon=True) for share in shares
    ]
    for proc in procs:
        proc.start()
    specs: list[ClientSpec] = []
    for _ in procs:
        got = _next_answer(out, procs)
        if isinstance(got, str):
            raise RuntimeError(f"preparing the room failed: {got}")
        specs.extend(got)
    for proc in procs:
        proc.join(timeout=60)
    index = {username: n for n, (_a, username, _s) in enumerate(made)}
    specs = sorted(
        (replace(spec, index=index[spec.username]) for spec in specs), key=lambda s: s.index
    )
    return specs


def _next_answer(out: Any, procs: list[Any]) -> Any:
    """The next worker's answer; an error when every worker has died without one."""
    import queue

    while True:
        try:
            return out.get(timeout=5)
        except queue.Empty:
            if not any(proc.is_alive() for proc in procs):
                try:
                    return out.get(timeout=1)
                except queue.Empty:
                    raise RuntimeError("every worker died before answering") from None


def _make_sandboxes(url: str, share: list[tuple[int, str, str]], out: Any) -> None:
    """Clone one sandbox per account of ``share`` (the first account's exists already)."""
    from ekinerja_tutor.services.actors import SYSTEM, Seat
    from ekinerja_tutor.services.rencana_aksi import RencanaAksiService
    from ekinerja_tutor.services.workspace_reads import WorkspaceReadService

    try:
        services = open_services(_settings(url), upgrade=False)
        try:
            reads = WorkspaceReadService(services.ctx)
            specs: list[ClientSpec] = []
            for account_id, username, secret in share:
                view = services.sandboxes.ensure_for_account(SYSTEM, account_id)
                assert view.persona_id is not None
                supervisor = reads.persona_supervisor(SYSTEM, view.id)
                assert supervisor is not None
                day = view.today.date()
                items = RencanaAksiService(services.ctx).for_month(
                    Seat(SYSTEM, view.id, view.persona_id), view.persona_id, day.year, day.month
                )
                ra = items.items[0].id if items.items else None
                specs.append(
                    ClientSpec(
                        0,
                        username,
                        account_id,
                        secret,
                        view.id,
                        view.persona_id,
                        supervisor,
                        ra,
                        day,
                    )
                )
        finally:
            services.close()
    except BaseException:
        out.put(traceback.format_exc(limit=4))
        return
    out.put(specs)


# -- one client -----------------------------------------------------------------------------


def _client(
    url: str, spec: ClientSpec, entries: int, run: str, think: float, gate: Any, out: Any
) -> None:
    result = ClientResult(spec.index)
    try:
        _work(url, spec, entries, run, gate, result, think=think)
    except BaseException as error:  # never hang the room: report the crash as an error
        said = (str(error).strip().splitlines() or [""])[0]
        trace = traceback.format_exc(limit=3)
        result.errors.append(("crash", f"{type(error).__name__}: {said}\n{trace}"))
        gate.abort()  # before the start, the others (and the room) would wait for this one
    out.put(result)


def _work(
    url: str,
    spec: ClientSpec,
    entries: int,
    run: str,
    gate: Any,
    result: ClientResult,
    *,
    think: float = 0.0,
) -> None:
    from ekinerja_tutor.domain.daily import DailyEntryInput
    from ekinerja_tutor.domain.totp import current_code
    from ekinerja_tutor.services.actors import Seat
    from ekinerja_tutor.services.auth import AuthService
    from ekinerja_tutor.services.daily_logs import DailyLogService

    services = open_services(_settings(url), upgrade=False)
    auth = AuthService(services.ctx)
    daily = DailyLogService(services.ctx)
    with services.ctx.db.read() as session:  # connect before the start, as an open app has
        session.connection()
    auth.warm_up()  # as the login screen does while the person types
    pauses = random.Random(f"{run}-{spec.index}")
    gate.wait()

    def timed(action: str, fn: Any, *args: Any) -> Any:
        if think > 0 and result.timings:  # a person reads and types between two actions
            time.sleep(pauses.uniform(0.5 * think, 1.5 * think))
        started = time.perf_counter()
        try:
            value = fn(*args)
        except Exception as error:
            result.timings.append((action, time.perf_counter() - started))
            result.errors.append((action, f"{type(error).__name__}: {error}"))
            return None
        result.timings.append((action, time.perf_counter() - started))
        return value

    def login() -> Any:
        step = auth.login_password(spec.username, PASSWORD)
        code = current_code(spec.totp_secret, services.ctx.now()).code
        return auth.verify_otp(step.account_id, code)

    try:
        signed = timed("login", login)
        if signed is None:
            return
        me = Seat(signed.principal, spec.sandbox_id, spec.persona_id)
        boss = Seat(signed.principal, spec.sandbox_id, spec.supervisor_id)
        monday = spec.day - dt.timedelta(days=spec.day.weekday())
        timed("week", daily.week, me, spec.persona_id, monday)  # the screen entries start from
        for n in range(entries):
            start = dt.time(8 + n, 0)
            form = DailyEntryInput(
                tanggal=spec.day,
                jam_mulai=start,
                jam_selesai=dt.time(8 + n, 45),
                kegiatan=f"Menyusun notula rapat ke-{n + 1} peserta {spec.index + 1} ({run})",
                realisasi=1,
                satuan="dokumen",
                bukti_dukung="",
                rencana_aksi_id=spec.rencana_aksi_id,
            )
            view = timed("create", daily.save_draft, me, None, form)
            if view is None:
                continue
            link = LINK.format(run=run, client=spec.index, n=n)
            with_link = DailyEntryInput(**{**form.__dict__, "bukti_dukung": link})
            if timed("evidence", daily.save_draft, me, view.id, with_link) is None:
                continue
            if timed("submit", daily.submit, me, view.id) is None:
                continue
            # sent: the simulated supervisor may approve it later, so either status is kept
            result.promised.append(
                {
                    "id": view.id,
                    "kegiatan": form.kegiatan,
                    "bukti": link,
                    "status": ("DIKIRIM", "DISETUJUI"),
                }
            )
        # the supervisor's seat: approve colleagues' sent entries (the persona's own are
        # reviewed by the simulated supervisor, as in the app)
        inbox = timed("inbox", daily.review_inbox, boss)
        for item in (inbox.items if inbox is not None else ())[:entries]:
            entry = item.entry
            if timed("approve", daily.approve, boss, entry.id) is not None:
                result.promised.append(
                    {
                        "id": entry.id,
                        "kegiatan": entry.kegiatan,
                        "bukti": entry.bukti_dukung,
                        "status": ("DISETUJUI",),
                    }
                )
    finally:
        services.close()


# -- the room -------------------------------------------------------------------------------


def lost_updates(url: str, results: list[ClientResult]) -> list[str]:
    """Every promise the database does not keep."""
    from ekinerja_tutor.persistence.models import DailyEntry

    services = open_services(_settings(url), upgrade=False)
    problems: list[str] = []
    try:
        with services.ctx.db.read() as session:
            for res in results:
                for item in res.promised:
                    row = session.get(DailyEntry, item["id"])
                    if row is None:
                        problems.append(f"client {res.index}: entry {item['id']} missing")
                    elif (row.kegiatan, row.bukti_dukung) != (
                        item["kegiatan"],
                        item["bukti"],
                    ) or str(row.status.value) not in item["status"]:
                        problems.append(
                            f"client {res.index}: entry {item['id']} is "
                            f"{row.status.value}/{row.bukti_dukung!r}, expected "
                            f"{item['status']}/{item['bukti']!r}"
                        )
    finally:
        services.close()
    return problems


def run(url: str, clients: int, *, entries: int = 3, think: float = THINK_SECONDS) -> Report:
    run_id = secrets.token_hex(3)
    prep_started = time.perf_counter()
    specs = prepare(url, clients, run_id)
    prepared_in = time.perf_counter() - prep_started
    ctx = mp.get_context("fork")
    gate = ctx.Barrier(clients + 1)
    out = ctx.Queue()
    procs = [
        ctx.Process(
            target=_client, args=(url, spec, entries, run_id, think, gate, out), daemon=True
        )
        for spec in specs
    ]
    for proc in procs:
        proc.start()
    try:
        gate.wait(timeout=START_TIMEOUT_S)
        start_note = None
    except threading.BrokenBarrierError:
        gate.abort()  # release whoever is waiting; each client then answers with its crash
        start_note = (
            "no common start: a client failed while getting ready, "
            f"or not all were ready within {START_TIMEOUT_S} s"
        )
    started = time.perf_counter()
    results: list[ClientResult] = [_next_answer(out, procs) for _ in procs]
    wall = time.perf_counter() - started
    for proc in procs:
        proc.join(timeout=30)
    by_action: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    samples: list[str] = []
    for res in results:
        for action, seconds in res.timings:
            by_action[action].append(seconds)
        for action, detail in res.errors:
            errors[action] += 1
            samples.append(f"{action}: {detail.strip().splitlines()[0][:160]}")
    # The cause first: a broken start makes every other client fail with BrokenBarrierError.
    samples = sorted(samples, key=lambda s: "BrokenBarrierError" in s)[:5]
    lost = lost_updates(url, results)
    backend = url.split(":", 1)[0].split("+", maxsplit=1)[0]
    rows = [
        [
            action,
            len(by_action[action]),
            percentile(by_action[action], 50) * 1000,
            percentile(by_action[action], 95) * 1000,
            max(by_action[action], default=0) * 1000,
            errors.get(action, 0),
        ]
        for action in ACTIONS
    ]
    total_errors = sum(errors.values())
    targets = [
        Target("errors", total_errors, 0),
        Target("lost updates", len(lost), 0),
    ]
    if backend == "sqlite":
        targets.append(
            Target("login p95", percentile(by_action["login"], 95), LOGIN_P95_TARGET_S, " s")
        )
        for action in ACTIONS[1:]:
            targets.append(
                Target(
                    f"{action} p95",
                    percentile(by_action[action], 95) * 1000,
                    ACTION_P95_TARGET_S * 1000,
                    " ms",
                )
            )
    notes = [
        f"{clients} client processes on {backend}, {entries} entries each, one start signal; "
        f"room prepared in {prepared_in:.1f} s, ran in {wall:.1f} s",
        (
            f"all sign in at once; then {think:g} s on average between a person's actions "
            "(--think 0: back to back)"
            if think > 0
            else "no pause between actions (--think 0): a stress test, not a room of people"
        ),
        *([start_note] if start_note else []),
        *[f"error sample — {s}" for s in samples],
        *[f"lost — {p}" for p in lost[:5]],
    ]
    return Report(
        bench="room",
        columns=["action", "count", "p50 ms", "p95 ms", "max ms", "errors"],
        rows=rows,
        targets=targets,
        notes=notes,
        data={
            "clients": clients,
            "backend": backend,
            "think_s": think,
            "lost": lost,
            "errors": dict(errors),
            "timings": dict(by_action.items()),
        },
    )
