"""The site's own Sphinx extensions (docs/_ext), each on a tiny project built in a temporary folder.

mathml: formulas become MathML when the site is built (no MathJax); sitemap_xml: the sitemap
lists every page, also after an incremental build; gallery_reset: each example starts from a
fresh interpreter's torch settings.
"""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
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
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
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
from gallery_reset import reset_torch_state

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
