"""Run examples and Sphinx builds in fresh processes that start with their libraries imported.

Every gallery script, every docs page and every test build of a tiny Sphinx project runs in a
process of its own, as a reader (or ``nox -s docs``) runs it. Starting Python and importing torch
and matplotlib costs about 1.7 s, a Jupyter kernel about 1.1 s more, the Sphinx stack 1.2 s: paid
for each of some fifty runs, that was a third of the test command's time, spent on the same
imports. A *warm server* pays it once per pytest worker: a Python process started in isolated mode
(``-I``: no ``PYTHONPATH``, no user site, the repository not on ``sys.path``) imports those
libraries, then forks one child per run. A forked child is a new process:
nothing a run changes (seeds, default dtype, ``sys.modules``, the working folder, the environment)
reaches the next one. The server runs no torch operation itself, so no thread pool exists when it
forks (a pool created before ``fork`` is what makes forked torch workers hang).

- :func:`run_script`: a gallery script as ``python -W error::DeprecationWarning script.py`` on a
  machine without this repository (``lstm_outputs`` made unimportable).
- :func:`run_cells`: a docs page's code cells in order in an IPython shell (the shell a Jupyter
  kernel wraps), every output format computed as in a notebook. The docs build still executes
  every page in a real Jupyter kernel.
- :func:`sphinx_build`: ``python -m sphinx ...``.

Tests that check what a fresh interpreter imports, or what it has not imported, use a plain
subprocess instead.
"""

from __future__ import annotations

import atexit
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# Imported with DeprecationWarning as an error, as the gallery scripts run: what they import.
PRELOAD_GALLERY = ("torch", "numpy", "matplotlib", "matplotlib.pyplot")
# Imported as they are: what the pages' shell and the Sphinx builds need. The library is among
# them (the pages and the site's extensions import it; importing it changes no global state of
# torch or matplotlib): a gallery script's child drops it from sys.modules, then blocks it.
PRELOAD_TOOLS = (
    "IPython.core.interactiveshell",
    "sphinx.cmd.build",
    "myst_nb",
    "docutils",
    "pydata_sphinx_theme",
    "sphinx_gallery.gen_gallery",
    "lstm_outputs.diagrams",
)
TIMEOUT_S = 300  # a hang guard, not a speed test: timings live in the benchmark

_server: subprocess.Popen[str] | None = None


def _request(request: dict[str, Any], cwd: Path, env: dict[str, str] | None) -> Any:
    """Run ``request`` in a child of this process's server; its exit status, stdout, stderr."""
    global _server
    if _server is None or _server.poll() is not None:
        server_env = {
            k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONSTARTUP"}
        }
        server_env["MPLBACKEND"] = "Agg"
        _server = subprocess.Popen(
            [sys.executable, "-I", __file__],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=server_env,
        )
        atexit.register(_stop)
    assert _server.stdin is not None
    assert _server.stdout is not None
    with tempfile.TemporaryDirectory() as tmp:
        out, err = Path(tmp, "stdout"), Path(tmp, "stderr")
        files = {"cwd": str(cwd), "env": env, "out": str(out), "err": str(err)}
        _server.stdin.write(json.dumps({**request, **files}) + "\n")
        _server.stdin.flush()
        reply = _server.stdout.readline()
        if not reply:
            raise RuntimeError(f"the warm server stopped (exit status {_server.wait()})")
        status = json.loads(reply)["status"]
        return status, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")


def _stop() -> None:
    """Stop this process's server (it ends when its stdin closes)."""
    global _server
    if _server is not None:
        _server.communicate(timeout=30)
        _server = None


def _completed(args: list[str], answer: Any) -> subprocess.CompletedProcess[str]:
    status, stdout, stderr = answer
    return subprocess.CompletedProcess(args, status, stdout, stderr)


def run_script(script: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run a gallery script in ``cwd`` as a reader without this repository would."""
    answer = _request({"kind": "script", "path": str(script)}, cwd, None)
    return _completed([str(script)], answer)


def run_cells(cells: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run notebook code cells in order in one IPython shell, from ``cwd``."""
    return _completed(["<cells>"], _request({"kind": "cells", "cells": cells}, cwd, None))


def sphinx_build(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m sphinx *args`` in a fresh process; ``env`` replaces the environment."""
    request = {"kind": "module", "module": "sphinx", "args": list(args)}
    answer = _request(request, cwd or Path.cwd(), env)
    return _completed([sys.executable, "-m", "sphinx", *args], answer)


# -- In the server and its children (this file run as a script) -------------------------------


def _gallery_script(path: str) -> None:
    import importlib.abc
    import runpy
    import warnings

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: object = None, target: object = None) -> None:
            if name == "lstm_outputs" or name.startswith("lstm_outputs."):
                raise ModuleNotFoundError(
                    f"No module named {name!r} (gallery scripts must stand alone)"
                )

    for name in [m for m in sys.modules if m == "lstm_outputs" or m.startswith("lstm_outputs.")]:
        del sys.modules[name]
    sys.meta_path.insert(0, Block())
    warnings.filterwarnings("error", category=DeprecationWarning)
    sys.argv = [path]
    runpy.run_path(path, run_name="__main__")


def _notebook_cells(cells: list[str]) -> None:
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False  # no shared history database between children
    config.InteractiveShell.colors = "nocolor"  # tracebacks read in a test report
    shell = InteractiveShell.instance(config=config)
    formatter = shell.display_formatter
    formatter.active_types = list(formatter.formatters)  # compute every format a notebook keeps
    for number, source in enumerate(cells, start=1):
        if not shell.run_cell(source, store_history=True).success:
            print(f"cell {number} failed:\n{source}", file=sys.stderr)
            raise SystemExit(1)


def _module(module: str, args: list[str]) -> None:
    import runpy

    sys.argv = [module, *args]
    runpy.run_module(module, run_name="__main__", alter_sys=True)


def _child(request: dict[str, Any]) -> int:
    """Run one request in this (forked) process; the exit status: 0 when it ran through."""
    import signal
    import traceback

    for fd, name in ((1, "out"), (2, "err")):
        os.dup2(os.open(request[name], os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
    os.chdir(request["cwd"])
    if request["env"] is not None:
        os.environ.clear()
        os.environ.update(request["env"])
    signal.alarm(TIMEOUT_S)  # the default action of SIGALRM ends the process
    try:
        if request["kind"] == "script":
            _gallery_script(request["path"])
        elif request["kind"] == "cells":
            _notebook_cells(request["cells"])
        else:
            _module(request["module"], request["args"])
    except SystemExit as stop:
        code = stop.code
        if isinstance(code, int):
            return code
        if code is not None:
            print(code, file=sys.stderr)
        return 0 if code is None else 1
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


def _serve() -> None:
    import importlib
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("error", category=DeprecationWarning)
        for name in PRELOAD_GALLERY:
            importlib.import_module(name)
    for name in PRELOAD_TOOLS:
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
