"""The gallery in editions other than English: what stays English, and the timing line.

sphinx-gallery writes each example's page in English, with code, outputs and downloads (``.py``,
``.ipynb``) that no catalog translates; the pages' prose is translated through the catalogs. In
any edition but English, every gallery page (``auto_examples/``) gets one line under its title
saying that code, outputs and downloads stay in English.

The line "Total running time of the script: (0 minutes 1.234 seconds)" that sphinx-gallery writes
under each example changes with every run, so a catalog entry for it would never match: it is
left out of the extracted messages (gettext builder) and written by this extension in the
edition's language (``site_strings``). Written against sphinx-gallery 0.22.1 (``TIMING_CONTENT``
in ``sphinx_gallery/gen_rst.py``).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from site_strings import text
from sphinx.application import Sphinx

GALLERY = "auto_examples/"
TIMING = re.compile(
    r"^\.\. rst-class:: sphx-glr-timing\n\n"
    r"   \*\*Total running time of the script:\*\* \((\d+) minutes ([\d.]+) seconds\)\n",
    re.MULTILINE,
)
NOTE = "Code, outputs and downloads of this example stay in English."
TIMING_LINE = "**Total running time of the script:** ({minutes:.0f} minutes {seconds:.3f} seconds)"


def timing_in(source: str, language: str | None, extracting: bool) -> str:
    """``source`` with its timing line dropped (``extracting``) or in ``language``."""

    def replace(match: re.Match[str]) -> str:
        if extracting:
            return ""
        line = text(language, TIMING_LINE, minutes=int(match[1]), seconds=float(match[2]))
        return f".. rst-class:: sphx-glr-timing\n\n   {line}\n"

    return TIMING.sub(replace, source)


def _timing(app: Sphinx, docname: str, source: list[str]) -> None:
    extracting = app.builder.name == "gettext"
    if not docname.startswith(GALLERY) or (app.config.language == "en" and not extracting):
        return
    source[0] = timing_in(source[0], app.config.language, extracting)


def _note(app: Sphinx, doctree: nodes.document) -> None:
    docname = app.env.docname
    if not docname.startswith(GALLERY) or app.config.language in (None, "en"):
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not section.children:
        return
    note = nodes.paragraph(text(app.config.language, NOTE), text(app.config.language, NOTE))
    note["classes"].append("gallery-language-note")
    section.insert(1, note)  # right under the title


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("source-read", _timing)
    app.connect("doctree-read", _note)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
