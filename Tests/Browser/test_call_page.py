"""The Kaamos call page in headless Chromium against a Kaamos server (or the
mock). Tests marked needs_sfu skip when the server refuses offers."""

from __future__ import annotations

import json
import time

import pytest
import websocket  # websocket-client, a dependency of selenium

from conftest import ARTIFACTS, join, require_media


def media_growing(page, seconds: float = 2.0) -> tuple[dict, dict]:
    before = page.stats()
    time.sleep(seconds)
    return before, page.stats()


def wait_decoding(page, tiles: int, timeout: float = 25.0) -> None:
    """Every remote tile shows decoded video and audio packets keep arriving."""
    def ready(p):
        found = p.tiles()
        if len(found) != tiles:
            return None
        if not all(t["video"] and t["audio"] and t["width"] > 0 for t in found):
            return None
        stats = p.stats()
        return stats if stats["framesDecoded"] > 0 and stats["audioPacketsReceived"] > 0 else None
    page.wait_for(ready, timeout=timeout, interval=0.25, what=f"{tiles} decoding remote tiles")


@pytest.mark.needs_sfu
def test_two_pages_receive_each_others_audio_and_video(server, browser):
    room = server.create_room()
    alice = join(browser("alice"), server, room, "alice")
    bob = join(browser("bob"), server, room, "bob")
    require_media(alice, bob)

    for page, other in ((alice, bob), (bob, alice)):
        wait_decoding(page, tiles=1)
        tile = page.tiles()[0]
        assert tile["id"] == other.kaamos("participantId"), "tile is keyed by the msid stream id"
        assert tile["name"] == other.kaamos("name")
        before, after = media_growing(page)
        assert after["framesDecoded"] > before["framesDecoded"], (before, after)
        assert after["audioPacketsReceived"] > before["audioPacketsReceived"], (before, after)


@pytest.mark.needs_sfu
def test_third_page_joins_then_leaves(server, browser):
    room = server.create_room()
    alice = join(browser("alice"), server, room, "alice")
    bob = join(browser("bob"), server, room, "bob")
    require_media(alice, bob)
    wait_decoding(alice, tiles=1)
    negotiations_before = alice.kaamos("negotiations")

    carol = join(browser("carol"), server, room, "carol")
    require_media(carol)
    for page in (alice, bob, carol):
        wait_decoding(page, tiles=2, timeout=40)
    assert alice.kaamos("negotiations") > negotiations_before, "the server's new offer was answered"
    assert sorted(t["name"] for t in alice.tiles()) == ["bob", "carol"]
    assert sorted(t["name"] for t in bob.tiles()) == ["alice", "carol"]
    before, after = media_growing(alice)
    assert after["framesDecoded"] > before["framesDecoded"]
    assert after["audioPacketsReceived"] > before["audioPacketsReceived"]

    time.sleep(1.5)  # let the status line fade, as a person would see the call
    ARTIFACTS.mkdir(exist_ok=True)
    alice.driver.save_screenshot(str(ARTIFACTS / "two-remote-tiles.png"))

    carol_id = carol.kaamos("participantId")
    carol.driver.find_element("id", "endCall").click()
    assert carol.wait_state("ended") == "ended"
    for page in (alice, bob):
        page.wait_for(lambda p: [t for t in p.tiles() if t["id"] == carol_id] == [] and len(p.tiles()) == 1,
                      timeout=5, what="carol's tile to go")
    # What is left keeps playing.
    before, after = media_growing(alice)
    assert after["framesDecoded"] > before["framesDecoded"]


def test_room_not_found(server, browser):
    page = browser("lost")
    page.driver.get(server.room_url("ZZZZZZZZZZ"))
    assert page.wait_state("not-found") == "not-found"
    status = page.kaamos("statusText()")
    assert "not found" in status.lower() and "expired" in status.lower(), status
    assert page.driver.find_element("id", "ended").is_displayed()
    ARTIFACTS.mkdir(exist_ok=True)
    page.driver.save_screenshot(str(ARTIFACTS / "room-not-found.png"))

    # An id that cannot be one: the server may refuse it itself (400); if it
    # serves the page, the page says so.
    page.driver.get(server.base + "/room/short")
    if page.js("return !!window.kaamos"):
        assert page.wait_state("not-found") == "not-found"


def test_kick_through_admin_api(server, browser):
    room = server.create_room()
    alice = join(browser("alice"), server, room, "alice")
    bob = join(browser("bob"), server, room, "bob")
    bob_id = bob.kaamos("participantId")
    assert bob_id, "the server sent no `joined` with a participant id"
    alice.wait_for(lambda p: any(x["id"] == bob_id for x in p.kaamos("participants()")),
                   what="bob in alice's participant list")

    path = f"/api/rooms/{room}/participants/{bob_id}/kick"
    status, _ = server.request("POST", path, token="wrong-token")
    assert status == 401
    assert bob.state == "connected"

    started = time.monotonic()
    status, body = server.request("POST", path, token=server.admin_token)
    assert status == 204, (status, body)
    bob.wait_state("kicked", timeout=1.0)
    assert time.monotonic() - started <= 1.5
    assert "removed" in bob.kaamos("statusText()").lower()
    bob.driver.save_screenshot(str(ARTIFACTS / "kicked.png"))
    alice.wait_for(lambda p: not any(x["id"] == bob_id for x in p.kaamos("participants()")),
                   timeout=3, what="bob gone from alice's participant list")
    time.sleep(1.0)
    assert bob.state == "kicked", "a kicked page does not reconnect"
    assert alice.state == "connected"


def test_delete_room_ends_every_call(server, browser):
    room = server.create_room()
    pages = [join(browser(name), server, room, name) for name in ("alice", "bob")]
    status, _ = server.request("DELETE", f"/api/rooms/{room}", token="wrong-token")
    assert status == 401
    status, body = server.request("DELETE", f"/api/rooms/{room}", token=server.admin_token)
    assert status == 204, (status, body)
    for page in pages:
        assert page.wait_state("closed", timeout=5) == "closed"
        assert "closed" in page.kaamos("statusText()").lower()
        assert page.kaamos("connectionState") in ("new", "closed")
    assert server.request("GET", f"/api/rooms/{room}")[0] == 404


NO_DEVICES = """
navigator.mediaDevices.getUserMedia = async () => {
    throw new DOMException('Requested device not found', 'NotFoundError');
};
"""


@pytest.mark.needs_sfu
def test_no_devices_joins_receive_only(server, browser):
    room = server.create_room()
    viewer = browser("viewer", script_before_load=NO_DEVICES)
    join(viewer, server, room, "viewer")
    assert viewer.kaamos("receiveOnly") is True
    notice = viewer.driver.find_element("id", "selfNotice")
    assert notice.is_displayed() and "receive-only" in notice.text
    assert not viewer.driver.find_element("id", "toggleMic").is_enabled()
    viewer.driver.save_screenshot(str(ARTIFACTS / "receive-only-waiting.png"))

    alice = join(browser("alice"), server, room, "alice")
    require_media(viewer, alice)
    wait_decoding(viewer, tiles=1)
    # Alice gets no tile for a participant that sends nothing.
    time.sleep(1.0)
    assert alice.tiles() == []


@pytest.mark.needs_sfu
def test_sound_needs_a_tap_when_autoplay_is_refused(server, browser):
    """A receive-only guest never granted the microphone, so a browser that
    wants a gesture before sound refuses to play: the page plays muted and
    offers one tap to turn the sound on."""
    room = server.create_room()
    viewer = browser("viewer", script_before_load=NO_DEVICES, autoplay="user-gesture-required")
    join(viewer, server, room, "viewer")
    alice = join(browser("alice"), server, room, "alice")
    require_media(viewer, alice)
    wait_decoding(viewer, tiles=1)
    button = viewer.driver.find_element("id", "enableSound")
    viewer.wait_for(lambda p: button.is_displayed(), timeout=5, what="the sound button")
    assert viewer.js("return document.querySelector('.tile video').muted") is True
    button.click()
    assert viewer.js("return document.querySelector('.tile video').muted") is False
    assert not button.is_displayed()
    before, after = media_growing(viewer, 1.0)
    assert after["framesDecoded"] > before["framesDecoded"]


def test_rejoins_after_signaling_drop(server, browser):
    room = server.create_room()
    alice = join(browser("alice"), server, room, "alice")
    bob = join(browser("bob"), server, room, "bob")
    first_id = alice.kaamos("participantId")
    alice.js("window.kaamos.dropSignaling()")
    alice.wait_state("reconnecting", timeout=3)
    alice.wait_for(lambda p: p.state == "connected" and p.kaamos("joins") == 2, timeout=15,
                   what="a second join")
    if first_id:
        assert alice.kaamos("participantId") is not None
    if alice.kaamos("mediaError") is None:
        require_media(alice)
        wait_decoding(alice, tiles=1)
        wait_decoding(bob, tiles=1)


@pytest.mark.mock_only
@pytest.mark.needs_sfu
def test_rejoins_after_server_side_drop(server, browser):
    room = server.create_room()
    alice = join(browser("alice"), server, room, "alice")
    bob = join(browser("bob"), server, room, "bob")
    require_media(alice, bob)
    wait_decoding(alice, tiles=1)
    status, body = server.request("POST", f"/test/rooms/{room}/drop")
    assert status == 200 and body["dropped"] == 2
    for page in (alice, bob):
        page.wait_state("reconnecting", timeout=3)
        assert "reconnecting" in page.kaamos("statusText()").lower()
    for page in (alice, bob):
        page.wait_for(lambda p: p.state == "connected" and p.kaamos("joins") == 2, timeout=15,
                      what="a second join")
    for page in (alice, bob):
        require_media(page)
        wait_decoding(page, tiles=1)


def test_mic_and_camera_buttons(server, browser):
    room = server.create_room()
    alice = join(browser("alice"), server, room, "alice")
    bob = join(browser("bob"), server, room, "bob")
    alice_id = alice.kaamos("participantId")
    mic = alice.driver.find_element("id", "toggleMic")
    cam = alice.driver.find_element("id", "toggleCam")
    assert mic.get_attribute("aria-pressed") == "true"
    mic.click()
    cam.click()
    assert mic.get_attribute("aria-pressed") == "false"
    assert cam.get_attribute("aria-pressed") == "false"
    assert alice.js("return window.kaamos.localTracks()") == [
        {"kind": "audio", "enabled": False}, {"kind": "video", "enabled": False}]
    if alice_id:  # media-state is an extension: a core-only server relays nothing
        bob.wait_for(lambda p: any(x["id"] == alice_id and x.get("audio") is False and x.get("video") is False
                                   for x in p.kaamos("participants()")), timeout=3,
                     what="alice's media-state at bob")
    mic.click()
    assert alice.js("return window.kaamos.localTracks()")[0] == {"kind": "audio", "enabled": True}


def test_room_full(server, browser):
    room = server.create_room()
    ws_url = server.base.replace("http://", "ws://") + f"/ws/{room}"
    sockets = []
    try:
        for n in range(4):
            ws = websocket.create_connection(ws_url, timeout=5)
            ws.send(json.dumps({"type": "join", "room_id": room, "user_id": f"filler{n}", "name": f"filler{n}"}))
            sockets.append(ws)
        time.sleep(0.5)
        page = browser("late")
        page.driver.get(server.room_url(room, "late"))
        assert page.wait_state("full", timeout=10) == "full"
        assert "full" in page.kaamos("statusText()").lower()
    finally:
        for ws in sockets:
            ws.close()


def test_ice_candidate_shapes_and_offer_while_stable(server, browser):
    """parseIceCandidate accepts both shapes; an offer arriving in the
    stable state is answered and the page never sends a second offer."""
    room = server.create_room()
    page = browser("unit")
    page.driver.get(server.room_url(room, "unit"))
    page.wait_state("connected")
    result = page.js_async("""
        const { parseIceCandidate } = await import('/static/webrtc.js');
        return [
            parseIceCandidate({type: 'ice-candidate', candidate: 'candidate:1 1 udp 1 192.0.2.1 5000 typ host', sdpMid: '0'}),
            parseIceCandidate({type: 'ice-candidate', candidate: {candidate: 'candidate:2 1 udp 1 192.0.2.1 5001 typ host', sdpMid: '1', sdpMLineIndex: 1}}),
            parseIceCandidate({type: 'ice-candidate', candidate: 'candidate:3 1 udp 1 192.0.2.1 5002 typ host', sdpMLineIndex: '2'}),
            parseIceCandidate({type: 'ice-candidate', candidate: ''}),
        ];
    """)
    assert result[0] == {"candidate": "candidate:1 1 udp 1 192.0.2.1 5000 typ host", "sdpMid": "0", "sdpMLineIndex": None}
    assert result[1] == {"candidate": "candidate:2 1 udp 1 192.0.2.1 5001 typ host", "sdpMid": "1", "sdpMLineIndex": 1}
    assert result[2]["sdpMLineIndex"] == 2
    assert result[3]["candidate"] == "" and result[3]["sdpMLineIndex"] == 0

    # A CallSession on a fake signaling channel: an offer made by a second
    # peer connection arrives while stable; the page answers and sends no offer.
    sent = page.js_async("""
        const { CallSession } = await import('/static/webrtc.js');
        const sent = [];
        const fake = { roomId: 'x', send: (m) => { sent.push(m); return true; } };
        const session = new CallSession(fake, {});
        session.start();
        await session.chain;
        const remote = new RTCPeerConnection();
        await remote.setRemoteDescription({type: 'offer', sdp: sent[0].sdp});
        const answer = await remote.createAnswer();
        await remote.setLocalDescription(answer);
        session.handleMessage({type: 'answer', sdp: answer.sdp});
        await session.chain;
        remote.addTransceiver('video', {direction: 'sendonly'});
        const offer = await remote.createOffer();
        await remote.setLocalDescription(offer);
        session.handleMessage({type: 'offer', sdp: offer.sdp});
        await session.chain;
        const state = session.signalingState;
        session.close(); remote.close();
        return {types: sent.filter((m) => m.type !== 'ice-candidate').map((m) => m.type), state};
    """)
    assert sent == {"types": ["offer", "answer"], "state": "stable"}

    # Glare: the server's offer crosses the page's own. The page rolls its
    # offer back, answers, and offers again only then.
    glare = page.js_async("""
        const { CallSession } = await import('/static/webrtc.js');
        const sent = [];
        const fake = { roomId: 'x', send: (m) => { if (m.type !== 'ice-candidate') sent.push(m.type); return true; } };
        const session = new CallSession(fake, {});
        session.start();
        await session.chain;
        const remote = new RTCPeerConnection();
        remote.addTransceiver('audio', {direction: 'sendonly'});
        const offer = await remote.createOffer();
        session.handleMessage({type: 'offer', sdp: offer.sdp});
        await session.chain;
        const state = session.signalingState;
        session.close(); remote.close();
        return {sent, state};
    """)
    assert glare == {"sent": ["offer", "answer", "offer"], "state": "have-local-offer"}


def test_page_loads_nothing_from_elsewhere(server, browser):
    room = server.create_room()
    page = browser("local")
    page.driver.get(server.room_url(room, "local"))
    page.wait_state("connected")
    resources = page.js("return performance.getEntriesByType('resource').map((e) => e.name)")
    assert resources, "the page loads its style and scripts"
    foreign = [url for url in resources if not url.startswith(server.base)]
    assert foreign == []
    assert page.js("return getComputedStyle(document.body).backgroundColor") in ("rgb(11, 13, 16)",)


@pytest.mark.mock_only
@pytest.mark.server_args("--core-only")
def test_core_only_server(server, browser):
    """No `joined` or other extension: the page goes on after a moment and
    shows the media, its tiles named by participant id."""
    room = server.create_room()
    alice = join(browser("alice"), server, room, "alice")
    bob = join(browser("bob"), server, room, "bob")
    assert alice.kaamos("participantId") is None
    require_media(alice, bob)
    wait_decoding(alice, tiles=1)
    wait_decoding(bob, tiles=1)
    # No participant-left either: the tile goes when the server's next offer
    # takes bob's tracks away.
    bob.driver.find_element("id", "endCall").click()
    alice.wait_for(lambda p: p.tiles() == [], timeout=5, what="bob's tile to go with its tracks")
    assert any("tracks removed" in line or "tracks ended" in line for line in alice.kaamos("log"))


@pytest.mark.kaamos_server_args("--no-media")
def test_server_without_media_is_reported(server, browser):
    room = server.create_room()
    alice = join(browser("alice"), server, room, "alice")
    error = alice.wait_for(lambda p: p.kaamos("mediaError"), what="mediaError")
    assert error["code"] == "media-error"
    assert "media is not available on this server" in error["message"]
    assert alice.state == "connected"
