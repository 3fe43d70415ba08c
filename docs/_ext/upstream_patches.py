"""Small patches of upstream behaviour, one section each, each naming its upstream issue.

Each section says what the upstream project does, the issue or pull request (or that none was
found), the versions it was written against, and what it changes; delete a section when the
upstream project ships the fix (the tests in tests/test_docs_extensions.py and
tests/test_example_failures.py then show whether it is still needed).
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from editions import text
from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput
from sphinx.application import Sphinx
from sphinx.search import IndexBuilder
from sphinx.util import logging as sphinx_logging

# ------------------------------------------------------------------------------------------------
# quiet_build_log
# ------------------------------------------------------------------------------------------------
# Upstream: myst-parser 5.2 and myst-nb 1.4 log their whole configuration at INFO level on every
# build (``MdParserConfig(...)``, ``NbParserConfig(...)``: about 1,500 characters each), with no
# setting to turn it off. A filter on Sphinx's log handlers drops those two records only.


class DropConfigDumps(logging.Filter):
    """Reject log records that print a myst-parser or myst-nb configuration object."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(type(arg).__name__ in {"MdParserConfig", "NbParserConfig"} for arg in args)


# ------------------------------------------------------------------------------------------------
# example_failures
# ------------------------------------------------------------------------------------------------
# A failing example reads like a failing test, at the end of the log.
#
# Upstream: with ``nb_execution_raise_on_error`` myst-nb 1.4 stops the build with a Sphinx crash
# dump that ends in a path, not the error; without it, a failed page is one warning in the middle
# of the log; sphinx-gallery 0.22 raises its summary from ``build-finished``, which Sphinx 9 prints
# as a crash dump too. So the site only warns (``-W`` still fails the build) and this section ends
# the log with one entry per failure::
#
#     docs/explain/stacking.md:57: WARNING: code cell 4 failed
#         ----> 3 assert out.shape == (T, N, H)
#       AssertionError: the output holds both directions
#
# Delete it when both projects end a failed build with the error itself (no issue filed yet).

logger = sphinx_logging.getLogger(__name__)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CELL = re.compile(r"\n-{18}\n(.*?)\n-{18}\n(.*)", flags=re.DOTALL)
CODE_CELL = re.compile(r"^`{3,}\{code-cell\}")
#: the cell's own line in IPython's traceback: "----> 3 assert ..."
ARROW = re.compile(r"^-*> *\d+ .*$", flags=re.MULTILINE)


def _error_line(traceback: str) -> str:
    """The last line of a traceback: ``ExceptionType: message``."""
    lines = [line.strip() for line in traceback.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


def failed_cell(doctree: nodes.document) -> int | None:
    """The line myst-nb gives the container of the cell whose outputs hold the error (each cell's
    container is marked ``nb_element``, ``cell_index``; its line is just past the cell's fence)."""
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") == "cell_code" and any(
            "traceback" in node.get("classes", ()) for node in cell.findall(nodes.Element)
        ):
            return cell.line
    return None


def notebook_failure(
    source_text: str, traceback: str, cell_line: int | None
) -> tuple[int | None, str, str, str]:
    """(line in the page, cell label, the failing line, the error) of a myst-nb traceback, the
    failed cell's container being on line ``cell_line`` (``failed_cell``)."""
    traceback = ANSI.sub("", traceback)
    match = CELL.search(traceback)
    if match is None:
        return None, "the notebook", "", _error_line(traceback)
    cell, rest = match.groups()
    arrow = ARROW.search(rest)
    failing = arrow.group(0) if arrow else cell.strip().splitlines()[-1]
    lines = source_text.splitlines()
    fences = [at for at, line in enumerate(lines[: (cell_line or 0) - 1]) if CODE_CELL.match(line)]
    if not fences:
        return None, "a code cell", failing.strip(), _error_line(rest)
    at = fences[-1] + 1  # the cell's first line of code: after its options (":key:" or YAML)
    if at < len(lines) and lines[at].strip() == "---":
        at = lines.index("---", at + 1) + 1
    while at < len(lines) and lines[at].startswith(":"):
        at += 1
    return at + 1, f"code cell {len(fences)}", failing.strip(), _error_line(rest)


def script_failure(script: Path, traceback: str) -> tuple[int | None, str, str]:
    """(line in the script, the failing line, the error) of an example's traceback."""
    frames = re.findall(r'File "([^"]+)", line (\d+)[^\n]*\n\s*([^\n]*)', traceback)
    ours = [f for f in frames if Path(f[0]).name == script.name]
    line, code = (int(ours[-1][1]), ours[-1][2].strip()) if ours else (None, "")
    return line, code, _error_line(traceback)


def _report_notebooks(app: Sphinx) -> None:
    try:
        from myst_nb.sphinx_ import NbMetadataCollector
    except ImportError:  # a project without myst-nb
        return
    for docname in sorted(app.env.found_docs):
        data = NbMetadataCollector.get_exec_data(app.env, docname)
        if not data or data.get("succeeded", True):
            continue
        path = Path(app.env.doc2path(docname))
        cell_line = failed_cell(app.env.get_doctree(docname))
        line, label, failing, error = notebook_failure(
            path.read_text(encoding="utf-8"), data.get("traceback") or "", cell_line
        )
        logger.warning("%s failed\n    %s\n  %s", label, failing, error, location=(docname, line))


def _report_scripts(app: Sphinx) -> None:
    conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    for script, traceback in sorted(conf.get("failing_examples", {}).items()):
        path = Path(script)
        line, code, error = script_failure(path, traceback)
        where = f"{path}:{line}" if line else str(path)
        logger.warning("example failed (%s)\n    %s\n  %s", where, code, error)


def report(app: Sphinx, exception: Exception | None) -> None:
    """At the end of the build: one short entry per failed page and per failed example."""
    if exception is not None:
        return
    _report_notebooks(app)
    _report_scripts(app)


# ------------------------------------------------------------------------------------------------
# search_index_entries
# ------------------------------------------------------------------------------------------------
# Upstream: Sphinx 9's search index builder keeps the titles and words of the pages an incremental
# build does not rewrite, but not their ``index`` entries, so after a one-page edit a search that
# an entry answered first ("h_n order", "merge_mode") no longer finds it first (no issue found).
# The entries are restored from the previous index (those of rebuilt or gone pages dropped) and
# written in page order: an incremental build writes the same index as a full one.

_original_load, _original_prune = IndexBuilder.load, IndexBuilder.prune
_original_freeze = IndexBuilder.freeze


def _load(self: IndexBuilder, stream: Any, format: Any) -> None:
    data = stream.read()
    reread = io.StringIO if isinstance(data, str) else io.BytesIO
    _original_load(self, reread(data), format)  # raises ValueError for an old format, as before
    frozen = (self.formats[format] if isinstance(format, str) else format).load(reread(data))
    docnames = frozen["docnames"]
    restored: dict[str, list[tuple[str, str, str]]] = {}
    for entry, hits in frozen.get("indexentries", {}).items():
        for doc, target_id, is_main in hits:
            restored.setdefault(docnames[doc], []).append(
                (entry, target_id or "", "main" if is_main else "")
            )
    for docname, entries in restored.items():
        self._index_entries.setdefault(docname, sorted(entries))


def _prune(self: IndexBuilder, docnames: Iterable[str]) -> None:
    keep = set(docnames)
    _original_prune(self, keep)
    for docname in list(self._index_entries):
        if docname not in keep:
            del self._index_entries[docname]


def _freeze(self: IndexBuilder) -> dict[str, Any]:
    # Pages in name order, whichever were rewritten: two builds write the same index.
    ordered = sorted(self._index_entries.items())
    self._index_entries.clear()
    self._index_entries.update(ordered)
    return _original_freeze(self)


# ------------------------------------------------------------------------------------------------
# edit_links
# ------------------------------------------------------------------------------------------------
# Edit on GitHub links that open the file a reader would edit, or no button at all.
#
# Upstream: pydata-sphinx-theme builds the edit URL as ``<doc_path>/<pagename><suffix>``, which for
# a sphinx-gallery page is the ``.rst`` generated at build time (never committed: the link is a
# 404) instead of the example's ``.py``; the theme has no option to map generated pages back to
# their sources: https://github.com/pydata/pydata-sphinx-theme/issues/1269. Written against
# pydata-sphinx-theme 0.24.0 and sphinx-gallery 0.22.1.
#
# Settings read: ``html_context``'s ``github_user``, ``github_repo``, ``github_version`` and
# ``doc_path`` (the theme's own), and ``sphinx_gallery_conf``'s ``examples_dirs`` and
# ``gallery_dirs``. A gallery page ``<gallery_dir>/<section>/<name>`` maps to
# ``<examples_dir>/<section>/<name>.py``, a gallery index to its ``GALLERY_HEADER.rst``; a page
# whose source is not in the repository loses the button.


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


def source_in_repository(app: Sphinx, pagename: str, suffix: str) -> Path | None:
    """The committed file that ``pagename`` is built from, or None if it is generated."""
    srcdir = Path(app.srcdir)
    gallery_conf = getattr(app.config, "sphinx_gallery_conf", None) or {}
    pairs = zip(
        _as_list(gallery_conf.get("gallery_dirs", [])),
        _as_list(gallery_conf.get("examples_dirs", [])),
        strict=False,
    )
    candidate = srcdir / f"{pagename}{suffix}"
    for gallery_dir, examples_dir in pairs:
        if pagename.startswith(gallery_dir.rstrip("/") + "/"):
            inner = Path(pagename).relative_to(gallery_dir)
            examples = (srcdir / examples_dir).resolve()
            if inner.name == "index":
                candidate = examples / inner.parent / "GALLERY_HEADER.rst"
            else:
                candidate = examples / inner.with_suffix(".py")
            break
    return candidate if candidate.is_file() else None


def _edit_link(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    html_context = app.config.html_context
    if "github_user" not in html_context:  # no edit links configured: nothing to map
        return
    suffix = context.get("page_source_suffix")
    source = source_in_repository(app, pagename, suffix) if suffix else None
    if source is None:
        context["theme_use_edit_page_button"] = False  # generated pages: nothing to edit
        return
    root = Path(app.srcdir).resolve()
    for _ in Path(html_context.get("doc_path", "")).parts:
        root = root.parent
    url = (
        "https://github.com/{github_user}/{github_repo}/edit/{github_version}/".format(
            **html_context
        )
        + source.resolve().relative_to(root).as_posix()
    )
    context["get_edit_provider_and_url"] = lambda: ("GitHub", url)


def _setup_edit_links(app: Sphinx) -> dict[str, Any]:
    # After the theme's handler, which defines get_edit_provider_and_url for every page.
    app.connect("html-page-context", _edit_link, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------------------------------------------
# hidden_cell_label
# ------------------------------------------------------------------------------------------------
# myst-nb's "Show code cell source" toggle without its mismatched aria-label (WCAG 2.5.3).
#
# Upstream: myst-nb writes ``<summary aria-label="Toggle hidden content">`` around a visible
# "Show code cell source" (``myst_nb.sphinx_.visit_HideCellInput``), so the accessible name does
# not contain the visible text (axe rule label-content-name-mismatch). myst-nb has no option for
# the label; the prompts it shows are configurable (``nb_code_prompt_show``), the label is not.
# We found no upstream issue for it (searched https://github.com/executablebooks/MyST-NB/issues);
# the markup is ``visit_HideCellInput`` in ``myst_nb/sphinx_.py``. Written against myst-nb 1.4.0.
#
# The node's HTML visitor is replaced by one that writes the same markup without the aria-label,
# so the visible prompt is the name.


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


def _setup_hidden_cell_label(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_nb")  # its node must be registered before it is overridden
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_HideCellInput))
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------------------------------------------
# nav_toggle_labels
# ------------------------------------------------------------------------------------------------
# Upstream: pydata-sphinx-theme 0.24 renders each collapsible section of the sidebar as a
# ``<details>`` whose ``<summary>`` holds only a decorative chevron (since
# https://github.com/pydata/pydata-sphinx-theme/pull/1582; no option to label it): a nameless
# control (axe rule summary-name). Each gets ``aria-label="Show or hide the pages under
# <section>"``, <section> being the link beside it. Delete when the theme names it.

LABEL = "Show or hide the pages under {section}"


def label_summaries(html: str, language: str | None = "en") -> str:
    """``html`` with an aria-label (in ``language``) on every ``<summary>`` without a name."""
    from bs4 import BeautifulSoup  # imported when a page is written: a no-op build skips it

    soup = BeautifulSoup(html, "html.parser")
    for summary in soup.find_all("summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        item = summary.find_parent("li")
        link = item.find("a", recursive=False) if item else None
        section = link.get_text(" ", strip=True) if link else "this section"
        summary["aria-label"] = text(language, LABEL, section=section)
    return str(soup)


def _wrap_toctree(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None:  # not the theme, or a page without a sidebar
        return

    def generate_with_labels(kind: str, *args: Any, **kwargs: Any) -> Any:
        html = generate(kind, *args, **kwargs)
        if kind != "sidebar" or "<summary" not in str(html):
            return html
        return label_summaries(str(html), app.config.language)

    context["generate_toctree_html"] = generate_with_labels


# ------------------------------------------------------------------------------------------------
# thumbnail_alt
# ------------------------------------------------------------------------------------------------
# Upstream: sphinx-gallery 0.22 writes each thumbnail with an empty ``:alt:`` (since
# https://github.com/sphinx-gallery/sphinx-gallery/pull/1005, discussed in
# https://github.com/sphinx-gallery/sphinx-gallery/issues/998; no option). A thumbnail without
# alt text gets "Thumbnail of the example: <title>", the text that follows it. Delete when
# sphinx-gallery writes the title again.


def _fill_alt_text(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for image in doctree.findall(nodes.image):
        if image.get("alt") or "_thumb." not in image.get("uri", ""):
            continue
        parent = image.parent
        following = parent.children[parent.index(image) + 1 :] if parent else []
        title = next((node.astext() for node in following if node.astext().strip()), "")
        if title:
            image["alt"] = text(
                app.config.language, "Thumbnail of the example: {title}", title=title
            )


# ------------------------------------------------------------------------------------------------
# notfound_links
# ------------------------------------------------------------------------------------------------
# Upstream: sphinx-notfound-page 1.1 makes the theme's links on ``404.html`` absolute
# (``notfound_urls_prefix``) but not the references in the page's text, and the host serves that
# page at any depth, where a relative ``api.html`` is wrong (open upstream:
# https://github.com/readthedocs/sphinx-notfound-page/issues/206). They get the prefix too.


def _prefix_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    prefix = app.config.notfound_urls_prefix
    if docname != app.config.notfound_pagename or not prefix:
        return
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        relative = uri and not uri.startswith(("/", "#")) and "://" not in uri
        if reference.get("internal") and relative:
            reference["refuri"] = prefix + uri


def setup(app: Sphinx) -> dict[str, Any]:
    # quiet_build_log: Sphinx puts its handlers on the "sphinx" logger before any extension loads
    for handler in logging.getLogger("sphinx").handlers:
        handler.addFilter(DropConfigDumps())
    # example_failures: after sphinx-gallery's summary (priority 500): the log's last lines
    app.connect("build-finished", report, priority=900)
    IndexBuilder.load = _load  # type: ignore[method-assign]
    IndexBuilder.prune = _prune  # type: ignore[method-assign]
    IndexBuilder.freeze = _freeze  # type: ignore[method-assign]
    _setup_edit_links(app)
    _setup_hidden_cell_label(app)
    # nav_toggle_labels: after the theme's handler, which puts generate_toctree_html there
    app.connect("html-page-context", _wrap_toctree, priority=900)
    app.connect("doctree-resolved", _fill_alt_text)
    app.setup_extension("notfound.extension")  # defines the two settings notfound_links reads
    app.connect("doctree-resolved", _prefix_links)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
