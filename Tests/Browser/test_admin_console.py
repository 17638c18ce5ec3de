"""`kaamos-tui admin` in tmux against the real kaamos-server, with a headless Chromium participant
and a synthetic `kaamos-tui join --test-pattern` peer in the room (issue 6, "How it is proven"):
the room appears within 1 s of its creation, both participants show with their audio and video
states, K plus y kicks the synthetic peer (the console, the server's admin API and the kicked
process agree), and closing the room by typing its id empties the list and ends the page's call.

Kick is the capital K in the console: `k` moves up (vi keys), see Sources/AdminConsole/AdminKeyMap.swift.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import ARTIFACTS, ROOT, join, require_media
from test_call_page import wait_decoding

CLIENT = ROOT / ".build" / "debug" / "kaamos-tui"
COLUMNS, ROWS = 160, 45


class Console:
    """The admin console in a detached tmux session of a fixed size.

    pytest imports readline, and GNU readline puts LINES=24 and COLUMNS=80 into the C environment
    (not os.environ) on import; curses prefers those to the terminal's size, so tmux gets
    os.environ explicitly and the command unsets them too.
    """

    def __init__(self, command: str):
        self.socket = f"kaamos-admin-kick-{os.getpid()}"
        self.target = "admin"
        self._tmux("new-session", "-d", "-s", self.target, "-x", str(COLUMNS), "-y", str(ROWS), command)

    def _tmux(self, *arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *arguments],
                              capture_output=True, text=True, timeout=10, env=dict(os.environ))

    def capture(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.target).stdout

    def keys(self, *keys: str) -> None:
        result = self._tmux("send-keys", "-t", self.target, *keys)
        assert result.returncode == 0, f"tmux send-keys {keys}: {result.stderr}"

    def type(self, text: str) -> None:
        result = self._tmux("send-keys", "-t", self.target, "-l", text)
        assert result.returncode == 0, f"tmux send-keys -l {text!r}: {result.stderr}"

    def wait(self, predicate, timeout: float, what: str, interval: float = 0.02) -> str:
        """Polls the screen until predicate(screen) holds; returns that screen."""
        deadline = time.monotonic() + timeout
        screen = ""
        while True:
            screen = self.capture()
            if predicate(screen):
                return screen
            if time.monotonic() >= deadline:
                raise AssertionError(f"console: timed out after {timeout} s waiting for {what}:\n{screen}")
            time.sleep(interval)

    def kill(self) -> None:
        self._tmux("kill-server")


def participant_rows(screen: str) -> dict[str, list[str]]:
    """The participants screen's rows by name: [name, id, joined, audio, video, in, out, lost, jitter, rtt]."""
    lines = screen.splitlines()
    try:
        header = next(i for i, line in enumerate(lines) if line.split()[:3] == ["NAME", "ID", "JOINED"])
    except StopIteration:
        return {}
    rows = {}
    # The list runs to the hint row (second from the bottom); names here have no spaces.
    for line in lines[header + 1:ROWS - 2]:
        cells = line.lstrip("* ").split()
        if len(cells) == 10:
            rows[cells[0]] = cells
    return rows


def api_participants(server, room: str) -> list[dict]:
    status, body = server.request("GET", f"/api/rooms/{room}/participants", token=server.admin_token)
    assert status == 200, f"GET /api/rooms/{room}/participants answered {status}: {body}"
    return body["participants"]


def wait_until(predicate, timeout: float, what: str, interval: float = 0.02):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


@pytest.mark.needs_sfu
def test_admin_console_kicks_a_synthetic_peer_beside_a_browser(server, browser, request):
    assert shutil.which("tmux") and CLIENT.exists(), "needs tmux and the built kaamos-tui (swift build)"
    if server.is_mock:
        pytest.skip("needs the real kaamos-server")
    ARTIFACTS.mkdir(exist_ok=True)
    name = request.node.name
    scratch = Path(tempfile.mkdtemp(prefix="kaamos-admin-kick-"))
    exit_file = scratch / "admin-exit-status"
    synth_log_path = ARTIFACTS / f"{name}-synth.log"
    environment = (f"env -u NO_COLOR -u KAAMOS_ADMIN_TOKEN -u KAAMOS_SERVER -u LINES -u COLUMNS "
                   f"TERM=xterm-256color LANG=C.UTF-8 XDG_CONFIG_HOME={scratch}")
    console = Console(f"{environment} {CLIENT} admin --server {server.base} --admin-token {server.admin_token} "
                      f"2>{scratch / 'admin-stderr'}; echo $? > {exit_file}; sleep 60")
    synth: subprocess.Popen | None = None
    synth_log = None
    page = None
    try:
        screen = console.wait(lambda s: "· live" in s and "no live rooms" in s, timeout=30, what="the live feed, no rooms")
        lines = screen.splitlines()
        assert len(lines) >= ROWS - 1 and "q quit" in lines[ROWS - 2], \
            f"the console is not {COLUMNS}x{ROWS}:\n{screen}"

        # 1. A room created through the API shows within a second (the admin event stream, no polling).
        started = time.monotonic()
        room = server.create_room()
        answered = time.monotonic()
        screen = console.wait(lambda s: room in s, timeout=5, what=f"room {room} in the list")
        appeared = time.monotonic()
        room_delay_ms = (appeared - started) * 1000
        print(f"\nroom {room}: in the console {room_delay_ms:.0f} ms after POST /api/rooms/create was sent "
              f"({(appeared - answered) * 1000:.0f} ms after it answered)")
        assert room_delay_ms < 1000, f"room took {room_delay_ms:.0f} ms to appear:\n{screen}"
        assert "· 1 room ·" in screen, screen

        # 2. A browser and a synthetic peer join.
        page = join(browser("alice"), server, room, "alice")
        require_media(page)
        synth_log = open(synth_log_path, "w")
        synth = subprocess.Popen(
            [str(CLIENT), "join", room, "--server", server.base, "--name", "synth", "--test-pattern",
             "--audio-output", "none", "--size", "320x180"],
            stdin=subprocess.DEVNULL, stdout=synth_log, stderr=subprocess.STDOUT, cwd=ROOT,
            env={k: v for k, v in os.environ.items() if k not in ("KAAMOS_SERVER", "KAAMOS_NAME")}
            | {"XDG_CONFIG_HOME": str(scratch)})
        synth_record = wait_until(lambda: next((p for p in api_participants(server, room) if p["name"] == "synth"), None),
                                  timeout=20, what="synth in GET /api/rooms/{id}/participants", interval=0.1)
        synth_id = synth_record["id"]
        alice_id = page.kaamos("participantId")
        # synth is a real peer: the browser decodes its test pattern and tone through the SFU.
        wait_decoding(page, tiles=1, timeout=30)
        assert [t["name"] for t in page.tiles()] == ["synth"], page.tiles()
        assert synth.poll() is None, f"synth exited early with {synth.returncode}"
        console.wait(lambda s: re.search(rf"{room}\s+2\s", s) is not None, timeout=5, what="PEOPLE 2 on the room's row")

        # 3. Enter opens the room: both names, each sending audio and video.
        console.keys("Enter")
        screen = console.wait(lambda s: {"alice", "synth"} <= participant_rows(s).keys() and "2 participants" in s,
                              timeout=10, what="alice and synth on the participants screen")
        assert re.search(r"\bRTT\b", screen), f"the console is not {COLUMNS} columns wide:\n{screen}"
        rows = participant_rows(screen)
        for who in ("alice", "synth"):
            assert rows[who][3:5] == ["on", "on"], f"{who}: AUDIO, VIDEO = {rows[who][3:5]}:\n{screen}"
        # A state change reaches the console live: the browser turns its microphone off.
        page.driver.find_element("id", "toggleMic").click()
        clicked = time.monotonic()
        screen = console.wait(lambda s: participant_rows(s).get("alice", [""] * 5)[3:5] == ["off", "on"],
                              timeout=5, what="alice's AUDIO off")
        print(f"alice's microphone off: in the console after {(time.monotonic() - clicked) * 1000:.0f} ms")
        assert participant_rows(screen)["synth"][3:5] == ["on", "on"], screen
        alice_record = next(p for p in api_participants(server, room) if p["id"] == alice_id)
        assert (alice_record["audio"], alice_record["video"]) == (False, True), alice_record

        # 4. Select synth (rows are in join order; g goes to the first), K asks, n cancels, K and y kick.
        order = list(participant_rows(screen).keys())
        console.keys("g", *(["j"] * order.index("synth")))
        console.keys("K")
        prompt = f"Kick synth ({synth_id}) from room {room}? y/n"
        console.wait(lambda s: prompt in s, timeout=5, what=f"the prompt {prompt!r}")
        console.keys("n")
        console.wait(lambda s: "Cancelled: nothing was changed." in s, timeout=5, what="the cancel")
        assert synth.poll() is None and any(p["id"] == synth_id for p in api_participants(server, room))

        console.keys("K")
        console.wait(lambda s: prompt in s, timeout=5, what=f"the prompt {prompt!r} again")
        console.keys("y")
        kicked_at = time.monotonic()
        delays: dict[str, float] = {}
        deadline = kicked_at + 10
        screen = ""
        while len(delays) < 3 and time.monotonic() < deadline:
            screen = console.capture()
            if "console" not in delays and "synth" not in participant_rows(screen) and ", 1 participant ·" in screen:
                delays["console"] = time.monotonic() - kicked_at
            if "api" not in delays and all(p["id"] != synth_id for p in api_participants(server, room)):
                delays["api"] = time.monotonic() - kicked_at
            if "peer" not in delays and synth.poll() is not None:
                delays["peer"] = time.monotonic() - kicked_at
            time.sleep(0.02)
        print("kick reflected: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in delays.items()))
        assert delays.keys() == {"console", "api", "peer"}, f"not all agree within 10 s: {delays}:\n{screen}"
        console.wait(lambda s: f"Kicked {synth_id} from room {room}." in s, timeout=5, what="the kick in the status line")
        synth_log.flush()
        synth_output = synth_log_path.read_text()
        print("synth's last lines:\n" + "\n".join(synth_output.splitlines()[-3:]))
        assert synth.returncode == 5, f"synth exited with {synth.returncode}, not 5 (kicked):\n{synth_output}"
        assert "You were removed from the call" in synth_output, synth_output
        assert delays["console"] < 2 and delays["api"] < 2 and delays["peer"] < 2, delays

        # The browser stays: on screen, in the API, and in its own call.
        screen = console.capture()
        assert list(participant_rows(screen).keys()) == ["alice"], screen
        assert [p["id"] for p in api_participants(server, room)] == [alice_id]
        page.wait_for(lambda p: not any(x["id"] == synth_id for x in p.kaamos("participants()")),
                      timeout=5, what="synth gone from the page's participants")
        assert page.state == "connected"

        # 5. x closes the room: a wrong confirmation changes nothing, the id typed out closes it.
        console.keys("x")
        close_prompt = f"Close room {room} and disconnect everyone? Type its id to confirm:"
        console.wait(lambda s: close_prompt in s, timeout=5, what="the close prompt")
        console.type(room[:-1])
        console.keys("Enter")
        console.wait(lambda s: "The confirmation did not match: nothing was changed." in s, timeout=5,
                     what="the mismatch refused")
        assert server.request("GET", f"/api/rooms/{room}")[0] == 200 and page.state == "connected"

        console.keys("x")
        console.wait(lambda s: close_prompt in s, timeout=5, what="the close prompt again")
        console.type(room)
        console.wait(lambda s: f"Type its id to confirm: {room}" in s, timeout=5, what="the id typed into the prompt")
        console.keys("Enter")
        closed_at = time.monotonic()
        console.wait(lambda s: "· 0 rooms ·" in s and "no live rooms" in s
                     and not any(room in line for line in s.splitlines()[1:ROWS - 2]),
                     timeout=5, what="the room list empty")
        print(f"room closed: list empty after {(time.monotonic() - closed_at) * 1000:.0f} ms")
        assert page.wait_state("closed", timeout=5) == "closed"
        print(f"room closed: page closed after {(time.monotonic() - closed_at) * 1000:.0f} ms")
        assert page.driver.find_element("id", "ended").is_displayed()
        assert page.driver.find_element("id", "endedTitle").text == "The room was closed"
        status, body = server.request("GET", "/api/rooms", token=server.admin_token)
        assert status == 200 and room not in str(body), (status, body)

        console.keys("q")
        wait_until(lambda: exit_file.exists() and exit_file.read_text().strip(), timeout=5, what="the console to quit")
        assert exit_file.read_text().strip() == "0", (exit_file.read_text(), (scratch / "admin-stderr").read_text())
    except BaseException:
        (ARTIFACTS / f"{name}-console.txt").write_text(console.capture())
        if page is not None:
            try:
                page.driver.save_screenshot(str(ARTIFACTS / f"{name}-browser.png"))
            except Exception:  # noqa: BLE001 - the screenshot is a courtesy
                pass
        raise
    finally:
        console.kill()
        if synth is not None and synth.poll() is None:
            synth.terminate()
            try:
                synth.wait(timeout=10)
            except subprocess.TimeoutExpired:
                synth.kill()
                synth.wait()
        if synth_log is not None:
            synth_log.close()
        shutil.rmtree(scratch, ignore_errors=True)
