"""One vector per sequence: the summary vector from ``h_n`` and the last valid output step."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import torch
from torch import Tensor, nn

from lstm_outputs._validate import (
    RNNDims,
    check_lengths,
    check_output,
    check_state,
    rnn_dims,
)
from lstm_outputs.layout import top_layer_states

__all__ = ["last_valid_step", "summary_vector"]


def summary_vector(h_n: Tensor, rnn: nn.RNNBase) -> Tensor:
    """The top layer's final forward state joined with its final backward state.

    For a bidirectional module this is the vector in which *both* directions have read the
    whole sequence: the forward direction ends at the last step, the backward direction at
    the first. It equals ``output[-1, :, :H]`` joined with ``output[0, :, H:]`` (for every
    sequence's true last step when the input was packed), but is read from ``h_n`` with no
    indexing by time. For a unidirectional module it is the top layer's final state.

    Variable-length batches: run the module on a
    :class:`~torch.nn.utils.rnn.PackedSequence` (see
    :func:`torch.nn.utils.rnn.pack_padded_sequence`). ``h_n`` then holds each sequence's
    states at its own true ends, in the original batch order, and this function is exact.
    If the module ran on a padded, unpacked batch, ``h_n`` has read the padding of every
    shorter sequence (in both directions) and no function of it can undo that.

    Parameters
    ----------
    h_n : torch.Tensor
        Final hidden states, shape ``(L*D, N, H)``, or ``(L*D, H)`` for unbatched input
        (``H`` is ``proj_size`` when set). ``c_n`` of an LSTM works too.
    rnn : torch.nn.LSTM, torch.nn.GRU or torch.nn.RNN
        The module that produced ``h_n``.

    Returns
    -------
    Tensor
        Shape ``(N, D*H)`` (``(D*H,)`` unbatched): ``[:H]`` forward, ``[H:]`` backward.
        A view of ``h_n`` when ``D`` is 1; a new tensor when ``D`` is 2 (the two rows are
        not adjacent in memory along the last dim).

    Raises
    ------
    TypeError
        If ``h_n`` is not a tensor (a PackedSequence, the pair ``(h_n, c_n)``, ...) or ``rnn``
        is not an ``nn.LSTM``, ``nn.GRU`` or ``nn.RNN``.
    ValueError
        If ``h_n`` has the wrong rank, its dim 0 is not ``L*D`` or its last dim is not ``H``.

    Examples
    --------
    A padded batch of three sequences of lengths 5, 2 and 3, packed before the LSTM:

    >>> import torch
    >>> from torch import nn
    >>> from torch.nn.utils.rnn import pack_padded_sequence
    >>> from lstm_outputs import summary_vector
    >>> _ = torch.manual_seed(0)
    >>> lstm = nn.LSTM(input_size=8, hidden_size=16, num_layers=2, bidirectional=True)
    >>> x = torch.randn(5, 3, 8)  # (T, N, I), padded
    >>> lengths = torch.tensor([5, 2, 3])
    >>> packed = pack_padded_sequence(x, lengths, enforce_sorted=False)
    >>> _, (h_n, c_n) = lstm(packed)
    >>> summary = summary_vector(h_n, lstm)
    >>> tuple(summary.shape)  # (N, D*H)
    (3, 32)

    Each row is what the LSTM gives for that sequence alone, without its padding:

    >>> _, (h_alone, _) = lstm(x[:2, 1])  # unbatched (T, I): sequence 1, its 2 real steps
    >>> tuple(summary_vector(h_alone, lstm).shape)  # (D*H,)
    (32,)
    >>> torch.allclose(summary[1], summary_vector(h_alone, lstm), atol=1e-6)
    True

    Shapes cannot reveal where ``h_n`` came from: the final states of another module with
    the same ``L*D`` and ``H`` pass every check. Pass the module that produced ``h_n``.
    """
    check_state(h_n, rnn_dims(rnn), name="h_n")
    top = top_layer_states(h_n, rnn)  # (D, N, H) or (D, H)
    # Move D next to H and merge them: (N, D, H) -> (N, D*H); a view when D == 1.
    return top.movedim(0, -2).flatten(-2)


def last_valid_step(
    output: Tensor,
    lengths: Tensor | Sequence[int],
    *,
    batch_first: bool | None = None,
    bidirectional: bool | None = None,
    from_packed: bool = False,
    rnn: nn.RNNBase | None = None,
) -> Tensor:
    """The output at each sequence's last real step, ``lengths - 1``, of a padded batch.

    For sequence ``n`` this is ``output[lengths[n] - 1, n]`` (``output[n, lengths[n] - 1]``
    with ``batch_first=True``), gathered for the whole batch in one indexing operation.

    **What padding did.** If a bidirectional module ran on the padded, unpacked batch, its
    backward direction started at step ``T-1``, in the padding: the backward half at
    ``lengths[n] - 1`` has read the padding of a shorter sequence, and with two or more
    layers the forward half has too (each upper layer reads both directions of the layer
    below). Pack the batch (:func:`torch.nn.utils.rnn.pack_padded_sequence`) and every
    direction stops at each sequence's true ends. So say what ``output`` is:
    ``bidirectional=False`` (a unidirectional model: exact) or ``from_packed=True`` (from
    :func:`torch.nn.utils.rnn.pad_packed_sequence`: exact). Otherwise (``True``, or the
    default ``None``: unknown) a :class:`UserWarning` is emitted when a sequence is shorter
    than ``T``.

    **Pass the module.** Shapes cannot tell ``(T, N, ...)`` from ``(N, T, ...)`` when
    ``T == N``: the wrong ``batch_first`` then gives a silently wrong result. With ``rnn=``,
    ``batch_first`` and the direction count come from the module. Without it, lengths as
    many as the *time* dim's entries get an error naming the likely mix-up.

    Parameters
    ----------
    output : torch.Tensor
        Padded outputs, shape ``(T, N, D*H)``, or ``(N, T, D*H)`` with ``batch_first=True``.
        Unbatched ``(T, D*H)`` outputs are rejected: their last step is ``output[-1]``.
    lengths : torch.Tensor, numpy.ndarray or list of int
        Shape ``(N,)``, each in ``[1, T]``: an integer tensor (on the CPU or ``output``'s
        device), numpy array, or list or tuple of ints (Python, numpy or 0-d tensors).
    batch_first : bool or None
        Whether ``output`` is ``(N, T, D*H)`` (default None: ``rnn.batch_first`` if ``rnn``
        is given, else False).
    bidirectional : bool or None
        Whether ``output`` comes from a bidirectional module run on this padded batch
        (default None: read from ``rnn`` if given, else unknown).
    from_packed : bool
        Default False. Whether ``output`` was produced from a packed batch and unpacked with
        ``pad_packed_sequence``, in which case no direction has read padding.
    rnn : torch.nn.LSTM, torch.nn.GRU, torch.nn.RNN or None
        The module that produced ``output`` (default None). When given, ``batch_first`` and
        ``bidirectional`` come from it (passing a different value is an error) and the last
        dim is checked against its ``D*H``.

    Returns
    -------
    Tensor
        Shape ``(N, D*H)``: row ``n`` is the output at step ``lengths[n] - 1``. A new tensor
        (gathering different steps for different rows cannot be a view).

    Raises
    ------
    TypeError
        If ``output`` is not a tensor (e.g. a PackedSequence) or ``lengths`` is not integer.
    ValueError
        If ``output`` is not 3-D, ``lengths`` is not 1-D with ``N`` entries in ``[1, T]``,
        ``lengths`` lives on another device than the CPU or ``output``'s,
        ``bidirectional=True`` and the last dim is odd, or ``batch_first``/``bidirectional``
        contradict ``rnn``.

    Warns
    -----
    UserWarning
        If a sequence is shorter than ``T`` and ``output`` may have read its padding.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> from lstm_outputs import last_valid_step
    >>> _ = torch.manual_seed(0)
    >>> lstm = nn.LSTM(input_size=8, hidden_size=16, batch_first=True)
    >>> x = torch.randn(3, 5, 8)  # (N, T, I), padded after each sequence's real steps
    >>> lengths = torch.tensor([5, 2, 3])
    >>> output, _ = lstm(x)  # unidirectional: padding only follows the steps we read
    >>> last = last_valid_step(output, lengths, batch_first=True, bidirectional=False)
    >>> tuple(last.shape)  # (N, D*H)
    (3, 16)
    >>> torch.equal(last[1], output[1, 1]), torch.equal(last[2], output[2, 2])
    (True, True)

    With the module, ``batch_first`` and the direction count come from it:

    >>> torch.equal(last_valid_step(output, lengths, rnn=lstm), last)
    True
    """
    dims, batch_first, bidirectional = _layout(rnn, batch_first, bidirectional)
    data = check_output(
        output,
        dims=dims,
        allow_packed=False,
        need_two_directions=bool(bidirectional) and dims is None,
        batched_only=True,
    )
    time_dim, batch_dim = (1, 0) if batch_first else (0, 1)
    seq_len, batch_size = int(data.shape[time_dim]), int(data.shape[batch_dim])
    steps = check_lengths(
        lengths,
        batch_size=batch_size,
        seq_len=seq_len,
        device=data.device,
        other_size=seq_len if rnn is None and seq_len != batch_size else None,
        batch_first=batch_first,
    )
    last = steps - 1
    rows = torch.arange(batch_size, device=data.device)
    result = data[rows, last] if batch_first else data[last, rows]
    if bidirectional is not False and not from_packed and steps.device.type != "meta":
        shorter = int((steps < seq_len).sum())
        if shorter:
            _warn_padding(shorter, batch_size, seq_len, data.shape[-1], bidirectional)
    return result


def _layout(
    rnn: nn.RNNBase | None, batch_first: bool | None, bidirectional: bool | None
) -> tuple[RNNDims | None, bool, bool | None]:
    """``batch_first`` and ``bidirectional`` from ``rnn`` when given (refusing contradictions)."""
    if rnn is None:
        return None, bool(batch_first), bidirectional
    dims = rnn_dims(rnn)
    two = dims.num_directions == 2
    for name, given, actual in (
        ("batch_first", batch_first, dims.batch_first),
        ("bidirectional", bidirectional, two),
    ):
        if given is not None and given != actual:
            raise ValueError(
                f"{name}: expected {actual} (rnn.{name}), got {given} (leave {name} out "
                "when you pass rnn: the module knows)"
            )
    return dims, dims.batch_first, two


def _warn_padding(
    shorter: int, batch_size: int, seq_len: int, features: int, bidirectional: bool | None
) -> None:
    half = features // 2
    which = (
        f"the backward half [..., {half}:] of those rows"
        if bidirectional
        else f"if output is bidirectional, the backward half [..., {half}:] of those rows"
    )
    silence = (
        ""
        if bidirectional
        else " Pass bidirectional=False for a unidirectional model, or from_packed=True for an "
        "output of pad_packed_sequence, to silence this warning."
    )
    warnings.warn(
        f"last_valid_step: {shorter} of the {batch_size} sequences in the batch are shorter "
        f"than the padded length T={seq_len}; {which} started at step T-1 and has read "
        "their padding, so it is not what the model gives for the sequence alone (the "
        "forward half is exact for a one-layer model only: upper layers read the backward "
        "outputs of the layer below). Pack the batch with "
        "torch.nn.utils.rnn.pack_padded_sequence before the model, and use "
        f"summary_vector(h_n, rnn) for a whole-sequence vector.{silence}",
        UserWarning,
        stacklevel=3,
    )
