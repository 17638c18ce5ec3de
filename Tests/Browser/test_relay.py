"""kaamos-tui with --relay-only and headless Chromium in one room: the terminal's media crosses a
coturn relay (coturn's own counters say how many bytes), and both sides still see each other."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time

import pytest

from conftest import ARTIFACTS, ROOT, free_port, join, require_media, start_server, stop_server
from test_call_page import media_growing, wait_decoding

CLIENT = ROOT / ".build" / "debug" / "kaamos-tui"
TURNSERVER = shutil.which("turnserver")
SECRET = "browser-relay-secret"


def tmux(socket: str, *arguments: str) -> str:
    # An explicit environment keeps readline's LINES and COLUMNS (set on pytest's import) from curses.
    result = subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", *arguments],
                            capture_output=True, text=True, timeout=10, env=dict(os.environ))
    return result.stdout


class Coturn:
    """turnserver on a free loopback port with a shared secret, relaying on loopback only."""

    def __init__(self, label: str):
        self.port = free_port()
        ARTIFACTS.mkdir(exist_ok=True)
        self.log_path = ARTIFACTS / f"coturn-{label}.log"
        self.directory = ARTIFACTS / f"coturn-{label}"
        self.directory.mkdir(exist_ok=True)
        log = open(self.log_path, "w")
        self.process = subprocess.Popen([
            TURNSERVER, "-n", "-v", "--simple-log", "--log-file=stdout", "--no-cli", "--no-tls", "--no-dtls",
            "--listening-ip=127.0.0.1", f"--listening-port={self.port}", "--relay-ip=127.0.0.1",
            "--min-port=49152", "--max-port=65535", "--allow-loopback-peers", "--realm=kaamos.test",
            "--use-auth-secret", f"--static-auth-secret={SECRET}",
            f"--pidfile={self.directory / 'turnserver.pid'}", f"--userdb={self.directory / 'turndb'}",
        ], stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while "turn server id=" not in self.log() and time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"turnserver exited with {self.process.returncode}; log in {self.log_path}")
            time.sleep(0.1)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def relayed_bytes(self, username_suffix: str) -> int:
        """Bytes coturn relayed from peers to the allocations of users ending in `username_suffix`
        ("peer usage" lines are written when an allocation ends or is refreshed)."""
        total = 0
        for match in re.finditer(r"peer usage: realm=<[^>]*>, username=<([^>]*)>, rp=\d+, rb=(\d+), sp=\d+, sb=(\d+)", self.log()):
            if match.group(1).endswith(username_suffix):
                total += int(match.group(2)) + int(match.group(3))
        return total

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.mark.needs_sfu
def test_relay_only_terminal_and_browser(browser, request):
    assert TURNSERVER is not None, "needs coturn's turnserver (scripts/setup.sh installs it)"
    assert shutil.which("tmux") and CLIENT.exists(), "needs tmux and the built kaamos-tui (swift build)"
    coturn = Coturn(request.node.name)
    server = start_server([], request.node.name,
                          real_extra=["--turn-url", f"turn:127.0.0.1:{coturn.port}", "--turn-secret", SECRET])
    socket = f"kaamos-relay-{os.getpid()}"
    try:
        if server.is_mock:
            pytest.skip("needs the real kaamos-server")
        room = server.create_room()
        page = join(browser("alice"), server, room, "alice")
        command = (f"unset NO_COLOR LINES COLUMNS; TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 {CLIENT} "
                   f"join {room} --server {server.base} --name terminal --test-pattern --audio-output none "
                   f"--relay-only --log-file {ARTIFACTS / 'relay-terminal.log'} 2>/dev/null; sleep 5")
        tmux(socket, "new-session", "-d", "-s", "call", "-x", "120", "-y", "40", command)
        require_media(page)
        wait_decoding(page, tiles=1, timeout=30)
        before, after = media_growing(page)
        assert after["framesDecoded"] > before["framesDecoded"], (before, after)
        assert after["audioPacketsReceived"] > before["audioPacketsReceived"], (before, after)

        deadline = time.monotonic() + 20
        screen = ""
        while time.monotonic() < deadline:
            screen = tmux(socket, "capture-pane", "-p", "-e", "-t", "call")
            if "alice" in screen and ("▀" in screen or "▄" in screen):
                break
            time.sleep(0.3)
        assert "alice" in screen and ("▀" in screen or "▄" in screen), screen

        status, body = server.request("GET", f"/api/rooms/{room}/participants", token=server.admin_token)
        assert status == 200, body
        terminal_id = next(p["id"] for p in body["participants"] if p["name"] == "terminal")

        # Leaving releases the allocation; coturn then writes its counters for it.
        tmux(socket, "send-keys", "-t", "call", "q")
        deadline = time.monotonic() + 10
        while coturn.relayed_bytes(":" + terminal_id) == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
        relayed = coturn.relayed_bytes(":" + terminal_id)
        # Several seconds of 640x360 video and Opus both ways: far more than ICE and DTLS alone.
        assert relayed > 100_000, f"coturn relayed only {relayed} bytes for {terminal_id}; log in {coturn.log_path}"
        print(f"coturn relayed {relayed} bytes for the terminal ({terminal_id})")
    finally:
        tmux(socket, "kill-server")
        stop_server(server)
        coturn.stop()
