"""Input checks shared by every public function; each one builds its own error message.

Every message names what was expected and what was received (with the offending shape), so
that a wrong argument fails at the call that received it rather than deep inside an indexing
expression. The functions here are private: their names and signatures may change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence

__all__ = [
    "RNNDims",
    "check_hx",
    "check_input",
    "check_lengths",
    "check_output",
    "check_rnn_module",
    "check_state",
    "describe_value",
    "rnn_dims",
]

_MODES = {"LSTM": "LSTM", "GRU": "GRU", "RNN_TANH": "RNN", "RNN_RELU": "RNN"}


def shape_str(shape: Sequence[int]) -> str:
    """Format a shape as a plain tuple: ``(4, 3, 16)``."""
    dims = [int(d) for d in shape]
    return "(" + ", ".join(map(str, dims)) + ("," if len(dims) == 1 else "") + ")"


def describe_value(value: object) -> str:
    """A short phrase naming what ``value`` is, with its shape when it has one."""
    if isinstance(value, PackedSequence):
        return f"a PackedSequence with data of shape {shape_str(value.data.shape)}"
    if isinstance(value, Tensor):
        return f"a tensor of shape {shape_str(value.shape)}"
    if isinstance(value, tuple):
        inner = ", ".join(describe_value(v) for v in value[:3])
        more = ", ..." if len(value) > 3 else ""
        return f"a tuple of {len(value)} ({inner}{more})"
    if isinstance(value, nn.Module):
        cls = type(value)
        name = f"nn.{cls.__name__}" if getattr(nn, cls.__name__, None) is cls else cls.__qualname__
        return f"{_article(name)} {name} module"
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and all(isinstance(d, int) for d in shape):
        kind = type(value)
        name = f"{kind.__module__.split('.')[0]}.{kind.__qualname__}"
        return f"a {name} of shape {shape_str(shape)} (not a torch.Tensor)"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    name = type(value).__qualname__
    return f"{_article(name)} {name} ({text})"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeio" or word.startswith("nn.") else "a"


@dataclass(frozen=True)
class RNNDims:
    """The sizes of an ``nn.LSTM`` / ``nn.GRU`` / ``nn.RNN`` that fix its output shapes."""

    kind: str
    """``"LSTM"``, ``"GRU"`` or ``"RNN"``."""
    num_layers: int
    num_directions: int
    input_size: int
    hidden_size: int
    proj_size: int
    batch_first: bool

    @property
    def out_size(self) -> int:
        """``H`` of ``output`` and ``h_n``: ``proj_size`` if set, else ``hidden_size``."""
        return self.proj_size if self.proj_size > 0 else self.hidden_size

    @property
    def num_rows(self) -> int:
        """``L*D``, the size of dim 0 of ``h_n`` and ``c_n``."""
        return self.num_layers * self.num_directions

    @property
    def has_cell(self) -> bool:
        return self.kind == "LSTM"


def check_rnn_module(module: object) -> None:
    """Raise ``TypeError`` unless ``module`` is an ``nn.LSTM``, ``nn.GRU`` or ``nn.RNN``.

    Subclasses are accepted. Single cells (``nn.LSTMCell`` and friends) are rejected: they
    run one step of one layer and have neither a time nor a layer dimension.
    """
    expected = "expected an nn.LSTM, nn.GRU or nn.RNN module"
    if isinstance(module, nn.RNNCellBase):
        raise TypeError(
            f"{expected}, got {describe_value(module)}: a single cell runs one time step of one "
            "layer, so its outputs have no time, layer or direction dimension to untangle"
        )
    if not isinstance(module, nn.RNNBase):
        hint = ""
        if isinstance(module, Tensor | PackedSequence | tuple):
            hint = " (were the arguments swapped? the tensor comes first, the module second)"
        raise TypeError(f"{expected}, got {describe_value(module)}{hint}")
    if module.mode not in _MODES:
        raise TypeError(f"{expected}, got an nn.RNNBase with unknown mode {module.mode!r}")


def rnn_dims(module: object) -> RNNDims:
    """Check ``module`` and read off the sizes that determine its output shapes."""
    check_rnn_module(module)
    assert isinstance(module, nn.RNNBase)
    return RNNDims(
        kind=_MODES[module.mode],
        num_layers=int(module.num_layers),
        num_directions=2 if module.bidirectional else 1,
        input_size=int(module.input_size),
        hidden_size=int(module.hidden_size),
        proj_size=int(module.proj_size),
        batch_first=bool(module.batch_first),
    )


def check_tensor(value: object, name: str, expected: str) -> Tensor:
    """Return ``value`` if it is a tensor, else raise ``TypeError`` naming ``expected``."""
    if isinstance(value, Tensor):
        return value
    hint = ""
    if isinstance(value, PackedSequence):
        hint = (
            "; unpack it first with torch.nn.utils.rnn.pad_packed_sequence "
            "(for final states, pass h_n, which is a plain tensor even for packed input)"
        )
    elif isinstance(value, tuple) and len(value) == 2:
        hint = "; an LSTM returns (h_n, c_n): pass one of them, not the pair"
    raise TypeError(f"{name}: expected {expected}, got {describe_value(value)}{hint}")


def _feature_message(name: str, size: int, dims: RNNDims | None, got: str) -> str:
    if dims is None:
        return f"{name}: expected an even last dim D*H = 2*H (two directions), got {got}"
    d, h = dims.num_directions, dims.out_size
    what = "proj_size" if dims.proj_size > 0 else "hidden_size"
    return (
        f"{name}: expected last dim D*H = {d}*{h} = {d * h} ({what}={h}, "
        f"{d} direction{'s' if d > 1 else ''}), got {got}"
    )


def check_output(
    value: object,
    *,
    name: str = "output",
    dims: RNNDims | None = None,
    allow_packed: bool = True,
    need_two_directions: bool = True,
    batched_only: bool = False,
) -> Tensor:
    """Check an RNN ``output`` (a tensor, or a PackedSequence when allowed).

    Returns the tensor whose last dim holds the features: ``value`` itself, or its ``.data``.
    With ``dims`` the last dim must be ``D*H``; without it, it must be even when
    ``need_two_directions`` is set.
    """
    if need_two_directions and dims is not None and dims.num_directions != 2:
        raise ValueError(
            f"{name}: expected the output of a bidirectional module (D=2), got a "
            f"unidirectional {dims.kind} (bidirectional=False): the whole last dim, of size "
            f"H = {dims.out_size}, is the forward direction and there is nothing to split"
        )
    if isinstance(value, PackedSequence):
        if not allow_packed:
            raise TypeError(
                f"{name}: expected a padded tensor of shape (T, N, D*H), or (N, T, D*H) with "
                f"batch_first=True, got {describe_value(value)}; unpack it first with "
                "torch.nn.utils.rnn.pad_packed_sequence, or use summary_vector(h_n, rnn)"
            )
        data = check_tensor(value.data, f"{name}.data", "a tensor")
        if data.dim() != 2:
            raise ValueError(
                f"{name}: expected PackedSequence data of rank 2 (sum(lengths), D*H), got "
                f"data of shape {shape_str(data.shape)}"
            )
    else:
        layouts = (
            "a tensor of rank 3 (T, N, D*H) or (N, T, D*H)"
            if batched_only
            else "a tensor of rank 3 (T, N, D*H) or (N, T, D*H), or rank 2 (T, D*H) for "
            "unbatched input"
        )
        expected = layouts + (", or a PackedSequence" if allow_packed else "")
        data = check_tensor(value, name, expected)
        ranks = (3,) if batched_only else (2, 3)
        if data.dim() not in ranks:
            hint = ""
            if batched_only and data.dim() == 2:
                hint = "; an unbatched output has one sequence, whose last step is output[-1]"
            raise ValueError(
                f"{name}: expected {layouts}, got shape {shape_str(data.shape)}{hint}"
            )
    size = int(data.shape[-1])
    got = f"shape {shape_str(data.shape)}"
    if dims is not None and size != dims.num_directions * dims.out_size:
        raise ValueError(_feature_message(name, size, dims, got))
    if dims is None and need_two_directions and size % 2 != 0:
        raise ValueError(_feature_message(name, size, None, got))
    return data


def check_state(value: object, dims: RNNDims, *, name: str = "state") -> Tensor:
    """Check ``h_n`` or ``c_n``: shape ``(L*D, N, H)``, or ``(L*D, H)`` for unbatched input."""
    state = check_tensor(
        value, name, "h_n or c_n, a tensor of shape (L*D, N, H), or (L*D, H) when unbatched"
    )
    got = f"shape {shape_str(state.shape)}"
    if state.dim() not in (2, 3):
        raise ValueError(
            f"{name}: expected a tensor of rank 3 (L*D, N, H), or rank 2 (L*D, H) for unbatched "
            f"input, got {got}"
        )
    if state.shape[0] != dims.num_rows:
        raise ValueError(
            f"{name}: expected dim 0 of size L*D = {dims.num_layers}*{dims.num_directions} = "
            f"{dims.num_rows} (num_layers * num_directions of this {dims.kind}), got {got}"
        )
    sizes = {dims.out_size, dims.hidden_size} if dims.has_cell else {dims.out_size}
    if int(state.shape[-1]) not in sizes:
        if dims.proj_size > 0:
            expected = (
                f"{dims.proj_size} (proj_size, for h_n) or {dims.hidden_size} "
                "(hidden_size, for c_n)"
            )
        else:
            expected = f"{dims.hidden_size} (hidden_size)"
        raise ValueError(f"{name}: expected last dim H = {expected}, got {got}")
    return state


def check_lengths(
    lengths: object, *, batch_size: int, seq_len: int, device: torch.device
) -> Tensor:
    """Check per-sequence lengths; return them as an int64 tensor on ``device``.

    ``lengths`` is a 1-D integer tensor (on the CPU or on ``device``) or a sequence of ints,
    with ``batch_size`` entries, each in ``[1, seq_len]``.
    """
    expected = f"a 1-D integer tensor (or list of ints) of shape ({batch_size},)"
    if isinstance(lengths, list | tuple):
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in lengths):
            raise TypeError(f"lengths: expected {expected}, got {describe_value(lengths)}")
        lengths = torch.tensor(lengths, dtype=torch.long).reshape(-1)
    if not isinstance(lengths, Tensor):
        raise TypeError(f"lengths: expected {expected}, got {describe_value(lengths)}")
    if lengths.dtype == torch.bool or lengths.is_floating_point() or lengths.is_complex():
        raise TypeError(
            f"lengths: expected an integer dtype (e.g. torch.int64), got {lengths.dtype} "
            f"with shape {shape_str(lengths.shape)}"
        )
    if lengths.dim() != 1:
        raise ValueError(f"lengths: expected {expected}, got shape {shape_str(lengths.shape)}")
    if lengths.shape[0] != batch_size:
        raise ValueError(
            f"lengths: expected one length per sequence, shape ({batch_size},) for a batch of "
            f"N={batch_size}, got shape {shape_str(lengths.shape)}"
        )
    if lengths.device.type != "cpu" and lengths.device != device:
        raise ValueError(
            f"lengths: expected a tensor on the CPU or on output's device ({device}), got a "
            f"tensor of shape {shape_str(lengths.shape)} on {lengths.device}"
        )
    if lengths.device.type != "meta" and batch_size > 0:
        low, high = int(lengths.min()), int(lengths.max())
        if low < 1 or high > seq_len:
            raise ValueError(
                f"lengths: expected every length in [1, T] = [1, {seq_len}] (T = the padded "
                f"time dim of output), got values from {low} to {high}: "
                f"{lengths.tolist() if batch_size <= 8 else '...'}"
            )
    return lengths.to(device=device, dtype=torch.long)


def check_input(value: object, dims: RNNDims) -> Tensor:
    """Check the sequence input of an RNN; return the tensor holding its features."""
    layout = "(N, T, I)" if dims.batch_first else "(T, N, I)"
    expected = f"a tensor of shape {layout} or (T, I) unbatched, or a PackedSequence"
    if isinstance(value, PackedSequence):
        data = value.data
        if data.dim() != 2:
            raise ValueError(
                f"input: expected PackedSequence data of rank 2 (sum(lengths), I), got data of "
                f"shape {shape_str(data.shape)}"
            )
    else:
        data = check_tensor(value, "input", expected)
        if data.dim() not in (2, 3):
            raise ValueError(f"input: expected {expected}, got shape {shape_str(data.shape)}")
    if data.shape[-1] != dims.input_size:
        raise ValueError(
            f"input: expected last dim I = input_size = {dims.input_size}, got shape "
            f"{shape_str(data.shape)}"
        )
    return data


def check_hx(value: object, dims: RNNDims, *, batch_size: int | None) -> None:
    """Check an initial state: ``(h_0, c_0)`` for an LSTM, a single ``h_0`` otherwise.

    ``batch_size`` is ``None`` for unbatched input (states are then ``(L*D, H)``).
    """
    rows = f"L*D = {dims.num_layers}*{dims.num_directions} = {dims.num_rows}"
    n = "" if batch_size is None else f"N = {batch_size}, "

    def one(state: object, name: str, size: int) -> None:
        layout = "(L*D, H)" if batch_size is None else "(L*D, N, H)"
        t = check_tensor(state, name, f"a tensor of shape {layout}")
        want = (dims.num_rows, size) if batch_size is None else (dims.num_rows, batch_size, size)
        if tuple(t.shape) != want:
            raise ValueError(
                f"{name}: expected shape {shape_str(want)} ({rows}, {n}H = {size}), got shape "
                f"{shape_str(t.shape)}"
            )

    if dims.has_cell:
        if not (isinstance(value, tuple) and len(value) == 2):
            raise TypeError(
                f"hx: an LSTM expects its initial state as a tuple (h_0, c_0), got "
                f"{describe_value(value)}"
            )
        one(value[0], "h_0", dims.out_size)
        one(value[1], "c_0", dims.hidden_size)
    else:
        if isinstance(value, tuple):
            raise TypeError(
                f"hx: a {dims.kind} expects its initial state as a single tensor h_0, got "
                f"{describe_value(value)} (only an LSTM takes a pair (h_0, c_0))"
            )
        one(value, "h_0", dims.out_size)
