"""``sitemap.xml``, listing every page of the site on every build.

sphinx-sitemap lists only the pages the current build writes: after a one-page edit, a sitemap of
one page (and it starts a multiprocessing manager on every build). Here the list is the
environment's documents, sorted. Config: ``html_baseurl`` (the site's absolute URL) and
``sitemap_excludes`` (document names left out, e.g. ``["404"]``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    base = app.config.html_baseurl
    if not base:
        logger.warning("no sitemap written: set html_baseurl to the site's absolute URL")
        return
    base = base.rstrip("/") + "/"
    excluded = set(app.config.sitemap_excludes)
    urls = [
        base + app.builder.get_target_uri(docname)
        for docname in sorted(app.env.found_docs)
        if docname not in excluded
    ]
    lines = ['<?xml version="1.0" encoding="utf-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    lines.extend(f"  <url><loc>{escape(url)}</loc></url>" for url in urls)
    lines.append("</urlset>")
    content = "\n".join(lines) + "\n"
    path = Path(app.outdir) / "sitemap.xml"
    if not path.is_file() or path.read_text(encoding="utf-8") != content:
        path.write_text(content, encoding="utf-8")
    logger.info("sitemap.xml: %d pages", len(urls))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("sitemap_excludes", [], "html", types=frozenset({list, tuple}))
    app.connect("build-finished", _write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
