"""Janus (the Debian package, 1.1.2) started for a test: a temporary configuration folder that
enables the plain HTTP transport and its admin API on free loopback ports and the EchoTest
plugin, nothing else; ICE gathering on this host's own non-loopback IPv4 address (Janus never
gathers loopback candidates).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

JANUS_BINARY = os.environ.get("KAAMOS_JANUS", shutil.which("janus") or "/usr/bin/janus")
JANUS_LIBRARIES = Path(os.environ.get("KAAMOS_JANUS_LIBS", "/usr/lib/x86_64-linux-gnu/janus"))
ADMIN_SECRET = "kaamos-janus-admin"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def host_ipv4_address() -> str | None:
    """This host's first global, non-loopback IPv4 address (`ip -4 addr`), or None."""
    override = os.environ.get("KAAMOS_JANUS_IP")
    if override:
        return override
    try:
        out = subprocess.run(["ip", "-4", "-o", "addr", "show", "scope", "global", "up"],
                             capture_output=True, text=True, timeout=5).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    for line in out.splitlines():
        match = re.search(r"\binet (\d+\.\d+\.\d+\.\d+)/", line)
        if match and not match.group(1).startswith("127."):
            return match.group(1)
    return None


def http_json(url: str, body: dict | None = None, timeout: float = 10) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


@dataclass
class Janus:
    folder: Path
    address: str
    http_port: int
    admin_port: int
    debug_level: int
    process: subprocess.Popen | None = None
    log_path: Path | None = None
    _log: object = field(default=None, repr=False)

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/janus"

    @property
    def admin(self) -> str:
        return f"http://127.0.0.1:{self.admin_port}/admin"

    # MARK: Configuration

    def write_configuration(self) -> None:
        """janus.jcfg, the HTTP transport's and the echotest's configuration, and plugin and
        transport folders that hold only libjanus_echotest.so and libjanus_http.so."""
        conf = self.folder / "conf"
        plugins = self.folder / "plugins"
        transports = self.folder / "transports"
        empty = self.folder / "empty"
        for folder in (conf, plugins, transports, empty, self.folder / "captures"):
            folder.mkdir(parents=True, exist_ok=True)
        for source, target in ((JANUS_LIBRARIES / "plugins" / "libjanus_echotest.so", plugins),
                               (JANUS_LIBRARIES / "transports" / "libjanus_http.so", transports)):
            if not source.exists():
                raise RuntimeError(f"{source} is missing: is the janus package installed (scripts/setup.sh)?")
            link = target / source.name
            if not link.exists():
                link.symlink_to(source)
        (conf / "janus.jcfg").write_text(f"""
general: {{
	configs_folder = "{conf}"
	plugins_folder = "{plugins}"
	transports_folder = "{transports}"
	events_folder = "{empty}"
	loggers_folder = "{empty}"
	debug_level = {self.debug_level}
	debug_timestamps = true
	debug_colors = false
	admin_secret = "{ADMIN_SECRET}"
	session_timeout = 120
	server_name = "kaamos-janus-test"
}}
certificates: {{
}}
media: {{
	rtp_port_range = "40000-60000"
}}
nat: {{
	nice_debug = false
	full_trickle = false
	ice_lite = false
	ice_enforce_list = "{self.address}"
	ignore_mdns = true
}}
plugins: {{
}}
transports: {{
}}
loggers: {{
}}
events: {{
	broadcast = false
}}
""")
        (conf / "janus.transport.http.jcfg").write_text(f"""
general: {{
	json = "compact"
	base_path = "/janus"
	http = true
	port = {self.http_port}
	ip = "127.0.0.1"
	https = false
}}
admin: {{
	admin_base_path = "/admin"
	admin_http = true
	admin_port = {self.admin_port}
	admin_ip = "127.0.0.1"
	admin_https = false
}}
cors: {{
}}
""")
        (conf / "janus.plugin.echotest.jcfg").write_text("general: {\n\tevents = false\n}\n")

    # MARK: Process

    def start(self, timeout: float = 20) -> None:
        self.write_configuration()
        self.log_path = self.folder / "janus.log"
        self._log = open(self.log_path, "w")
        command = [JANUS_BINARY, "-C", str(self.folder / "conf" / "janus.jcfg"), "-F", str(self.folder / "conf"),
                   "-d", str(self.debug_level), "-D", "-o"]
        self.process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT, cwd=self.folder,
                                        start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"janus exited with {self.process.returncode}; log in {self.log_path}:\n"
                                   + self.log_tail())
            try:
                if http_json(self.api + "/info", timeout=2).get("janus") == "server_info":
                    return
            except (OSError, ValueError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"janus did not answer {self.api}/info within {timeout} s; log in {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._log:
            self._log.close()
            self._log = None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path and self.log_path.exists() else ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    # MARK: Admin API

    def admin_request(self, path: str, request: str, **fields) -> dict:
        body = {"janus": request, "transaction": secrets.token_hex(6), "admin_secret": ADMIN_SECRET, **fields}
        reply = http_json(self.admin + path, body)
        if reply.get("janus") == "error":
            raise RuntimeError(f"admin {request}: {reply.get('error')}")
        return reply

    def handle_info(self, session_id: int, handle_id: int) -> dict:
        return self.admin_request(f"/{session_id}/{handle_id}", "handle_info")["info"]

    def start_capture(self, session_id: int, handle_id: int, filename: str) -> Path:
        """Janus's own plaintext capture (pcap) of the handle's RTP and RTCP: incoming after SRTP
        decryption, outgoing before encryption; retransmissions are not in it."""
        folder = self.folder / "captures"
        self.admin_request(f"/{session_id}/{handle_id}", "start_pcap", folder=str(folder), filename=filename,
                           truncate=0)
        return folder / filename

    def stop_capture(self, session_id: int, handle_id: int) -> None:
        try:
            self.admin_request(f"/{session_id}/{handle_id}", "stop_pcap")
        except (OSError, RuntimeError):
            pass


def start_janus(folder: Path, debug_level: int = 6) -> Janus:
    address = host_ipv4_address()
    if address is None:
        raise RuntimeError(
            "this host has no non-loopback IPv4 address, and Janus never gathers loopback candidates: "
            "give it one (as root: `ip link add kaamos0 type dummy && ip addr add 198.18.0.1/32 dev kaamos0 "
            "&& ip link set kaamos0 up`, or run the tests in a network namespace that has such an "
            "interface) or name one with KAAMOS_JANUS_IP")
    janus = Janus(folder=folder, address=address, http_port=free_port(), admin_port=free_port(),
                  debug_level=debug_level)
    janus.start()
    return janus
