"""What a reader's browser sees on one page: errors, failed loads, images, links, layout, axe."""

from __future__ import annotations

import html.parser
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from axe_playwright_python.sync_playwright import Axe

from lstm_outputs._languages import HTML_LANG, LANGUAGES
from tools.paths import HTML, ROOT
from tools.paths import site_pages as _site_pages

SITE_DIR = Path(os.environ.get("LSTM_OUTPUTS_SITE_DIR", HTML))
# The editions: English at the site's root, each other one in its folder (nox -s docs -- --lang).
EDITIONS = {lang: "" if lang == "en" else f"{lang}/" for lang in LANGUAGES}
ARTIFACTS = ROOT / "artifacts" / "site"


def _subpath() -> str:
    """The path the site was built to be served under, read from its canonical link.

    "/lstm-outputs/" for GitHub Pages (https://<owner>.github.io/<repository>/); the build
    writes the 404 page for the same prefix (SITE_URL and notfound_urls_prefix in docs/conf.py).
    """
    index = SITE_DIR / "index.html"
    text = index.read_text(encoding="utf-8") if index.is_file() else ""
    found = re.search(r'<link rel="canonical" href="([^"]*)"', text)
    path = urlsplit(found.group(1)).path if found else "/lstm-outputs/index.html"
    return path.rsplit("/", 1)[0] + "/"


SUBPATH = _subpath()
NOT_BUILT = (
    f"The built site is missing: {SITE_DIR / 'index.html'} does not exist. "
    "Build it first with `nox -s docs` (or set LSTM_OUTPUTS_SITE_DIR to a built site)."
)


def site_pages() -> list[str]:
    """Every HTML page of the site under test, both editions (see ``tools.paths.site_pages``)."""
    return _site_pages(SITE_DIR)


def edition_of(page: str) -> str:
    """The edition a page belongs to: "zh_CN" for ``zh_CN/...``, else "en"."""
    return next(
        (lang for lang, folder in EDITIONS.items() if folder and page.startswith(folder)), "en"
    )


def in_edition(page: str, language: str) -> str:
    """The same page in ``language``'s edition: ``explain/a.html`` <-> ``zh_CN/explain/a.html``."""
    bare = page.removeprefix(EDITIONS[edition_of(page)])
    return EDITIONS[language] + bare


SWITCHER_JS = """
() => Array.from(document.querySelectorAll("a.language-switcher"), (a) => ({
  href: a.href, hreflang: a.hreflang, lang: a.lang, text: a.textContent.trim(),
}))
"""


def check_language(page: Any, base_url: str, page_file: str) -> list[str]:
    """``<html lang>`` names the edition's language; every language switcher on the page leads
    to the same page in the other edition and is marked with that edition's language."""
    problems = []
    language = edition_of(page_file)
    lang = page.evaluate("document.documentElement.lang")
    if lang != HTML_LANG[language]:
        problems.append(f'<html lang="{lang}">, expected "{HTML_LANG[language]}"')
    other = next(code for code in EDITIONS if code != language)
    expected = base_url + in_edition(page_file, other)
    switchers = page.evaluate(SWITCHER_JS)
    if not switchers:
        problems.append("no language switcher")
    for switcher in switchers:
        if switcher["href"] != expected:
            problems.append(f"language switcher goes to {switcher['href']}, not {expected}")
        if not (switcher["hreflang"] == switcher["lang"] == HTML_LANG[other] and switcher["text"]):
            problems.append(f"language switcher is not marked as {HTML_LANG[other]}: {switcher}")
    return problems


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# WCAG 2.0, 2.1 and 2.2 at levels A and AA. label-content-name-mismatch (WCAG 2.5.3) is an
# "experimental" rule in axe-core, off unless named: it is switched on here.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "rules": {"label-content-name-mismatch": {"enabled": True}},
    "resultTypes": ["violations"],
    # axe would fetch every stylesheet again to read @import rules (for an experimental rule that
    # is not run here) and resolves the theme's relative `@import "../basic.css"` against the
    # wrong base: requests of axe's own, not the page's, that 404.
    "preload": False,
}
BLOCKING_IMPACTS = {"critical", "serious"}
_AXE = Axe()
_IMAGE_FILE = re.compile(r"\.(png|jpe?g|gif|svg|webp|avif)$", re.IGNORECASE)

# Every <img>, after asking lazy ones to load now: what was loaded and what it says.
IMAGES_JS = """
async () => {
  const images = Array.from(document.images);
  for (const img of images) if (img.loading === "lazy") img.loading = "eager";
  await Promise.all(images.map((img) => img.complete ? null : new Promise((done) => {
    img.addEventListener("load", done, {once: true});
    img.addEventListener("error", done, {once: true});
    setTimeout(done, 10000);
  })));
  return images.map((img) => ({
    src: img.getAttribute("src").startsWith("data:") ? "data:..." : img.currentSrc || img.src,
    alt: img.getAttribute("alt"),
    naturalWidth: img.naturalWidth,
  }));
}
"""
# Every link a reader can follow (and the icons the page asks for), as resolved absolute URLs.
LINKS_JS = """
() => [
  ...Array.from(document.querySelectorAll("a[href], area[href]"), (a) => a.href),
  ...Array.from(document.querySelectorAll("link[rel~='icon'][href]"), (l) => l.href),
]
"""
# Every formula is MathML that the browser laid out (a MathMLElement with a box), not LaTeX text.
MATH_JS = """
() => Array.from(document.querySelectorAll(".math"))
  .filter((el) => {
    const math = el.querySelector("math");
    return !(math instanceof MathMLElement) || math.getBoundingClientRect().height === 0;
  })
  .map((el) => el.textContent)
"""
HAS_ID_JS = "(id) => !!(document.getElementById(id) || document.getElementsByName(id).length)"
# Horizontal overflow: the page as a whole, and the main content column and its boxes (the theme
# lets the article container scroll sideways, which would hide an overflow from the page's width).
# Blocks that scroll inside themselves (code, wide tables) are fine.
OVERFLOW_JS = """
() => {
  const root = document.documentElement;
  const result = {viewport: root.clientWidth, page: root.scrollWidth, boxes: [], culprits: []};
  const boxes = ["main", ".bd-content", ".bd-article-container", "article"];
  for (const selector of boxes) {
    const box = document.querySelector(selector);
    if (box && box.scrollWidth > box.clientWidth + 1)
      result.boxes.push(`${selector} ${box.scrollWidth} > ${box.clientWidth} px`);
  }
  if (result.page <= result.viewport && result.boxes.length === 0) return result;
  // Name the widest elements that stick out and are not inside a box that scrolls or clips them.
  const article = document.querySelector("article");
  const articleRight = article ? article.getBoundingClientRect().right : result.viewport;
  for (const el of document.body.querySelectorAll("*")) {
    const box = el.getBoundingClientRect();
    const limit = article && article.contains(el) ? articleRight : result.viewport;
    if (box.width === 0 || box.height === 0 || box.right <= limit + 1) continue;
    let parent = el.parentElement, contained = false;
    while (parent && parent !== document.body) {
      const overflow = getComputedStyle(parent).overflowX;
      if (overflow !== "visible" && !parent.matches(boxes.join(","))) { contained = true; break; }
      parent = parent.parentElement;
    }
    if (contained) continue;
    const id = el.id ? "#" + el.id : "";
    const cls = el.classList.length ? "." + Array.from(el.classList).join(".") : "";
    result.culprits.push(`${el.tagName.toLowerCase()}${id}${cls} right=${Math.round(box.right)}`);
    if (result.culprits.length >= 8) break;
  }
  return result;
}
"""


@dataclass
class Visit:
    """Everything that went wrong while a page was open, as readable lines."""

    problems: list[str] = field(default_factory=list)
    expected_status: dict[str, int] = field(default_factory=dict)
    in_flight: set[Any] = field(default_factory=set)

    def watch(self, page: Any) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught error: {error}"))
        page.on("request", lambda request: self.in_flight.add(request))
        page.on("requestfinished", lambda request: self.in_flight.discard(request))
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def settle(self, page: Any, quiet_ms: int = 100, timeout_ms: int = 15_000) -> None:
        """Wait until the page's late requests (fonts, icons, images) are done and fonts are in.

        Like Playwright's "networkidle" (no request for 500 ms), but waits only as long as the page
        is actually loading something, then ``quiet_ms`` more.
        """
        quiet = waited = 0
        while quiet < quiet_ms and waited < timeout_ms:
            page.wait_for_timeout(25)  # lets Playwright deliver the request events
            waited += 25
            quiet = 0 if self.in_flight else quiet + 25
        if self.in_flight:
            self.problems.append(f"requests still loading after {timeout_ms} ms: {self.in_flight}")
        page.evaluate("document.fonts.ready.then(() => true)")

    def _console(self, message: Any) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        status = self.expected_status.get(url, 200)
        if status >= 400 and f"status of {status}" in message.text:
            return  # Chromium's note about the 404 page we asked for, not a fault of the page
        self.problems.append(f"console error: {message.text} ({message.location})")

    def _request_failed(self, request: Any) -> None:
        self.in_flight.discard(request)
        self.problems.append(
            f"request failed: {request.resource_type} {request.url}: {request.failure}"
        )

    def _response(self, response: Any) -> None:
        status = response.status
        if status >= 400 and self.expected_status.get(response.url) != status:
            kind = response.request.resource_type
            self.problems.append(f"HTTP {status} for {kind} {response.url}")


def check_images(page: Any, page_file: str) -> tuple[int, list[str]]:
    """Every image loaded and has alt text that describes it (not empty, not a file name)."""
    problems = []
    stem = _words(Path(page_file).stem)
    images = page.evaluate(IMAGES_JS)
    for image in images:
        src, alt = image["src"], image["alt"]
        if image["naturalWidth"] <= 0:
            problems.append(f"image did not load: {src}")
        if alt is None or not alt.strip():
            problems.append(f"image without alt text: {src}")
            continue
        file_stem = _words(Path(urlsplit(src).path).stem) if src != "data:..." else None
        if _IMAGE_FILE.search(alt.strip()) or _words(alt) in {stem, file_stem}:
            problems.append(f"image whose alt text is a file name ({alt!r}): {src}")
    return len(images), problems


def _words(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text).strip().lower()


def check_links(page: Any, base_url: str, site_dir: Path) -> tuple[int, list[str]]:
    """Every link inside the site reaches a file that exists, and its #anchor exists there."""
    problems = []
    base = urlsplit(base_url)
    here = urlsplit(page.url).path
    hrefs = page.evaluate(LINKS_JS)
    checked = 0
    for href in sorted(set(hrefs)):
        url = urlsplit(href)
        if url.scheme not in {"http", "https"} or url.netloc != base.netloc:
            continue  # external (no network here), mailto:, javascript:
        checked += 1
        if url.path == here:  # this very page (also when it is the 404 page at a missing path)
            anchor = unquote(url.fragment)
            if anchor and not page.evaluate(HAS_ID_JS, anchor):
                problems.append(f"broken anchor (no id {anchor!r} on this page): {href}")
            continue
        if not url.path.startswith(base.path):
            problems.append(f"link leaves the site ({base.path}): {href}")
            continue
        relative = unquote(url.path[len(base.path) :])
        if relative == "" or relative.endswith("/"):
            relative += "index.html"
        target = site_dir / relative
        if not target.is_file():
            problems.append(f"broken link (no {relative} in the site): {href}")
            continue
        if not url.fragment or target.suffix != ".html":
            continue
        anchor = unquote(url.fragment)
        if anchor not in page_ids(target):
            problems.append(f"broken anchor (no id {anchor!r} in {relative}): {href}")
    return checked, problems


# Sphinx's searchtools.js writes the summary line (in the page's language) when a search is done.
SEARCH_DONE_JS = """
() => (document.querySelector("#search-results .search-summary")?.textContent ?? "").trim() !== ""
"""


def search_results(
    browser: Any, base_url: str, site_dir: Path, query: str, edition: str = ""
) -> tuple[list[str], list[str]]:
    """Search ``query`` on the search page of ``edition`` ("" English, "zh_CN/" Chinese); return
    the result pages, best first, as paths relative to the site root, and the visit's problems
    (console errors, failed requests, broken links of the results page)."""
    visit = Visit()
    context = browser.new_context(viewport=DESKTOP)
    try:
        page = context.new_page()
        visit.watch(page)
        page.goto(f"{base_url}{edition}search.html?q={quote(query)}", wait_until="load")
        page.wait_for_function(SEARCH_DONE_JS, timeout=30_000)
        visit.settle(page)
        hrefs = page.eval_on_selector_all(
            "#search-results ul.search > li > a", "(links) => links.map((a) => a.href)"
        )
        _, broken = check_links(page, base_url, site_dir)
    finally:
        context.close()
    base_path = urlsplit(base_url).path
    return [urlsplit(href).path[len(base_path) :] for href in hrefs], visit.problems + broken


class _IdCollector(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value or "")


@cache
def page_ids(path: Path) -> frozenset[str]:
    collector = _IdCollector()
    collector.feed(path.read_text(encoding="utf-8"))
    return frozenset(collector.ids)


def check_math(page: Any) -> list[str]:
    """Every formula on the page was typeset."""
    return [f"formula not typeset: {text[:80]!r}" for text in page.evaluate(MATH_JS)]


def check_overflow(page: Any) -> list[str]:
    """Nothing makes the page, or its main column, scroll sideways."""
    found = page.evaluate(OVERFLOW_JS)
    problems = []
    if found["page"] > found["viewport"]:
        problems.append(
            f"page is {found['page']} px wide on a {found['viewport']} px screen; "
            f"sticking out: {found['culprits']}"
        )
    for box in found["boxes"]:
        problems.append(
            f"main content scrolls sideways ({box}); sticking out: {found['culprits']}"
        )
    return problems


def check_axe(page: Any, theme: str) -> tuple[list[str], list[str]]:
    """axe-core with the WCAG 2 A/AA rules: (blocking violations, other violations)."""
    results = _AXE.run(page, options=AXE_OPTIONS).response
    blocking, other = [], []
    for violation in results["violations"]:
        targets = [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]]
        line = (
            f"axe [{theme}] {violation['impact']} {violation['id']}: {violation['help']} "
            f"({len(violation['nodes'])} element(s), e.g. {targets})"
        )
        (blocking if violation["impact"] in BLOCKING_IMPACTS else other).append(line)
    return blocking, other
