"""Run an RNN once and say what every returned tensor holds, with the equalities checked.

:func:`describe` returns a :class:`Report`: each tensor's shape and the meaning of its
dimensions (:class:`TensorInfo`, :class:`Dim`) and the equalities between slices of ``output``
and rows of ``h_n``, each checked on the real values (:class:`Check`).
"""

from __future__ import annotations

import textwrap
from collections import Counter
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
    check_input_against,
    describe_value,
    module_device,
    rnn_dims,
    shape_str,
)

__all__ = ["Check", "Dim", "Report", "TensorInfo", "describe"]

WIDTH = 100
"""The widest line ``str(report)`` prints."""

EXPECTED, UNEXPECTED, UNDECIDABLE, SKIPPED, CONDITIONAL = (
    "as expected",
    "NOT as expected",
    "not decidable here",
    "skipped",
    "holds only under its condition",
)
STATUSES = (EXPECTED, UNEXPECTED, UNDECIDABLE, SKIPPED, CONDITIONAL)


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
    condition: str = ""
    """The setting this entry depends on, e.g. ``"batch_first=True"``, when the report cannot
    know it (a checkpoint does not store it); empty when the entry holds either way."""


@dataclass(frozen=True)
class Check:
    """A fact about the network, stated as an equality (or inequality) between two slices.

    Each check says which state a slice of ``output`` *is* (the same state as a row of
    ``h_n``) or is *not* (a state after fewer steps). The values test it: two slices that
    are the same state are always equal, so a difference contradicts the fact. Two
    different states usually differ, but may coincide on particular values (an empty batch,
    ReLU units that are all zero), and then the values cannot decide: the check is
    reported as not decidable here rather than failed.
    """

    expression: str
    """Python indexing, e.g. ``"output[-1, :, :16] == h_n[-2]"``."""
    meaning: str
    expected: bool
    """Whether the two slices are the same state (so should be equal)."""
    observed: bool | None
    """Whether they were (exactly) equal; ``None`` when no values were compared (the meta
    device)."""
    reason: str = ""
    """Why the values cannot decide the check (empty only when they can)."""
    condition: str = ""
    """The setting the expression depends on (e.g. ``"batch_first=True"``) when the report
    cannot know it; the check was run on a module rebuilt with that setting. Empty when the
    expression holds whatever that setting is."""

    @property
    def status(self) -> str:
        """``"as expected"``, ``"NOT as expected"``, ``"not decidable here"``, ``"skipped"``, or
        ``"holds only under its condition"`` (as expected on a module built with
        :attr:`condition`, a setting the report cannot know)."""
        if self.observed is None:
            return SKIPPED
        if self.reason:
            return UNDECIDABLE
        if self.observed != self.expected:
            return UNEXPECTED
        return CONDITIONAL if self.condition else EXPECTED

    @property
    def ok(self) -> bool:
        """False only when the values contradict the expectation."""
        return self.status != UNEXPECTED


@dataclass(frozen=True)
class Report:
    """What :func:`describe` found. ``str(report)`` is a plain-text table.

    ``report.ok`` says whether no check came out against its expectation,
    ``report.tensor("h_n")`` gives the entry of one tensor and ``report.to_dict()`` the whole
    report as plain data (what the command line's ``--json`` prints).
    """

    module: str
    """``repr`` of the module."""
    tensors: tuple[TensorInfo, ...]
    """The inputs given and the tensors returned, in that order."""
    checks: tuple[Check, ...]
    """Equalities between slices of ``output`` and rows of ``h_n``, verified numerically."""
    notes: tuple[str, ...]
    """What the tables cannot say, e.g. which rows of ``h_n`` have no counterpart in ``output``."""
    unknown: tuple[str, ...] = ()
    """Settings the report cannot know (a checkpoint stores no ``batch_first``, ``dropout`` or
    ``nonlinearity``), each with how the report deals with it; printed first."""

    @property
    def ok(self) -> bool:
        """Whether no check came out NOT as expected (undecidable and skipped ones do not count)."""
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
        raise KeyError(f"name: expected one of {names}, got {name!r} (not in this report)")

    @property
    def verdict(self) -> str:
        """The last line of ``str(report)``: how many checks came out as expected.

        A check that depends on a setting the report cannot know is never counted as
        expected: the verdict says under which setting it holds.
        """
        counts = Counter(c.status for c in self.checks)
        total = len(self.checks)
        if counts[UNEXPECTED]:
            return f"{counts[UNEXPECTED]} of {total} checks did NOT come out as expected"
        if not total:
            return "no checks: nothing it returns can be compared with anything else"
        if counts[SKIPPED] == total:
            why = self.checks[0].reason or "no values to compare (shapes only)"
            return f"{_count(total)} skipped: {why}"
        if counts[UNDECIDABLE] == total:
            return f"{_count(total)} not decidable here on these values (no check failed)"
        parts = []
        expected = counts[EXPECTED]
        if expected:
            parts.append(
                "1 check came out as expected"
                if total == 1
                else f"all {total} checks came out as expected"
                if expected == total
                else f"{expected} of {total} checks came out as expected"
            )
        if counts[CONDITIONAL]:
            conditions = Counter(c.condition for c in self.checks if c.status == CONDITIONAL)
            settings = sorted({condition.split("=")[0] for condition in conditions})
            per = ", ".join(f"{n} if {condition}" for condition, n in conditions.items())
            parts.append(
                f"{_count(counts[CONDITIONAL])} depend on {' and '.join(settings)}, which is not "
                f"known here: {per.replace(' if ', ' hold if ', 1)}"
            )
        if counts[UNDECIDABLE]:
            parts.append(f"{counts[UNDECIDABLE]} not decidable here")
        text = ", ".join(parts)
        if counts[UNDECIDABLE] or counts[CONDITIONAL]:
            text += " (no check failed)"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The report as plain data (str, int, bool, None, lists and dicts), ready for JSON.

        The layout is the JSON schema ``report.schema.json`` shipped with the package
        (``lstm_outputs/report.schema.json``).

        Returns
        -------
        dict
            ``{"module", "tensors", "checks", "notes", "verdict"}``: each tensor with its
            ``name``, ``shape``, ``packed`` flag, ``condition`` and ``dims`` (``size``,
            ``symbol``, ``meaning``); each check with its ``expression``, ``meaning``,
            ``expected``, ``observed``, ``status``, ``reason`` and ``condition``; the verdict
            with ``ok``, ``text`` and the count of checks per status; ``unknown``, the
            settings the report cannot know.
        """
        return {
            "module": self.module,
            "unknown": list(self.unknown),
            "tensors": [
                {
                    "name": t.name,
                    "shape": list(t.shape),
                    "packed": t.packed,
                    "condition": t.condition,
                    "dims": [
                        {"size": d.size, "symbol": d.symbol, "meaning": d.meaning} for d in t.dims
                    ],
                }
                for t in self.tensors
            ],
            "checks": [
                {
                    "expression": c.expression,
                    "meaning": c.meaning,
                    "expected": c.expected,
                    "observed": c.observed,
                    "status": c.status,
                    "reason": c.reason,
                    "condition": c.condition,
                }
                for c in self.checks
            ],
            "notes": list(self.notes),
            "verdict": {
                "ok": self.ok,
                "text": self.verdict,
                "counts": {s: sum(c.status == s for c in self.checks) for s in STATUSES},
            },
        }

    def __str__(self) -> str:
        lines = textwrap.wrap(self.module, WIDTH, subsequent_indent="    ") or [""]
        if self.unknown:
            lines += ["", "not known here:"]
            lines += _bullets(self.unknown)
        conditions = list(
            dict.fromkeys(
                ["", *(t.condition for t in self.tensors), *(c.condition for c in self.checks)]
            )
        )
        settings = sorted({c.split("=")[0] for c in conditions if c})
        for condition in conditions:
            tensors = [t for t in self.tensors if t.condition == condition]
            checks = [c for c in self.checks if c.condition == condition]
            if not tensors and not checks:
                continue
            if len(conditions) > 1:
                lines += [
                    "",
                    f"if {condition}:"
                    if condition
                    else f"the same whatever {' and '.join(settings)} is:",
                ]
            if tensors:
                lines += ["", *_tensor_table(tensors)]
            if checks:
                lines += ["", *_check_table(checks)]
        if self.notes:
            lines += ["", "notes:", *_bullets(self.notes)]
        lines += ["", *textwrap.wrap(self.verdict, WIDTH, break_on_hyphens=False)]
        return "\n".join(lines)


def _bullets(items: Sequence[str]) -> list[str]:
    lines: list[str] = []
    for item in items:
        lines += textwrap.wrap(
            item, WIDTH, initial_indent="- ", subsequent_indent="  ", break_on_hyphens=False
        )
    return lines


def _tensor_table(tensors: Sequence[TensorInfo]) -> list[str]:
    rows: list[list[str]] = []
    for info in tensors:
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
    return _table(["tensor", "shape", "dim", "size", "meaning"], rows)


def _check_table(checks: Sequence[Check]) -> list[str]:
    rows = [
        [
            c.expression,
            "equal" if c.expected else "differ",
            _observed_text(c),
            c.meaning + (f" [{c.status}: {c.reason}]" if c.reason else ""),
        ]
        for c in checks
    ]
    return _table(["check", "expected", "observed", "meaning"], rows)


def _count(total: int) -> str:
    return "1 check" if total == 1 else f"{total} checks"


def _observed_text(check: Check) -> str:
    if check.observed is None:
        return "skipped"
    text = "equal" if check.observed else "differ"
    if check.status == UNEXPECTED:
        return text + "  <-- UNEXPECTED"
    if check.status == UNDECIDABLE:
        return text + " (undecided)"
    return text


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns padded to their widest cell; the last one wraps to keep lines <= WIDTH."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lead = sum(widths[:-1]) + 2 * (len(widths) - 1)
    last = max(24, WIDTH - lead)
    widths[-1] = min(widths[-1], last)

    def line(cells: Sequence[str]) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    for row in rows:
        wrapped = textwrap.wrap(row[-1], last, break_on_hyphens=False) or [""]
        out.append(line([*row[:-1], wrapped[0]]))
        blank = [""] * (len(row) - 1)
        out += [line([*blank, more]) for more in wrapped[1:]]
    return out


def _elide(items: Sequence[str], *, head: int = 4, tail: int = 2) -> str:
    """Join ``items``; a long list keeps its first and last few, with the count."""
    if len(items) <= head + tail + 1:
        return ", ".join(items)
    return ", ".join([*items[:head], "...", *items[-tail:]]) + f" ({len(items)} in all)"


# --- dimension descriptions -------------------------------------------------------------------


def _sequence_dims(
    shape: tuple[int, ...], dims: RNNDims, last: Dim, *, packed: Tensor | None
) -> tuple[Dim, ...]:
    """Dims of ``input`` or ``output``: time and batch (in their order), then ``last``."""
    if packed is not None:
        sizes = _elide([str(int(b)) for b in packed.tolist()], head=6)
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
        names = [f"{layer}: layer {layer}" for layer in range(dims.num_layers)]
    else:
        names = [
            f"{2 * layer + d}: l{layer} {'bwd' if d else 'fwd'}"
            for layer in range(dims.num_layers)
            for d in (0, 1)
        ]
    return _elide(names)


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


def _compare(a: Tensor, b: Tensor, expected: bool) -> tuple[bool | None, str]:
    """What the values show, and why they cannot decide the check (if they cannot)."""
    if a.device.type == "meta" or b.device.type == "meta":
        return None, ""
    observed = a.shape == b.shape and torch.equal(a, b)
    if observed and a.numel() == 0:
        return observed, "the slices are empty (N=0), so they are equal whatever they hold"
    if observed and not expected:
        if not bool(a.any()):
            return observed, (
                "both slices are all zeros here (ReLU units that are all off?), so the values "
                "cannot tell the two states apart"
            )
        return observed, "the two states happen to coincide on these values"
    return observed, ""


def _check(
    left: tuple[str, Tensor, Sequence[_Index]],
    right: tuple[str, Tensor, Sequence[_Index]],
    *,
    expected: bool,
    meaning: str,
) -> Check:
    (lname, ltensor, lindex), (rname, rtensor, rindex) = left, right
    op = "==" if expected else "!="
    expression = f"{lname}{_index_text(lindex)} {op} {rname}{_index_text(rindex)}"
    if ltensor.device.type == "meta" or rtensor.device.type == "meta":
        return Check(expression, meaning, expected, None, "")
    a, b = ltensor[_index_value(lindex)], rtensor[_index_value(rindex)]
    observed, reason = _compare(a, b, expected)
    return Check(expression, meaning, expected, observed, reason)


def _backward_one_step(dims: RNNDims) -> str:
    """What the top backward direction at step T-1 holds: true for every layer count."""
    if dims.num_layers == 1:
        return (
            "top layer, backward, at step T-1: it has taken one step and read x[T-1] only; "
            "h_n[-1] is its state after all T steps"
        )
    return (
        "top layer, backward, at step T-1: it has taken one step of its own (through the "
        "layers below it has read every input); h_n[-1] is its state after all T steps"
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
                    meaning=_backward_one_step(dims),
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


def _meta_run(dims: RNNDims, x: Tensor | PackedSequence, data: Tensor) -> tuple[Any, Tensor, Any]:
    """The shapes ``rnn(x)`` returns, as empty tensors on the meta device (nothing computed)."""
    d_h, rows = dims.num_directions * dims.out_size, dims.num_rows

    def empty(*shape: int) -> Tensor:
        return torch.empty(shape, device="meta", dtype=data.dtype)

    output: Tensor | PackedSequence
    if isinstance(x, PackedSequence):
        batch: tuple[int, ...] = (int(x.batch_sizes[0]),)
        output = PackedSequence(
            empty(data.shape[0], d_h), x.batch_sizes, x.sorted_indices, x.unsorted_indices
        )
    elif data.dim() == 2:
        batch = ()
        output = empty(data.shape[0], d_h)
    else:
        batch = (int(data.shape[0 if dims.batch_first else 1]),)
        output = empty(*data.shape[:2], d_h)
    h_n = empty(rows, *batch, dims.out_size)
    state = (h_n, empty(rows, *batch, dims.hidden_size)) if dims.has_cell else h_n
    return output, h_n, state


def _check_result(result: object, dims: RNNDims, packed: bool) -> tuple[Any, Tensor, Any]:
    """``(output, h_n, c_n or None)`` from what ``rnn(...)`` returned, or a clear TypeError."""
    state_text = "(h_n, c_n)" if dims.has_cell else "h_n"
    out_kind = PackedSequence if packed else Tensor
    ok = isinstance(result, tuple) and len(result) == 2 and isinstance(result[0], out_kind)
    if ok:
        assert isinstance(result, tuple)
        state = result[1]
        if dims.has_cell:
            ok = isinstance(state, tuple) and len(state) == 2
            ok = ok and all(isinstance(s, Tensor) for s in state)
        else:
            ok = isinstance(state, Tensor)
    if not ok:
        raise TypeError(
            f"rnn: expected forward to return (output, {state_text}) as nn.{dims.kind} does, "
            f"got {describe_value(result)} (a subclass that changes forward's result: describe "
            f"the plain nn.{dims.kind} it builds on)"
        )
    assert isinstance(result, tuple)
    output, state = result
    if dims.has_cell:
        return output, state[0], state[1]
    return output, state, None


def _tensor_infos(
    dims: RNNDims,
    data: Tensor,
    initial: Sequence[Tensor],
    output: Tensor | PackedSequence,
    final: tuple[Tensor, Tensor | None],
    batch_sizes: Tensor | None,
) -> list[TensorInfo]:
    """The entries of the input, the initial states given, ``output``, ``h_n`` and ``c_n``."""
    packed = batch_sizes is not None
    feature = Dim(int(data.shape[-1]), f"I={data.shape[-1]}", "input feature (input_size)")
    shape = tuple(data.shape)
    tensors = [
        TensorInfo(
            "input", shape, _sequence_dims(shape, dims, feature, packed=batch_sizes), packed
        )
    ]
    for name, value in zip(("h_0", "c_0"), initial, strict=False):
        shape = tuple(value.shape)
        state = _state_dims(shape, dims, cell=name == "c_0", initial=True, packed=packed)
        tensors.append(TensorInfo(name, shape, state))
    out_data = output.data if isinstance(output, PackedSequence) else output
    shape = tuple(out_data.shape)
    last = _output_last_dim(dims, shape[-1])
    tensors.append(
        TensorInfo("output", shape, _sequence_dims(shape, dims, last, packed=batch_sizes), packed)
    )
    for name, final_state in zip(("h_n", "c_n"), final, strict=True):
        if final_state is not None:
            shape = tuple(final_state.shape)
            state = _state_dims(shape, dims, cell=name == "c_n", initial=False, packed=packed)
            tensors.append(TensorInfo(name, shape, state))
    return tensors


def _report_checks(
    dims: RNNDims, output: Tensor | PackedSequence, h_n: Tensor, on_meta: bool
) -> list[Check]:
    """The checks, on the padded form of a packed ``output`` (shapes only on meta)."""
    if not isinstance(output, PackedSequence):
        return _checks(output, h_n, dims, lengths=None)
    if on_meta:
        n, t = int(output.batch_sizes[0]), len(output.batch_sizes)
        lengths = torch.zeros(n, dtype=torch.long, device="meta")
        padded = torch.empty((n, t) if dims.batch_first else (t, n), device="meta")
        padded = padded.unsqueeze(-1).expand(-1, -1, int(output.data.shape[-1]))
    else:
        padded, lengths = pad_packed_sequence(output, batch_first=dims.batch_first)
    return _checks(padded, h_n, dims, lengths=lengths)


def describe(rnn: nn.RNNBase, *inputs: Any) -> Report:
    """Run ``rnn`` on ``inputs`` and describe every tensor that goes in and comes out.

    The report lists each tensor's shape and what every dimension means (with ``h_n``'s
    rows spelled out layer by layer), and checks on the real values which slices of
    ``output`` are the same states as which rows of ``h_n`` (and one that is not). The
    module runs under ``torch.no_grad()``; its training/eval mode is left as it is.

    A check states a fact about the network. When the values cannot decide it (an empty
    batch, where empty slices are always equal; ReLU units that are all zero, where two
    different states both read 0) it is reported as *not decidable here*, not as failed.
    A module on the ``meta`` device is not run: its shapes are described from its
    configuration and every check is *skipped*.

    Parameters
    ----------
    rnn : torch.nn.LSTM, torch.nn.GRU or torch.nn.RNN
        The module to run (pass the RNN itself, not a model that contains it).
    *inputs
        What you would pass to ``rnn``: the input (a tensor of shape ``(T, N, I)``,
        ``(N, T, I)`` with ``batch_first=True``, ``(T, I)`` unbatched, or a
        :class:`~torch.nn.utils.rnn.PackedSequence`), optionally followed by the initial
        state (``(h_0, c_0)`` for an LSTM, ``h_0`` otherwise, or ``None`` for zeros). The
        input must have the module's dtype and device and at least one time step.

    Returns
    -------
    Report
        ``str(report)`` is a plain-text table; ``report.ok`` is True when no check came out
        NOT as expected; ``report.tensor("h_n")`` gives one tensor's entry.

    Raises
    ------
    TypeError
        If ``rnn`` is not an ``nn.LSTM``, ``nn.GRU`` or ``nn.RNN`` (a model that holds one, a
        compiled or quantized module included: the message says which object to pass),
        there is not one input (plus an optional state), an argument has the wrong type or
        dtype, or ``rnn``'s forward returns something other than ``(output, h_n)``.
    ValueError
        If the input's rank, feature size or number of steps, or the initial state's shape,
        does not fit ``rnn``, or an input lives on another device than ``rnn``.

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
    ...     print(check.expression, check.status)
    output[-1, :, :16] == h_n[-2] as expected
    output[0, :, 16:] == h_n[-1] as expected
    output[-1, :, 16:] != h_n[-1] as expected
    >>> print(str(report).splitlines()[0])
    LSTM(8, 16, num_layers=2, bidirectional=True)
    """
    dims = rnn_dims(rnn)
    if len(inputs) not in (1, 2):
        raise TypeError(
            f"inputs: expected the module's input, optionally followed by its initial "
            f"state {'(h_0, c_0)' if dims.has_cell else 'h_0'}, got {len(inputs)} "
            f"arguments after the module (call describe(rnn, x) or describe(rnn, x, hx))"
        )
    if len(inputs) == 2 and inputs[1] is None:
        inputs = inputs[:1]  # hx=None: zeros, as the module itself takes it
    x = inputs[0]
    data = check_input(x, dims)
    check_input_against(data, rnn)
    packed = isinstance(x, PackedSequence)
    if len(inputs) == 2:
        if isinstance(x, PackedSequence):
            batch_size: int | None = int(x.batch_sizes[0])
        elif data.dim() == 3:
            batch_size = int(data.shape[0 if dims.batch_first else 1])
        else:
            batch_size = None
        check_hx(inputs[1], dims, batch_size=batch_size, module=rnn)

    device = module_device(rnn)
    on_meta = device is not None and device.type == "meta"
    if on_meta:
        output, h_n, state = _meta_run(dims, x, data)
        c_n = state[1] if dims.has_cell else None
    else:
        with torch.no_grad():
            result = rnn(*inputs)
        output, h_n, c_n = _check_result(result, dims, packed)

    batch_sizes = x.batch_sizes if isinstance(x, PackedSequence) else None
    initial = () if len(inputs) == 1 else inputs[1] if dims.has_cell else (inputs[1],)
    tensors = _tensor_infos(dims, data, initial, output, (h_n, c_n), batch_sizes)
    checks = _report_checks(dims, output, h_n, on_meta)
    notes = _notes(dims, h_n, packed=packed)
    if not packed and data.dim() == 3:
        notes.append(
            "padded input: if some sequences are shorter than T, pack the batch "
            "(pack_padded_sequence) so that h_n holds each sequence's true final states"
        )
    if on_meta:
        notes.append(
            "meta device: the module holds no values, so it was not run; the shapes follow "
            "from its configuration and every check is skipped"
        )
    return Report(repr(rnn), tuple(tensors), tuple(checks), tuple(notes))
