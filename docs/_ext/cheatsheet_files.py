"""The printable cheat sheet (PDF and PNG), drawn by ``lstm_outputs.diagrams`` with the site.

No extension draws a download at build time from the project's own code, so this one does: at
``builder-inited`` it writes ``lstm-outputs-cheat-sheet.pdf`` and ``.png`` into
``<confdir>/_build/generated/cheatsheet/``, where the cheat-sheet page's ``{download}`` links
find them. A build in Chinese (``language = "zh_CN"``) writes the Chinese sheet,
``lstm-outputs-cheat-sheet-zh_CN.pdf`` and ``.png``, beside them (the translated page links to
those), so the two editions can be built one after the other, or at once, without redrawing. Drawing imports matplotlib (and the package imports torch), so the files are redrawn
only when the diagram code changes: a stamp holds the hash of ``lstm_outputs/diagrams/*.py``,
found without importing the package. A no-op rebuild reads that folder and the stamp, nothing
more. The files are written only if their bytes change, so Sphinx copies nothing new otherwise.
Written against Sphinx 9.0.
"""

from __future__ import annotations

import hashlib
import importlib.util
import tempfile
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

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
    """SHA-256 over the names and bytes of the folder's ``.py`` files, in name order."""
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


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


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", _builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
