"""The Practice Drive: folders and files of a sandbox, their sharing and their links.

Everybody in the sandbox office has a drive. The learner puts evidence in it (sample files
from ``sandbox_data/drive``, or files from their own disk when the app runs locally), shares
it and copies its link into Bukti Dukung. Reviewers (the simulated supervisor, or the learner
from the supervisor's seat) open the link *as themselves* with :meth:`DriveService.open_link`:
without access they get the real failure, "Anda memerlukan akses" / "You need access".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from ekinerja_tutor.domain.drive import (
    DriveAccessDenied,
    GeneralAccess,
    ItemKind,
    LinkKind,
    Reason,
    ShareLevel,
    Sharing,
    access_reason,
    check_evidence_link,
    check_file_size,
    effective_level,
    item_link,
    mime_for,
    parse_drive_link,
    unique_people,
    validate_caption,
    validate_item_name,
)
from ekinerja_tutor.domain.errors import Conflict, NotFound, ValidationError
from ekinerja_tutor.domain.evidence import DEFAULT_DRIVE_HOST
from ekinerja_tutor.i18n import Msg
from ekinerja_tutor.persistence.models import DriveContent, DriveItem, DriveShare, Person, Sandbox
from ekinerja_tutor.services.actors import Seat
from ekinerja_tutor.services.audit import snapshot
from ekinerja_tutor.services.context import Service, ServiceContext
from ekinerja_tutor.services.daily_logs import PersonRef, person_ref

SERVED_EXTRA = "served"
"""``ServiceContext.extras`` key: True when the app is served to browsers (see ``serve``)."""
MAX_PAGE_SIZE = 200
_MAX_DEPTH = 32
ITEM_AUDIT_FIELDS = ("token", "kind", "name", "caption", "item_date", "access", "parent_id")


# --- views -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DriveItemView:
    """A folder or file as the drive lists it (never its bytes).

    Attributes:
        level: the item's own sharing (what its share dialog shows).
        effective: the most open sharing along its folders (what a link really gives).
        people: the people named on the item itself.
    """

    id: int
    token: str
    kind: ItemKind
    name: str
    caption: str
    item_date: dt.date
    mime: str
    size: int
    owner: PersonRef
    access: GeneralAccess
    level: ShareLevel
    effective: ShareLevel
    people: tuple[PersonRef, ...]
    parent_id: int | None
    link: str

    @property
    def is_folder(self) -> bool:
        return self.kind is ItemKind.FOLDER


@dataclass(frozen=True)
class FolderView:
    """One page of a folder (``folder`` None: the top of the person's own drive)."""

    folder: DriveItemView | None
    path: tuple[DriveItemView, ...]
    items: tuple[DriveItemView, ...]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class OpenedItem:
    """What a person sees after opening a link they may open.

    ``data`` holds a file's bytes (None for a folder); ``children`` a folder's first items.
    """

    item: DriveItemView
    viewer: PersonRef
    reason: Reason
    data: bytes | None
    children: tuple[DriveItemView, ...]


# --- the service -------------------------------------------------------------------------------


class DriveService(Service):
    """Folders, files, sharing and links of the sandbox Practice Drive."""

    def __init__(self, ctx: ServiceContext, drive_host: str = DEFAULT_DRIVE_HOST) -> None:
        super().__init__(ctx)
        self.drive_host = drive_host

    @property
    def served(self) -> bool:
        """True when the app runs in a browser: the learner's own disk is not reachable."""
        return bool(self.ctx.extras.get(SERVED_EXTRA, False))

    # -- reading ---------------------------------------------------------------------------------

    def list_folder(
        self, seat: Seat, folder_id: int | None = None, *, page: int = 0, page_size: int = 50
    ) -> FolderView:
        """One page of a folder the seat may open, folders first then files by date.

        ``folder_id`` None lists the top of the seat's own drive ("Drive Saya").
        """
        if page < 0 or not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValidationError("drive.bad_page", field="page", maximum=MAX_PAGE_SIZE)
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            if folder_id is None:
                folder = None
                where: tuple[ColumnElement[bool], ...] = (
                    DriveItem.sandbox_id == sandbox.id,
                    DriveItem.parent_id.is_(None),
                    DriveItem.owner_id == me.id,
                )
                path: tuple[DriveItemView, ...] = ()
            else:
                item = self._item(session, sandbox, folder_id)
                if item.kind is not ItemKind.FOLDER:
                    raise NotFound(what=Msg("drive.noun_folder"))
                self._ensure_open(session, item, me)
                folder = self._view(session, item)
                where = (DriveItem.sandbox_id == sandbox.id, DriveItem.parent_id == item.id)
                path = tuple(self._view(session, i) for i in reversed(self._chain(session, item)))
            total = session.scalar(select(func.count()).select_from(DriveItem).where(*where)) or 0
            rows = session.scalars(
                select(DriveItem)
                .where(*where)
                .order_by(
                    DriveItem.kind.desc(),  # FOLDER before FILE
                    DriveItem.item_date.desc(),
                    DriveItem.name,
                    DriveItem.id,
                )
                .offset(page * page_size)
                .limit(page_size)
            ).all()
            return FolderView(
                folder=folder,
                path=path,
                items=tuple(self._view(session, r) for r in rows),
                total=total,
                page=page,
                page_size=page_size,
            )

    def item(self, seat: Seat, item_id: int) -> DriveItemView:
        """One item the seat may open."""
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            row = self._item(session, sandbox, item_id)
            self._ensure_open(session, row, me)
            return self._view(session, row)

    def people(self, seat: Seat) -> list[PersonRef]:
        """The office's people an item can be shared with (everyone but the seat)."""
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            rows = session.scalars(
                select(Person)
                .where(
                    Person.sandbox_id == sandbox.id,
                    Person.id != me.id,
                    Person.simulated_external.is_(False),
                )
                .order_by(Person.name)
            )
            return [person_ref(p) for p in rows]

    def link_of(self, seat: Seat, item_id: int) -> str:
        """The share link "Salin tautan" copies (the seat must be able to open the item)."""
        return self.item(seat, item_id).link

    def find_folder(self, seat: Seat, owner_id: int, name: str) -> DriveItemView | None:
        """A folder of ``owner_id`` by exact name, if the seat may open it."""
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            row = session.scalars(
                select(DriveItem)
                .where(
                    DriveItem.sandbox_id == sandbox.id,
                    DriveItem.owner_id == owner_id,
                    DriveItem.kind == ItemKind.FOLDER,
                    DriveItem.name == name,
                )
                .order_by(DriveItem.id)
            ).first()
            if row is None or access_reason(me.id, self._sharing_chain(session, row)) is None:
                return None
            return self._view(session, row)

    # -- opening a link as a person --------------------------------------------------------------

    def open_link(self, seat: Seat, url: str, *, as_person_id: int | None = None) -> OpenedItem:
        """Open a Practice Drive link as the seat's person (or, to preview what someone else
        would see, as ``as_person_id`` of the same office).

        Raises:
            ValidationError: the text is not a valid link, or not a Practice Drive link.
            NotFound: no item has this link (deleted, or a typo).
            DriveAccessDenied: the person has no access ("Anda memerlukan akses").
        """
        link = check_evidence_link(url, drive_host=self.drive_host, field="drive_link")
        if link.kind is not LinkKind.DRIVE or link.token is None:
            raise ValidationError("drive.not_drive_link", field="drive_link", host=self.drive_host)
        failure: Exception | None = None  # raised after the attempt's audit is committed
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            viewer = me
            if as_person_id is not None and as_person_id != me.id:
                viewer = self._person(session, sandbox, as_person_id)
            row = session.scalars(
                select(DriveItem).where(
                    DriveItem.sandbox_id == sandbox.id, DriveItem.token == link.token
                )
            ).first()
            reason = (
                None if row is None else access_reason(viewer.id, self._sharing_chain(session, row))
            )
            if row is None or reason is None:
                outcome = "missing" if row is None else "denied"
                self._audit_open(session, seat, sandbox, viewer, row, link.url, outcome)
                failure = (
                    NotFound("drive.link_not_found")
                    if row is None
                    else DriveAccessDenied(name=viewer.name)
                )
            else:
                return self._opened(session, seat, sandbox, viewer, row, reason, link.url)
        assert failure is not None
        raise failure

    def _opened(
        self,
        session: Session,
        seat: Seat,
        sandbox: Sandbox,
        viewer: Person,
        row: DriveItem,
        reason: Reason,
        url: str,
    ) -> OpenedItem:
        self._audit_open(session, seat, sandbox, viewer, row, url, reason.value)
        data = None
        children: tuple[DriveItemView, ...] = ()
        if row.kind is ItemKind.FILE:
            data = session.scalar(select(DriveContent.data).where(DriveContent.item_id == row.id))
        else:
            kids = session.scalars(
                select(DriveItem)
                .where(DriveItem.parent_id == row.id)
                .order_by(DriveItem.kind.desc(), DriveItem.item_date.desc(), DriveItem.name)
                .limit(50)
            )
            children = tuple(self._view(session, k) for k in kids)
        if row.kind is ItemKind.FILE:
            data = bytes(data) if data is not None else b""
        return OpenedItem(
            item=self._view(session, row),
            viewer=person_ref(viewer),
            reason=reason,
            data=data,
            children=children,
        )

    def can_open(self, seat: Seat, url: str) -> bool:
        """Whether the seat's person could open a Practice Drive link (False for other text)."""
        try:
            self.open_link(seat, url)
        except (DriveAccessDenied, NotFound, ValidationError):
            return False
        return True

    def opens_for_anyone(self, sandbox_id: int, url: str) -> bool:
        """Whether a drive link opens for anybody who has it (the program's check; no seat)."""
        token = parse_drive_link(url, self.drive_host)
        if token is None:
            return False
        with self.db.read() as session:
            row = session.scalars(
                select(DriveItem).where(
                    DriveItem.sandbox_id == sandbox_id, DriveItem.token == token
                )
            ).first()
            return row is not None and access_reason(None, self._sharing_chain(session, row)) in (
                Reason.LINK,
                Reason.INHERITED_LINK,
            )

    def own_item_by_link(self, seat: Seat, url: str) -> DriveItemView | None:
        """The seat's own item behind a drive link (None when it is someone else's or none)."""
        token = parse_drive_link(url, self.drive_host)
        if token is None:
            return None
        with self.db.read() as session:
            sandbox, me = self._seat(session, seat)
            row = session.scalars(
                select(DriveItem).where(
                    DriveItem.sandbox_id == sandbox.id, DriveItem.token == token
                )
            ).first()
            if row is None or row.owner_id != me.id:
                return None
            return self._view(session, row)

    # -- changing the drive ----------------------------------------------------------------------

    def create_folder(
        self,
        seat: Seat,
        parent_id: int | None,
        name: str,
        *,
        caption: str = "",
        item_date: dt.date | None = None,
        token: str | None = None,
    ) -> DriveItemView:
        """A new folder in the seat's drive (inside a folder the seat owns, or at the top)."""
        clean = validate_item_name(name)
        note = validate_caption(caption)
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            parent = self._own_parent(session, sandbox, me, parent_id)
            row = self._new_item(
                session, sandbox, me, ItemKind.FOLDER, parent, clean, note, item_date, token
            )
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="drive.create_folder",
                entity="drive_item",
                entity_id=row.id,
                after=snapshot(row, *ITEM_AUDIT_FIELDS),
            )
            return self._view(session, row)

    def add_file(
        self,
        seat: Seat,
        folder_id: int | None,
        name: str,
        data: bytes,
        *,
        caption: str = "",
        item_date: dt.date | None = None,
        access: GeneralAccess = GeneralAccess.RESTRICTED,
        token: str | None = None,
    ) -> DriveItemView:
        """Put a file (its bytes) in the seat's drive; private ("Dibatasi") unless told."""
        clean = validate_item_name(name)
        note = validate_caption(caption)
        check_file_size(len(data))
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            parent = self._own_parent(session, sandbox, me, folder_id)
            row = self._new_item(
                session, sandbox, me, ItemKind.FILE, parent, clean, note, item_date, token
            )
            row.mime = mime_for(clean)
            row.size = len(data)
            row.access = access
            session.add(DriveContent(sandbox_id=sandbox.id, item_id=row.id, data=data))
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="drive.add_file",
                entity="drive_item",
                entity_id=row.id,
                after={**snapshot(row, *ITEM_AUDIT_FIELDS), "size": row.size, "mime": row.mime},
            )
            return self._view(session, row)

    def add_file_from_disk(
        self,
        seat: Seat,
        folder_id: int | None,
        path: str,
        *,
        caption: str = "",
        item_date: dt.date | None = None,
    ) -> DriveItemView:
        """Copy a file from the learner's own computer into the drive (local app only).

        Raises:
            ValidationError: on ``drive_path`` when served to browsers, or the path is not a
                readable file, or the file is too big.
        """
        if self.served:
            raise ValidationError("drive.disk_served", field="drive_path")
        text = path.strip().strip('"').strip("'")
        if not text:
            raise ValidationError("drive.path_required", field="drive_path")
        file = Path(text).expanduser()
        try:
            if not file.is_file():
                raise ValidationError("drive.path_not_file", field="drive_path", path=text)
            size = file.stat().st_size
            check_file_size(size)
            data = file.read_bytes()
        except OSError as error:
            raise ValidationError(
                "drive.path_unreadable", field="drive_path", path=text, detail=error.strerror or ""
            ) from error
        return self.add_file(seat, folder_id, file.name, data, caption=caption, item_date=item_date)

    def update_item(
        self,
        seat: Seat,
        item_id: int,
        *,
        name: str | None = None,
        caption: str | None = None,
        item_date: dt.date | None = None,
    ) -> DriveItemView:
        """Rename an item, change its caption or date (the owner only)."""
        clean = validate_item_name(name) if name is not None else None
        note = validate_caption(caption) if caption is not None else None
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            row = self._owned(session, sandbox, me, item_id)
            before = snapshot(row, *ITEM_AUDIT_FIELDS)
            if clean is not None:
                row.name = clean
                if row.kind is ItemKind.FILE:
                    row.mime = mime_for(clean)
            if note is not None:
                row.caption = note
            if item_date is not None:
                row.item_date = item_date
            row.updated_at = sandbox.today
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="drive.update",
                entity="drive_item",
                entity_id=row.id,
                before=before,
                after=snapshot(row, *ITEM_AUDIT_FIELDS),
            )
            return self._view(session, row)

    def set_sharing(
        self,
        seat: Seat,
        item_id: int,
        access: GeneralAccess,
        people: tuple[int, ...] | list[int] | None = None,
    ) -> DriveItemView:
        """Set an item's general access and named people (the owner only).

        ``people`` None keeps the named people as they are.
        """
        with self.db.write() as session:
            sandbox, me = self._seat(session, seat)
            row = self._owned(session, sandbox, me, item_id)
            before = {**snapshot(row, *ITEM_AUDIT_FIELDS), "people": self._people_ids(session, row)}
            row.access = access
            if people is not None:
                chosen = unique_people(people, row.owner_id)
                for person_id in chosen:
                    self._person(session, sandbox, person_id)
                session.execute(delete(DriveShare).where(DriveShare.item_id == row.id))
                for person_id in sorted(chosen):
                    session.add(
                        DriveShare(sandbox_id=sandbox.id, item_id=row.id, person_id=person_id)
                    )
            row.updated_at = sandbox.today
            session.flush()
            self._audit(
                session,
                seat,
                sandbox=sandbox,
                person=me,
                action="drive.share",
                entity="drive_item",
                entity_id=row.id,
                before=before,
                after={
                    **snapshot(row, *ITEM_AUDIT_FIELDS),
                    "people": self._people_ids(session, row),
                },
            )
            return self._view(session, row)

    # -- helpers ---------------------------------------------------------------------------------

    def _person(self, session: Session, sandbox: Sandbox, person_id: int) -> Person:
        person = session.get(Person, person_id)
        if person is None or person.sandbox_id != sandbox.id:
            raise NotFound(what=Msg("noun.person"))
        return person

    def _item(self, session: Session, sandbox: Sandbox, item_id: int) -> DriveItem:
        row = session.get(DriveItem, item_id)
        if row is None or row.sandbox_id != sandbox.id:
            raise NotFound(what=Msg("drive.noun_item"))
        return row

    def _owned(self, session: Session, sandbox: Sandbox, me: Person, item_id: int) -> DriveItem:
        row = self._item(session, sandbox, item_id)
        if row.owner_id != me.id:
            self._ensure_open(session, row, me)
            raise DriveAccessDenied("drive.owner_only", name=me.name)
        return row

    def _own_parent(
        self, session: Session, sandbox: Sandbox, me: Person, parent_id: int | None
    ) -> DriveItem | None:
        if parent_id is None:
            return None
        parent = self._owned(session, sandbox, me, parent_id)
        if parent.kind is not ItemKind.FOLDER:
            raise NotFound(what=Msg("drive.noun_folder"))
        return parent

    def _new_item(
        self,
        session: Session,
        sandbox: Sandbox,
        me: Person,
        kind: ItemKind,
        parent: DriveItem | None,
        name: str,
        caption: str,
        item_date: dt.date | None,
        token: str | None,
    ) -> DriveItem:
        chosen = token or secrets.token_urlsafe(12)
        taken = session.scalar(
            select(DriveItem.id).where(
                DriveItem.sandbox_id == sandbox.id, DriveItem.token == chosen
            )
        )
        if taken is not None:
            raise Conflict()
        item_link(chosen, self.drive_host)  # refuses a malformed token
        row = DriveItem(
            sandbox_id=sandbox.id,
            token=chosen,
            kind=kind,
            parent_id=parent.id if parent else None,
            owner_id=me.id,
            name=name,
            caption=caption,
            item_date=item_date or sandbox.today.date(),
            mime="" if kind is ItemKind.FOLDER else "application/octet-stream",
            size=0,
            access=GeneralAccess.RESTRICTED,
            created_at=sandbox.today,
            updated_at=sandbox.today,
        )
        session.add(row)
        session.flush()
        return row

    def _chain(self, session: Session, item: DriveItem) -> list[DriveItem]:
        """The item and its folders, innermost first."""
        chain = [item]
        current = item
        while current.parent_id is not None and len(chain) < _MAX_DEPTH:
            parent = session.get(DriveItem, current.parent_id)
            if parent is None:
                break
            chain.append(parent)
            current = parent
        return chain

    def _people_ids(self, session: Session, item: DriveItem) -> list[int]:
        return list(
            session.scalars(
                select(DriveShare.person_id)
                .where(DriveShare.item_id == item.id)
                .order_by(DriveShare.person_id)
            )
        )

    def _sharing(self, session: Session, item: DriveItem) -> Sharing:
        return Sharing(item.owner_id, item.access, frozenset(self._people_ids(session, item)))

    def _sharing_chain(self, session: Session, item: DriveItem) -> list[Sharing]:
        return [self._sharing(session, i) for i in self._chain(session, item)]

    def _ensure_open(self, session: Session, item: DriveItem, me: Person) -> Reason:
        reason = access_reason(me.id, self._sharing_chain(session, item))
        if reason is None:
            raise DriveAccessDenied(name=me.name)
        return reason

    def _view(self, session: Session, item: DriveItem) -> DriveItemView:
        owner = session.get(Person, item.owner_id)
        assert owner is not None
        chain = self._sharing_chain(session, item)
        people = [session.get(Person, pid) for pid in sorted(chain[0].people)]
        return DriveItemView(
            id=item.id,
            token=item.token,
            kind=item.kind,
            name=item.name,
            caption=item.caption,
            item_date=item.item_date,
            mime=item.mime,
            size=item.size,
            owner=person_ref(owner),
            access=item.access,
            level=chain[0].level,
            effective=effective_level(chain),
            people=tuple(person_ref(p) for p in people if p is not None),
            parent_id=item.parent_id,
            link=item_link(item.token, self.drive_host),
        )

    def _audit_open(
        self,
        session: Session,
        seat: Seat,
        sandbox: Sandbox,
        viewer: Person,
        item: DriveItem | None,
        url: str,
        outcome: str,
    ) -> None:
        self._audit(
            session,
            seat,
            sandbox=sandbox,
            person=viewer,
            action="drive.open",
            entity="drive_item",
            entity_id=item.id if item else None,
            after={"link": url, "outcome": outcome, "viewer_id": viewer.id},
        )


def stable_token(*parts: object) -> str:
    """A deterministic item token (for content built by the program: same input, same link)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:TOKEN_CHARS]


TOKEN_CHARS = 16

__all__ = [
    "SERVED_EXTRA",
    "DriveItemView",
    "DriveService",
    "FolderView",
    "OpenedItem",
    "stable_token",
]
