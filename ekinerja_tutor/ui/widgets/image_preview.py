"""An image as a colour preview in the terminal, two pixels per character cell (▀).

Each cell shows the upper pixel as the foreground colour of "▀" and the lower pixel as its
background, so a 76×20 cell area shows a 76×40 pixel picture. Works in any terminal with
colours (and in the browser); where colours are poor, the file can still be opened in the
system's viewer.
"""

from __future__ import annotations

import io
from typing import cast

from PIL import Image, UnidentifiedImageError
from rich.style import Style
from rich.text import Text

UPPER_HALF = "▀"


def image_size(data: bytes) -> tuple[int, int] | None:
    """Width and height in pixels, or None when the bytes are not an image Pillow reads."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def half_block_preview(data: bytes, *, width: int = 60, max_rows: int = 16) -> Text | None:
    """A ``rich`` Text of at most ``width`` columns and ``max_rows`` lines, or None when the
    bytes are not an image. The aspect ratio is kept (a cell is about twice as tall as wide)."""
    try:
        with Image.open(io.BytesIO(data)) as opened:
            image = opened.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    columns = max(1, width)
    pixel_rows = max(2, max_rows * 2)
    ratio = min(columns / image.width, pixel_rows / image.height)
    size = (max(1, round(image.width * ratio)), max(2, round(image.height * ratio)))
    small = image.resize(size, Image.Resampling.LANCZOS)
    pixels = small.load()
    assert pixels is not None
    text = Text(no_wrap=True, overflow="crop")
    for y in range(0, small.height, 2):
        for x in range(small.width):
            # (an RGB image: a pixel is a (red, green, blue) tuple)
            top = cast("tuple[int, int, int]", pixels[x, y])
            bottom = cast("tuple[int, int, int]", pixels[x, y + 1]) if y + 1 < small.height else top
            text.append(
                UPPER_HALF,
                Style(
                    color=f"rgb({top[0]},{top[1]},{top[2]})",
                    bgcolor=f"rgb({bottom[0]},{bottom[1]},{bottom[2]})",
                ),
            )
        if y + 2 < small.height:
            text.append("\n")
    return text


__all__ = ["half_block_preview", "image_size"]
