r"""Every layer's states at every step: what ``nn.LSTM`` computes and does not return.

A stacked RNN returns the top layer's hidden state at every step (``output``) and every layer's
state at the last step (``h_n``, ``c_n``). The states of the lower layers in between, and an
LSTM's cell state at any step, are computed and thrown away. :func:`layer_outputs` computes them
again from the module's own parameters, layer by layer (with the step-by-step forward pass of
:func:`~lstm_outputs.reference_forward`), and returns them all.

Example
-------
>>> import torch
>>> from torch import nn
>>> from lstm_outputs import layer_outputs
>>> _ = torch.manual_seed(0)
>>> lstm = nn.LSTM(input_size=3, hidden_size=4, num_layers=2, bidirectional=True)
>>> x = torch.randn(5, 2, 3)  # (T, N, input_size)
>>> outputs, cells = layer_outputs(lstm, x)
>>> tuple(outputs.shape), tuple(cells.shape)  # (L, T, N, D*H) twice
((2, 5, 2, 8), (2, 5, 2, 8))
>>> output, (h_n, c_n) = lstm(x)
>>> torch.testing.assert_close(outputs[-1], output)  # the top layer is `output`
>>> torch.testing.assert_close(outputs[0, -1, :, :4], h_n[0])  # layer 0 forward ends at T-1
>>> torch.testing.assert_close(cells[0, 0, :, 4:], c_n[1])  # layer 0 backward ends at step 0
>>> print(True)
True
"""

from __future__ import annotations

from typing import overload

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence

from lstm_outputs.reference import _forward_layers, _prepare_run

__all__ = ["layer_outputs"]


@overload
def layer_outputs(
    rnn: nn.LSTM,
    input: Tensor | PackedSequence,
    hx: tuple[Tensor, Tensor] | None = None,
) -> tuple[Tensor, Tensor]: ...


@overload
def layer_outputs(
    rnn: nn.GRU | nn.RNN,
    input: Tensor | PackedSequence,
    hx: Tensor | None = None,
) -> Tensor: ...


@overload
def layer_outputs(
    rnn: nn.RNNBase,
    input: Tensor | PackedSequence,
    hx: Tensor | tuple[Tensor, Tensor] | None = None,
) -> Tensor | tuple[Tensor, Tensor]: ...


def layer_outputs(
    rnn: nn.RNNBase,
    input: Tensor | PackedSequence,
    hx: Tensor | tuple[Tensor, Tensor] | None = None,
) -> Tensor | tuple[Tensor, Tensor]:
    """Every layer's ``output``, at every step: shape ``(L, T, N, D*H)``.

    ``rnn(input, hx)`` returns only the top layer's states at every step; this function returns
    every layer's, computed from ``rnn``'s own parameters. Layer ``l``'s entry is laid out as
    ``output`` is, ``[fwd_t ; bwd_t]`` along the last dimension, so that the top layer's equals
    ``output`` and the ends of each layer's equal its rows of ``h_n``:
    ``outputs[l, T-1, :, :H]`` is ``h_n[l*D]`` (forward) and ``outputs[l, 0, :, H:]`` is
    ``h_n[l*D + 1]`` (backward). It is also what layer ``l + 1`` reads at each step.

    Parameters
    ----------
    rnn : nn.LSTM, nn.GRU or nn.RNN
        Any configuration: ``num_layers``, ``bidirectional``, ``proj_size`` (LSTM), ``bias``,
        ``batch_first``, ``nonlinearity`` (RNN). In training mode with ``dropout > 0`` between
        several layers the module's output depends on a random mask, so it is refused (call
        ``rnn.eval()``).
    input : Tensor or PackedSequence
        As the module takes it: ``(T, N, input_size)``, ``(N, T, input_size)`` with
        ``batch_first=True``, unbatched ``(T, input_size)``, or a ``PackedSequence``.
    hx : Tensor or tuple of Tensor, optional
        The initial states, as the module takes them: ``h_0`` ``(L*D, N, H)`` and, for an LSTM,
        the pair ``(h_0, c_0)``. Zeros if omitted.

    Returns
    -------
    outputs : Tensor
        ``(L, T, N, D*H)``; ``(L, N, T, D*H)`` with ``batch_first=True``; ``(L, T, D*H)`` for
        unbatched input. ``H`` is ``proj_size`` when it is set. For a ``PackedSequence`` the
        result is padded, as ``pad_packed_sequence(output, batch_first=rnn.batch_first)`` pads
        ``output``: ``T`` is the longest length, the batch is in the original order, and the
        steps past each sequence's length are zeros.
    cells : Tensor
        LSTM only (the function then returns the pair ``(outputs, cells)``): the cell states
        at every step, laid out the same way with ``hidden_size`` features per direction,
        ``(L, T, N, D*hidden_size)``; the ends of layer ``l`` are its rows of ``c_n``.

    Raises
    ------
    TypeError
        ``rnn`` is not an ``nn.LSTM``/``nn.GRU``/``nn.RNN``; ``input`` is not a Tensor or
        PackedSequence; ``hx`` has the wrong type; a dtype differs from the parameters'.
    ValueError
        ``input`` or a state has the wrong shape; the module is in training mode with
        ``dropout > 0`` between layers.

    Examples
    --------
    A 2-layer bidirectional GRU on a packed batch of lengths 4, 2 and 3; layer 0 ends, for each
    sequence, at that sequence's own last step:

    >>> import torch
    >>> from torch import nn
    >>> from torch.nn.utils.rnn import pack_padded_sequence
    >>> _ = torch.manual_seed(0)
    >>> gru = nn.GRU(input_size=3, hidden_size=4, num_layers=2, bidirectional=True)
    >>> lengths = torch.tensor([4, 2, 3])
    >>> packed = pack_padded_sequence(torch.randn(4, 3, 3), lengths, enforce_sorted=False)
    >>> outputs = layer_outputs(gru, packed)
    >>> tuple(outputs.shape)  # (L, T, N, D*H)
    (2, 4, 3, 8)
    >>> _, h_n = gru(packed)
    >>> last = outputs[0, lengths - 1, torch.arange(3), :4]  # layer 0 forward, last real step
    >>> torch.testing.assert_close(last, h_n[0])
    >>> print(True)
    True
    """
    run = _prepare_run(rnn, input, hx)
    layers = _forward_layers(rnn, run.x, run.h0, run.c0, run.mask)
    outputs = _caller_layout(rnn, run.packed, run.unbatched, torch.stack(layers.outputs))
    if layers.cells is None:
        return outputs
    return outputs, _caller_layout(rnn, run.packed, run.unbatched, torch.stack(layers.cells))


def _caller_layout(
    rnn: nn.RNNBase, packed: PackedSequence | None, unbatched: bool, value: Tensor
) -> Tensor:
    """``(L, T, N, F)``, time-major in the internal batch order -> the caller's layout."""
    if packed is not None and packed.unsorted_indices is not None:
        value = value.index_select(2, packed.unsorted_indices)
    if unbatched:
        return value.squeeze(2)
    return value.transpose(1, 2) if rnn.batch_first else value
