"""Run an RNN once and say what every returned tensor holds, with the equalities checked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence, pad_packed_sequence

from lstm_outputs._validate import (
    RNNDims,
    check_hx,
    check_input,
    rnn_dims,
    shape_str,
)

__all__ = ["Check", "Dim", "Report", "TensorInfo", "describe"]


@dataclass(frozen=True)
class Dim:
    """One dimension of a tensor: its size, its symbol and what indexing it selects."""

    size: int
    symbol: str
    """The size written with the shape letters, e.g. ``"L*D=2*2"`` or ``"T=5"``."""
    meaning: str


@dataclass(frozen=True)
class TensorInfo:
    """A tensor that went into or came out of the module, dimension by dimension."""

    name: str
    """``"input"``, ``"h_0"``, ``"c_0"``, ``"output"``, ``"h_n"`` or ``"c_n"``."""
    shape: tuple[int, ...]
    """For a PackedSequence, the shape of its ``.data``."""
    dims: tuple[Dim, ...]
    packed: bool = False


@dataclass(frozen=True)
class Check:
    """An equality (or inequality) between two slices, verified on the module's real outputs."""

    expression: str
    """Python indexing, e.g. ``"output[-1, :, :16] == h_n[-2]"``."""
    meaning: str
    expected: bool
    """Whether the two slices should be equal."""
    observed: bool
    """Whether they were (exactly) equal."""

    @property
    def ok(self) -> bool:
        """Whether the observation matches the expectation."""
        return self.expected == self.observed


@dataclass(frozen=True)
class Report:
    """What :func:`describe` found. ``str(report)`` is a plain-text table.

    ``report.ok`` says whether every check came out as expected, and
    ``report.tensor("h_n")`` gives the entry of one tensor.
    """

    module: str
    """``repr`` of the module."""
    tensors: tuple[TensorInfo, ...]
    """The inputs given and the tensors returned, in that order."""
    checks: tuple[Check, ...]
    """Equalities between slices of ``output`` and rows of ``h_n``, verified numerically."""
    notes: tuple[str, ...]
    """What the tables cannot say, e.g. which rows of ``h_n`` have no counterpart in ``output``."""

    @property
    def ok(self) -> bool:
        """Whether every check came out as expected."""
        return all(check.ok for check in self.checks)

    def tensor(self, name: str) -> TensorInfo:
        """The entry of one tensor.

        Parameters
        ----------
        name : str
            ``"input"``, ``"h_0"``, ``"c_0"``, ``"output"``, ``"h_n"`` or ``"c_n"``.

        Returns
        -------
        TensorInfo
            Its shape and the meaning of each of its dimensions.

        Raises
        ------
        KeyError
            If the report has no tensor of that name (e.g. ``"c_n"`` for a GRU).
        """
        for info in self.tensors:
            if info.name == name:
                return info
        names = ", ".join(info.name for info in self.tensors)
        raise KeyError(f"no tensor named {name!r} in this report; it has: {names}")

    def __str__(self) -> str:
        rows: list[list[str]] = []
        for info in self.tensors:
            label = info.name + (" (packed)" if info.packed else "")
            for i, dim in enumerate(info.dims):
                first = i == 0
                rows.append(
                    [
                        label if first else "",
                        shape_str(info.shape) if first else "",
                        str(i),
                        dim.symbol,
                        dim.meaning,
                    ]
                )
        lines = [self.module, ""]
        lines += _table(["tensor", "shape", "dim", "size", "meaning"], rows)
        if self.checks:
            checks = [
                [
                    c.expression,
                    "equal" if c.expected else "differ",
                    ("equal" if c.observed else "differ") + ("" if c.ok else "  <-- UNEXPECTED"),
                    c.meaning,
                ]
                for c in self.checks
            ]
            lines += ["", *_table(["check", "expected", "observed", "meaning"], checks)]
        if self.notes:
            lines += ["", "notes:", *(f"- {note}" for note in self.notes)]
        failed = sum(not c.ok for c in self.checks)
        verdict = (
            (
                "1 check came out"
                if len(self.checks) == 1
                else f"all {len(self.checks)} checks came out"
            )
            + " as expected"
            if failed == 0
            else f"{failed} of {len(self.checks)} checks did NOT come out as expected"
        )
        lines += ["", verdict]
        return "\n".join(lines)


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    return [line(headers), line(["-" * w for w in widths]), *(line(r) for r in rows)]


# --- dimension descriptions -------------------------------------------------------------------


def _sequence_dims(
    shape: tuple[int, ...], dims: RNNDims, last: Dim, *, packed: Tensor | None
) -> tuple[Dim, ...]:
    """Dims of ``input`` or ``output``: time and batch (in their order), then ``last``."""
    if packed is not None:
        sizes = ", ".join(str(int(b)) for b in packed.tolist())
        step = Dim(
            shape[0],
            f"sum(lengths)={shape[0]}",
            f"packed steps, time-major: batch_sizes = [{sizes}] rows per time step",
        )
        return (step, last)
    if len(shape) == 2:
        return (Dim(shape[0], f"T={shape[0]}", "time step (unbatched: no batch dim)"), last)
    t_axis, n_axis = (1, 0) if dims.batch_first else (0, 1)
    time = Dim(shape[t_axis], f"T={shape[t_axis]}", "time step")
    batch = Dim(shape[n_axis], f"N={shape[n_axis]}", "sequence in the batch")
    return (batch, time, last) if dims.batch_first else (time, batch, last)


def _row_names(dims: RNNDims) -> str:
    if dims.num_directions == 1:
        return ", ".join(f"{layer}: layer {layer}" for layer in range(dims.num_layers))
    return ", ".join(
        f"{2 * layer + d}: l{layer} {'bwd' if d else 'fwd'}"
        for layer in range(dims.num_layers)
        for d in (0, 1)
    )


def _state_dims(
    shape: tuple[int, ...], dims: RNNDims, *, cell: bool, initial: bool, packed: bool
) -> tuple[Dim, ...]:
    where = "row 2*l+d (layer-major, direction-minor)" if dims.num_directions == 2 else "row l"
    rows = Dim(
        dims.num_rows,
        f"L*D={dims.num_layers}*{dims.num_directions}",
        f"{where}: {_row_names(dims)}",
    )
    size = int(shape[-1])
    if cell:
        last = Dim(size, f"H_cell={size}", "cell state (hidden_size)")
    elif dims.proj_size > 0:
        last = Dim(size, f"H={size}", "projected hidden state (proj_size)")
    else:
        last = Dim(size, f"H={size}", "hidden state (hidden_size)")
    if len(shape) == 2:
        return (rows, last)
    if initial:
        when = "sequence in the batch (initial state)"
    elif packed:
        when = "sequence in the batch, original order (final state at the sequence's own ends)"
    elif dims.num_directions == 2:
        when = "sequence in the batch (final state: forward after step T-1, backward after step 0)"
    else:
        when = "sequence in the batch (final state, after step T-1)"
    return (rows, Dim(shape[1], f"N={shape[1]}", when), last)


def _output_last_dim(dims: RNNDims, size: int) -> Dim:
    h = dims.out_size
    if dims.num_directions == 2:
        return Dim(
            size,
            f"D*H=2*{h}",
            f"[..., :{h}] forward, [..., {h}:] backward; top layer only",
        )
    return Dim(size, f"D*H=1*{h}", "forward direction; top layer only")


# --- checks ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Named:
    """An index that prints as a name (e.g. ``lengths - 1``) but indexes with a tensor."""

    text: str
    value: Tensor


_Index = int | slice | _Named


def _index_text(index: Sequence[_Index]) -> str:
    parts = list(index)
    while parts and isinstance(parts[-1], slice) and parts[-1] == slice(None):
        parts.pop()
    out = []
    for part in parts:
        if isinstance(part, _Named):
            out.append(part.text)
        elif isinstance(part, slice):
            start = "" if part.start is None else str(part.start)
            stop = "" if part.stop is None else str(part.stop)
            out.append(f"{start}:{stop}")
        else:
            out.append(str(part))
    return "[" + ", ".join(out) + "]"


def _index_value(index: Sequence[_Index]) -> tuple[Any, ...]:
    return tuple(part.value if isinstance(part, _Named) else part for part in index)


def _check(
    left: tuple[str, Tensor, Sequence[_Index]],
    right: tuple[str, Tensor, Sequence[_Index]],
    *,
    expected: bool,
    meaning: str,
) -> Check:
    (lname, ltensor, lindex), (rname, rtensor, rindex) = left, right
    a, b = ltensor[_index_value(lindex)], rtensor[_index_value(rindex)]
    op = "==" if expected else "!="
    return Check(
        expression=f"{lname}{_index_text(lindex)} {op} {rname}{_index_text(rindex)}",
        meaning=meaning,
        expected=expected,
        observed=a.shape == b.shape and torch.equal(a, b),
    )


def _checks(
    output: Tensor,
    h_n: Tensor,
    dims: RNNDims,
    *,
    lengths: Tensor | None,
) -> list[Check]:
    """Equalities between the top layer's slices of ``output`` and its rows of ``h_n``."""
    h, two = dims.out_size, dims.num_directions == 2
    unbatched = output.dim() == 2
    name = "output" if lengths is None else "padded"
    all_: slice = slice(None)

    def out_index(time: int | _Named, features: slice) -> list[_Index]:
        if unbatched:
            return [time, features]
        if isinstance(time, _Named):
            n = output.shape[0 if dims.batch_first else 1]
            rows = _Named("arange(N)", torch.arange(n, device=output.device))
            return [rows, time, features] if dims.batch_first else [time, rows, features]
        return [all_, time, features] if dims.batch_first else [time, all_, features]

    last: int | _Named = (
        -1 if lengths is None else _Named("lengths - 1", lengths.to(output.device) - 1)
    )
    fwd, bwd = (slice(None, h), slice(h, None)) if two else (all_, all_)
    top_fwd = -2 if two else -1
    where = "its last step" if lengths is None else "each sequence's last real step"
    checks = [
        _check(
            (name, output, out_index(last, fwd)),
            ("h_n", h_n, [top_fwd]),
            expected=True,
            meaning=f"top layer, forward: output at {where} is its final state",
        )
    ]
    if two:
        checks.append(
            _check(
                (name, output, out_index(0, bwd)),
                ("h_n", h_n, [-1]),
                expected=True,
                meaning="top layer, backward: it ends at step 0, so its final state is there",
            )
        )
        seq_len = (
            int(output.shape[-2]) if unbatched else int(output.shape[1 if dims.batch_first else 0])
        )
        if lengths is None and seq_len > 1:
            checks.append(
                _check(
                    (name, output, out_index(-1, bwd)),
                    ("h_n", h_n, [-1]),
                    expected=False,
                    meaning="top layer, backward, at step T-1: it has read one step only",
                )
            )
    return checks


def _notes(dims: RNNDims, h_n: Tensor, *, packed: bool) -> list[str]:
    h, d, layers = dims.out_size, dims.num_directions, dims.num_layers
    notes = []
    if packed:
        notes.append(
            "padded, lengths = pad_packed_sequence(output"
            + (", batch_first=True" if dims.batch_first else "")
            + "): the checks index the padded tensor; rows of h_n follow the original batch "
            "order, as pad_packed_sequence's do"
        )
    batched = h_n.dim() == 3
    view = shape_str((layers, d, *h_n.shape[1:]))
    notes.append(
        f"unstack_states(h_n, rnn) is the view h_n.view{view}, indexed [layer, direction]; "
        f"top_layer_states(h_n, rnn) is its last layer, h_n[-{d}:]"
    )
    if layers > 1:
        notes.append(
            f"rows 0..{dims.num_rows - d - 1} of h_n (layers below the top) have no counterpart "
            "in output, which holds the top layer only"
        )
    if d == 2:
        notes.append(
            f"summary_vector(h_n, rnn) = cat(h_n[-2], h_n[-1], dim=-1): both directions have "
            f"read the whole sequence; shape ({h_n.shape[1]}, {2 * h})"
            if batched
            else f"summary_vector(h_n, rnn) = cat(h_n[-2], h_n[-1]): shape ({2 * h},)"
        )
    if dims.has_cell:
        notes.append("c_n has no counterpart in output, which holds hidden states h only")
    if dims.proj_size > 0:
        notes.append(
            f"proj_size={dims.proj_size}: output and h_n use H = proj_size; c_n keeps "
            f"hidden_size={dims.hidden_size}"
        )
    return notes


def describe(rnn: nn.RNNBase, *inputs: Any) -> Report:
    """Run ``rnn`` on ``inputs`` and describe every tensor that goes in and comes out.

    The report lists each tensor's shape and what every dimension means (with ``h_n``'s
    rows spelled out layer by layer), and checks on the real values which slices of
    ``output`` equal which rows of ``h_n`` (and one that does not). The module runs under
    ``torch.no_grad()``; its training/eval mode is left as it is.

    Parameters
    ----------
    rnn : torch.nn.LSTM, torch.nn.GRU or torch.nn.RNN
        The module to run.
    *inputs
        What you would pass to ``rnn``: the input (a tensor of shape ``(T, N, I)``,
        ``(N, T, I)`` with ``batch_first=True``, ``(T, I)`` unbatched, or a
        :class:`~torch.nn.utils.rnn.PackedSequence`), optionally followed by the initial
        state (``(h_0, c_0)`` for an LSTM, ``h_0`` otherwise).

    Returns
    -------
    Report
        ``str(report)`` is a plain-text table; ``report.ok`` is True when every check came
        out as expected; ``report.tensor("h_n")`` gives one tensor's entry.

    Raises
    ------
    TypeError
        If ``rnn`` is not an ``nn.LSTM``, ``nn.GRU`` or ``nn.RNN``, there is not one input
        (plus an optional state), or an argument has the wrong type.
    ValueError
        If the input's rank or feature size, or the initial state's shape, does not fit
        ``rnn``.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> from lstm_outputs import describe
    >>> _ = torch.manual_seed(0)
    >>> lstm = nn.LSTM(input_size=8, hidden_size=16, num_layers=2, bidirectional=True)
    >>> report = describe(lstm, torch.randn(5, 3, 8))
    >>> report.ok, report.tensor("h_n").shape
    (True, (4, 3, 16))
    >>> for check in report.checks:
    ...     print(check.expression, check.observed == check.expected)
    output[-1, :, :16] == h_n[-2] True
    output[0, :, 16:] == h_n[-1] True
    output[-1, :, 16:] != h_n[-1] True
    >>> print(str(report).splitlines()[0])
    LSTM(8, 16, num_layers=2, bidirectional=True)
    """
    dims = rnn_dims(rnn)
    if len(inputs) not in (1, 2):
        raise TypeError(
            f"describe: expected the module's input, optionally followed by its initial "
            f"state {'(h_0, c_0)' if dims.has_cell else 'h_0'}, got {len(inputs)} "
            f"arguments after the module"
        )
    x = inputs[0]
    data = check_input(x, dims)
    packed = isinstance(x, PackedSequence)
    batched = packed or data.dim() == 3
    if len(inputs) == 2:
        if packed:
            assert isinstance(x, PackedSequence)
            batch_size: int | None = int(x.batch_sizes[0])
        elif batched:
            batch_size = int(data.shape[0 if dims.batch_first else 1])
        else:
            batch_size = None
        check_hx(inputs[1], dims, batch_size=batch_size)

    with torch.no_grad():
        result = rnn(*inputs)
    output, state = result
    if dims.has_cell:
        h_n, c_n = state
    else:
        h_n, c_n = state, None

    batch_sizes = x.batch_sizes if isinstance(x, PackedSequence) else None
    tensors = [
        TensorInfo(
            "input",
            tuple(data.shape),
            _sequence_dims(
                tuple(data.shape),
                dims,
                Dim(int(data.shape[-1]), f"I={data.shape[-1]}", "input feature (input_size)"),
                packed=batch_sizes,
            ),
            packed,
        )
    ]
    if len(inputs) == 2:
        initial = inputs[1] if dims.has_cell else (inputs[1],)
        for name, value in zip(("h_0", "c_0"), initial, strict=False):
            shape = tuple(value.shape)
            cell = name == "c_0"
            tensors.append(
                TensorInfo(
                    name,
                    shape,
                    _state_dims(shape, dims, cell=cell, initial=True, packed=packed),
                )
            )
    out_data = output.data if isinstance(output, PackedSequence) else output
    out_shape = tuple(out_data.shape)
    tensors.append(
        TensorInfo(
            "output",
            out_shape,
            _sequence_dims(
                out_shape, dims, _output_last_dim(dims, out_shape[-1]), packed=batch_sizes
            ),
            packed,
        )
    )
    for name, value in (("h_n", h_n), ("c_n", c_n)):
        if value is not None:
            shape = tuple(value.shape)
            tensors.append(
                TensorInfo(
                    name,
                    shape,
                    _state_dims(shape, dims, cell=name == "c_n", initial=False, packed=packed),
                )
            )

    if isinstance(output, PackedSequence):
        padded, lengths = pad_packed_sequence(output, batch_first=dims.batch_first)
        checks = _checks(padded, h_n, dims, lengths=lengths)
    else:
        checks = _checks(output, h_n, dims, lengths=None)
    notes = _notes(dims, h_n, packed=packed)
    if not packed and batched:
        notes.append(
            "padded input: if some sequences are shorter than T, pack the batch "
            "(pack_padded_sequence) so that h_n holds each sequence's true final states"
        )
    return Report(repr(rnn), tuple(tensors), tuple(checks), tuple(notes))
