"""The call page in headless Firefox ESR (driven over WebDriver BiDi, firefox_bidi.py) against the
real kaamos-server: Firefox with Firefox, Firefox with Chromium, and Firefox with kaamos-tui's
headless probe, all in one room each. Every side must decode the other's video at >= 25 fps and
receive its audio, measured over 10 s from the page's getStats (window.kaamos.stats():
framesDecoded and audio packetsReceived summed over inbound-rtp).

The page negotiates with bundlePolicy 'max-bundle'; Firefox then offers every m-line after the
first as `m=<kind> 0 ... a=bundle-only`. A server that answers such an m-line with port 0 rejects
it, and Firefox's camera reaches nobody: the checks of what others decode from Firefox fail with
the offer's and the answer's m-lines in the message. Nothing here is skipped or expected to fail.

Figures go to the terminal summary ("media figures") and to artifacts/<test>-figures.json; each
page's offer and answer SDP (recorded in the page) to artifacts/<test>-<label>-sdp.txt.
"""

from __future__ import annotations

import json
import re
import subprocess
import time

import pytest

from conftest import ARTIFACTS, ROOT, Page, join, require_media

MEASURE_SECONDS = 10.0
MIN_FPS = 25.0
# Opus sends a packet every 20 ms (50 a second); far fewer means the audio is not flowing.
MIN_AUDIO_PACKETS_PER_SECOND = 25.0
PROBE = ROOT / ".build" / "debug" / "kaamos-tui"

# Runs before the page's scripts in both browsers: keeps every description the page applies,
# so a test can show the offer and the answer, and every peer connection for its transceivers.
SDP_RECORDER = r"""
(() => {
    const proto = window.RTCPeerConnection && window.RTCPeerConnection.prototype;
    if (!proto) return;
    const descriptions = (window.__kaamosSdp = []);
    const connections = (window.__kaamosPcs = []);
    const wrap = (name, side) => {
        const original = proto[name];
        proto[name] = async function (...args) {
            if (!connections.includes(this)) connections.push(this);
            const result = await original.apply(this, args);
            const d = side === 'local' ? this.localDescription : this.remoteDescription;
            if (d && d.sdp) {
                descriptions.push({ side, type: d.type, sdp: d.sdp, at: performance.now() });
            }
            return result;
        };
    };
    wrap('setLocalDescription', 'local');
    wrap('setRemoteDescription', 'remote');
})();
"""

# What the page's peer connection sends: per transceiver and per outbound-rtp kind.
SENDING = r"""
const pc = (window.__kaamosPcs || []).filter((c) => c.signalingState !== 'closed').pop();
if (!pc) return null;
const transceivers = pc.getTransceivers().map((t) => ({
    mid: t.mid,
    kind: t.receiver.track.kind,
    direction: t.direction,
    currentDirection: t.currentDirection,
    sendsTrack: !!t.sender.track,
}));
const outbound = {};
(await pc.getStats()).forEach((s) => {
    if (s.type !== 'outbound-rtp') return;
    const o = outbound[s.kind] || (outbound[s.kind] = { packetsSent: 0, framesEncoded: 0 });
    o.packetsSent += s.packetsSent || 0;
    o.framesEncoded += s.framesEncoded || 0;
});
return { transceivers, outbound };
"""


def media_sections(sdp: str) -> list[dict]:
    """Each m-line of `sdp`: kind, port, mid, direction, bundle-only, as the line reads."""
    sections = []
    for block in re.split(r"\r?\n(?=m=)", sdp)[1:]:
        lines = block.splitlines()
        kind, port = lines[0][2:].split()[:2]
        attributes = [line[2:] for line in lines if line.startswith("a=")]
        mid = next((a[4:] for a in attributes if a.startswith("mid:")), None)
        direction = next((a for a in attributes if a in ("sendrecv", "sendonly", "recvonly", "inactive")), None)
        sections.append({"kind": kind, "port": int(port), "mid": mid, "direction": direction,
                         "bundle_only": "bundle-only" in attributes, "line": lines[0]})
    return sections


def describe_sections(sdp: str | None) -> str:
    """`a=group:BUNDLE ...` and each m-line's kind, port, mid, direction and bundle-only."""
    if not sdp:
        return "(none recorded)"
    group = re.search(r"^a=group:BUNDLE(.*)$", sdp, re.MULTILINE)
    return "; ".join([f"a=group:BUNDLE{group.group(1).rstrip() if group else ' (none)'}"]
                     + [f"{s['line'].split(' ', 2)[0]} {s['port']} mid={s['mid']} {s['direction']}"
                        + (" bundle-only" if s["bundle_only"] else "") for s in media_sections(sdp)])


def descriptions(page: Page) -> list[dict]:
    return page.js("return window.__kaamosSdp || []") or []


def first_offer_and_answer(page: Page) -> tuple[str | None, str | None]:
    """The page's own offer and the server's answer to it."""
    recorded = descriptions(page)
    offer = next((d["sdp"] for d in recorded if d["side"] == "local" and d["type"] == "offer"), None)
    answer = next((d["sdp"] for d in recorded if d["side"] == "remote" and d["type"] == "answer"), None)
    return offer, answer


def save_descriptions(page: Page, test: str) -> None:
    text = "".join(f"===== {d['side']} {d['type']} at {d['at'] / 1000:.3f} s =====\n{d['sdp']}\n"
                   for d in descriptions(page))
    (ARTIFACTS / f"{test}-{page.label}-sdp.txt").write_text(text or "(no descriptions recorded)\n")


def sending_diagnosis(page: Page) -> str:
    """What the page offered, what the server answered and what its video sender does."""
    offer, answer = first_offer_and_answer(page)
    sending = page.js_async(SENDING) or {}
    video = [t for t in sending.get("transceivers", []) if t["kind"] == "video" and t["sendsTrack"]]
    return (f"{page.label}'s offer: {describe_sections(offer)}\n"
            f"  server's answer: {describe_sections(answer)}\n"
            f"  {page.label}'s video sender: {video or 'none'}; "
            f"outbound-rtp video: {sending.get('outbound', {}).get('video', 'none')}")


def wait_for_audio_tiles(page: Page, tiles: int, timeout: float = 30.0) -> None:
    """The page shows `tiles` remote tiles and receives audio (video is measured, not waited for)."""
    def ready(p):
        return len(p.tiles()) == tiles and p.stats()["audioPacketsReceived"] > 0
    page.wait_for(ready, timeout=timeout, interval=0.25, what=f"{tiles} remote tile(s) with audio")


def warm_up(pages: list[Page], timeout: float = 10.0) -> None:
    """Gives every page up to `timeout` s to decode a first frame, then 2 s to settle. A page that
    decodes nothing is not failed here: the measurement says how much it decoded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not all(p.stats()["framesDecoded"] > 0 for p in pages):
        time.sleep(0.25)
    time.sleep(2.0)


def measure(pages: list[Page], seconds: float = MEASURE_SECONDS) -> dict[str, dict]:
    """Per page: decoded frames and audio packets received over `seconds`, and their rates."""
    before = {p.label: (time.monotonic(), p.stats()) for p in pages}
    time.sleep(seconds)
    figures = {}
    for p in pages:
        started, first = before[p.label]
        last = p.stats()
        elapsed = time.monotonic() - started
        frames = last["framesDecoded"] - first["framesDecoded"]
        audio = last["audioPacketsReceived"] - first["audioPacketsReceived"]
        figures[p.label] = {
            "seconds": round(elapsed, 2),
            "frames_decoded": frames,
            "fps": round(frames / elapsed, 1),
            "audio_packets": audio,
            "audio_packets_per_s": round(audio / elapsed, 1),
            "video_packets": last.get("videoPacketsReceived", 0) - first.get("videoPacketsReceived", 0),
            "inbound_streams": last.get("inboundStreams"),
        }
    return figures


def record(request, record_property, figures: dict) -> None:
    record_property("figures", json.dumps(figures, sort_keys=True))
    (ARTIFACTS / f"{request.node.name}-figures.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(f"figures: {json.dumps(figures, sort_keys=True)}")


def check_media(figures: dict[str, dict], pairs: list[tuple[Page, Page]], firefox_pages: list[Page]) -> None:
    """Every (receiver, sender) pair: >= MIN_FPS of the sender's video and its audio. One failure
    message names every shortfall, with the Firefox senders' offers and answers."""
    failures = []
    for receiver, sender in pairs:
        got = figures[receiver.label]
        if got["fps"] < MIN_FPS:
            failures.append(f"{receiver.label} decoded {got['fps']} fps of {sender.label}'s video "
                            f"({got['frames_decoded']} frames, {got['video_packets']} video packets in "
                            f"{got['seconds']} s); needs >= {MIN_FPS}")
        if got["audio_packets_per_s"] < MIN_AUDIO_PACKETS_PER_SECOND:
            failures.append(f"{receiver.label} received {got['audio_packets']} audio packets from "
                            f"{sender.label} in {got['seconds']} s; needs >= "
                            f"{MIN_AUDIO_PACKETS_PER_SECOND}/s")
    if failures:
        senders = {s.label for r, s in pairs if any(f.startswith(f"{r.label} decoded") for f in failures)}
        diagnosis = [sending_diagnosis(p) for p in firefox_pages if p.label in senders]
        pytest.fail("\n".join(failures + diagnosis), pytrace=False)


@pytest.fixture
def artifacts(request):
    """Saves each registered page's recorded SDP after the test, passed or failed."""
    ARTIFACTS.mkdir(exist_ok=True)
    pages: list[Page] = []
    yield pages
    for page in pages:
        try:
            save_descriptions(page, request.node.name)
        except Exception:  # noqa: BLE001 - the page may be gone; the SDP is a courtesy
            pass


@pytest.mark.needs_sfu
def test_firefox_and_firefox(server, firefox, artifacts, request, record_property):
    room = server.create_room()
    alice = firefox("ff-alice", script_before_load=SDP_RECORDER)
    bob = firefox("ff-bob", script_before_load=SDP_RECORDER)
    artifacts.extend([alice, bob])
    join(alice, server, room, "ff-alice")
    join(bob, server, room, "ff-bob")
    require_media(alice, bob)
    for page in (alice, bob):
        wait_for_audio_tiles(page, tiles=1)
        assert page.tiles()[0]["name"] == (bob if page is alice else alice).label

    warm_up([alice, bob])
    figures = measure([alice, bob])
    record(request, record_property, figures)
    alice.screenshot(ARTIFACTS / "firefox-and-firefox.png")
    check_media(figures, [(alice, bob), (bob, alice)], [alice, bob])


@pytest.mark.needs_sfu
def test_firefox_and_chromium(server, firefox, browser, artifacts, request, record_property):
    room = server.create_room()
    fox = firefox("ff", script_before_load=SDP_RECORDER)
    # Chromium's fake camera runs at 20 fps unless told otherwise (the later flag wins).
    chrome = browser("chromium", script_before_load=SDP_RECORDER,
                     extra_flags=["--use-fake-device-for-media-stream=fps=30"])
    artifacts.extend([fox, chrome])
    join(fox, server, room, "ff")
    join(chrome, server, room, "chromium")
    require_media(fox, chrome)
    for page in (fox, chrome):
        wait_for_audio_tiles(page, tiles=1)
        assert page.tiles()[0]["name"] == (chrome if page is fox else fox).label

    warm_up([fox, chrome])
    figures = measure([fox, chrome])
    record(request, record_property, figures)
    fox.screenshot(ARTIFACTS / "firefox-and-chromium-firefox.png")
    chrome.screenshot(ARTIFACTS / "firefox-and-chromium-chromium.png")
    check_media(figures, [(fox, chrome), (chrome, fox)], [fox])


@pytest.mark.needs_sfu
def test_firefox_and_kaamos_tui_probe(server, firefox, artifacts, request, record_property):
    """kaamos-tui's headless probe (--peers 1: only itself, publishing its 30 fps test pattern and
    a tone) in Firefox's room: each decodes the other's video, each hears the other."""
    assert PROBE.exists(), f"{PROBE} is not built (swift build --product kaamos-tui)"
    if server.is_mock:
        pytest.skip("needs the real kaamos-server")
    room = server.create_room()
    fox = firefox("ff", script_before_load=SDP_RECORDER)
    artifacts.append(fox)
    join(fox, server, room, "ff")
    require_media(fox)

    # The probe measures for --duration seconds once connected: long enough for Firefox's wait,
    # warm-up and 10 s measurement inside that window.
    stdout_path = ARTIFACTS / f"{request.node.name}-probe.json"
    stderr_path = ARTIFACTS / f"{request.node.name}-probe.stderr"
    with open(stdout_path, "w") as stdout, open(stderr_path, "w") as stderr:
        probe = subprocess.Popen([str(PROBE), "probe", room, "--server", server.base, "--peers", "1",
                                  "--duration", "25", "--json"],
                                 cwd=ROOT, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
    try:
        wait_for_audio_tiles(fox, tiles=1)
        assert fox.tiles()[0]["name"] == "probe"
        warm_up([fox])
        figures = measure([fox])
        fox.screenshot(ARTIFACTS / "firefox-and-probe.png")
        status = probe.wait(timeout=60)
    finally:
        if probe.poll() is None:
            probe.kill()
            probe.wait()
    report = json.loads(stdout_path.read_text() or "null")
    assert isinstance(report, dict), (f"probe printed no report (exit {status}): "
                                      + stderr_path.read_text()[-2000:])
    figures["probe"] = {key: report.get(key) for key in
                        ("ok", "video_fps", "freezes", "loss_pct", "bitrate_kbps", "errors")}
    figures["probe"]["first_audio_ms"] = report.get("join", {}).get("first_audio_ms")
    figures["probe"]["first_video_ms"] = report.get("join", {}).get("first_video_ms")
    figures["probe"]["exit"] = status
    record(request, record_property, figures)

    failures = []
    got = figures["ff"]
    if got["fps"] < MIN_FPS:
        failures.append(f"ff decoded {got['fps']} fps of the probe's video ({got['frames_decoded']} frames "
                        f"in {got['seconds']} s); needs >= {MIN_FPS}")
    if got["audio_packets_per_s"] < MIN_AUDIO_PACKETS_PER_SECOND:
        failures.append(f"ff received {got['audio_packets']} audio packets from the probe in "
                        f"{got['seconds']} s; needs >= {MIN_AUDIO_PACKETS_PER_SECOND}/s")
    probe_fps = report.get("video_fps") or 0.0
    if probe_fps < MIN_FPS:
        failures.append(f"the probe decoded {probe_fps} fps of ff's video (video_fps "
                        f"{report.get('video_fps')}, first_video_ms {figures['probe']['first_video_ms']}); "
                        f"needs >= {MIN_FPS}")
    if figures["probe"]["first_audio_ms"] is None:
        failures.append("the probe received no audio from ff (first_audio_ms is null)")
    if status != 0 or not report.get("ok"):
        failures.append(f"the probe exited {status} with ok={report.get('ok')}, errors {report.get('errors')}")
    if failures:
        if probe_fps < MIN_FPS:
            failures.append(sending_diagnosis(fox))
        pytest.fail("\n".join(failures), pytrace=False)


@pytest.mark.needs_sfu
def test_firefox_and_kaamos_tui_in_tmux(server, firefox, artifacts, request, record_property):
    """The call view itself (kaamos-tui join in tmux, test pattern) in Firefox's room: Firefox
    decodes the terminal's video and audio, and the terminal draws Firefox's picture as block
    art that moves, at the frame rate its status bar shows."""
    from test_terminal_and_browser import tmux
    assert PROBE.exists(), f"{PROBE} is not built (swift build --product kaamos-tui)"
    if server.is_mock:
        pytest.skip("needs the real kaamos-server")
    room = server.create_room()
    fox = firefox("ff", script_before_load=SDP_RECORDER)
    artifacts.append(fox)
    join(fox, server, room, "ff")
    require_media(fox)
    socket = f"kaamos-firefox-{int(time.time() * 1000)}"
    command = (f"unset NO_COLOR LINES COLUMNS; TERM=xterm-256color COLORTERM=truecolor LANG=C.UTF-8 {PROBE} join {room} "
               f"--server {server.base} --name terminal --test-pattern --audio-output none 2>/dev/null; sleep 5")
    tmux(socket, "new-session", "-d", "-s", "call", "-x", "120", "-y", "40", command)
    try:
        wait_for_audio_tiles(fox, tiles=1)
        assert fox.tiles()[0]["name"] == "terminal"
        warm_up([fox])
        figures = measure([fox])
        pane = tmux(socket, "capture-pane", "-p", "-e", "-t", "call")
        assert "ff" in pane and ("▀" in pane or "▄" in pane) and "38;2;" in pane, pane
        time.sleep(1.0)
        later = tmux(socket, "capture-pane", "-p", "-t", "call")
        moved = tmux(socket, "capture-pane", "-p", "-e", "-t", "call") != pane
        shown = re.findall(r"(\d+) fps", later)
        figures["terminal"] = {"status_bar_fps": int(shown[-1]) if shown else None, "tile_moves": moved}
        record(request, record_property, figures)
        tmux(socket, "send-keys", "-t", "call", "q")
    finally:
        tmux(socket, "kill-server")
    failures = []
    got = figures["ff"]
    if got["fps"] < MIN_FPS:
        failures.append(f"ff decoded {got['fps']} fps of the terminal's video; needs >= {MIN_FPS}")
    if got["audio_packets_per_s"] < MIN_AUDIO_PACKETS_PER_SECOND:
        failures.append(f"ff received {got['audio_packets_per_s']} audio packets/s from the terminal")
    if not moved:
        failures.append("the terminal's tile of ff does not move")
    if (figures["terminal"]["status_bar_fps"] or 0) < MIN_FPS:
        failures.append(f"the terminal decodes {figures['terminal']['status_bar_fps']} fps of ff (status bar); "
                        f"needs >= {MIN_FPS}\n{later}")
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)
