"""Benchmark the docs build against its floor.

Measures, each as the median of ``--runs`` runs:

1. a clean build (no ``_build``, no generated gallery, no notebook cache), executing everything,
   and right after each, the Chinese edition's build (``-D language=zh_CN`` into
   ``_build/html/zh_CN``), which reuses the executed pages and the generated gallery;
2. a no-op rebuild;
3. a rebuild after touching one gallery script, and after touching one narrative page;
4. the floor: (a) every gallery script and every narrative page's code run once as plain Python,
   sequentially, plus (b) a Sphinx build of the same sources with execution turned off;
5. each example's own run time, and the built site's page weights: what headless Chromium
   fetches for the first page (theme included) and what each further page adds (when no Chromium
   is found, an upper bound estimated from the HTML).

Prints a table and the ratios, and writes them as JSON (``--json``). Run it with ``nox -s bench``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.browser import chromium, serve
from tools.paths import (
    DOCS,
    GALLERY,
    GENERATED,
    HTML,
    ROOT,
    SPHINX_STRICT,
    clean,
    edition_dirs,
    gallery_scripts,
    notebook_pages,
    site_pages,
)

# The gallery script and the narrative page touched in measurement 3.
TOUCH_SCRIPT = GALLERY / "basics" / "plot_gru_and_rnn.py"
TOUCH_PAGE = DOCS / "explain" / "stacking.md"


@dataclass
class Build:
    seconds: float
    examples_run: int
    notebooks_run: int
    output: str = field(repr=False)


def sphinx(src: Path, out: Path, *extra: str) -> Build:
    """Run one strict HTML build; count the examples and notebooks it executed."""
    command = [sys.executable, "-m", "sphinx", *SPHINX_STRICT, *extra, str(src), str(out)]
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    output = result.stdout + result.stderr
    if result.returncode != 0:
        raise SystemExit(f"build failed ({' '.join(command)}):\n{output[-4000:]}")
    match = re.search(r"successfully executed (\d+) out of", output)
    return Build(
        seconds=seconds,
        examples_run=int(match.group(1)) if match else 0,
        notebooks_run=len(re.findall(r"Executed notebook in", output)),
        output=output,
    )


def median_of(runs: int, measure: Callable[[], Build]) -> tuple[float, list[Build]]:
    builds = [measure() for _ in range(runs)]
    return statistics.median(b.seconds for b in builds), builds


@contextmanager
def touched(path: Path, marker: str) -> Iterator[None]:
    """Change a file's content (sphinx-gallery and myst-nb key on content, not mtime); restore it."""
    original = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".md":
            # A comment inside the first code cell, after its options (``:tags: [...]``): the
            # page's code changes, so it must re-execute.
            changed = re.sub(
                r"(```\{code-cell\} ipython3\n(?::[\w-]+:.*\n)*)",
                rf"\1# {marker}\n",
                original,
                count=1,
            )
        else:
            changed = original + f"\n# {marker}\n"
        assert changed != original, f"could not touch {path}"
        path.write_text(changed, encoding="utf-8")
        yield
    finally:
        path.write_text(original, encoding="utf-8")


def run_python(code_file: Path, cwd: Path) -> float:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, str(code_file)], cwd=cwd, env=env, check=True, capture_output=True
    )
    return time.perf_counter() - start


def floor_execution() -> dict[str, float]:
    """Every gallery script and every page's code, once each, as plain Python, sequentially."""
    import jupytext

    seconds: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for script in gallery_scripts():
            seconds[script.relative_to(ROOT).as_posix()] = run_python(script, work)
        for page in notebook_pages():
            as_script = work / (page.stem + "_page.py")
            notebook = jupytext.read(page, fmt="md:myst")
            as_script.write_text(jupytext.writes(notebook, fmt="py:percent"), encoding="utf-8")
            seconds[page.relative_to(ROOT).as_posix()] = run_python(as_script, page.parent)
    return seconds


def floor_render() -> float:
    """A clean Sphinx build of a copy of the sources with all execution turned off."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "repo"
        ignore = shutil.ignore_patterns(*(path.name for path in GENERATED), ".*")
        for name in ("docs", "gallery", "src"):
            shutil.copytree(ROOT / name, copy / name, ignore=ignore)
        build = sphinx(
            copy / "docs",
            copy / "docs" / "_build" / "html",
            "-D",
            "plot_gallery=0",
            "-D",
            "nb_execution_mode=off",
        )
    return build.seconds


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.assets: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if (
            tag == "link"
            and a.get("href")
            and (
                {"stylesheet", "icon", "preload", "modulepreload"} & set(a.get("rel", "").split())
            )
        ):
            self.assets.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.assets.append(a["src"])
        elif tag == "img" and a.get("src") and not a["src"].startswith("data:"):
            self.images.append(a["src"])


def _local(page: Path, ref: str) -> Path | None:
    if ref.startswith(("http:", "https:", "//", "data:")):
        return None
    target = urldefrag(urljoin(page.relative_to(HTML).as_posix(), ref.split("?")[0]))[0]
    path = HTML / target
    return path if path.is_file() else None


def _css_fetches(css: Path, seen: set[Path]) -> None:
    """Files a stylesheet pulls in (@import and url(): fonts the theme preloads)."""
    for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", css.read_text(errors="ignore")):
        if ref.startswith("data:"):
            continue
        target = (css.parent / ref.split("?")[0].split("#")[0]).resolve()
        if target.is_file() and target not in seen and target.suffix in {".css", ".woff2"}:
            seen.add(target)
            if target.suffix == ".css":
                _css_fetches(target, seen)


def _html_pages() -> list[Path]:
    return [HTML / page for page in site_pages(HTML)]


def static_page_weights() -> dict[str, object]:
    """An upper bound from the HTML alone: every asset a page links, every font its CSS names.

    A browser fetches fewer fonts than the stylesheets name (only the faces a page uses), so this
    overstates the first visit. It is the fallback when no Chromium is at hand.
    """
    theme: set[Path] = set()
    per_page: dict[str, int] = {}
    first_visits: dict[str, int] = {}
    for page in _html_pages():
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8", errors="ignore"))
        assets = {p for p in (_local(page, r) for r in parser.assets) if p}
        for css in [a for a in assets if a.suffix == ".css"]:
            _css_fetches(css, assets)
        images = {p for p in (_local(page, r) for r in parser.images) if p}
        weight = page.stat().st_size + sum(i.stat().st_size for i in images)
        name = page.relative_to(HTML).as_posix()
        if name in {f"{edition}index.html" for edition in _editions()}:
            first_visits[name] = weight + sum(a.stat().st_size for a in assets)
        per_page[name] = weight
        theme |= assets
    return _weights("static upper bound (HTML and CSS references)", first_visits, per_page) | {
        "theme_asset_bytes": sum(a.stat().st_size for a in theme)
    }


def edition_of(page: str) -> str:
    """The edition folder a page path (relative to the site's root) belongs to."""
    return "zh_CN/" if page.startswith("zh_CN/") else ""


def _editions() -> list[str]:
    """The built editions' folders under the site's root: "" (English), "zh_CN/" if built."""
    return ["", *(["zh_CN/"] if (HTML / "zh_CN" / "index.html").is_file() else [])]


def _weights(
    method: str, first_visits: dict[str, int], per_page: dict[str, int]
) -> dict[str, object]:
    """``first_visits``: each edition's home page with the theme's assets (a reader of the
    Chinese edition arrives there, and its assets live under zh_CN/_static)."""
    further = {k: v for k, v in per_page.items() if k not in first_visits}
    return {
        "method": method,
        "first_visit_bytes": first_visits["index.html"],
        "first_visit_bytes_by_page": first_visits,
        "further_median_bytes": int(statistics.median(further.values())),
        "further_max_bytes": max(further.values()),
        "further_max_page": max(further, key=further.__getitem__),
        "pages": per_page,
    }


def browser_page_weights(chromium: str) -> dict[str, object]:
    """What headless Chromium fetches (response bodies, uncompressed, from a local server).

    Each edition's home page is loaded cold: that is the first visit, theme assets included.
    Every further page of that edition is then loaded on its own with the first visit's files
    cached: what it adds is each file it fetches beyond those (its HTML, images, any script or font
    only it needs). 404.html is left out: its links are absolute to the hosted sub-path, which a
    local server does not have.
    """
    from playwright.sync_api import sync_playwright

    server = serve(HTML)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
    per_page: dict[str, int] = {}

    def fetch(page: Any, html: Path, cached: set[str]) -> dict[str, int]:
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))
        page.goto(base + html.relative_to(HTML).as_posix(), wait_until="networkidle")
        sizes = {}
        for response in responses:
            url = response.url.split("#")[0]
            if url.startswith(base) and url not in cached and response.ok:
                sizes[url] = len(response.body())
        return sizes

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=args)
            first_visits: dict[str, int] = {}
            for edition in _editions():
                home = f"{edition}index.html"
                first = fetch(browser.new_page(), HTML / home, set())
                first_visits[home] = per_page[home] = sum(first.values())
                for html in _html_pages():
                    name = html.relative_to(HTML).as_posix()
                    if name in (home, f"{edition}404.html") or edition_of(name) != edition:
                        continue
                    page = browser.new_page()
                    per_page[name] = sum(fetch(page, html, set(first)).values())
                    page.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return _weights(
        "headless Chromium: response bodies (uncompressed); further pages with the first "
        "visit's files cached",
        first_visits,
        per_page,
    )


def page_weights() -> dict[str, object]:
    executable = chromium()
    weights = static_page_weights()
    if executable is None:
        print("no Chromium found (set CHROMIUM): page weights are the static upper bound")
        return weights
    measured = browser_page_weights(executable)
    measured["static_upper_bound"] = {k: v for k, v in weights.items() if k != "pages"}
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument(
        "--json", type=Path, default=ROOT / "benchmarks" / "results" / "latest.json"
    )
    args = parser.parse_args()

    results: dict[str, object] = {
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
        },
        "runs": args.runs,
    }

    chinese: list[Build] = []

    def clean_build() -> Build:
        """A clean English build, then (unmeasured in its time) the Chinese edition's build."""
        clean()
        build = sphinx(DOCS, HTML)
        html, doctrees = edition_dirs("zh_CN")
        chinese.append(sphinx(DOCS, html, "-D", "language=zh_CN", "-d", str(doctrees)))
        return build

    print(f"clean build x{args.runs}, each followed by the Chinese edition ...", flush=True)
    results["clean_s"], cleans = median_of(args.runs, clean_build)
    results["examples_in_clean_build"] = cleans[-1].examples_run
    results["notebooks_in_clean_build"] = cleans[-1].notebooks_run
    results["zh_after_clean_s"] = statistics.median(build.seconds for build in chinese)
    results["zh_examples_run"] = max(build.examples_run for build in chinese)
    results["zh_notebooks_run"] = max(build.notebooks_run for build in chinese)
    weights = page_weights()  # of the site the clean build produced
    first_visits: dict[str, int] = weights["first_visit_bytes_by_page"]  # type: ignore[assignment]

    print("no-op rebuild ...", flush=True)
    results["noop_s"], noops = median_of(args.runs, lambda: sphinx(DOCS, HTML))
    results["noop_examples_run"] = max(b.examples_run for b in noops)
    results["noop_notebooks_run"] = max(b.notebooks_run for b in noops)

    def touch(path: Path) -> Callable[[], Build]:
        counter = iter(range(10**6))

        def measure() -> Build:
            with touched(path, f"bench touch {next(counter)}"):
                build = sphinx(DOCS, HTML)
            sphinx(DOCS, HTML)  # put the original back in the site, unmeasured
            return build

        return measure

    print("touched gallery script ...", flush=True)
    results["touch_script_s"], scripts = median_of(args.runs, touch(TOUCH_SCRIPT))
    results["touch_script_examples_run"] = max(b.examples_run for b in scripts)
    print("touched narrative page ...", flush=True)
    results["touch_page_s"], pages = median_of(args.runs, touch(TOUCH_PAGE))
    results["touch_page_notebooks_run"] = max(b.notebooks_run for b in pages)

    print("floor ...", flush=True)
    runs = [floor_execution() for _ in range(args.runs)]
    per_item = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    results["floor_execution_s"] = sum(per_item.values())
    results["floor_render_s"] = statistics.median(floor_render() for _ in range(args.runs))
    results["floor_s"] = results["floor_execution_s"] + results["floor_render_s"]
    results["own_run_s"] = per_item
    results["page_weights"] = weights

    touched_own = per_item[TOUCH_SCRIPT.relative_to(ROOT).as_posix()]
    ratios = {
        "clean / floor": results["clean_s"] / results["floor_s"],
        "touched script rebuild / its own run": results["touch_script_s"] / touched_own,
        "Chinese build / English clean build": results["zh_after_clean_s"] / results["clean_s"],
    }
    results["ratios"] = ratios
    results["targets"] = {
        "clean <= 1.2 x floor": results["clean_s"] <= 1.2 * results["floor_s"],
        "no-op rebuild <= 3 s": results["noop_s"] <= 3.0,
        "touched script rebuild <= own run + 5 s": results["touch_script_s"] <= touched_own + 5,
        "touching a script reruns only it": results["touch_script_examples_run"] == 1,
        "Chinese build <= 40% of the English clean build": (
            results["zh_after_clean_s"] <= 0.4 * results["clean_s"]
        ),
        "Chinese build executes nothing": (
            results["zh_examples_run"] == 0 and results["zh_notebooks_run"] == 0
        ),
        "touching a page re-executes only it": results["touch_page_notebooks_run"] == 1,
        "first visit <= 1 MB (each edition)": max(first_visits.values()) <= 1_000_000,
        "further pages median <= 200 KB": weights["further_median_bytes"] <= 200_000,
        "further pages max <= 600 KB": weights["further_max_bytes"] <= 600_000,
    }

    print()
    print(f"{'measurement':<44}{'seconds':>10}")
    for key in [
        "clean_s",
        "zh_after_clean_s",
        "noop_s",
        "touch_script_s",
        "touch_page_s",
        "floor_execution_s",
        "floor_render_s",
        "floor_s",
    ]:
        print(f"{key:<44}{results[key]:>10.1f}")
    print()
    print(f"{'own run time (plain Python)':<60}{'seconds':>10}")
    for key, value in sorted(per_item.items(), key=lambda kv: -kv[1]):
        print(f"{key:<60}{value:>10.1f}")
    print()
    print(
        "first visit "
        + ", ".join(f"{v / 1e3:.0f} KB ({k})" for k, v in first_visits.items())
        + f"; further pages median "
        f"{weights['further_median_bytes'] / 1e3:.0f} KB, max {weights['further_max_bytes'] / 1e3:.0f} KB "
        f"({weights['further_max_page']})\n  measured by: {weights['method']}"
    )
    for name, value in ratios.items():
        print(f"{name}: {value:.2f}")
    for name, ok in results["targets"].items():
        print(f"{'PASS' if ok else 'MISS'}  {name}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"\nwritten {args.json}")


if __name__ == "__main__":
    main()
