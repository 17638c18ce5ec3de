"""Reads Janus's plaintext capture of one handle (admin API `start_pcap`): RTP and RTCP as Janus
saw them, incoming after SRTP decryption and outgoing before encryption. Janus writes each
packet in a made-up Ethernet/IPv4/UDP frame: incoming from 10.1.1.1:1000, outgoing from
10.2.2.2:2000. Its retransmissions (already encrypted when sent) are not in the capture.

Nothing here depends on Janus's code: RTP per RFC 3550 5.1, RTCP per RFC 3550 6.4 and RFC 4585
6.1-6.3, the VP8 payload descriptor per RFC 7741 4.2.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from pathlib import Path

RTCP_NAMES = {192: "FIR(2032)", 200: "SR", 201: "RR", 202: "SDES", 203: "BYE", 204: "APP", 205: "RTPFB",
              206: "PSFB", 207: "XR"}


@dataclass
class ReportBlock:
    ssrc: int
    fraction_lost: int
    cumulative_lost: int
    highest_sequence: int
    jitter: int
    lsr: int
    dlsr: int


@dataclass
class RTCPPart:
    """One packet of a compound RTCP packet."""
    packet_type: int
    count: int  # reception report count, or FMT for feedback
    sender_ssrc: int
    media_ssrc: int | None = None
    report_blocks: list[ReportBlock] = field(default_factory=list)
    nacked: list[int] = field(default_factory=list)
    length: int = 0

    @property
    def name(self) -> str:
        if self.packet_type == 205:
            return {1: "NACK", 15: "TWCC"}.get(self.count, f"RTPFB/{self.count}")
        if self.packet_type == 206:
            return {1: "PLI", 4: "FIR", 15: "REMB/AFB"}.get(self.count, f"PSFB/{self.count}")
        return RTCP_NAMES.get(self.packet_type, str(self.packet_type))

    def describe(self) -> str:
        text = f"{self.name}(ssrc={self.sender_ssrc}"
        if self.media_ssrc is not None:
            text += f", media={self.media_ssrc}"
        if self.report_blocks:
            text += ", blocks=[" + ", ".join(str(b.ssrc) for b in self.report_blocks) + "]"
        if self.nacked:
            text += f", {len(self.nacked)} seqs"
        return text + ")"


@dataclass
class RTCPCompound:
    time: float
    incoming: bool
    parts: list[RTCPPart]

    def describe(self) -> str:
        return " + ".join(part.describe() for part in self.parts)


@dataclass
class RTPPacket:
    time: float
    incoming: bool
    ssrc: int
    payload_type: int
    sequence: int
    timestamp: int
    marker: bool
    payload: bytes


def parse_rtcp(data: bytes) -> list[RTCPPart]:
    parts = []
    offset = 0
    while offset + 8 <= len(data):
        first, packet_type, length_words = struct.unpack_from("!BBH", data, offset)
        if first >> 6 != 2:
            break
        size = (length_words + 1) * 4
        body = data[offset:offset + size]
        count = first & 0x1F
        sender = struct.unpack_from("!I", body, 4)[0] if len(body) >= 8 else 0
        part = RTCPPart(packet_type, count, sender, length=size)
        blocks_at = {200: 28, 201: 8}.get(packet_type)
        if blocks_at is not None:
            for index in range(count):
                at = blocks_at + 24 * index
                if at + 24 > len(body):
                    break
                ssrc, lost_word, highest, jitter, lsr, dlsr = struct.unpack_from("!IIIIII", body, at)
                cumulative = lost_word & 0xFFFFFF
                if cumulative & 0x800000:
                    cumulative -= 1 << 24
                part.report_blocks.append(ReportBlock(ssrc, lost_word >> 24, cumulative, highest, jitter, lsr, dlsr))
        elif packet_type in (205, 206) and len(body) >= 12:
            part.media_ssrc = struct.unpack_from("!I", body, 8)[0]
            if packet_type == 205 and count == 1:
                for at in range(12, len(body) - 3, 4):
                    pid, blp = struct.unpack_from("!HH", body, at)
                    part.nacked.append(pid)
                    part.nacked.extend((pid + bit + 1) & 0xFFFF for bit in range(16) if blp >> bit & 1)
        parts.append(part)
        offset += size
    return parts


def parse_rtp(data: bytes, at: float, incoming: bool) -> RTPPacket | None:
    if len(data) < 12:
        return None
    first, second, sequence, timestamp, ssrc = struct.unpack_from("!BBHII", data, 0)
    offset = 12 + 4 * (first & 0x0F)
    if first & 0x10 and len(data) >= offset + 4:
        words = struct.unpack_from("!H", data, offset + 2)[0]
        offset += 4 + 4 * words
    end = len(data)
    if first & 0x20 and end > offset:
        end -= data[-1]
    return RTPPacket(at, incoming, ssrc, second & 0x7F, sequence, timestamp, bool(second & 0x80),
                     bytes(data[offset:end]))


def vp8_starts_keyframe(payload: bytes) -> bool:
    """The packet starts a VP8 keyframe: S=1, PID=0 and the frame tag's P bit clear."""
    if not payload:
        return False
    descriptor = payload[0]
    if not descriptor & 0x10 or descriptor & 0x07:
        return False
    offset = 1
    if descriptor & 0x80:
        if len(payload) < 2:
            return False
        extension = payload[1]
        offset = 2
        if extension & 0x80:
            offset += 2 if len(payload) > offset and payload[offset] & 0x80 else 1
        if extension & 0x40:
            offset += 1
        if extension & 0x30:
            offset += 1
    return len(payload) > offset and payload[offset] & 0x01 == 0


@dataclass
class Capture:
    rtp: list[RTPPacket]
    rtcp: list[RTCPCompound]

    def rtp_from(self, ssrc: int, incoming: bool) -> list[RTPPacket]:
        return [p for p in self.rtp if p.ssrc == ssrc and p.incoming == incoming]

    def incoming_rtcp(self) -> list[RTCPCompound]:
        return [c for c in self.rtcp if c.incoming]

    def outgoing_rtcp(self) -> list[RTCPCompound]:
        return [c for c in self.rtcp if not c.incoming]


def read_pcap(path: Path) -> Capture:
    data = Path(path).read_bytes()
    if len(data) < 24:
        return Capture([], [])
    magic = struct.unpack_from("<I", data, 0)[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    nanos = magic in (0xA1B23C4D, 0x4D3CB2A1)
    offset = 24
    rtp, rtcp = [], []
    while offset + 16 <= len(data):
        seconds, fraction, included, _ = struct.unpack_from(endian + "IIII", data, offset)
        offset += 16
        frame = data[offset:offset + included]
        offset += included
        if len(frame) < 42:
            continue
        at = seconds + fraction / (1e9 if nanos else 1e6)
        incoming = frame[14 + 12:14 + 16] == bytes([10, 1, 1, 1])
        payload = frame[42:]
        if len(payload) >= 2 and 192 <= payload[1] <= 223:
            rtcp.append(RTCPCompound(at, incoming, parse_rtcp(payload)))
        else:
            packet = parse_rtp(payload, at, incoming)
            if packet:
                rtp.append(packet)
    return Capture(rtp, rtcp)


@dataclass
class Residual:
    """What the probe's own report blocks about one of Janus's SSRCs say was still missing, over
    the whole call or between two settled blocks: lost of expected, and the two blocks' times."""
    lost: int
    expected: int
    since: float | None = None
    until: float | None = None

    @property
    def fraction(self) -> float:
        return self.lost / max(1, self.expected)

    def describe(self, origin: float = 0) -> str:
        window = ("the whole call" if self.since is None
                  else f"the blocks at {self.since - origin:.2f} .. {self.until - origin:.2f} s")
        return f"{self.lost} of {self.expected} ({self.fraction:.2%}) over {window}"


def _extend(sequence: int, near: int) -> int:
    """A 16-bit sequence number as the extended one closest to `near` (RFC 3550 A.1)."""
    value = (near & ~0xFFFF) | sequence
    if value - near > 0x8000:
        value -= 0x10000
    elif near - value > 0x8000:
        value += 0x10000
    return value


def residual_loss(capture: Capture, ssrc: int, since: float | None = None,
                  repairable_from: float | None = None) -> Residual | None:
    """The probe's view of Janus's stream `ssrc` after repair, from the report blocks the probe
    sent about it (cumulative lost, extended highest sequence number).

    Without `since`: the last block, counted from Janus's first packet (what a receiver reports
    at the end of the call, including what it is still asking for).

    With `since` (a capture time): the difference between two settled blocks, the first one sent
    at or after `since` and the last one. A block is settled when the probe sends no NACK, in its
    own compound or later, about a sequence number the block covers, counting only packets Janus
    sent from `repairable_from` on (default `since`; earlier ones it never kept, so nothing more
    can happen to them): so no repair of a packet inside the window lands outside it, and no
    packet the probe is still asking for is counted either way."""
    sent = capture.rtp_from(ssrc, incoming=False)
    blocks = [(c.time, b) for c in capture.incoming_rtcp() for part in c.parts for b in part.report_blocks
              if b.ssrc == ssrc]
    if not sent or not blocks:
        return None
    last = blocks[-1][1]
    if since is None:
        first = _extend(sent[0].sequence, last.highest_sequence)
        return Residual(last.cumulative_lost, last.highest_sequence - first + 1)
    from_time = since if repairable_from is None else repairable_from
    first_kept = next((p.sequence for p in sent if p.time >= from_time), None)
    if first_kept is None:
        return None
    nacks = [(c.time, seq) for c in capture.incoming_rtcp() for part in c.parts
             if part.name == "NACK" and part.media_ssrc == ssrc for seq in part.nacked]

    def settled(at: float, block: ReportBlock) -> bool:
        low = _extend(first_kept, block.highest_sequence)
        return not any(t >= at and low <= _extend(seq, block.highest_sequence) <= block.highest_sequence
                       for t, seq in nacks)

    candidates = [(at, block) for at, block in blocks if at >= since and settled(at, block)]
    if len(candidates) < 2:
        return None
    (start_at, start), (end_at, end) = candidates[0], candidates[-1]
    return Residual(end.cumulative_lost - start.cumulative_lost,
                    end.highest_sequence - start.highest_sequence, start_at, end_at)
