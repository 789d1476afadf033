"""The yardstick: the smallest Textual app with a focused input and a list, started like ours.

``python -m ekinerja_tutor.bench.minimal`` runs it with the same ready marker as the tutor.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Input, OptionList

from ekinerja_tutor.ui.ready_marker import ready_autopilot


class MinimalApp(App[int]):
    """One input above a 50-line list: what any Textual program pays before its own work."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="NIP", id="login")
        yield OptionList(*[f"baris {n}" for n in range(50)], id="rows")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#login", Input).focus()


def main() -> None:
    MinimalApp().run(auto_pilot=ready_autopilot())


if __name__ == "__main__":
    main()
