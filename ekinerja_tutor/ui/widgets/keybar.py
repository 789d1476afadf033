"""The key line at the bottom of every screen: the same help keys first, in the same order.

Textual's ``Footer`` orders keys by where they are bound (focused widget first) and shows the
description as given; this bar always starts with :data:`STANDARD_ACTIONS` in that order,
translates each description (a catalog key) into the current language, and wraps onto a
second (and, at 80 columns with the lesson, seat and help-desk keys, a third) line rather than
hiding keys. A key can also be clicked.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

STANDARD_ACTIONS: tuple[str, ...] = ("help", "back", "app.toggle_language", "app.cycle_theme")
"""F1 Bantuan, Esc Kembali, F2 English, F3 Tampilan — on every screen, in this order."""

NEXT_ACTIONS: tuple[str, ...] = ("workspace_menu", "lesson_player", "switch_seat", "raise_ticket")
"""Then, where a screen has them: F4 Menu, F5 Pelajaran, F6 Ganti kursi, F7 Minta bantuan."""

TEXTUAL_DESCRIPTIONS: dict[str, str] = {
    "Dismiss menu": "key.close_list",  # Select's open list (SelectOverlay), Esc
    "Open link": "key.open_link",  # Link, Enter
}
"""Catalog keys for the descriptions of Textual's own bindings that show in the bar (the only
two with ``show=True`` in Textual 8; ``tests/ui/workspace/test_keys_and_language.py`` checks
that)."""

NBSP = "\u00a0"


def key_label(key: str) -> str:
    """``f1`` → ``F1``, ``escape`` → ``Esc``, ``pageup`` → ``PgUp``, ``ctrl+q`` → ``Ctrl+Q``: as
    printed on keyboards."""
    names = {
        "escape": "Esc",
        "enter": "Enter",
        "tab": "Tab",
        "ctrl": "Ctrl",
        "shift": "Shift",
        "pageup": "PgUp",
        "pagedown": "PgDn",
        "space": "Space",
        "backspace": "Backspace",
        "delete": "Del",
    }
    return "+".join(names.get(part, part.upper()) for part in key.split("+"))


class KeyBar(Static):
    """Shows the screen's keys as ``F1 Bantuan  Esc Kembali …`` (key in reverse video)."""

    DEFAULT_CSS = """
    KeyBar {
        height: auto;
        max-height: 3;
        padding: 0 1;
        background: $panel;
        color: $foreground;
    }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self._parts: list[Content] = []
        self._shown_now: tuple[tuple[str, str, bool], ...] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.refresh_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is self.screen:
            self.refresh_keys()

    def shown(self) -> list[tuple[Binding, bool]]:
        """The bindings shown, in order, each with whether it is enabled now."""
        active = [
            (binding, enabled)
            for _node, binding, enabled, _tooltip in self.screen.active_bindings.values()
            if binding.show
        ]
        seen: set[str] = set()
        unique = []
        for binding, enabled in active:
            if binding.action not in seen:
                seen.add(binding.action)
                unique.append((binding, enabled))

        def order(item: tuple[Binding, bool]) -> int:
            action = item[0].action
            if action in STANDARD_ACTIONS:
                return STANDARD_ACTIONS.index(action)
            if action in NEXT_ACTIONS:
                return len(STANDARD_ACTIONS) + NEXT_ACTIONS.index(action)
            return len(STANDARD_ACTIONS) + len(NEXT_ACTIONS)

        return sorted(unique, key=order)

    def shown_keys(self) -> list[str]:
        """The keys shown, in order (for tests and the help text)."""
        return [binding.key for binding, _enabled in self.shown()]

    def refresh_keys(self) -> None:
        """Redraw the keys, unless they read exactly as drawn (focus moves change nothing
        most of the time, and an update re-lays-out the whole screen)."""
        tr = self.app.tr  # type: ignore[attr-defined]
        shown = [
            (binding, enabled, tr.t(_catalog_key(binding.description)).replace(" ", NBSP))
            for binding, enabled in self.shown()
        ]
        signature = tuple((binding.key, label, enabled) for binding, enabled, label in shown)
        if signature == self._shown_now:
            return
        self._shown_now = signature
        parts: list[Content] = []
        for binding, enabled, label in shown:
            key = key_label(binding.key)
            key_style = "reverse bold" if enabled else "dim"
            cap = Content.assemble((f"{NBSP}{key}{NBSP}", key_style), (f"{NBSP}{label}", ""))
            if enabled:
                cap = cap.stylize(f"@click=app.simulate_key('{binding.key}')")
            else:
                cap = cap.stylize("dim")
            parts.append(cap)
        self._parts = parts
        self.update(self._packed(parts))

    def _packed(self, parts: list[Content]) -> Content:
        """The keys on as few lines as fit, never splitting one key from its label.

        Textual wraps at any whitespace, the no-break space included, so "F8" could end one
        line and "Keluar akun" start the next; the lines are cut here instead.
        """
        width = self.content_size.width or max(self.app.size.width - 2, 20)
        lines: list[list[Content]] = [[]]
        used = 0
        for cap in parts:
            needed = cap.cell_length + (2 if lines[-1] else 0)
            if lines[-1] and used + needed > width:
                lines.append([])
                used, needed = 0, cap.cell_length
            lines[-1].append(cap)
            used += needed
        return Content("\n").join(Content("  ").join(line) for line in lines)

    def on_resize(self) -> None:
        if self._parts:
            self.update(self._packed(self._parts))


def _catalog_key(description: str) -> str:
    """Our bindings' descriptions are catalog keys; Textual's own are English text."""
    return TEXTUAL_DESCRIPTIONS.get(description, description)
