"""The site's pictures as files, all drawn by ``lstm_outputs.diagrams`` when the site is built:
each figure of a page as SVG files (one per theme), the printable cheat sheet, the logo."""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
import tempfile
from pathlib import Path
from typing import Any

from editions import text
from sphinx.application import Sphinx
from sphinx.config import Config

from lstm_outputs._languages import LANGUAGES, html_lang


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write only a change, so that Sphinx sees the file as unchanged otherwise."""
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# ------------------------------------------------------------------------------------------------
# diagram_files
# ------------------------------------------------------------------------------------------------
# ``Diagram._repr_html_`` gives myst-nb a ``text/html`` output holding each picture (light and dark,
# in every language: the Chinese edition reuses the English build's executed pages) as a ``data:``
# address, which Chromium will not open from a link and which is not cached on its own. myst-nb 1.4
# writes ``image/*`` outputs to files but not images inside ``text/html`` (no option), and an
# ``image/svg+xml`` output would lose the alt text and the dark variant. So, when a page is written,
# the other languages' pictures are dropped and each address becomes a file in FOLDER.

FOLDER = "_images/diagrams"
_DATA_URI = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")


#: one picture of a figure: a link holding its image (neither holds a "<" of its own)
_PICTURE = re.compile(
    r'<a class="lstm-diagram-full [^>]*?lang="([^"]+)"( hidden)?[^>]*><img [^>]*></a>'
)


def keep_language(body: str, lang: str) -> str:
    """``body`` with only the figures' pictures in ``lang``, none of them hidden."""

    def keep(match: re.Match[str]) -> str:
        if match.group(1) != lang:
            return ""
        return match.group(0).replace(" hidden", "", 1) if match.group(2) else match.group(0)

    return _PICTURE.sub(keep, body)


def svg_to_files(body: str, outdir: Path, link: Any) -> str:
    """``body`` with each SVG ``data:`` address replaced by ``link(path)`` of a file written."""
    folder = outdir / FOLDER

    def to_file(match: re.Match[str]) -> str:
        data = base64.b64decode(match.group(1))
        name = f"{hashlib.sha256(data).hexdigest()[:20]}.svg"
        target = folder / name
        if not target.is_file():
            folder.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return str(link(f"{FOLDER}/{name}"))

    return _DATA_URI.sub(to_file, body)


def _page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    body = context.get("body")
    if not isinstance(body, str) or "data:image/svg+xml;base64," not in body:
        return
    pathto = context["pathto"]
    body = keep_language(body, html_lang(sheet_language(app.config.language)))
    context["body"] = svg_to_files(body, Path(app.outdir), lambda path: pathto(path, 1))


# ------------------------------------------------------------------------------------------------
# cheatsheet_files and site_logo
# ------------------------------------------------------------------------------------------------
# The printable cheat sheet (PDF and PNG, ``...-zh_CN.pdf`` in Chinese), the logo and favicon, drawn
# into ``docs/_build/generated`` (shared by both editions) when the configuration is read. Drawing
# imports torch and matplotlib, so it happens only when the diagram code changes: a stamp holds the
# hash of ``lstm_outputs/diagrams`` (found without importing it), and files whose bytes did not
# change are not rewritten.

NAME = "lstm-outputs-cheat-sheet"


def sheet_language(language: str | None) -> str:
    """The language of the sheet a build in Sphinx ``language`` writes."""
    return language if isinstance(language, str) and language in LANGUAGES else "en"


def sheet_name(language: str | None) -> str:
    """The file name, without suffix, of the sheet a build in Sphinx ``language`` writes."""
    lang = sheet_language(language)
    return NAME if lang == "en" else f"{NAME}-{lang}"


def diagrams_source() -> Path:
    """The folder of ``lstm_outputs.diagrams``, located without importing anything."""
    spec = importlib.util.find_spec("lstm_outputs")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("lstm_outputs is not importable: install the project first")
    return Path(next(iter(spec.submodule_search_locations))) / "diagrams"


def source_hash(folder: Path) -> str:
    """SHA-256 over the relative names and bytes of the folder's files (code and fonts)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix != ".pyc"):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _redraw(stamp: Path, wanted: str, files: list[Path], draw: Any) -> bool:
    """Unless ``stamp`` holds ``wanted`` and ``files`` exist: ``draw(folder)`` saves each file's
    name into a scratch folder, and the changed ones are copied. Return True if drawn."""
    if stamp.is_file() and stamp.read_text() == wanted and all(p.is_file() for p in files):
        return False
    with tempfile.TemporaryDirectory() as tmp:
        draw(Path(tmp))
        for file in files:
            _write_if_changed(file, (Path(tmp) / file.name).read_bytes())
    stamp.write_text(wanted)
    return True


def write_cheat_sheet(target: Path, stamp_value: str, language: str | None = "en") -> bool:
    """Draw the sheet in ``language`` into ``target`` unless its stamp equals ``stamp_value``.

    Return True if drawn.
    """

    def draw(tmp: Path) -> None:
        from lstm_outputs.diagrams._cheat_sheet import cheat_sheet_page

        page = cheat_sheet_page(sheet_language(language))
        for suffix in (".pdf", ".png"):
            page.save(tmp / f"{name}{suffix}")

    name = sheet_name(language)
    target.mkdir(parents=True, exist_ok=True)
    files = [target / f"{name}{suffix}" for suffix in (".pdf", ".png")]
    return _redraw(target / f"{name}.stamp", stamp_value, files, draw)


def draw_logo(folder: Path, wanted: str | None = None) -> None:
    """Write ``logo.svg``, ``logo.png`` and ``logo.alt`` into ``folder`` unless their stamp is
    ``wanted`` (the hash of the diagram code, computed here if not given)."""

    def draw(tmp: Path) -> None:
        from lstm_outputs.diagrams._logo import logo

        diagram = logo()
        (tmp / "logo.svg").write_text(diagram.to_svg(), encoding="utf-8")
        diagram.save(tmp / "logo.png")
        (tmp / "logo.alt").write_text(diagram.alt, encoding="utf-8")

    folder.mkdir(parents=True, exist_ok=True)
    files = [folder / name for name in ("logo.svg", "logo.png", "logo.alt")]
    _redraw(folder / "logo.stamp", wanted or source_hash(diagrams_source()), files, draw)


def _draw(app: Sphinx, config: Config) -> None:  # the diagram code hashed once per build
    folder = Path(app.confdir) / "_build" / "generated"  # shared by every edition's build
    wanted = source_hash(diagrams_source())
    draw_logo(folder, wanted)
    write_cheat_sheet(folder / "cheatsheet", wanted, config.language)
    config.html_logo = str(folder / "logo.svg")
    config.html_favicon = str(folder / "logo.svg")
    config.html_static_path = [*config.html_static_path, str(folder / "logo.png")]
    config.ogp_image_alt = text(config.language, (folder / "logo.alt").read_text("utf-8"))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_context)
    app.setup_extension("sphinxext.opengraph")  # defines ogp_image_alt
    # Before Sphinx checks html_logo, html_favicon and html_static_path (priority 800).
    app.connect("config-inited", _draw, priority=400)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
