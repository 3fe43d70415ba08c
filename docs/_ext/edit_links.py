"""Edit on GitHub links that open the file a reader would edit, or no button at all.

Upstream: pydata-sphinx-theme builds the edit URL as ``<doc_path>/<pagename><suffix>``, which for
a sphinx-gallery page is the ``.rst`` generated at build time (never committed: the link is a
404) instead of the example's ``.py``; the theme has no option to map generated pages back to
their sources: https://github.com/pydata/pydata-sphinx-theme/issues/1269. Written against
pydata-sphinx-theme 0.24.0 and sphinx-gallery 0.22.1.

Settings read: ``html_context``'s ``github_user``, ``github_repo``, ``github_version`` and
``doc_path`` (the theme's own), and ``sphinx_gallery_conf``'s ``examples_dirs`` and
``gallery_dirs``. A gallery page ``<gallery_dir>/<section>/<name>`` maps to
``<examples_dir>/<section>/<name>.py``, a gallery index to its ``GALLERY_HEADER.rst``; a page
whose source is not in the repository loses the button.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def source_in_repository(app: Sphinx, pagename: str, suffix: str) -> Path | None:
    """The committed file that ``pagename`` is built from, or None if it is generated."""
    srcdir = Path(app.srcdir)
    gallery_conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    pairs = zip(
        _as_list(gallery_conf.get("gallery_dirs", [])),
        _as_list(gallery_conf.get("examples_dirs", [])),
        strict=False,
    )
    candidate = srcdir / f"{pagename}{suffix}"
    for gallery_dir, examples_dir in pairs:
        if pagename.startswith(gallery_dir.rstrip("/") + "/"):
            inner = Path(pagename).relative_to(gallery_dir)
            examples = (srcdir / examples_dir).resolve()
            if inner.name == "index":
                candidate = examples / inner.parent / "GALLERY_HEADER.rst"
            else:
                candidate = examples / inner.with_suffix(".py")
            break
    return candidate if candidate.is_file() else None


def _edit_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    html_context = app.config.html_context
    suffix = context.get("page_source_suffix")
    source = source_in_repository(app, pagename, suffix) if suffix else None
    if source is None:
        context["theme_use_edit_page_button"] = False  # generated pages: nothing to edit
        return
    root = Path(app.srcdir).resolve()
    for _ in Path(html_context.get("doc_path", "")).parts:
        root = root.parent
    url = (
        "https://github.com/{github_user}/{github_repo}/edit/{github_version}/".format(
            **html_context
        )
        + source.resolve().relative_to(root).as_posix()
    )
    context["get_edit_provider_and_url"] = lambda: ("GitHub", url)


def setup(app: Sphinx) -> dict[str, Any]:
    # After the theme's handler, which defines get_edit_provider_and_url for every page.
    app.connect("html-page-context", _edit_link, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
