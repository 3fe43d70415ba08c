"""The two extensions that bring the diagrams onto the site (docs/_ext), on tiny projects.

``diagram_files`` turns the ``data:`` SVGs of ``Diagram._repr_html_`` into files the page shows
and links to; ``cheatsheet_files`` draws the printable cheat sheet only when the diagram code
changed, and imports nothing heavy otherwise.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from warm_python import sphinx_build

from lstm_outputs import diagrams
from lstm_outputs.diagrams._logo import logo

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
NAME = "lstm-outputs-cheat-sheet"
CONF = f"""
import sys
sys.path.insert(0, {str(EXT)!r})
import figures


def setup(app):
    # the figures extension's diagram files alone (not its logo and cheat sheet, tested below)
    app.connect("html-page-context", figures._page_context)
"""


def _raw(html: str) -> str:
    return ".. raw:: html\n\n   " + html + "\n"


def test_diagram_svgs_become_files_the_page_links_to(tmp_path: Path) -> None:
    diagram = logo()
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    page = "Page\n====\n\n" + _raw(diagram._repr_html_())
    (tmp_path / "index.rst").write_text(page + "\n.. toctree::\n\n   sub/deep\n", "utf-8")
    (tmp_path / "sub" / "deep.rst").write_text(page.replace("Page", "Deep"), "utf-8")
    out = tmp_path / "_build"
    result = sphinx_build("-q", "-b", "html", str(tmp_path), str(out))
    assert result.returncode == 0, result.stderr
    files = {p.name: p.read_text(encoding="utf-8") for p in (out / "_images/diagrams").glob("*")}
    assert sorted(files.values()) == sorted([diagram.to_svg("light"), diagram.to_svg("dark")])
    for html_file, prefix in ((out / "index.html", ""), (out / "sub/deep.html", "../")):
        html = html_file.read_text(encoding="utf-8")
        assert "data:image/svg+xml" not in html
        srcs = re.findall(r'<img class="only-(?:light|dark)" src="([^"]+)"', html)
        hrefs = re.findall(r'<a class="lstm-diagram-full[^"]*" lang="en" href="([^"]+)"', html)
        assert len(srcs) == 2
        assert srcs == hrefs  # each picture links to itself, full size
        for src in srcs:
            assert src.startswith(prefix + "_images/diagrams/")
            assert (html_file.parent / src).resolve().is_file()


def _build(project: Path, conf: str, body: str) -> str:
    """Build a one-page project whose page shows ``body``; return the page's HTML."""
    project.mkdir()
    (project / "conf.py").write_text(conf, encoding="utf-8")
    (project / "index.rst").write_text("Page\n====\n\n" + _raw(body), "utf-8")
    out = project / "_build"
    result = sphinx_build("-q", "-W", "-b", "html", str(project), str(out))
    assert result.returncode == 0, result.stderr
    return (out / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("setting", "language", "lang"),
    [("", "en", "en"), ("language = 'en'", "en", "en"), ("language = 'zh_CN'", "zh_CN", "zh-CN")],
)
def test_a_page_ships_only_the_build_languages_pictures(
    tmp_path: Path, setting: str, language: str, lang: str
) -> None:
    figure = diagrams.state_layout(num_layers=1)
    html_out = figure._repr_html_()
    assert html_out.count(' lang="en"') == html_out.count(' lang="zh-CN"') == 2
    assert html_out.count(" hidden ") == 2  # the other language's pair, in a notebook
    page = _build(tmp_path / "site", CONF + setting + "\n", html_out)
    shown = diagrams.state_layout(num_layers=1, language=language)
    pictures = re.findall(r'<a class="lstm-diagram-full[^"]*" lang="([^"]+)"([^>]*)>', page)
    assert [found for found, _ in pictures] == [lang, lang]
    assert all("hidden" not in rest for _, rest in pictures)
    alts = re.findall(r'<img class="only-(?:light|dark)" src="[^"]+" alt="([^"]+)"', page)
    assert alts == [html.escape(shown.alt, quote=True)] * 2
    folder = tmp_path / "site" / "_build" / "_images" / "diagrams"
    files = sorted(p.read_text(encoding="utf-8") for p in folder.glob("*.svg"))
    assert files == sorted([shown.to_svg("light"), shown.to_svg("dark")])  # no other language


def _cheatsheet_files() -> Any:
    sys.path.insert(0, str(EXT))
    try:
        import figures as cheatsheet_files
    finally:
        sys.path.remove(str(EXT))
    return cheatsheet_files


def test_cheat_sheet_is_drawn_once_per_change_and_a_no_op_imports_nothing(
    tmp_path: Path,
) -> None:
    cheatsheet_files = _cheatsheet_files()
    assert cheatsheet_files.write_cheat_sheet(tmp_path, "one")
    pdf = tmp_path / "lstm-outputs-cheat-sheet.pdf"
    png = tmp_path / "lstm-outputs-cheat-sheet.png"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert png.read_bytes().startswith(b"\x89PNG")
    before = pdf.stat().st_mtime_ns, png.stat().st_mtime_ns
    # A no-op build, in a fresh interpreter: nothing drawn, nothing heavy imported.
    no_op = f"""
import sys
sys.path.insert(0, {str(EXT)!r})
import figures as c
drawn = c.write_cheat_sheet(__import__("pathlib").Path({str(tmp_path)!r}), "one")
print(drawn, "torch" in sys.modules, "matplotlib" in sys.modules)
"""
    result = subprocess.run(
        [sys.executable, "-c", no_op], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False False False"
    assert cheatsheet_files.write_cheat_sheet(tmp_path, "two")  # the diagram code changed: drawn
    assert (pdf.stat().st_mtime_ns, png.stat().st_mtime_ns) == before  # same bytes, not rewritten


def test_cheat_sheet_in_chinese_is_a_file_of_its_own(tmp_path: Path) -> None:
    cheatsheet_files = _cheatsheet_files()
    assert cheatsheet_files.sheet_name(None) == cheatsheet_files.sheet_name("en") == NAME
    assert cheatsheet_files.sheet_name("fr") == NAME  # no French sheet: the English one
    assert cheatsheet_files.write_cheat_sheet(tmp_path, "one", "zh_CN")
    pdf = tmp_path / f"{NAME}-zh_CN.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (tmp_path / f"{NAME}-zh_CN.png").read_bytes().startswith(b"\x89PNG")
    assert not (tmp_path / f"{NAME}.pdf").exists()  # the English sheet is not touched
    # the same stamp in English draws the English sheet: the stamps are per language
    assert cheatsheet_files.write_cheat_sheet(tmp_path, "one", "en")
    assert not cheatsheet_files.write_cheat_sheet(tmp_path, "one", "zh_CN")
    assert pdf.read_bytes() != (tmp_path / f"{NAME}.pdf").read_bytes()


def test_cheat_sheet_stamp_is_the_diagram_code() -> None:
    cheatsheet_files = _cheatsheet_files()
    folder = cheatsheet_files.diagrams_source()
    assert (folder / "_cheat_sheet.py").is_file()
    assert cheatsheet_files.source_hash(folder) == cheatsheet_files.source_hash(folder)
    assert len(cheatsheet_files.source_hash(folder)) == 64


def test_the_diagram_code_is_hashed_once_per_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The logo and the cheat sheet share one hash of the diagram code (the stamps are current
    here, so nothing is drawn)."""
    figures = _cheatsheet_files()
    real, folders = figures.source_hash, []
    wanted = real(figures.diagrams_source())
    generated = tmp_path / "_build" / "generated"
    (generated / "cheatsheet").mkdir(parents=True)
    for name in ("logo.stamp", f"cheatsheet/{NAME}.stamp"):
        (generated / name).write_text(wanted)
    for name in (
        "logo.svg",
        "logo.png",
        "logo.alt",
        f"cheatsheet/{NAME}.pdf",
        f"cheatsheet/{NAME}.png",
    ):
        (generated / name).write_text("drawn before")
    monkeypatch.setattr(
        figures, "source_hash", lambda folder: folders.append(folder) or real(folder)
    )
    config = SimpleNamespace(language="en", html_static_path=[])
    figures._draw(SimpleNamespace(confdir=str(tmp_path)), config)
    assert folders == [figures.diagrams_source()]
    assert config.html_logo == str(generated / "logo.svg")
    assert config.ogp_image_alt == "drawn before"
