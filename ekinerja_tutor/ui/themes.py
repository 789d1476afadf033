"""Our own high-contrast themes (Textual 8 ships none) and the order F3 cycles through.

Contrast ratios (WCAG) of the main pairs, checked by ``tests/ui/test_themes.py``: text on
background 21:1, the sandbox marker (black on yellow) 19.6:1 in the dark theme, focus and
cursor colours at least 7:1. The ANSI theme follows the user's own terminal colours.
"""

from __future__ import annotations

from textual.theme import Theme

HIGH_CONTRAST_DARK = Theme(
    name="ekinerja-kontras",
    primary="#FFFF00",
    secondary="#00FFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF8080",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1A1A1A",
    boost="#262626",
    dark=True,
    text_alpha=1.0,
    variables={
        "text-muted": "#E6E6E6",
        "text-disabled": "#BFBFBF",
        "border": "#FFFF00",
        "border-blurred": "#FFFFFF",
        "block-cursor-background": "#FFFF00",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#FFFFFF",
        "block-cursor-blurred-foreground": "#000000",
        "input-cursor-background": "#FFFF00",
        "input-cursor-foreground": "#000000",
        "input-selection-background": "#FFFF00 50%",
        "button-foreground": "#FFFFFF",
        "button-color-foreground": "#000000",
        "button-focus-text-style": "bold reverse",
        "scrollbar": "#FFFFFF",
        "scrollbar-background": "#1A1A1A",
    },
)

HIGH_CONTRAST_LIGHT = Theme(
    name="ekinerja-kontras-terang",
    primary="#00007A",
    secondary="#5A005A",
    accent="#00007A",
    warning="#FFD700",
    error="#A00000",
    success="#005A00",
    foreground="#000000",
    background="#FFFFFF",
    surface="#FFFFFF",
    panel="#E8E8E8",
    boost="#F0F0F0",
    dark=False,
    text_alpha=1.0,
    variables={
        "text-muted": "#1A1A1A",
        "text-disabled": "#404040",
        "border": "#00007A",
        "border-blurred": "#000000",
        "block-cursor-background": "#00007A",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#000000",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "input-cursor-background": "#00007A",
        "input-cursor-foreground": "#FFFFFF",
        "input-selection-background": "#00007A 40%",
        "button-foreground": "#000000",
        "button-color-foreground": "#FFFFFF",
        "button-focus-text-style": "bold reverse",
        "scrollbar": "#000000",
        "scrollbar-background": "#E8E8E8",
    },
)

OUR_THEMES = (HIGH_CONTRAST_DARK, HIGH_CONTRAST_LIGHT)

THEME_CYCLE: tuple[str, ...] = (
    "textual-dark",
    HIGH_CONTRAST_DARK.name,
    HIGH_CONTRAST_LIGHT.name,
    "ansi-dark",
)
"""F3 moves to the next of these."""

THEME_LABELS: dict[str, str] = {
    "textual-dark": "theme.default",
    HIGH_CONTRAST_DARK.name: "theme.contrast_dark",
    HIGH_CONTRAST_LIGHT.name: "theme.contrast_light",
    "ansi-dark": "theme.terminal",
}
"""The catalog key naming each theme in the status line."""


def next_theme(current: str) -> str:
    try:
        index = THEME_CYCLE.index(current)
    except ValueError:
        return THEME_CYCLE[0]
    return THEME_CYCLE[(index + 1) % len(THEME_CYCLE)]
