"""Fixtures for the browser tests: a Kaamos server on a free loopback port, headless Chromium
pages driven by selenium (`browser`) and headless Firefox ESR pages driven over WebDriver BiDi
(`firefox`, see firefox_bidi.py). Both kinds of page have the same surface (js, js_async,
kaamos, stats, tiles, wait_for, wait_state, open, screenshot), so one test can hold both.

Which server runs:
  otherwise                    .build/debug/kaamos-server --host 127.0.0.1 --port {port}
                               --admin-token {admin_token} --web-root {web_root}; a missing
                               binary fails every test (nothing stands in for the real server)
  KAAMOS_SERVER_COMMAND="..."  any command; {port}, {admin_token} and {web_root} are filled in
                               (--admin-token {admin_token} is appended when absent)
  KAAMOS_BROWSER_MOCK=1        asked for explicitly: the Python mock (mock_server.py), a core-only
                               server in the spec's shape, for the `mock_only` tests
"""

from __future__ import annotations

import json
import os
import re
import shlex
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from firefox_bidi import Firefox, ScriptException

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARTIFACTS = HERE / "artifacts"
CHROMIUM = os.environ.get("KAAMOS_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KAAMOS_CHROMEDRIVER", "/usr/bin/chromedriver")
# --web-root: the page under test is this tree's, not the copy bundled at build time.
DEFAULT_COMMAND = (".build/debug/kaamos-server --host 127.0.0.1 --port {port} "
                   "--admin-token {admin_token} --web-root {web_root}")
WEB_ROOT = ROOT / "Sources" / "KaamosServer" / "Web"
ADMIN_TOKEN = "browser-test-admin-token"

CHROME_FLAGS = [
    "--headless=new",
    "--use-fake-device-for-media-stream",
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


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_command(port: int, extra: list[str], real_extra: list[str] = ()) -> tuple[list[str], bool]:
    """The command line and whether it is the mock; `extra` goes to the mock, `real_extra` to
    kaamos-server."""
    mock = [sys.executable, str(HERE / "mock_server.py"), "--port", str(port),
            "--admin-token", ADMIN_TOKEN, *extra]
    if os.environ.get("KAAMOS_BROWSER_MOCK") == "1":
        return mock, True
    template = os.environ.get("KAAMOS_SERVER_COMMAND")
    if not template:
        binary = ROOT / ".build" / "debug" / "kaamos-server"
        if not binary.exists():
            pytest.fail(f"{binary} is not built: run `swift build --product kaamos-server` "
                        "(scripts/browser-test.sh does), or set KAAMOS_SERVER_COMMAND")
        template = DEFAULT_COMMAND
    if "{admin_token}" not in template:
        template += " --admin-token {admin_token}"
    return shlex.split(template.format(port=port, admin_token=ADMIN_TOKEN, web_root=WEB_ROOT)) + list(real_extra), False


@dataclass
class Server:
    base: str
    port: int
    is_mock: bool
    process: subprocess.Popen
    log_path: Path
    admin_token: str = ADMIN_TOKEN
    # For an https server: a context that trusts its certificate.
    ssl_context: ssl.SSLContext | None = None

    def request(self, method: str, path: str, body=None, token: str | None = None):
        """(status, parsed JSON body or None)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=10, context=self.ssl_context) as response:
                raw = response.read()
                status = response.status
        except urllib.error.HTTPError as error:
            raw = error.read()
            status = error.code
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        return status, parsed

    def create_room(self) -> str:
        status, body = self.request("POST", "/api/rooms/create", {"creator_user_id": 123456789})
        assert status in (200, 201), f"POST /api/rooms/create answered {status}: {body}"
        room_id = body["room_id"]
        assert re.fullmatch(r"[A-Za-z0-9]{10}", room_id), room_id
        return room_id

    def room_url(self, room_id: str, name: str | None = None) -> str:
        url = f"{self.base}/room/{room_id}"
        return f"{url}?name={name}" if name else url


def start_server(extra: list[str], label: str, real_extra: list[str] = ()) -> Server:
    port = free_port()
    command, is_mock = server_command(port, extra, real_extra)
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / f"server-{label}.log"
    log = open(log_path, "w")
    env = dict(os.environ, KAAMOS_ADMIN_TOKEN=ADMIN_TOKEN)
    process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    server = Server(f"http://127.0.0.1:{port}", port, is_mock, process, log_path)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {command}; log in {log_path}")
        try:
            status, _ = server.request("GET", "/health")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"server did not answer /health within 30 s: {command}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture
def server(request):
    marker = request.node.get_closest_marker("server_args")
    extra = list(marker.args) if marker else []
    real = request.node.get_closest_marker("kaamos_server_args")
    s = start_server(extra, request.node.name, list(real.args) if real else [])
    yield s
    stop_server(s)


@pytest.fixture(autouse=True)
def _mock_only(request):
    if request.node.get_closest_marker("mock_only"):
        _, is_mock = server_command(0, [])
        if not is_mock:
            pytest.skip("exercises a mock-only server mode")


@dataclass
class Page:
    driver: webdriver.Chrome
    label: str
    logs: list = field(default_factory=list)

    def js(self, script: str, *args):
        return self.driver.execute_script(script, *args)

    def js_async(self, body: str, *args):
        """Runs `body` (which may await) and returns its value."""
        script = ("const done = arguments[arguments.length - 1];"
                  f"(async () => {{ {body} }})().then(done, (e) => done({{__error: String(e)}}));")
        value = self.driver.execute_async_script(script, *args)
        if isinstance(value, dict) and "__error" in value:
            raise AssertionError(f"page script failed: {value['__error']}")
        return value

    @property
    def state(self) -> str:
        return self.js("return window.kaamos ? window.kaamos.state : null")

    def kaamos(self, expression: str):
        return self.js(f"return window.kaamos.{expression}")

    def stats(self) -> dict:
        return self.js_async("return await window.kaamos.stats();")

    def tiles(self) -> list[dict]:
        return self.js("return window.kaamos ? window.kaamos.remoteTiles() : []")

    def open(self, url: str) -> None:
        self.driver.get(url)

    def screenshot(self, path) -> None:
        self.driver.save_screenshot(str(path))

    def close(self) -> None:
        self.driver.quit()

    def wait_for(self, predicate, timeout: float = 15.0, interval: float = 0.1, what: str = "condition"):
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            last = predicate(self)
            if last:
                return last
            time.sleep(interval)
        raise AssertionError(f"{self.label}: timed out after {timeout} s waiting for {what}; "
                             f"state={self.state!r} status={self.kaamos('statusText()')!r} last={last!r}\n"
                             + "\n".join(self.kaamos("log")[-25:]))

    def wait_state(self, *states: str, timeout: float = 15.0) -> str:
        return self.wait_for(lambda p: p.state if p.state in states else None, timeout,
                             what=f"state in {states}")


@pytest.fixture
def browser(request):
    """Factory: browser(label) opens a new headless Chromium."""
    pages: list[Page] = []

    def open_browser(label: str, script_before_load: str | None = None, autoplay: str | None = None,
                     extra_flags: list[str] | None = None) -> Page:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in CHROME_FLAGS + (extra_flags or []):
            if autoplay and flag.startswith("--autoplay-policy="):
                flag = f"--autoplay-policy={autoplay}"
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        driver.set_script_timeout(30)
        if script_before_load:
            driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": script_before_load})
        page = Page(driver, label)
        pages.append(page)
        return page

    yield open_browser

    ARTIFACTS.mkdir(exist_ok=True)
    for page in pages:
        try:
            lines = page.kaamos("log") or []
            (ARTIFACTS / f"{request.node.name}-{page.label}.log").write_text("\n".join(lines) + "\n")
        except Exception:  # noqa: BLE001 - a page may be gone; the log is a courtesy
            pass
        try:
            page.close()
        except Exception:  # noqa: BLE001
            pass


@dataclass
class FirefoxPage(Page):
    """A page in headless Firefox ESR: `driver` is a firefox_bidi.Firefox."""
    driver: Firefox

    def js(self, script: str, *args):
        """Runs the function body `script` (`arguments` holds `args`), as selenium's execute_script."""
        try:
            return self.driver.call_function(f"function() {{\n{script}\n}}", *args, await_promise=False)
        except ScriptException as error:
            raise AssertionError(f"{self.label}: page script failed: {error}") from None

    def js_async(self, body: str, *args):
        """Runs `body` (which may await) and returns its value."""
        # Caught in the page: Firefox cannot always describe a rejection it did not see thrown.
        declaration = ("async function() {\n"
                       f"try {{ return await (async function() {{\n{body}\n}}).apply(this, arguments); }}\n"
                       "catch (e) { return {__error: String(e)}; }\n}")
        value = self.driver.call_function(declaration, *args)
        if isinstance(value, dict) and "__error" in value:
            raise AssertionError(f"{self.label}: page script failed: {value['__error']}")
        return value

    def open(self, url: str) -> None:
        self.driver.navigate(url)

    def screenshot(self, path) -> None:
        self.driver.screenshot(path)

    def close(self) -> None:
        self.driver.close()


@pytest.fixture
def firefox(request):
    """Factory: firefox(label) opens a new headless Firefox ESR (fake camera and microphone).
    `script_before_load` runs in every document before the page's scripts; `prefs` adds to
    firefox_bidi.PREFS. Teardown saves the page's log, the console and Firefox's own output to
    artifacts/ and closes the browser (process group killed, profile removed) whatever happened."""
    pages: list[FirefoxPage] = []
    ARTIFACTS.mkdir(exist_ok=True)

    def open_firefox(label: str, script_before_load: str | None = None,
                     prefs: dict | None = None) -> FirefoxPage:
        driver = Firefox(label, log_path=ARTIFACTS / f"{request.node.name}-{label}-firefox.log",
                         prefs=prefs)
        page = FirefoxPage(driver, label)
        pages.append(page)
        if script_before_load:
            driver.add_preload_script(script_before_load)
        return page

    yield open_firefox

    for page in pages:
        try:
            lines = page.kaamos("log") or []
            (ARTIFACTS / f"{request.node.name}-{page.label}.log").write_text("\n".join(lines) + "\n")
        except Exception:  # noqa: BLE001 - a page may be gone; the log is a courtesy
            pass
        try:
            (ARTIFACTS / f"{request.node.name}-{page.label}-console.log").write_text(
                "\n".join(page.driver.console) + "\n")
        except Exception:  # noqa: BLE001
            pass
        page.close()


def join(page: Page, server: Server, room_id: str, name: str) -> Page:
    page.open(server.room_url(room_id, name))
    page.wait_state("connected", timeout=20)
    return page


def require_media(*pages: Page, timeout: float = 20.0) -> None:
    """Waits for each page's media connection. A server that refuses the page's
    offer with an `error` fails the test: every server these tests start has media."""
    deadline = time.monotonic() + timeout
    for page in pages:
        while True:
            error = page.kaamos("mediaError")
            if error:
                pytest.fail(f"server answered the offer with an error ({error.get('code')}: "
                            f"{error.get('message')})")
            if page.kaamos("connectionState") == "connected":
                break
            if time.monotonic() > deadline:
                raise AssertionError(f"{page.label}: media connection not up after {timeout} s: "
                                     f"{page.kaamos('connectionState')}\n" + "\n".join(page.kaamos('log')[-25:]))
            time.sleep(0.1)


def pytest_configure(config):
    config.addinivalue_line("markers", "server_args(*args): extra arguments for the mock server")
    config.addinivalue_line("markers", "kaamos_server_args(*args): extra arguments for kaamos-server")
    config.addinivalue_line("markers", "mock_only: needs a mode only the mock server has")
    config.addinivalue_line("markers", "needs_sfu: needs media through the server's SFU")


def pytest_terminal_summary(terminalreporter):
    """Prints what tests recorded with record_property("figures", ...), passed or failed."""
    rows = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name == "figures":
                    rows.append(f"{report.nodeid} [{report.outcome}]: {value}")
    if rows:
        terminalreporter.section("media figures")
        for row in rows:
            terminalreporter.write_line(row)
