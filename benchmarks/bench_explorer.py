"""Benchmark the shape explorer: its weight, and how long one update takes in headless Chromium.

1. Weight: ``explorer.js`` and ``explorer.css`` in bytes as the built site serves them (the
   extension ships them without indentation or comment lines), and for the Chinese edition with
   its string table ``explorer-zh_CN.js``: the budget is 45 KB per edition, uncompressed;
   gzip-compressed sizes for reference.
2. Update time for a 10-layer bidirectional LSTM with T = 20, the picture of the unrolled network
   included (budget: 16 ms, one frame at 60 Hz). The built site
   (``docs/_build/html``; build it first) is served on 127.0.0.1 and ``explorer.html`` opened in
   headless Chromium. Each update types a new value into a control and measures, in the page,
   (a) the explorer's own work, from the ``input`` event to the new results in the DOM, and
   (b) the same with the browser's style and layout of the new results (forced right after it, so
   that waiting for the display's next frame is not counted). Every update renders a 10-layer
   configuration (the value typed alternates between two 10-layer configurations).

3. The Chinese edition (``zh_CN/`` in the built site, if built): its string table
   ``explorer-zh_CN.js`` (loaded by Chinese pages only, so not in the English budget) and the same
   update time on ``zh_CN/explorer.html``, where every string also goes through the table.

Prints a table, writes JSON (``--json``), and exits with 1 if a budget is exceeded.
Usage: ``python benchmarks/bench_explorer.py [--updates 60] [--json PATH]``.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STATIC = ROOT / "docs" / "_static"
HTML = Path(os.environ.get("LSTM_OUTPUTS_SITE_DIR", ROOT / "docs" / "_build" / "html"))
WEIGHT_BUDGET = 45_000  # bytes per edition: JS and CSS (and the Chinese table on Chinese pages)
UPDATE_BUDGET_MS = 16.0

# One update: type a value, time the explorer's work and the layout, then let a frame pass.
UPDATE_JS = """
async ([name, value]) => {
  const input = document.querySelector(`.lstm-explorer [name="${name}"]`);
  const start = performance.now();
  input.value = value;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  const script = performance.now() - start;
  document.body.getBoundingClientRect();  // style and layout of the new results, now
  const layout = performance.now() - start;
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  const rows = document.querySelectorAll(".lstm-explorer .lx-rows tbody tr").length;
  const boxes = document.querySelectorAll(".lstm-explorer .lx-net [data-k^=c]").length;
  return {script, layout, rows, boxes, error: !document.querySelector(".lx-error").hidden};
}
"""


def weight() -> dict[str, int]:
    built = HTML / "_static"
    files = [built / "explorer.js", built / "explorer.css"]
    table = built / "explorer-zh_CN.js"  # Chinese pages only
    if not all(path.is_file() for path in [*files, table]):
        sys.exit(f"{built} lacks the explorer's assets: build the site first (nox -s docs).")
    sizes = {path.name: path.stat().st_size for path in [*files, table]}
    sizes["en"] = sum(path.stat().st_size for path in files)
    sizes["zh_CN"] = sizes["en"] + table.stat().st_size
    sizes["en_gzip"] = sum(len(gzip.compress(path.read_bytes(), 9)) for path in files)
    sizes["zh_CN_gzip"] = sizes["en_gzip"] + len(gzip.compress(table.read_bytes(), 9))
    return sizes


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _silent(*args: Any) -> None:
    pass


# The two kinds of update timed: one that leaves the picture as it is (hidden_size: the unrolled
# network does not depend on it; the explorer rewrites only the sections that changed) and one that
# redraws it (the sequence length, 20 and 19 in turn).
SERIES = {
    "picture kept": ("hidden_size", ["64", "65"]),
    "picture redrawn": ("seq_len", ["19", "20"]),
}


def update_times(
    updates: int, name: str = "explorer.html", series: str = "picture redrawn"
) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    if not (HTML / name).is_file():
        sys.exit(f"{HTML / name} is missing: build the site first (nox -s docs).")
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    quiet = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": _silent})
    handler = functools.partial(quiet, directory=str(HTML))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/{name}?num_layers=10&seq_len=20"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url, wait_until="load")
            page.locator(".lx-body table").first.wait_for()
            field, values = SERIES[series]
            for warmup in range(6):
                page.evaluate(UPDATE_JS, [field, values[warmup % 2]])
            results = [page.evaluate(UPDATE_JS, [field, values[i % 2]]) for i in range(updates)]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert all(r["rows"] == 20 and r["boxes"] > 0 and not r["error"] for r in results), results[:3]
    script = [r["script"] for r in results]
    layout = [r["layout"] for r in results]
    return {
        "configuration": "nn.LSTM, num_layers=10, bidirectional, T = 20 (20 rows of h_n)",
        "series": f"{series}: {field} set to {' and '.join(values)} in turn",
        "page": name,
        "updates": updates,
        "script_ms": {
            "median": statistics.median(script),
            "p95": percentile(script, 0.95),
            "max": max(script),
        },
        "with_layout_ms": {
            "median": statistics.median(layout),
            "p95": percentile(layout, 0.95),
            "max": max(layout),
        },
        "console_errors": errors,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--updates", type=int, default=60)
    parser.add_argument("--json", type=Path, default=ROOT / "benchmarks/results/explorer.json")
    args = parser.parse_args()
    sizes = weight()
    editions = {"en": update_times(args.updates)}
    if (HTML / "zh_CN" / "explorer.html").is_file():
        editions["zh_CN"] = update_times(args.updates, "zh_CN/explorer.html")
    kept = update_times(args.updates, series="picture kept")
    print(
        f"explorer weight, English: explorer.js {sizes['explorer.js']} B + explorer.css "
        f"{sizes['explorer.css']} B = {sizes['en']} B (budget {WEIGHT_BUDGET} B); "
        f"gzip {sizes['en_gzip']} B"
    )
    print(
        f"explorer weight, Chinese: + explorer-zh_CN.js {sizes['explorer-zh_CN.js']} B = "
        f"{sizes['zh_CN']} B (budget {WEIGHT_BUDGET} B); gzip {sizes['zh_CN_gzip']} B"
    )
    for times in [*editions.values(), kept]:
        print(f"update, {times['page']}, {times['configuration']}, {times['updates']} updates")
        print(f"  ({times['series']}):")
        for key, label in (("script_ms", "explorer's work"), ("with_layout_ms", "with layout")):
            t = times[key]
            print(
                f"  {label:16} median {t['median']:6.2f} ms  p95 {t['p95']:6.2f} ms  "
                f"max {t['max']:6.2f} ms  (budget {UPDATE_BUDGET_MS} ms)"
            )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    report = {"weight_bytes": sizes, "update": editions["en"], "update_picture_kept": kept}
    if "zh_CN" in editions:
        report["update_zh_CN"] = editions["zh_CN"]
    rounded = json.loads(json.dumps(report), parse_float=lambda x: round(float(x), 2))
    args.json.write_text(json.dumps(rounded, indent=2) + "\n")
    slow = any(t["with_layout_ms"]["median"] > UPDATE_BUDGET_MS for t in editions.values())
    errors = [e for t in editions.values() for e in t["console_errors"]]
    if errors:
        print("console errors:", errors)
    heavy = max(sizes["en"], sizes["zh_CN"]) > WEIGHT_BUDGET
    return 1 if heavy or slow or errors else 0


if __name__ == "__main__":
    sys.exit(main())
