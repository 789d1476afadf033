"""The live checklist of the password rule: one line per part, marked ✓ or ✗ in text."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ekinerja_tutor.domain.passwords import MIN_LENGTH, password_problems
from ekinerja_tutor.i18n import Translator

RULES: tuple[tuple[str, str], ...] = (
    ("auth.password_too_short", "pwchange.rule_length"),
    ("auth.password_no_upper", "pwchange.rule_upper"),
    ("auth.password_no_lower", "pwchange.rule_lower"),
    ("auth.password_no_digit", "pwchange.rule_digit"),
    ("auth.password_no_symbol", "pwchange.rule_symbol"),
)
"""(the rule's problem key in ``domain.passwords``, the checklist line's catalog key)."""

OK_MARK = "✓"
BAD_MARK = "✗"


class PasswordChecklist(Static):
    """Re-drawn on every keystroke from :func:`password_problems` (the rule lives there)."""

    DEFAULT_CSS = """
    PasswordChecklist { height: auto; padding: 0 1; border: round $border-blurred; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.lines: list[str] = []

    def check(
        self, tr: Translator, password: str, repeat: str, username: str | None = None
    ) -> bool:
        """Show the checklist for ``password``; True when every line is ✓."""
        problems = password_problems(password, username=username)
        keys = {problem.key for problem in problems}
        lines = [tr.t("pwchange.rules_title")]
        for problem_key, line_key in RULES:
            mark = BAD_MARK if problem_key in keys else OK_MARK
            text = tr.t(line_key, minimum=MIN_LENGTH, length=len(password))
            lines.append(f"{mark} {text}")
        known = {problem_key for problem_key, _ in RULES}
        for problem in problems:
            if problem.key not in known:
                lines.append(f"{BAD_MARK} {tr.msg(problem)}")
        same = bool(password) and password == repeat
        lines.append(f"{OK_MARK if same else BAD_MARK} {tr.t('pwchange.rule_same')}")
        self.lines = lines
        self.update(Content("\n".join(lines)))
        return not problems and same
