"""The built-in practice phone: the current code shown large, like an authenticator app.

It asks the service for the code (which checks the password, like unlocking a phone, ~0.1 s
of argon2: done in a thread worker) once per 30-s step, and counts the seconds down locally
from the injected clock in between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Digits, Static

from ekinerja_tutor.domain.totp import STEP_SECONDS
from ekinerja_tutor.ui.widgets.code_entry import seconds_left
from ekinerja_tutor.ui.widgets.i18n import TLabel

if TYPE_CHECKING:
    from ekinerja_tutor.domain.errors import TutorError
    from ekinerja_tutor.services.auth import PhoneView


@dataclass
class PhoneRead(Message):
    view: PhoneView | None
    error: TutorError | None
    read_at: dt.datetime


class PracticePhonePanel(Vertical):
    """Shows ``123 456`` in large digits, the seconds left, the device and the phone's clock.

    Args:
        login: the NIP or username typed at sign-in.
        password: the current password (the phone's "unlock").
    """

    DEFAULT_CSS = """
    PracticePhonePanel {
        width: 31; height: auto; border: round $border; padding: 0 1;
        border-title-style: bold;
    }
    PracticePhonePanel > Digits { width: auto; margin: 1 0; }
    PracticePhonePanel > #phone-seconds { text-style: bold; }
    PracticePhonePanel > #phone-problem { text-style: bold; display: none; }
    PracticePhonePanel.-problem > #phone-problem { display: block; }
    PracticePhonePanel.-problem > Digits { display: none; }
    """

    def __init__(self, login: str, password: str, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._login = login
        self._password = password
        self.view: PhoneView | None = None
        self._read_at: dt.datetime | None = None
        self._reading = False

    @property
    def code(self) -> str | None:
        """The code shown now (None while reading or when the phone shows a problem)."""
        return self.view.code if self.view is not None else None

    def compose(self) -> ComposeResult:
        tr = self.app.tr  # type: ignore[attr-defined]
        yield TLabel(tr, "otp.phone_device", id="phone-device", params={"device": "…"})
        yield Digits("--- ---", id="phone-code")
        yield TLabel(tr, "otp.phone_reading", id="phone-seconds")
        yield TLabel(tr, "otp.phone_time", id="phone-time", params={"time": "--:--"})
        yield Static("", id="phone-problem", markup=False)

    def on_mount(self) -> None:
        self.border_title = self.app.tr.t("otp.phone_title")  # type: ignore[attr-defined]
        self.read_code()
        self.set_interval(1.0, self.tick)

    def set_password(self, password: str) -> None:
        self._password = password

    def read_code(self) -> None:
        if self._reading:
            return
        self._reading = True
        self._read_in_thread()

    @work(thread=True, exclusive=True, group="practice-phone")
    def _read_in_thread(self) -> None:
        from ekinerja_tutor.ui.errors import as_tutor_error

        app = self.app
        read_at = app.clock.now()  # type: ignore[attr-defined]
        try:
            view = app.auth.practice_phone_code(self._login, self._password)  # type: ignore[attr-defined]
        except Exception as error:  # a TutorError, or shown as "unexpected" (never a crash)
            self.post_message(PhoneRead(None, as_tutor_error(error), read_at))
        else:
            self.post_message(PhoneRead(view, None, read_at))

    @on(PhoneRead)
    def show_code(self, event: PhoneRead) -> None:
        event.stop()
        self._reading = False
        tr = self.app.tr  # type: ignore[attr-defined]
        self.view = event.view
        self._read_at = event.read_at
        if event.error is not None:
            self.add_class("-problem")
            self.query_one("#phone-problem", Static).update(Content(event.error.render(tr.lang)))
            self.query_one("#phone-seconds", TLabel).set_key(tr, "otp.phone_no_code")
            return
        assert event.view is not None
        self.remove_class("-problem")
        code = event.view.code
        self.query_one(Digits).update(f"{code[:3]} {code[3:]}")
        self.query_one("#phone-device", TLabel).set_key(
            tr, "otp.phone_device", device=event.view.device_name
        )
        self.tick()

    def phone_now(self) -> dt.datetime | None:
        """The phone's clock now: its time when read, plus the time passed since."""
        if self.view is None or self._read_at is None:
            return None
        now: dt.datetime = self.app.clock.now()  # type: ignore[attr-defined]
        return self.view.phone_time + (now - self._read_at)

    def tick(self) -> None:
        phone_now = self.phone_now()
        if phone_now is None or self.view is None:
            return
        read_step = int(self.view.phone_time.timestamp()) // STEP_SECONDS
        if int(phone_now.timestamp()) // STEP_SECONDS != read_step:
            self.read_code()  # the phone shows the next code now
            return
        tr = self.app.tr  # type: ignore[attr-defined]
        self.query_one("#phone-seconds", TLabel).set_key(
            tr, "otp.phone_seconds", seconds=seconds_left(phone_now.timestamp())
        )
        self.query_one("#phone-time", TLabel).set_key(
            tr, "otp.phone_time", time=phone_now.strftime("%H:%M:%S")
        )

    def relabel(self) -> None:
        self.border_title = self.app.tr.t("otp.phone_title")  # type: ignore[attr-defined]
