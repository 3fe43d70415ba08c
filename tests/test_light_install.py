"""The library installs light: torch (and numpy) only; matplotlib is the ``diagrams`` extra.

``pip install lstm-outputs`` gives every helper, ``describe`` and the command line; the figures
need ``pip install "lstm-outputs[diagrams]"``, and say so when matplotlib is missing. Checked in
a fresh interpreter in which matplotlib cannot be imported, whatever this environment has.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from importlib.metadata import requires

from packaging.requirements import Requirement

WITHOUT_MATPLOTLIB = """
import importlib.abc, sys

class NoMatplotlib(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "matplotlib" or name.startswith("matplotlib."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)

sys.meta_path.insert(0, NoMatplotlib())
"""


def _run(code: str) -> subprocess.CompletedProcess[str]:
    program = WITHOUT_MATPLOTLIB + textwrap.dedent(code)
    return subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, timeout=120
    )


def test_matplotlib_is_only_the_diagrams_extra() -> None:
    needs = [Requirement(text) for text in requires("lstm-outputs") or []]
    core = {r.name for r in needs if r.marker is None}
    assert core == {"torch", "numpy"}
    diagrams = [r for r in needs if r.marker and r.marker.evaluate({"extra": "diagrams"})]
    assert [r.name for r in diagrams if r.name == "matplotlib"] == ["matplotlib"]


def test_the_library_and_describe_work_without_matplotlib() -> None:
    done = _run(
        """
        import torch, lstm_outputs
        lstm = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True)
        out, (h_n, c_n) = lstm(torch.randn(5, 2, 3))
        assert lstm_outputs.unstack_states(h_n, lstm).shape == (2, 2, 2, 4)
        report = lstm_outputs.describe(lstm, torch.randn(5, 2, 3))
        assert report.ok and "h_n" in str(report)
        assert not any(m.startswith("matplotlib") for m in sys.modules)
        print("ok")
        """
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_the_diagrams_without_matplotlib_name_the_extra() -> None:
    done = _run(
        """
        try:
            import lstm_outputs.diagrams
        except ImportError as error:
            print(type(error).__name__, error.name, "|", error)
        """
    )
    assert done.returncode == 0, done.stderr
    kind, name, _, message = done.stdout.strip().split(" ", 3)
    assert (kind, name) == ("ImportError", "matplotlib")
    assert "expected matplotlib" in message
    assert 'pip install "lstm-outputs[diagrams]"' in message
