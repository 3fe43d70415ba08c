"""The language switcher, clicked both ways at both base URLs; Chinese search; hreflang links.

A reader on an English page clicks the navbar's switcher and lands on the same page in Chinese
(under zh_CN/), and clicks it there to come back, at the root of a server and under GitHub
Pages' sub-path. Searching the Chinese edition for Chinese terms (split into words by jieba at
build time) puts the page that answers first. Every page of both editions names both editions'
addresses in ``<link rel="alternate" hreflang>`` (en, zh-CN, x-default).
"""

from __future__ import annotations

import html.parser
from pathlib import Path
from typing import Any

import pytest
from sitecheck import (
    DESKTOP,
    PHONE,
    Visit,
    edition_of,
    in_edition,
    search_results,
    site_pages,
)

SWITCHED_PAGES = [
    "index.html",
    "explain/stacking.html",
    "auto_examples/basics/plot_batch_first.html",
    "questions/error-messages.html",
]
# A query in Chinese, and the page (in the Chinese edition) that must be the FIRST result.
QUERIES = {
    "隐藏状态": "zh_CN/explain/final-states.html",
    "双向": "zh_CN/explain/bidirectional-layers.html",
}


def _click_switcher(page: Any, visit: Visit) -> None:
    switcher = page.locator("a.language-switcher").filter(visible=True).first
    with page.expect_navigation(wait_until="load"):
        switcher.click()
    visit.settle(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("page_file", SWITCHED_PAGES)
def test_switcher_leads_to_the_same_page_and_back(
    browser: Any, base_url: str, page_file: str, viewport: dict[str, int]
) -> None:
    visit = Visit()
    context = browser.new_context(viewport=viewport)
    try:
        page = context.new_page()
        visit.watch(page)
        page.goto(base_url + page_file, wait_until="load")
        visit.settle(page)
        if viewport == PHONE:  # the navbar's end items are in the sidebar on a phone
            page.locator("button.primary-toggle").first.click()
        _click_switcher(page, visit)
        assert page.url == base_url + in_edition(page_file, "zh_CN")
        assert page.evaluate("document.documentElement.lang") == "zh-CN"
        if viewport == PHONE:
            page.locator("button.primary-toggle").first.click()
        _click_switcher(page, visit)
        assert page.url == base_url + page_file
        assert page.evaluate("document.documentElement.lang") == "en"
    finally:
        context.close()
    assert not visit.problems, "\n".join(visit.problems)


@pytest.mark.parametrize("query", list(QUERIES))
def test_chinese_search_puts_the_answer_first(
    browser: Any, base_url: str, site_dir: Path, query: str
) -> None:
    found, problems = search_results(browser, base_url, site_dir, query, edition="zh_CN/")
    assert found, f"no results for {query!r}"
    assert found[0] == QUERIES[query], f"{query!r} finds {found[:5]} first, not {QUERIES[query]}"
    assert not problems, "\n".join(problems)


class _Alternates(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self.canonical = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.links[a["hreflang"]] = a["href"]
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"]


@pytest.mark.parametrize("page_file", [p for p in site_pages() if not p.endswith("404.html")])
def test_every_page_names_both_editions(site_dir: Path, page_file: str) -> None:
    parser = _Alternates()
    parser.feed((site_dir / page_file).read_text(encoding="utf-8"))
    assert set(parser.links) == {"en", "zh-CN", "x-default"}, parser.links
    assert parser.links["x-default"] == parser.links["en"]
    assert parser.canonical == parser.links[{"en": "en", "zh_CN": "zh-CN"}[edition_of(page_file)]]
    site_url = parser.links["en"].removesuffix(in_edition(page_file, "en"))
    for language, tag in (("en", "en"), ("zh_CN", "zh-CN")):
        assert parser.links[tag] == site_url + in_edition(page_file, language)
        assert (site_dir / in_edition(page_file, language)).is_file()
