"""The gallery's learning path and each example's fresh start (named in ``sphinx_gallery_conf``).

- gallery_order: the order of the examples inside each section (``within_subsection_order``);
- gallery_reset: what is reset between examples (``reset_modules``).
"""

from __future__ import annotations

import warnings
from os import PathLike
from pathlib import Path
from typing import Any

# ------------------------------------------------------------------------------------------------
# gallery_order
# ------------------------------------------------------------------------------------------------
# The order a reader should meet the examples in, by the documented hook (``within_subsection_order``
# takes a key class). A script missing here sorts last (tests/test_gallery_order.py fails on it).


LEARNING_PATH: dict[str, tuple[str, ...]] = {
    "basics": (
        "plot_shapes_at_a_glance.py",  # every shape first
        "plot_split_directions.py",  # output: the two halves, the summary vector
        "plot_untangle_h_n.py",  # h_n: which row is which
        "plot_batch_first.py",  # what the flag changes, and what it does not
        "plot_proj_size.py",
        "plot_gru_and_rnn.py",  # the same layout without a cell state
    ),
    "variable_length": (
        "plot_padding_effects.py",  # I: the problem
        "plot_packing.py",  # II: the cure
    ),
    "under_the_hood": (
        "plot_lstm_from_scratch.py",  # the wiring, from the parameters
        "plot_receptive_fields.py",  # what the wiring lets each output see
        "plot_every_layer_states.py",  # what the wiring computes and does not return
        "plot_dropout_between_layers.py",  # where the wiring gets dropout
    ),
    "using_outputs": (
        "plot_fill_in_the_blank.py",  # one step of output, per token
        "plot_sentence_readouts.py",  # one vector per sentence
        "plot_encoder_decoder_bridge.py",  # the final states as a decoder's start
        "plot_export_to_onnx.py",  # the same slices after the model leaves PyTorch
    ),
}


_POSITION = {name: i for names in LEARNING_PATH.values() for i, name in enumerate(names)}


class LearningPath:
    """Sort key for the examples of one section: their place on the learning path.

    sphinx-gallery builds one instance per section with the section's folder and calls it
    with each example's file name (or path).
    """

    def __init__(self, src_dir: str | PathLike[str]) -> None:
        self.src_dir = src_dir

    def __repr__(self) -> str:  # stable across builds, like sphinx-gallery's own sort keys
        return f"<{type(self).__name__}>"

    def __call__(self, filename: str | PathLike[str]) -> tuple[int, str]:
        name = Path(filename).name
        return (_POSITION.get(name, len(_POSITION)), name)


# ------------------------------------------------------------------------------------------------
# gallery_reset
# ------------------------------------------------------------------------------------------------
# Every example runs in the build's process: what one sets (threads, determinism, warnings filters)
# is reset before the next, which starts as in a fresh interpreter.

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
