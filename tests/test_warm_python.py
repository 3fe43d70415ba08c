"""The warm server (tests/warm_python.py) runs each example as a fresh process would.

The example tests pass only if it reports what a reader's run would show: a failure, a missing
library, a warning made an error, a file left behind, and nothing carried from one run to the next.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from warm_python import run_cells, run_script, sphinx_build


def script(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "plot_example.py"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_script_cannot_import_this_library(tmp_path: Path) -> None:
    result = run_script(script(tmp_path, "import lstm_outputs\n"), cwd=tmp_path)
    assert result.returncode == 1
    assert "gallery scripts must stand alone" in result.stderr


def test_a_script_runs_without_the_repository_on_its_path(tmp_path: Path) -> None:
    code = "import sys, os\nprint(os.getcwd())\nprint('\\n'.join(sys.path))\n"
    result = run_script(script(tmp_path, code), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cwd, *path = result.stdout.splitlines()
    assert cwd == str(tmp_path)
    repository = Path(__file__).resolve().parents[1]
    assert not [p for p in path if p in {"", str(repository), str(repository / "tests")}]


@pytest.mark.parametrize(
    ("code", "status", "said"),
    [
        ("import warnings\nwarnings.warn('old', DeprecationWarning)\n", 1, "DeprecationWarning"),
        ("raise SystemExit(3)\n", 3, ""),
        ("raise SystemExit('stopped')\n", 1, "stopped"),
        ("import sys\nsys.stderr.write('a UserWarning')\n", 0, "a UserWarning"),
        ("1 / 0\n", 1, "ZeroDivisionError"),
    ],
)
def test_a_script_exits_as_python_would(tmp_path: Path, code: str, status: int, said: str) -> None:
    result = run_script(script(tmp_path, code), cwd=tmp_path)
    assert result.returncode == status
    assert said in result.stderr


def test_nothing_carries_over_from_one_run_to_the_next(tmp_path: Path) -> None:
    first = "import torch\ntorch.manual_seed(1)\ntorch.set_default_dtype(torch.float64)\n"
    assert run_script(script(tmp_path, first), cwd=tmp_path).returncode == 0
    probe = "import torch, sys\nprint(torch.get_default_dtype(), torch.initial_seed() == 1)\n"
    result = run_script(script(tmp_path, probe), cwd=tmp_path)
    assert result.stdout.split() == ["torch.float32", "False"]


def test_cells_share_one_namespace_and_stop_at_the_first_error(tmp_path: Path) -> None:
    ran = run_cells(["x = 2", "print(x * 21)"], cwd=tmp_path)
    assert (ran.returncode, ran.stdout.strip()) == (0, "42")
    failed = run_cells(["y = 1", "y / 0", "print('not reached')"], cwd=tmp_path)
    assert failed.returncode == 1
    assert "ZeroDivisionError" in failed.stdout
    assert "cell 2 failed" in failed.stderr
    assert "not reached" not in failed.stdout


def test_sphinx_build_reports_its_exit_status_and_output(tmp_path: Path) -> None:
    (tmp_path / "conf.py").write_text("", encoding="utf-8")
    (tmp_path / "index.rst").write_text("Title\n=====\n\n:unknown-role:`x`\n", encoding="utf-8")
    lenient = sphinx_build("-q", "-b", "html", str(tmp_path), str(tmp_path / "a"))
    assert lenient.returncode == 0
    assert "Unknown interpreted text role" in lenient.stderr
    strict = sphinx_build("-q", "-W", "-b", "html", str(tmp_path), str(tmp_path / "b"))
    assert strict.returncode != 0
    assert strict.args[:3] == [sys.executable, "-m", "sphinx"]


def test_a_script_cannot_reach_the_library_the_server_preloaded(tmp_path: Path) -> None:
    code = "import sys\nprint([m for m in sys.modules if m.startswith('lstm_outputs')])\n"
    result = run_script(script(tmp_path, code), cwd=tmp_path)
    assert (result.returncode, result.stdout.strip()) == (0, "[]")
    nested = run_script(script(tmp_path, "from lstm_outputs import diagrams\n"), cwd=tmp_path)
    assert "gallery scripts must stand alone" in nested.stderr
