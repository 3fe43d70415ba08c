"""Name the right slice of a PyTorch RNN's outputs in one call.

Works for :class:`torch.nn.LSTM`, :class:`torch.nn.GRU` and :class:`torch.nn.RNN`, uni- and
bidirectional, any number of layers, ``batch_first`` either way, unbatched input,
``proj_size`` and :class:`~torch.nn.utils.rnn.PackedSequence`. Shapes are written
``(L, D, N, H)``: layers, directions, batch, hidden.

The diagrams live in the subpackage :mod:`lstm_outputs.diagrams` (imported on its own, as it
needs matplotlib).
"""

from lstm_outputs.describe import Report, describe
from lstm_outputs.layout import split_directions, top_layer_states, unstack_states
from lstm_outputs.reference import reference_forward
from lstm_outputs.summary import last_valid_step, summary_vector

__version__ = "0.1.0"

__all__ = [
    "Report",
    "describe",
    "last_valid_step",
    "reference_forward",
    "split_directions",
    "summary_vector",
    "top_layer_states",
    "unstack_states",
]
