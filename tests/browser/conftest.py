"""The real server in a subprocess and headless Debian Chromium driven by Playwright.

Every request a page makes is recorded; a test fails if any leaves localhost, because our
users work on networks with no internet.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from dashboard.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.conftest import ARTIFACTS_DIR, REPO_ROOT

LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
SERVER_START_TIMEOUT_S = 90


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited early; see {log}:\n{log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {SERVER_START_TIMEOUT_S}s; see {log}")


@contextmanager
def served_app(log_name: str = "server.log") -> Iterator[str]:
    """A fresh `streamlit run app.py` on a free loopback port, stopped afterwards."""
    ARTIFACTS_DIR.mkdir(exist_ok=True)
    port = _free_port()
    log = ARTIFACTS_DIR / log_name
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.address", "127.0.0.1", "--server.port", str(port),
        "--server.headless", "true",  # the offline settings come from .streamlit/config.toml
    ]  # fmt: skip
    with log.open("w") as log_file:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, stdout=log_file, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """The dashboard served by `streamlit run app.py` on a free loopback port."""
    with served_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install it: sudo apt-get install chromium "
            "(make test does this when it can)."
        )
    user_data = ARTIFACTS_DIR / "chromium-profile"
    shutil.rmtree(user_data, ignore_errors=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=[*CHROMIUM_ARGS]
        )
        yield browser
        browser.close()


@dataclass
class RecordedPage:
    """A browser page and every URL it requested."""

    page: Page
    requests: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if urlparse(url).hostname not in LOCAL_HOSTS
                and not url.startswith(("data:", "blob:", "about:"))]  # fmt: skip


def recording(page: Page) -> RecordedPage:
    """page, with every URL it requests from now on recorded."""
    recorded = RecordedPage(page)
    page.on("request", lambda request: recorded.requests.append(request.url))
    return recorded


@pytest.fixture
def recorded_page(browser: Browser) -> Iterator[RecordedPage]:
    """A fresh page (1600x1000, like a projector) that fails the test on outside requests."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    recorded = recording(context.new_page())
    yield recorded
    context.close()
    outside = recorded.outside_requests()
    assert not outside, f"requests left localhost: {outside}"
