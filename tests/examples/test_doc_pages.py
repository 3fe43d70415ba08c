"""The code of every executed docs page runs top to bottom, cell by cell, outside Sphinx.

The docs build executes these pages in a Jupyter kernel; running them here as tests gives a failure
a test name, a traceback and a place in the test command, without building the site. Each page runs
in a process of its own, in an IPython shell, forked from a server that has imported torch, numpy
and matplotlib (``warm_python.py``).
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from warm_python import run_cells

from tools.paths import DOCS, notebook_pages

PAGES = notebook_pages()


def test_there_are_executed_pages() -> None:
    assert len(PAGES) >= 8, [p.name for p in PAGES]


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_page_executes(page: Path) -> None:
    notebook = jupytext.read(page, fmt="md:myst")
    cells = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert cells, f"{page.name} has no code cells"
    result = run_cells(cells, cwd=page.parent)
    assert result.returncode == 0, f"{page.name} failed:\n{result.stdout}\n{result.stderr}"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(DOCS).as_posix() for p in PAGES])
def test_page_declares_python(page: Path) -> None:
    # Without it, a build with execution off (benchmark floor, quick previews) cannot highlight
    # the cells and warns, which fails the strict build.
    notebook = jupytext.read(page, fmt="md:myst")
    assert notebook.metadata["kernelspec"].get("language") == "python", page.name
