"""The site's own Sphinx extensions (docs/_ext), each on a tiny project built in a temporary folder.

mathml: formulas become MathML when the site is built (no MathJax).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
CONF = f"""
import sys
sys.path.insert(0, {str(EXT)!r})
extensions = ["mathml"]
html_math_renderer = "mathml"
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
