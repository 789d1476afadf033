"""Activating an authenticator, step 2 of 3: the QR code, with the key as text beside it.

When the terminal is too small for the QR code, the key is shown alone with a sentence saying
why (and how to make room). The practice phone needs no scan; the screen says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, Static

from ekinerja_tutor.ui.screens.base import TutorScreen
from ekinerja_tutor.ui.signin import SignInFlow
from ekinerja_tutor.ui.widgets.i18n import TButton, TLabel
from ekinerja_tutor.ui.widgets.layout import FormScroll

if TYPE_CHECKING:
    from ekinerja_tutor.services.auth import EnrolmentView, QrView

FRAME_ROWS = 5
"""Rows the frame takes: marker, title, status, key bar (up to two lines)."""
TEXT_COLUMNS = 34
"""Columns kept beside the QR code for the instructions and the key."""


class EnrolQrScreen(TutorScreen[None]):
    DEFAULT_CSS = """
    EnrolQrScreen #qr-row { height: auto; padding: 0 1; }
    EnrolQrScreen #qr-code {
        width: auto; height: auto; color: #000000; background: #FFFFFF; margin-right: 1;
    }
    EnrolQrScreen #qr-code.-hidden { display: none; }
    EnrolQrScreen #qr-text { width: 1fr; height: auto; }
    EnrolQrScreen #qr-key { text-style: bold; margin: 1 0; }
    EnrolQrScreen #qr-too-small { text-style: bold; margin-bottom: 1; }
    EnrolQrScreen .-gone { display: none; }
    """

    TITLE_KEY: ClassVar[str] = "enrol.step2_title"
    HELP_KEY: ClassVar[str] = "enrol.help"

    def __init__(self, flow: SignInFlow, enrolment: EnrolmentView) -> None:
        super().__init__()
        self.flow = flow
        self.enrolment = enrolment
        self.qr: QrView | None = None

    def compose_body(self) -> ComposeResult:
        tr = self.tr
        with Horizontal(id="qr-row"):
            yield Static("", id="qr-code", markup=False)
            with FormScroll(id="qr-text"):
                yield TLabel(
                    tr,
                    "enrol.too_small",
                    id="qr-too-small",
                    classes="-gone",
                    params={"width": 0, "height": 0},
                )
                if self.enrolment.practice_phone:
                    yield TLabel(tr, "enrol.practice_scanned", id="qr-practice")
                else:
                    yield TLabel(tr, "enrol.install_app", id="qr-install")
                    yield TLabel(tr, "enrol.scan", id="qr-scan")
                yield TLabel(tr, "enrol.key_intro", id="qr-key-intro")
                yield Static(Content(self.enrolment.secret), id="qr-key", markup=False)
                yield TLabel(
                    tr,
                    "enrol.key_details",
                    id="qr-details",
                    params={
                        "account": self.enrolment.account_name,
                        "issuer": self.enrolment.issuer,
                    },
                )
                yield TButton(tr, "enrol.next", id="next", variant="primary")

    def on_mount(self) -> None:
        self.fit_qr()
        self.query_one("#next", Button).focus()
        self.say_key("enrol.step2_status")

    def on_resize(self, event: events.Resize) -> None:
        self.fit_qr()

    def fit_qr(self) -> None:
        """Draw the QR code if it fits beside the text; else say so and show the key alone."""
        auth = self.tutor.auth
        width, height = self.app.size
        invert = self.app.no_color  # without colours, terminals are usually light-on-dark
        fitting = None
        for border in (4, 2):
            qr = auth.qr_text(self.enrolment.uri, border=border, invert=invert)
            if qr.width + TEXT_COLUMNS <= width and qr.height + FRAME_ROWS <= height:
                fitting = qr
                break
        self.qr = fitting
        code = self.query_one("#qr-code", Static)
        notice = self.query_one("#qr-too-small", TLabel)
        for scan in self.query("#qr-scan"):
            scan.display = fitting is not None
        if fitting is None:
            needed = auth.qr_text(self.enrolment.uri, border=2, invert=invert)
            code.add_class("-hidden")
            notice.set_key(
                self.tr,
                "enrol.too_small",
                width=needed.width + TEXT_COLUMNS,
                height=needed.height + FRAME_ROWS,
            )
            notice.remove_class("-gone")
        else:
            code.update(Content(fitting.text))
            code.remove_class("-hidden")
            notice.add_class("-gone")

    @on(Button.Pressed, "#next")
    def go_to_confirm(self) -> None:
        from ekinerja_tutor.ui.screens.enrol_confirm import EnrolConfirmScreen

        self.app.push_screen(EnrolConfirmScreen(self.flow, self.enrolment))
