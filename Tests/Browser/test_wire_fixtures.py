"""The page's signaling against the wire fixtures the Swift client and server are tested with
(Tests/KaamosWireTests/Fixtures): every message the page sends or receives in a real call through
kaamos-server has a fixture of its type, and carries only the fields of that fixture, each with the
fixture's JSON type. One contract for the three implementations (Swift client, server, page)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import ROOT, join, require_media

FIXTURES = ROOT / "Tests" / "KaamosWireTests" / "Fixtures"

# Records every text frame the page's WebSockets send and receive, from before the page's scripts run.
RECORDER = """
(() => {
  const wire = { sent: [], received: [] };
  window.__kaamosWire = wire;
  const Native = window.WebSocket;
  const nativeSend = Native.prototype.send;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        if (typeof event.data === 'string') wire.received.push(event.data);
      });
    }
    send(data) {
      if (typeof data === 'string') wire.sent.push(data);
      return nativeSend.call(this, data);
    }
  };
})();
"""

# What browsers add beyond the contract and servers ignore: RTCIceCandidate.toJSON()'s ufrag.
BROWSER_EXTRAS = {("ice-candidate", "candidate.usernameFragment")}


def fixture(side: str, message_type: str) -> dict:
    path = FIXTURES / side / f"{message_type}.json"
    assert path.exists(), f"{side} message type {message_type!r} has no fixture ({path})"
    return json.loads(path.read_text())


def json_type(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def mismatches(actual, expected, message_type: str, path: str = "") -> list[str]:
    """Where `actual` leaves the fixture's shape: an unknown field or another JSON type."""
    if json_type(actual) != json_type(expected):
        return [f"{path or 'message'} is {json_type(actual)}, the fixture has {json_type(expected)}"]
    if isinstance(actual, dict):
        problems = []
        for key, value in actual.items():
            where = f"{path}.{key}" if path else key
            if key not in expected:
                if (message_type, where) not in BROWSER_EXTRAS:
                    problems.append(f"{where} is not in the fixture")
                continue
            problems += mismatches(value, expected[key], message_type, where)
        return problems
    if isinstance(actual, list):
        problems = []
        for index, element in enumerate(actual):
            # An element conforms when it fits one of the fixture's examples.
            tries = [mismatches(element, example, message_type, f"{path}[{index}]") for example in expected]
            if tries and all(tries):
                problems += min(tries, key=len)
        return problems
    return []


def check(frames: list[str], side: str) -> set[str]:
    types = set()
    for text in frames:
        message = json.loads(text)
        message_type = message.get("type")
        assert isinstance(message_type, str), f"a {side} message without a type: {text[:200]}"
        problems = mismatches(message, fixture(side, message_type), message_type)
        assert not problems, f"{side} {message_type}: {problems}: {text[:300]}"
        types.add(message_type)
    return types


def test_page_messages_match_the_wire_fixtures(server, browser):
    room = server.create_room()
    alice = join(browser("alice", script_before_load=RECORDER), server, room, "alice")
    bob = join(browser("bob", script_before_load=RECORDER), server, room, "bob")
    require_media(alice, bob)
    alice.driver.find_element("id", "toggleMic").click()
    bob.wait_for(lambda p: any(not x.get("audio", True) for x in p.kaamos("participants()")),
                 what="alice's mic off in bob's participant list")
    bob.driver.find_element("id", "endCall").click()
    alice.wait_for(lambda p: '"participant-left"' in "".join(p.js("return window.__kaamosWire.received")),
                   what="participant-left at alice")

    alice_wire = alice.js("return window.__kaamosWire")
    bob_wire = bob.js("return window.__kaamosWire")
    sent = check(alice_wire["sent"], "client") | check(bob_wire["sent"], "client")
    received = check(alice_wire["received"], "server") | check(bob_wire["received"], "server")
    # The call went through every step these fixtures describe.
    assert {"join", "offer", "answer", "ice-candidate", "media-state", "leave"} <= sent, sent
    assert {"joined", "answer", "offer", "participant-joined", "participant-left", "media-state"} <= received, received
