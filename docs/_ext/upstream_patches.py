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
# A build log a newcomer can read: no configuration dumps.
#
# Upstream: myst-parser and myst-nb log their whole configuration at INFO level on every build
# (``myst v5.2.0: MdParserConfig(...)``, ``myst-nb v1.4.0: NbParserConfig(...)``: two lines of
# about 1,500 characters each), with no setting to turn it off. Written against myst-parser 5.2.0
# and myst-nb 1.4.0 (the kernels' own log line is quieted by ``page_kernels``).
#
# A logging filter on Sphinx's handlers drops the records that print one of those two
# configuration objects, and nothing else: every warning and error still shows.


CONFIG_DUMPS = frozenset({"MdParserConfig", "NbParserConfig"})


class DropConfigDumps(logging.Filter):
    """Reject log records that print a myst-parser or myst-nb configuration object."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(type(arg).__name__ in CONFIG_DUMPS for arg in args)


def _setup_quiet_build_log(app: Sphinx) -> dict[str, Any]:
    # Sphinx puts its handlers on the "sphinx" logger before it loads any extension.
    for handler in logging.getLogger("sphinx").handlers:
        handler.addFilter(DropConfigDumps())
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------------------------------------------
# example_failures
# ------------------------------------------------------------------------------------------------
# A failing example reads like a failing test: page or script, line, cell, exception, at the end.
#
# Upstream: with ``nb_execution_raise_on_error`` myst-nb stops the build with a Sphinx crash dump
# (the extension list, "please report this to the Sphinx developers") that ends in a path, not the
# error; without it, a failed page is one warning in the middle of the log. sphinx-gallery raises
# its summary from ``build-finished``, which Sphinx 9 also prints as a crash dump. Written against
# myst-nb 1.4.0, sphinx-gallery 0.22.1, Sphinx 9.0.
#
# So the site sets ``nb_execution_raise_on_error = False`` and sphinx-gallery's
# ``only_warn_on_example_error = True`` (both still warn, and ``-W`` fails the build), and this
# extension ends the log with one short entry per failure, where a reader looks first::
#
#     docs/explain/stacking.md:57: WARNING: code cell 4 failed
#         ----> 3 assert out.shape == (T, N, H)
#       AssertionError: the output holds both directions
#
# It is kept until both projects end a failed build with the error itself (no issue filed yet).


logger = sphinx_logging.getLogger(__name__)


ANSI = re.compile(r"\x1b\[[0-9;]*m")


CELL = re.compile(r"\n-{18}\n(.*?)\n-{18}\n(.*)", flags=re.DOTALL)


#: the cell's own line in IPython's traceback: "----> 3 assert ..."
ARROW = re.compile(r"^-*> *\d+ .*$", flags=re.MULTILINE)


def _error_line(traceback: str) -> str:
    """The last line of a traceback: ``ExceptionType: message``."""
    lines = [line.strip() for line in traceback.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no message)"


def notebook_failure(source_text: str, traceback: str) -> tuple[int | None, str, str, str]:
    """(line in the page, cell label, the failing line, the error) of a myst-nb traceback."""
    traceback = ANSI.sub("", traceback)
    match = CELL.search(traceback)
    if match is None:
        return None, "the notebook", "", _error_line(traceback)
    cell, rest = match.groups()
    arrow = ARROW.search(rest)
    failing = arrow.group(0) if arrow else cell.strip().splitlines()[-1]
    line, label = None, "a code cell"
    where = source_text.find(cell.strip().splitlines()[0]) if cell.strip() else -1
    if where >= 0:
        line = source_text.count("\n", 0, where) + 1
        label = f"code cell {source_text.count('```{code-cell}', 0, where)}"
    return line, label, failing.strip(), _error_line(rest)


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
        line, label, failing, error = notebook_failure(
            path.read_text(encoding="utf-8"), data.get("traceback") or ""
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


def _setup_example_failures(app: Sphinx) -> dict[str, Any]:
    # after sphinx-gallery's own summary (priority 500), so these are the log's last lines
    app.connect("build-finished", report, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------------------------------------------
# search_index_entries
# ------------------------------------------------------------------------------------------------
# Keep the index entries of unchanged pages in the search index of an incremental build.
#
# Sphinx 9's search index builder reloads the previous ``searchindex.js`` on an incremental build
# and keeps the titles and words of the pages it does not rewrite, but not their ``index``
# directive entries: after a one-page edit the index holds the entries of the rewritten pages
# only, and a search that an entry answered first ("h_n order", "merge_mode", ...) no longer
# finds it first. This extension restores those entries from the previous index, and drops the
# entries of pages that are rebuilt (they are fed again) or gone. The entries are written in page
# order, so an incremental build writes the same index as a full one.


_original_load = IndexBuilder.load


_original_prune = IndexBuilder.prune


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


def _setup_search_index_entries(app: Sphinx) -> dict[str, Any]:
    IndexBuilder.load = _load  # type: ignore[method-assign]
    IndexBuilder.prune = _prune  # type: ignore[method-assign]
    IndexBuilder.freeze = _freeze  # type: ignore[method-assign]
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


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
# Name the sidebar's expand/collapse toggles (axe rule summary-name, WCAG 4.1.2).
#
# Upstream: pydata-sphinx-theme renders each collapsible section of the primary sidebar as a
# ``<details>`` whose ``<summary>`` holds only a decorative chevron (the markup came with
# https://github.com/pydata/pydata-sphinx-theme/pull/1582), so a screen reader announces a
# nameless control; the theme offers no option to label it. Written against
# pydata-sphinx-theme 0.24.0 and Sphinx 9.0.
#
# Each unnamed ``<summary>`` gets ``aria-label="Show or hide the pages under <section>"``, where
# <section> is the text of the link beside it. Only the sidebar's HTML is touched, only when a page
# is written.


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


def _setup_nav_toggle_labels(app: Sphinx) -> dict[str, Any]:
    # After the theme's own html-page-context handler, which puts generate_toctree_html there.
    app.connect("html-page-context", _wrap_toctree, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------------------------------------------
# thumbnail_alt
# ------------------------------------------------------------------------------------------------
# Alt text for sphinx-gallery's thumbnails, which it writes with an empty one.
#
# Upstream: sphinx-gallery writes each thumbnail as ``.. image:: ..._thumb.png`` with ``:alt:``
# empty (changed from the example's title in
# https://github.com/sphinx-gallery/sphinx-gallery/pull/1005, discussed in
# https://github.com/sphinx-gallery/sphinx-gallery/issues/998); the thumbnails here are figures a
# reader looks at, and the site's browser test requires alt text on every image. There is no
# option for it. Written against sphinx-gallery 0.22.1.
#
# A thumbnail image (its URI holds ``_thumb.``) with no alt text gets "Thumbnail of the example:
# <title>", the title being the text that follows it in the same container.


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


def _setup_thumbnail_alt(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-resolved", _fill_alt_text)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------------------------------------------
# notfound_links
# ------------------------------------------------------------------------------------------------
# Absolute links in the 404 page's own text, like the rest of its links.
#
# Upstream: sphinx-notfound-page makes the theme's links, scripts and images on ``404.html``
# absolute (``notfound_urls_prefix``), but not the cross-references written in the page's source;
# the host serves that page at any depth (``/lstm-outputs/a/b/missing.html``), where a relative
# ``api.html`` points inside the missing folder. How the extension should treat URLs is open
# upstream: https://github.com/readthedocs/sphinx-notfound-page/issues/206. Written against
# sphinx-notfound-page 1.1.0.
#
# Internal references on the page ``notfound_pagename`` that are relative get
# ``notfound_urls_prefix`` in front.


def _prefix_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    prefix = app.config.notfound_urls_prefix
    if docname != app.config.notfound_pagename or not prefix:
        return
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        relative = uri and not uri.startswith(("/", "#")) and "://" not in uri
        if reference.get("internal") and relative:
            reference["refuri"] = prefix + uri


def _setup_notfound_links(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("notfound.extension")  # defines the two settings read here
    app.connect("doctree-resolved", _prefix_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def setup(app: Sphinx) -> dict[str, Any]:
    _setup_quiet_build_log(app)
    _setup_example_failures(app)
    _setup_search_index_entries(app)
    _setup_edit_links(app)
    _setup_hidden_cell_label(app)
    _setup_nav_toggle_labels(app)
    _setup_thumbnail_alt(app)
    _setup_notfound_links(app)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
