"""myst-nb's "Show code cell source" toggle without its mismatched aria-label (WCAG 2.5.3).

Upstream: myst-nb writes ``<summary aria-label="Toggle hidden content">`` around a visible
"Show code cell source" (``myst_nb.sphinx_.visit_HideCellInput``), so the accessible name does
not contain the visible text (axe rule label-content-name-mismatch). myst-nb has no option for
the label; the prompts it shows are configurable (``nb_code_prompt_show``), the label is not.
We found no upstream issue for it (searched https://github.com/executablebooks/MyST-NB/issues);
the markup is ``visit_HideCellInput`` in ``myst_nb/sphinx_.py``. Written against myst-nb 1.4.0.

The node's HTML visitor is replaced by one that writes the same markup without the aria-label,
so the visible prompt is the name.
"""

from __future__ import annotations

from html import escape
from typing import Any

from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from site_strings import text
from sphinx.application import Sphinx


def visit_hidden_cell(self: Any, node: Any) -> None:
    """myst-nb's ``visit_HideCellInput``, minus ``aria-label`` on the ``<summary>``.

    The prompts ("Show code cell source") are written in the edition's language
    (docs/_ext/site_strings.py).
    """
    language = self.config.language
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n')
    self.body.append("<summary>\n")
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        self.body.append(
            f'<p class="{state} admonition-title">{escape(text(language, prompt))}</p>\n'
        )
    self.body.append("</summary>\n")


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")  # its node must be registered before it is overridden
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_HideCellInput))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
