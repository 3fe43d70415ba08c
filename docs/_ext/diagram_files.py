"""Each diagram of a page written as an SVG file that the page shows and links to.

The pages draw their figures with ``lstm_outputs.diagrams``, whose ``Diagram._repr_html_`` gives
myst-nb a ``text/html`` output holding each picture (a light and a dark variant) as a
``data:image/svg+xml`` address: what a notebook needs, since it has no folder to put files in.
On the site that address is wrong twice over: the "open full size" link around each picture
cannot open it (Chromium blocks top-level navigation to ``data:`` URLs), and each picture is
carried inside the page text instead of being cached on its own. myst-nb writes ``image/*``
outputs to files, but not images inside ``text/html`` outputs, and has no option for it
(myst-nb 1.4, ``myst_nb/core/render.py``, ``render_text_html``); an ``image/svg+xml`` output
instead would lose the alt text and the dark variant.

So, when a page is written, every ``data:image/svg+xml;base64,...`` address in its body becomes
``_images/diagrams/<hash>.svg`` (written once per content, named by its SHA-256, so two builds
give the same files and a page that did not change keeps its links).
Written against Sphinx 9.0 and myst-nb 1.4.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

FOLDER = "_images/diagrams"
_DATA_URI = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")


def svg_to_files(body: str, outdir: Path, link: Any) -> str:
    """``body`` with each SVG ``data:`` address replaced by ``link(path)`` of a file written."""
    folder = outdir / FOLDER

    def to_file(match: re.Match[str]) -> str:
        data = base64.b64decode(match.group(1))
        name = f"{hashlib.sha256(data).hexdigest()[:20]}.svg"
        target = folder / name
        if not target.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return str(link(f"{FOLDER}/{name}"))

    return _DATA_URI.sub(to_file, body)


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if not isinstance(body, str) or "data:image/svg+xml;base64," not in body:
        return
    pathto = context["pathto"]
    context["body"] = svg_to_files(body, Path(app.outdir), lambda path: pathto(path, 1))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
