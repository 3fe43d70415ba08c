"""The code of every executed docs page runs top to bottom as a notebook, outside Sphinx.

The docs build executes these pages too; running them here as tests gives a failure a test name,
a traceback and a place in the ``doctest`` session, without building the site.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbclient
import pytest

from tools.paths import DOCS, notebook_pages

PAGES = notebook_pages()


def test_there_are_executed_pages() -> None:
    assert len(PAGES) >= 8, [p.name for p in PAGES]


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_page_executes(page: Path) -> None:
    notebook = jupytext.read(page, fmt="md:myst")
    code_cells = [c for c in notebook.cells if c.cell_type == "code"]
    assert code_cells, f"{page.name} has no code cells"
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3")
    client.execute(cwd=str(page.parent))  # raises CellExecutionError with the traceback
    errors = [o for c in code_cells for o in c.outputs if o.get("output_type") == "error"]
    assert not errors


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_page_declares_python(page: Path) -> None:
    # Without it, a build with execution off (benchmark floor, quick previews) cannot highlight
    # the cells and warns, which fails the strict build.
    notebook = jupytext.read(page, fmt="md:myst")
    assert notebook.metadata["kernelspec"].get("language") == "python", page.name
