"""Math rendered to MathML when the site is built (``html_math_renderer = "mathml"``).

Every current browser lays out MathML Core (Chromium since 109) and screen readers read it as
math; MathJax made each page with a formula fetch about 1.2 MB first. ``latex2mathml`` converts
the LaTeX; a formula it cannot convert is a warning naming the page and the formula.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from latex2mathml.converter import convert
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number

logger = logging.getLogger(__name__)


def _block_latex(part: str) -> str:
    """The LaTeX of one displayed equation, in a form latex2mathml lays out.

    Like Sphinx's own ``wrap_displaymath``: rows (``\\\\``) or alignment points (``&``) outside
    any environment become a ``split``. latex2mathml has no ``aligned`` (it prints the ``&``
    as a letter); ``align*`` is the same table without equation numbers.
    """
    part = part.replace(r"\begin{aligned}", r"\begin{align*}")
    part = part.replace(r"\end{aligned}", r"\end{align*}")
    if r"\begin" not in part and ("&" in part or r"\\" in part):
        part = r"\begin{split}" + part + r"\end{split}"
    return part


def _to_mathml(node: nodes.Element, latex: str, display: str) -> str:
    try:
        mathml = convert(_block_latex(latex) if display == "block" else latex, display=display)
        if "<mi>&</mi>" in mathml:
            raise ValueError("an alignment point (&) outside a table environment")
    except Exception as error:  # latex2mathml raises its own exception types and plain ones
        logger.warning(
            "cannot render this formula as MathML (%s): %s",
            str(error) or type(error).__name__,
            latex,
            location=node,
        )
        return f'<code class="math-source">{escape(latex)}</code>'
    # The LaTeX stays with the formula, for readers who copy it and for assistive tools.
    return mathml.replace("<math ", f'<math alttext="{escape(latex, quote=True)}" ', 1)


def _visit_inline(self: Any, node: nodes.math) -> None:
    self.body.append(
        f'<span class="math notranslate">{_to_mathml(node, node.astext(), "inline")}</span>'
    )
    raise nodes.SkipNode


def _visit_block(self: Any, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node.get("number"):
        number = get_node_equation_number(self, node)
        self.body.append(f'<span class="eqno">({number})')
        self.add_permalink_ref(node, "Link to this equation")
        self.body.append("</span>")
    # As with Sphinx's own renderers, paragraphs of a math block are separate equations.
    for part in node.astext().split("\n\n"):
        if part.strip():
            self.body.append(_to_mathml(node, part.strip(), "block"))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_html_math_renderer("mathml", (_visit_inline, None), (_visit_block, None))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
