"""Run examples in fresh processes that start with torch, numpy and matplotlib already imported.

Every gallery script and every docs page must run in a process of its own, as a reader runs it.
Starting Python and importing torch and matplotlib costs about 1.7 s, and a Jupyter kernel about
1.1 s more: paid 26 times, that was a third of the test command's time, spent on the same
imports. A *warm server* pays it once per pytest worker: a Python process started in isolated
mode (``-I``: no ``PYTHONPATH``, no user site, the repository not on ``sys.path``) imports the
three libraries and nothing of ours, then forks one child per example. A forked child is a new
process: nothing an example changes (seeds, default dtype, ``sys.modules``, the working folder)
reaches the next one. The server runs no torch operation itself, so no thread pool exists when it
forks (a pool created before ``fork`` is what makes forked torch workers hang).

A gallery script runs with ``lstm_outputs`` made unimportable, ``DeprecationWarning`` raised as an
error and an empty working folder; a docs page runs cell by cell in an IPython shell (the same
shell class a kernel wraps), from its own folder, every output format computed as in a notebook.
The docs build still executes every page in a real Jupyter kernel.

Protocol: one JSON request per line on the server's stdin, one JSON reply per line on its stdout;
the child's stdout and stderr go to the files the request names.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

# What the server imports before it forks: what every example imports, and nothing of ours.
PRELOAD = ("torch", "numpy", "matplotlib", "matplotlib.pyplot", "IPython.core.interactiveshell")
TIMEOUT_S = 300  # a hang guard, not a speed test: timings live in the benchmark


class WarmPython:
    """A client for one warm server, started on first use and stopped by :meth:`close`."""

    def __init__(self) -> None:
        self._server: subprocess.Popen[str] | None = None

    def run(self, request: dict[str, Any], stdout: Path, stderr: Path) -> int:
        """Run one example (see :func:`_child`) in a forked child; return its exit status."""
        if self._server is None or self._server.poll() is not None:
            env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONSTARTUP"}}
            env["MPLBACKEND"] = "Agg"
            self._server = subprocess.Popen(
                [sys.executable, "-I", __file__],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
                env=env,
            )
        server = self._server
        assert server.stdin is not None
        assert server.stdout is not None
        server.stdin.write(json.dumps({**request, "out": str(stdout), "err": str(stderr)}) + "\n")
        server.stdin.flush()
        reply = server.stdout.readline()
        if not reply:
            raise RuntimeError(f"the warm server stopped (exit status {server.wait()})")
        status: int = json.loads(reply)["status"]
        return status

    def close(self) -> None:
        """Stop the server (it ends when its stdin closes)."""
        if self._server is not None:
            self._server.communicate(timeout=30)
            self._server = None


# -- In the server and its children (this file run as a script) -------------------------------


def _gallery_script(path: str) -> None:
    """As ``python -W error::DeprecationWarning script.py`` on a machine without this repo."""
    import importlib.abc
    import runpy
    import warnings

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: object = None, target: object = None) -> None:
            if name == "lstm_outputs" or name.startswith("lstm_outputs."):
                raise ModuleNotFoundError(
                    f"No module named {name!r} (gallery scripts must stand alone)"
                )

    sys.meta_path.insert(0, Block())
    warnings.filterwarnings("error", category=DeprecationWarning)
    sys.argv = [path]
    runpy.run_path(path, run_name="__main__")


def _notebook_cells(cells: list[str]) -> None:
    """Each cell in order in one IPython shell, as a kernel runs them; stop at the first error."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False  # no shared history database between children
    config.InteractiveShell.colors = "nocolor"  # tracebacks read in a test report
    shell = InteractiveShell.instance(config=config)
    formatter = shell.display_formatter
    formatter.active_types = list(formatter.formatters)  # compute every format a notebook keeps
    for number, source in enumerate(cells, start=1):
        result = shell.run_cell(source, store_history=True)
        if not result.success:
            print(f"cell {number} failed:\n{source}", file=sys.stderr)
            raise SystemExit(1)


def _child(request: dict[str, Any]) -> int:
    """Run one request in this (forked) process; the exit status: 0 when it ran through."""
    out = os.open(request["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    err = os.open(request["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(err, 2)
    os.chdir(request["cwd"])
    import signal

    signal.alarm(TIMEOUT_S)  # the default action of SIGALRM ends the process
    try:
        if request["kind"] == "script":
            _gallery_script(request["path"])
        else:
            _notebook_cells(request["cells"])
    except SystemExit as stop:
        code = stop.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
        return 1
    return 0


def _serve() -> None:
    import importlib
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("error", category=DeprecationWarning)
        for name in PRELOAD:
            importlib.import_module(name)
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                status = _child(request)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        _, wait_status = os.waitpid(pid, 0)
        print(json.dumps({"status": os.waitstatus_to_exitcode(wait_status)}), flush=True)


if __name__ == "__main__":
    _serve()
