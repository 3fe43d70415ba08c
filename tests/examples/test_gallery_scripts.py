"""Every gallery script runs the way a reader runs a download: alone, from an empty folder.

The scripts must not need this repository: they may import only torch, numpy, matplotlib and the
standard library. We check that statically (their imports) and dynamically (importing
``lstm_outputs`` is made to fail, the repository is not on ``sys.path``, the working directory is an
empty temporary folder, ``DeprecationWarning`` is an error). Each runs in a process of its own,
forked from a server that has imported torch, numpy and matplotlib (``warm_python.py``).
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from warm_python import run_script

from tools.paths import GALLERY, gallery_scripts

SCRIPTS = gallery_scripts()
ALLOWED_THIRD_PARTY = {"torch", "numpy", "matplotlib"}


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
    assert third_party <= ALLOWED_THIRD_PARTY, f"{script.name} imports {sorted(third_party)}"


@pytest.mark.parametrize("script", SCRIPTS, ids=_ids(SCRIPTS))
def test_runs_standalone(script: Path, tmp_path: Path) -> None:
    result = run_script(script, cwd=tmp_path)
    assert result.returncode == 0, f"{script.name} failed:\n{result.stdout}\n{result.stderr}"
    assert list(tmp_path.iterdir()) == [], f"{script.name} wrote files into its working directory"
    assert "Warning" not in result.stderr, f"{script.name} warned:\n{result.stderr}"
