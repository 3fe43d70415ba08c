"""How the kernels that execute the narrative pages start: single-threaded and quiet.

Upstream: ipykernel 7.3 and later log "Kernel is running over TCP without encryption" from every
kernel it starts (added in https://github.com/ipython/ipykernel/pull/1515), so the build log
gets that warning once per executed page; the cure it names (IPC transport or CurveZMQ keys) is a
setting of jupyter_client's kernel manager, which myst-nb creates without a way to configure it.
Written against myst-nb 1.4.0, ipykernel 7.4.0 and jupyter_client 8.10.

Kernels inherit the build's environment. When the configuration is read:

- ``OMP_NUM_THREADS`` is set to 1 unless already set: the pages' tiny models run fastest on one
  thread, and their numbers are the same on every machine;
- ``IPYTHONDIR`` points at ``ipython/`` beside the output folder (``docs/_build/ipython``), whose
  default profile sets the kernel application's own log level to ERROR. What the cells print,
  their warnings and errors are outputs of the page and are unaffected.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

KERNEL_PROFILE = 'c.IPKernelApp.log_level = "ERROR"  # written by docs/_ext/page_kernels.py\n'


def _kernel_environment(app: Sphinx, config: Config) -> None:
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    ipython_dir = Path(app.confdir) / "_build" / "ipython"  # shared by every edition's build
    profile = ipython_dir / "profile_default" / "ipython_kernel_config.py"
    if not profile.is_file() or profile.read_text(encoding="utf-8") != KERNEL_PROFILE:
        profile.parent.mkdir(parents=True, exist_ok=True)
        profile.write_text(KERNEL_PROFILE, encoding="utf-8")
    os.environ["IPYTHONDIR"] = str(ipython_dir)


def setup(app: Sphinx) -> dict[str, Any]:
    # First of the config-inited handlers: others (the logo, the inventories) import torch.
    app.connect("config-inited", _kernel_environment, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
