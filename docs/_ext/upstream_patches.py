"""Small patches of upstream behaviour, one section each: what upstream does (at the locked
versions), its issue (or that none was found), what the patch changes, when to delete it. The tests
in tests/test_docs_extensions.py, test_example_failures.py and test_search_index_entries.py show
whether each is still needed."""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from editions import text
from myst_nb.sphinx_ import HideCodeCellNode, NbMetadataCollector, depart_HideCellInput
from myst_nb.sphinx_ext import add_global_html_resources
from sphinx.application import Sphinx
from sphinx.search import IndexBuilder
from sphinx.util import logging as sphinx_logging
from sphinx_gallery import downloads, gen_rst, utils

# ------------------------------------------------------------------------------------------------
# quiet_build_log
# ------------------------------------------------------------------------------------------------
# myst-parser 5.2 and myst-nb 1.4 log their whole configuration (``MdParserConfig(...)``,
# ``NbParserConfig(...)``, about 1,500 characters each) at INFO on every build, with no setting to
# turn it off (no issue found). A filter on Sphinx's log handlers drops those two records.


class DropConfigDumps(logging.Filter):
    """Reject log records that print a myst-parser or myst-nb configuration object."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(type(arg).__name__ in {"MdParserConfig", "NbParserConfig"} for arg in args)


# ------------------------------------------------------------------------------------------------
# example_failures
# ------------------------------------------------------------------------------------------------
# With ``nb_execution_raise_on_error`` myst-nb 1.4 stops the build with a crash dump that ends in
# a path, not the error; without it, a failed page is one warning mid-log. sphinx-gallery 0.22
# raises its summary from ``build-finished``, another crash dump. So the site only warns (``-W``
# fails the build) and the log ends with one entry per failure::
#
#     docs/explain/stacking.md:57: WARNING: code cell 4 failed
#         ----> 3 assert out.shape == (T, N, H)
#       AssertionError: the output holds both directions
#
# Delete when both end a failed build with the error itself (no issue found).

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
    """The line of the container (just past the fence) of the cell whose outputs hold the error."""
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") == "cell_code" and any(
            "traceback" in node.get("classes", ()) for node in cell.findall(nodes.Element)
        ):
            return cell.line
    return None


def notebook_failure(
    source_text: str, traceback: str, cell_line: int | None
) -> tuple[int | None, str, str, str]:
    """(line in the page, cell label, failing line, error) of a myst-nb traceback."""
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
# Sphinx 9's index builder keeps the words of pages an incremental build does not rewrite, but not
# their ``index`` entries: after a one-page edit, "h_n order" no longer finds its page first (no
# issue found). The entries are restored from the previous index and written in page order, so an
# incremental build writes the index a full one does. Delete when Sphinx keeps them.

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
    ordered = sorted(self._index_entries.items())
    self._index_entries.clear()
    self._index_entries.update(ordered)
    return _original_freeze(self)


# ------------------------------------------------------------------------------------------------
# edit_links
# ------------------------------------------------------------------------------------------------
# pydata-sphinx-theme 0.24 links "Edit on GitHub" to ``<doc_path>/<pagename><suffix>``: for a
# sphinx-gallery page, the ``.rst`` generated at build time (a 404), not the example's ``.py``
# (https://github.com/pydata/pydata-sphinx-theme/issues/1269). Gallery pages link to their script,
# gallery indexes to their ``GALLERY_HEADER.rst``; a page with no committed source loses the button.
# Delete when the theme can map a page to its source.


def _as_list(value: str | list[str]) -> list[str]:  # sphinx-gallery takes one folder or a list
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


def _edit_link(  # after the theme's handler (priority 900), which sets the URL for every page
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


# ------------------------------------------------------------------------------------------------
# hidden_cell_label
# ------------------------------------------------------------------------------------------------
# myst-nb 1.4 writes ``<summary aria-label="Toggle hidden content">`` around a visible "Show code
# cell source" (``visit_HideCellInput``): the name does not contain the visible text (WCAG 2.5.3,
# axe rule label-content-name-mismatch), and no option sets it (no issue found). The visitor is
# replaced by one writing the same markup without the label, its prompts in the edition's language.
# Delete when myst-nb drops or sets the label.


def visit_hidden_cell(self: Any, node: Any) -> None:
    """myst-nb's ``visit_HideCellInput``, minus ``aria-label`` on the ``<summary>``."""
    language = self.config.language
    self.body.append(f'<details class="admonition hide {" ".join(node["classes"])}">\n')
    self.body.append("<summary>\n")
    for state, prompt in (("collapsed", node["prompt_show"]), ("expanded", node["prompt_hide"])):
        self.body.append(
            f'<p class="{state} admonition-title">{escape(text(language, prompt))}</p>\n'
        )
    self.body.append("</summary>\n")


# ------------------------------------------------------------------------------------------------
# nav_toggle_labels
# ------------------------------------------------------------------------------------------------
# pydata-sphinx-theme 0.24's sidebar sections are ``<details>`` whose ``<summary>`` holds only a
# chevron (since https://github.com/pydata/pydata-sphinx-theme/pull/1582): a nameless control (axe
# rule summary-name). Each gets an aria-label naming the link beside it. Delete when the theme does.

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


def _wrap_toctree(  # after the theme's handler (priority 900), which sets generate_toctree_html
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
# gallery_zips
# ------------------------------------------------------------------------------------------------
# sphinx-gallery 0.22 zips the downloads with each file's time, and a build writes those files
# again: two builds of one source offer different zips (no issue found). The files get one fixed
# time before they are zipped. Delete when sphinx-gallery writes reproducible zips.

ZIP_TIME = 946684800  # 2000-01-01: any fixed time after 1980, which ZIP cannot go before


def zip_at_fixed_time(file_list: list[str], *args: Any, **kwargs: Any) -> Any:
    """sphinx-gallery's ``zip_files``, giving the files one fixed time first."""
    for name in file_list:
        os.utime(name, (ZIP_TIME, ZIP_TIME))
    return utils.zip_files(file_list, *args, **kwargs)


# ------------------------------------------------------------------------------------------------
# thumbnail_alt
# ------------------------------------------------------------------------------------------------
# sphinx-gallery 0.22 writes thumbnails with an empty ``:alt:`` (since
# https://github.com/sphinx-gallery/sphinx-gallery/pull/1005, discussed in issue 998; no option).
# Each gets "Thumbnail of the example: <title>". Delete when sphinx-gallery writes the title again.


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
# mystnb_css_early
# ------------------------------------------------------------------------------------------------
# myst-nb 1.4 copies its stylesheet into ``_static`` at ``build-finished``, after the pages are
# written: a clean build links it without Sphinx's ``?v=`` checksum, a rebuild with it, so two
# builds of one source differ (no issue found). It is copied when the builder starts as well.
# Delete when myst-nb copies it before the pages are written.


def _copy_mystnb_css(app: Sphinx) -> None:
    if app.builder.format == "html":
        (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        add_global_html_resources(app, None)


# ------------------------------------------------------------------------------------------------
# notfound_links
# ------------------------------------------------------------------------------------------------
# sphinx-notfound-page 1.1 makes the theme's links on ``404.html`` absolute but not those in the
# page's text, and the page is served at any depth
# (https://github.com/readthedocs/sphinx-notfound-page/issues/206): they get the prefix too.


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
    app.connect("html-page-context", _edit_link, priority=900)
    app.setup_extension("myst_nb")  # its node must be registered before it is overridden
    app.add_node(HideCodeCellNode, override=True, html=(visit_hidden_cell, depart_HideCellInput))
    app.connect("html-page-context", _wrap_toctree, priority=900)
    downloads.zip_files = gen_rst.zip_files = zip_at_fixed_time  # each imports it by name
    app.connect("doctree-resolved", _fill_alt_text)
    app.connect("builder-inited", _copy_mystnb_css)
    app.setup_extension("notfound.extension")  # defines the two settings notfound_links reads
    app.connect("doctree-resolved", _prefix_links)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
