"""Headless Chromium's executable and a static file server that logs nothing."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from typing import Any

CHROMIUM_HINT = (
    "install Debian's (apt-get install chromium) or set CHROMIUM to a Chrome executable"
)


def chromium() -> str | None:
    """``$CHROMIUM``, else ``chromium`` on PATH, else Debian's path; None if none is a file."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    return path if Path(path).is_file() else None


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder like ``python -m http.server``, without a log line per request."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def serve(
    directory: Path, handler: type[QuietHandler] = QuietHandler, name: str = "site"
) -> http.server.ThreadingHTTPServer:
    """Serve ``directory`` on 127.0.0.1 at a free port from a daemon thread.

    The caller stops it with ``server.shutdown()`` and ``server.server_close()``; its address is
    ``server.server_address``.
    """
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name=name, daemon=True).start()
    return server
