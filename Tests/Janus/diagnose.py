"""What Janus made of the probe's RTCP in one scenario (an artifacts/<label> folder).

    .venv/bin/python Tests/Janus/diagnose.py Tests/Janus/artifacts/loss5-8s

Prints the figures (packets each way per medium, the probe's report, Janus's counters), every
distinct layout of compound RTCP the probe sent with the medium Janus files it under and what
Janus then does with it, the feedback Janus sent the probe, the lines of Janus's debug log
that say so, and what became of the video NACKs (`nack_repair`). The filing rule applied here is Janus 1.1.2's, as its ice.c and rtcp.c show it
(described in RTCP-LAYOUT.md): the sender SSRC of the first SR, RR, RTPFB, PSFB or XR in the
compound, looked up among both sides' SSRCs of every m-line; when unknown, the SSRC of the first
report block of the first SR/RR with one, or the media SSRC of the first RTPFB (never a PSFB's).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rtp_capture import RTCPCompound, read_pcap, residual_loss, vp8_starts_keyframe  # noqa: E402


def media_of(info: dict) -> list[dict]:
    result = []
    for value in ((info.get("webrtc") or {}).get("media") or {}).values():
        if value.get("type") in ("audio", "video"):
            ssrc = value.get("ssrc") or {}
            result.append({"kind": value["type"], "mid": value.get("mid"), "janus": ssrc.get("ssrc"),
                           "peer": ssrc.get("ssrc-peer"), "do_nacks": bool(value.get("do_nacks")),
                           "stats": value.get("stats") or {}, "rtcp": (value.get("rtcp") or {}).get("main") or {}})
    return result


def filed_under(compound: RTCPCompound, media: list[dict]) -> tuple[dict | None, str]:
    by_ssrc = {}
    for medium in media:
        for key in ("janus", "peer"):
            if medium[key]:
                by_ssrc[medium[key]] = medium
    first = next((p for p in compound.parts if p.packet_type in (200, 201, 205, 206, 207)), None)
    if first and first.sender_ssrc in by_ssrc:
        return by_ssrc[first.sender_ssrc], f"sender SSRC {first.sender_ssrc} of the first {first.name}"
    for part in compound.parts:
        if part.packet_type in (200, 201) and part.report_blocks:
            ssrc = part.report_blocks[0].ssrc
            return by_ssrc.get(ssrc), f"first report block's SSRC {ssrc} (sender SSRC unknown)"
        if part.packet_type == 205 and part.media_ssrc is not None:
            return by_ssrc.get(part.media_ssrc), f"RTPFB media SSRC {part.media_ssrc} (sender SSRC unknown)"
    return None, "no SSRC Janus knows: dropped ('Unknown SSRC, dropping RTCP packet' when non-zero)"


def consequences(compound: RTCPCompound, medium: dict | None, media: list[dict]) -> list[str]:
    if medium is None:
        return ["dropped before any processing"]
    out = []
    peer_of = {m["peer"]: m for m in media}
    janus_of = {m["janus"]: m for m in media}
    for part in compound.parts:
        if part.name == "NACK":
            target = janus_of.get(part.media_ssrc)
            if not medium["do_nacks"]:
                out.append(f"NACK for {target['kind'] if target else '?'} ignored: the {medium['kind']} m-line "
                           "did not negotiate nack, so nothing is counted or retransmitted")
            elif target is not medium:
                out.append(f"NACK looked up in the {medium['kind']} retransmission buffer, not the "
                           f"{target['kind'] if target else '?'} one")
            else:
                out.append("NACK counted and answered from the right buffer")
        elif part.name == "PLI":
            target = janus_of.get(part.media_ssrc)
            out.append(f"PLI for {target['kind'] if target else '?'} handed to the plugin as {medium['kind']} "
                       f"RTCP: the echotest's PLI goes back with media SSRC {medium['peer']} "
                       f"(the probe's {peer_of.get(medium['peer'], {}).get('kind', '?')} SSRC)")
        elif part.packet_type == 200:
            expected = medium["peer"]
            if part.sender_ssrc != expected:
                out.append(f"SR of {part.sender_ssrc} ({peer_of.get(part.sender_ssrc, {}).get('kind', '?')}) is not "
                           f"the {medium['kind']} sender {expected}: the whole compound is dropped before the plugin "
                           f"('Incoming RTCP SR SSRC ... does not match the expected one')")
            if part.report_blocks:
                out.append(f"SR's {len(part.report_blocks)} report block(s) not read at all (Janus reads reception "
                           "reports only from RR packets)")
        elif part.packet_type == 201:
            if len(part.report_blocks) > 1:
                out.append(f"RR's blocks after the first ignored ({len(part.report_blocks) - 1})")
            if part.report_blocks:
                about = janus_of.get(part.report_blocks[0].ssrc)
                if about is not medium:
                    out.append(f"RR block about {about['kind'] if about else '?'} credited to {medium['kind']}")
    return out or ["accepted"]


def main(folder: Path) -> None:
    info = json.loads((folder / "handle_info.json").read_text() or "{}")
    report = json.loads((folder / "probe.json").read_text().strip().splitlines()[-1] or "{}")
    capture = read_pcap(folder / "janus" / "captures" / "handle.pcap")
    log = (folder / "janus" / "janus.log").read_text(errors="replace")
    media = media_of(info)

    print(f"== {folder.name}")
    print(f"probe: ok={report.get('ok')} video_fps={report.get('video_fps')} loss_pct={report.get('loss_pct')} "
          f"nacks_sent={report.get('nacks_sent')} freezes={report.get('freezes')} rtt_ms={report.get('rtt_ms')}")
    for m in media:
        inbound = capture.rtp_from(m["peer"], incoming=True)
        outbound = capture.rtp_from(m["janus"], incoming=False)
        line = (f"{m['kind']:5} mid {m['mid']}: probe->janus {len(inbound)} RTP (ssrc {m['peer']}), "
                f"janus->probe {len(outbound)} RTP (ssrc {m['janus']}); handle_info in={m['stats'].get('in')} "
                f"out={m['stats'].get('out')} rtcp={m['rtcp']}")
        if m["kind"] == "video":
            keyframes = [p for p in inbound if vp8_starts_keyframe(p.payload)]
            line += f"; keyframes from the probe: {len(keyframes)}"
        print(line)

    shapes = Counter()
    examples = {}
    for compound in capture.incoming_rtcp():
        medium, why = filed_under(compound, media)
        shape = " + ".join(p.name + (f"[{len(p.report_blocks)} blocks]" if p.packet_type in (200, 201) else "")
                           for p in compound.parts)
        key = (shape, medium["kind"] if medium else None)
        shapes[key] += 1
        examples.setdefault(key, (compound, medium, why))
    print("\nRTCP from the probe, by layout:")
    for (shape, kind), count in shapes.most_common():
        compound, medium, why = examples[(shape, kind)]
        print(f"  {count:4}x {shape}\n        e.g. {compound.describe()}\n        filed under {kind} ({why})")
        for consequence in consequences(compound, medium, media):
            print(f"        -> {consequence}")

    print("\nRTCP Janus sent the probe:")
    out = Counter()
    for compound in capture.outgoing_rtcp():
        for part in compound.parts:
            target = next((m["kind"] for m in media if part.media_ssrc in (m["peer"],)), None)
            out[(part.name, part.sender_ssrc, part.media_ssrc, target)] += 1
    for (name, sender, media_ssrc, target), count in out.most_common():
        print(f"  {count:4}x {name} sender {sender} media {media_ssrc}" + (f" (the probe's {target})" if target else ""))

    print("\nJanus's log:")
    patterns = [r"Got (audio|video) RTCP \(\d+ bytes\)", r"Incoming RTCP SR SSRC", r"Fixing SSRCs",
                r"for retransmission due to NACK", r"packets due to NACK", r"Unknown SSRC, dropping RTCP",
                r"Just got some NACKS", r"Got a VP8 key frame"]
    for pattern in patterns:
        lines = [line for line in log.splitlines() if re.search(pattern, line)]
        if lines:
            normalized = Counter(re.sub(r"\(\d+ bytes\)", "(n bytes)", re.sub(r"^\[[^]]*\] ", "", l)) for l in lines)
            for text, count in normalized.most_common(3):
                print(f"  {count:4}x {text}")
        else:
            print(f"     0x /{pattern}/")
    nack_repair(folder, capture, media, log)


def nack_repair(folder: Path, capture, media: list[dict], log: str) -> None:
    """Janus 1.1.2's answer to each video NACK, read from its log (ice.c, the NACK branch of the
    RTCP handler): `Just got some NACKS` and then, per sequence number, `Scheduling N for
    retransmission`, `Can't retransmit packet N, we don't have it` (not, or no longer, in the
    buffer) or `Packet N was retransmitted just T ago, skipping` (T is in microseconds: a repeat
    within 200 ms of its retransmission); nothing at all when there is no buffer yet, which is
    the case until the medium's `nack-queue-ms` is set from an RTT computed from our RR."""
    video = next((m for m in media if m["kind"] == "video"), None)
    sent = capture.rtp_from(video["janus"], incoming=False) if video else []
    if not sent:
        return
    t0 = sent[0].time
    sent_at = {p.sequence: p.time for p in sent}
    nacked: dict[int, list[float]] = {}
    for compound in capture.incoming_rtcp():
        for part in compound.parts:
            if part.name == "NACK" and part.media_ssrc == video["janus"]:
                for seq in part.nacked:
                    nacked.setdefault(seq, []).append(compound.time)
    lines = log.splitlines()
    answers = Counter()
    scheduled: Counter = Counter()
    for index, line in enumerate(lines):
        if "Just got some NACKS" not in line:
            continue
        outcomes = []
        for following in lines[index + 1:index + 40]:
            if "Got an RTCP packet" in following or "Just got some NACKS" in following:
                break
            match = re.search(r"Scheduling (\d+) for retransmission", following)
            if match:
                scheduled[int(match.group(1))] += 1
                outcomes.append("Scheduling N for retransmission")
            elif "we don't have it" in following:
                outcomes.append("Can't retransmit, we don't have it")
            elif "retransmitted just" in following:
                outcomes.append("retransmitted less than 200 ms ago, skipping")
        answers.update(outcomes or ["nothing (no retransmission buffer yet)"])
    first_lsr = next((c.time for c in capture.incoming_rtcp() for part in c.parts for b in part.report_blocks
                      if b.ssrc == video["janus"] and b.lsr), None)
    first_sr = next((c.time for c in capture.outgoing_rtcp() for part in c.parts
                     if part.packet_type == 200 and part.sender_ssrc == video["janus"]), None)
    on_at = off_at = None
    queue_file = folder / "nack-queue.json"
    if queue_file.exists():
        samples = json.loads(queue_file.read_text())
        on_at = next((at for at, queues in samples if queues.get("video", 0) > 0), None)
        off_at = next((at for at, queues in reversed(samples) if on_at is not None and at < on_at), None)

    def rel(t, otherwise="never"):
        return f"{t - t0:.2f} s" if t is not None else otherwise
    print("\nVideo NACK repair (times from Janus's first video packet):")
    print(f"  Janus's first video SR {rel(first_sr)}; the probe's first video report block with an LSR {rel(first_lsr)}; "
          f"handle_info first shows a video nack-queue-ms {rel(on_at, 'never' if queue_file.exists() else 'not sampled')}")
    print(f"  {len(nacked)} sequence numbers NACKed, {sum(len(v) for v in nacked.values())} times; Janus's answers "
          "(per sequence number; per NACK packet when it did nothing):")
    for answer, count in answers.most_common():
        print(f"    {count:4}x {answer}")
    never = sorted(seq for seq in nacked if seq not in scheduled)
    again = sorted(seq for seq in scheduled if seq in nacked and max(nacked[seq]) - min(nacked[seq]) > 0.005)
    print(f"  never scheduled: {len(never)} " + (f"(sent {rel(sent_at.get(never[0]))} .. {rel(sent_at.get(never[-1]))})"
                                                 if never else ""))
    print(f"  scheduled, then NACKed again (the retransmission lost?): {again}")
    whole = residual_loss(capture, video["janus"])
    print(f"  residual loss at the probe: {whole.describe() if whole else '?'}")
    if on_at is not None:
        after = residual_loss(capture, video["janus"], since=on_at, repairable_from=off_at)
        print(f"  ... once Janus kept video for retransmission: {after.describe(t0) if after else '?'}")


if __name__ == "__main__":
    for argument in sys.argv[1:] or sorted(str(p) for p in (Path(__file__).parent / "artifacts").iterdir()):
        main(Path(argument))
        print()
