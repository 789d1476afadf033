"""A browser-style client of ``ekinerja-tutor serve``: what textual-serve's page does.

The page opens ``ws://HOST:PORT/ws?width=W&height=H``, sends ``["resize", {...}]`` and
``["ping", …]`` as JSON text frames, keys as ``["stdin", text]``, and receives the app's
terminal output as binary frames. This client gathers that output and returns the visible
text (escape sequences removed) once ``wanted`` appears.

Run as a script: ``python -m tests.training.ws_client http://127.0.0.1:8000 "Masuk ke"``.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time

import aiohttp

_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-_]")


def visible(raw: str) -> str:
    """Terminal output as text: escape sequences become spaces, runs of spaces one."""
    return re.sub(r"[ \t]+", " ", _ESCAPES.sub(" ", raw))


async def first_screen(
    base_url: str, wanted: str, *, timeout: float = 30.0, width: int = 100, height: int = 30
) -> tuple[int, str]:
    """Connect, wait for ``wanted`` in the app's output; return (index page status, text)."""
    async with aiohttp.ClientSession() as client:
        async with client.get(base_url + "/") as page:
            status = page.status
            html = await page.text()
        assert "/ws" in html, "the index page names the websocket"
        url = f"{base_url.replace('http', 'ws', 1)}/ws?width={width}&height={height}"
        raw = ""
        async with client.ws_connect(url) as ws:
            await ws.send_json(["resize", {"width": width, "height": height}])
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
                except TimeoutError:
                    break
                if message.type == aiohttp.WSMsgType.BINARY:
                    raw += message.data.decode("utf-8", "replace")
                elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                    break
                if wanted in visible(raw):
                    break
            await ws.send_json(["stdin", "\x03"])  # Ctrl+C, as a user closing the tab would
        return status, visible(raw)


if __name__ == "__main__":
    code, text = asyncio.run(first_screen(sys.argv[1], sys.argv[2]))
    found = sys.argv[2] in text
    print(f"index page HTTP {code}; '{sys.argv[2]}' received: {found}")
    print(text[-1500:])
    raise SystemExit(0 if found else 1)
