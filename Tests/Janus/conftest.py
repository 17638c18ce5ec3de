"""Fixtures for the Janus interop tests: one scenario is Janus (EchoTest only, a temporary
configuration folder), the Kaamos-to-Janus signaling bridge, and one `kaamos-tui probe` that
joins through the bridge, publishes its synthetic audio and video and receives them echoed.

While the probe runs, the scenario captures the handle's plaintext RTP/RTCP (admin `start_pcap`)
and samples the admin `handle_info`; afterwards it keeps the probe's JSON report, the last
`handle_info`, the capture and Janus's log (debug level 6 unless KAAMOS_JANUS_DEBUG says
otherwise), and when each medium's retransmission buffer came on (`nack-queue-ms` in the
samples). Scenarios are cached per (loss, duration) for the whole run, so tests that read the
same run share it. Everything a scenario leaves is in artifacts/<label>/.

Environment:
  KAAMOS_TUI          the kaamos-tui binary (default .build/debug/kaamos-tui)
  KAAMOS_JANUS        the janus binary (default: janus on PATH)
  KAAMOS_JANUS_IP     the IPv4 address Janus gathers on (default: this host's first global one)
  KAAMOS_JANUS_DEBUG  Janus's debug level (default 6: per-packet RTCP and NACK lines)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import janus_harness  # noqa: E402
import rtp_capture  # noqa: E402

ARTIFACTS = HERE / "artifacts"
KAAMOS_TUI = Path(os.environ.get("KAAMOS_TUI", ROOT / ".build" / "debug" / "kaamos-tui"))
DEBUG_LEVEL = int(os.environ.get("KAAMOS_JANUS_DEBUG", "6"))
ROOM = "JanusEcho1"


@dataclass
class Medium:
    """One m-line of Janus's handle_info: Janus's SSRC toward the client, the client's SSRC."""
    mid: str
    kind: str
    local_ssrc: int | None
    peer_ssrc: int | None
    do_nacks: bool
    stats_in: dict
    stats_out: dict
    rtcp: dict


@dataclass
class Scenario:
    label: str
    loss: float
    duration: float
    folder: Path
    report: dict
    probe_exit: int
    probe_stderr: str
    handle_info: dict
    call: dict
    capture: rtp_capture.Capture
    janus_log: str
    bridge_log: str
    media: dict[str, Medium] = field(default_factory=dict)
    # handle_info's `nack-queue-ms` per medium kind, sampled every 250 ms: (wall time, {kind: ms}).
    nack_queue: list[tuple[float, dict[str, int]]] = field(default_factory=list)

    def nack_queue_on_at(self, kind: str = "video") -> float | None:
        """When handle_info first showed a retransmission buffer for that medium (wall time, the
        capture's clock). Janus 1.1.2 stores nothing for retransmission until then: the queue's
        length starts at 0 and is first set from an RTT it computes from one of our RRs."""
        return next((at for at, queues in self.nack_queue if queues.get(kind, 0) > 0), None)

    def nack_queue_off_at(self, kind: str = "video") -> float | None:
        """The last sample before `nack_queue_on_at` (buffer still off): Janus kept nothing it
        sent before this, and may have kept what it sent after."""
        on_at = self.nack_queue_on_at(kind)
        return next((at for at, queues in reversed(self.nack_queue) if on_at is not None and at < on_at), None)

    def medium(self, kind: str) -> Medium:
        for medium in self.media.values():
            if medium.kind == kind:
                return medium
        raise AssertionError(f"{self.label}: Janus's handle_info has no {kind} medium: {self.handle_info}")

    def log_lines(self, text: str) -> list[str]:
        return [line for line in self.janus_log.splitlines() if text in line]

    def summary(self) -> str:
        r = self.report
        lines = [f"scenario {self.label}: probe exit {self.probe_exit}, ok={r.get('ok')}, "
                 f"fps={r.get('video_fps')}, loss_pct={r.get('loss_pct')}, nacks_sent={r.get('nacks_sent')}, "
                 f"errors={r.get('errors')}"]
        for medium in self.media.values():
            lines.append(f"  janus {medium.kind} mid={medium.mid} janus-ssrc={medium.local_ssrc} "
                         f"client-ssrc={medium.peer_ssrc} do_nacks={medium.do_nacks} in={medium.stats_in} "
                         f"out={medium.stats_out}")
        lines.append(f"  artifacts: {self.folder}")
        return "\n".join(lines)


def parse_media(info: dict) -> dict[str, Medium]:
    media = {}
    for key, value in ((info.get("webrtc") or {}).get("media") or {}).items():
        kind = value.get("type")
        if kind not in ("audio", "video"):
            continue
        ssrc = value.get("ssrc") or {}
        stats = value.get("stats") or {}
        media[key] = Medium(mid=str(value.get("mid", key)), kind=kind, local_ssrc=ssrc.get("ssrc"),
                            peer_ssrc=ssrc.get("ssrc-peer"), do_nacks=bool(value.get("do_nacks")),
                            stats_in=stats.get("in") or {}, stats_out=stats.get("out") or {},
                            rtcp=(value.get("rtcp") or {}).get("main") or {})
    return media


def nack_queues(info: dict) -> dict[str, int]:
    """handle_info's `nack-queue-ms` per medium kind: how long Janus keeps what it sent for
    retransmission, 0 while it keeps nothing."""
    return {value.get("type"): int(value.get("nack-queue-ms") or 0)
            for value in ((info.get("webrtc") or {}).get("media") or {}).values()
            if value.get("type") in ("audio", "video")}


def bridge_calls(port: int) -> list[dict]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/bridge/calls", timeout=5) as response:
        return json.loads(response.read())["calls"]


def start_bridge(janus: janus_harness.Janus, folder: Path) -> tuple[subprocess.Popen, int, Path]:
    port = janus_harness.free_port()
    log_path = folder / "bridge.log"
    process = subprocess.Popen([sys.executable, str(HERE / "kaamos_janus_bridge.py"), "--port", str(port),
                                "--janus", janus.api, "--log", str(log_path)],
                               stdout=subprocess.DEVNULL, stderr=open(folder / "bridge.stderr", "w"))
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the bridge exited with {process.returncode}: {(folder / 'bridge.stderr').read_text()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                if response.status == 200:
                    return process, port, log_path
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the bridge did not answer /health within 15 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_scenario(label: str, loss: float, duration: float) -> Scenario:
    if not KAAMOS_TUI.exists():
        pytest.fail(f"{KAAMOS_TUI} is not built (swift build --product kaamos-tui), or set KAAMOS_TUI")
    folder = ARTIFACTS / label
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    janus = janus_harness.start_janus(folder / "janus", DEBUG_LEVEL)
    bridge = None
    probe = None
    try:
        bridge, port, bridge_log = start_bridge(janus, folder)
        config_home = folder / "xdg"
        config_home.mkdir()
        command = [str(KAAMOS_TUI), "probe", "--server", f"http://127.0.0.1:{port}", ROOM, "--peers", "1",
                   "--duration", str(duration), "--json"]
        if loss:
            command += ["--inject-loss", str(loss)]
        (folder / "probe-command.txt").write_text(" ".join(command) + "\n")
        env = dict(os.environ, XDG_CONFIG_HOME=str(config_home))
        for name in ("KAAMOS_SERVER", "KAAMOS_NAME", "KAAMOS_ADMIN_TOKEN"):
            env.pop(name, None)
        probe = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

        # The capture starts as soon as the bridge has a handle, before the offer reaches Janus.
        call = None
        capture_path = None
        last_info: dict = {}
        nack_queue: list[tuple[float, dict[str, int]]] = []
        deadline = time.monotonic() + duration + 40
        while probe.poll() is None and time.monotonic() < deadline:
            if call is None:
                calls = bridge_calls(port)
                if calls and calls[-1].get("handle_id"):
                    call = calls[-1]
                    capture_path = janus.start_capture(call["session_id"], call["handle_id"], "handle.pcap")
            else:
                try:
                    info = janus.handle_info(call["session_id"], call["handle_id"])
                    if parse_media(info):
                        last_info = info
                        nack_queue.append((time.time(), nack_queues(info)))
                except (OSError, RuntimeError, ValueError):
                    pass
            time.sleep(0.05 if call is None else 0.25)
        if probe.poll() is None:
            probe.kill()
        stdout, stderr = probe.communicate(timeout=30)
        (folder / "probe.json").write_text(stdout)
        (folder / "probe.stderr").write_text(stderr)
        calls = bridge_calls(port)
        call = calls[-1] if calls else (call or {})
        (folder / "bridge-calls.json").write_text(json.dumps(calls, indent=2))
        (folder / "handle_info.json").write_text(json.dumps(last_info, indent=2))
        (folder / "nack-queue.json").write_text(json.dumps(nack_queue))
        try:
            report = json.loads(stdout.strip().splitlines()[-1]) if stdout.strip() else {}
        except ValueError:
            report = {}
    finally:
        if probe is not None and probe.poll() is None:
            probe.kill()
        if bridge is not None:
            stop(bridge)
        janus.stop()
    capture = rtp_capture.read_pcap(capture_path) if capture_path and capture_path.exists() else rtp_capture.Capture([], [])
    scenario = Scenario(label=label, loss=loss, duration=duration, folder=folder, report=report,
                        probe_exit=probe.returncode, probe_stderr=stderr, handle_info=last_info, call=call,
                        capture=capture, janus_log=janus.log_text(),
                        bridge_log=(folder / "bridge.log").read_text() if (folder / "bridge.log").exists() else "",
                        media=parse_media(last_info), nack_queue=nack_queue)
    (folder / "summary.txt").write_text(scenario.summary() + "\n")
    return scenario


_scenarios: dict[tuple[float, float], Scenario] = {}


@pytest.fixture(scope="session")
def scenario():
    """scenario(loss_pct, duration_s) runs (once per run) and returns a Scenario."""
    def get(loss: float = 0, duration: float = 8) -> Scenario:
        key = (loss, duration)
        if key not in _scenarios:
            label = f"loss{loss:g}-{duration:g}s"
            _scenarios[key] = run_scenario(label, loss, duration)
        return _scenarios[key]
    return get
