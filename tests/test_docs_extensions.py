"""The site's own Sphinx extensions (docs/_ext), each on a tiny project built in a temporary folder.

mathml: formulas become MathML when the site is built (no MathJax); sitemap_xml: the sitemap
lists every page, also after an incremental build; gallery_setup: each example starts from a
fresh interpreter's torch settings. The extensions that work around upstream defects (each
docstring says which) are checked on one small project with the site's theme and myst-nb.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from warm_python import sphinx_build

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
sys.path.insert(0, str(EXT))  # for the tests that call an extension's functions directly
CONF = f"""
import sys
sys.path.insert(0, {str(EXT)!r})
extensions = ["mathml", "sitemap_xml"]
html_math_renderer = "mathml"
html_baseurl = "https://example.org/docs/"
sitemap_excludes = ["secret"]
"""


def build(src: Path) -> tuple[Path, str]:
    """Build ``src`` to HTML in a fresh process (as ``nox -s docs`` does); return the output
    folder and the warnings. Sphinx keeps its doctrees, so a second call is incremental."""
    out = src / "_build" / "html"
    result = sphinx_build("-q", "-b", "html", str(src), str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def project(tmp_path: Path, pages: dict[str, str]) -> Path:
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    for name, text in pages.items():
        (tmp_path / f"{name}.rst").write_text(text, encoding="utf-8")
    return tmp_path


MATH_PAGE = r"""
Math
====

Inline :math:`h_t = o_t \odot \tanh(c_t)` and a block:

.. math::

   i_t &= \sigma(W_{ii} x_t) \\
   c_t &= f_t \odot c_{t-1}

.. math::

   \begin{aligned} a &= b \\ c &= d \end{aligned}
"""


def test_math_is_mathml_with_its_latex_and_no_mathjax(tmp_path: Path) -> None:
    html_dir, warnings = build(project(tmp_path, {"index": MATH_PAGE}))
    assert warnings == ""
    html = (html_dir / "index.html").read_text(encoding="utf-8")
    assert "mathjax" not in html.lower()
    formulas = re.findall(r"<math [^>]*>.*?</math>", html, flags=re.S)
    assert len(formulas) == 3
    inline, rows, aligned = formulas
    assert 'display="inline"' in inline
    assert 'alttext="h_t = o_t \\odot \\tanh(c_t)"' in inline
    # Rows outside an environment, and "aligned", become tables: one row per line, and no "&"
    # left over as a letter.
    for block in (rows, aligned):
        assert 'display="block"' in block
        assert block.count("<mtr>") == 2
        assert "<mi>&amp;</mi>" not in block
        assert "<mi>&</mi>" not in block


def test_a_formula_that_cannot_be_converted_is_a_warning_naming_it(tmp_path: Path) -> None:
    page = "Bad\n===\n\n.. math::\n\n   [i, f] &= x\n"
    html_dir, warnings = build(project(tmp_path, {"index": page}))
    assert "cannot render this formula as MathML" in warnings
    assert "[i, f] &= x" in warnings
    assert "index.rst" in warnings
    # The page still shows the LaTeX, as code, rather than nothing.
    assert '<code class="math-source">[i, f] &amp;= x</code>' in (
        html_dir / "index.html"
    ).read_text(encoding="utf-8")


def _sitemap(html_dir: Path) -> list[str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(html_dir / "sitemap.xml").getroot()
    return [loc.text or "" for loc in root.findall("s:url/s:loc", namespace)]


def test_sitemap_lists_every_page_also_after_an_incremental_build(tmp_path: Path) -> None:
    pages = {
        "index": "Home\n====\n\n.. toctree::\n\n   b\n   a\n   secret\n",
        "a": "A\n=\n",
        "b": "B\n=\n",
        "secret": "Secret\n======\n",
    }
    src = project(tmp_path, pages)
    expected = [f"https://example.org/docs/{name}.html" for name in ("a", "b", "index")]
    html_dir, warnings = build(src)
    assert warnings == ""
    assert _sitemap(html_dir) == expected
    # Rebuild after editing one page: only that page is written, the sitemap still lists all.
    (src / "a.rst").write_text("A, edited\n=========\n", encoding="utf-8")
    html_dir, warnings = build(src)
    assert warnings == ""
    assert "edited" in (html_dir / "a.html").read_text(encoding="utf-8")
    assert _sitemap(html_dir) == expected


RESET_PROBE = f"""
import sys, warnings
sys.path.insert(0, {str(EXT)!r})
import torch
from gallery_setup import reset_torch_state

filters_before = list(warnings.filters)
reset_torch_state({{}}, "first.py")
# Leaving determinism off costs nothing: torch.use_deterministic_algorithms imports inductor.
assert "torch._inductor.config" not in sys.modules
# What an example may change comes back for the next one.
torch.use_deterministic_algorithms(True)
torch.set_default_dtype(torch.float64)
torch.set_grad_enabled(False)
warnings.simplefilter("ignore")
reset_torch_state({{}}, "second.py")
assert not torch.are_deterministic_algorithms_enabled()
assert torch.get_default_dtype() == torch.float32
assert torch.is_grad_enabled()
assert torch.get_num_threads() == 1
assert warnings.filters == filters_before
print("ok")
"""


def test_gallery_reset_restores_what_an_example_changed_and_stays_cheap() -> None:
    result = subprocess.run(
        [sys.executable, "-c", RESET_PROBE], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# -- The extensions that work around upstream defects, on one tiny themed project -----------------
# One project holds a page of each kind the extensions touch; it is built once, strictly, in a
# fresh process, and each test reads one extension's effect from that build.

FIXES_CONF = f"""
import sys
sys.path.insert(0, {str(EXT)!r})
extensions = [
    "myst_nb",
    "notfound.extension",
    "sphinxext.opengraph",
    "sphinx.ext.intersphinx",
    "notebooks",
    "upstream_patches",
    "figures",
]
nitpicky = True
intersphinx_mapping = {{
    "pytorch": ("https://docs.pytorch.org/docs/stable/", {str(EXT.parent / "_inventories" / "pytorch.inv")!r}),
}}
html_theme = "pydata_sphinx_theme"
html_theme_options = {{"use_edit_page_button": True}}
html_context = {{
    "github_user": "someone", "github_repo": "project", "github_version": "main",
    "doc_path": "docs",
}}
exclude_patterns = ["_build"]
nb_execution_mode = "cache"
nb_cache_key_sources = ["../src"]
notfound_urls_prefix = "/prefix/"
ogp_site_url = "https://example.org/"
ogp_social_cards = {{"enable": False}}
ogp_image = "https://example.org/_static/logo.png"
sphinx_gallery_conf = {{"examples_dirs": "../gallery", "gallery_dirs": "auto_examples"}}


def setup(app):
    # edit_links reads sphinx-gallery's setting; the gallery itself is not run here.
    app.add_config_value("sphinx_gallery_conf", {{}}, "html")
"""
NOTEBOOK_PAGE = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
  language: python
---

# Notebook

Links to {py:class}`torch.Tensor` resolve offline.

```{code-cell} ipython3
:tags: [hide-input]
import os
print("threads:", os.environ.get("OMP_NUM_THREADS"))
```
"""
FIXES_PAGES = {
    "docs/index.rst": (
        "Home\n====\n\n.. toctree::\n\n   guide/index\n   notebook\n   auto_examples/sec/index\n"
    ),
    "docs/notebook.md": NOTEBOOK_PAGE,
    "docs/guide/index.rst": "Guide\n=====\n\n.. toctree::\n\n   part/index\n",
    "docs/guide/part/index.rst": "Part one\n========\n\n.. toctree::\n\n   page\n",
    "docs/guide/part/page.rst": "Page\n====\n\nText.\n",
    "docs/404.rst": "Not found\n=========\n\nGo :doc:`home <index>`.\n",
    "docs/auto_examples/sec/index.rst": (
        "Section\n=======\n\n.. container::\n\n   .. image:: demo_thumb.svg\n\n"
        "   The demo\n\n.. toctree::\n\n   plot_demo\n   generated_only\n"
    ),
    "docs/auto_examples/sec/demo_thumb.svg": (
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>\n'
    ),
    "docs/auto_examples/sec/plot_demo.rst": "Demo\n====\n",
    "docs/auto_examples/sec/generated_only.rst": "Generated\n=========\n",
    "gallery/sec/GALLERY_HEADER.rst": "Section\n=======\n",
    "gallery/sec/plot_demo.py": '"""Demo\n====\n"""\n',
    "src/library.py": "ANSWER = 42\n",
}


def _run_sphinx(src: Path) -> str:
    """A strict build, not quiet: returns everything it logged."""
    env = {k: v for k, v in os.environ.items() if k not in {"OMP_NUM_THREADS", "IPYTHONDIR"}}
    out = src / "_build" / "html"
    result = sphinx_build("-W", "--keep-going", "-n", "-b", "html", str(src), str(out), env=env)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-4000:]
    return log


@dataclass
class FixesSite:
    root: Path
    docs: Path
    html: Path
    log: str


@pytest.fixture(scope="module")
def fixes(tmp_path_factory: pytest.TempPathFactory) -> FixesSite:
    root = tmp_path_factory.mktemp("fixes")
    for name, text in FIXES_PAGES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    docs = root / "docs"
    (docs / "conf.py").write_text(FIXES_CONF, encoding="utf-8")
    (docs / "_build" / ".jupyter_cache" / "stale-key").mkdir(parents=True)
    return FixesSite(root, docs, docs / "_build" / "html", _run_sphinx(docs))


def _html(site: FixesSite, page: str) -> str:
    return (site.html / page).read_text(encoding="utf-8")


def test_notebook_cache_key_follows_the_library_source(fixes: FixesSite, tmp_path: Path) -> None:
    from notebooks import sources_hash

    key = sources_hash([fixes.root / "src"])
    caches = [p.name for p in (fixes.docs / "_build" / ".jupyter_cache").iterdir()]
    assert caches == [key], "the cache is not keyed on src/, or the stale folder was kept"
    assert "Executing notebook" in fixes.log
    # Any change in a library file, or a new file, changes the key (so the pages run again).
    copy = tmp_path / "src"
    copy.mkdir()
    (copy / "library.py").write_text("ANSWER = 42\n", encoding="utf-8")
    assert sources_hash([copy]) == key
    (copy / "library.py").write_text("ANSWER = 43\n", encoding="utf-8")
    assert sources_hash([copy]) != key
    (copy / "library.py").write_text("ANSWER = 42\n", encoding="utf-8")
    (copy / "more.py").write_text("", encoding="utf-8")
    assert sources_hash([copy]) != key


def test_page_kernels_run_single_threaded_and_log_nothing(fixes: FixesSite) -> None:
    assert "threads: 1" in _html(fixes, "notebook.html")
    assert "Kernel is running over TCP" not in fixes.log


def test_quiet_build_log_drops_only_the_configuration_dumps(fixes: FixesSite) -> None:
    assert "MdParserConfig(" not in fixes.log
    assert "NbParserConfig(" not in fixes.log
    assert "Using jupyter-cache at" in fixes.log  # other messages stay


def test_the_committed_inventory_resolves_torch_links(fixes: FixesSite) -> None:
    assert 'href="https://docs.pytorch.org/docs/stable/tensors.html#torch.Tensor"' in _html(
        fixes, "notebook.html"
    )


def test_site_logo_is_drawn_and_used(fixes: FixesSite) -> None:
    assert (fixes.html / "_static" / "logo.png").is_file()
    index = _html(fixes, "index.html")
    assert 'src="_static/logo.svg"' in index
    assert 'rel="icon" href="_static/logo.svg"' in index
    alt = (fixes.docs / "_build" / "generated" / "logo.alt").read_text(encoding="utf-8")
    assert alt
    assert f'<meta property="og:image:alt" content="{alt}" />' in index


def test_site_logo_is_redrawn_only_when_the_diagram_code_changes(tmp_path: Path) -> None:
    from figures import draw_logo

    draw_logo(tmp_path)
    drawn = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert set(drawn) == {"logo.svg", "logo.png", "logo.alt", "logo.stamp"}
    draw_logo(tmp_path)  # same code: nothing is written
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == drawn
    (tmp_path / "logo.stamp").write_text("an older diagram code")
    (tmp_path / "logo.svg").write_text("stale")
    draw_logo(tmp_path)
    assert (tmp_path / "logo.svg").read_text(encoding="utf-8").startswith("<")


def _edit_url(html: str) -> str | None:
    found = re.search(r'href="(https://github\.com/someone/project/edit/[^"]+)"', html)
    return found.group(1) if found else None


def test_edit_links_open_the_committed_source(fixes: FixesSite) -> None:
    base = "https://github.com/someone/project/edit/main/"
    assert _edit_url(_html(fixes, "guide/part/page.html")) == base + "docs/guide/part/page.rst"
    assert _edit_url(_html(fixes, "auto_examples/sec/plot_demo.html")) == (
        base + "gallery/sec/plot_demo.py"
    )
    assert _edit_url(_html(fixes, "auto_examples/sec/index.html")) == (
        base + "gallery/sec/GALLERY_HEADER.rst"
    )
    assert _edit_url(_html(fixes, "auto_examples/sec/generated_only.html")) is None


def test_nav_toggles_are_named_after_their_section(fixes: FixesSite) -> None:
    summaries = re.findall(r"<summary[^>]*>", _html(fixes, "guide/part/page.html"))
    assert summaries, "the theme drew no collapsible section: the test page needs one"
    assert all("aria-label=" in summary for summary in summaries), summaries
    assert 'aria-label="Show or hide the pages under Part one"' in "".join(summaries)


def test_hidden_cell_toggle_is_named_by_its_visible_text(fixes: FixesSite) -> None:
    page = _html(fixes, "notebook.html")
    assert "Show code cell source" in page
    assert "Toggle hidden content" not in page
    assert '<details class="admonition hide' in page


def test_thumbnails_get_alt_text(fixes: FixesSite) -> None:
    assert 'alt="Thumbnail of the example: The demo"' in _html(
        fixes, "auto_examples/sec/index.html"
    )


def test_a_first_build_links_mystnb_css_with_its_checksum(fixes: FixesSite) -> None:
    """As every later build does (mystnb_css_early): two builds write the same pages."""
    link = re.search(
        r'href="_static/(mystnb\.[0-9a-f]+\.css)(\?v=[0-9a-f]{8})?"', _html(fixes, "index.html")
    )
    assert link is not None
    assert link.group(2), f"{link.group(1)} is linked without ?v=: copied after the pages"


def test_gallery_zips_are_the_same_whenever_their_files_were_written(tmp_path: Path) -> None:
    """gallery_zips: the zip of unchanged files does not change when they are written again."""
    from sphinx_gallery.utils import zip_files
    from upstream_patches import zip_at_fixed_time

    files = [tmp_path / "plot_a.py", tmp_path / "plot_a.ipynb"]
    zipped = []
    for when in (1_700_000_000, 1_800_000_000):  # the same files, written at two times
        for file in files:
            file.write_text(file.suffix, encoding="utf-8")
            os.utime(file, (when, when))
        for zip_it in (zip_files, zip_at_fixed_time):
            target = tmp_path / f"{when}-{zip_it.__name__}.zip"
            zipped.append(Path(zip_it([str(f) for f in files], target, tmp_path)).read_bytes())
    plain_first, fixed_first, plain_second, fixed_second = zipped
    assert plain_first != plain_second  # what sphinx-gallery does alone
    assert fixed_first == fixed_second


def test_notfound_page_links_are_absolute(fixes: FixesSite) -> None:
    assert 'href="/prefix/index.html"' in _html(fixes, "404.html")
    assert 'href="index.html"' in _html(fixes, "guide/part/page.html").replace("../../", "")
