"""The practice office (``office.toml``) and its practice accounts (``accounts.toml``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from ekinerja_tutor.content._toml import (
    CODE_PATTERN,
    KEY_PATTERN,
    Table,
    read_toml,
    seed_error,
)
from ekinerja_tutor.content.paths import content_root
from ekinerja_tutor.domain.errors import ValidationError
from ekinerja_tutor.domain.fields import validate_nip
from ekinerja_tutor.domain.passwords import password_problems
from ekinerja_tutor.domain.statuses import JenisJabatan, Role, UnitKind

OFFICE_FILE: Final = "office.toml"
ACCOUNTS_FILE: Final = "accounts.toml"

#: Words with a meaning in scenario selectors; no person may use them as a key.
RESERVED_KEYS: Final = frozenset(
    {"all", "persona", "none", "supervisor", "subordinates", "below", "above", "peers", "unit"}
)

_PNS_GOLONGAN = re.compile(r"(I|II|III)/[a-d]|IV/[a-e]")
#: PPPK salary groups I–XVII.
_PPPK_GOLONGAN = frozenset(
    "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII".split()  # noqa: SIM905
)
_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
_NIP_USERNAME = re.compile(r"\d{18}")
_PPPK_CODES = range(21, 30)


class EmployeeStatus(StrEnum):
    """Kind of employment, which fixes the NIP format and the golongan scale."""

    PNS = "PNS"
    PPPK = "PPPK"
    PEJABAT_NEGARA = "PEJABAT_NEGARA"  # the Bupati: elected, no NIP, no SKP


class Gender(StrEnum):
    L = "L"  # laki-laki, NIP digit 1
    P = "P"  # perempuan, NIP digit 2


@dataclass(frozen=True)
class NipParts:
    """What an 18-digit NIP says about its holder.

    Attributes:
        birth_date: digits 1–8.
        appointed_year: year of first appointment (CPNS or PPPK), digits 9–12.
        appointed_month: month of the CPNS appointment (digits 13–14); ``None`` for PPPK.
        pppk_code: for PPPK, digits 13–14 (21 and up) instead of a month; else ``None``.
        gender: digit 15.
        sequence: digits 16–18.
    """

    birth_date: date
    appointed_year: int
    appointed_month: int | None
    pppk_code: int | None
    gender: Gender
    sequence: int


def parse_nip(nip: str, status: EmployeeStatus) -> NipParts:
    """Split and check a NIP; raises ``ValueError`` with an English reason when implausible."""
    try:
        validate_nip(nip)
    except ValidationError as exc:
        raise ValueError(exc.render("en")) from None
    try:
        birth = date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise ValueError(f"digits 1–8 ({nip[0:8]}) are not a valid birth date") from None
    year, code = int(nip[8:12]), int(nip[12:14])
    month: int | None = None
    pppk: int | None = None
    if status is EmployeeStatus.PPPK:
        if code not in _PPPK_CODES:
            raise ValueError(f"a PPPK NIP has 21–29 in digits 13–14, found {nip[12:14]}")
        if year < 2019:
            raise ValueError(f"PPPK appointments started in 2019, NIP says {year}")
        pppk = code
        oldest_at_appointment = 57
    else:
        if not 1 <= code <= 12:
            raise ValueError(f"digits 13–14 ({nip[12:14]}) are not an appointment month")
        month = code
        oldest_at_appointment = 46
    age_at_appointment = year - birth.year
    if not 18 <= age_at_appointment <= oldest_at_appointment:
        raise ValueError(
            f"appointed in {year} at age {age_at_appointment}: outside 18–{oldest_at_appointment}"
        )
    if nip[14] not in "12":
        raise ValueError(f"digit 15 is the gender (1 or 2), found {nip[14]}")
    sequence = int(nip[15:18])
    if sequence == 0:
        raise ValueError("the sequence number (digits 16–18) cannot be 000")
    gender = Gender.L if nip[14] == "1" else Gender.P
    return NipParts(birth, year, month, pppk, gender, sequence)


@dataclass(frozen=True)
class UnitData:
    """An organisational unit (unit kerja)."""

    code: str
    name: str
    kind: UnitKind
    parent: str | None
    simulated_external: bool


@dataclass(frozen=True)
class PersonData:
    """A person of the practice office (or the simulated regency level above it).

    Attributes:
        nip: the 18-digit NIP; ``None`` only for ``PEJABAT_NEGARA`` (the Bupati).
        supervisor: key of the direct supervisor (Pejabat Penilai Kinerja); ``None`` at the top.
        birth_date: from the NIP; ``None`` without a NIP.
        appointed_year: year of first appointment, from the NIP; ``None`` without a NIP.
    """

    key: str
    name: str
    nip: str | None
    jabatan: str
    jenis_jabatan: JenisJabatan
    status: EmployeeStatus
    golongan: str
    unit: str
    supervisor: str | None
    is_unit_head: bool
    field_worker: bool
    gender: Gender
    birth_year: int
    birth_date: date | None
    appointed_year: int | None

    @property
    def is_asn(self) -> bool:
        """A civil servant (PNS or PPPK) with a NIP and an SKP."""
        return self.nip is not None

    def age_on(self, day: date) -> int:
        if self.birth_date is None:
            return day.year - self.birth_year
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


@dataclass(frozen=True)
class AccountData:
    """A practice account. Learner usernames are their persona's NIP, as on the real system."""

    username: str
    alias: str | None
    display_name: str
    roles: tuple[Role, ...]
    persona: str | None
    initial_password: str
    must_change_password: bool
    practice_phone: bool

    @property
    def nip(self) -> str | None:
        """The NIP this account logs in with: its username when that is a NIP, else ``None``."""
        return self.username if _NIP_USERNAME.fullmatch(self.username) else None

    def has_role(self, role: Role) -> bool:
        return role in self.roles


@dataclass(frozen=True)
class WilayahData:
    """A kecamatan of the regency and its villages, used to fill activity texts."""

    kecamatan: str
    desa: tuple[str, ...]


@dataclass(frozen=True)
class OfficeData:
    """The whole practice office: units, people, accounts and places, validated.

    ``units``, ``people`` and ``accounts`` keep the files' order; look single records up with
    :meth:`unit`, :meth:`person` and :meth:`account`.
    """

    name: str
    short_name: str
    regency: str
    address: str
    office_unit: str
    evidence_drive: str
    units: tuple[UnitData, ...]
    people: tuple[PersonData, ...]
    accounts: tuple[AccountData, ...]
    wilayah: tuple[WilayahData, ...]
    _units: Mapping[str, UnitData] = field(init=False, repr=False, compare=False)
    _people: Mapping[str, PersonData] = field(init=False, repr=False, compare=False)
    _accounts: Mapping[str, AccountData] = field(init=False, repr=False, compare=False)
    _by_nip: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _by_login: Mapping[str, str] = field(init=False, repr=False, compare=False)
    _subordinates: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _heads: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_login: dict[str, str] = {}
        for account in self.accounts:
            by_login[account.username.lower()] = account.username
            if account.alias:
                by_login[account.alias.lower()] = account.username
        subordinates: dict[str, list[str]] = {p.key: [] for p in self.people}
        for person in self.people:
            if person.supervisor is not None:
                subordinates[person.supervisor].append(person.key)
        indexes: dict[str, Mapping[str, Any]] = {
            "_units": {u.code: u for u in self.units},
            "_people": {p.key: p for p in self.people},
            "_accounts": {a.username: a for a in self.accounts},
            "_by_nip": {p.nip: p.key for p in self.people if p.nip is not None},
            "_by_login": by_login,
            "_subordinates": {key: tuple(keys) for key, keys in subordinates.items()},
            "_heads": {p.unit: p.key for p in self.people if p.is_unit_head},
        }
        for name, index in indexes.items():
            object.__setattr__(self, name, MappingProxyType(dict(index)))

    def person(self, key: str) -> PersonData:
        """The person with ``key``; ``KeyError`` when there is none."""
        return self._people[key]

    def unit(self, code: str) -> UnitData:
        """The unit with ``code``; ``KeyError`` when there is none."""
        return self._units[code]

    def account(self, username: str) -> AccountData:
        """The account with ``username``; ``KeyError`` when there is none."""
        return self._accounts[username]

    def is_person(self, key: str) -> bool:
        return key in self._people

    def is_unit(self, code: str) -> bool:
        return code in self._units

    def person_by_nip(self, nip: str) -> PersonData | None:
        key = self._by_nip.get(nip)
        return None if key is None else self._people[key]

    def account_for_login(self, login: str) -> AccountData | None:
        """The account whose username or alias is ``login`` (case-insensitive)."""
        username = self._by_login.get(login.strip().lower())
        return None if username is None else self._accounts[username]

    def head_of(self, unit_code: str) -> PersonData:
        return self._people[self._heads[unit_code]]

    def supervisor_of(self, key: str) -> PersonData | None:
        supervisor = self._people[key].supervisor
        return None if supervisor is None else self._people[supervisor]

    def subordinates(self, key: str) -> tuple[PersonData, ...]:
        """Direct subordinates, in file order."""
        return tuple(self._people[k] for k in self._subordinates[key])

    def below(self, key: str) -> tuple[PersonData, ...]:
        """Everyone below ``key`` at any depth, breadth first."""
        found: list[PersonData] = []
        queue = list(self._subordinates[key])
        while queue:
            current = queue.pop(0)
            found.append(self._people[current])
            queue.extend(self._subordinates[current])
        return tuple(found)

    def above(self, key: str) -> tuple[PersonData, ...]:
        """The supervisor chain from the direct supervisor up to the top."""
        chain: list[PersonData] = []
        current = self._people[key].supervisor
        while current is not None:
            chain.append(self._people[current])
            current = self._people[current].supervisor
        return tuple(chain)

    def unit_chain(self, code: str) -> tuple[UnitData, ...]:
        """The unit and its ancestors, nearest first."""
        chain: list[UnitData] = []
        current: str | None = code
        while current is not None:
            chain.append(self._units[current])
            current = self._units[current].parent
        return tuple(chain)

    def units_below(self, code: str) -> tuple[UnitData, ...]:
        """The unit itself and every unit under it, in file order."""
        return tuple(u for u in self.units if any(c.code == code for c in self.unit_chain(u.code)))

    def learner_accounts(self) -> tuple[AccountData, ...]:
        return tuple(a for a in self.accounts if a.has_role(Role.LEARNER))


# --- loading ---------------------------------------------------------------------------------


def load_office(root: Path | None = None) -> OfficeData:
    """Read and validate ``office.toml`` and ``accounts.toml`` (cached per folder).

    Raises:
        ConfigError: ``error.seed_data`` naming the file and the key at fault.
    """
    return _load_office((root or content_root()).resolve())


@cache
def _load_office(root: Path) -> OfficeData:
    doc = Table(read_toml(root, OFFICE_FILE), OFFICE_FILE)
    doc.known("office", "units", "people", "wilayah")
    units = _read_units(doc)
    office = doc.table("office")
    office.known("name", "short_name", "regency", "address", "unit", "evidence_drive")
    office_unit = office.text("unit")
    if office_unit not in units or units[office_unit].kind is not UnitKind.DINAS:
        raise office.error(f"'{office_unit}' is not a unit of kind DINAS", "unit")
    drive = office.text("evidence_drive", field="bukti_dukung")
    if not drive.startswith("https://"):
        raise office.error("must start with https://", "evidence_drive")
    people = _read_people(doc, units)
    wilayah = _read_wilayah(doc)
    accounts = _read_accounts(root, people, units)
    return OfficeData(
        name=office.text("name", field="unit_name"),
        short_name=office.text("short_name", field="unit_name"),
        regency=office.text("regency", field="unit_name"),
        address=office.text("address"),
        office_unit=office_unit,
        evidence_drive=drive,
        units=tuple(units.values()),
        people=tuple(people.values()),
        accounts=tuple(accounts.values()),
        wilayah=wilayah,
    )


def _read_units(doc: Table) -> dict[str, UnitData]:
    units: dict[str, UnitData] = {}
    tables = doc.tables("units", min_items=1)
    for raw in tables:
        code = raw.pattern("code", CODE_PATTERN, "unit code (A–Z, 0–9, _)")
        table = raw.renamed(f"unit '{code}'")
        table.known("code", "name", "kind", "parent", "simulated_external")
        if code in units:
            raise table.error("duplicate unit code")
        units[code] = UnitData(
            code=code,
            name=table.text("name", field="unit_name"),
            kind=table.choice("kind", UnitKind),
            parent=table.opt_text("parent"),
            simulated_external=table.boolean("simulated_external", default=False),
        )
    roots = [u.code for u in units.values() if u.parent is None]
    if len(roots) != 1:
        raise seed_error(OFFICE_FILE, f"exactly one unit must have no parent, found {roots}")
    for unit in units.values():
        where = f"unit '{unit.code}'"
        if unit.parent is not None and unit.parent not in units:
            raise seed_error(OFFICE_FILE, f"parent '{unit.parent}' does not exist", where)
        seen = {unit.code}
        current = unit.parent
        while current is not None:
            if current in seen:
                raise seed_error(OFFICE_FILE, "the parent chain loops back to itself", where)
            seen.add(current)
            current = units[current].parent
    return units


def _read_person(table: Table, units: Mapping[str, UnitData]) -> PersonData:
    key = table.pattern("key", KEY_PATTERN, "person key (a–z, 0–9, _)")
    table = table.renamed(f"person '{key}'")
    table.known(
        "key",
        "name",
        "nip",
        "jabatan",
        "jenis_jabatan",
        "status",
        "golongan",
        "unit",
        "supervisor",
        "is_unit_head",
        "field_worker",
        "gender",
        "birth_year",
    )
    if key in RESERVED_KEYS:
        raise table.error(f"'{key}' is reserved for scenario selectors", "key")
    status = table.choice("status", EmployeeStatus)
    gender = table.choice("gender", Gender)
    birth_year = table.integer("birth_year", minimum=1940, maximum=2010)
    nip: str | None = None
    parts: NipParts | None = None
    if status is EmployeeStatus.PEJABAT_NEGARA:
        if table.has("nip"):
            raise table.error("a pejabat negara has no NIP", "nip")
    else:
        nip = table.text("nip")
        try:
            parts = parse_nip(nip, status)
        except ValueError as exc:
            raise table.error(f"NIP {nip}: {exc}", "nip") from None
        if parts.birth_date.year != birth_year:
            raise table.error(
                f"birth_year {birth_year} differs from the NIP's {parts.birth_date.year}",
                "birth_year",
            )
        if parts.gender is not gender:
            raise table.error(f"gender {gender} differs from the NIP's {parts.gender}", "gender")
    golongan = table.opt_text("golongan") or ""
    if status is EmployeeStatus.PEJABAT_NEGARA and golongan:
        raise table.error("a pejabat negara has no golongan", "golongan")
    if status is EmployeeStatus.PNS and not _PNS_GOLONGAN.fullmatch(golongan):
        raise table.error(f"{golongan!r} is not a PNS golongan such as 'III/b'", "golongan")
    if status is EmployeeStatus.PPPK and golongan not in _PPPK_GOLONGAN:
        raise table.error(f"{golongan!r} is not a PPPK golongan I–XVII", "golongan")
    unit = table.text("unit")
    if unit not in units:
        raise table.error(f"unit '{unit}' does not exist", "unit")
    return PersonData(
        key=key,
        name=table.text("name", field="display_name"),
        nip=nip,
        jabatan=table.text("jabatan", field="jabatan"),
        jenis_jabatan=table.choice("jenis_jabatan", JenisJabatan),
        status=status,
        golongan=golongan,
        unit=unit,
        supervisor=table.opt_text("supervisor"),
        is_unit_head=table.boolean("is_unit_head", default=False),
        field_worker=table.boolean("field_worker", default=False),
        gender=gender,
        birth_year=birth_year,
        birth_date=None if parts is None else parts.birth_date,
        appointed_year=None if parts is None else parts.appointed_year,
    )


def _read_people(doc: Table, units: Mapping[str, UnitData]) -> dict[str, PersonData]:
    people: dict[str, PersonData] = {}
    nips: dict[str, str] = {}
    for table in doc.tables("people", min_items=1):
        person = _read_person(table, units)
        where = f"person '{person.key}'"
        if person.key in people:
            raise seed_error(OFFICE_FILE, "duplicate person key", where)
        if person.nip is not None:
            if person.nip in nips:
                raise seed_error(
                    OFFICE_FILE, f"NIP {person.nip} is also used by '{nips[person.nip]}'", where
                )
            nips[person.nip] = person.key
        people[person.key] = person
    _check_supervisors(people, units)
    _check_heads(people, units)
    return people


def _check_supervisors(people: Mapping[str, PersonData], units: Mapping[str, UnitData]) -> None:
    tops = [p.key for p in people.values() if p.supervisor is None]
    if len(tops) != 1:
        raise seed_error(OFFICE_FILE, f"exactly one person must have no supervisor, found {tops}")
    for person in people.values():
        where = f"person '{person.key}'"
        if person.supervisor is None:
            continue
        if person.supervisor not in people:
            raise seed_error(OFFICE_FILE, f"supervisor '{person.supervisor}' does not exist", where)
        seen = [person.key]
        current: str | None = person.supervisor
        while current is not None:
            if current in seen:
                loop = " → ".join([*seen, current])
                raise seed_error(OFFICE_FILE, f"the supervisor chain loops: {loop}", where)
            seen.append(current)
            current = people[current].supervisor


def _check_heads(people: Mapping[str, PersonData], units: Mapping[str, UnitData]) -> None:
    heads: dict[str, list[str]] = {code: [] for code in units}
    for person in people.values():
        if person.is_unit_head:
            heads[person.unit].append(person.key)
    for code, keys in heads.items():
        if len(keys) != 1:
            raise seed_error(
                OFFICE_FILE,
                f"needs exactly one person with is_unit_head = true, found {keys}",
                f"unit '{code}'",
            )
    head_of = {code: keys[0] for code, keys in heads.items()}
    for person in people.values():
        if person.supervisor is None:
            continue
        where = f"person '{person.key}'"
        supervisor = people[person.supervisor]
        if not person.is_unit_head:
            if supervisor.key != head_of[person.unit]:
                raise seed_error(
                    OFFICE_FILE,
                    f"supervisor '{supervisor.key}' is not the head of unit '{person.unit}' "
                    f"('{head_of[person.unit]}')",
                    where,
                )
            continue
        ancestors: list[str] = []
        current = units[person.unit].parent
        while current is not None:
            ancestors.append(current)
            current = units[current].parent
        supervisor_unit = units[supervisor.unit]
        if not (
            (supervisor.is_unit_head and supervisor.unit in ancestors)
            or supervisor_unit.simulated_external
        ):
            raise seed_error(
                OFFICE_FILE,
                f"supervisor '{supervisor.key}' heads no unit above '{person.unit}'",
                where,
            )


def _read_wilayah(doc: Table) -> tuple[WilayahData, ...]:
    result: list[WilayahData] = []
    seen: set[str] = set()
    for table in doc.tables("wilayah", min_items=1):
        table.known("kecamatan", "desa")
        kecamatan = table.text("kecamatan", field="unit_name")
        if kecamatan in seen:
            raise table.error(f"kecamatan '{kecamatan}' is listed twice")
        seen.add(kecamatan)
        result.append(WilayahData(kecamatan, table.text_list("desa", field="unit_name")))
    return tuple(result)


def _read_accounts(
    root: Path, people: Mapping[str, PersonData], units: Mapping[str, UnitData]
) -> dict[str, AccountData]:
    doc = Table(read_toml(root, ACCOUNTS_FILE), ACCOUNTS_FILE)
    doc.known("accounts")
    accounts: dict[str, AccountData] = {}
    logins: dict[str, str] = {}
    for raw in doc.tables("accounts", min_items=1):
        username = raw.text("username", field="username")
        table = raw.renamed(f"account '{username}'")
        table.known(
            "username",
            "alias",
            "display_name",
            "roles",
            "persona",
            "initial_password",
            "must_change_password",
            "practice_phone",
        )
        if not _USERNAME.fullmatch(username):
            raise table.error("use lower-case letters, digits, '.', '_' or '-'", "username")
        alias = table.opt_text("alias", field="username")
        if alias is not None and not KEY_PATTERN.fullmatch(alias):
            raise table.error("use lower-case letters, digits and '_'", "alias")
        for login in (username, alias):
            if login is None:
                continue
            if login.lower() in logins:
                raise table.error(f"'{login}' is already the login of '{logins[login.lower()]}'")
            logins[login.lower()] = username
        raw_roles = table.array("roles")
        roles: list[Role] = []
        for index, name in enumerate(raw_roles):
            try:
                role = Role(name)
            except ValueError:
                choices = ", ".join(r.value for r in Role)
                raise table.error(
                    f"{name!r} is not a role ({choices})", f"roles[{index}]"
                ) from None
            if role in roles:
                raise table.error(f"role '{role}' is listed twice", "roles")
            roles.append(role)
        if not roles:
            raise table.error("at least one role is needed", "roles")
        persona = table.opt_text("persona")
        if persona is not None:
            if persona not in people:
                raise table.error(f"persona '{persona}' does not exist in office.toml", "persona")
            if units[people[persona].unit].simulated_external:
                raise table.error(
                    f"persona '{persona}' is outside the office (simulated)", "persona"
                )
        if Role.LEARNER in roles:
            if persona is None:
                raise table.error("a learner account needs a persona", "persona")
            nip = people[persona].nip
            if nip is None:
                raise table.error(f"persona '{persona}' has no NIP", "persona")
            if username != nip:
                raise table.error(
                    f"a learner logs in with the persona's NIP {nip}, found '{username}'",
                    "username",
                )
        password = table.text("initial_password", field="password")
        problems = password_problems(password, username=username)
        if problems:
            reasons = " ".join(problem.render("en") for problem in problems)
            raise table.error(
                f"the practice password breaks the policy: {reasons}", "initial_password"
            )
        accounts[username] = AccountData(
            username=username,
            alias=alias,
            display_name=table.text("display_name", field="display_name"),
            roles=tuple(roles),
            persona=persona,
            initial_password=password,
            must_change_password=table.boolean("must_change_password", default=True),
            practice_phone=table.boolean("practice_phone", default=False),
        )
    return accounts
