"""The real server, started as `make run` starts it, against a hostile web page's requests.

Every server here runs on a free loopback port with HTTP(S)_PROXY pointing at a trap on
loopback: whatever the server tries to fetch from outside lands in the trap, so "makes no
outside connection" is observed, not assumed. (Its health checks bypass any proxy.)
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.conftest import ARTIFACTS_DIR, REPO_ROOT

NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
EVIL = "http://evil.example"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Trap:
    """A loopback 'proxy' that records each request and, like a slow network, hangs 1.5 s."""

    port: int
    requests: list[str] = field(default_factory=list)

    def serve(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            with client:
                client.settimeout(2)
                with contextlib.suppress(OSError):
                    self.requests.append(client.recv(4096).split(b"\r\n", 1)[0].decode())
                time.sleep(1.5)


@pytest.fixture(scope="module")
def trap() -> Iterator[Trap]:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    found = Trap(listener.getsockname()[1])
    threading.Thread(target=found.serve, args=(listener,), daemon=True).start()
    yield found
    listener.close()


def start(command: list[str], trap: Trap, name: str) -> tuple[subprocess.Popen, str, Path]:
    port = free_port()
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    log = ARTIFACTS_DIR / f"server-{name}.log"
    env = dict(os.environ)
    env |= {
        "HTTP_PROXY": f"http://127.0.0.1:{trap.port}",
        "HTTPS_PROXY": f"http://127.0.0.1:{trap.port}",
        "NO_PROXY": "localhost,127.0.0.1",
    }
    for key in ("http_proxy", "https_proxy", "no_proxy"):
        env[key] = env[key.upper()]
    flags = ["--server.port", str(port), "--server.headless", "true"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, *flags], cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early:\n{log.read_text()[-2000:]}")
        try:
            with NO_PROXY.open(f"{url}/_stcore/health", timeout=2):
                return process, url, log
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"the server did not start; see {log}")


@pytest.fixture(scope="module")
def hardened(trap: Trap) -> Iterator[str]:
    """The dashboard as `make run` serves it."""
    process, url, _ = start([sys.executable, "-m", "dashboard.ui.server"], trap, "hardened")
    yield url
    process.terminate()
    process.wait(timeout=20)


def get(url: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with NO_PROXY.open(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def cross_origin_attempt(url: str, health_times: list[float]) -> None:
    """A WebSocket from another origin, while a reader's health check is timed."""
    done = threading.Event()

    def poll() -> None:
        while not done.is_set():
            started = time.perf_counter()
            get(f"{url}/_stcore/health")
            health_times.append(time.perf_counter() - started)
            time.sleep(0.05)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        with pytest.raises(InvalidStatus), connect(ws_url, origin=EVIL, open_timeout=10):
            pass
    finally:
        time.sleep(0.3)
        done.set()
        poller.join()


def test_a_cross_origin_websocket_makes_no_outside_request_and_no_stall(hardened, trap):
    before = len(trap.requests)
    health_times: list[float] = []
    cross_origin_attempt(hardened, health_times)
    assert trap.requests[before:] == []
    assert health_times and max(health_times) < 0.5, health_times


def test_unpatched_streamlit_would_call_out(trap):
    """The control: plain `streamlit run` does call out, so the test above can fail."""
    process, url, _ = start([sys.executable, "-m", "streamlit", "run", "app.py"], trap, "plain")
    try:
        before = len(trap.requests)
        health_times: list[float] = []
        cross_origin_attempt(url, health_times)
        called = trap.requests[before:]
        assert any("checkip" in line for line in called), called
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_foreign_host_name_is_refused(hardened):
    # DNS rebinding: the attacker's name resolves to this machine; the Host header tells.
    port = hardened.rsplit(":", 1)[1]
    status, _, _ = get(hardened, host=f"rebind.evil.example:{port}")
    assert status == 421
    ws_url = hardened.replace("http://", "ws://") + "/_stcore/stream"
    headers = {"Host": f"rebind.evil.example:{port}"}
    with pytest.raises(InvalidStatus), connect(ws_url, additional_headers=headers):
        pass


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1"])
def test_the_local_names_are_served_with_the_security_headers(hardened, host):
    port = hardened.rsplit(":", 1)[1]
    status, headers, body = get(hardened, host=f"{host}:{port}")
    assert status == 200 and b"<html" in body.lower()
    headers = {k.lower(): v for k, v in headers.items()}
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy and "connect-src 'self'" in policy
    assert "frame-ancestors 'self'" in policy
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["x-content-type-options"] == "nosniff"


def test_the_metrics_endpoint_is_closed(hardened):
    status, _, body = get(f"{hardened}/_stcore/metrics")
    assert status == 404
    assert b"session" not in body
