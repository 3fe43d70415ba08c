"""The built site, served the way a host serves it, and one headless Chromium for the whole run.

The suite reads ``docs/_build/html`` (build it first: ``nox -s docs``; ``LSTM_OUTPUTS_SITE_DIR``
points it elsewhere). The site is served twice from this process, on 127.0.0.1 only: at the root of
one server (as ``python -m http.server`` or Read the Docs' custom domains serve it), and under
``/lstm-outputs/`` on another, as GitHub Pages serves a project site, including its habit of
answering every missing path with the site's ``404.html``. Every browser test runs against both.

Chromium is Debian's (``apt-get install chromium``), driven by Playwright for Python; Playwright's
own browser downloads are not used. ``CHROMIUM`` overrides the executable.
"""

from __future__ import annotations

import http.server
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from sitecheck import NOT_BUILT, SITE_DIR, SUBPATH

from tools.browser import CHROMIUM_HINT, QuietHandler, chromium, serve

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def site_dir() -> Path:
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail(NOT_BUILT, pytrace=False)
    return SITE_DIR


# -- Serving ---------------------------------------------------------------------------------------


class _SiteHandler(QuietHandler):
    """Serve the site under ``prefix``; with ``not_found_page`` set, answer 404s with that page."""

    prefix = "/"
    not_found_page: Path | None = None
    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain class attribute)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".css": "text/css",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".json": "application/json",
        ".ipynb": "application/x-ipynb+json",
        ".txt": "text/plain; charset=utf-8",
        ".xml": "application/xml",
    }

    def _route(self) -> bool:
        path = urlsplit(self.path).path
        if path + "/" == self.prefix:  # /lstm-outputs -> /lstm-outputs/, as GitHub Pages does
            self.send_response(301)
            self.send_header("Location", self.prefix)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return False
        if not path.startswith(self.prefix):
            self.send_error(404)
            return False
        self.path = "/" + self.path[len(self.prefix) :]
        return True

    def do_GET(self) -> None:
        if self._route():
            super().do_GET()

    def do_HEAD(self) -> None:
        if self._route():
            super().do_HEAD()

    def send_error(
        self, code: int, message: str | None = None, explain: str | None = None
    ) -> None:
        if code == 404 and self.not_found_page is not None:
            body = self.not_found_page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def _serve(directory: Path, prefix: str, not_found_page: Path | None) -> http.server.HTTPServer:
    handler = type(
        "Handler", (_SiteHandler,), {"prefix": prefix, "not_found_page": not_found_page}
    )
    return serve(directory, handler, name=f"site{prefix}")


@pytest.fixture(scope="session")
def servers(site_dir: Path) -> Iterator[dict[str, str]]:
    """Base URLs of the two servers: ``{"root": ..., "subpath": ...}``."""
    root = _serve(site_dir, "/", None)
    sub = _serve(site_dir, SUBPATH, site_dir / "404.html")
    yield {
        "root": f"http://127.0.0.1:{root.server_address[1]}/",
        "subpath": f"http://127.0.0.1:{sub.server_address[1]}{SUBPATH}",
    }
    for server in (root, sub):
        server.shutdown()
        server.server_close()


@pytest.fixture(params=["root", "subpath"])
def base_url(request: pytest.FixtureRequest, servers: dict[str, str]) -> str:
    """The site's address, at a server's root and under GitHub Pages' project sub-path."""
    return servers[request.param]


# -- Browser ---------------------------------------------------------------------------------------


def _chromium() -> str:
    path = chromium()
    if path is None:
        pytest.fail(f"Chromium not found: {CHROMIUM_HINT}.", pytrace=False)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole run; every test opens a fresh context in it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=_chromium(), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()
