"""A failing example reads like a failing test: page or script, line, cell, exception, at the end.

Upstream: with ``nb_execution_raise_on_error`` myst-nb stops the build with a Sphinx crash dump
(the extension list, "please report this to the Sphinx developers") that ends in a path, not the
error; without it, a failed page is one warning in the middle of the log. sphinx-gallery raises
its summary from ``build-finished``, which Sphinx 9 also prints as a crash dump. Written against
myst-nb 1.4.0, sphinx-gallery 0.22.1, Sphinx 9.0.

So the site sets ``nb_execution_raise_on_error = False`` and sphinx-gallery's
``only_warn_on_example_error = True`` (both still warn, and ``-W`` fails the build), and this
extension ends the log with one short entry per failure, where a reader looks first::

    docs/explain/stacking.md:57: WARNING: code cell 4 failed
        ----> 3 assert out.shape == (T, N, H)
      AssertionError: the output holds both directions

It is kept until both projects end a failed build with the error itself (no issue filed yet).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

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


def setup(app: Sphinx) -> dict[str, Any]:
    # after sphinx-gallery's own summary (priority 500), so these are the log's last lines
    app.connect("build-finished", report, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
