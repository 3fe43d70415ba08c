"""Name the parts of ``output``, ``h_n`` and ``c_n``: views that split directions and layers.

Nothing here copies data: every function returns views of the tensors it receives.
"""

from __future__ import annotations

import warnings
from typing import overload

from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence

from lstm_outputs._validate import check_output, check_state, rnn_dims

__all__ = ["split_directions", "top_layer_states", "unstack_states"]


@overload
def split_directions(output: Tensor, rnn: nn.RNNBase | None = None) -> tuple[Tensor, Tensor]: ...


@overload
def split_directions(
    output: PackedSequence, rnn: nn.RNNBase | None = None
) -> tuple[PackedSequence, PackedSequence]: ...


def split_directions(
    output: Tensor | PackedSequence, rnn: nn.RNNBase | None = None
) -> tuple[Tensor, Tensor] | tuple[PackedSequence, PackedSequence]:
    """Split a bidirectional ``output`` into its forward and backward halves.

    At every step, the last dim of ``output`` is the forward direction's output followed by
    the backward direction's: ``[:H]`` then ``[H:]``. This returns the two halves as views
    (no copy), whatever the layout of the other dims.

    Parameters
    ----------
    output : torch.Tensor or torch.nn.utils.rnn.PackedSequence
        The first value returned by a bidirectional :class:`torch.nn.LSTM`,
        :class:`torch.nn.GRU` or :class:`torch.nn.RNN`: shape ``(T, N, D*H)``,
        ``(N, T, D*H)`` with ``batch_first=True``, ``(T, D*H)`` for unbatched input, or a
        :class:`~torch.nn.utils.rnn.PackedSequence` whose ``.data`` is
        ``(sum(lengths), D*H)``. ``D`` is 2.
    rnn : torch.nn.LSTM, torch.nn.GRU, torch.nn.RNN or None
        The module that produced ``output`` (default None). When given, the last dim is
        checked against its ``D*H`` (``H`` is ``proj_size`` when set) and a unidirectional
        module is rejected. Without it, the last dim only has to be even, and a
        :class:`UserWarning` says so: an even-sized ``h_n`` or the output of a
        unidirectional module would be split just the same.

    Returns
    -------
    forward, backward : tuple of Tensor, or tuple of PackedSequence
        Each of shape ``(..., H)``: ``output[..., :H]`` and ``output[..., H:]``. For a
        PackedSequence, two PackedSequences whose ``.data`` are views of ``output.data`` and
        which share its ``batch_sizes``, ``sorted_indices`` and ``unsorted_indices``.

    Raises
    ------
    TypeError
        If ``output`` is neither a tensor nor a PackedSequence (the whole ``(output, h_n)``
        result included), or ``rnn`` is not an ``nn.LSTM``, ``nn.GRU`` or ``nn.RNN``.
    ValueError
        If ``output`` has the wrong rank, its last dim is not ``D*H`` of ``rnn`` (or is odd),
        or ``rnn`` is unidirectional.

    Warns
    -----
    UserWarning
        If ``rnn`` is not given: only the evenness of the last dim was checked.

    Notes
    -----
    Shapes cannot reveal where a tensor came from: the output of another module with the
    same ``D*H`` passes every check and is split by this module's sizes. Pass the module
    that produced ``output``, straight from the call that returned it.

    See Also
    --------
    unstack_states : the same split for ``h_n`` and ``c_n``, which stack directions on dim 0.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> from lstm_outputs import split_directions
    >>> _ = torch.manual_seed(0)
    >>> lstm = nn.LSTM(input_size=8, hidden_size=16, num_layers=2, bidirectional=True)
    >>> output, (h_n, c_n) = lstm(torch.randn(5, 3, 8))  # (T, N, I) = (5, 3, 8)
    >>> tuple(output.shape)
    (5, 3, 32)
    >>> forward, backward = split_directions(output, lstm)
    >>> tuple(forward.shape), tuple(backward.shape)
    ((5, 3, 16), (5, 3, 16))
    >>> torch.equal(forward[-1], h_n[-2]), torch.equal(backward[0], h_n[-1])
    (True, True)
    """
    dims = None if rnn is None else rnn_dims(rnn)
    data = check_output(output, dims=dims)
    if rnn is None:
        warnings.warn(
            "split_directions: without rnn, only the evenness of the last dim "
            f"({int(data.shape[-1])}) can be checked, so an h_n or the output of a "
            "unidirectional module would be split too; pass the module that produced "
            "output: split_directions(output, rnn)",
            UserWarning,
            stacklevel=2,
        )
    half = int(data.shape[-1]) // 2
    forward, backward = data[..., :half], data[..., half:]
    if isinstance(output, PackedSequence):
        return (
            PackedSequence(
                forward, output.batch_sizes, output.sorted_indices, output.unsorted_indices
            ),
            PackedSequence(
                backward, output.batch_sizes, output.sorted_indices, output.unsorted_indices
            ),
        )
    return forward, backward


def unstack_states(state: Tensor, rnn: nn.RNNBase) -> Tensor:
    """View ``h_n`` (or ``c_n``) with separate layer and direction dims.

    PyTorch stacks the final states of all layers and directions on dim 0, layer-major and
    direction-minor: row ``l*D + d`` holds layer ``l``, direction ``d`` (0 forward,
    1 backward). This returns the view ``(L, D, N, H)`` in which that row is ``[l, d]``.
    The states are laid out this way whatever ``batch_first`` says: it only changes the
    input and ``output``.

    Parameters
    ----------
    state : torch.Tensor
        ``h_n`` or ``c_n`` returned by ``rnn``: shape ``(L*D, N, H)``, or ``(L*D, H)`` for
        unbatched input. For ``c_n`` of an LSTM with ``proj_size``, ``H`` is ``hidden_size``.
    rnn : torch.nn.LSTM, torch.nn.GRU or torch.nn.RNN
        The module that produced ``state``; it gives ``L`` (``num_layers``) and ``D``
        (2 if ``bidirectional`` else 1).

    Returns
    -------
    Tensor
        A view of ``state`` of shape ``(L, D, N, H)``, or ``(L, D, H)`` for unbatched input.

    Raises
    ------
    TypeError
        If ``state`` is not a tensor (a PackedSequence, the pair ``(h_n, c_n)``, ...) or
        ``rnn`` is not an ``nn.LSTM``, ``nn.GRU`` or ``nn.RNN``.
    ValueError
        If ``state`` has the wrong rank, its dim 0 is not ``L*D`` or its last dim is not the
        module's hidden (or projection) size.

    Notes
    -----
    Shapes cannot reveal where a state came from: ``h_n`` of another module with the same
    ``L*D`` and ``H`` passes every check and is read with this module's layout. Pass the
    module that produced ``state``, straight from the call that returned it.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> from lstm_outputs import unstack_states
    >>> _ = torch.manual_seed(0)
    >>> gru = nn.GRU(input_size=8, hidden_size=16, num_layers=3, bidirectional=True)
    >>> output, h_n = gru(torch.randn(5, 4, 8))
    >>> tuple(h_n.shape)  # (L*D, N, H)
    (6, 4, 16)
    >>> states = unstack_states(h_n, gru)
    >>> tuple(states.shape)  # (L, D, N, H)
    (3, 2, 4, 16)
    >>> torch.equal(states[1, 0], h_n[2]), torch.equal(states[1, 1], h_n[3])  # layer 1 fwd, bwd
    (True, True)
    """
    dims = rnn_dims(rnn)
    checked = check_state(state, dims)
    # Splitting one dim in two is always a view, whatever the strides.
    return checked.view(dims.num_layers, dims.num_directions, *checked.shape[1:])


def top_layer_states(state: Tensor, rnn: nn.RNNBase) -> Tensor:
    """The top layer's final state in each direction, from ``h_n`` (or ``c_n``).

    This is ``unstack_states(state, rnn)[-1]``, the last ``D`` rows of ``state``: the top
    layer is the one whose per-step outputs form ``output``.

    Parameters
    ----------
    state : torch.Tensor
        ``h_n`` or ``c_n``: shape ``(L*D, N, H)``, or ``(L*D, H)`` for unbatched input.
    rnn : torch.nn.LSTM, torch.nn.GRU or torch.nn.RNN
        The module that produced ``state``.

    Returns
    -------
    Tensor
        A view of shape ``(D, N, H)`` (``(D, H)`` unbatched): index 0 is the forward
        direction, index 1 (if bidirectional) the backward direction.

    Raises
    ------
    TypeError
        As for :func:`unstack_states`.
    ValueError
        As for :func:`unstack_states`.

    Notes
    -----
    As with :func:`unstack_states`, the shape checks cannot tell whose states these are:
    pass the module that produced ``state``.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> from lstm_outputs import top_layer_states
    >>> _ = torch.manual_seed(0)
    >>> lstm = nn.LSTM(input_size=8, hidden_size=16, num_layers=2, bidirectional=True)
    >>> output, (h_n, c_n) = lstm(torch.randn(5, 3, 8))
    >>> top = top_layer_states(h_n, lstm)
    >>> tuple(top.shape)  # (D, N, H)
    (2, 3, 16)
    >>> torch.equal(top[0], output[-1, :, :16]), torch.equal(top[1], output[0, :, 16:])
    (True, True)
    """
    return unstack_states(state, rnn)[-1]
