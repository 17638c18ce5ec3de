"""A browser and kaamos-tui in one room: the terminal draws the browser's video as block art and
the browser decodes the terminal's video and audio."""

from __future__ import annotations

import json
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


@pytest.mark.needs_sfu
def test_h264_both_ways_between_chromium_and_kaamos_tui(server, browser):
    """Chromium offers H.264 first (setCodecPreferences, the page's ?video-codec=h264) and the
    probe offers only H.264: the server answers both with it, and each side decodes the other."""
    assert CLIENT.exists(), "needs the built kaamos-tui (swift build)"
    if server.is_mock:
        pytest.skip("needs the real kaamos-server")
    room = server.create_room()
    page = browser("alice")
    page.open(server.room_url(room, "alice") + "&video-codec=h264")
    page.wait_state("connected", timeout=20)
    require_media(page)
    probe = subprocess.Popen([str(CLIENT), "probe", room, "--server", server.base, "--peers", "1", "--duration", "10",
                              "--video-codec", "h264", "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        wait_decoding(page, tiles=1, timeout=30)
        before, after = media_growing(page, seconds=4.0)
        fps = (after["framesDecoded"] - before["framesDecoded"]) / 4.0
        # Chromium's fake camera runs at 20 fps: the probe is judged against what it sends.
        sent_fps = (after["framesEncoded"] - before["framesEncoded"]) / 4.0
        assert after["videoCodecsReceived"] == ["H264"], after
        assert after["videoCodecsSent"] == ["H264"], after
        assert fps >= 25, (fps, before, after)
        out, err = probe.communicate(timeout=60)
    finally:
        if probe.poll() is None:
            probe.kill()
    report = json.loads(out)
    alice = [p for p in report["participants"] if p["name"] == "alice"]
    assert alice and alice[0]["video_codec"] == "H264", (report, err)
    assert sent_fps >= 15 and alice[0]["video_fps"] >= 0.9 * sent_fps, (sent_fps, report)
    assert alice[0]["freezes"] == 0, report
    print(f"\nH.264 Chromium <-> kaamos-tui: Chromium decodes {fps:.1f} fps of the probe; "
          f"the probe decodes {alice[0]['video_fps']:.1f} fps of Chromium's {sent_fps:.1f}, {alice[0]['freezes']} freezes, "
          f"first video {report['join'].get('first_video_ms')} ms")


@pytest.mark.needs_sfu
def test_a_browser_with_only_h264_switches_an_earlier_vp8_publisher(server, browser):
    """The probe joins first and publishes VP8 (its first choice); then a Chromium page that offers
    only H.264 joins. The server moves the probe to H.264, which both decode, and each decodes
    the other."""
    assert CLIENT.exists(), "needs the built kaamos-tui (swift build)"
    if server.is_mock:
        pytest.skip("needs the real kaamos-server")
    room = server.create_room()
    probe = subprocess.Popen([str(CLIENT), "probe", room, "--server", server.base, "--peers", "1", "--duration", "14",
                              "--json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(3)
        page = browser("chromium")
        page.open(server.room_url(room, "chromium") + "&video-codec-only=h264")
        page.wait_state("connected", timeout=20)
        require_media(page)
        wait_decoding(page, tiles=1, timeout=30)
        before, after = media_growing(page, seconds=4.0)
        fps = (after["framesDecoded"] - before["framesDecoded"]) / 4.0
        sent_fps = (after["framesEncoded"] - before["framesEncoded"]) / 4.0
        assert after["videoCodecsReceived"] == ["H264"], after
        assert after["videoCodecsSent"] == ["H264"], after
        assert fps >= 25, (fps, before, after)
        out, err = probe.communicate(timeout=60)
    finally:
        if probe.poll() is None:
            probe.kill()
    report = json.loads(out)
    chromium = [p for p in report["participants"] if p["name"] == "chromium"]
    assert chromium and chromium[0]["video_codec"] == "H264", (report, err)
    assert sent_fps >= 15 and chromium[0]["video_fps"] >= 0.8 * sent_fps, (sent_fps, report)
    print(f"\nVP8 publisher switched to H.264 for an H.264-only Chromium: Chromium decodes {fps:.1f} fps; "
          f"the probe decodes {chromium[0]['video_fps']:.1f} fps of Chromium's {sent_fps:.1f}")
