"""Name the sidebar's expand/collapse toggles (axe rule summary-name, WCAG 4.1.2).

Upstream: pydata-sphinx-theme renders each collapsible section of the primary sidebar as a
``<details>`` whose ``<summary>`` holds only a decorative chevron (the markup came with
https://github.com/pydata/pydata-sphinx-theme/pull/1582), so a screen reader announces a
nameless control; the theme offers no option to label it. Written against
pydata-sphinx-theme 0.24.0 and Sphinx 9.0.

Each unnamed ``<summary>`` gets ``aria-label="Show or hide the pages under <section>"``, where
<section> is the text of the link beside it. Only the sidebar's HTML is touched, only when a page
is written.
"""

from __future__ import annotations

from typing import Any

from site_strings import text
from sphinx.application import Sphinx

LABEL = "Show or hide the pages under {section}"


def label_summaries(html: str, language: str | None = "en") -> str:
    """``html`` with an aria-label (in ``language``) on every ``<summary>`` without a name."""
    from bs4 import BeautifulSoup  # imported when a page is written: a no-op build skips it

    soup = BeautifulSoup(html, "html.parser")
    for summary in soup.find_all("summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item else None
        section = link.get_text(" ", strip=True) if link else "this section"
        summary["aria-label"] = text(language, LABEL, section=section)
    return str(soup)


def _wrap_toctree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None:  # not the theme, or a page without a sidebar
        return

    def generate_with_labels(kind: str, *args: Any, **kwargs: Any) -> Any:
        html = generate(kind, *args, **kwargs)
        if kind != "sidebar" or "<summary" not in str(html):
            return html
        return label_summaries(str(html), app.config.language)

    context["generate_toctree_html"] = generate_with_labels


def setup(app: Sphinx) -> dict[str, Any]:
    # After the theme's own html-page-context handler, which puts generate_toctree_html there.
    app.connect("html-page-context", _wrap_toctree, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
