"""A signaling bridge: the Kaamos protocol (../../../shared/PROTOCOL.md) toward a client, the Janus
HTTP API toward Janus's EchoTest plugin.

    python kaamos_janus_bridge.py --port 8090 --janus http://127.0.0.1:8088/janus [--log FILE]

Toward the client (enough for `kaamos-tui probe --server http://127.0.0.1:8090 ROOM`):
  GET  /health                   {"status":"ok"}
  POST /api/rooms/create         201 with a fresh room id
  GET  /api/rooms/{room_id}      200 for any well-formed id (every room is an echo room)
  GET  /ws/{room_id}             WebSocket: join, offer, ice-candidate, leave (core and extensions)
Toward Janus, per WebSocket: create a session, attach janus.plugin.echotest, send the client's
offer as jsep with the body {"audio":true,"video":true}, return Janus's answer, trickle the
client's candidates (an empty one as {"completed":true}), destroy the session when the socket
closes. Janus puts its own candidates in the answer (half trickle); they are sent as
`ice-candidate` messages as well, so a client that reads only trickled candidates connects too.

The echo is presented as a participant of its own: "participant-joined" after the answer, under
the stream id of the answer's a=msid, which is what a client names remote tracks by ("joined"
lists nobody: the room is empty until Janus answers).

For the tests: GET /bridge/calls lists every call with its Janus session and handle ids, the
SDP both ways, the candidates both ways and Janus's events.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import re
import secrets
import string
import time
from datetime import datetime, timezone

import aiohttp
from aiohttp import web

ROOM_ID = re.compile(r"^[A-Za-z0-9]{10}$")
ECHO_NAME = "janus-echotest"
log = logging.getLogger("bridge")


def now_rfc3339() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def new_room_id() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(10))


def answer_stream_id(sdp: str) -> str | None:
    """The stream id of the first a=msid (or a=ssrc ... msid:) line."""
    for line in sdp.splitlines():
        match = re.match(r"a=msid:(\S+)", line) or re.match(r"a=ssrc:\d+ msid:(\S+)", line)
        if match and match.group(1) != "-":
            return match.group(1)
    return None


def sdp_candidates(sdp: str) -> list[dict]:
    """The a=candidate lines of an SDP as W3C candidate objects, by m-line."""
    result = []
    index = -1
    mid = None
    for line in sdp.splitlines():
        if line.startswith("m="):
            index += 1
            mid = None
        elif line.startswith("a=mid:"):
            mid = line[6:].strip()
        elif line.startswith("a=candidate:") and index >= 0:
            result.append({"candidate": line[2:].strip(), "sdpMid": mid if mid is not None else str(index),
                           "sdpMLineIndex": index})
    return result


class JanusError(Exception):
    pass


class JanusSession:
    """One Janus session with one echotest handle, over the plain HTTP transport."""

    def __init__(self, http: aiohttp.ClientSession, base: str, record: dict):
        self.http = http
        self.base = base.rstrip("/")
        self.record = record
        self.session_id: int | None = None
        self.handle_id: int | None = None
        self.events: asyncio.Queue = asyncio.Queue()
        self.poller: asyncio.Task | None = None
        self.closed = False

    async def post(self, path: str, body: dict) -> dict:
        body = dict(body, transaction=secrets.token_hex(6))
        async with self.http.post(self.base + path, json=body) as response:
            reply = await response.json(content_type=None)
        if reply.get("janus") == "error":
            raise JanusError(f"{body['janus']}: {reply.get('error')}")
        return reply

    async def open(self) -> None:
        reply = await self.post("", {"janus": "create"})
        self.session_id = reply["data"]["id"]
        self.poller = asyncio.create_task(self.poll())
        reply = await self.post(f"/{self.session_id}", {"janus": "attach", "plugin": "janus.plugin.echotest"})
        self.handle_id = reply["data"]["id"]
        self.record.update(session_id=self.session_id, handle_id=self.handle_id)
        log.info("janus session %s handle %s", self.session_id, self.handle_id)

    async def poll(self) -> None:
        """The long poll: every event of the session, which also keeps it alive."""
        while not self.closed:
            try:
                async with self.http.get(f"{self.base}/{self.session_id}?maxev=10",
                                         timeout=aiohttp.ClientTimeout(total=65)) as response:
                    reply = await response.json(content_type=None)
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                if self.closed:
                    return
                log.warning("long poll failed: %s", error)
                await asyncio.sleep(0.5)
                continue
            for event in reply if isinstance(reply, list) else [reply]:
                if event.get("janus") == "keepalive":
                    continue
                brief = {key: event[key] for key in ("janus", "type", "receiving", "reason", "uplink", "media", "mid")
                         if key in event}
                if "plugindata" in event:
                    brief["plugindata"] = event["plugindata"].get("data")
                if "jsep" in event:
                    brief["jsep"] = event["jsep"].get("type")
                brief["at"] = time.time()
                self.record["janus_events"].append(brief)
                log.info("janus event %s", json.dumps(brief))
                await self.events.put(event)

    async def offer(self, sdp: str) -> str:
        await self.post(f"/{self.session_id}/{self.handle_id}", {
            "janus": "message", "body": {"audio": True, "video": True},
            "jsep": {"type": "offer", "sdp": sdp, "trickle": True}})
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            event = await asyncio.wait_for(self.events.get(), timeout=deadline - time.monotonic())
            jsep = event.get("jsep")
            if event.get("janus") == "event" and jsep and jsep.get("type") == "answer":
                return jsep["sdp"]
            data = (event.get("plugindata") or {}).get("data") or {}
            if "error" in data:
                raise JanusError(f"echotest: {data['error']}")
        raise JanusError("no answer from Janus within 20 s")

    async def trickle(self, candidate: dict | None) -> None:
        body = {"completed": True} if candidate is None else candidate
        await self.post(f"/{self.session_id}/{self.handle_id}", {"janus": "trickle", "candidate": body})

    async def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.session_id is not None:
            try:
                await self.post(f"/{self.session_id}", {"janus": "destroy"})
            except (aiohttp.ClientError, JanusError, ValueError) as error:
                log.warning("destroy failed: %s", error)
        if self.poller:
            self.poller.cancel()


def candidate_from_message(message: dict) -> dict | None:
    """Either wire shape of `ice-candidate`; None for the end of candidates."""
    value = message.get("candidate")
    if isinstance(value, dict):
        candidate = dict(value)
    else:
        candidate = {"candidate": value or "", "sdpMid": message.get("sdpMid"),
                     "sdpMLineIndex": message.get("sdpMLineIndex")}
    text = candidate.get("candidate") or ""
    if not text:
        return None
    if text.startswith("a="):
        text = text[2:]
    candidate["candidate"] = text
    if candidate.get("sdpMLineIndex") is None:
        candidate.pop("sdpMLineIndex", None)
    if candidate.get("sdpMid") is None:
        candidate.pop("sdpMid", None)
    return {key: candidate[key] for key in ("candidate", "sdpMid", "sdpMLineIndex") if key in candidate}


class Bridge:
    def __init__(self, janus_base: str):
        self.janus_base = janus_base
        self.calls: list[dict] = []
        self.http: aiohttp.ClientSession | None = None

    async def start(self, app: web.Application) -> None:
        self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))

    async def stop(self, app: web.Application) -> None:
        if self.http:
            await self.http.close()

    # MARK: HTTP

    async def health(self, request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "janus": self.janus_base})

    async def create_room(self, request: web.Request) -> web.Response:
        room_id = new_room_id()
        host = request.headers.get("Host", "127.0.0.1")
        return web.json_response({"room_id": room_id, "url": f"http://{host}/room/{room_id}",
                                  "expires_at": now_rfc3339()}, status=201)

    async def room(self, request: web.Request) -> web.Response:
        room_id = request.match_info["room_id"]
        if not ROOM_ID.match(room_id):
            return web.json_response({"error": "room ids are 10 letters or digits"}, status=400)
        live = sum(1 for call in self.calls if call["room_id"] == room_id and not call.get("ended_at"))
        return web.json_response({"room_id": room_id, "active": True, "participants": live,
                                  "created_at": now_rfc3339()})

    async def list_calls(self, request: web.Request) -> web.Response:
        return web.json_response({"calls": self.calls})

    # MARK: WebSocket

    async def websocket(self, request: web.Request) -> web.WebSocketResponse:
        room_id = request.match_info["room_id"]
        ws = web.WebSocketResponse(heartbeat=None)
        await ws.prepare(request)
        if not ROOM_ID.match(room_id):
            await ws.send_json({"type": "error", "code": "room-not-found", "message": "bad room id"})
            await ws.close()
            return ws
        record = {"room_id": room_id, "participant_id": f"p{len(self.calls) + 1}", "started_at": time.time(),
                  "client_candidates": [], "janus_candidates": [], "janus_events": [], "messages_in": [],
                  "offer_sdp": None, "answer_sdp": None, "errors": []}
        self.calls.append(record)
        janus = JanusSession(self.http, self.janus_base, record)
        ready = asyncio.create_task(janus.open())
        echo_id = ECHO_NAME
        try:
            async for frame in ws:
                if frame.type != aiohttp.WSMsgType.TEXT:
                    continue
                try:
                    message = json.loads(frame.data)
                    kind = message["type"]
                except (ValueError, KeyError, TypeError):
                    await ws.send_json({"type": "error", "code": "bad-message", "message": "not a JSON message"})
                    continue
                record["messages_in"].append(kind)
                try:
                    if kind == "join":
                        await ready
                        await ws.send_json({
                            "type": "joined", "participant_id": record["participant_id"],
                            "participants": [],
                            "ice_servers": []})
                    elif kind == "offer":
                        await ready
                        record["offer_sdp"] = message["sdp"]
                        answer = await janus.offer(message["sdp"])
                        record["answer_sdp"] = answer
                        await ws.send_json({"type": "answer", "sdp": answer})
                        stream = answer_stream_id(answer)
                        if stream:
                            echo_id = stream
                        record["echo_participant_id"] = echo_id
                        await ws.send_json({"type": "participant-joined", "participant": {
                            "id": echo_id, "name": ECHO_NAME, "audio": True, "video": True}})
                        for candidate in sdp_candidates(answer):
                            record["janus_candidates"].append(candidate["candidate"])
                            await ws.send_json({"type": "ice-candidate", "candidate": candidate})
                        if record["janus_candidates"]:
                            await ws.send_json({"type": "ice-candidate", "candidate": {
                                "candidate": "", "sdpMid": candidate["sdpMid"], "sdpMLineIndex": 0}})
                    elif kind == "ice-candidate":
                        await ready
                        candidate = candidate_from_message(message)
                        record["client_candidates"].append(candidate["candidate"] if candidate else "")
                        await janus.trickle(candidate)
                    elif kind == "answer":
                        record["errors"].append("the client answered, but the bridge never offers")
                    elif kind == "leave":
                        break
                    elif kind in ("media-state", "chat"):
                        pass
                except (JanusError, aiohttp.ClientError, asyncio.TimeoutError, KeyError) as error:
                    log.error("%s failed: %r", kind, error)
                    record["errors"].append(f"{kind}: {error!r}")
                    await ws.send_json({"type": "error", "code": "internal", "message": f"Janus: {error}"})
        finally:
            record["ended_at"] = time.time()
            if not ready.done():
                ready.cancel()
            await janus.close()
            if not ws.closed:
                await ws.close()
        return ws


def make_app(janus_base: str) -> web.Application:
    bridge = Bridge(janus_base)
    app = web.Application()
    app.on_startup.append(bridge.start)
    app.on_cleanup.append(bridge.stop)
    app.router.add_get("/health", bridge.health)
    app.router.add_post("/api/rooms/create", bridge.create_room)
    app.router.add_get("/api/rooms/{room_id}", bridge.room)
    app.router.add_get("/ws/{room_id}", bridge.websocket)
    app.router.add_get("/bridge/calls", bridge.list_calls)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--janus", required=True, help="the Janus HTTP API, e.g. http://127.0.0.1:8088/janus")
    parser.add_argument("--log", help="log file (default: stderr)")
    args = parser.parse_args()
    logging.basicConfig(filename=args.log, level=logging.INFO,
                        format="%(asctime)s.%(msecs)03d %(name)s %(levelname)s %(message)s", datefmt="%H:%M:%S")
    web.run_app(make_app(args.janus), host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
