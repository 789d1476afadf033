"""Declarative base and the reusable column types of every model."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Annotated, Any, ClassVar

from sqlalchemy import JSON, BigInteger, DateTime, Enum, ForeignKey, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on both engines (SQLite stores naive UTC; we put the zone back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def str_enum(cls: type[enum.Enum]) -> Enum:
    """Store an enum by its value as VARCHAR; no native type, so migrations stay simple."""
    return Enum(
        cls,
        native_enum=False,
        create_constraint=False,
        length=32,
        values_callable=lambda e: [m.value for m in e],
    )


intpk = Annotated[
    int, mapped_column(Integer().with_variant(BigInteger(), "postgresql"), primary_key=True)
]
"""Integer primary key (BIGINT on PostgreSQL: daily entries reach millions of rows)."""

utc = Annotated[dt.datetime, mapped_column(UTCDateTime())]
"""A real (wall-clock) instant, aware UTC."""

wib = Annotated[dt.datetime, mapped_column(DateTime(timezone=False))]
"""A sandbox-clock instant: naive WIB, moved by learners and trainers, not by real time."""

sandbox_fk = Annotated[int, mapped_column(ForeignKey("sandbox.id", ondelete="CASCADE"), index=True)]
"""The sandbox a workflow row belongs to; deleting a sandbox deletes its rows."""

short_text = Annotated[str, mapped_column(String(200))]
long_text = Annotated[str, mapped_column(String(2000))]
json_doc = Annotated[dict[str, Any], mapped_column(JSON)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {dt.datetime: UTCDateTime()}
