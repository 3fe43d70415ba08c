r"""The forward pass of ``nn.LSTM``, ``nn.GRU`` and ``nn.RNN`` in plain tensor operations.

:func:`reference_forward` recomputes ``rnn(input, hx)`` from the module's named parameters with
nothing but matrix products, ``torch.sigmoid``, ``torch.tanh``, ``torch.relu``, ``torch.cat`` and
``torch.stack``, looping over layers, directions and time steps (never over the batch). It exists
to make every wiring fact executable: which weights multiply what, in which row order the gates
are stored, what each layer reads, and where the final states come from.

Notation
--------
``L`` layers, ``D`` directions (2 if ``bidirectional`` else 1), ``T`` steps, ``N`` batch,
``H`` = ``hidden_size``, ``H_out`` = ``proj_size`` if it is set (LSTM only) else ``H``,
``G`` = number of gates (4 for LSTM, 3 for GRU, 1 for RNN). Parameters of layer ``k`` are named
``weight_ih_l{k}``, ``weight_hh_l{k}``, ``bias_ih_l{k}``, ``bias_hh_l{k}`` and, with ``proj_size``,
``weight_hr_l{k}``; the backward direction adds the suffix ``_reverse``
(``weight_ih_l1_reverse``).

Parameter shapes
----------------
==========================  =================================  =================================
parameter                   shape                              multiplies
==========================  =================================  =================================
``weight_ih_l0``            ``(G*H, input_size)``              the data ``x_t``
``weight_ih_l{k>0}``        ``(G*H, D*H_out)``                 ``[fwd_t ; bwd_t]`` of layer k-1
``weight_hh_l{k}``          ``(G*H, H_out)``                   the previous hidden state
``bias_ih_l{k}``            ``(G*H,)``                         (absent when ``bias=False``)
``bias_hh_l{k}``            ``(G*H,)``                         (absent when ``bias=False``)
``weight_hr_l{k}``          ``(proj_size, H)``                 LSTM only, with ``proj_size``
==========================  =================================  =================================

So for an LSTM, ``weight_ih_l0`` is ``(4*H, input_size)``, ``weight_ih_l{k>0}`` is
``(4*H, D*H_out)``, ``weight_hh`` is ``(4*H, H_out)`` and ``weight_hr`` is ``(proj_size, H)``.
``weight_ih_l{k>0}`` has ``D*H_out`` columns because in a bidirectional network **every layer above
the first reads the concatenation of both directions of the layer below**, at every step.

Cell equations
--------------
The rows of ``weight_ih``, ``weight_hh`` and the biases are stacked gate after gate, each block
``H`` rows high. Write ``W_i? x`` for the product of block ``?`` of ``weight_ih`` with ``x`` and
``b_i?``, ``W_h?``, ``b_h?`` likewise. ``sigmoid`` is the logistic function and ``*`` the
elementwise product.

**LSTM**, row blocks in the order (input ``i``, forget ``f``, cell ``g``, output ``o``)::

    i_t = sigmoid(W_ii x_t + b_ii + W_hi h_{t-1} + b_hi)
    f_t = sigmoid(W_if x_t + b_if + W_hf h_{t-1} + b_hf)
    g_t = tanh(W_ig x_t + b_ig + W_hg h_{t-1} + b_hg)
    o_t = sigmoid(W_io x_t + b_io + W_ho h_{t-1} + b_ho)
    c_t = f_t * c_{t-1} + i_t * g_t
    h_t = o_t * tanh(c_t)                  # then h_t = weight_hr @ h_t if proj_size > 0

**GRU**, row blocks in the order (reset ``r``, update ``z``, new ``n``); note that the reset gate
multiplies the *whole* hidden term of ``n``, bias included::

    r_t = sigmoid(W_ir x_t + b_ir + W_hr h_{t-1} + b_hr)
    z_t = sigmoid(W_iz x_t + b_iz + W_hz h_{t-1} + b_hz)
    n_t = tanh(W_in x_t + b_in + r_t * (W_hn h_{t-1} + b_hn))
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}

(Here ``W_hr`` is the reset block of ``weight_hh``; it has nothing to do with the LSTM's
projection ``weight_hr``.)

**RNN** (one block; ``nonlinearity`` is ``tanh`` or ``relu``)::

    h_t = nonlinearity(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)

Wiring
------
Layer 0 reads ``x``; layer ``k > 0`` reads, at each step ``t``, ``[fwd_t ; bwd_t]`` of layer
``k-1`` (``(N, D*H_out)``). The forward direction runs ``t = 0 .. T-1``, the backward direction
``t = T-1 .. 0``, each from its own initial state ``h_0[k*D + d]`` (and ``c_0[k*D + d]``). The
output is the top layer's ``[fwd_t ; bwd_t]`` at every step; ``h_n[k*D + d]`` is the last state
direction ``d`` of layer ``k`` reached (layer-major, direction-minor). Between layers a training
module applies dropout; this reference does not (see :func:`reference_forward`).

With a ``PackedSequence`` each sequence runs over its own length only: a step beyond a
sequence's length leaves its state unchanged (a mask, not a loop over the batch), so the backward
direction of each sequence starts at that sequence's last valid step and the final states are
each sequence's true ends.

Example
-------
>>> import torch
>>> from torch import nn
>>> from lstm_outputs.reference import reference_forward
>>> _ = torch.manual_seed(0)
>>> lstm = nn.LSTM(input_size=3, hidden_size=5, num_layers=2, bidirectional=True)
>>> x = torch.randn(7, 2, 3)  # (T, N, input_size)
>>> out, (h_n, c_n) = reference_forward(lstm, x)
>>> tuple(out.shape), tuple(h_n.shape), tuple(c_n.shape)  # (T, N, D*H), (L*D, N, H) twice
((7, 2, 10), (4, 2, 5), (4, 2, 5))
>>> expected_out, (expected_h, expected_c) = lstm(x)
>>> torch.testing.assert_close(out, expected_out)
>>> torch.testing.assert_close((h_n, c_n), (expected_h, expected_c))
>>> print(True)
True
"""

from __future__ import annotations

from typing import NamedTuple, overload

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence

from lstm_outputs._validate import (
    RNNDims,
    check_dtype,
    check_hx,
    check_input,
    check_rnn_module,
    rnn_dims,
)

__all__ = ["reference_forward"]


class _CellWeights(NamedTuple):
    """The parameters of one direction of one layer.

    Attributes
    ----------
    w_ih : Tensor
        ``weight_ih_l{k}[_reverse]``, shape ``(G*H, input_size)`` for layer 0 and
        ``(G*H, D*H_out)`` above it.
    w_hh : Tensor
        ``weight_hh_l{k}[_reverse]``, shape ``(G*H, H_out)``.
    b_ih, b_hh : Tensor or None
        ``bias_ih_l{k}[_reverse]`` and ``bias_hh_l{k}[_reverse]``, shape ``(G*H,)``; ``None``
        when the module was built with ``bias=False``.
    w_hr : Tensor or None
        ``weight_hr_l{k}[_reverse]``, shape ``(proj_size, H)``; LSTM with ``proj_size > 0`` only.
    """

    w_ih: Tensor
    w_hh: Tensor
    b_ih: Tensor | None = None
    b_hh: Tensor | None = None
    w_hr: Tensor | None = None


def _param(rnn: nn.RNNBase, name: str) -> Tensor:
    value = getattr(rnn, name, None)
    if not isinstance(value, Tensor):
        raise ValueError(
            f"rnn: expected a parameter {name!r}, got a {type(rnn).__name__} without it "
            "(was the module built by nn.LSTM, nn.GRU or nn.RNN?)"
        )
    return value


def _cell_weights(rnn: nn.RNNBase, layer: int, reverse: bool = False) -> _CellWeights:
    """Collect the named parameters of one layer and direction of ``rnn``.

    Parameters
    ----------
    rnn : nn.LSTM, nn.GRU or nn.RNN
        The module whose parameters to read.
    layer : int
        Layer index ``k`` in ``0 .. num_layers-1``.
    reverse : bool
        ``True`` for the backward direction (the parameters with the ``_reverse`` suffix).

    Returns
    -------
    _CellWeights
        ``weight_ih_l{k}``, ``weight_hh_l{k}``, the two biases (or ``None``) and ``weight_hr_l{k}``
        (or ``None``), with the suffix ``_reverse`` if ``reverse``.

    Examples
    --------
    >>> from torch import nn
    >>> lstm = nn.LSTM(input_size=3, hidden_size=5, num_layers=2, bidirectional=True)
    >>> w = _cell_weights(lstm, layer=1, reverse=True)
    >>> tuple(w.w_ih.shape), tuple(w.w_hh.shape)  # (4*H, D*H), (4*H, H)
    ((20, 10), (20, 5))
    """
    if not 0 <= layer < rnn.num_layers:
        raise ValueError(f"layer: expected an index in 0..{rnn.num_layers - 1}, got {layer}")
    if reverse and not rnn.bidirectional:
        raise ValueError(
            "reverse: expected False for a unidirectional module, got True "
            "(only a bidirectional module has _reverse weights)"
        )
    suffix = f"_l{layer}" + ("_reverse" if reverse else "")
    return _CellWeights(
        w_ih=_param(rnn, "weight_ih" + suffix),
        w_hh=_param(rnn, "weight_hh" + suffix),
        b_ih=_param(rnn, "bias_ih" + suffix) if rnn.bias else None,
        b_hh=_param(rnn, "bias_hh" + suffix) if rnn.bias else None,
        w_hr=_param(rnn, "weight_hr" + suffix) if rnn.proj_size > 0 else None,
    )


def _affine(x: Tensor, weight: Tensor, bias: Tensor | None) -> Tensor:
    """``x @ weight.T + bias`` for ``x`` of shape ``(N, in)``, ``weight`` ``(out, in)``."""
    y = x @ weight.T
    return y if bias is None else y + bias


def _lstm_cell(x: Tensor, h: Tensor, c: Tensor, weights: _CellWeights) -> tuple[Tensor, Tensor]:
    """One LSTM step: ``(x_t, h_{t-1}, c_{t-1}) -> (h_t, c_t)``.

    Parameters
    ----------
    x : Tensor
        Input at this step, ``(N, input_size)`` (``(N, D*H_out)`` above layer 0).
    h : Tensor
        Previous hidden state, ``(N, H_out)``.
    c : Tensor
        Previous cell state, ``(N, H)``.
    weights : _CellWeights
        Row blocks of ``w_ih``/``w_hh``/biases in the order (input, forget, cell, output).

    Returns
    -------
    h, c : Tensor
        New hidden state ``(N, H_out)`` (projected by ``w_hr`` if present) and cell state
        ``(N, H)``.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> _ = torch.manual_seed(0)
    >>> cell = nn.LSTMCell(3, 4)
    >>> x, h, c = torch.randn(2, 3), torch.randn(2, 4), torch.randn(2, 4)
    >>> w = _CellWeights(cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
    >>> torch.testing.assert_close(_lstm_cell(x, h, c, w), cell(x, (h, c)))
    >>> print(True)
    True
    """
    gates = _affine(x, weights.w_ih, weights.b_ih) + _affine(h, weights.w_hh, weights.b_hh)
    i, f, g, o = gates.chunk(4, dim=-1)
    c_new = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    h_new = torch.sigmoid(o) * torch.tanh(c_new)
    if weights.w_hr is not None:
        h_new = h_new @ weights.w_hr.T
    return h_new, c_new


def _gru_cell(x: Tensor, h: Tensor, weights: _CellWeights) -> Tensor:
    """One GRU step: ``(x_t, h_{t-1}) -> h_t``.

    Parameters
    ----------
    x : Tensor
        Input at this step, ``(N, input_size)`` (``(N, D*H)`` above layer 0).
    h : Tensor
        Previous hidden state, ``(N, H)``.
    weights : _CellWeights
        Row blocks in the order (reset, update, new). The reset gate multiplies
        ``W_hn h + b_hn`` (bias included), as in ``nn.GRU``.

    Returns
    -------
    Tensor
        New hidden state, ``(N, H)``.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> _ = torch.manual_seed(0)
    >>> cell = nn.GRUCell(3, 4)
    >>> x, h = torch.randn(2, 3), torch.randn(2, 4)
    >>> w = _CellWeights(cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
    >>> torch.testing.assert_close(_gru_cell(x, h, w), cell(x, h))
    >>> print(True)
    True
    """
    x_r, x_z, x_n = _affine(x, weights.w_ih, weights.b_ih).chunk(3, dim=-1)
    h_r, h_z, h_n = _affine(h, weights.w_hh, weights.b_hh).chunk(3, dim=-1)
    r = torch.sigmoid(x_r + h_r)
    z = torch.sigmoid(x_z + h_z)
    n = torch.tanh(x_n + r * h_n)
    return (1 - z) * n + z * h


def _rnn_cell(x: Tensor, h: Tensor, weights: _CellWeights, nonlinearity: str = "tanh") -> Tensor:
    """One Elman RNN step: ``h_t = nonlinearity(W_ih x_t + b_ih + W_hh h_{t-1} + b_hh)``.

    Parameters
    ----------
    x : Tensor
        Input at this step, ``(N, input_size)`` (``(N, D*H)`` above layer 0).
    h : Tensor
        Previous hidden state, ``(N, H)``.
    weights : _CellWeights
        ``w_ih`` ``(H, input_size)``, ``w_hh`` ``(H, H)`` and the biases.
    nonlinearity : {"tanh", "relu"}
        As ``nn.RNN(nonlinearity=...)``.

    Returns
    -------
    Tensor
        New hidden state, ``(N, H)``.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> _ = torch.manual_seed(0)
    >>> cell = nn.RNNCell(3, 4, nonlinearity="relu")
    >>> x, h = torch.randn(2, 3), torch.randn(2, 4)
    >>> w = _CellWeights(cell.weight_ih, cell.weight_hh, cell.bias_ih, cell.bias_hh)
    >>> torch.testing.assert_close(_rnn_cell(x, h, w, "relu"), cell(x, h))
    >>> print(True)
    True
    """
    pre = _affine(x, weights.w_ih, weights.b_ih) + _affine(h, weights.w_hh, weights.b_hh)
    if nonlinearity == "tanh":
        return torch.tanh(pre)
    if nonlinearity == "relu":
        return torch.relu(pre)
    raise ValueError(f"nonlinearity: expected 'tanh' or 'relu', got {nonlinearity!r}")


# --------------------------------------------------------------------------------------------
# validation


def _check_module(rnn: object) -> None:
    """The shared module check, plus the one condition this reference cannot reproduce."""
    check_rnn_module(rnn)  # TypeError unless nn.LSTM / nn.GRU / nn.RNN (or a subclass)
    assert isinstance(rnn, nn.RNNBase)
    if rnn.training and rnn.dropout > 0 and rnn.num_layers > 1:
        raise ValueError(
            f"rnn: expected a module whose output is deterministic, got {type(rnn).__name__} in "
            f"training mode with dropout={rnn.dropout} between its {rnn.num_layers} layers "
            "(its random dropout mask cannot be reproduced: call rnn.eval(), which applies no "
            "dropout, or set rnn.dropout = 0)"
        )


# --------------------------------------------------------------------------------------------
# the forward pass


def _run_direction(
    rnn: nn.RNNBase,
    xs: Tensor,
    h: Tensor,
    c: Tensor | None,
    weights: _CellWeights,
    mask: Tensor | None,
    reverse: bool,
) -> tuple[Tensor, Tensor | None, Tensor, Tensor | None]:
    """Run one direction of one layer over ``xs`` ``(T, N, F)``.

    ``mask`` is ``(T, N, 1)`` bool (``None`` means every step is valid). Where it is ``False`` the
    state is carried over unchanged and the outputs are zero. Returns the outputs
    ``(T, N, H_out)``, for an LSTM the cell states at every step ``(T, N, H)`` (else ``None``),
    and the final ``h`` (and ``c`` for an LSTM).
    """
    steps = range(xs.shape[0] - 1, -1, -1) if reverse else range(xs.shape[0])
    outputs: dict[int, Tensor] = {}
    cells: dict[int, Tensor] = {}
    for t in steps:
        c_new: Tensor | None = None
        if rnn.mode == "LSTM":
            assert c is not None
            h_new, c_new = _lstm_cell(xs[t], h, c, weights)
        elif rnn.mode == "GRU":
            h_new = _gru_cell(xs[t], h, weights)
        else:
            h_new = _rnn_cell(xs[t], h, weights, "tanh" if rnn.mode == "RNN_TANH" else "relu")
        if mask is None:
            h, c, outputs[t] = h_new, c_new, h_new
            if c_new is not None:
                cells[t] = c_new
        else:
            valid = mask[t]
            h = torch.where(valid, h_new, h)
            outputs[t] = torch.where(valid, h_new, torch.zeros_like(h_new))
            if c_new is not None and c is not None:
                c = torch.where(valid, c_new, c)
                cells[t] = torch.where(valid, c_new, torch.zeros_like(c_new))
    num_steps = xs.shape[0]
    stacked_cells = torch.stack([cells[t] for t in range(num_steps)]) if cells else None
    return torch.stack([outputs[t] for t in range(num_steps)]), stacked_cells, h, c


class _Layers(NamedTuple):
    """Every layer's results, time-major, in the internal (sorted) batch order."""

    outputs: list[Tensor]
    """One ``(T, N, D*H_out)`` tensor per layer: ``[fwd_t ; bwd_t]`` at every step."""
    cells: list[Tensor] | None
    """LSTM only: one ``(T, N, D*H)`` tensor per layer, the cell states at every step."""
    h_n: Tensor
    """``(L*D, N, H_out)``, layer-major, direction-minor."""
    c_n: Tensor | None
    """LSTM only: ``(L*D, N, H)``."""


def _forward_layers(
    rnn: nn.RNNBase, x: Tensor, h0: Tensor, c0: Tensor | None, mask: Tensor | None
) -> _Layers:
    """All layers and directions on ``x`` ``(T, N, input_size)``; states ``(L*D, N, ...)``."""
    num_directions = 2 if rnn.bidirectional else 1
    layer_input = x
    layer_outputs: list[Tensor] = []
    layer_cells: list[Tensor] = []
    h_finals: list[Tensor] = []
    c_finals: list[Tensor] = []
    for layer in range(rnn.num_layers):
        direction_outputs: list[Tensor] = []
        direction_cells: list[Tensor] = []
        for direction in range(num_directions):
            index = layer * num_directions + direction  # layer-major, direction-minor
            out, cells, h_last, c_last = _run_direction(
                rnn,
                layer_input,
                h0[index],
                None if c0 is None else c0[index],
                _cell_weights(rnn, layer, reverse=direction == 1),
                mask,
                reverse=direction == 1,
            )
            direction_outputs.append(out)
            h_finals.append(h_last)
            if cells is not None and c_last is not None:
                direction_cells.append(cells)
                c_finals.append(c_last)
        # The next layer reads BOTH directions of this one, joined per step: (T, N, D*H_out).
        layer_input = torch.cat(direction_outputs, dim=-1)
        layer_outputs.append(layer_input)
        if direction_cells:
            layer_cells.append(torch.cat(direction_cells, dim=-1))
    if c0 is None:
        return _Layers(layer_outputs, None, torch.stack(h_finals), None)
    return _Layers(layer_outputs, layer_cells, torch.stack(h_finals), torch.stack(c_finals))


def _initial_states(
    hx: object,
    dims: RNNDims,
    x: Tensor,
    *,
    unbatched: bool,
    packed: PackedSequence | None,
) -> tuple[Tensor, Tensor | None]:
    """``(h_0, c_0)`` as ``(L*D, N, ...)`` in the internal (sorted, time-major) batch order."""
    batch = x.shape[1]
    if hx is None:
        h0 = x.new_zeros(dims.num_rows, batch, dims.out_size)
        return h0, x.new_zeros(dims.num_rows, batch, dims.hidden_size) if dims.has_cell else None
    check_hx(hx, dims, batch_size=None if unbatched else batch)
    h0, c0 = hx if isinstance(hx, tuple) else (hx, None)
    check_dtype("h_0", h0, x.dtype)
    if c0 is not None:
        check_dtype("c_0", c0, x.dtype)
    if unbatched:
        return h0.unsqueeze(1), None if c0 is None else c0.unsqueeze(1)
    if packed is not None and packed.sorted_indices is not None:
        # The module sorts the states' batch dimension like the packed data.
        order = packed.sorted_indices
        return h0.index_select(1, order), None if c0 is None else c0.index_select(1, order)
    return h0, c0


class _Run(NamedTuple):
    """A checked input brought to time-major ``(T, N, F)``, with its initial states."""

    x: Tensor
    mask: Tensor | None
    """``(T, N, 1)`` bool for a PackedSequence (True on real steps), else ``None``."""
    h0: Tensor
    c0: Tensor | None
    packed: PackedSequence | None
    unbatched: bool


def _prepare_run(
    rnn: nn.RNNBase, input: Tensor | PackedSequence, hx: Tensor | tuple[Tensor, Tensor] | None
) -> _Run:
    """Check the module, input and states; bring them to the internal time-major layout."""
    _check_module(rnn)
    dims = rnn_dims(rnn)
    data = check_input(input, dims)  # type, rank and last dim of the input
    check_dtype("input", data, _param(rnn, "weight_ih_l0").dtype)

    packed = input if isinstance(input, PackedSequence) else None
    mask: Tensor | None = None
    unbatched = False
    if packed is not None:
        # mask[t, b] is True when sequence b (in sorted order) has a step t. Packed data lists
        # the valid (t, b) pairs in exactly the row-major order of this mask.
        batch_sizes = packed.batch_sizes
        num_steps, batch = len(batch_sizes), int(batch_sizes[0])
        valid = (torch.arange(batch) < batch_sizes.unsqueeze(1)).to(data.device)  # (T, N)
        x = data.new_zeros(num_steps, batch, data.shape[-1])
        x[valid] = data
        mask = valid.unsqueeze(-1)
    elif data.dim() == 2:
        unbatched = True
        x = data.unsqueeze(1)
    else:
        x = data.transpose(0, 1) if rnn.batch_first else data
    h0, c0 = _initial_states(hx, dims, x, unbatched=unbatched, packed=packed)
    return _Run(x, mask, h0, c0, packed, unbatched)


@overload
def reference_forward(
    rnn: nn.LSTM,
    input: Tensor | PackedSequence,
    hx: tuple[Tensor, Tensor] | None = None,
) -> tuple[Tensor | PackedSequence, tuple[Tensor, Tensor]]: ...


@overload
def reference_forward(
    rnn: nn.GRU | nn.RNN,
    input: Tensor | PackedSequence,
    hx: Tensor | None = None,
) -> tuple[Tensor | PackedSequence, Tensor]: ...


@overload
def reference_forward(
    rnn: nn.RNNBase,
    input: Tensor | PackedSequence,
    hx: Tensor | tuple[Tensor, Tensor] | None = None,
) -> (
    tuple[Tensor | PackedSequence, Tensor] | tuple[Tensor | PackedSequence, tuple[Tensor, Tensor]]
): ...


def reference_forward(
    rnn: nn.RNNBase,
    input: Tensor | PackedSequence,
    hx: Tensor | tuple[Tensor, Tensor] | None = None,
) -> (
    tuple[Tensor | PackedSequence, Tensor] | tuple[Tensor | PackedSequence, tuple[Tensor, Tensor]]
):
    """Compute ``rnn(input, hx)`` from ``rnn``'s named parameters, in plain tensor operations.

    Parameters
    ----------
    rnn : nn.LSTM, nn.GRU or nn.RNN
        Any configuration: ``num_layers``, ``bidirectional``, ``proj_size`` (LSTM), ``bias``,
        ``batch_first``, ``nonlinearity`` (RNN). Dropout between layers is not applied (it is
        not applied by the module in eval mode either).
    input : Tensor or PackedSequence
        ``(T, N, input_size)``, or ``(N, T, input_size)`` with ``batch_first=True``, or unbatched
        ``(T, input_size)``, or a ``PackedSequence`` (sorted or built with
        ``enforce_sorted=False``).
    hx : Tensor or tuple of Tensor, optional
        Initial states as the module takes them: ``h_0`` of shape ``(L*D, N, H_out)``
        (``(L*D, H_out)`` for unbatched input) and, for an LSTM, the pair ``(h_0, c_0)`` with
        ``c_0`` of shape ``(L*D, N, H)``. Never batch-first. With a ``PackedSequence`` the batch
        dimension is in the original (unsorted) order. Zeros if omitted.

    Returns
    -------
    output : Tensor or PackedSequence
        The top layer's ``[fwd_t ; bwd_t]`` at every step: ``(T, N, D*H_out)`` (``(N, T, D*H_out)``
        with ``batch_first``, ``(T, D*H_out)`` unbatched), or a ``PackedSequence`` with the same
        ``batch_sizes``, ``sorted_indices`` and ``unsorted_indices`` as ``input``.
    h_n : Tensor
        ``(L*D, N, H_out)``, layer-major and direction-minor; for an LSTM the pair
        ``(h_n, c_n)`` with ``c_n`` of shape ``(L*D, N, H)``. Unbatched: no ``N`` dimension.

    Raises
    ------
    TypeError
        ``rnn`` is not an ``nn.LSTM``/``nn.GRU``/``nn.RNN``; ``input`` is not a Tensor or
        PackedSequence; ``hx`` has the wrong type (an LSTM needs the pair ``(h_0, c_0)``, a GRU
        or RNN one Tensor); the input's or a state's dtype differs from the parameters'.
    ValueError
        ``input`` is not 2-D or 3-D, has no time steps, or its last dimension is not
        ``rnn.input_size``; a state has the wrong shape (for example 3-D states with unbatched
        input); the module is in training mode with ``dropout > 0`` and more than one layer, so
        that its output depends on a random mask (with one layer PyTorch applies no dropout).

    Examples
    --------
    A bidirectional 2-layer GRU on a packed batch of lengths 4, 2 and 3:

    >>> import torch
    >>> from torch import nn
    >>> from torch.nn.utils.rnn import pack_padded_sequence
    >>> _ = torch.manual_seed(0)
    >>> gru = nn.GRU(input_size=3, hidden_size=4, num_layers=2, bidirectional=True)
    >>> packed = pack_padded_sequence(
    ...     torch.randn(4, 3, 3), torch.tensor([4, 2, 3]), enforce_sorted=False
    ... )
    >>> out, h_n = reference_forward(gru, packed)
    >>> expected_out, expected_h = gru(packed)
    >>> torch.testing.assert_close(out.data, expected_out.data)
    >>> torch.testing.assert_close(h_n, expected_h)
    >>> tuple(h_n.shape)  # (L*D, N, H)
    (4, 3, 4)
    """
    run = _prepare_run(rnn, input, hx)
    layers = _forward_layers(rnn, run.x, run.h0, run.c0, run.mask)
    out, h_n, c_n = layers.outputs[-1], layers.h_n, layers.c_n
    packed, mask, unbatched = run.packed, run.mask, run.unbatched

    # ---- back to the caller's layout ----
    result: Tensor | PackedSequence
    if packed is not None:
        assert mask is not None
        result = PackedSequence(
            out[mask.squeeze(-1)],
            packed.batch_sizes,
            packed.sorted_indices,
            packed.unsorted_indices,
        )
        if packed.unsorted_indices is not None:
            h_n = h_n.index_select(1, packed.unsorted_indices)
            c_n = None if c_n is None else c_n.index_select(1, packed.unsorted_indices)
    elif unbatched:
        result = out.squeeze(1)
        h_n = h_n.squeeze(1)
        c_n = None if c_n is None else c_n.squeeze(1)
    else:
        result = out.transpose(0, 1) if rnn.batch_first else out
    if c_n is not None:
        return result, (h_n, c_n)
    return result, h_n
