"""Name the right slice of a PyTorch RNN's outputs in one call.

Works for :class:`torch.nn.LSTM`, :class:`torch.nn.GRU` and :class:`torch.nn.RNN`, uni- and
bidirectional, any number of layers, ``batch_first`` either way, unbatched input,
``proj_size`` and :class:`~torch.nn.utils.rnn.PackedSequence`. Shapes are written
``(L, D, N, H)``: layers, directions, batch, hidden.

The names below are imported on first use, so that ``import lstm_outputs`` (and the command
line's ``--help``) does not import torch. The diagrams live in the subpackage
:mod:`lstm_outputs.diagrams` (imported on its own, as it needs matplotlib).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = [
    "Check",
    "Dim",
    "Report",
    "TensorInfo",
    "describe",
    "describe_checkpoint",
    "last_valid_step",
    "layer_outputs",
    "reference_forward",
    "split_directions",
    "summary_vector",
    "top_layer_states",
    "unstack_states",
]

# Where each public name lives (the module is imported when the name is first used).
_HOMES = {
    "Check": "report",
    "Dim": "report",
    "Report": "report",
    "TensorInfo": "report",
    "describe": "report",
    "describe_checkpoint": "checkpoint",
    "last_valid_step": "summary",
    "layer_outputs": "layers",
    "reference_forward": "reference",
    "split_directions": "layout",
    "summary_vector": "summary",
    "top_layer_states": "layout",
    "unstack_states": "layout",
}

if TYPE_CHECKING:
    from lstm_outputs.checkpoint import describe_checkpoint
    from lstm_outputs.layers import layer_outputs
    from lstm_outputs.layout import split_directions, top_layer_states, unstack_states
    from lstm_outputs.reference import reference_forward
    from lstm_outputs.report import Check, Dim, Report, TensorInfo, describe
    from lstm_outputs.summary import last_valid_step, summary_vector


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'lstm_outputs' has no attribute {name!r}")
    value = getattr(import_module(f"lstm_outputs.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
