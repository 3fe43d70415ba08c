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

The figures hold every language of the site (``Diagram._repr_html_`` draws each one, the
others ``hidden``), because the pages are executed once and the Chinese edition reuses those
outputs. When a page is written, the pictures whose ``lang`` is not the build's language
(``language``: unset or ``"en"`` is English, ``"zh_CN"`` is ``lang="zh-CN"``) are dropped and
the kept ones shown, so a page ships only its own language.

Then, every ``data:image/svg+xml;base64,...`` address in its body becomes
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
#: one picture of a figure: a link holding its image (neither holds a "<" of its own)
_PICTURE = re.compile(
    r'<a class="lstm-diagram-full [^>]*?lang="([^"]+)"( hidden)?[^>]*><img [^>]*></a>'
)
#: the HTML ``lang`` of the figures each Sphinx ``language`` shows; any other shows English
HTML_LANG = {"zh_CN": "zh-CN"}


def html_lang(language: str | None) -> str:
    """The ``lang`` of the pictures a build in Sphinx ``language`` keeps."""
    return HTML_LANG.get(language or "en", "en")


def keep_language(body: str, lang: str) -> str:
    """``body`` with only the figures' pictures in ``lang``, none of them hidden."""

    def keep(match: re.Match[str]) -> str:
        if match.group(1) != lang:
            return ""
        return match.group(0).replace(" hidden", "", 1) if match.group(2) else match.group(0)

    return _PICTURE.sub(keep, body)


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
    body = keep_language(body, html_lang(app.config.language))
    context["body"] = svg_to_files(body, Path(app.outdir), lambda path: pathto(path, 1))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
