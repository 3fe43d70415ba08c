"""Alt text for sphinx-gallery's thumbnails, which it writes with an empty one.

Upstream: sphinx-gallery writes each thumbnail as ``.. image:: ..._thumb.png`` with ``:alt:``
empty (changed from the example's title in
https://github.com/sphinx-gallery/sphinx-gallery/pull/1005, discussed in
https://github.com/sphinx-gallery/sphinx-gallery/issues/998); the thumbnails here are figures a
reader looks at, and the site's browser test requires alt text on every image. There is no
option for it. Written against sphinx-gallery 0.22.1.

A thumbnail image (its URI holds ``_thumb.``) with no alt text gets "Thumbnail of the example:
<title>", the title being the text that follows it in the same container.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from site_strings import text
from sphinx.application import Sphinx


def _fill_alt_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for image in doctree.findall(nodes.image):
        if image.get("alt") or "_thumb." not in image.get("uri", ""):
            continue
        parent = image.parent
        following = parent.children[parent.index(image) + 1 :] if parent else []
        title = next((node.astext() for node in following if node.astext().strip()), "")
        if title:
            image["alt"] = text(
                app.config.language, "Thumbnail of the example: {title}", title=title
            )


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", _fill_alt_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
