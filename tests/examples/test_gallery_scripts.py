"""Every gallery script runs the way a reader runs a download: alone, from an empty folder.

The scripts must not need this repository: they may import only torch, numpy, matplotlib and the
standard library, plus the packages a script names at the top of its docstring ("Needs onnx ...:
``pip install onnx ...``"), which must be in the ``docs`` extra (so installed here and in the docs
build). We check that statically (their imports) and dynamically (importing
``lstm_outputs`` is made to fail, the repository is not on ``sys.path``, the working directory is an
empty temporary folder, ``DeprecationWarning`` is an error). Each runs in a process of its own,
forked from a server that has imported torch, numpy and matplotlib (``warm_python.py``).
"""

from __future__ import annotations

import ast
import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest
from warm_python import run_script

from tools.paths import GALLERY, ROOT, gallery_scripts

SCRIPTS = gallery_scripts()
ALLOWED_THIRD_PARTY = {"torch", "numpy", "matplotlib"}
# "Needs onnx and onnxruntime besides ...: ``pip install onnx onnxruntime``." right after the title.
NEEDS = re.compile(r"^Needs .*?``pip install (?P<packages>[a-z0-9 _-]+)``")


def declared_packages(script: Path) -> set[str]:
    """The extra packages a script names in the first paragraph after its title (pip names)."""
    docstring = ast.get_docstring(ast.parse(script.read_text(encoding="utf-8"))) or ""
    paragraphs = docstring.split("\n\n")
    top = " ".join(paragraphs[1].split()) if len(paragraphs) > 1 else ""
    found = NEEDS.search(top)
    if "pip install" in docstring:
        assert found, f"{script.name}: the packages it needs must be named right after the title"
    return set(found["packages"].split()) if found else set()


def docs_extra() -> set[str]:
    """The names in pyproject.toml's docs extra (what the docs build and the tests install)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]
        for r in project["optional-dependencies"]["docs"]
    }


def _ids(paths: list[Path]) -> list[str]:
    return [p.relative_to(GALLERY).as_posix() for p in paths]


def test_gallery_has_examples() -> None:
    assert len(SCRIPTS) >= 12, f"expected at least 12 gallery scripts, found {len(SCRIPTS)}"


@pytest.mark.parametrize("script", SCRIPTS, ids=_ids(SCRIPTS))
def test_imports_only_torch_numpy_matplotlib(script: Path) -> None:
    tree = ast.parse(script.read_text(encoding="utf-8"))
    top_level: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            top_level.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            top_level.add(node.module.split(".")[0])
    third_party = top_level - set(sys.stdlib_module_names)
    allowed = ALLOWED_THIRD_PARTY | declared_packages(script)
    assert third_party <= allowed, f"{script.name} imports {sorted(third_party)}"


@pytest.mark.parametrize("script", SCRIPTS, ids=_ids(SCRIPTS))
def test_extra_packages_are_declared_and_installed(script: Path) -> None:
    # A script that needs more than torch, numpy and matplotlib says so at its top, and what it
    # names is in the docs extra: installed for the docs build and for the run below, not skipped.
    extra = declared_packages(script)
    assert extra <= docs_extra(), f"{script.name} needs {sorted(extra - docs_extra())}"
    for package in extra:
        assert importlib.util.find_spec(package) is not None, f"{package} is not installed"


def test_extra_packages_are_the_exception() -> None:
    # The gallery's promise (gallery/GALLERY_HEADER.rst): every other script needs nothing more.
    needing = [script.name for script in SCRIPTS if declared_packages(script)]
    assert needing == ["plot_export_to_onnx.py"]


@pytest.mark.parametrize("script", SCRIPTS, ids=_ids(SCRIPTS))
def test_runs_standalone(script: Path, tmp_path: Path) -> None:
    result = run_script(script, cwd=tmp_path)
    assert result.returncode == 0, f"{script.name} failed:\n{result.stdout}\n{result.stderr}"
    assert list(tmp_path.iterdir()) == [], f"{script.name} wrote files into its working directory"
    assert "Warning" not in result.stderr, f"{script.name} warned:\n{result.stderr}"
