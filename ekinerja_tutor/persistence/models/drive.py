"""The Practice Drive of a sandbox: folders, files (bytes kept in the database) and shares."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ekinerja_tutor.domain.drive import GeneralAccess, ItemKind
from ekinerja_tutor.persistence.base import Base, intpk, sandbox_fk, str_enum, wib


class DriveItem(Base):
    """A folder or a file of the sandbox drive.

    ``token`` is the part of the share link that names the item (unique per sandbox, so a
    cloned sandbox keeps the links of its template working). ``item_date`` is the date the
    drive shows (a photo's day, a report's day), ``caption`` the owner's short description.
    """

    __tablename__ = "drive_item"
    __table_args__ = (
        UniqueConstraint("sandbox_id", "token"),
        Index("ix_drive_item_parent", "parent_id"),
        Index("ix_drive_item_owner", "owner_id"),
    )

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    token: Mapped[str] = mapped_column(String(64))
    kind: Mapped[ItemKind] = mapped_column(str_enum(ItemKind))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("drive_item.id", ondelete="CASCADE"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    caption: Mapped[str] = mapped_column(String(600), default="")
    item_date: Mapped[dt.date]
    mime: Mapped[str] = mapped_column(String(100), default="")
    size: Mapped[int] = mapped_column(default=0)
    access: Mapped[GeneralAccess] = mapped_column(
        str_enum(GeneralAccess), default=GeneralAccess.RESTRICTED
    )
    created_at: Mapped[wib]
    updated_at: Mapped[wib]
    version: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version}


class DriveContent(Base):
    """The bytes of one file (kept apart so listing a folder never loads them)."""

    __tablename__ = "drive_content"
    __table_args__ = (UniqueConstraint("item_id"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    item_id: Mapped[int] = mapped_column(ForeignKey("drive_item.id", ondelete="CASCADE"))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class DriveShare(Base):
    """A named person an item is shared with ("Orang tertentu")."""

    __tablename__ = "drive_share"
    __table_args__ = (UniqueConstraint("item_id", "person_id"),)

    id: Mapped[intpk]
    sandbox_id: Mapped[sandbox_fk]
    item_id: Mapped[int] = mapped_column(ForeignKey("drive_item.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
