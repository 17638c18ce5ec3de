"""A browser and kaamos-tui in one room: the terminal draws the browser's video as block art and
the browser decodes the terminal's video and audio."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOT, join, require_media
from test_call_page import media_growing, wait_decoding

CLIENT = ROOT / ".build" / "debug" / "kaamos-tui"


def tmux(socket: str, *arguments: str) -> str:
    # pytest imports readline, which puts LINES=24 and COLUMNS=80 into the C environment; an
    # explicit copy of os.environ (and `env -u` in the command) keeps them from curses.
    result = subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", *arguments],
                            capture_output=True, text=True, timeout=10, env=dict(os.environ))
    return result.stdout


@pytest.mark.needs_sfu
def test_terminal_and_browser_see_each_other(server, browser):
    assert shutil.which("tmux") and CLIENT.exists(), "needs tmux and the built kaamos-tui (swift build)"
    if server.is_mock:
        pytest.skip("needs the real kaamos-server")
    room = server.create_room()
    page = join(browser("alice"), server, room, "alice")
    socket = f"kaamos-browser-{os.getpid()}"
    command = (f"unset NO_COLOR LINES COLUMNS; TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 {CLIENT} join {room} "
               f"--server {server.base} --name terminal --test-pattern --audio-output none 2>/dev/null; sleep 5")
    tmux(socket, "new-session", "-d", "-s", "call", "-x", "120", "-y", "40", command)
    try:
        require_media(page)
        # The browser decodes the terminal's video and audio.
        wait_decoding(page, tiles=1, timeout=30)
        assert page.tiles()[0]["name"] == "terminal"
        before, after = media_growing(page)
        assert after["framesDecoded"] > before["framesDecoded"], (before, after)
        assert after["audioPacketsReceived"] > before["audioPacketsReceived"], (before, after)

        # The terminal shows the browser's tile with block art that changes over time.
        deadline = time.monotonic() + 20
        first = ""
        while time.monotonic() < deadline:
            first = tmux(socket, "capture-pane", "-p", "-e", "-t", "call")
            if "alice" in first and ("▀" in first or "▄" in first) and "38;2;" in first:
                break
            time.sleep(0.3)
        assert "alice" in first, first
        assert "▀" in first or "▄" in first, first
        time.sleep(1.0)
        assert tmux(socket, "capture-pane", "-p", "-e", "-t", "call") != first, "the browser's tile does not move"
        tmux(socket, "send-keys", "-t", "call", "q")
    finally:
        tmux(socket, "kill-server")
