"""The call page over HTTPS: kaamos-server with a --self-signed certificate, and
headless Chromium trusting exactly that certificate's key (its SPKI hash), not
ignoring certificate errors in general. Browsers allow camera and microphone
only on secure pages, so this is how the page runs outside loopback."""

from __future__ import annotations

import re
import shutil
import ssl
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from conftest import (ADMIN_TOKEN, ARTIFACTS, ROOT, WEB_ROOT, Server, free_port, require_media,
                      server_command, stop_server)

SERVER = ROOT / ".build" / "debug" / "kaamos-server"


@pytest.fixture
def https_server(request):
    """A --self-signed kaamos-server; yields (server, SPKI hash it printed)."""
    _, is_mock = server_command(0, [])
    if is_mock:
        pytest.skip("TLS is not in the mock")
    assert SERVER.exists(), f"{SERVER} is not built"
    directory = Path(tempfile.mkdtemp(prefix="kaamos-browser-tls-"))
    port = free_port()
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"server-{request.node.name}.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [str(SERVER), "--host", "127.0.0.1", "--port", str(port), "--admin-token", ADMIN_TOKEN,
         "--web-root", str(WEB_ROOT), "--self-signed", "--self-signed-dir", str(directory)],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    context = ssl.create_default_context(cafile=None)
    server = Server(f"https://127.0.0.1:{port}", port, False, process, log_path, ssl_context=context)
    spki = None
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        match = re.search(r"spki-list\): (\S+)", log_path.read_text())
        if match and (directory / "cert.pem").exists():
            spki = match.group(1)
            context.load_verify_locations(cafile=str(directory / "cert.pem"))
            try:
                if server.request("GET", "/health")[0] == 200:
                    break
            except OSError:
                pass
        time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError(f"the https server did not start; log in {log_path}")
    yield server, spki
    stop_server(server)
    shutil.rmtree(directory, ignore_errors=True)


@pytest.mark.needs_sfu
def test_pages_join_over_https_trusting_the_self_signed_key(https_server, browser):
    server, spki = https_server
    assert spki and len(spki) == 44, spki
    room = server.create_room()
    trust = [f"--ignore-certificate-errors-spki-list={spki}"]
    alice = browser("alice", extra_flags=trust)
    bob = browser("bob", extra_flags=trust)
    for page, name in ((alice, "alice"), (bob, "bob")):
        page.driver.get(server.room_url(room, name))
        page.wait_state("connected", timeout=20)
        assert page.js("return window.location.protocol") == "https:"
        # Camera and microphone exist only in a secure context: the whole point of HTTPS.
        assert page.js("return window.isSecureContext") is True
        assert page.js("return !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia)") is True
    require_media(alice, bob)
    for page in (alice, bob):
        page.wait_for(lambda p: (p.stats() or {}).get("framesDecoded", 0) > 0, timeout=25, interval=0.25,
                      what="decoded video over the https page's call")


def test_a_page_that_does_not_trust_the_certificate_never_loads(https_server, browser):
    server, _ = https_server
    room = server.create_room()
    stranger = browser("stranger")
    stranger.driver.get(server.room_url(room, "stranger"))
    time.sleep(1.0)
    # Chromium stops at its certificate error page: the call page's script never ran.
    assert stranger.js("return typeof window.kaamos") == "undefined"
    status, body = server.request("GET", f"/api/rooms/{room}")
    assert status == 200 and body["participants"] == 0, body
