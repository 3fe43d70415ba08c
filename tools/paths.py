"""The repository's folders, what a docs build generates, and where the examples are."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GALLERY = ROOT / "gallery"
BUILD = DOCS / "_build"
HTML = BUILD / "html"
LOCK = ROOT / "requirements" / "lock.txt"
# Everything sphinx-gallery, myst-nb and the site's extensions generate inside docs/
# (all git-ignored). sg_execution_times.rst is no longer written; it is listed so that `clean`
# also removes one left by an older build.
GENERATED = (BUILD, DOCS / "auto_examples", DOCS / "sg_execution_times.rst")
# The strict build every session, CI job and host runs: any warning fails it.
SPHINX_STRICT = ("-W", "--keep-going", "-n", "-b", "html")


def edition_dirs(language: str) -> tuple[Path, Path]:
    """Where an edition is built: (HTML folder, doctrees folder).

    English at the root of ``HTML`` (with Sphinx's default doctrees, ``HTML / ".doctrees"``), every
    other edition in ``HTML / language`` (the served tree has English at "/" and Chinese under
    "/zh_CN/"), with its doctrees outside the served tree.
    """
    if language == "en":
        return HTML, HTML / ".doctrees"
    return HTML / language, BUILD / f"doctrees-{language}"


def clean() -> None:
    """Remove every generated file and cache, so that the next build starts from nothing."""
    for path in GENERATED:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def notebook_pages(docs: Path = DOCS) -> list[Path]:
    """The narrative pages myst-nb executes: MyST text notebooks (``file_format: mystnb``)."""
    pages = []
    for page in sorted(docs.rglob("*.md")):
        if {"_build", "auto_examples"} & set(page.relative_to(docs).parts):
            continue
        head = page.read_text(encoding="utf-8")[:400]
        if head.startswith("---") and "file_format: mystnb" in head:
            pages.append(page)
    return pages


def gallery_scripts(gallery: Path = GALLERY) -> list[Path]:
    """Every sphinx-gallery example script (``plot_*.py``), in path order."""
    return sorted(gallery.rglob("plot_*.py"))


def site_pages(site_dir: Path = HTML) -> list[str]:
    """Every HTML page of a built site, as paths relative to its root, in order.

    Both editions' pages are listed (English at the root, Chinese under ``zh_CN/``). Only the
    ``_static/`` folders are left out: they hold the theme's assets, and the one HTML file there
    (``webpack-macros.html``) is a template fragment the theme ships, not a page; nothing links
    to it.
    """
    if not (site_dir / "index.html").is_file():
        return []
    return sorted(
        path.relative_to(site_dir).as_posix()
        for path in site_dir.rglob("*.html")
        if "_static" not in path.relative_to(site_dir).parts[:-1]
    )
