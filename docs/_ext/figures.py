"""The site's pictures as files, all drawn by ``lstm_outputs.diagrams`` when the site is built.

- diagram_files: each figure of a page as SVG files (one per theme) that it shows and links to;
- cheatsheet_files: the printable cheat sheet (PDF and PNG);
- site_logo: the logo and the favicon.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import re
import tempfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config


def _write_if_changed(path: Path, data: bytes) -> None:
    """Write only a change, so that Sphinx sees the file as unchanged otherwise."""
    if not path.is_file() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


# ------------------------------------------------------------------------------------------------
# diagram_files
# ------------------------------------------------------------------------------------------------
# Each diagram of a page written as an SVG file that the page shows and links to.
#
# The pages draw their figures with ``lstm_outputs.diagrams``, whose ``Diagram._repr_html_`` gives
# myst-nb a ``text/html`` output holding each picture (a light and a dark variant) as a
# ``data:image/svg+xml`` address: what a notebook needs, since it has no folder to put files in.
# On the site that address is wrong twice over: the "open full size" link around each picture
# cannot open it (Chromium blocks top-level navigation to ``data:`` URLs), and each picture is
# carried inside the page text instead of being cached on its own. myst-nb writes ``image/*``
# outputs to files, but not images inside ``text/html`` outputs, and has no option for it
# (myst-nb 1.4, ``myst_nb/core/render.py``, ``render_text_html``); an ``image/svg+xml`` output
# instead would lose the alt text and the dark variant.
#
# The figures hold every language of the site (``Diagram._repr_html_`` draws each one, the
# others ``hidden``), because the pages are executed once and the Chinese edition reuses those
# outputs. When a page is written, the pictures whose ``lang`` is not the build's language
# (``language``: unset or ``"en"`` is English, ``"zh_CN"`` is ``lang="zh-CN"``) are dropped and
# the kept ones shown, so a page ships only its own language.
#
# Then, every ``data:image/svg+xml;base64,...`` address in its body becomes
# ``_images/diagrams/<hash>.svg`` (written once per content, named by its SHA-256, so two builds
# give the same files and a page that did not change keeps its links).
# Written against Sphinx 9.0 and myst-nb 1.4.


FOLDER = "_images/diagrams"


_DATA_URI = re.compile(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)")


#: one picture of a figure: a link holding its image (neither holds a "<" of its own)
_PICTURE = re.compile(
    r'<a class="lstm-diagram-full [^>]*?lang="([^"]+)"( hidden)?[^>]*><img [^>]*></a>'
)


#: the HTML ``lang`` of the figures each Sphinx ``language`` shows; any other shows English
HTML_LANG = {"zh_CN": "zh-CN"}


def html_lang(language: str | None) -> str:
    """The ``lang`` of the pictures a build in Sphinx ``language`` keeps."""
    return HTML_LANG.get(language or "en", "en")


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
    body = keep_language(body, html_lang(app.config.language))
    context["body"] = svg_to_files(body, Path(app.outdir), lambda path: pathto(path, 1))


def _setup_diagram_files(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", _page_context)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------------------------------------------
# cheatsheet_files
# ------------------------------------------------------------------------------------------------
# The printable cheat sheet (PDF and PNG), drawn by ``lstm_outputs.diagrams`` with the site.
#
# No extension draws a download at build time from the project's own code, so this one does: at
# ``builder-inited`` it writes ``lstm-outputs-cheat-sheet.pdf`` and ``.png`` into
# ``<confdir>/_build/generated/cheatsheet/``, where the cheat-sheet page's ``{download}`` links
# find them. A build in Chinese (``language = "zh_CN"``) writes the Chinese sheet,
# ``lstm-outputs-cheat-sheet-zh_CN.pdf`` and ``.png``, beside them (the translated page links to
# those), so the two editions can be built one after the other, or at once, without redrawing. Drawing imports matplotlib (and the package imports torch), so the files are redrawn
# only when the diagram code changes: a stamp holds the hash of ``lstm_outputs/diagrams/*.py``,
# found without importing the package. A no-op rebuild reads that folder and the stamp, nothing
# more. The files are written only if their bytes change, so Sphinx copies nothing new otherwise.
# Written against Sphinx 9.0.


NAME = "lstm-outputs-cheat-sheet"


SUFFIXES = (".pdf", ".png")


#: the languages the sheet is drawn in; a build in any other language gets the English sheet
LANGUAGES = ("en", "zh_CN")


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


def write_cheat_sheet(target: Path, stamp_value: str, language: str | None = "en") -> bool:
    """Draw the sheet in ``language`` into ``target`` unless its stamp equals ``stamp_value``.

    Return True if drawn.
    """
    name = sheet_name(language)
    stamp = target / f"{name}.stamp"
    outputs = [target / f"{name}{suffix}" for suffix in SUFFIXES]
    if stamp.is_file() and stamp.read_text() == stamp_value and all(p.is_file() for p in outputs):
        return False
    from lstm_outputs.diagrams._cheat_sheet import cheat_sheet_page  # slow: only when needed

    target.mkdir(parents=True, exist_ok=True)
    page = cheat_sheet_page(sheet_language(language))
    with tempfile.TemporaryDirectory() as tmp:
        for output in outputs:
            drawn = Path(tmp) / output.name
            page.save(drawn)
            _write_if_changed(output, drawn.read_bytes())
    stamp.write_text(stamp_value)
    return True


def _builder_inited(app: Sphinx) -> None:
    target = Path(app.confdir) / "_build" / "generated" / "cheatsheet"
    write_cheat_sheet(target, source_hash(diagrams_source()), app.config.language)


def _setup_cheatsheet_files(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


# ------------------------------------------------------------------------------------------------
# site_logo
# ------------------------------------------------------------------------------------------------
# The site's logo and favicon, drawn by the library's own diagram code.
#
# Not an upstream defect: Sphinx takes ``html_logo`` and ``html_favicon`` as files, and this
# site's logo is a figure of ``lstm_outputs.diagrams`` (``lstm_outputs.diagrams._logo.logo``), like
# every other image. Written against Sphinx 9.0, pydata-sphinx-theme 0.24.0 and
# sphinxext-opengraph 0.13.0.
#
# When the configuration is read, ``logo.svg``, ``logo.png`` and the logo's alt text are written to
# ``generated/`` beside the output folder (``docs/_build/generated``), and the settings point at
# them: ``html_logo`` and ``html_favicon`` (the SVG), ``html_static_path`` gains ``logo.png``
# (served as ``_static/logo.png``, for link previews: ``ogp_image``) and ``ogp_image_alt`` is the
# logo's alt text. Drawing imports torch and matplotlib, so it happens only when the diagram code
# changes: a stamp holds the hash of ``lstm_outputs/diagrams``, found without importing it.


def draw_logo(folder: Path) -> None:
    """Write ``logo.svg``, ``logo.png`` and ``logo.alt`` into ``folder`` if the code changed."""
    stamp = folder / "logo.stamp"
    wanted = source_hash(diagrams_source())
    if stamp.is_file() and stamp.read_text() == wanted:
        return
    from lstm_outputs.diagrams._logo import logo

    diagram = logo()
    _write_if_changed(folder / "logo.svg", diagram.to_svg().encode("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        diagram.save(Path(tmp) / "logo.png")
        _write_if_changed(folder / "logo.png", (Path(tmp) / "logo.png").read_bytes())
    _write_if_changed(folder / "logo.alt", diagram.alt.encode("utf-8"))
    stamp.write_text(wanted)


def _use_logo(app: Sphinx, config: Config) -> None:
    folder = Path(app.confdir) / "_build" / "generated"  # shared by every edition's build
    draw_logo(folder)
    config.html_logo = str(folder / "logo.svg")
    config.html_favicon = str(folder / "logo.svg")
    config.html_static_path = [*config.html_static_path, str(folder / "logo.png")]
    config.ogp_image_alt = (folder / "logo.alt").read_text(encoding="utf-8")


def _setup_site_logo(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinxext.opengraph")  # defines ogp_image_alt
    # Before Sphinx checks html_logo, html_favicon and html_static_path (priority 800).
    app.connect("config-inited", _use_logo, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def setup(app: Sphinx) -> dict[str, Any]:
    _setup_diagram_files(app)
    _setup_cheatsheet_files(app)
    _setup_site_logo(app)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
