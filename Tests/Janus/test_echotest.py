"""kaamos-tui against Janus's EchoTest: media both ways, NACK repair, PLI to keyframe.

Janus echoes the probe's own audio and video back to it, so the probe measures its own stream
after one trip through Janus. The NACK and PLI tests read three sources: the probe's report,
Janus's admin `handle_info` (NACKs Janus counted on each medium), and Janus's own plaintext
capture (which RTCP the probe sent, which feedback Janus sent back, where keyframes are), plus
Janus's debug log (retransmissions: handle_info has no counter of those Janus sends).
"""

from __future__ import annotations

import re

import pytest

from rtp_capture import Residual, residual_loss, vp8_starts_keyframe

DURATION = 8
LOSS = 5
# The NACK runs are longer: Janus repairs nothing in their first second or two (see
# test_residual_video_loss_after_repair_is_small), and the residual is measured over the rest.
REPAIR_DURATION = 12
PLI_LOSS = 15


def video_payload_type(sdp: str) -> int | None:
    for line in (sdp or "").splitlines():
        match = re.match(r"a=rtpmap:(\d+) VP8/90000", line, re.IGNORECASE)
        if match:
            return int(match.group(1))
    return None


def echoed_keyframes(s) -> list[float]:
    """When Janus sent the probe the first packet of a VP8 keyframe (the echo of one)."""
    video = s.medium("video")
    assert video.local_ssrc, s.summary()
    return [p.time for p in s.capture.rtp_from(video.local_ssrc, incoming=False) if vp8_starts_keyframe(p.payload)]


def residual_video_loss(s, since: float | None = None, repairable_from: float | None = None) -> Residual:
    """The probe's own view of the echoed video, from the report blocks it sent about Janus's
    video SSRC: its last block over the whole call, or between settled blocks from `since` on
    (rtp_capture.residual_loss)."""
    video = s.medium("video")
    assert s.capture.rtp_from(video.local_ssrc, incoming=False), f"Janus sent no video to the probe\n{s.summary()}"
    residual = residual_loss(s.capture, video.local_ssrc, since, repairable_from)
    assert residual, (f"the probe sent no (settled) report block about Janus's video SSRC {video.local_ssrc}"
                      + (f" after {since:.3f}" if since else "") + f"\n{s.summary()}")
    return residual


def test_media_flows_both_ways_through_the_echo(scenario):
    s = scenario(0, DURATION)
    report = s.report
    assert report, f"the probe printed no report (exit {s.probe_exit}): {s.probe_stderr}\n{s.summary()}"
    assert report.get("ok") is True and s.probe_exit == 0, f"{report.get('errors')} {s.probe_stderr}\n{s.summary()}"
    assert report["join"]["first_audio_ms"] is not None and report["join"]["first_video_ms"] is not None, report
    assert (report.get("video_fps") or 0) >= 20, f"decoded video at {report.get('video_fps')} fps\n{s.summary()}"
    audio, video = s.medium("audio"), s.medium("video")
    for medium in (audio, video):
        # Janus received the probe's packets and sent them back.
        assert medium.stats_in.get("packets", 0) > 0, s.summary()
        assert medium.stats_out.get("packets", 0) > 0, s.summary()
        assert len(s.capture.rtp_from(medium.peer_ssrc, incoming=True)) > 0, s.summary()
        assert len(s.capture.rtp_from(medium.local_ssrc, incoming=False)) > 0, s.summary()
    assert audio.stats_in["packets"] >= 40 * DURATION * 0.8, s.summary()
    assert video.stats_in["packets"] >= 20 * DURATION * 0.8, s.summary()
    assert (report.get("loss_pct") or 0) < 1, s.summary()
    assert echoed_keyframes(s), f"no VP8 keyframe was echoed\n{s.summary()}"


def test_janus_counts_the_probes_video_nacks(scenario):
    s = scenario(LOSS, REPAIR_DURATION)
    assert (s.report.get("nacks_sent") or 0) > 0, f"the probe sent no NACK at {LOSS}% loss\n{s.summary()}"
    video = s.medium("video")
    assert video.do_nacks, f"Janus negotiated no NACK on video\n{s.summary()}"
    nacks = [part for c in s.capture.incoming_rtcp() for part in c.parts if part.name == "NACK"]
    assert nacks, f"no NACK reached Janus (capture)\n{s.summary()}"
    assert video.stats_in.get("nacks", 0) > 0, (
        f"the probe sent {s.report.get('nacks_sent')} NACKs ({len(nacks)} in Janus's capture, media SSRC "
        f"{sorted({p.media_ssrc for p in nacks})}, sender SSRC {sorted({p.sender_ssrc for p in nacks})}), "
        f"Janus counted {video.stats_in.get('nacks')} on video\n{s.summary()}")


def test_janus_retransmits_what_the_probe_nacked(scenario):
    s = scenario(LOSS, REPAIR_DURATION)
    scheduled = s.log_lines("for retransmission due to NACK")
    summaries = [line for line in s.log_lines("packets due to NACK") if "video" in line]
    assert scheduled or summaries, (
        f"Janus retransmitted nothing: 0 'Scheduling ... for retransmission' lines, 0 video "
        f"'Retransmitted ... due to NACK' lines, probe NACKs {s.report.get('nacks_sent')}\n{s.summary()}")


def test_residual_video_loss_after_repair_is_small(scenario):
    """Counted from when Janus keeps what it sends. Janus 1.1.2 keeps nothing for retransmission
    until it has an RTT for the medium, which it computes from an RR of ours that carries the LSR
    of its own SR (it sends the first about 1 s in): a packet lost before then cannot come back,
    whatever the client does (NACK-REPAIR.md). That start is checked too: it must leave most of
    the call to measure."""
    s = scenario(LOSS, REPAIR_DURATION)
    whole = residual_video_loss(s)
    video = s.medium("video")
    origin = s.capture.rtp_from(video.local_ssrc, incoming=False)[0].time
    on_at = s.nack_queue_on_at("video")
    assert on_at is not None, (f"Janus never kept video for retransmission (handle_info nack-queue-ms stayed 0): "
                               f"it computed no RTT from the probe's RRs; whole call {whole.describe()}\n{s.summary()}")
    residual = residual_video_loss(s, since=on_at, repairable_from=s.nack_queue_off_at("video"))
    context = (f"Janus's video retransmission buffer was on {on_at - origin:.2f} s after its first video packet; "
               f"residual loss {residual.describe(origin)}; whole call {whole.describe()}; {LOSS}% injected loss")
    assert residual.expected >= 300, f"too little of the call left to measure: {context}\n{s.summary()}"
    assert residual.fraction < 0.005, f"video packets still missing at the probe: {context}\n{s.summary()}"


def probe_plis(s) -> list[float]:
    return [c.time for c in s.capture.incoming_rtcp() for part in c.parts if part.name == "PLI"]


def test_a_pli_yields_a_keyframe(scenario):
    """The whole loop: the probe's PLI, Janus's PLI to the probe's sender, the probe's keyframe,
    its echo."""
    s = scenario(PLI_LOSS, DURATION)
    plis = probe_plis(s)
    assert plis, f"the probe sent no PLI at {PLI_LOSS}% loss\n{s.summary()}"
    keyframes = echoed_keyframes(s)
    first = keyframes[0] if keyframes else None
    # Keyframes after the first come only on request (the encoder's own interval is 100 s).
    answered = [t for t in plis if any(t < k <= t + 1.0 for k in keyframes if k != first)]
    assert answered, (f"{len(plis)} PLIs from the probe, {max(0, len(keyframes) - 1)} keyframes after the first: "
                      f"no PLI was followed by a keyframe within 1 s\n{s.summary()}")


def test_janus_relays_the_pli_for_the_probes_video_stream(scenario):
    """EchoTest hands a PLI to the m-line Janus filed it under; the PLI Janus then sends names
    that m-line's sender. A keyframe for a PLI that names the audio SSRC is an accident of our
    own receiver (it makes a keyframe for any PLI); a browser ignores such a PLI."""
    s = scenario(PLI_LOSS, DURATION)
    video, audio = s.medium("video"), s.medium("audio")
    plis = probe_plis(s)
    assert plis, f"the probe sent no PLI at {PLI_LOSS}% loss\n{s.summary()}"
    relayed = [part.media_ssrc for c in s.capture.outgoing_rtcp() for part in c.parts if part.name == "PLI"]
    for_video = [ssrc for ssrc in relayed if ssrc == video.peer_ssrc]
    for_audio = [ssrc for ssrc in relayed if ssrc == audio.peer_ssrc]
    assert for_video and not for_audio, (
        f"{len(plis)} PLIs from the probe; Janus sent {len(for_video)} PLIs for the probe's video SSRC "
        f"{video.peer_ssrc} and {len(for_audio)} for its audio SSRC {audio.peer_ssrc}\n{s.summary()}")
