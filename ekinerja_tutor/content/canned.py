"""Canned help-desk replies from ``sandbox_data/canned_replies.toml`` (pure Python).

Each ``[[reply]]`` has a ``key``, optional ``category`` (a :class:`Category` value; absent =
any), optional ``failed_condition`` (suggested first when a failed lesson condition of the
ticket contains this text), the reply in ``id`` and ``en``, and an optional link to a lesson
step (``lesson`` and ``step``, 1-based).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

from ekinerja_tutor.content._toml import KEY_PATTERN, Table, read_toml
from ekinerja_tutor.content.paths import content_root
from ekinerja_tutor.domain.tickets import Category

CANNED_FILE: Final = "canned_replies.toml"


@dataclass(frozen=True)
class CannedReplyData:
    key: str
    category: Category | None
    failed_condition: str | None
    text_id: str
    text_en: str
    lesson_id: str | None
    lesson_step: int | None

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_id


def load_canned_replies(root: Path | None = None) -> tuple[CannedReplyData, ...]:
    """Every canned reply, in file order (cached per folder)."""
    return _load((root or content_root()).resolve())


@cache
def _load(root: Path) -> tuple[CannedReplyData, ...]:
    doc = Table(read_toml(root, CANNED_FILE), CANNED_FILE)
    doc.known("reply")
    seen: set[str] = set()
    replies: list[CannedReplyData] = []
    for raw in doc.tables("reply", min_items=1):
        key = raw.pattern("key", KEY_PATTERN, "lower-case letters, digits and _")
        item = raw.renamed(f"reply {key}")
        item.known("key", "category", "failed_condition", "id", "en", "lesson", "step")
        if key in seen:
            raise item.error("the key is listed twice", "key")
        seen.add(key)
        lesson = item.opt_text("lesson")
        step = item.integer("step", minimum=1, maximum=100) if item.has("step") else None
        if step is not None and lesson is None:
            raise item.error("a step needs a lesson", "step")
        replies.append(
            CannedReplyData(
                key=key,
                category=item.choice("category", Category) if item.has("category") else None,
                failed_condition=item.opt_text("failed_condition", field="search_query"),
                text_id=item.text("id", field="ticket_reply"),
                text_en=item.text("en", field="ticket_reply"),
                lesson_id=lesson,
                lesson_step=step,
            )
        )
    return tuple(replies)
