"""One session per job, every one installing from the lock file (requirements/lock.txt).

nox -s docs        build the site (strict: any warning fails), executing every page and example
nox -s docs -- --lang zh_CN
                   build the Chinese edition into docs/_build/html/zh_CN/ (after the English
                   build: it reuses its executed pages and gallery) and fail on any message its
                   catalogs do not translate (or mark fuzzy), listing them
nox -s translations
                   update docs/locale's catalogs after an English change (then translate what
                   it lists)
nox -s fonts       cut the Chinese figures' font subset again, after a translation adds a
                   character (tests/test_cjk_font.py says when)
nox -s inventories write the committed intersphinx inventories again, after a change of the lock
nox -s docs-live   preview with live reload while editing
nox -s tests       the whole pytest suite on two workers: unit, property and bad-input tests, the
                   site's extensions, and every example (docstrings, docs pages, gallery scripts)
nox -s doctest     only the examples (a subset of tests, for while you write one)
nox -s lint        ruff (lint and format) and mypy --strict
nox -s site        both editions in a real browser, and the downloads checked (after both builds)
nox -s bench       time the docs build against its floor (clean, no-op, touched, page weights)
nox -s lock        regenerate requirements/lock.txt from pyproject.toml in a fresh environment

Every session but lock shares one environment, ``.nox/shared``: it is built once from the lock
and rebuilt only when the lock or pyproject.toml's [project] table changes (a stamp records their
hash), so running several sessions installs nothing twice; a session that needs another extra
adds it. ``nox -s docs -- --clean`` drops the build's caches first.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
import tomllib
from pathlib import Path

import nox

sys.path.insert(0, str(Path(__file__).resolve().parent))

from tools.languages import LANGUAGES, sphinx_code
from tools.paths import BUILD, DOCS, HTML, LOCK, ROOT, SPHINX_STRICT, clean, edition_dirs
from tools.pins import requirement_name, torch_requirement

nox.needs_version = ">=2024.3.2"
nox.options.error_on_missing_interpreters = True
nox.options.sessions = ["lint", "tests", "docs"]

PYTHON = "3.11"
SHARED = ROOT / ".nox" / "shared"
# The extras each job needs; the shared environment gains an extra the first time a job asks.
CHECKS = ("docs", "test", "lint")


def _stamp_hash() -> str:
    """What the shared environment was built from: the lock and pyproject.toml's [project]."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return hashlib.sha256(LOCK.read_bytes() + repr(sorted(project.items())).encode()).hexdigest()


def _interpreter(session: nox.Session) -> str:
    """Python PYTHON: the one running nox if it is that version, else ``python3.11`` on PATH."""
    if f"{sys.version_info.major}.{sys.version_info.minor}" == PYTHON:
        return sys.executable
    found = shutil.which(f"python{PYTHON}")
    if found is None:
        session.error(f"Python {PYTHON} is needed: install it, or run nox with it")
    return str(found)


def _shared(session: nox.Session, *extras: str) -> Path:
    """The shared environment's ``bin`` folder, with this project and ``extras`` installed.

    Built with ``python -m venv`` (Python PYTHON) and pip, from the lock (``-c``), only when it
    is missing, when the lock or pyproject.toml changed, or when an extra is not installed yet.
    """
    stamp = SHARED / "nox-stamp.txt"
    python = SHARED / "bin" / "python"
    wanted = _stamp_hash()
    lines = stamp.read_text().splitlines() if stamp.is_file() and python.is_file() else []
    if not lines or lines[0] != wanted:
        shutil.rmtree(SHARED, ignore_errors=True)
        session.run(_interpreter(session), "-m", "venv", str(SHARED), external=True)
        lines = [wanted]
    installed = set(lines[1:])
    missing = sorted(set(extras) - installed)
    if missing:
        # --no-compile: no .pyc for the thousands of modules of torch up front (a third of the
        # install); Python compiles what is imported, when it is first imported.
        session.run(
            str(python),
            *("-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile"),
            *("-c", str(LOCK), "-e", f".[{','.join(sorted(installed | set(missing)))}]"),
            external=True,
        )
        stamp.write_text("\n".join([wanted, *sorted(installed | set(missing))]) + "\n")
    return SHARED / "bin"


def _run(session: nox.Session, bin_dir: Path, program: str, *args: str) -> None:
    """Run ``program`` from the shared environment, with it first on PATH."""
    env = {"PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    env["VIRTUAL_ENV"] = str(bin_dir.parent)
    session.run(str(bin_dir / program), *args, env=env, external=True)


def _pytest(session: nox.Session, extras: tuple[str, ...], *args: str) -> None:
    """pytest from the shared environment with ``extras``; the session's arguments come last."""
    _run(session, _shared(session, *extras), "pytest", *args, *session.posargs)


def _language(session: nox.Session, args: list[str]) -> str:
    """Remove ``--lang CODE`` (or ``--lang=CODE``) from ``args``; CODE as Sphinx writes it.

    "en" without the option; Read the Docs' "zh-cn" is Sphinx's "zh_CN".
    """
    code = "en"
    for at, arg in enumerate(args):
        if arg.startswith("--lang="):
            code = arg.removeprefix("--lang=")
            del args[at]
            break
        if arg == "--lang":
            if at + 1 >= len(args):
                session.error("--lang: expected a language code after it, e.g. --lang zh_CN")
            code = args[at + 1]
            del args[at : at + 2]
            break
    # as Read the Docs (READTHEDOCS_LANGUAGE: "zh-cn") and readers write it, or as Sphinx does
    sphinx = sphinx_code(code)
    if sphinx is None:
        session.error(f"--lang: expected one of {sorted(LANGUAGES)}, got {code!r}")
    return sphinx


@nox.session(python=False)
def docs(session: nox.Session) -> None:
    """Build the HTML site strictly; ``--clean`` drops every cache first.

    ``--lang zh_CN`` builds the Chinese edition into ``docs/_build/html/zh_CN`` (its own doctrees,
    the English build's notebook cache and generated gallery), then fails if any message of the
    English sources is missing from its catalogs, untranslated or fuzzy, listing each one.
    """
    bin_dir = _shared(session, "docs")
    args = list(session.posargs)
    language = _language(session, args)
    if "--clean" in args:
        args.remove("--clean")
        clean()
    html, doctrees = edition_dirs(language)
    if language != "en":
        args = ["-D", f"language={language}", *args]
    _run(
        session,
        bin_dir,
        "sphinx-build",
        *SPHINX_STRICT,
        *("-d", str(doctrees)),
        *args,
        str(DOCS),
        str(html),
    )
    if language != "en":
        _run(session, bin_dir, "python", "-m", "tools.translations", "check", "--lang", language)
    session.log(f"The site is at {html / 'index.html'}")
    session.log(f"Open it in a browser, or serve it: python -m http.server -d {HTML} 8000")


@nox.session(name="docs-live", python=False)
def docs_live(session: nox.Session) -> None:
    """Serve the site and rebuild on every change to docs/, gallery/ or src/."""
    bin_dir = _shared(session, "docs", "live")
    _run(
        session,
        bin_dir,
        "sphinx-autobuild",
        *("-n", "--keep-going"),
        *("--watch", str(ROOT / "src"), "--watch", str(ROOT / "gallery")),
        *("--ignore", "*/auto_examples/*", "--ignore", "*/_build/*"),
        *session.posargs,
        str(DOCS),
        str(BUILD / "live"),
    )


@nox.session(python=False)
def fonts(session: nox.Session) -> None:
    """Cut the subsets of Noto Sans CJK SC the Chinese figures are drawn with (tools/cjk_font.py).

    ``-- --source DIR`` names the folder of the full fonts (Debian's fonts-noto-cjk by default).
    """
    bin_dir = _shared(session, "docs")
    _run(session, bin_dir, "python", "-m", "tools.cjk_font", *session.posargs)


@nox.session(python=False)
def inventories(session: nox.Session) -> None:
    """Write docs/_inventories again (intersphinx, offline) from the installed packages, after a
    change of the lock; tests/test_inventories.py fails until they are current."""
    bin_dir = _shared(session, "docs")
    _run(session, bin_dir, "python", "-m", "tools.inventories")


@nox.session(python=False)
def translations(session: nox.Session) -> None:
    """Update the catalogs in docs/locale after an English change; list what to translate.

    Extracts the messages (gettext builder: run it after ``nox -s docs``, which fills the
    notebook cache), merges them with sphinx-intl (a changed message becomes fuzzy), and gives
    every catalog the stable header. ``nox -s docs -- --lang zh_CN`` fails until the list is empty.
    """
    bin_dir = _shared(session, "docs")
    _run(session, bin_dir, "python", "-m", "tools.translations", "update", *session.posargs)


# Every example: the library's docstrings, the docs pages' code, every gallery script.
EXAMPLES = ("--doctest-modules", "src/lstm_outputs", "tests/examples")


@nox.session(python=False)
def tests(session: nox.Session) -> None:
    """The whole pytest suite: unit, property-based and bad-input tests, the site's extensions,
    and every example (docstring doctests, the docs pages' code, every gallery script)."""
    # Two workers, each taking the next test when free (the slow ones differ by 100x); the
    # browser suite has a session of its own (nox -s site).
    everything = ("--doctest-modules", "src/lstm_outputs", "tests", "--ignore=tests/site")
    _pytest(session, CHECKS, *everything, "-n", "2", "--dist", "worksteal")


@nox.session(python=False)
def doctest(session: nox.Session) -> None:
    """Only the examples (part of ``tests``): docstring doctests, docs pages, gallery scripts."""
    _pytest(session, CHECKS, *EXAMPLES, "-n", "2")


@nox.session(python=False)
def site(session: nox.Session) -> None:
    """Both editions of the built site in headless Chromium (both base URLs), downloads checked.

    Needs both editions built first (``nox -s docs``, then ``nox -s docs -- --lang zh_CN``) and
    Chromium (``apt-get install chromium``, or
    ``CHROMIUM=/path/to/chrome``).
    """
    if not (HTML / "index.html").is_file():
        session.error(f"No built site at {HTML}: run `nox -s docs` first, then `nox -s site`.")
    # Without the Chinese edition, test_every_page_is_visited fails and names its pages.
    # Two workers, each taking whole groups (the pages at "/", the pages under the sub-path, the
    # downloads, ...) so that each group's browser and servers start once; `-- -n 0` runs serially.
    # "test": tests/conftest.py (hypothesis' profile) is loaded for tests/site too.
    _pytest(session, ("docs", "site", "test"), "tests/site", "-n", "2", "--dist", "loadscope")


@nox.session(python=False)
def lint(session: nox.Session) -> None:
    """ruff lint and format checks, and mypy in strict mode on the library."""
    bin_dir = _shared(session, *CHECKS)
    _run(session, bin_dir, "ruff", "check", ".")
    _run(session, bin_dir, "ruff", "format", "--check", ".")
    _run(session, bin_dir, "mypy")


@nox.session(python=False)
def bench(session: nox.Session) -> None:
    """Benchmark the docs build against its floor, then the explorer; writes benchmarks/results/.

    Page weights are measured in headless Chromium when one is found (as for ``nox -s site``),
    else estimated from the HTML.
    """
    bin_dir = _shared(session, "docs", "site")
    _run(session, bin_dir, "python", "benchmarks/bench_build.py", *session.posargs)
    # The shape explorer: its JS+CSS weight and the time of one update, in headless Chromium.
    _run(session, bin_dir, "python", "benchmarks/bench_explorer.py")


@nox.session(python=PYTHON, reuse_venv=False)
def lock(session: nox.Session) -> None:
    """Regenerate requirements/lock.txt: every package of every extra, pinned exactly.

    A fresh environment gets this project with all its extras, and nox (which CI installs from
    the lock too); ``pip freeze`` lists what was installed. torch is written as pyproject.toml
    pins it (the bare version, not a local ``+cpu`` build tag), so that hosts installing CPU
    wheels from PyTorch's index resolve it too.
    """
    session.install(".[docs,test,site,lint,live]", "nox")
    frozen = session.run("python", "-m", "pip", "freeze", "--exclude-editable", silent=True)
    assert isinstance(frozen, str)
    torch = torch_requirement()
    pins = []
    for line in frozen.splitlines():
        name = requirement_name(line)
        if name is None or name == "lstm-outputs":  # comments, and this project itself
            continue
        pins.append(torch if name == "torch" else line.strip())
    header = [
        "# Every package of every environment, pinned: regenerate with `nox -s lock`.",
        "# A constraints file (pip install -c) for nox, CI, Read the Docs and GitHub Pages.",
    ]
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    pins.sort(key=lambda line: requirement_name(line) or "")
    LOCK.write_text("\n".join([*header, *pins]) + "\n", encoding="utf-8")
    session.log(f"wrote {LOCK}: {len(pins)} packages")
