#!/usr/bin/env python3
"""The network benchmark of issue 13: for each case, our client (kaamos-tui probe) and then
headless Chromium in the same seat behind the emulated link (linkemu.py), kaamos-server and a
far-side probe on the host; prints metric | ours | chromium per case and writes JSON.

    bench.py [--case NAME ...] [--duration 60] [--seat 1] [--out DIR] [--clients ours,chromium]

Run as root (scripts/network-bench.sh is the front door). Binaries from $KAAMOS_BIN_DIR, else
.build/release if it has kaamos-server, else .build/debug; nothing is built here.

Roles. The seat is the constrained side, joined to the host by the emulated link. Both the seat
and the far side publish (the far side is `kaamos-tui probe --peers 1 --json` on the host, as in
a two-party call), so each case measures both directions:
  - what the far side saw of the seat's video (the seat as a sender through the uplink),
  - what the seat saw of the far side's video (the seat as a receiver through the downlink).
"ours" in the seat is `kaamos-tui probe --peers 1 --json` under `ip netns exec`; "chromium" is
chromium_seat.py (selenium, chromedriver and Chromium all in the namespace) joining the same kind
of room through the server's web page. The seat's rate on the link comes from the emulator's
counters, over the media window (from when the seat's media first crossed the link).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
import linkemu  # noqa: E402

ADMIN_TOKEN = "network-bench-admin-token"
QUEUE = "queue=300ms"


@dataclass(frozen=True)
class Case:
    name: str
    title: str
    link: str = ""
    uplink: str = ""
    downlink: str = ""
    # A schedule on the uplink at fractions of the duration: [(fraction, spec)].
    uplink_steps: tuple = ()

    def link_args(self, duration: float) -> list[str]:
        args = []
        for option, value in (("--link", self.link), ("--uplink", self.uplink), ("--downlink", self.downlink)):
            if value:
                args += [option, value]
        if self.uplink_steps:
            args += ["--uplink-schedule",
                     ";".join(f"{round(fraction * duration, 3)}:{spec}" for fraction, spec in self.uplink_steps)]
        return args


CASES = [
    Case("uplink-500k", "500 kbit/s uplink, 300 ms drop-tail queue (downlink free)",
         uplink=f"rate=500kbit,{QUEUE}"),
    Case("downlink-500k", "500 kbit/s downlink, 300 ms drop-tail queue (uplink free)",
         downlink=f"rate=500kbit,{QUEUE}"),
    Case("rtt100-loss3", "100 ms RTT: 50 ms each way, +-10 ms jitter and 3% random loss each way",
         link="delay=50ms,jitter=10ms,loss=3%"),
    Case("step-2m-300k", "uplink 2 Mbit/s, 300 kbit/s from 1/3 of the run, 2 Mbit/s again from 2/3 (300 ms queue)",
         uplink=f"rate=2Mbit,{QUEUE}", uplink_steps=((0, "rate=2Mbit"), (1 / 3, "rate=300kbit"), (2 / 3, "rate=2Mbit"))),
]


def bin_dir() -> Path:
    if os.environ.get("KAAMOS_BIN_DIR"):
        return Path(os.environ["KAAMOS_BIN_DIR"])
    release = ROOT / ".build" / "release"
    return release if (release / "kaamos-server").exists() else ROOT / ".build" / "debug"


def free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def request(url: str, body: dict | None = None) -> tuple[int, dict | None]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method="POST" if data else "GET")
    if data:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            raw, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        raw, status = error.read(), error.code
    try:
        return status, json.loads(raw) if raw else None
    except ValueError:
        return status, None


class Server:
    """kaamos-server on the host: every address (the seat reaches it at 10.77.N.1), media on
    10.77.N.1 only, the one address both the seat and the host can reach."""

    def __init__(self, binary: Path, host_ip: str, log_path: Path):
        self.port = free_port("0.0.0.0")
        self.base = f"http://{host_ip}:{self.port}"
        self.command = [str(binary), "--host", "0.0.0.0", "--port", str(self.port), "--media-address", host_ip,
                        "--admin-token", ADMIN_TOKEN]
        self.log = open(log_path, "w")
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT,
                                        env=dict(os.environ, KAAMOS_ADMIN_TOKEN=ADMIN_TOKEN))
        deadline = time.monotonic() + 30
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"kaamos-server exited with {self.process.returncode}; log {log_path}")
            try:
                if request(self.base + "/health")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"kaamos-server did not answer /health in 30 s; log {log_path}")
            time.sleep(0.2)

    def create_room(self) -> str:
        status, body = request(self.base + "/api/rooms/create", {"creator_user_id": 123456789})
        if status not in (200, 201) or not body or "room_id" not in body:
            raise RuntimeError(f"POST /api/rooms/create answered {status}: {body}")
        return body["room_id"]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return None


def wait_for_media(link: linkemu.LinkProcess, seat_process: subprocess.Popen, timeout: float) -> float | None:
    """Seconds (on the link's clock) when the seat's media began crossing the uplink: UDP
    offered 20 kB past what it was when the seat started (ICE and DTLS are far less)."""
    base = link.stats()["uplink"]["offered_bytes_by_protocol"]["udp"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and seat_process.poll() is None:
        stats = link.stats()
        if stats["uplink"]["offered_bytes_by_protocol"]["udp"] - base > 20_000:
            return stats["elapsed_s"]
        time.sleep(0.25)
    return None


def window_figures(direction: dict, start_s: float, end_s: float) -> dict:
    """Rates of one link direction over the whole seconds in [start_s, end_s)."""
    bins = [b for b in direction["per_second"] if start_s <= b["t"] and b["t"] + 1 <= end_s + 1e-9]
    if not bins:
        return {}
    seconds = len(bins)
    offered = sum(b["offered_packets"] for b in bins)
    dropped = sum(b["queue_dropped_packets"] for b in bins)
    lost = sum(b["lost_packets"] for b in bins)
    return {
        "seconds": seconds,
        "offered_kbps": round(sum(b["offered_bytes"] for b in bins) * 8 / 1000 / seconds, 1),
        "delivered_kbps": round(sum(b["delivered_bytes"] for b in bins) * 8 / 1000 / seconds, 1),
        "queue_dropped_pct": round(100 * dropped / offered, 2) if offered else None,
        "lost_pct": round(100 * lost / offered, 2) if offered else None,
        "max_queue_bytes": max(b["max_queue_bytes"] for b in bins),
    }


def seat_participant(far: dict | None) -> dict | None:
    """The far probe's figures of the seat: the remote it measured longest (the only one)."""
    people = (far or {}).get("participants") or []
    return max(people, key=lambda p: p.get("seconds", 0)) if people else None


def run_client(case: Case, client: str, args, out: Path, bins: Path) -> dict:
    seat = args.seat
    label = f"{case.name}-{client}"
    print(f"\n== {case.name} / {client}: {case.title}, {args.duration:g} s", flush=True)
    result: dict = {"case": case.name, "client": client, "duration_s": args.duration, "errors": []}
    link = linkemu.LinkProcess(seat, *case.link_args(args.duration), "--schedule-on-usr2", "--seed", str(args.seed),
                               stats_path=str(out / f"{label}-link.json"))
    server = far = seat_process = None
    try:
        server = Server(bins / "kaamos-server", link.host_ip, out / f"{label}-server.log")
        room = server.create_room()
        result["room"] = room
        # The far side joins first and outlasts the seat: the seat is measured from its first
        # track to its leaving (ParticipantMeasurement), so the slack costs only wall time.
        slack = 12 if client == "ours" else 25
        far_out, far_err = open(out / f"{label}-far.json", "w"), open(out / f"{label}-far.stderr", "w")
        far = subprocess.Popen([str(bins / "kaamos-tui"), "probe", room, "--server", server.base, "--peers", "1",
                                "--duration", str(args.duration + slack), "--json"], stdout=far_out, stderr=far_err)
        time.sleep(2)  # its join, so the seat finds a publisher there
        seat_out, seat_err = open(out / f"{label}-seat.out", "w"), open(out / f"{label}-seat.stderr", "w")
        netns_exec = ["ip", "netns", "exec", link.netns]
        if client == "ours":
            command = netns_exec + [str(bins / "kaamos-tui"), "probe", room, "--server", server.base, "--peers", "1",
                                    "--duration", str(args.duration), "--json"]
        else:
            command = netns_exec + [args.python, str(HERE / "chromium_seat.py"),
                                    "--url", f"{server.base}/room/{room}?name=chromium-seat",
                                    "--duration", str(args.duration), "--out", str(out / f"{label}-seat.json")]
        launched = link.stats()["elapsed_s"]
        # Its own process group: Chromium's children go with it when it must be killed.
        seat_process = subprocess.Popen(command, stdout=seat_out, stderr=seat_err, start_new_session=True)
        media_s = wait_for_media(link, seat_process, timeout=45)
        if media_s is None:
            result["errors"].append("the seat's media never crossed the uplink")
            media_s = link.stats()["elapsed_s"]
        link.start_schedule()
        result["seat_launched_s"], result["media_started_s"] = launched, media_s
        try:
            seat_process.wait(timeout=args.duration + 90)
        except subprocess.TimeoutExpired:
            result["errors"].append("the seat did not finish in time; killed")
            os.killpg(seat_process.pid, signal.SIGKILL)
            seat_process.wait()
        seat_end = link.stats()["elapsed_s"]
        try:
            far.wait(timeout=slack + 60)
        except subprocess.TimeoutExpired:
            result["errors"].append("the far probe did not finish in time; killed")
            far.kill()
            far.wait()
        far_out.close(), far_err.close(), seat_out.close(), seat_err.close()
        result["seat_exit"], result["far_exit"] = seat_process.returncode, far.returncode
    except Exception as error:  # noqa: BLE001 - one failed run should not lose the others
        result["errors"].append(f"{type(error).__name__}: {error}")
        seat_end = None
    finally:
        for process in (seat_process, far):
            if process and process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGKILL) if process is seat_process else process.kill()
                except ProcessLookupError:
                    pass
                process.wait()
        if server:
            server.close()
        stats = link.close()
    result["far"] = read_json(out / f"{label}-far.json")
    if client == "ours":
        result["seat"] = read_json(out / f"{label}-seat.out")
    else:
        result["seat"] = read_json(out / f"{label}-seat.json")
    if result.get("seat") is None:
        result["errors"].append(f"no report from the seat: see {label}-seat.stderr")
    start = result.get("media_started_s") or 0
    end = seat_end or stats["elapsed_s"]
    result["link"] = {
        "uplink": window_figures(stats["uplink"], start, end),
        "downlink": window_figures(stats["downlink"], start, end),
        "uplink_after_5s": window_figures(stats["uplink"], start + 5, end),
        "downlink_after_5s": window_figures(stats["downlink"], start + 5, end),
        "timing_error_us": {d: stats[d]["timing_error_us"] for d in ("uplink", "downlink")},
        "scheduler": stats.get("scheduler"),
        "schedule_applied": stats.get("schedule_applied"),
    }
    if case.uplink_steps:
        phases = []
        edges = [start + f * args.duration for f, _ in case.uplink_steps] + [end]
        for (fraction, spec), a, b in zip(case.uplink_steps, edges, edges[1:]):
            phases.append({"spec": spec, "from_s": round(a - start, 1), **window_figures(stats["uplink"], a, b)})
        result["link"]["uplink_phases"] = phases
        per_second = [b for b in stats["uplink"]["per_second"] if b["t"] >= start]
        result["link"]["uplink_delivered_kbps_per_second"] = [b["delivered_kbps"] for b in per_second]
        ramp = next((round(b["t"] + 1 - start, 1) for b in per_second if b["delivered_kbps"] >= 1000), None)
        result["link"]["ramp_to_1mbit_s"] = ramp
    result["metrics"] = metrics(result, client)
    (out / f"{label}.json").write_text(json.dumps(result, indent=1))
    return result


def metrics(result: dict, client: str) -> dict:
    """The table's rows for one run: {row name: value}."""
    link = result["link"]
    far = result.get("far") or {}
    seen = seat_participant(far) or {}
    seat = result.get("seat") or {}
    rows: dict = {}
    up, down = link.get("uplink", {}), link.get("downlink", {})
    rows["seat -> link: offered kbps"] = up.get("offered_kbps")
    rows["uplink: delivered kbps"] = up.get("delivered_kbps")
    rows["uplink: queue-dropped %"] = up.get("queue_dropped_pct")
    rows["uplink after 5 s: offered kbps"] = link.get("uplink_after_5s", {}).get("offered_kbps")
    rows["far side saw the seat: video fps"] = seen.get("video_fps")
    rows["far side saw the seat: freezes"] = seen.get("freezes")
    rows["far side: loss % (all it received)"] = far.get("loss_pct")
    rows["far side saw the seat: capture-to-decode ms"] = seen.get("e2e_latency_ms")
    rows["SFU -> seat: downlink offered kbps"] = down.get("offered_kbps")
    rows["downlink: queue-dropped %"] = down.get("queue_dropped_pct")
    if client == "ours":
        mine = seat_participant(seat) or {}
        rows["seat saw the far side: video fps"] = mine.get("video_fps", seat.get("video_fps"))
        rows["seat saw the far side: loss %"] = seat.get("loss_pct")
        rows["seat saw the far side: freezes"] = mine.get("freezes", seat.get("freezes"))
        rows["seat saw the far side: capture-to-decode ms"] = mine.get("e2e_latency_ms", seat.get("e2e_latency_ms"))
        rows["seat: jitter-buffer delay ms"] = None
        rows["seat: RTT ms"] = seat.get("rtt_ms")
        rows["seat's own report: sent kbps"] = (seat.get("bitrate_kbps") or {}).get("sent")
        rows["seat sender: target kbps / limitation"] = "not reported"
        rows["seat sender: video sent"] = "640x360 at 30 fps (pattern)"
    else:
        s = seat.get("summary") or {}
        rows["seat saw the far side: video fps"] = s.get("recv_video_fps")
        rows["seat saw the far side: loss %"] = s.get("recv_video_loss_pct")
        rows["seat saw the far side: freezes"] = s.get("recv_freezes")
        rows["seat saw the far side: capture-to-decode ms"] = None
        rows["seat: jitter-buffer delay ms"] = s.get("recv_jitter_buffer_ms")
        rows["seat: RTT ms"] = s.get("rtt_ms")
        rows["seat's own report: sent kbps"] = s.get("sent_kbps")
        if s.get("target_kbps_mean") is not None:
            rows["seat sender: target kbps / limitation"] = (f"{s['target_kbps_mean']:.0f} mean, {s['target_kbps_last']:.0f} last"
                                                             f" / {s.get('quality_limitation')}")
        rows["seat sender: video sent"] = f"{s.get('sent_video_size')} at {s.get('sent_video_fps')} fps" if s else None
    if "uplink_phases" in link:
        for phase in link["uplink_phases"]:
            rows[f"uplink from {phase['from_s']:g} s ({phase['spec']}): delivered kbps"] = phase.get("delivered_kbps")
        rows["ramp to 1 Mbit/s delivered (s from media start)"] = link.get("ramp_to_1mbit_s")
    rows["errors"] = "; ".join(result.get("errors", []) + list((far or {}).get("errors") or [])
                               + list((seat or {}).get("errors") or []))[:200] or None
    return rows


def fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def table(case: Case, runs: dict) -> str:
    clients = list(runs)
    names = []
    for run in runs.values():
        for name in run["metrics"]:
            if name not in names:
                names.append(name)
    width = max(len(n) for n in names)
    lines = [f"### {case.name}: {case.title}", "",
             "| " + "metric".ljust(width) + " | " + " | ".join(c.ljust(14) for c in clients) + " |",
             "|-" + "-" * width + "-|" + "|".join("-" * 16 for _ in clients) + "|"]
    for name in names:
        if name == "errors":
            continue
        lines.append("| " + name.ljust(width) + " | "
                     + " | ".join(fmt(runs[c]["metrics"].get(name)).ljust(14) for c in clients) + " |")
    for c in clients:
        if runs[c]["metrics"].get("errors"):
            lines.append(f"\n{c} errors: {runs[c]['metrics']['errors']}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", action="append", choices=[c.name for c in CASES],
                        help="run this case (repeatable; default: all)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of media per run (default 60)")
    parser.add_argument("--clients", default="ours,chromium", help="ours, chromium or both (default ours,chromium)")
    parser.add_argument("--seat", type=int, default=1, help="seat number: namespace kaamos-seat-N, 10.77.N.0/30")
    parser.add_argument("--seed", type=int, default=1, help="the emulator's random seed")
    parser.add_argument("--out", default=str(HERE / "artifacts"), help="directory for logs and JSON")
    parser.add_argument("--python", default=sys.executable,
                        help="Python with selenium, for Chromium (default: this one)")
    args = parser.parse_args()
    clients = [c.strip() for c in args.clients.split(",") if c.strip()]
    if not clients or any(c not in ("ours", "chromium") for c in clients):
        parser.error("--clients takes ours, chromium or both, comma-separated")
    if not 5 <= args.duration <= 3600:
        parser.error("--duration must be between 5 and 3600 seconds")
    reason = linkemu.check_environment()
    if reason:
        print(f"network-bench: {reason}", file=sys.stderr)
        return 69
    bins = bin_dir()
    missing = [b for b in ("kaamos-server", "kaamos-tui") if not (bins / b).exists()]
    if missing:
        print(f"network-bench: {', '.join(missing)} not in {bins} (build them, or set KAAMOS_BIN_DIR)", file=sys.stderr)
        return 69
    if "chromium" in clients:
        probe = subprocess.run([args.python, "-c", "import selenium"], capture_output=True)
        if probe.returncode != 0 or not shutil.which(os.environ.get("KAAMOS_CHROMIUM", "chromium")):
            print(f"network-bench: the chromium runs need Chromium and selenium in {args.python} "
                  "(scripts/setup.sh makes .venv; or --clients ours)", file=sys.stderr)
            return 69
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cases = [c for c in CASES if not args.case or c.name in args.case]
    print(f"network-bench: binaries from {bins}; {len(cases)} case(s) x {clients}, {args.duration:g} s each; "
          f"artifacts in {out}", flush=True)
    interrupted = False

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)  # also when started in the background, where it is inherited ignored
    # Which build the figures are of: a build directory can be rebuilt under a later run.
    built = {b: time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime((bins / b).stat().st_mtime))
             for b in ("kaamos-server", "kaamos-tui")}
    results: dict = {"binaries": str(bins), "built": built, "duration_s": args.duration, "seed": args.seed, "cases": {}}
    tables = []
    try:
        for case in cases:
            runs = {}
            for client in clients:
                runs[client] = run_client(case, client, args, out, bins)
            results["cases"][case.name] = {"title": case.title, "link_args": case.link_args(args.duration), "runs": runs}
            tables.append(table(case, runs))
            print("\n" + tables[-1], flush=True)
    except KeyboardInterrupt:
        interrupted = True
        print("network-bench: interrupted", file=sys.stderr)
    results_path = out / "network-bench.json"
    results_path.write_text(json.dumps(results, indent=1))
    (out / "network-bench.md").write_text("\n\n".join(tables) + "\n")
    print(f"\nnetwork-bench: results in {results_path} and {out / 'network-bench.md'}")
    return 130 if interrupted else 0


if __name__ == "__main__":
    sys.exit(main())
