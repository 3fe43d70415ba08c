"""A line at the foot of every page: the torch version that computed the site's results.

The version is read from the installed package's metadata (importlib.metadata), without an
import of torch, so the extension costs nothing on a build that executes no page. It is registered as the
config value ``computed_with_torch`` (rebuild "html"): when the installed torch changes, the
value changes, and Sphinx rewrites every page with the new line.
"""

from __future__ import annotations

import importlib.metadata
from html import escape
from typing import Any

from site_strings import text
from sphinx.application import Sphinx

LINE = (
    "Built with torch {version}: the version that computed every result, output and figure on "
    "this site."
)


def installed_torch() -> str:
    """The installed torch's version, e.g. "2.13.0+cpu"."""
    return importlib.metadata.version("torch")


def footer_line(torch_version: str, language: str | None = "en") -> str:
    """The HTML line appended to each page's body, in ``language`` (docs/_ext/site_strings.py)."""
    version = f"<code>{escape(torch_version)}</code>"
    return f'<p class="computed-with">{text(language, LINE, version=version)}</p>\n'


def _add_line(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    if doctree is None or "body" not in context:
        return  # generated pages (search, genindex) show no results
    context["body"] += footer_line(app.config.computed_with_torch, app.config.language)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("computed_with_torch", installed_torch(), "html", types=frozenset({str}))
    app.connect("html-page-context", _add_line)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
