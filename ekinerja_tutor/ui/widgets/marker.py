"""The permanent "SANDBOX / LATIHAN" line at the top of every screen."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class SandboxMarker(Static):
    """Says, in words and not by colour alone, that this is not the real e-Kinerja."""

    DEFAULT_CSS = """
    SandboxMarker {
        dock: top;
        height: 1;
        background: $warning;
        color: auto 100%;
        text-style: bold;
        padding: 0 1;
    }
    """

    def __init__(self, text: str, **kwargs: object) -> None:
        super().__init__(Content(text), markup=False, **kwargs)  # type: ignore[arg-type]
