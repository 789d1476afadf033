"""The live board and practice failures in words (for the CLI and the board screen).

Each state has a text symbol as well as a word, so nothing depends on colour alone.
"""

from __future__ import annotations

from ekinerja_tutor.i18n import Translator
from ekinerja_tutor.services.training import BoardCell, BoardView, CellState, FailureView

SYMBOLS = {
    CellState.DONE: "✓",
    CellState.STUCK: "!",
    CellState.ON_STEP: "…",
    CellState.INCOMPLETE: "~",
    CellState.NOT_STARTED: "·",
}


def cell_text(cell: BoardCell, tr: Translator) -> str:
    """One board cell: a symbol and words (ticket marked with ``?``)."""

    if cell.state is CellState.DONE:
        text = "✓ " + tr.t("trainer.cell.done")
    elif cell.state is CellState.STUCK:
        text = "! " + tr.t("trainer.cell.stuck", minutes=cell.stuck_seconds // 60, step=cell.step)
    elif cell.state is CellState.ON_STEP:
        text = "… " + tr.t("trainer.cell.on_step", step=cell.step, count=cell.step_count)
    elif cell.state is CellState.INCOMPLETE:
        text = "~ " + tr.t("trainer.cell.incomplete")
    else:
        text = "· " + tr.t("trainer.cell.not_started")
    if cell.ticket_id is not None:
        text += " ? " + tr.t("trainer.cell.ticket", id=cell.ticket_id)
    return text


def failure_text(failures: FailureView, tr: Translator) -> str:
    parts = []
    if failures.login_failure:
        parts.append(tr.t("trainer.failure.name.login"))
    if failures.save_error:
        parts.append(tr.t("trainer.failure.name.save"))
    if failures.slowness_ms:
        parts.append(tr.t("trainer.failure.name.slow", ms=failures.slowness_ms))
    return ", ".join(parts)


def render_board(board: BoardView, tr: Translator) -> str:
    lines = [f"#{board.session.id} {board.session.name}  ({board.session.join_code})"]
    for index, (lesson_id, title) in enumerate(board.lesson_titles, start=1):
        lines.append(f"  L{index} = {lesson_id}: {title}")
    lines.append(
        tr.t(
            "trainer.board.summary",
            done=board.count(CellState.DONE),
            step=board.count(CellState.ON_STEP),
            stuck=board.count(CellState.STUCK),
            tickets=sum(len(r.open_tickets) for r in board.rows),
        )
    )
    for row in board.rows:
        head = f"{row.trainee.display_name} ({row.trainee.username})"
        lines.append(head)
        for index, cell in enumerate(row.cells, start=1):
            lines.append(f"    L{index}: {cell_text(cell, tr)}")
            if cell.failing:
                lines.append(
                    "        " + tr.t("trainer.board.failing", conditions="; ".join(cell.failing))
                )
        if row.failures.any:
            lines.append(
                "    " + tr.t("trainer.board.failures", what=failure_text(row.failures, tr))
            )
    return "\n".join(lines)
