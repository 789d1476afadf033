"""The one field for a 6-digit authenticator code, with the seconds left in this 30-s step.

No ``restrict``, ``type`` or ``max_length`` on the input: Textual silently rejects a whole
paste when one is set. Spaces and dashes are stripped by the service after submit, so pasting
"123 456" works; the countdown says that a code typed just before it changed still counts.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input

from ekinerja_tutor.domain.totp import STEP_SECONDS
from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.ui.widgets.field import Field
from ekinerja_tutor.ui.widgets.i18n import TLabel, keyed


def seconds_left(timestamp: float) -> int:
    """Seconds until the code of the current 30-s step changes (1…30)."""
    return STEP_SECONDS - int(timestamp) % STEP_SECONDS


class CodeEntry(Vertical):
    DEFAULT_CSS = """
    CodeEntry { height: auto; }
    CodeEntry > Field > Input { max-width: 24; }
    CodeEntry > #code-countdown { text-style: bold; }
    """

    def __init__(self, tr: Translator, label_key: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._tr = tr
        self._label_key = label_key

    def compose(self) -> ComposeResult:
        yield Field(
            self._tr,
            self._label_key,
            keyed(Input(id="code"), "otp.code_placeholder"),
            hint_key="otp.code_hint",
            id="code-field",
        )
        yield TLabel(self._tr, "otp.countdown", id="code-countdown", params={"seconds": 30})
        yield TLabel(self._tr, "otp.previous_counts", id="code-previous")

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(1.0, self.tick)

    @property
    def field(self) -> Field:
        return self.query_one("#code-field", Field)

    @property
    def value(self) -> str:
        return self.query_one("#code", Input).value

    def tick(self) -> None:
        now = self.app.clock.now()  # type: ignore[attr-defined]
        self.query_one("#code-countdown", TLabel).set_key(
            self.app.tr,  # type: ignore[attr-defined]
            "otp.countdown",
            seconds=seconds_left(now.timestamp()),
        )
