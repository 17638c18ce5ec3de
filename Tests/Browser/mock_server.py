#!/usr/bin/env python3
"""A small stand-in for kaamos-server, for the browser tests.

It speaks the wire contract of shared/PROTOCOL.md (core plus the extensions
the page uses) and serves the real page from Sources/KaamosServer/Web. Media
goes through aiortc acting as the SFU: each page offers its audio and video,
the mock answers, and whenever another participant's tracks appear or leave,
the mock sends that page a new offer carrying them with
a=msid:<participant_id> <track_id>. aiortc decodes and re-encodes what it
forwards, so this is a functional stand-in, not a performance one.

    python mock_server.py --port 8080 [--admin-token T] [--no-media] [--core-only]

--no-media answers every offer with an `error` (a server whose SFU is not
there yet); --core-only leaves out every extension message.
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
from datetime import datetime, timedelta, timezone
from pathlib import Path

from aiohttp import WSMsgType, web
from aiortc import (
    RTCBundlePolicy,
    RTCConfiguration,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.codecs import CODECS, HEADER_EXTENSIONS
from aiortc.contrib.media import MediaRelay
from aiortc.sdp import candidate_from_sdp

WEB_DIR = Path(__file__).resolve().parents[2] / "Sources" / "KaamosServer" / "Web"
STATIC_FILES = {
    "style.css": "text/css",
    "app.js": "text/javascript",
    "webrtc.js": "text/javascript",
    "signaling.js": "text/javascript",
}
ROOM_ID = re.compile(r"^[A-Za-z0-9]{10}$")
MAX_PARTICIPANTS = 4
KICK_BAN_SECONDS = 60

log = logging.getLogger("mock-kaamos")


def rfc3339(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_candidate(message: dict):
    """Both shapes of ice-candidate; None means end of candidates."""
    raw = message.get("candidate")
    if isinstance(raw, dict):
        text = raw.get("candidate") or ""
        mid = raw.get("sdpMid", message.get("sdpMid"))
        index = raw.get("sdpMLineIndex", message.get("sdpMLineIndex"))
    else:
        text = raw or ""
        mid = message.get("sdpMid")
        index = message.get("sdpMLineIndex")
    if not text:
        return None
    if text.startswith("a="):
        text = text[2:]
    if text.startswith("candidate:"):
        text = text[len("candidate:"):]
    candidate = candidate_from_sdp(text)
    candidate.sdpMid = mid
    candidate.sdpMLineIndex = index if index is not None else (0 if mid is None else None)
    return candidate


async def create_offer(peer: "Peer"):
    """aiortc numbers payload types and header extensions afresh in every
    offer it makes, and a browser refuses a number that changes meaning on a
    live m-line. Offer with the numbering the browser chose instead."""
    saved = {kind: (CODECS[kind], HEADER_EXTENSIONS[kind]) for kind in ("audio", "video")}
    try:
        for kind, (codecs, extensions) in peer.numbering.items():
            CODECS[kind], HEADER_EXTENSIONS[kind] = codecs, extensions
        return await peer.pc.createOffer()  # reads the tables before it first yields
    finally:
        for kind, (codecs, extensions) in saved.items():
            CODECS[kind], HEADER_EXTENSIONS[kind] = codecs, extensions


class Peer:
    def __init__(self, room: "Room", pid: str, name: str, user_id: str, ws: web.WebSocketResponse):
        self.room = room
        self.id = pid
        self.name = name
        self.user_id = user_id
        self.ws = ws
        self.joined_at = time.time()
        self.audio = True
        self.video = True
        self.pc: RTCPeerConnection | None = None
        self.lock = asyncio.Lock()
        self.tracks: list = []  # this page's own tracks, as received
        self.forwarded: dict[str, list] = {}  # source pid -> transceivers
        self.offer_in_flight = False
        self.renegotiate_wanted = False
        self.renegotiate_task: asyncio.Task | None = None
        self.pending_candidates: list = []
        self.numbering: dict[str, tuple] = {}  # kind -> the browser's (codecs, header extensions)
        self.closed = False

    def describe(self) -> dict:
        return {"id": self.id, "name": self.name, "audio": self.audio, "video": self.video}

    async def send(self, message: dict) -> None:
        if self.ws.closed:
            return
        try:
            await self.ws.send_str(json.dumps(message))
        except (ConnectionError, RuntimeError):
            pass


class Room:
    def __init__(self, room_id: str, creator):
        self.id = room_id
        self.creator = creator
        self.created_at = time.time()
        self.last_activity = self.created_at
        self.peers: dict[str, Peer] = {}
        self.banned: dict[str, float] = {}  # user_id -> until
        self.relay = MediaRelay()

    def describe(self) -> dict:
        return {
            "room_id": self.id,
            "active": bool(self.peers),
            "participants": len(self.peers),
            "created_at": rfc3339(self.created_at),
        }


class MockServer:
    def __init__(self, args):
        self.args = args
        self.rooms: dict[str, Room] = {}
        self.next_pid = 0

    # ---- HTTP ----------------------------------------------------------------

    def app(self) -> web.Application:
        app = web.Application()
        app.add_routes([
            web.get("/health", self.health),
            web.get("/room/{room_id}", self.page),
            web.get("/static/{name}", self.static),
            web.post("/api/rooms/create", self.create_room),
            web.get("/api/rooms", self.list_rooms),
            web.get("/api/rooms/{room_id}", self.get_room),
            web.delete("/api/rooms/{room_id}", self.delete_room),
            web.get("/api/rooms/{room_id}/participants", self.list_participants),
            web.post("/api/rooms/{room_id}/participants/{pid}/kick", self.kick),
            web.get("/ws/{room_id}", self.websocket),
            # Test hook, mock only: every WebSocket of the room drops at once,
            # with no message, as when a proxy or the network cuts them.
            web.post("/test/rooms/{room_id}/drop", self.drop_sockets),
        ])
        app.on_shutdown.append(self.shutdown)
        return app

    async def health(self, request):
        return web.json_response({"status": "ok", "rooms": len(self.rooms), "mock": True})

    async def page(self, request):
        return web.FileResponse(WEB_DIR / "index.html", headers={
            "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"})

    async def static(self, request):
        name = request.match_info["name"]
        if name not in STATIC_FILES:
            raise web.HTTPNotFound()
        return web.FileResponse(WEB_DIR / name, headers={
            "Content-Type": f"{STATIC_FILES[name]}; charset=utf-8", "Cache-Control": "no-store"})

    def room_or_error(self, request):
        room_id = request.match_info["room_id"]
        if not ROOM_ID.match(room_id):
            return None, web.json_response({"error": "invalid room id"}, status=400)
        room = self.rooms.get(room_id)
        if room is None:
            return None, web.json_response({"error": "room not found"}, status=404)
        return room, None

    def admin_denied(self, request):
        token = self.args.admin_token
        header = request.headers.get("Authorization", "")
        if not token or header != f"Bearer {token}":
            return web.json_response({"error": "unauthorized"}, status=401)
        return None

    async def create_room(self, request):
        creator = None
        if request.can_read_body:
            try:
                body = await request.json()
                creator = body.get("creator_user_id") if isinstance(body, dict) else None
            except (json.JSONDecodeError, UnicodeDecodeError):
                return web.json_response({"error": "body is not JSON"}, status=400)
        alphabet = string.ascii_letters + string.digits
        room_id = "".join(secrets.choice(alphabet) for _ in range(10))
        room = Room(room_id, creator)
        self.rooms[room_id] = room
        host = request.headers.get("Host", f"127.0.0.1:{self.args.port}")
        return web.json_response({
            "room_id": room_id,
            "url": f"http://{host}/room/{room_id}",
            "expires_at": rfc3339(room.created_at + 86400),
        }, status=201)

    async def list_rooms(self, request):
        if (denied := self.admin_denied(request)):
            return denied
        return web.json_response({"rooms": [
            {**r.describe(), "expires_at": rfc3339(r.last_activity + 86400)} for r in self.rooms.values()]})

    async def get_room(self, request):
        room, error = self.room_or_error(request)
        return error or web.json_response(room.describe())

    async def delete_room(self, request):
        if (denied := self.admin_denied(request)):
            return denied
        room, error = self.room_or_error(request)
        if error:
            return error
        del self.rooms[room.id]
        for peer in list(room.peers.values()):
            if not self.args.core_only:
                await peer.send({"type": "room-closed", "reason": "closed by admin"})
            await self.drop_peer(peer, notify=False)
            await peer.ws.close()
        return web.Response(status=204)

    async def list_participants(self, request):
        if (denied := self.admin_denied(request)):
            return denied
        room, error = self.room_or_error(request)
        if error:
            return error
        return web.json_response({"participants": [
            {**p.describe(), "user_id": p.user_id, "joined_at": rfc3339(p.joined_at), "stats": {}}
            for p in room.peers.values()]})

    async def kick(self, request):
        if (denied := self.admin_denied(request)):
            return denied
        room, error = self.room_or_error(request)
        if error:
            return error
        peer = room.peers.get(request.match_info["pid"])
        if peer is None:
            return web.json_response({"error": "participant not found"}, status=404)
        room.banned[peer.user_id] = time.time() + KICK_BAN_SECONDS
        await peer.send({"type": "kicked", "reason": "removed by admin"})
        await self.drop_peer(peer)
        await peer.ws.close()
        return web.Response(status=204)

    async def drop_sockets(self, request):
        room, error = self.room_or_error(request)
        if error:
            return error
        peers = list(room.peers.values())
        for peer in peers:
            await peer.ws.close(code=1011, message=b"dropped")
        return web.json_response({"dropped": len(peers)})

    async def shutdown(self, app):
        for room in list(self.rooms.values()):
            for peer in list(room.peers.values()):
                await self.drop_peer(peer, notify=False)
                await peer.ws.close()

    # ---- WebSocket -----------------------------------------------------------

    async def websocket(self, request):
        ws = web.WebSocketResponse(heartbeat=20)
        await ws.prepare(request)
        room_id = request.match_info["room_id"]
        peer: Peer | None = None
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                try:
                    message = json.loads(msg.data)
                    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
                        raise ValueError("no type")
                except ValueError:
                    await ws.send_str(json.dumps({"type": "error", "code": "bad-message", "message": "not a JSON message"}))
                    continue
                kind = message["type"]
                if kind == "join":
                    if peer is not None:
                        continue
                    peer = await self.join(ws, room_id, message)
                    if peer is None:
                        break
                elif peer is None:
                    await ws.send_str(json.dumps({"type": "error", "code": "not-joined", "message": "join first"}))
                elif kind == "offer":
                    await self.on_offer(peer, message)
                elif kind == "answer":
                    await self.on_answer(peer, message)
                elif kind == "ice-candidate":
                    await self.on_candidate(peer, message)
                elif kind == "media-state":
                    peer.audio = bool(message.get("audio", peer.audio))
                    peer.video = bool(message.get("video", peer.video))
                    if not self.args.core_only:
                        await self.broadcast(peer.room, {"type": "media-state", "participant_id": peer.id,
                                                         "audio": peer.audio, "video": peer.video}, skip=peer)
                elif kind == "leave":
                    break
        finally:
            if peer is not None:
                await self.drop_peer(peer)
            if not ws.closed:
                await ws.close()
        return ws

    async def join(self, ws, room_id: str, message: dict) -> Peer | None:
        room = self.rooms.get(room_id) if ROOM_ID.match(room_id) else None
        if room is None:
            await ws.send_str(json.dumps({"type": "error", "code": "room-not-found", "message": "room not found or expired"}))
            await ws.close()
            return None
        user_id = str(message.get("user_id") or "")
        if room.banned.get(user_id, 0) > time.time():
            await ws.send_str(json.dumps({"type": "error", "code": "kicked", "message": "you were removed from this room"}))
            await ws.close()
            return None
        if len(room.peers) >= MAX_PARTICIPANTS:
            await ws.send_str(json.dumps({"type": "error", "code": "room-full", "message": "room is full"}))
            await ws.close()
            return None
        self.next_pid += 1
        pid = f"p{self.next_pid}"
        name = str(message.get("name") or user_id or pid)[:64]
        peer = Peer(room, pid, name, user_id, ws)
        others = list(room.peers.values())
        room.peers[pid] = peer
        room.last_activity = time.time()
        if not self.args.core_only:
            await peer.send({
                "type": "joined",
                "participant_id": pid,
                "participants": [p.describe() for p in others],
                "ice_servers": [],
            })
            await self.broadcast(room, {"type": "participant-joined", "participant": peer.describe()}, skip=peer)
        log.info("%s joined %s as %s", name, room.id, pid)
        return peer

    async def broadcast(self, room: Room, message: dict, skip: Peer | None = None) -> None:
        for other in list(room.peers.values()):
            if other is not skip:
                await other.send(message)

    async def drop_peer(self, peer: Peer, notify: bool = True) -> None:
        if peer.closed:
            return
        peer.closed = True
        room = peer.room
        room.peers.pop(peer.id, None)
        room.last_activity = time.time()
        if peer.renegotiate_task:
            peer.renegotiate_task.cancel()
        if peer.pc:
            await peer.pc.close()
        for other in list(room.peers.values()):
            transceivers = other.forwarded.pop(peer.id, [])
            for transceiver in transceivers:
                transceiver.sender.replaceTrack(None)
                transceiver.direction = "inactive"
            if transceivers:
                self.schedule_renegotiation(other)
            if notify and not self.args.core_only:
                await other.send({"type": "participant-left", "participant_id": peer.id})
        log.info("%s left %s", peer.id, room.id)

    # ---- media -----------------------------------------------------------------

    def new_pc(self, peer: Peer) -> RTCPeerConnection:
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[], bundlePolicy=RTCBundlePolicy.MAX_BUNDLE))

        @pc.on("track")
        def on_track(track):
            log.info("%s sends %s", peer.id, track.kind)
            peer.tracks.append(track)
            for other in list(peer.room.peers.values()):
                if other is not peer and other.pc is not None and not other.closed:
                    self.forward(peer, track, other)
                    self.schedule_renegotiation(other)

        @pc.on("connectionstatechange")
        async def on_state():
            log.info("%s media %s", peer.id, pc.connectionState)

        return pc

    def forward(self, source: Peer, track, target: Peer) -> None:
        transceiver = target.pc.addTransceiver(source.room.relay.subscribe(track, buffered=False), direction="sendonly")
        # What the real SFU does: name the stream after its sender.
        transceiver.sender._stream_id = source.id
        target.forwarded.setdefault(source.id, []).append(transceiver)

    async def on_offer(self, peer: Peer, message: dict) -> None:
        if self.args.no_media:
            await peer.send({"type": "error", "code": "media-error", "message": "media is not available on this server"})
            return
        async with peer.lock:
            if peer.pc is None:
                peer.pc = self.new_pc(peer)
            pc = peer.pc
            await pc.setRemoteDescription(RTCSessionDescription(sdp=message.get("sdp", ""), type="offer"))
            for transceiver in pc.getTransceivers():
                if transceiver._codecs and transceiver.kind not in peer.numbering:
                    peer.numbering[transceiver.kind] = (list(transceiver._codecs),
                                                        list(transceiver._headerExtensions))
            for candidate in peer.pending_candidates:
                await pc.addIceCandidate(candidate)
            peer.pending_candidates.clear()
            await pc.setLocalDescription(await pc.createAnswer())
            await peer.send({"type": "answer", "sdp": pc.localDescription.sdp})
            await self.trickle_own_candidates(peer)
            # Tracks already in the room go to the newcomer in a server offer.
            added = False
            for other in list(peer.room.peers.values()):
                if other is not peer and other.id not in peer.forwarded:
                    for track in other.tracks:
                        self.forward(other, track, peer)
                        added = True
        if added:
            self.schedule_renegotiation(peer)

    async def trickle_own_candidates(self, peer: Peer) -> None:
        """aiortc puts its candidates in the SDP; send them once more as
        separate string-shaped ice-candidate messages, as a trickling server would."""
        sdp = peer.pc.localDescription.sdp
        mid = None
        for line in sdp.splitlines():
            if line.startswith("a=mid:") and mid is None:
                mid = line[len("a=mid:"):]
            elif line.startswith("a=candidate:") and mid is not None:
                await peer.send({"type": "ice-candidate", "candidate": line[2:], "sdpMid": mid, "sdpMLineIndex": 0})

    def schedule_renegotiation(self, peer: Peer) -> None:
        if peer.closed or (peer.renegotiate_task and not peer.renegotiate_task.done()):
            return
        peer.renegotiate_task = asyncio.ensure_future(self.renegotiate_soon(peer))

    async def renegotiate_soon(self, peer: Peer) -> None:
        await asyncio.sleep(0.15)  # let audio and video of one sender go together
        async with peer.lock:
            if peer.closed or peer.pc is None:
                return
            if peer.offer_in_flight or peer.pc.signalingState != "stable":
                peer.renegotiate_wanted = True
                return
            peer.offer_in_flight = True
            await peer.pc.setLocalDescription(await create_offer(peer))
            await peer.send({"type": "offer", "sdp": peer.pc.localDescription.sdp})
            log.info("offer to %s", peer.id)

    async def on_answer(self, peer: Peer, message: dict) -> None:
        async with peer.lock:
            if peer.pc is None or peer.pc.signalingState != "have-local-offer":
                await peer.send({"type": "error", "code": "bad-message", "message": "unexpected answer"})
                return
            await peer.pc.setRemoteDescription(RTCSessionDescription(sdp=message.get("sdp", ""), type="answer"))
            peer.offer_in_flight = False
            again = peer.renegotiate_wanted
            peer.renegotiate_wanted = False
        if again:
            self.schedule_renegotiation(peer)

    async def on_candidate(self, peer: Peer, message: dict) -> None:
        try:
            candidate = parse_candidate(message)
        except (ValueError, IndexError, KeyError) as error:
            await peer.send({"type": "error", "code": "bad-message", "message": f"bad candidate: {error}"})
            return
        if candidate is None:
            return
        async with peer.lock:
            if peer.pc is None or peer.pc.remoteDescription is None:
                peer.pending_candidates.append(candidate)
                return
            try:
                await peer.pc.addIceCandidate(candidate)
            except Exception as error:  # noqa: BLE001 - a bad candidate must not end the session
                log.warning("candidate from %s not added: %s", peer.id, error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--admin-token", default=None)
    parser.add_argument("--no-media", action="store_true")
    parser.add_argument("--core-only", action="store_true")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(asctime)s %(name)s %(message)s")
    web.run_app(MockServer(args).app(), host=args.host, port=args.port, print=None,
                handle_signals=True)


if __name__ == "__main__":
    main()
