"""Reset process-wide state between gallery examples.

sphinx-gallery runs every example in the build's process, so a setting one example makes
(``torch.set_num_threads``, ``torch.use_deterministic_algorithms``, a warnings filter) would leak
into the next. A reader runs each script in a fresh interpreter; this puts every example back there.
"""

from __future__ import annotations

import warnings
from typing import Any

_WARNING_FILTERS = list(warnings.filters)


def reset_torch_state(gallery_conf: dict[str, Any], fname: str) -> None:
    import torch

    torch.set_num_threads(1)  # tiny models run fastest single-threaded; same numbers every build
    # Switch it off only if an example switched it on: the call imports torch._inductor.config,
    # 1.5 s on the build machine, which every touched-example rebuild would otherwise pay.
    if torch.are_deterministic_algorithms_enabled():
        torch.use_deterministic_algorithms(False)
    torch.set_default_dtype(torch.float32)
    torch.set_grad_enabled(True)
    warnings.filters[:] = _WARNING_FILTERS
