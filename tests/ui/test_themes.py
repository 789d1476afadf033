"""Our high-contrast themes keep text at 7:1 or better (WCAG 2.2 AAA) on the pairs we use."""

from __future__ import annotations

import pytest
from textual.color import Color
from textual.theme import Theme

from ekinerja_tutor.ui.themes import (
    HIGH_CONTRAST_DARK,
    HIGH_CONTRAST_LIGHT,
    THEME_CYCLE,
    next_theme,
)


def luminance(color: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def contrast(one: str, other: str) -> float:
    a, b = sorted((luminance(Color.parse(one)), luminance(Color.parse(other))), reverse=True)
    return (a + 0.05) / (b + 0.05)


@pytest.mark.parametrize("theme", [HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT], ids=lambda t: t.name)
def test_text_pairs_reach_seven_to_one(theme: Theme) -> None:
    v = theme.variables
    assert theme.foreground and theme.background and theme.panel and theme.warning
    pairs = {
        "text on background": (theme.foreground, theme.background),
        "text on the key bar and status line": (theme.foreground, theme.panel),
        "muted text (hints)": (v["text-muted"], theme.background),
        "focus border": (v["border"], theme.background),
        "cursor row": (v["block-cursor-foreground"], v["block-cursor-background"]),
        "sandbox marker (black or white on warning)": (
            "#000000"
            if contrast("#000000", theme.warning) > contrast("#FFFFFF", theme.warning)
            else "#FFFFFF",
            theme.warning,
        ),
    }
    for name, (fg, bg) in pairs.items():
        assert contrast(fg, bg) >= 7, name


def test_f3_cycle_visits_every_theme_and_returns() -> None:
    seen = [THEME_CYCLE[0]]
    for _ in THEME_CYCLE:
        seen.append(next_theme(seen[-1]))
    assert seen[-1] == THEME_CYCLE[0]
    assert set(seen) == set(THEME_CYCLE)
    assert next_theme("unknown") == THEME_CYCLE[0]
