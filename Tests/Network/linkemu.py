#!/usr/bin/env python3
"""A user-space link emulator: a network namespace ("seat") joined to the host by two TUN
devices, with this process forwarding every IP packet between them through a per-direction
model of a bottleneck link.

    linkemu.py run --seat 1 --uplink 'rate=500kbit,queue=300ms' [--downlink SPEC] [--link SPEC]
                   [--uplink-schedule '0:rate=2Mbit;20:rate=300kbit;40:rate=2Mbit']
                   [--downlink-schedule ...] [--seed 1] [--stats FILE] [--duration S]
    linkemu.py selftest [pytest args]      # runs test_linkemu.py (root and /dev/net/tun)

Needs root and /dev/net/tun; Python 3.11 standard library only. The kernel's sch_netem is not
needed (this machine has none).

Addresses: the host side is 10.77.N.1/30 on device `kseatNh`, the seat side 10.77.N.2/30 on
`kseatNs` inside namespace `kaamos-seat-N` (N = --seat, 1..250), whose default route points at
the host, so a server on the host bound to 0.0.0.0 or 10.77.N.1 is reachable from the seat.
Uplink is seat -> host, downlink host -> seat. `run` prints one JSON line ("ready") on stdout when
the link is up, writes the counters to --stats on exit and on SIGUSR1, and deletes the namespace
(the TUN devices go with this process's file descriptors) on exit, SIGINT and SIGTERM.

A direction's SPEC is comma-separated key=value, all optional:
    rate=500kbit   bits per second (bit, kbit, Mbit, Gbit; 0 or absent: no serializer)
    queue=300ms    drop-tail limit of the waiting packets, as time at the current rate (ms, s)
                   or bytes (b, kB, KiB); default 1000 packets' worth, i.e. unbounded in practice
    delay=50ms     one-way propagation delay added after serialization (us, ms, s)
    jitter=10ms    each packet's delay is delay + uniform(-jitter, +jitter), but never earlier
                   than the packet before it: no reordering (as on one path)
    loss=3%        random loss on entry, before the queue (a lost packet takes no capacity)
A schedule entry `T:SPEC` applies SPEC (merged onto what holds) T seconds after ready.

Model, per direction: a packet read from one TUN is offered; it is lost with probability `loss`;
otherwise, if the waiting bytes plus its size exceed the queue limit, it is queue-dropped;
otherwise it waits (FIFO) for the serializer, which takes size*8/rate seconds per packet at the
rate in force when it starts; it is written to the other TUN at serialization end + delay +
jitter. One thread, select() on both TUNs and a signal pipe, timeouts from a heap of due times;
the counters include how late each write was against its due time (timing_error_us).
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import fcntl
import heapq
import json
import os
import random
import re
import select
import signal
import socket
import struct
import subprocess
import sys
import time
from collections import deque
from dataclasses import dataclass, field, replace

CLONE_NEWNET = 0x40000000
TUNSETIFF = 0x400454CA
IFF_TUN = 0x0001
IFF_NO_PI = 0x1000
NETNS_DIR = "/var/run/netns"


class SpecError(ValueError):
    """A link spec or schedule that cannot be read; the message says which part and why."""


# ---- specs -----------------------------------------------------------------------------

@dataclass(frozen=True)
class LinkSpec:
    rate_bps: float = 0.0           # 0: no serializer (infinite rate)
    queue_ms: float | None = None   # limit as time at the current rate ...
    queue_bytes: int | None = None  # ... or as bytes; neither: 1000 full-size packets
    delay_s: float = 0.0
    jitter_s: float = 0.0
    loss: float = 0.0

    def queue_limit_bytes(self) -> int:
        if self.queue_bytes is not None:
            return self.queue_bytes
        if self.queue_ms is not None and self.rate_bps > 0:
            return int(self.rate_bps * self.queue_ms / 8000)
        return 1000 * 1500

    def describe(self) -> dict:
        return {"rate_bps": self.rate_bps, "queue_limit_bytes": self.queue_limit_bytes(),
                "queue_ms": self.queue_ms, "delay_ms": self.delay_s * 1000,
                "jitter_ms": self.jitter_s * 1000, "loss": self.loss}


_NUMBER = r"([0-9]+(?:\.[0-9]+)?)"
_RATE_UNITS = {"": 1, "bit": 1, "bps": 1, "kbit": 1e3, "kbps": 1e3, "mbit": 1e6, "mbps": 1e6,
               "gbit": 1e9, "gbps": 1e9}
_TIME_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0}
_BYTE_UNITS = {"b": 1, "kb": 1000, "kib": 1024, "mb": 1_000_000, "mib": 1 << 20}


def _quantity(text: str, key: str, units: dict, default_unit: str | None = None) -> tuple[float, str]:
    match = re.fullmatch(_NUMBER + r"\s*([A-Za-z]*)", text.strip())
    if not match:
        raise SpecError(f"{key}={text!r}: expected a number with a unit ({', '.join(u for u in units if u)})")
    unit = match.group(2).lower()
    if unit == "" and default_unit is not None:
        unit = default_unit
    if unit not in units:
        raise SpecError(f"{key}={text!r}: unknown unit {match.group(2)!r} (use {', '.join(u for u in units if u)})")
    return float(match.group(1)) * units[unit], unit


def parse_spec(text: str, base: LinkSpec | None = None) -> LinkSpec:
    """Reads `rate=500kbit,queue=300ms,delay=50ms,jitter=10ms,loss=3%` onto `base`."""
    spec = base or LinkSpec()
    if not text.strip():
        return spec
    for part in text.split(","):
        if "=" not in part:
            raise SpecError(f"{part.strip()!r}: expected key=value (rate, queue, delay, jitter, loss)")
        key, value = (s.strip() for s in part.split("=", 1))
        key = key.lower()
        if key == "rate":
            spec = replace(spec, rate_bps=_quantity(value, key, _RATE_UNITS)[0])
        elif key == "queue":
            try:
                seconds, _ = _quantity(value, key, _TIME_UNITS)
                spec = replace(spec, queue_ms=seconds * 1000, queue_bytes=None)
            except SpecError:
                try:
                    count, _ = _quantity(value, key, _BYTE_UNITS)
                except SpecError:
                    raise SpecError(f"queue={value!r}: expected a time (300ms) or a size (20000b, 20kB)") from None
                spec = replace(spec, queue_bytes=int(count), queue_ms=None)
        elif key in ("delay", "jitter"):
            seconds, _ = _quantity(value, key, _TIME_UNITS, default_unit="ms")
            spec = replace(spec, **{f"{key}_s": seconds})
        elif key == "loss":
            v = value.strip()
            try:
                loss = float(v[:-1]) / 100 if v.endswith("%") else float(v)
            except ValueError:
                raise SpecError(f"loss={value!r}: expected a percentage (3%) or a fraction (0.03)") from None
            if not 0 <= loss <= 1:
                raise SpecError(f"loss={value!r}: must be between 0% and 100%")
            spec = replace(spec, loss=loss)
        else:
            raise SpecError(f"unknown key {key!r} (rate, queue, delay, jitter, loss)")
    if spec.queue_ms is not None and spec.rate_bps == 0 and spec.queue_bytes is None:
        pass  # a time-limited queue without a rate never fills: harmless
    return spec


def parse_schedule(text: str, base: LinkSpec) -> list[tuple[float, LinkSpec]]:
    """`0:rate=2Mbit;20:rate=300kbit;40:rate=2Mbit` -> [(seconds, spec in force from then)]."""
    steps: list[tuple[float, str]] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        at, sep, body = part.partition(":")
        if not sep:
            raise SpecError(f"schedule entry {part!r}: expected SECONDS:SPEC")
        try:
            seconds = float(at)
        except ValueError:
            raise SpecError(f"schedule entry {part!r}: {at!r} is not a number of seconds") from None
        if seconds < 0:
            raise SpecError(f"schedule entry {part!r}: time must not be negative")
        steps.append((seconds, body))
    if any(b[0] < a[0] for a, b in zip(steps, steps[1:])):
        raise SpecError("schedule entries must be in time order")
    result, spec = [], base
    for seconds, body in steps:
        spec = parse_spec(body, spec)
        result.append((seconds, spec))
    return result


# ---- the link model (pure: no I/O, `now` passed in) --------------------------------------

@dataclass
class Counters:
    offered_packets: int = 0
    offered_bytes: int = 0
    delivered_packets: int = 0
    delivered_bytes: int = 0
    queue_dropped_packets: int = 0
    queue_dropped_bytes: int = 0
    lost_packets: int = 0
    lost_bytes: int = 0
    offered_bytes_by_protocol: dict = field(default_factory=lambda: {"udp": 0, "tcp": 0, "other": 0})
    max_queue_bytes: int = 0


class Direction:
    """One direction of the link. `offer` takes a packet at `now`; `due` is when the next thing
    happens (a serialization ends or a packet is due out); `advance(now)` returns the packets to
    write now, in order. Times are seconds on one monotonic clock."""

    BIN_S = 1.0

    def __init__(self, name: str, spec: LinkSpec, rng: random.Random, start: float):
        self.name = name
        self.spec = spec
        self.rng = rng
        self.start = start
        self.counters = Counters()
        self.waiting: deque[bytes] = deque()
        self.waiting_bytes = 0
        self.busy_until = start      # when the serializer finishes its current packet
        self.in_service = False
        self.flight: deque[tuple[float, bytes]] = deque()  # (due, packet), due non-decreasing
        self.last_due = start
        self.bins: list[dict] = []
        self.lateness_us: list[float] = []

    def set_spec(self, spec: LinkSpec) -> None:
        self.spec = spec

    def _bin(self, now: float) -> dict:
        index = max(0, int((now - self.start) / self.BIN_S))
        while len(self.bins) <= index:
            self.bins.append({"t": len(self.bins) * self.BIN_S, "offered_packets": 0, "offered_bytes": 0, "delivered_bytes": 0,
                              "queue_dropped_packets": 0, "lost_packets": 0, "max_queue_bytes": 0,
                              "rate_bps": self.spec.rate_bps})
        return self.bins[index]

    def offer(self, packet: bytes, now: float) -> None:
        size = len(packet)
        c = self.counters
        c.offered_packets += 1
        c.offered_bytes += size
        protocol = packet[9] if len(packet) >= 20 and packet[0] >> 4 == 4 else -1
        c.offered_bytes_by_protocol["udp" if protocol == 17 else "tcp" if protocol == 6 else "other"] += size
        b = self._bin(now)
        b["offered_packets"] += 1
        b["offered_bytes"] += size
        if self.spec.loss > 0 and self.rng.random() < self.spec.loss:
            c.lost_packets += 1
            c.lost_bytes += size
            b["lost_packets"] += 1
            return
        if self.spec.rate_bps <= 0:
            self._launch(packet, now)
            return
        self._serve(now)
        if not self.in_service:
            self._start_service(packet, now)
            return
        if self.waiting_bytes + size > self.spec.queue_limit_bytes():
            c.queue_dropped_packets += 1
            c.queue_dropped_bytes += size
            b["queue_dropped_packets"] += 1
            return
        self.waiting.append(packet)
        self.waiting_bytes += size
        c.max_queue_bytes = max(c.max_queue_bytes, self.waiting_bytes)
        b["max_queue_bytes"] = max(b["max_queue_bytes"], self.waiting_bytes)

    def _start_service(self, packet: bytes, at: float) -> None:
        self.in_service = True
        self.busy_until = at + len(packet) * 8 / self.spec.rate_bps
        self._launch(packet, self.busy_until)

    def _launch(self, packet: bytes, sent: float) -> None:
        jitter = self.rng.uniform(-self.spec.jitter_s, self.spec.jitter_s) if self.spec.jitter_s > 0 else 0.0
        due = max(sent + self.spec.delay_s + jitter, self.last_due, sent)
        self.last_due = due
        self.flight.append((due, packet))

    def _serve(self, now: float) -> None:
        """Runs the serializer up to `now`: each waiting packet starts when the one before ends
        (at the rate in force then), not when this process got round to it."""
        while self.in_service and self.busy_until <= now:
            if self.waiting and self.spec.rate_bps > 0:
                packet = self.waiting.popleft()
                self.waiting_bytes -= len(packet)
                self._start_service(packet, self.busy_until)
            else:
                if self.waiting:  # rate went to 0 (unlimited): release everything
                    while self.waiting:
                        packet = self.waiting.popleft()
                        self._launch(packet, self.busy_until)
                    self.waiting_bytes = 0
                self.in_service = False

    def due(self) -> float | None:
        candidates = []
        if self.in_service:
            candidates.append(self.busy_until)
        if self.flight:
            candidates.append(self.flight[0][0])
        return min(candidates) if candidates else None

    def advance(self, now: float) -> list[tuple[float, bytes]]:
        self._serve(now)
        out = []
        while self.flight and self.flight[0][0] <= now:
            out.append(self.flight.popleft())
        return out

    def delivered(self, due: float, packet: bytes, written: float) -> None:
        c = self.counters
        c.delivered_packets += 1
        c.delivered_bytes += len(packet)
        self._bin(due)["delivered_bytes"] += len(packet)
        self.lateness_us.append((written - due) * 1e6)

    def report(self) -> dict:
        c = self.counters
        late = sorted(self.lateness_us)

        def pct(p: float) -> float | None:
            return round(late[min(len(late) - 1, int(p * len(late)))], 1) if late else None

        return {
            "spec": self.spec.describe(),
            "offered_packets": c.offered_packets, "offered_bytes": c.offered_bytes,
            "delivered_packets": c.delivered_packets, "delivered_bytes": c.delivered_bytes,
            "queue_dropped_packets": c.queue_dropped_packets, "queue_dropped_bytes": c.queue_dropped_bytes,
            "lost_packets": c.lost_packets, "lost_bytes": c.lost_bytes,
            "offered_bytes_by_protocol": dict(c.offered_bytes_by_protocol),
            "max_queue_bytes": c.max_queue_bytes,
            "in_queue_packets": len(self.waiting) + len(self.flight),
            "timing_error_us": {"p50": pct(0.5), "p99": pct(0.99), "max": round(late[-1], 1) if late else None,
                                "mean": round(sum(late) / len(late), 1) if late else None},
            "per_second": [dict(b, offered_kbps=round(b["offered_bytes"] * 8 / 1000 / self.BIN_S, 1),
                                delivered_kbps=round(b["delivered_bytes"] * 8 / 1000 / self.BIN_S, 1))
                           for b in self.bins],
        }


# ---- namespaces and TUN devices ---------------------------------------------------------

_libc = ctypes.CDLL(None, use_errno=True)


def setns(fd: int, nstype: int = CLONE_NEWNET) -> None:
    """setns(2) for the calling thread (os.setns is Python 3.12)."""
    if _libc.setns(fd, nstype) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"setns: {os.strerror(e)}")


class InNetns:
    """`with InNetns(name):` the calling thread is in namespace `name` (sockets and TUN devices
    made inside stay there), and back in its own afterwards."""

    def __init__(self, name: str):
        self.name = name

    def __enter__(self):
        self.home = os.open(f"/proc/thread-self/ns/net", os.O_RDONLY)
        target = os.open(os.path.join(NETNS_DIR, self.name), os.O_RDONLY)
        try:
            setns(target)
        finally:
            os.close(target)
        return self

    def __exit__(self, *exc):
        try:
            setns(self.home)
        finally:
            os.close(self.home)


def netns_socket(name: str, family=socket.AF_INET, kind=socket.SOCK_DGRAM) -> socket.socket:
    """A socket in namespace `name`, usable from this (host) thread."""
    with InNetns(name):
        return socket.socket(family, kind)


def open_tun(ifname: str) -> int:
    fd = os.open("/dev/net/tun", os.O_RDWR | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        fcntl.ioctl(fd, TUNSETIFF, struct.pack("16sH22x", ifname.encode(), IFF_TUN | IFF_NO_PI))
    except OSError:
        os.close(fd)
        raise
    return fd


def sh(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(args, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {result.stderr.strip() or 'exit ' + str(result.returncode)}")
    return result


def netns_exists(name: str) -> bool:
    return os.path.exists(os.path.join(NETNS_DIR, name))


@dataclass
class Seat:
    number: int
    netns: str
    host_if: str
    seat_if: str
    host_ip: str
    seat_ip: str
    created_netns: bool
    host_fd: int = -1
    seat_fd: int = -1

    def describe(self) -> dict:
        return {"seat": self.number, "netns": self.netns, "host_if": self.host_if, "seat_if": self.seat_if,
                "host_ip": self.host_ip, "seat_ip": self.seat_ip}


def check_environment() -> str | None:
    """Why this machine cannot run the emulator, or None."""
    if os.geteuid() != 0:
        return "needs root (network namespaces and TUN devices)"
    if not os.path.exists("/dev/net/tun"):
        return "no /dev/net/tun"
    if not any(os.access(os.path.join(d, "ip"), os.X_OK) for d in os.environ.get("PATH", "").split(":") + ["/usr/sbin", "/sbin"]):
        return "no `ip` command (iproute2)"
    return None


def seat_names(number: int, netns: str | None = None) -> tuple[str, str, str]:
    return netns or f"kaamos-seat-{number}", f"kseat{number}h", f"kseat{number}s"


def open_seat(number: int, netns: str | None = None) -> Seat:
    if not 1 <= number <= 250:
        raise SpecError(f"--seat {number}: must be 1..250 (addresses are 10.77.N.0/30)")
    name, host_if, seat_if = seat_names(number, netns)
    host_ip, seat_ip = f"10.77.{number}.1", f"10.77.{number}.2"
    created = False
    if netns is None:
        if netns_exists(name):  # left by a run that was killed: start clean
            sh("ip", "netns", "delete", name, check=False)
        sh("ip", "netns", "add", name)
        created = True
    elif not netns_exists(name):
        raise SpecError(f"--netns {name}: no such namespace (ip netns list)")
    seat = Seat(number, name, host_if, seat_if, host_ip, seat_ip, created)
    try:
        for stale in (host_if,):
            if os.path.exists(f"/sys/class/net/{stale}"):
                sh("ip", "link", "delete", stale, check=False)
        seat.host_fd = open_tun(host_if)
        with InNetns(name):
            seat.seat_fd = open_tun(seat_if)
        _quiet_ipv6(f"/proc/sys/net/ipv6/conf/{host_if}/disable_ipv6")
        sh("ip", "addr", "add", f"{host_ip}/30", "dev", host_if)
        sh("ip", "link", "set", host_if, "up")
        with InNetns(name):
            _quiet_ipv6(f"/proc/sys/net/ipv6/conf/{seat_if}/disable_ipv6")
        sh("ip", "-n", name, "link", "set", "lo", "up")
        sh("ip", "-n", name, "addr", "add", f"{seat_ip}/30", "dev", seat_if)
        sh("ip", "-n", name, "link", "set", seat_if, "up")
        sh("ip", "-n", name, "route", "replace", "default", "via", host_ip, "dev", seat_if)
    except BaseException:
        close_seat(seat)
        raise
    return seat


def _quiet_ipv6(path: str) -> None:
    # No router solicitations or MLD reports on the emulated link: only what we send crosses it.
    try:
        with open(path, "w") as f:
            f.write("1")
    except OSError:
        pass


def close_seat(seat: Seat) -> None:
    for fd in (seat.host_fd, seat.seat_fd):
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass
    seat.host_fd = seat.seat_fd = -1
    if seat.created_netns and netns_exists(seat.netns):
        sh("ip", "netns", "delete", seat.netns, check=False)


# ---- the forwarding loop ----------------------------------------------------------------

class Emulator:
    def __init__(self, seat: Seat, uplink: list[tuple[float, LinkSpec]], downlink: list[tuple[float, LinkSpec]],
                 seed: int, stats_path: str | None, duration: float | None, schedule_on_usr2: bool = False):
        self.seat = seat
        self.start = time.monotonic()
        # The schedule's clock: from ready, or from SIGUSR2 (when the driver says media began).
        self.schedule_start: float | None = None if schedule_on_usr2 else self.start
        self.schedules = {"uplink": deque(uplink), "downlink": deque(downlink)}
        first = {k: (v[0][1] if v and v[0][0] == 0 else LinkSpec()) for k, v in self.schedules.items()}
        self.up = Direction("uplink", first["uplink"], random.Random(f"{seed}/uplink"), self.start)
        self.down = Direction("downlink", first["downlink"], random.Random(f"{seed}/downlink"), self.start)
        self.applied: list[dict] = []
        self.stats_path = stats_path
        self.duration = duration
        self.stop = False
        self.dump_requested = False
        self.read_errors = 0
        self.write_errors = 0
        self.scheduler = "normal"

    def _apply_schedule(self, now: float) -> None:
        origin = self.schedule_start if self.schedule_start is not None else now
        for name, direction in (("uplink", self.up), ("downlink", self.down)):
            queue = self.schedules[name]
            while queue and (origin + queue[0][0] <= now) and (self.schedule_start is not None or queue[0][0] == 0):
                at, spec = queue.popleft()
                direction.set_spec(spec)
                self.applied.append({"direction": name, "at_s": at, "applied_s": round(now - self.start, 4),
                                     "late_ms": round((now - origin - at) * 1000, 3) if self.schedule_start else None,
                                     "spec": spec.describe()})

    def _next_schedule(self) -> float | None:
        if self.schedule_start is None:
            return None
        times = [self.schedule_start + q[0][0] for q in self.schedules.values() if q]
        return min(times) if times else None

    def report(self) -> dict:
        return {"seat": self.seat.describe(), "elapsed_s": round(time.monotonic() - self.start, 3),
                "uplink": self.up.report(), "downlink": self.down.report(), "schedule_applied": self.applied,
                "schedule_started_s": None if self.schedule_start is None else round(self.schedule_start - self.start, 4),
                "read_errors": self.read_errors, "write_errors": self.write_errors,
                "scheduler": self.scheduler}

    def write_stats(self) -> None:
        if not self.stats_path:
            return
        tmp = self.stats_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(self.report(), f, indent=1)
        os.replace(tmp, self.stats_path)

    def run(self) -> None:
        wake_r, wake_w = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        signal.set_wakeup_fd(wake_w)

        def on_stop(signum, frame):
            self.stop = True

        def on_usr1(signum, frame):
            self.dump_requested = True

        def on_usr2(signum, frame):
            if self.schedule_start is None:
                self.schedule_start = time.monotonic()

        signal.signal(signal.SIGINT, on_stop)
        signal.signal(signal.SIGTERM, on_stop)
        signal.signal(signal.SIGUSR1, on_usr1)
        signal.signal(signal.SIGUSR2, on_usr2)
        # (input fd, direction that reads it, output fd)
        routes = {self.seat.seat_fd: (self.up, self.seat.host_fd), self.seat.host_fd: (self.down, self.seat.seat_fd)}
        outputs = {id(self.up): self.seat.host_fd, id(self.down): self.seat.seat_fd}
        end = self.start + self.duration if self.duration else None
        self._apply_schedule(self.start)
        while not self.stop:
            now = time.monotonic()
            if end is not None and now >= end:
                break
            self._apply_schedule(now)
            for direction in (self.up, self.down):
                for due, packet in direction.advance(now):
                    try:
                        os.write(outputs[id(direction)], packet)
                    except OSError:
                        self.write_errors += 1
                        continue
                    direction.delivered(due, packet, time.monotonic())
            if self.dump_requested:
                self.dump_requested = False
                self.write_stats()
            deadlines = [d for d in (self.up.due(), self.down.due(), self._next_schedule(), end) if d is not None]
            timeout = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            try:
                readable, _, _ = select.select([self.seat.seat_fd, self.seat.host_fd, wake_r], [], [], timeout)
            except InterruptedError:
                continue
            for fd in readable:
                if fd == wake_r:
                    try:
                        while os.read(wake_r, 64):
                            pass
                    except BlockingIOError:
                        pass
                    continue
                direction, _ = routes[fd]
                for _ in range(256):  # bounded, so the other direction and due writes are not starved
                    try:
                        packet = os.read(fd, 65536)
                    except BlockingIOError:
                        break
                    except OSError as e:
                        if e.errno == errno.EAGAIN:
                            break
                        self.read_errors += 1
                        break
                    direction.offer(packet, time.monotonic())
        signal.set_wakeup_fd(-1)
        os.close(wake_r)
        os.close(wake_w)


class LinkProcess:
    """`linkemu.py run` as a child process, for tests and drivers: waits for ready, `stats()`
    asks for the counters (SIGUSR1), `start_schedule()` sends SIGUSR2, `close()` stops it
    (SIGTERM: the namespace is deleted) and returns the final counters."""

    def __init__(self, seat: int, *args: str, stats_path: str, python: str = sys.executable, timeout: float = 15):
        self.seat = seat
        self.netns, self.host_if, self.seat_if = seat_names(seat)
        self.host_ip, self.seat_ip = f"10.77.{seat}.1", f"10.77.{seat}.2"
        self.stats_path = stats_path
        if os.path.exists(stats_path):
            os.unlink(stats_path)
        self.process = subprocess.Popen([python, os.path.abspath(__file__), "run", "--seat", str(seat),
                                         "--stats", stats_path, *args],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=timeout)
            raise RuntimeError(f"linkemu did not start (exit {self.process.returncode}): "
                               f"{self.process.stderr.read().strip()}")
        self.ready = json.loads(line)

    def _mtime(self) -> int:
        return os.stat(self.stats_path).st_mtime_ns if os.path.exists(self.stats_path) else 0

    def stats(self, timeout: float = 5) -> dict:
        before = self._mtime()
        self.process.send_signal(signal.SIGUSR1)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._mtime() != before:
                with open(self.stats_path) as f:
                    return json.load(f)
            time.sleep(0.02)
        raise RuntimeError("linkemu wrote no counters after SIGUSR1")

    def start_schedule(self) -> None:
        self.process.send_signal(signal.SIGUSR2)

    def close(self, timeout: float = 10) -> dict:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with open(self.stats_path) as f:
            return json.load(f)


def build_schedules(args) -> tuple[list, list]:
    both = parse_spec(args.link or "")
    result = []
    for name in ("uplink", "downlink"):
        base = parse_spec(getattr(args, name) or "", both)
        schedule_text = getattr(args, f"{name}_schedule")
        steps = parse_schedule(schedule_text, base) if schedule_text else []
        if not steps or steps[0][0] > 0:
            steps.insert(0, (0.0, base))
        result.append(steps)
    return result[0], result[1]


def cmd_run(args) -> int:
    try:
        uplink, downlink = build_schedules(args)
    except SpecError as e:
        print(f"linkemu: {e}", file=sys.stderr)
        return 64
    reason = check_environment()
    if reason:
        print(f"linkemu: {reason}", file=sys.stderr)
        return 69
    try:
        seat = open_seat(args.seat, args.netns)
    except (SpecError, RuntimeError, OSError) as e:
        print(f"linkemu: cannot set up seat {args.seat}: {e}", file=sys.stderr)
        return 1
    scheduler = "normal"
    if not args.no_realtime:
        # The link's timing should not wait behind compilers on a busy machine; the loop blocks
        # in select(), so a real-time priority costs the others nothing but its own work.
        try:
            os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
            scheduler = "fifo"
        except OSError:
            try:
                os.nice(-10)
                scheduler = "nice-10"
            except OSError:
                pass
    emulator = None
    try:
        emulator = Emulator(seat, uplink, downlink, args.seed, args.stats, args.duration, args.schedule_on_usr2)
        emulator.scheduler = scheduler
        print(json.dumps({"ready": True, **seat.describe(), "pid": os.getpid(), "scheduler": scheduler,
                          "uplink": [(t, s.describe()) for t, s in uplink],
                          "downlink": [(t, s.describe()) for t, s in downlink]}), flush=True)
        emulator.run()
    finally:
        close_seat(seat)
        if emulator:
            emulator.write_stats()
    return 0


def cmd_selftest(extra: list[str]) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    try:
        import pytest  # noqa: F401
    except ImportError:
        print("linkemu: selftest needs pytest (use the project's .venv/bin/python)", file=sys.stderr)
        return 69
    return subprocess.call([sys.executable, "-m", "pytest", os.path.join(here, "test_linkemu.py"), *extra])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["selftest"]:
        return cmd_selftest(argv[1:])
    parser = argparse.ArgumentParser(prog="linkemu.py", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="set up a seat and forward through the emulated link until stopped")
    run.add_argument("--seat", type=int, default=1, help="seat number N: namespace kaamos-seat-N, 10.77.N.0/30")
    run.add_argument("--netns", help="use this existing namespace instead of creating kaamos-seat-N (not deleted)")
    run.add_argument("--link", help="SPEC for both directions (the per-direction options add to it)")
    run.add_argument("--uplink", help="SPEC seat -> host")
    run.add_argument("--downlink", help="SPEC host -> seat")
    run.add_argument("--uplink-schedule", help="T:SPEC;T:SPEC... seconds after ready")
    run.add_argument("--downlink-schedule", help="T:SPEC;T:SPEC... seconds after ready")
    run.add_argument("--seed", type=int, default=1, help="random seed of loss and jitter")
    run.add_argument("--stats", help="JSON counters written here on exit and on SIGUSR1")
    run.add_argument("--duration", type=float, help="stop after this many seconds")
    run.add_argument("--schedule-on-usr2", action="store_true",
                     help="start the schedules' clock at SIGUSR2 instead of at ready (entries at 0 apply at once)")
    run.add_argument("--no-realtime", action="store_true",
                     help="do not ask for SCHED_FIFO (default: asked for, else nice -10)")
    sub.add_parser("selftest", help="run test_linkemu.py under pytest (root and /dev/net/tun)")
    args = parser.parse_args(argv)
    if args.command == "run":
        return cmd_run(args)
    return 64


if __name__ == "__main__":
    sys.exit(main())
