"""The gallery is a learning path: docs/_ext/gallery_setup.py, on the real gallery folders.

The key must place every script of every section (a new script fails here until it is given
its place), keep "I" before "II", and be what sphinx-gallery actually uses when it is named by
its fully qualified name, as docs/conf.py names it.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
from warm_python import sphinx_build

ROOT = Path(__file__).resolve().parents[1]
EXT = ROOT / "docs" / "_ext"
GALLERY = ROOT / "gallery"
SECTIONS = sorted(p for p in GALLERY.iterdir() if p.is_dir() and not p.name.startswith("_"))

sys.path.insert(0, str(EXT))
from gallery_setup import LEARNING_PATH, LearningPath  # noqa: E402


def title(script: Path) -> str:
    """The example's title: the first line of its docstring."""
    docstring = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8")))
    assert docstring, f"{script.name} has no docstring"
    return docstring.strip().splitlines()[0]


def in_path_order(section: Path) -> list[str]:
    names = [p.name for p in section.glob("plot_*.py")]
    return sorted(names, key=LearningPath(str(section)))


def test_sections_are_the_listed_ones() -> None:
    assert [s.name for s in SECTIONS] == sorted(LEARNING_PATH)


@pytest.mark.parametrize("section", SECTIONS, ids=[s.name for s in SECTIONS])
def test_every_script_has_its_place(section: Path) -> None:
    on_disk = sorted(p.name for p in section.glob("plot_*.py"))
    assert sorted(LEARNING_PATH[section.name]) == on_disk
    assert in_path_order(section) == list(LEARNING_PATH[section.name])


@pytest.mark.parametrize("section", SECTIONS, ids=[s.name for s in SECTIONS])
def test_numbered_parts_come_in_order(section: Path) -> None:
    numerals = {"I": 1, "II": 2, "III": 3, "IV": 4}
    parts = []
    for name in in_path_order(section):
        match = re.search(r"\b(IV|III|II|I):", title(section / name))
        if match:
            parts.append(numerals[match.group(1)])
    assert parts == sorted(parts)


def test_the_path_starts_with_shapes_and_pads_before_packing() -> None:
    basics = in_path_order(GALLERY / "basics")
    assert title(GALLERY / "basics" / basics[0]) == "Shapes at a glance"
    variable = in_path_order(GALLERY / "variable_length")
    assert variable.index("plot_padding_effects.py") < variable.index("plot_packing.py")


def test_the_path_is_not_the_alphabet() -> None:
    """Guards against a key that silently sorts by name: at least one section differs."""
    assert any(in_path_order(s) != sorted(in_path_order(s)) for s in SECTIONS)


def test_key_reads_names_and_paths_alike_and_puts_unknown_scripts_last() -> None:
    key = LearningPath("gallery/basics")
    assert key("plot_untangle_h_n.py") == key(str(GALLERY / "basics" / "plot_untangle_h_n.py"))
    listed = [key(name) for names in LEARNING_PATH.values() for name in names]
    assert key("plot_new_example.py") > max(listed)
    assert sorted(["plot_zz.py", "plot_aa.py"], key=key) == ["plot_aa.py", "plot_zz.py"]


CONF = f"""
import sys
sys.path.insert(0, {str(EXT)!r})
extensions = ["sphinx_gallery.gen_gallery"]
sphinx_gallery_conf = {{
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "within_subsection_order": "gallery_setup.LearningPath",
    "image_scrapers": (),
    "plot_gallery": "False",
}}
"""


def test_sphinx_gallery_uses_the_key_by_its_name(tmp_path: Path) -> None:
    """A tiny gallery whose files' alphabetical order is the reverse of the learning path."""
    docs, section = tmp_path / "docs", tmp_path / "gallery" / "variable_length"
    docs.mkdir()
    section.mkdir(parents=True)
    (docs / "conf.py").write_text(CONF, encoding="utf-8")
    (docs / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   auto_examples/index\n")
    (tmp_path / "gallery" / "GALLERY_HEADER.rst").write_text("Gallery\n=======\n")
    (section / "GALLERY_HEADER.rst").write_text("Variable\n--------\n")
    for name, heading in [("plot_packing.py", "Part II"), ("plot_padding_effects.py", "Part I")]:
        (section / name).write_text(f'"""\n{heading}\n{"=" * len(heading)}\n"""\n\nx = 1\n')
    result = sphinx_build("-q", "-b", "html", str(docs), str(docs / "_build"))
    assert result.returncode == 0, result.stderr
    index = (docs / "auto_examples" / "variable_length" / "index.rst").read_text()
    assert index.index("plot_padding_effects") < index.index("plot_packing")
