#!/usr/bin/env python3
"""An independent WebRTC peer (aiortc) for kaamos-tui's interop tests.

Speaks JSON lines: reads offers, answers and candidates on stdin, writes its own description and
periodic statistics on stdout. Sends an Opus tone and a moving VP8 picture, and counts what it
decodes from the other side.

  aiortc_peer.py --role offer|answer [--duration SECONDS]
"""
import argparse
import asyncio
import fractions
import json
import math
import sys
import time

from aiortc import RTCPeerConnection, RTCSessionDescription, MediaStreamTrack
from aiortc.sdp import candidate_from_sdp
from av import AudioFrame, VideoFrame

AUDIO_RATE = 48000
AUDIO_SAMPLES = 960  # 20 ms
VIDEO_CLOCK = 90000
FPS = 30


class ToneTrack(MediaStreamTrack):
    kind = "audio"

    def __init__(self):
        super().__init__()
        self._start = None
        self._sent = 0

    async def recv(self):
        if self._start is None:
            self._start = time.time()
        wait = self._start + self._sent / AUDIO_RATE - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        samples = bytearray()
        for i in range(AUDIO_SAMPLES):
            value = int(8000 * math.sin(2 * math.pi * 440 * (self._sent + i) / AUDIO_RATE))
            samples += value.to_bytes(2, "little", signed=True)
        frame = AudioFrame(format="s16", layout="mono", samples=AUDIO_SAMPLES)
        frame.planes[0].update(bytes(samples))
        frame.sample_rate = AUDIO_RATE
        frame.pts = self._sent
        frame.time_base = fractions.Fraction(1, AUDIO_RATE)
        self._sent += AUDIO_SAMPLES
        return frame


class PatternTrack(MediaStreamTrack):
    kind = "video"

    def __init__(self, width=320, height=240):
        super().__init__()
        self.width, self.height = width, height
        self._start = None
        self._count = 0

    async def recv(self):
        if self._start is None:
            self._start = time.time()
        wait = self._start + self._count / FPS - time.time()
        if wait > 0:
            await asyncio.sleep(wait)
        w, h, n = self.width, self.height, self._count
        box = (n * 4) % (w - 40)
        luma = bytearray(w * h)
        for y in range(h):
            row = y * w
            shade = (y * 255 // h) & 0xFF
            luma[row:row + w] = bytes([shade]) * w
            if 100 <= y < 140:
                luma[row + box:row + box + 40] = b"\xeb" * 40
        frame = VideoFrame(width=w, height=h, format="yuv420p")
        frame.planes[0].update(bytes(luma))
        frame.planes[1].update(bytes([90]) * (w // 2 * h // 2))
        frame.planes[2].update(bytes([160]) * (w // 2 * h // 2))
        frame.pts = n * (VIDEO_CLOCK // FPS)
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        self._count += 1
        return frame


def emit(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--role", choices=["offer", "answer"], required=True)
    parser.add_argument("--duration", type=float, default=20)
    args = parser.parse_args()

    pc = RTCPeerConnection()
    counts = {"audio_frames": 0, "video_frames": 0, "video_width": 0, "video_height": 0}

    @pc.on("track")
    def on_track(track):
        async def consume():
            while True:
                try:
                    frame = await track.recv()
                except Exception:
                    return
                if track.kind == "audio":
                    counts["audio_frames"] += 1
                else:
                    counts["video_frames"] += 1
                    counts["video_width"], counts["video_height"] = frame.width, frame.height
        asyncio.ensure_future(consume())

    pc.addTrack(ToneTrack())
    pc.addTrack(PatternTrack())

    loop = asyncio.get_event_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    if args.role == "offer":
        await pc.setLocalDescription(await pc.createOffer())
        emit({"type": "offer", "sdp": pc.localDescription.sdp})

    async def read_messages():
        while True:
            line = await reader.readline()
            if not line:
                return
            try:
                message = json.loads(line)
            except ValueError:
                emit({"type": "error", "message": "bad json"})
                continue
            kind = message.get("type")
            if kind in ("offer", "answer"):
                await pc.setRemoteDescription(RTCSessionDescription(sdp=message["sdp"], type=kind))
                if kind == "offer":
                    await pc.setLocalDescription(await pc.createAnswer())
                    emit({"type": "answer", "sdp": pc.localDescription.sdp})
            elif kind == "candidate":
                text = message.get("candidate", "")
                if not text:
                    continue
                if text.startswith("candidate:"):
                    text = text[len("candidate:"):]
                candidate = candidate_from_sdp(text)
                candidate.sdpMid = message.get("sdpMid")
                candidate.sdpMLineIndex = message.get("sdpMLineIndex")
                await pc.addIceCandidate(candidate)
            elif kind == "quit":
                return

    reading = asyncio.ensure_future(read_messages())
    deadline = time.time() + args.duration
    while time.time() < deadline and not reading.done():
        await asyncio.sleep(0.25)
        emit({
            "type": "stats",
            "connection": pc.connectionState,
            "ice": pc.iceConnectionState,
            **counts,
        })
    emit({"type": "done", "connection": pc.connectionState, **counts})
    await pc.close()


if __name__ == "__main__":
    asyncio.run(main())
