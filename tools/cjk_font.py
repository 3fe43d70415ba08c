"""The CJK font the Chinese figures are drawn with: which characters it must hold, and its subset.

The figures' Chinese text is drawn with a subset of Noto Sans CJK SC that ships inside the library
(``src/lstm_outputs/diagrams/fonts/``), so neither a build nor a test needs a system font. The
subset holds every character, outside ASCII, that the site's Chinese text can put into a figure:
the catalogs (``docs/locale/zh_CN``), the pages' code (heatmap titles per language), and the
library's own source (the figure labels, the cheat sheet). ``tests/test_cjk_font.py`` fails when a
new translation needs a character the subset lacks; then regenerate it (one command)::

    nox -s fonts                               # source: Debian's fonts-noto-cjk, if installed
    nox -s fonts -- --source DIR               # DIR holding NotoSansCJK-Regular.ttc and -Bold.ttc

The source is Noto Sans CJK version 2.004 (Debian's ``fonts-noto-cjk`` 1:20220127, or the same
release from github.com/notofonts/noto-cjk): the version is checked, so a regenerated subset draws
the same glyphs. The faces are renamed (SIL OFL 1.1 allows a modified font under a new name; the
Reserved Font Name of Noto CJK is "Source"), so matplotlib never confuses the subset with a
system-wide Noto Sans CJK and a user's own plots keep their full font.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tools.paths import DOCS, ROOT

FONTS = ROOT / "src" / "lstm_outputs" / "diagrams" / "fonts"
#: where Debian's fonts-noto-cjk installs the collections
DEBIAN_FOLDERS = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/opentype/noto-cjk"),
)
SOURCE_VERSION = "Version 2.004"
#: (output file, source collection, face index in it, new family name, new style)
FACES = (
    ("SubsetNotoSansCJKsc-Regular.otf", "NotoSansCJK-Regular.ttc", 2, "Regular"),
    ("SubsetNotoSansCJKsc-Bold.otf", "NotoSansCJK-Bold.ttc", 2, "Bold"),
    ("SubsetNotoSansMonoCJKsc-Regular.otf", "NotoSansCJK-Regular.ttc", 7, "Regular"),
    ("SubsetNotoSansMonoCJKsc-Bold.otf", "NotoSansCJK-Bold.ttc", 7, "Bold"),
)
#: Full-width and CJK punctuation always kept, whether or not any text uses it yet.
PUNCTUATION = "，。、；：？！（）【】《》〈〉「」『』“”\u2018\u2019…—\uff5e·"


def _texts() -> Iterable[str]:
    """Every text whose characters may reach a Chinese figure."""
    for folder, pattern in (
        (DOCS / "locale", "*.po"),
        (DOCS, "*.md"),
        (ROOT / "src" / "lstm_outputs", "*.py"),
    ):
        for path in sorted(folder.rglob(pattern)):
            if "_build" not in path.parts:
                yield path.read_text(encoding="utf-8")


def wanted(char: str) -> bool:
    """A character the CJK font must draw: East Asian wide/full-width, or CJK punctuation."""
    return unicodedata.east_asian_width(char) in {"W", "F"} or char in PUNCTUATION


def needed_characters() -> set[str]:
    """The characters the subset must hold (see the module docstring for where they come from)."""
    chars = set(PUNCTUATION)
    for text in _texts():
        chars.update(c for c in text if ord(c) > 0x7F and wanted(c))
    # emoji and other wide symbols that Noto Sans CJK does not have cannot be asked of it
    return chars


def _source_folder(given: str | None) -> Path:
    candidates = [Path(given)] if given else list(DEBIAN_FOLDERS)
    for folder in candidates:
        if all((folder / source).is_file() for _, source, _, _ in FACES):
            return folder
    where = given or " or ".join(map(str, DEBIAN_FOLDERS))
    raise SystemExit(
        f"fonts: expected NotoSansCJK-Regular.ttc and NotoSansCJK-Bold.ttc (Noto Sans CJK 2.004) in"
        f" {where}, found none (install Debian's fonts-noto-cjk, or unpack it with `apt-get "
        "download fonts-noto-cjk && dpkg -x fonts-noto-cjk_*.deb x`, and pass --source "
        "x/usr/share/fonts/opentype/noto)"
    )


def _rename(font: Any, family: str, style: str) -> None:
    """Give a subset face (a fontTools ``TTFont``) its own family name: name table and CFF."""
    postscript = family.replace(" ", "") + "-" + style
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (16, 17, 21, 22):  # typographic names: dropped, 1/2 say it all
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, family), (2, style), (3, postscript), (4, f"{family} {style}")):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    names.setName(postscript, 6, 3, 1, 0x409)
    names.setName(postscript, 6, 1, 0, 0)
    cff = font["CFF "].cff
    cff.fontNames = [postscript]
    top = cff.topDictIndex[0]
    top.FamilyName, top.FullName = family, f"{family} {style}"


def family_name(source_family: str) -> str:
    """The subset's family: "Noto Sans CJK SC" becomes "Subset Noto Sans CJK SC"."""
    return f"Subset {source_family}"


def subset(source: str | None = None) -> list[Path]:
    """Write the four subset faces into FONTS from Noto Sans CJK 2.004; return their paths."""
    from fontTools import subset as ftsubset
    from fontTools.ttLib import TTCollection

    folder = _source_folder(source)
    text = "".join(sorted(needed_characters()))
    written = []
    for out, collection, index, style in FACES:
        font = TTCollection(str(folder / collection)).fonts[index]
        version = font["name"].getDebugName(5) or ""
        if not version.startswith(SOURCE_VERSION):
            raise SystemExit(f"fonts: expected {SOURCE_VERSION} of Noto Sans CJK, got {version!r}")
        family = family_name(font["name"].getDebugName(1) or "")
        options = ftsubset.Options()
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        options.name_languages = ["*"]
        options.notdef_outline = True
        options.hinting = True  # kept: matplotlib rasterises PNG text with the font's own hints
        options.desubroutinize = False
        subsetter = ftsubset.Subsetter(options)
        subsetter.populate(text=text)
        subsetter.subset(font)
        _rename(font, family, style)
        FONTS.mkdir(parents=True, exist_ok=True)
        font.recalcTimestamp = False  # the same bytes every time it is cut
        font.save(str(FONTS / out), reorderTables=True)
        written.append(FONTS / out)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.cjk_font", description=__doc__)
    parser.add_argument("--source", help="folder holding NotoSansCJK-Regular.ttc and -Bold.ttc")
    args = parser.parse_args(argv)
    for path in subset(args.source):
        print(f"wrote {path.relative_to(ROOT)}: {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
