#!/usr/bin/env python3
"""Headless Chromium in a seat: joins a room through the server's web page with the fake camera
and microphone, prints one JSON line {"connected": ...} on stdout when its media connection is up,
samples getStats() every second for --duration seconds from then, and writes the samples and a
summary as JSON to --out. Run it inside the seat's namespace, with the project's venv (selenium):

    ip netns exec kaamos-seat-1 .venv/bin/python Tests/Network/chromium_seat.py \\
        --url http://10.77.1.1:PORT/room/ROOM?name=chromium --duration 20 --out chromium.json

chromedriver, Chromium and this script all run in the namespace, so they talk over its own
loopback and only the page's traffic crosses the emulated link. The origin is http and not
localhost, so it is named to --unsafely-treat-insecure-origin-as-secure (getUserMedia needs a
secure context).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from urllib.parse import urlsplit

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get("KAAMOS_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KAAMOS_CHROMEDRIVER", "/usr/bin/chromedriver")

FLAGS = [
    "--headless=new",
    "--use-fake-device-for-media-stream=fps=30",  # the probe's rate; Chromium's fake default is 20
    "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--window-size=1280,800",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]

# Keeps every RTCPeerConnection the page makes, so getStats() can be read whole (the page's own
# kaamos.stats() sums only a few counters).
RECORDER = """
(() => {
  const Original = window.RTCPeerConnection;
  window.__kaamosPCs = [];
  window.RTCPeerConnection = class extends Original {
    constructor(...args) { super(...args); window.__kaamosPCs.push(this); }
  };
})();
"""

SAMPLE = """
const pcs = window.__kaamosPCs || [];
const pc = pcs[pcs.length - 1];
if (!pc) return null;
const report = await pc.getStats();
const out = {t: performance.now() / 1000, state: window.kaamos ? window.kaamos.state : null,
             inbound: [], outbound: [], remoteInbound: [], pair: null};
const pick = (e, keys) => Object.fromEntries(keys.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]));
let selected = null;
report.forEach((e) => { if (e.type === 'transport' && e.selectedCandidatePairId) selected = e.selectedCandidatePairId; });
report.forEach((e) => {
  if (e.type === 'inbound-rtp') {
    out.inbound.push(pick(e, ['kind', 'ssrc', 'framesDecoded', 'framesPerSecond', 'packetsReceived', 'packetsLost',
      'freezeCount', 'totalFreezesDuration', 'jitterBufferDelay', 'jitterBufferEmittedCount', 'jitter',
      'bytesReceived', 'nackCount', 'frameWidth', 'frameHeight', 'concealedSamples', 'totalSamplesReceived',
      'fecPacketsReceived', 'retransmittedPacketsReceived']));
  } else if (e.type === 'outbound-rtp') {
    out.outbound.push(pick(e, ['kind', 'ssrc', 'rid', 'bytesSent', 'headerBytesSent', 'retransmittedBytesSent',
      'packetsSent', 'targetBitrate', 'framesPerSecond', 'frameWidth', 'frameHeight', 'qualityLimitationReason',
      'framesEncoded', 'nackCount', 'active']));
  } else if (e.type === 'remote-inbound-rtp') {
    out.remoteInbound.push(pick(e, ['kind', 'fractionLost', 'roundTripTime', 'packetsLost']));
  } else if (e.type === 'candidate-pair' && (e.id === selected || (!selected && e.nominated && e.state === 'succeeded'))) {
    out.pair = pick(e, ['currentRoundTripTime', 'availableOutgoingBitrate', 'bytesSent', 'bytesReceived']);
  }
});
return out;
"""


def js_async(driver, body: str):
    script = ("const done = arguments[arguments.length - 1];"
              f"(async () => {{ {body} }})().then(done, (e) => done({{__error: String(e)}}));")
    value = driver.execute_async_script(script)
    if isinstance(value, dict) and "__error" in value:
        raise RuntimeError(f"page script failed: {value['__error']}")
    return value


def streams(sample: dict, key: str, kind: str) -> list[dict]:
    return [s for s in sample.get(key, []) if s.get("kind") == kind]


def total(sample: dict, key: str, kind: str, field: str) -> float:
    return sum(s.get(field, 0) or 0 for s in streams(sample, key, kind))


def summarize(samples: list[dict], skip: float = 0.0) -> dict:
    """Figures between the first sample at least `skip` s after the first and the last one."""
    if len(samples) < 2:
        return {}
    t0 = samples[0]["t"]
    window = [s for s in samples if s["t"] - t0 >= skip]
    if len(window) < 2:
        return {}
    a, b = window[0], window[-1]
    seconds = b["t"] - a["t"]

    def delta(key, kind, field):
        return total(b, key, kind, field) - total(a, key, kind, field)

    def rate_kbps(key, kind, field):
        return delta(key, kind, field) * 8 / 1000 / seconds

    received_video = delta("inbound", "video", "packetsReceived")
    lost_video = delta("inbound", "video", "packetsLost")
    received_audio = delta("inbound", "audio", "packetsReceived")
    lost_audio = delta("inbound", "audio", "packetsLost")
    emitted = delta("inbound", "video", "jitterBufferEmittedCount")
    reasons: dict[str, int] = {}
    targets = []
    for s in window:
        for o in streams(s, "outbound", "video"):
            reasons[o.get("qualityLimitationReason", "?")] = reasons.get(o.get("qualityLimitationReason", "?"), 0) + 1
            if o.get("targetBitrate"):
                targets.append(o["targetBitrate"])
    last_out = streams(b, "outbound", "video")
    rtts = [s["pair"]["currentRoundTripTime"] for s in window if s.get("pair") and "currentRoundTripTime" in s["pair"]]
    return {
        "seconds": round(seconds, 2),
        "recv_video_fps": round(delta("inbound", "video", "framesDecoded") / seconds, 1),
        "recv_video_loss_pct": round(100 * lost_video / (received_video + lost_video), 2) if received_video + lost_video > 0 else None,
        "recv_audio_loss_pct": round(100 * lost_audio / (received_audio + lost_audio), 2) if received_audio + lost_audio > 0 else None,
        "recv_freezes": int(delta("inbound", "video", "freezeCount")),
        "recv_freeze_seconds": round(delta("inbound", "video", "totalFreezesDuration"), 2),
        "recv_jitter_buffer_ms": round(1000 * delta("inbound", "video", "jitterBufferDelay") / emitted, 1) if emitted > 0 else None,
        "recv_kbps": round(rate_kbps("inbound", "video", "bytesReceived") + rate_kbps("inbound", "audio", "bytesReceived"), 1),
        "sent_kbps": round(sum(rate_kbps("outbound", k, f) for k in ("video", "audio") for f in ("bytesSent", "headerBytesSent")), 1),
        "sent_video_retransmit_kbps": round(rate_kbps("outbound", "video", "retransmittedBytesSent"), 1),
        "sent_video_fps": round(delta("outbound", "video", "framesEncoded") / seconds, 1),
        "sent_video_size": (f"{last_out[0].get('frameWidth')}x{last_out[0].get('frameHeight')}" if last_out else None),
        "target_kbps_mean": round(sum(targets) / len(targets) / 1000, 1) if targets else None,
        "target_kbps_last": round(targets[-1] / 1000, 1) if targets else None,
        "quality_limitation": max(reasons, key=reasons.get) if reasons else None,
        "rtt_ms": round(1000 * sorted(rtts)[len(rtts) // 2], 1) if rtts else None,
        "nacks_sent": int(delta("inbound", "video", "nackCount")),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the room's page, e.g. http://10.77.1.1:8080/room/ID?name=chromium")
    parser.add_argument("--duration", type=float, default=20, help="seconds to sample after the media connects")
    parser.add_argument("--out", required=True, help="JSON samples and summary")
    parser.add_argument("--connect-timeout", type=float, default=40)
    parser.add_argument("--skip", type=float, default=5, help="the summary_after figures start this late")
    args = parser.parse_args()
    parts = urlsplit(args.url)
    origin = f"{parts.scheme}://{parts.netloc}"
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--unsafely-treat-insecure-origin-as-secure={origin}"]:
        options.add_argument(flag)
    result: dict = {"url": args.url, "samples": [], "errors": []}
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.set_script_timeout(30)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER})
        started = time.monotonic()
        driver.get(args.url)
        deadline = started + args.connect_timeout
        while True:
            state = driver.execute_script("return window.kaamos ? [window.kaamos.state, window.kaamos.connectionState] : null")
            if state and state[0] == "connected" and state[1] == "connected":
                break
            if time.monotonic() > deadline:
                log = driver.execute_script("return window.kaamos ? window.kaamos.log.slice(-20) : []")
                result["errors"].append(f"media not connected after {args.connect_timeout} s: {state}; log: {log}")
                print(json.dumps({"connected": False}), flush=True)
                return 1
            time.sleep(0.1)
        result["connect_s"] = round(time.monotonic() - started, 2)
        print(json.dumps({"connected": True, "connect_s": result["connect_s"]}), flush=True)
        first = time.monotonic()
        for k in range(int(args.duration) + 1):  # one sample a second, the first at connection
            time.sleep(max(0.0, first + k - time.monotonic()))
            sample = js_async(driver, SAMPLE)
            if sample:
                result["samples"].append(sample)
        result["summary"] = summarize(result["samples"])
        result["summary_after"] = summarize(result["samples"], skip=args.skip)
        result["log"] = driver.execute_script("return window.kaamos ? window.kaamos.log.slice(-40) : []")
        return 0
    except Exception as error:  # noqa: BLE001 - reported in the JSON, whatever it was
        result["errors"].append(f"{type(error).__name__}: {error}")
        return 1
    finally:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=1)
        try:
            driver.quit()
        except Exception:  # noqa: BLE001
            pass


if __name__ == "__main__":
    sys.exit(main())
