"""The server's own hardening, applied before Streamlit serves the first request.

`make run` starts the dashboard as ``python -m dashboard.ui.server [streamlit options]``:
the same ``streamlit run app.py``, with three things Streamlit 1.67 has no setting for.

- **No call out.** A WebSocket from another origin (any web page a reader has open can
  try one) makes Streamlit's origin check look up the machine's external IP: an HTTP
  request to an outside host, made inside the event loop (it stalls every session for up
  to 2 s) and never cached when it fails. The lookup only serves to allow the machine's
  own public address as an origin, which a team behind a proxy never uses; it is turned
  off. Same-origin and localhost connections are decided before it is ever reached.
- **Headers on every HTTP answer**: a Content-Security-Policy that lets pages load and
  connect only to this server (the app's offline promise, enforced by the browser too),
  no framing by other sites, no MIME sniffing, no referrer.
- **Closed doors**: ``/_stcore/metrics`` (per-session memory and user attributes) answers
  404, and an HTTP request whose Host is not in ``server.allowedHosts`` is refused, as
  Streamlit already does for the WebSocket (DNS rebinding).

`guard_session()`, called at the top of app.py, repeats the first point for a server
started another way (plain ``streamlit run``) and asks for sign-in when it is configured.
"""

from __future__ import annotations

import base64
import gc
import hashlib
import logging
import re
import sys
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.errors import StreamlitSecretNotFoundError

APP_DIR = Path(__file__).resolve().parents[3]
APP_SCRIPT = APP_DIR / "app.py"

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Send = Callable[[Message], Awaitable[None]]

_HARDENED = "_fault_lines_hardened"
WARM_START_THREAD = "fault-lines-warm-start"


def no_external_ip() -> None:
    """Stand-in for streamlit.net_util.get_external_ip: never ask an outside host."""
    return None


def harden_process() -> None:
    """Apply the startup patches (idempotent): no external-IP lookup, our middleware."""
    from streamlit import net_util
    from streamlit.web.server.starlette import starlette_app

    net_util.get_external_ip = no_external_ip
    build_middleware = starlette_app.create_streamlit_middleware
    if getattr(build_middleware, _HARDENED, False):
        return

    def create_streamlit_middleware() -> list:
        from starlette.middleware import Middleware

        # First in the list is outermost: our checks run before Streamlit's own.
        return [Middleware(SecurityMiddleware), *build_middleware()]

    setattr(create_streamlit_middleware, _HARDENED, True)
    starlette_app.create_streamlit_middleware = create_streamlit_middleware


def skip_direct_execution_check() -> None:
    """Tell Streamlit its once-per-process warning about running outside `streamlit run`
    was given: it never applies to a served app (there is a runtime, and no REPL).

    Streamlit makes the check at the first element any session sends: inspect.stack()
    there resolves the real path of each of the 2,000 loaded modules, 0.2 s alone and
    0.8-1.1 s while the warm start holds the interpreter, in front of the first reader's
    first element after a cold start.
    """
    from streamlit import delta_generator

    delta_generator._use_warning_has_been_displayed = True


@cache
def content_security_policy() -> str:
    """The policy: everything from this server only; Streamlit's inline bootstrap by hash."""
    index = Path(st.__file__).parent / "static" / "index.html"
    inline = re.findall(r"<script>(.*?)</script>", index.read_text(encoding="utf-8"), re.DOTALL)
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in inline
    )
    return "; ".join(
        [
            "default-src 'self'",
            # plotly.js compiles some functions at run time; nothing from data is a script.
            f"script-src 'self' {hashes} 'unsafe-eval'",
            "style-src 'self' 'unsafe-inline'",  # the UI library injects its styles
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "media-src 'self' data: blob:",
            "worker-src 'self' blob:",
            "frame-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ]
    )


def security_headers() -> list[tuple[bytes, bytes]]:
    """Headers added to every HTTP response."""
    return [
        (b"content-security-policy", content_security_policy().encode()),
        (b"x-frame-options", b"SAMEORIGIN"),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
    ]


def _is_closed(path: str) -> bool:
    """Routes nobody outside the server needs (under any server.baseUrlPath)."""
    return path.rstrip("/").endswith("/_stcore/metrics")


class SecurityMiddleware:
    """ASGI middleware: refuse foreign Host headers and closed routes, add the headers."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)  # the WebSocket checks its own Host
            return
        from streamlit.web.server.starlette.starlette_websocket import is_host_allowed

        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1") or None
        if not is_host_allowed(host):
            await _plain(send, 421, "This server does not answer to that host name.")
            return
        if _is_closed(scope.get("path", "")):
            await _plain(send, 404, "Not found.")
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in security_headers() if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), *security_headers()]
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def sign_in_configured() -> bool:
    """True when .streamlit/secrets.toml has an [auth] section (see secrets.toml.example)."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, StreamlitSecretNotFoundError):  # no secrets.toml: no sign-in
        return False


def guard_session() -> None:
    """At the top of app.py: the process patches, and sign-in when it is configured."""
    harden_process()
    skip_direct_execution_check()
    # Without user info (no sign-in happened yet, or a test), is_logged_in is absent: False.
    if not sign_in_configured() or getattr(st.user, "is_logged_in", False):
        return
    st.title("Fault Lines")
    st.write("Sign in with your organisation's account to open the dashboard.")
    st.button("Sign in", on_click=st.login, type="primary", icon=":material/login:")
    st.stop()


def warm_start() -> None:
    """Fill the shared caches for the first reader while the server comes up (a thread).

    Importing the dashboard, loading the data and drawing the Overview's charts take about
    three seconds on a cold process; done here, they overlap the server's start and the
    first browser's loading of Streamlit's scripts instead of following them.

    The garbage collector is off meanwhile (for the process: the first reader's script
    too). The imports and the first views allocate hundreds of thousands of objects that
    live as long as the process: 530 collections walked them again and again, 0.44-0.55 s
    of a 2.6-3.4 s warm start, to find about 17,000 objects (2.3 MB) of garbage; at a
    million events as many, and no more memory at peak or after. What is loaded is then
    set aside and collection resumes.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        from dashboard.ui.views import warm_first_page

        warm_first_page()
    except Exception:
        # Only a head start: whatever fails here fails again in front of the first reader,
        # who is told why by the page.
        logging.getLogger(__name__).exception("warm start failed")
    finally:
        set_aside_from_collection()
        if collecting:
            gc.enable()


def set_aside_from_collection() -> None:
    """Leave what is loaded now (modules, the data, its first views) out of every later
    garbage collection.

    Streamlit runs a full collection after every script run (runner.postScriptGC): it
    walks every object the process holds, about 200,000 once the dashboard is imported,
    and took 0.1 s, 0.27 s with a browser loading beside it, holding the interpreter lock
    that every session's script and the server's event loop wait on. What is loaded
    before the first reader lives as long as the process; objects made later are still
    collected after each run. (No collection first: the cycles left over from the warm
    start, about 17,000 objects in 2.3 MB, cost less than a collection's tenth of a second
    while the first reader waits.)
    """
    gc.freeze()


def main(argv: list[str] | None = None) -> None:
    """`python -m dashboard.ui.server [options]`: `streamlit run app.py [options]`, hardened,
    with the C heap set up to keep its working memory and the first reader's page computed
    while the server starts."""
    from streamlit.web import cli

    from dashboard.model.heap import keep_working_memory

    keep_working_memory()  # before any thread allocates: see dashboard.model.heap
    harden_process()
    skip_direct_execution_check()
    threading.Thread(target=warm_start, name=WARM_START_THREAD, daemon=True).start()
    sys.argv = ["streamlit", "run", str(APP_SCRIPT), *(sys.argv[1:] if argv is None else argv)]
    cli.main()


if __name__ == "__main__":
    main()
