"""Firefox ESR for the browser tests, driven over W3C WebDriver BiDi.

Debian ships no geckodriver, but Firefox speaks WebDriver BiDi itself once started with
`--remote-debugging-port`: a WebSocket at ws://127.0.0.1:PORT/session carrying JSON commands

    {"id": 1, "method": "script.evaluate", "params": {...}}

answered by {"type": "success", "id": 1, "result": {...}} or {"type": "error", "id": 1,
"error": "...", "message": "..."}, with {"type": "event", "method": "...", "params": {...}} in
between. This module launches a headless Firefox on a throwaway profile (fake camera and
microphone, no prompts, autoplay allowed, nothing phoning home), opens a session and offers the few
commands the tests use. Closing kills the whole process group and removes the profile, also when a
test failed or the interpreter exits early.
"""

from __future__ import annotations

import atexit
import base64
import itertools
import json
import math
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import websocket  # websocket-client

FIREFOX = os.environ.get("KAAMOS_FIREFOX", "/usr/bin/firefox-esr")

# user.js of every profile. Firefox's remote agent adds its own "recommended" automation prefs.
PREFS: dict[str, object] = {
    # Media: a fake camera (a moving test pattern) and a fake microphone (a tone), granted
    # without a prompt; playback with sound needs no gesture.
    "media.navigator.streams.fake": True,
    "media.navigator.permission.disabled": True,
    "media.autoplay.default": 0,
    "media.autoplay.blocking_policy": 0,
    # The server listens on loopback: let ICE gather loopback candidates, and real addresses
    # rather than mDNS names.
    "media.peerconnection.ice.loopback": True,
    "media.peerconnection.ice.obfuscate_host_addresses": False,
    # No first-run pages, default-browser checks or crash-restore.
    "browser.shell.checkDefaultBrowser": False,
    "browser.startup.homepage_override.mstone": "ignore",
    "browser.startup.page": 0,
    "startup.homepage_welcome_url": "about:blank",
    "startup.homepage_welcome_url.additional": "",
    "browser.aboutwelcome.enabled": False,
    "trailhead.firstrun.didSeeAboutWelcome": True,
    "browser.sessionstore.resume_from_crash": False,
    "toolkit.startup.max_resumed_crashes": -1,
    "datareporting.policy.firstRunURL": "",
    # No telemetry, experiments or reports.
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.healthreport.uploadEnabled": False,
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.unified": False,
    "toolkit.telemetry.archive.enabled": False,
    "toolkit.telemetry.server": "",
    "app.normandy.enabled": False,
    "app.shield.optoutstudies.enabled": False,
    "messaging-system.rsexperimentloader.enabled": False,
    "browser.newtabpage.activity-stream.feeds.telemetry": False,
    "browser.newtabpage.activity-stream.telemetry": False,
    "browser.crashReports.unsubmittedCheck.autoSubmit2": False,
    # No updates and no background traffic.
    "app.update.auto": False,
    "app.update.enabled": False,
    "app.update.disabledForTesting": True,
    "extensions.update.enabled": False,
    "extensions.getAddons.cache.enabled": False,
    "browser.search.update": False,
    "browser.safebrowsing.malware.enabled": False,
    "browser.safebrowsing.phishing.enabled": False,
    "browser.safebrowsing.downloads.enabled": False,
    "browser.safebrowsing.update.enabled": False,
    "network.captive-portal-service.enabled": False,
    "network.connectivity-service.enabled": False,
    "browser.newtabpage.enabled": False,
}


class BiDiError(RuntimeError):
    """An `error` answer to a command: `error` is the spec's error code."""

    def __init__(self, method: str, error: str, message: str):
        super().__init__(f"{method}: {error}: {message}")
        self.error = error


class ScriptException(RuntimeError):
    """Script that threw (or a promise that rejected) inside the page."""


class Connection:
    """One WebSocket to the remote end. A reader thread hands each answer to the command waiting
    for its id and each event to the callbacks subscribed to its method."""

    def __init__(self, url: str, timeout: float = 10.0):
        # Firefox refuses a handshake that carries an Origin header.
        self._ws = websocket.create_connection(url, timeout=timeout, suppress_origin=True)
        self._ws.settimeout(None)
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._pending: dict[int, list] = {}  # id -> [threading.Event, message or None]
        self._handlers: dict[str, list] = {}
        self._closed: str | None = None
        self._reader = threading.Thread(target=self._read, name="bidi-reader", daemon=True)
        self._reader.start()

    def on(self, method: str, callback) -> None:
        self._handlers.setdefault(method, []).append(callback)

    def command(self, method: str, params: dict | None = None, timeout: float = 30.0) -> dict:
        slot = [threading.Event(), None]
        with self._lock:
            if self._closed:
                raise ConnectionError(f"{method}: connection closed ({self._closed})")
            command_id = next(self._ids)
            self._pending[command_id] = slot
            self._ws.send(json.dumps({"id": command_id, "method": method, "params": params or {}}))
        if not slot[0].wait(timeout):
            with self._lock:
                self._pending.pop(command_id, None)
            raise TimeoutError(f"{method}: no answer within {timeout} s")
        message = slot[1]
        if message is None:
            raise ConnectionError(f"{method}: connection closed ({self._closed})")
        if message.get("type") == "error":
            raise BiDiError(method, message.get("error", "?"), message.get("message", ""))
        return message.get("result", {})

    def _read(self) -> None:
        reason = "closed by the browser"
        try:
            while True:
                raw = self._ws.recv()
                if not raw:
                    break
                message = json.loads(raw)
                if message.get("type") == "event":
                    for callback in self._handlers.get(message.get("method"), []):
                        try:
                            callback(message.get("params", {}))
                        except Exception:  # noqa: BLE001 - a bad callback must not stop the reader
                            pass
                    continue
                with self._lock:
                    slot = self._pending.pop(message.get("id"), None)
                if slot is not None:
                    slot[1] = message
                    slot[0].set()
        except Exception as error:  # noqa: BLE001 - any end of the socket ends the session
            reason = f"{type(error).__name__}: {error}"
        with self._lock:
            self._closed = reason
            pending, self._pending = self._pending, {}
        for slot in pending.values():
            slot[0].set()

    def close(self) -> None:
        with self._lock:
            self._closed = self._closed or "closed by the client"
        try:
            self._ws.close()
        except Exception:  # noqa: BLE001
            pass


# ---- values ------------------------------------------------------------------------------------

_SPECIAL_NUMBERS = {"NaN": math.nan, "-0": -0.0, "Infinity": math.inf, "-Infinity": -math.inf}


def to_local_value(value) -> dict:
    """A Python value as a script.LocalValue (for callFunction arguments)."""
    if value is None:
        return {"type": "null"}
    if isinstance(value, bool):
        return {"type": "boolean", "value": value}
    if isinstance(value, (int, float)):
        if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
            return {"type": "number", "value": "NaN" if math.isnan(value)
                    else ("Infinity" if value > 0 else "-Infinity")}
        return {"type": "number", "value": value}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    if isinstance(value, (list, tuple)):
        return {"type": "array", "value": [to_local_value(v) for v in value]}
    if isinstance(value, dict):
        return {"type": "object", "value": [[str(k), to_local_value(v)] for k, v in value.items()]}
    raise TypeError(f"cannot pass {type(value).__name__} to the page")


def from_remote_value(remote: dict):
    """A script.RemoteValue as a Python value: primitives, lists and dicts as JSON would give
    them; what has no such form (a node, a function, a window) as its RemoteValue."""
    kind = remote.get("type")
    value = remote.get("value")
    if kind in ("undefined", "null"):
        return None
    if kind in ("string", "boolean"):
        return value
    if kind == "number":
        return _SPECIAL_NUMBERS.get(value, value) if isinstance(value, str) else value
    if kind == "bigint":
        return int(value)
    if kind in ("array", "set", "nodelist", "htmlcollection"):
        return [from_remote_value(v) for v in value] if value is not None else []
    if kind in ("object", "map"):
        if value is None:
            return {}
        return {(k if isinstance(k, str) else str(from_remote_value(k))): from_remote_value(v)
                for k, v in value}
    if kind == "date":
        return value
    return remote


# ---- the browser -------------------------------------------------------------------------------

_running: set["Firefox"] = set()


class Firefox:
    """A headless Firefox with one BiDi session and its first tab as `context`."""

    def __init__(self, label: str = "firefox", log_path: Path | None = None,
                 prefs: dict | None = None, window_size: tuple[int, int] = (1280, 800),
                 binary: str = FIREFOX, accept_insecure_certs: bool = False,
                 start_timeout: float = 30.0):
        self.label = label
        self.console: list[str] = []
        self.process: subprocess.Popen | None = None
        self.connection: Connection | None = None
        self.context: str | None = None
        self.profile = Path(tempfile.mkdtemp(prefix=f"kaamos-firefox-{label}-"))
        _running.add(self)
        try:
            self._start(binary, log_path, {**PREFS, **(prefs or {})}, window_size,
                        accept_insecure_certs, start_timeout)
        except BaseException:
            self.close()
            raise

    def _start(self, binary, log_path, prefs, window_size, accept_insecure_certs, start_timeout):
        (self.profile / "user.js").write_text(
            "".join(f"user_pref({json.dumps(k)}, {json.dumps(v)});\n" for k, v in prefs.items()))
        # Port 0: Firefox picks a free one and writes it to WebDriverBiDiServer.json in the profile.
        command = [binary, "--headless", "--remote-debugging-port=0", "--profile", str(self.profile),
                   "--no-remote", "--new-instance", f"--window-size={window_size[0]},{window_size[1]}",
                   "about:blank"]
        output = open(log_path, "w") if log_path else subprocess.DEVNULL
        env = dict(os.environ, MOZ_CRASHREPORTER_DISABLE="1", MOZ_HEADLESS="1")
        try:
            # Its own session (and process group), so closing takes the content processes too.
            self.process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT,
                                            stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        finally:
            if log_path:
                output.close()
        url = self._wait_for_endpoint(start_timeout)
        self.connection = Connection(url + "/session")
        self.connection.on("log.entryAdded", self._console_entry)
        capabilities = {"alwaysMatch": {"acceptInsecureCerts": accept_insecure_certs}}
        self.capabilities = self.connection.command("session.new", {"capabilities": capabilities})
        self.connection.command("session.subscribe", {"events": ["log.entryAdded"]})
        tree = self.connection.command("browsingContext.getTree", {"maxDepth": 0})
        self.context = tree["contexts"][0]["context"]

    def _wait_for_endpoint(self, timeout: float) -> str:
        endpoint = self.profile / "WebDriverBiDiServer.json"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.label}: firefox exited with {self.process.returncode} "
                                   "before WebDriver BiDi was listening")
            try:
                info = json.loads(endpoint.read_text())
                return f"ws://{info['ws_host']}:{info['ws_port']}"
            except (OSError, ValueError, KeyError):
                time.sleep(0.1)
        raise RuntimeError(f"{self.label}: WebDriver BiDi not listening after {timeout} s")

    def _console_entry(self, params: dict) -> None:
        level = params.get("level", "?")
        text = params.get("text")
        if text is None:
            text = " ".join(str(from_remote_value(a)) for a in params.get("args", []))
        self.console.append(f"{params.get('timestamp', 0)} {params.get('type', 'console')}.{level}: {text}")

    # ---- commands ----

    def command(self, method: str, params: dict | None = None, timeout: float = 30.0) -> dict:
        return self.connection.command(method, params, timeout)

    def navigate(self, url: str, wait: str = "complete", timeout: float = 30.0) -> dict:
        return self.command("browsingContext.navigate",
                            {"context": self.context, "url": url, "wait": wait}, timeout)

    def _result(self, answer: dict):
        if answer.get("type") == "exception":
            details = answer.get("exceptionDetails", {})
            raise ScriptException(details.get("text") or json.dumps(details.get("exception")))
        return from_remote_value(answer["result"])

    def evaluate(self, expression: str, await_promise: bool = True, timeout: float = 30.0):
        """The value of `expression` in the page (a promise's value when await_promise)."""
        return self._result(self.command("script.evaluate", {
            "expression": expression,
            "target": {"context": self.context},
            "awaitPromise": await_promise,
            "resultOwnership": "none",
        }, timeout))

    def call_function(self, declaration: str, *args, await_promise: bool = True,
                      timeout: float = 30.0):
        """Calls the function `declaration` in the page with `args` and returns its value."""
        return self._result(self.command("script.callFunction", {
            "functionDeclaration": declaration,
            "arguments": [to_local_value(a) for a in args],
            "target": {"context": self.context},
            "awaitPromise": await_promise,
            "resultOwnership": "none",
        }, timeout))

    def add_preload_script(self, source: str) -> str:
        """Runs `source` in every document of this tab before the page's own scripts."""
        answer = self.command("script.addPreloadScript", {
            "functionDeclaration": f"() => {{\n{source}\n}}",
            "contexts": [self.context],
        })
        return answer["script"]

    def screenshot(self, path: Path | str | None = None) -> bytes:
        """A PNG of the tab's viewport; written to `path` when given."""
        answer = self.command("browsingContext.captureScreenshot", {"context": self.context})
        png = base64.b64decode(answer["data"])
        if path is not None:
            Path(path).write_bytes(png)
        return png

    # ---- shutdown ----

    def close(self) -> None:
        """Ends the browser: asks it to close, then kills what is left of its process group and
        removes the profile. Safe to call twice and on a half-started browser."""
        _running.discard(self)
        if self.connection is not None:
            try:
                self.connection.command("browser.close", {}, timeout=5)
            except Exception:  # noqa: BLE001 - a dead or hung browser is killed below
                pass
            self.connection.close()
            self.connection = None
        if self.process is not None:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            self._kill_group()
            self.process = None
        shutil.rmtree(self.profile, ignore_errors=True)

    def _kill_group(self) -> None:
        pgid = self.process.pid  # start_new_session: the group is the leader's pid
        for sig, grace in ((signal.SIGTERM, 5.0), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                break
            deadline = time.monotonic() + grace
            while time.monotonic() < deadline:
                if self.process.poll() is not None and not _group_alive(pgid):
                    return
                time.sleep(0.1)
        try:
            self.process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            pass

    def __enter__(self) -> "Firefox":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


@atexit.register
def _close_all() -> None:
    for browser in list(_running):
        browser.close()
