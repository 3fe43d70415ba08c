"""The search page finds the page that answers a query, at both base URLs."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
from sitecheck import DESKTOP, Visit, check_links

# A query a reader types, and the page (from the site map) that must be among the results.
QUERIES = {
    "h_n": "explain/final-states.html",
    "proj_size": "auto_examples/basics/plot_proj_size.html",
    "pack_padded_sequence": "auto_examples/variable_length/plot_packing.html",
}
RESULTS_DONE_JS = """
() => /Search finished/.test(document.querySelector("#search-results")?.textContent ?? "")
"""


@pytest.mark.parametrize("query", list(QUERIES))
def test_search_finds_the_page(browser: Any, base_url: str, site_dir: Path, query: str) -> None:
    visit = Visit()
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        visit.watch(page)
        page.goto(f"{base_url}search.html?q={quote(query)}", wait_until="load")
        page.wait_for_function(RESULTS_DONE_JS, timeout=30_000)
        visit.settle(page)
        hrefs = page.eval_on_selector_all(
            "#search-results ul.search > li > a", "(links) => links.map((a) => a.href)"
        )
        _, broken = check_links(page, base_url, site_dir)
    finally:
        context.close()
    base_path = urlsplit(base_url).path
    found = [urlsplit(href).path[len(base_path) :] for href in hrefs]
    assert found, f"no results for {query!r}"
    assert QUERIES[query] in found, f"{query!r} finds {found}, not {QUERIES[query]}"
    assert not broken, "\n".join(broken)
    assert not visit.problems, "\n".join(visit.problems)
