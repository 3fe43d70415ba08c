"""One session per job. Virtual environments are reused; ``nox -s docs -- --clean`` starts afresh.

nox -s docs        build the site (strict: any warning fails), executing every page and example
nox -s docs-live   preview with live reload while editing
nox -s tests       the pytest suite (unit, property and bad-input tests)
nox -s doctest     every example as a test: docstrings, docs pages, gallery scripts
nox -s lint        ruff (lint and format) and mypy --strict
nox -s site        the built site in a real browser, and its downloads run (after nox -s docs)
nox -s bench       time the docs build against its floor (clean, no-op, touched, page weights)
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2024.3.2"
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "tests", "doctest", "docs"]

ROOT = Path(__file__).parent
DOCS = ROOT / "docs"
BUILD = DOCS / "_build"
HTML = BUILD / "html"
# Everything sphinx-gallery and myst-nb generate inside docs/ (all git-ignored).
GENERATED = [BUILD, DOCS / "auto_examples", DOCS / "sg_execution_times.rst"]
SPHINX_STRICT = ["-W", "--keep-going", "-n", "-b", "html"]
PYTHON = "3.11"


def _clean() -> None:
    for path in GENERATED:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the HTML site strictly; pass ``--clean`` to drop every cache first."""
    session.install("-e", ".[docs]")
    args = list(session.posargs)
    if "--clean" in args:
        args.remove("--clean")
        _clean()
    session.run("sphinx-build", *SPHINX_STRICT, *args, str(DOCS), str(HTML))
    index = HTML / "index.html"
    session.log(f"The site is at {index}")
    session.log(f"Open it in a browser, or serve it: python -m http.server -d {HTML} 8000")


@nox.session(name="docs-live", python=PYTHON)
def docs_live(session: nox.Session) -> None:
    """Serve the site and rebuild on every change to docs/, gallery/ or src/."""
    session.install("-e", ".[docs]", "sphinx-autobuild")
    session.run(
        "sphinx-autobuild",
        "-n",
        "--keep-going",
        "--watch",
        str(ROOT / "src"),
        "--watch",
        str(ROOT / "gallery"),
        "--ignore",
        "*/auto_examples/*",
        "--ignore",
        "*/sg_execution_times.rst",
        "--ignore",
        "*/_build/*",
        *session.posargs,
        str(DOCS),
        str(BUILD / "live"),
    )


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """The pytest suite: unit, property-based and bad-input tests of the library."""
    session.install("-e", ".[test]")
    session.run(
        "pytest", "tests", "--ignore=tests/examples", "--ignore=tests/site", *session.posargs
    )


@nox.session(python=PYTHON)
def doctest(session: nox.Session) -> None:
    """Every example as a test: docstring doctests, the docs pages' code, every gallery script."""
    session.install("-e", ".[test]")
    session.run(
        "pytest",
        "--doctest-modules",
        "src/lstm_outputs",
        "tests/examples",
        "-n",
        "2",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def site(session: nox.Session) -> None:
    """The built site in headless Chromium (both base URLs) and every download run in a clean venv.

    Needs the site built first (``nox -s docs``) and Chromium (``apt-get install chromium``, or
    ``CHROMIUM=/path/to/chrome``).
    """
    if not (HTML / "index.html").is_file():
        session.error(f"No built site at {HTML}: run `nox -s docs` first, then `nox -s site`.")
    session.install("-e", ".[test,site]")
    # Two workers, each taking whole groups (the pages at "/", the pages under the sub-path, the
    # downloads, ...) so that each group's browser and servers start once; `-- -n 0` runs serially.
    session.run("pytest", "tests/site", "-n", "2", "--dist", "loadscope", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff lint and format checks, and mypy in strict mode on the library."""
    session.install("-e", ".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("mypy")


@nox.session(python=PYTHON)
def bench(session: nox.Session) -> None:
    """Benchmark the docs build against its floor; writes benchmarks/results/latest.json.

    Page weights are measured in headless Chromium when one is found (as for ``nox -s site``),
    else estimated from the HTML.
    """
    session.install("-e", ".[docs,site]")
    session.run("python", "benchmarks/bench_build.py", *session.posargs)
