"""Absolute links in the 404 page's own text, like the rest of its links.

Upstream: sphinx-notfound-page makes the theme's links, scripts and images on ``404.html``
absolute (``notfound_urls_prefix``), but not the cross-references written in the page's source;
the host serves that page at any depth (``/lstm-outputs/a/b/missing.html``), where a relative
``api.html`` points inside the missing folder. How the extension should treat URLs is open
upstream: https://github.com/readthedocs/sphinx-notfound-page/issues/206. Written against
sphinx-notfound-page 1.1.0.

Internal references on the page ``notfound_pagename`` that are relative get
``notfound_urls_prefix`` in front.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx


def _prefix_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    prefix = app.config.notfound_urls_prefix
    if docname != app.config.notfound_pagename or not prefix:
        return
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        relative = uri and not uri.startswith(("/", "#")) and "://" not in uri
        if reference.get("internal") and relative:
            reference["refuri"] = prefix + uri


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("notfound.extension")  # defines the two settings read here
    app.connect("doctree-resolved", _prefix_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
