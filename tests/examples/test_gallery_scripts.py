"""Every gallery script runs the way a reader runs a download: alone, from an empty folder.

The scripts must not need this repository: they may import only torch, numpy, matplotlib and the
standard library. We check that statically (their imports) and dynamically (importing
``lstm_outputs`` is made to fail, the repository is not on ``sys.path``, the working directory is an
empty temporary folder).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tools.paths import GALLERY, gallery_scripts

SCRIPTS = gallery_scripts()
ALLOWED_THIRD_PARTY = {"torch", "numpy", "matplotlib"}

# Runs the script as __main__ with lstm_outputs made unimportable, as on a reader's machine.
RUNNER = """
import importlib.abc, runpy, sys

class _Block(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "lstm_outputs" or name.startswith("lstm_outputs."):
            raise ModuleNotFoundError(f"No module named {name!r} (gallery scripts must stand alone)")
        return None

sys.meta_path.insert(0, _Block())
sys.argv = [sys.argv[1]]
runpy.run_path(sys.argv[0], run_name="__main__")
"""


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
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONSTARTUP"}}
    env["MPLBACKEND"] = "Agg"
    result = subprocess.run(
        [sys.executable, "-I", "-W", "error::DeprecationWarning", "-c", RUNNER, str(script)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,  # a hang guard, not a speed test: timings live in the benchmark
        check=False,
    )
    assert result.returncode == 0, f"{script.name} failed:\n{result.stdout}\n{result.stderr}"
    assert list(tmp_path.iterdir()) == [], f"{script.name} wrote files into its working directory"
    assert "Warning" not in result.stderr, f"{script.name} warned:\n{result.stderr}"
