"""The help desk through the UI: learner raises with F7 → mentor answers with a canned reply →
learner sees the badge and the reply → learner rates; internal notes never reach the learner."""

from __future__ import annotations

from textual.widgets import Button, DataTable, Input, OptionList, Static

from ekinerja_tutor.domain.tickets import TicketStatus
from ekinerja_tutor.ui.screens.dashboard import DashboardScreen
from ekinerja_tutor.ui.screens.dialogs import ActionMenu
from ekinerja_tutor.ui.screens.helpdesk_badge import TicketBadge
from ekinerja_tutor.ui.screens.helpdesk_base import MessageCard
from ekinerja_tutor.ui.screens.helpdesk_nav import open_queue
from ekinerja_tutor.ui.screens.helpdesk_queue import QueueScreen
from ekinerja_tutor.ui.screens.ticket_mine import MyTicketsScreen
from ekinerja_tutor.ui.screens.ticket_raise import RaiseTicketScreen
from ekinerja_tutor.ui.screens.ticket_view import LearnerTicketScreen, MentorTicketScreen
from ekinerja_tutor.ui.widgets.keybar import KeyBar
from tests.ui.helpdesk.conftest import HOSTILE, as_staff, helpdesk, principal
from tests.ui.workspace.conftest import MakeApp, WsWorld, settle, signed_in

SENTENCE = "Tombol Periksa tetap merah padahal jam sudah saya isi"


async def raise_from_dashboard(app, pilot, ws: WsWorld, sentence: str = SENTENCE) -> int:  # type: ignore[no-untyped-def]
    await signed_in(app, pilot, ws)
    assert "f7" in app.screen.query_one("#keys", KeyBar).shown_keys()
    await pilot.press("f7")
    await settle(app, pilot)
    form = app.screen
    assert isinstance(form, RaiseTicketScreen)
    assert form.context is not None  # the context is shown before sending
    context_text = str(form.query_one("#raise-context-text", Static).content)
    assert "DashboardScreen" in context_text
    first = form.focused
    assert first is form.query_one("#f-description", Input)
    await pilot.press(*sentence)
    await pilot.press("enter")  # to the send button
    assert form.focused is form.query_one("#raise-send", Button)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, LearnerTicketScreen), app.screen
    assert form.sent is not None
    return form.sent.id


async def mentor_queue(app, pilot, mentor, name: str) -> QueueScreen:  # type: ignore[no-untyped-def]
    """Sign ``mentor`` in and open the ticket queue from the staff home page."""
    await as_staff(app, pilot, mentor, name)
    open_queue(app)
    await settle(app, pilot)
    queue = app.screen
    assert isinstance(queue, QueueScreen)
    return queue


async def test_learner_raises_mentor_answers_with_canned_reply_learner_rates(
    make_app: MakeApp, ws: WsWorld
) -> None:
    # 1. darto presses F7 on the dashboard and writes one sentence.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        ticket_id = await raise_from_dashboard(app, pilot, ws)
        assert "Belum ada balasan" in str(
            app.screen.query_one("#ticket-thread").query_one("Label").render()
        )
    darto = principal(ws, "darto")
    view = helpdesk(ws).ticket(darto, ticket_id)
    assert view.summary.description == SENTENCE
    assert view.context["screen"].endswith("(DashboardScreen)")
    assert view.context["sandbox_id"] == ws.seeded.sandbox_id

    # 2. mentor.lestari opens the queue, the ticket, and sends a canned reply.
    lestari = principal(ws, "mentor.lestari")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await mentor_queue(app, pilot, lestari, "Lestari")
        table = queue.query_one("#queue-table", DataTable)
        assert table.row_count == 1
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MentorTicketScreen)
        head = str(screen.query_one("#ticket-head", Static).content)
        assert f"#{ticket_id}" in head and "Sudarto" in head
        assert screen.canned, "canned replies are suggested for the category"
        screen.query_one("#ticket-canned", Button).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        menu = app.screen
        assert isinstance(menu, ActionMenu)
        await pilot.press("enter")  # the first suggestion
        await settle(app, pilot)
        shown: object = app.screen  # as object, so the `is` below keeps `screen` a ticket screen
        assert shown is screen
        assert screen.canned_key is not None
        assert screen.query_one("#f-reply", Input).value
        await pilot.press("enter")
        await settle(app, pilot)
        cards = list(screen.query(MessageCard))
        assert len(cards) == 1 and not cards[0].message.internal
        # resolve through F4 Tindakan: only the allowed moves are offered
        await pilot.press("f4")
        await settle(app, pilot)
        menu = app.screen
        assert isinstance(menu, ActionMenu)
        ids = [
            menu.query_one(OptionList).get_option_at_index(i).id
            for i in range(menu.query_one(OptionList).option_count)
        ]
        assert "resolve" in ids and "close" not in ids and "take" not in ids
        menu.dismiss("resolve")
        await settle(app, pilot)
    view = helpdesk(ws).ticket(lestari, ticket_id)
    assert view.status is TicketStatus.SELESAI
    assert view.messages[0].canned_key is not None

    # 3. darto signs in again: the dashboard badge, the reply, the rating.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dash = await signed_in(app, pilot, ws)
        await settle(app, pilot)
        badge = dash.query_one("#dash-tickets", TicketBadge)
        assert badge.count == 1 and badge.display
        assert "1" in str(badge.label)
        badge.focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, MyTicketsScreen)
        await pilot.press("enter")
        await settle(app, pilot)
        ticket = app.screen
        assert isinstance(ticket, LearnerTicketScreen)
        cards = list(ticket.query(MessageCard))
        assert [c.message.author for c in cards] == ["mentor.lestari"]
        assert ticket.query_one("#ticket-rate", Button).display
        ticket.query_one("#ticket-rate", Button).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ActionMenu)
        await pilot.press("enter")  # five stars, the first choice
        await settle(app, pilot)
        assert app.screen is ticket
        assert not ticket.query_one("#ticket-rate", Button).display
        app.screen.action_back()
        await settle(app, pilot)
        app.screen.action_back()
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one("#dash-tickets", TicketBadge).count == 0
    view = helpdesk(ws).ticket(darto, ticket_id)
    assert view.status is TicketStatus.DITUTUP and view.summary.rating == 5


async def test_internal_note_never_reaches_the_learner_screen(
    make_app: MakeApp, ws: WsWorld
) -> None:
    darto = principal(ws, "darto")
    lestari = principal(ws, "mentor.lestari")
    hd = helpdesk(ws)
    ticket = hd.raise_ticket(darto, "harian", HOSTILE, screen="Tes")
    hd.reply(lestari, ticket.id, "RAHASIA: peserta ini sudah tiga kali salah", internal=True)
    hd.reply(lestari, ticket.id, "Isi jam selesai setelah jam mulai.")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        app.push_screen(LearnerTicketScreen(ticket.id))
        await settle(app, pilot)
        screen = app.screen
        text = "\n".join(str(w.render()) for w in screen.query(Static))
        assert "RAHASIA" not in text
        assert "CATATAN INTERNAL" not in text
        assert [c.message.internal for c in screen.query(MessageCard)] == [False]
        # the hostile description is shown literally, and the app is still running
        assert HOSTILE in str(screen.query_one("#ticket-question-text", Static).content)
    # the mentor sees the same note, labelled
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await as_staff(app, pilot, lestari, "Lestari")
        app.push_screen(MentorTicketScreen(ticket.id))
        await settle(app, pilot)
        cards = list(app.screen.query(MessageCard))
        internal = [c for c in cards if c.message.internal]
        assert len(internal) == 1
        assert internal[0].has_class("-internal")
        assert "CATATAN INTERNAL" in str(internal[0].content)
        assert "CATATAN INTERNAL" in str(internal[0].border_title)


async def test_raise_form_autosaves_and_restores(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("f7")
        await settle(app, pilot)
        await pilot.press(*"Lupa cara")
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("f7")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RaiseTicketScreen)
        assert form.query_one("#f-description", Input).value == "Lupa cara"


async def test_empty_sentence_is_refused_beside_the_field(make_app: MakeApp, ws: WsWorld) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await signed_in(app, pilot, ws)
        await pilot.press("f7")
        await settle(app, pilot)
        form = app.screen
        form.query_one("#raise-send", Button).focus()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, RaiseTicketScreen)
        field = form.query_one("#field-ticket_description")
        assert field.has_class("-invalid")
        assert form.focused is form.query_one("#f-description", Input)


async def test_f7_only_when_signed_in_and_staff_home_opens_the_queue(
    make_app: MakeApp, ws: WsWorld
) -> None:
    from ekinerja_tutor.ui.screens.home import HomeScreen
    from ekinerja_tutor.ui.screens.login import LoginScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        login = app.screen
        assert isinstance(login, LoginScreen)
        assert "f7" not in login.query_one("#keys", KeyBar).shown_keys()
        await pilot.press("f7")
        await settle(app, pilot)
        after_f7 = app.screen
        assert isinstance(after_f7, LoginScreen)  # nothing to raise before signing in
        bkpsdm = principal(ws, "mentor.bkpsdm")  # a mentor account without a persona
        app.sign_in(bkpsdm, "Tim BKPSDM")
        await settle(app, pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        keys = home.query_one("#keys", KeyBar).shown_keys()
        assert keys[:5] == ["f1", "escape", "f2", "f3", "f7"]
        titles = [c.title for c in app.get_system_commands(home)]
        assert app.tr.t("hd.menu.queue") in titles and app.tr.t("hd.menu.raise") in titles
        # Enter straight after signing in opens the desk (it used to sign the mentor out)
        assert app.focused is home.query_one("#helpdesk", Button)
        await pilot.press("enter")
        await settle(app, pilot)
        menu = app.screen
        assert isinstance(menu, ActionMenu)
        await pilot.press("enter")  # the queue, first
        await settle(app, pilot)
        queue = app.screen
        assert isinstance(queue, QueueScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is home


async def test_f2_switches_the_helpdesk_screens_to_english(make_app: MakeApp, ws: WsWorld) -> None:
    from textual.widgets import Select

    hd = helpdesk(ws)
    darto = principal(ws, "darto")
    lestari = principal(ws, "mentor.lestari")
    ticket = hd.raise_ticket(darto, "harian", SENTENCE, screen="Tes")
    hd.reply(lestari, ticket.id, "Catatan antar-mentor", internal=True)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await mentor_queue(app, pilot, lestari, "Lestari")
        await pilot.press("f2")
        await settle(app, pilot)
        assert app.screen is queue
        status = queue.query_one("#q-status", Select)
        from textual.widgets._select import SelectCurrent

        assert status.value == "open"
        assert str(status.query_one(SelectCurrent).label) == "Open"
        assert queue.query_one("#queue-table", DataTable).row_count == 1
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MentorTicketScreen)
        note = next(c for c in screen.query(MessageCard) if c.message.internal)
        assert "INTERNAL NOTE" in str(note.content)
        assert screen.query_one("#f-reply", Input).placeholder.startswith("Reply to the learner")


async def test_queue_reads_a_page_at_a_time(make_app: MakeApp, ws: WsWorld) -> None:
    """A long backlog is read and drawn a page at a time; PgDn/PgUp turn the pages."""
    from ekinerja_tutor.ui.screens.helpdesk_queue import PAGE_SIZE
    from ekinerja_tutor.ui.widgets.status import StatusLine

    hd = helpdesk(ws)
    darto = principal(ws, "darto")
    for n in range(PAGE_SIZE + 1):
        hd.raise_ticket(darto, "harian", f"{SENTENCE} ({n})", attach_lesson_context=False)
    lestari = principal(ws, "mentor.lestari")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await mentor_queue(app, pilot, lestari, "Lestari")
        table = queue.query_one("#queue-table", DataTable)
        assert table.row_count == PAGE_SIZE
        assert "1/2" in queue.query_one("#status", StatusLine).text
        await pilot.press("pagedown")
        await settle(app, pilot)
        assert table.row_count == 1 and "2/2" in queue.query_one("#status", StatusLine).text
        await pilot.press("pagedown")  # no third page: nothing changes
        await settle(app, pilot)
        assert table.row_count == 1
        await pilot.press("pageup")
        await settle(app, pilot)
        assert table.row_count == PAGE_SIZE and table.cursor_row == 0


async def test_queue_closes_due_tickets_when_it_opens_and_on_each_refresh(
    make_app: MakeApp, ws: WsWorld
) -> None:
    """Resolved 7 days ago → ditutup: when the queue opens or refreshes, not on every key."""
    hd = helpdesk(ws)
    darto, lestari = principal(ws, "darto"), principal(ws, "mentor.lestari")

    def resolved() -> int:
        ticket = hd.raise_ticket(darto, "harian", SENTENCE, attach_lesson_context=False)
        hd.take(lestari, ticket.id)
        hd.resolve(lestari, ticket.id)
        return ticket.id

    def status(ticket_id: int) -> TicketStatus:
        return hd.ticket(lestari, ticket_id).status

    first = resolved()
    ws.clock.advance(days=7, minutes=1)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        queue = await mentor_queue(app, pilot, lestari, "Lestari")
        assert status(first) is TicketStatus.DITUTUP  # closed as the queue opened
        second = resolved()
        ws.clock.advance(days=7, minutes=1)
        await pilot.press("pagedown", "shift+tab", "shift+tab", "space")  # page, late only
        await settle(app, pilot)
        assert status(second) is TicketStatus.SELESAI  # keys read the list, nothing more
        queue.refresh_queue()  # what the timer does every REFRESH_SECONDS
        await settle(app, pilot)
        assert status(second) is TicketStatus.DITUTUP
