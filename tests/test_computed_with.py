"""docs/_ext/notebooks.py (computed_with): each page names the installed torch, read without importing it."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from pathlib import Path

from warm_python import sphinx_build

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"


def test_reads_the_version_without_importing_torch() -> None:
    script = (
        f"import sys; sys.path.insert(0, {str(EXT)!r}); import notebooks; "
        "print(notebooks.installed_torch()); print('torch' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    version, imported = result.stdout.split()
    assert version == importlib.metadata.version("torch")
    assert imported == "False"


def test_every_page_of_a_small_project_gets_the_line(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXT)!r})\nextensions = ['notebooks']\n"
    )
    (tmp_path / "index.rst").write_text("Home\n====\n\n.. toctree::\n\n   other\n")
    (tmp_path / "other.rst").write_text("Other\n=====\n\nText.\n")
    out = tmp_path / "_build"
    result = sphinx_build("-q", "-W", "-b", "html", str(tmp_path), str(out))
    assert result.returncode == 0, result.stderr
    version = importlib.metadata.version("torch")
    line = f'<p class="computed-with">Built with torch <code>{version}</code>'
    for name in ("index.html", "other.html"):
        assert (out / name).read_text(encoding="utf-8").count(line) == 1, name
    assert line not in (out / "search.html").read_text(encoding="utf-8")
