"""What hosting needs from the built files: sitemap, OpenGraph, canonical and edit links, icons,
a 404 page with absolute links, and no third-party resources. Read from disk, no browser."""

from __future__ import annotations

import html.parser
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sitecheck import ROOT, SUBPATH, edition_of, in_edition, site_pages

from tools.paths import HTML, gallery_scripts

EDIT_URL = "https://github.com/lstm-outputs/lstm-outputs/edit/main/"
NOT_IN_SITEMAP = {"search.html", "genindex.html", "py-modindex.html", "404.html"}


class _Head(html.parser.HTMLParser):
    """The attributes of every tag, in order (enough for the checks below)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {key: value or "" for key, value in attrs}))


def _tags(site_dir: Path, page: str) -> list[tuple[str, dict[str, str]]]:
    parser = _Head()
    parser.feed((site_dir / page).read_text(encoding="utf-8"))
    return parser.tags


def _site_url(site_dir: Path) -> str:
    for tag, attrs in _tags(site_dir, "index.html"):
        if tag == "link" and attrs.get("rel") == "canonical":
            return attrs["href"].removesuffix("index.html")
    raise AssertionError("index.html has no canonical link (html_baseurl is not set)")


def test_site_url_matches_the_served_sub_path(site_dir: Path) -> None:
    url = urlsplit(_site_url(site_dir))
    assert url.scheme == "https"
    assert url.path == SUBPATH


@pytest.mark.parametrize("edition", ["", "zh_CN/"], ids=["en", "zh_CN"])
def test_sitemap_lists_every_page(site_dir: Path, edition: str) -> None:
    """Each edition's sitemap (sitemap.xml, zh_CN/sitemap.xml) lists that edition's pages."""
    site_url = _site_url(site_dir) + edition
    tree = ET.parse(site_dir / edition / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [
        element.text or "" for element in tree.getroot().findall("s:url/s:loc", namespace)
    ]
    assert all(location.startswith(site_url) for location in locations), locations[:3]
    listed = {location.removeprefix(site_url) for location in locations}
    assert all((site_dir / edition / page).is_file() for page in listed)
    pages = {p.removeprefix(edition) for p in site_pages() if edition_of(p) == edition_of(edition)}
    assert listed == pages - NOT_IN_SITEMAP


@pytest.mark.parametrize("page", [p for p in site_pages() if not p.endswith("404.html")])
def test_page_metadata(site_dir: Path, page: str) -> None:
    """Canonical and OpenGraph URLs, the favicon, and an edit link to the file in the repository."""
    site_url = _site_url(site_dir)
    tags = _tags(site_dir, page)
    meta = {attrs["property"]: attrs["content"] for tag, attrs in tags if "property" in attrs}
    links = [attrs for tag, attrs in tags if tag == "link"]
    canonical = [attrs["href"] for attrs in links if attrs.get("rel") == "canonical"]
    assert canonical == [site_url + page]
    without_document = {"search.html", "genindex.html", "py-modindex.html"}
    bare = in_edition(page, "en")  # zh_CN/search.html -> search.html
    if bare not in without_document:  # OpenGraph is written from a page's document
        assert meta["og:url"] == site_url + page
        assert meta["og:title"]
        assert meta["og:site_name"]
    if (site_dir / "_static" / "logo.svg").is_file() and bare not in without_document:
        assert meta["og:image"] == site_url + "_static/logo.png"
        assert (site_dir / "_static" / "logo.png").is_file()
        assert meta["og:image:alt"]
        # in the page's language: Chinese pages describe the logo in Chinese
        assert meta["og:image:alt"].isascii() == (edition_of(page) == "en"), meta["og:image:alt"]
        icons = [attrs["href"] for attrs in links if "icon" in attrs.get("rel", "").split()]
        assert [Path(icon).name for icon in icons] == ["logo.svg"]
    edits = [
        attrs["href"]
        for tag, attrs in tags
        if tag == "a" and attrs.get("href", "").startswith(EDIT_URL)
    ]
    generated = bare in without_document or page.endswith("sg_execution_times.html")
    if generated:
        assert edits == [], f"{page} is generated, yet links to {edits}"
    else:
        assert len(edits) == 1, f"{page} has edit links {edits}"
        source = edits[0].removeprefix(EDIT_URL)
        assert (ROOT / source).is_file(), f"{page} edits {source}, which is not in the repository"


@pytest.mark.parametrize("not_found", ["404.html", "zh_CN/404.html"])
def test_not_found_page_links_are_absolute(site_dir: Path, not_found: str) -> None:
    """The 404 page is served at any depth: every local link and resource starts at the root."""
    relative = []
    for _tag, attrs in _tags(site_dir, not_found):
        for key in ("href", "src"):
            value = attrs.get(key)
            if value and not re.match(r"^(#|[a-z]+:|/)", value):
                relative.append(value)
            elif value and value.startswith("/"):
                assert value.startswith(SUBPATH), value
    assert relative == []


def test_no_third_party_resources(site_dir: Path) -> None:
    """Scripts, styles, images and fonts all come from the site itself (it works offline, and
    readers' browsers contact nobody else)."""
    remote = re.compile(
        r"""<(?:script|img|iframe)[^>]*\ssrc=["']?(?:https?:)?//|"""
        r"""<link[^>]*rel=["']?(?:stylesheet|preload|icon)[^>]*href=["']?(?:https?:)?//"""
    )
    offenders = [
        page
        for page in site_pages()
        if remote.search((site_dir / page).read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_no_build_cache_is_published() -> None:
    """The build's caches (logo, inventories, kernels) stay out of every edition.

    The Chinese edition is written to ``html/zh_CN``: a cache kept beside the output folder would
    land inside the English site, where the host would publish it.
    """
    caches = {"generated", "inventories", "ipython", ".jupyter_cache"}
    published = {path.name for path in HTML.iterdir() if path.is_dir()}
    assert not caches & published, f"build caches inside the published site: {caches & published}"


def test_example_pages_carry_no_build_times(site_dir: Path) -> None:
    """No "Total running time" line (``min_reported_time`` in docs/conf.py): the build machine's
    times change with every run, and two builds must write the same pages."""
    examples = [p for p in site_pages() if "auto_examples/" in p and "/plot_" in p]
    assert len(examples) == 2 * len(gallery_scripts())  # both editions' example pages
    timed = [p for p in examples if "sphx-glr-timing" in (site_dir / p).read_text("utf-8")]
    assert timed == []
