"""Input checks shared by every public function; each one builds its own error message.

Every message follows one grammar, ``"name: expected X, got Y (likely cause)"``: the argument's
name, what was expected, what was received (with its shape when it has one), then, when the
mistake has a usual cause, that cause and the fix. A wrong argument thus fails at the call that
received it rather than deep inside an indexing expression. The functions here are private:
their names and signatures may change.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import dataclass

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import PackedSequence

__all__ = [
    "SEED_RANGE",
    "RNNDims",
    "check_device",
    "check_dtype",
    "check_flag",
    "check_hx",
    "check_input",
    "check_input_against",
    "check_int",
    "check_lengths",
    "check_optional_str",
    "check_output",
    "check_rnn_module",
    "check_state",
    "describe_value",
    "module_device",
    "module_dtype",
    "rnn_dims",
    "shape_str",
]

_MODES = {"LSTM": "LSTM", "GRU": "GRU", "RNN_TANH": "RNN", "RNN_RELU": "RNN"}
_EXPECTED_MODULE = "expected an nn.LSTM, nn.GRU or nn.RNN module"


def shape_str(shape: Sequence[int]) -> str:
    """Format a shape as a plain tuple: ``(4, 3, 16)``."""
    dims = [int(d) for d in shape]
    return "(" + ", ".join(map(str, dims)) + ("," if len(dims) == 1 else "") + ")"


def _class_name(value: object) -> str:
    """``nn.LSTM`` for torch.nn's own classes, the qualified name for a same-named other class."""
    cls = type(value)
    if getattr(nn, cls.__name__, None) is cls:
        return f"nn.{cls.__name__}"
    if cls.__module__.startswith("torch") or getattr(nn, cls.__name__, None) is not None:
        return f"{cls.__module__}.{cls.__qualname__}"
    return cls.__qualname__


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
        name = _class_name(value)
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


def _inner_rnns(module: nn.Module, prefix: str) -> list[str]:
    """Attribute paths (``prefix.encoder.lstm``) of the RNN modules inside ``module``."""
    return [
        f"{prefix}.{path}"
        for path, sub in module.named_modules()
        if path and isinstance(sub, nn.RNNBase)
    ]


def _module_hint(module: nn.Module) -> str:
    """Why a module that is not an RNN was passed, and which object to pass instead."""
    orig = getattr(module, "_orig_mod", None)
    if isinstance(orig, nn.Module):  # torch.compile's OptimizedModule
        if isinstance(orig, nn.RNNBase):
            return (
                " (torch.compile wrapped the RNN: pass its ._orig_mod, the module it wraps, "
                "which shares its parameters)"
            )
        inside = _inner_rnns(orig, "compiled._orig_mod")
        if len(inside) == 1:
            return f" (torch.compile wrapped the model: pass the RNN inside it, {inside[0]})"
    if type(module).__name__ in _MODES.values() or "quantized" in type(module).__module__:
        return (
            " (a quantized or third-party RNN: describe the float nn.LSTM, nn.GRU or nn.RNN it "
            "was made from, before quantization)"
        )
    inside = _inner_rnns(module, "model")
    if len(inside) == 1:
        return f" (the RNN is inside it: pass `{inside[0]}`)"
    if len(inside) > 1:
        listed = ", ".join(inside[:4]) + (", ..." if len(inside) > 4 else "")
        return f" (it holds {len(inside)} RNNs: pass one of them, e.g. {listed})"
    return ""


def check_rnn_module(module: object, name: str = "rnn") -> None:
    """Raise ``TypeError`` unless ``module`` is an ``nn.LSTM``, ``nn.GRU`` or ``nn.RNN``.

    Subclasses are accepted. Single cells (``nn.LSTMCell`` and friends) are rejected: they
    run one step of one layer and have neither a time nor a layer dimension.
    """
    if isinstance(module, nn.RNNCellBase):
        raise TypeError(
            f"{name}: {_EXPECTED_MODULE}, got {describe_value(module)} (a single cell runs one "
            "time step of one layer, so its outputs have no time, layer or direction dimension "
            "to untangle)"
        )
    if not isinstance(module, nn.RNNBase):
        hint = ""
        if isinstance(module, Tensor | PackedSequence | tuple):
            hint = " (were the arguments swapped? the tensor comes first, the module second)"
        elif isinstance(module, nn.Module):
            hint = _module_hint(module)
        raise TypeError(f"{name}: {_EXPECTED_MODULE}, got {describe_value(module)}{hint}")
    if module.mode not in _MODES:
        raise TypeError(
            f"{name}: {_EXPECTED_MODULE}, got an nn.RNNBase with unknown mode {module.mode!r} "
            "(build the module as nn.LSTM, nn.GRU or nn.RNN)"
        )


def rnn_dims(module: object, name: str = "rnn") -> RNNDims:
    """Check ``module`` and read off the sizes that determine its output shapes."""
    check_rnn_module(module, name)
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


def _first_parameter(module: nn.Module) -> Tensor | None:
    return next(iter(module.parameters()), None)


def module_device(module: nn.Module) -> torch.device | None:
    """The device of the module's first parameter (``None`` for a module without any)."""
    param = _first_parameter(module)
    return None if param is None else param.device


def module_dtype(module: nn.Module) -> torch.dtype | None:
    """The dtype of the module's first parameter (``None`` for a module without any)."""
    param = _first_parameter(module)
    return None if param is None else param.dtype


def check_dtype(name: str, tensor: Tensor, dtype: torch.dtype | None) -> None:
    """Raise ``TypeError`` unless ``tensor`` has the module's parameter dtype ``dtype``."""
    if dtype is None or tensor.dtype == dtype:
        return
    if not (tensor.is_floating_point() or tensor.is_complex()):
        cause = (
            "integer token ids? map them to vectors with an nn.Embedding first"
            if tensor.dtype != torch.bool
            else "a mask? the RNN reads feature vectors"
        )
        raise TypeError(
            f"{name}: expected a floating-point tensor of dtype {dtype} (the module's "
            f"parameters), got dtype {tensor.dtype} with shape {shape_str(tensor.shape)} "
            f"({cause})"
        )
    raise TypeError(
        f"{name}: expected dtype {dtype}, the dtype of the module's parameters, got "
        f"{tensor.dtype} (convert with {name}.to({dtype}), or the module with "
        f"rnn.to({tensor.dtype}))"
    )


def check_device(name: str, tensor: Tensor, device: torch.device | None) -> None:
    """Raise ``ValueError`` unless ``tensor`` lives on the module's device."""
    if device is None or tensor.device == device:
        return
    raise ValueError(
        f"{name}: expected a tensor on {device} (the device of the module's parameters), got "
        f"a tensor of shape {shape_str(tensor.shape)} on {tensor.device} (move it with "
        f"{name}.to({str(device)!r}), or the module with rnn.to({str(tensor.device)!r}))"
    )


def _tuple_hint(value: tuple[object, ...], wanted: str) -> str:
    """Name the usual cause of a tuple passed where one tensor was needed."""
    if len(value) == 2 and isinstance(value[0], Tensor | PackedSequence):
        if isinstance(value[1], tuple):
            return (
                " (the whole result of an LSTM, (output, (h_n, c_n)): unpack it first, "
                f"output, (h_n, c_n) = lstm(x), and pass {wanted})"
            )
        if wanted == "output" and isinstance(value[0], PackedSequence | Tensor):
            return (
                " (the whole result of a GRU or RNN, (output, h_n): unpack it first, "
                "output, h_n = rnn(x), and pass output)"
            )
        return " (an LSTM returns (h_n, c_n) as a pair: pass one of them, not the pair)"
    return ""


def check_tensor(value: object, name: str, expected: str, *, wanted: str = "") -> Tensor:
    """Return ``value`` if it is a tensor, else raise ``TypeError`` naming ``expected``."""
    if isinstance(value, Tensor):
        return value
    hint = ""
    if isinstance(value, PackedSequence):
        hint = (
            " (unpack it first with torch.nn.utils.rnn.pad_packed_sequence; for final states, "
            "pass h_n, which is a plain tensor even for packed input)"
        )
    elif isinstance(value, tuple):
        hint = _tuple_hint(value, wanted or name)
    raise TypeError(f"{name}: expected {expected}, got {describe_value(value)}{hint}")


def _feature_message(name: str, dims: RNNDims | None, got: str, hint: str = "") -> str:
    if dims is None:
        return f"{name}: expected an even last dim D*H = 2*H (two directions), got {got}{hint}"
    d, h = dims.num_directions, dims.out_size
    what = "proj_size" if dims.proj_size > 0 else "hidden_size"
    return (
        f"{name}: expected last dim D*H = {d}*{h} = {d * h} ({what}={h}, "
        f"{d} direction{'s' if d > 1 else ''}), got {got}{hint}"
    )


def _looks_like_state(shape: Sequence[int], dims: RNNDims) -> bool:
    rows = dims.num_rows
    return (
        len(shape) in (2, 3)
        and shape[0] == rows
        and shape[-1]
        in (
            dims.out_size,
            dims.hidden_size,
        )
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
            f"{name}: expected the output of a bidirectional module (D=2), got the output of a "
            f"unidirectional {dims.kind} (bidirectional=False: the whole last dim, of size "
            f"H = {dims.out_size}, is the forward direction and there is nothing to split)"
        )
    if isinstance(value, PackedSequence):
        if not allow_packed:
            raise TypeError(
                f"{name}: expected a padded tensor of shape (T, N, D*H), or (N, T, D*H) with "
                f"batch_first=True, got {describe_value(value)} (unpack it first with "
                "torch.nn.utils.rnn.pad_packed_sequence, or use summary_vector(h_n, rnn))"
            )
        data = check_tensor(value.data, f"{name}.data", "a tensor")
        if data.dim() != 2:
            raise ValueError(
                f"{name}: expected PackedSequence data of rank 2 (sum(lengths), D*H), got "
                f"data of shape {shape_str(data.shape)} (pass the output of the module)"
            )
    else:
        layouts = (
            "a tensor of rank 3 (T, N, D*H) or (N, T, D*H)"
            if batched_only
            else "a tensor of rank 3 (T, N, D*H) or (N, T, D*H), or rank 2 (T, D*H) for "
            "unbatched input"
        )
        expected = layouts + (", or a PackedSequence" if allow_packed else "")
        data = check_tensor(value, name, expected, wanted="output")
        ranks = (3,) if batched_only else (2, 3)
        if data.dim() not in ranks:
            hint = " (pass the first value the module returns)"
            if batched_only and data.dim() == 2:
                hint = " (an unbatched output has one sequence, whose last step is output[-1])"
            raise ValueError(
                f"{name}: expected {layouts}, got shape {shape_str(data.shape)}{hint}"
            )
    size = int(data.shape[-1])
    got = f"shape {shape_str(data.shape)}"
    if dims is not None and size != dims.num_directions * dims.out_size:
        hint = ""
        if _looks_like_state(tuple(data.shape), dims):
            hint = (
                " (this looks like h_n or c_n, shape (L*D, N, H): output is the first value "
                "the module returns; split final states with unstack_states(h_n, rnn))"
            )
        raise ValueError(_feature_message(name, dims, got, hint))
    if dims is None and need_two_directions and size % 2 != 0:
        raise ValueError(
            _feature_message(name, None, got, " (is it the output of a unidirectional module?)")
        )
    return data


def check_state(value: object, dims: RNNDims, *, name: str = "state") -> Tensor:
    """Check ``h_n`` or ``c_n``: shape ``(L*D, N, H)``, or ``(L*D, H)`` for unbatched input."""
    state = check_tensor(
        value,
        name,
        "h_n or c_n, a tensor of shape (L*D, N, H), or (L*D, H) when unbatched",
        wanted="h_n",
    )
    shape = tuple(int(d) for d in state.shape)
    got = f"shape {shape_str(shape)}"
    if state.dim() not in (2, 3):
        raise ValueError(
            f"{name}: expected a tensor of rank 3 (L*D, N, H), or rank 2 (L*D, H) for unbatched "
            f"input, got {got} (pass h_n or c_n as the module returned it)"
        )
    if shape[0] != dims.num_rows:
        hint = ""
        if state.dim() == 3 and shape[1] == dims.num_rows:
            hint = (
                " (h_n looks transposed: it is (L*D, N, H) whatever batch_first says, since "
                "batch_first applies to input and output only; do not transpose it)"
            )
        elif shape[-1] == dims.num_directions * dims.out_size:
            hint = (
                " (this looks like output, shape (T, N, D*H): h_n is the second value the "
                "module returns)"
            )
        raise ValueError(
            f"{name}: expected dim 0 of size L*D = {dims.num_layers}*{dims.num_directions} = "
            f"{dims.num_rows} (num_layers * num_directions of this {dims.kind}), got {got}{hint}"
        )
    sizes = {dims.out_size, dims.hidden_size} if dims.has_cell else {dims.out_size}
    if shape[-1] not in sizes:
        if dims.proj_size > 0:
            expected = (
                f"{dims.proj_size} (proj_size, for h_n) or {dims.hidden_size} "
                "(hidden_size, for c_n)"
            )
        else:
            expected = f"{dims.hidden_size} (hidden_size)"
        raise ValueError(
            f"{name}: expected last dim H = {expected}, got {got} (pass the state of the module "
            "given as rnn)"
        )
    return state


def _lengths_tensor(lengths: object, expected: str) -> Tensor:
    """Turn every unambiguous integer sequence into a 1-D int64 tensor (CPU)."""
    if isinstance(lengths, Tensor):
        return lengths
    shape = getattr(lengths, "shape", None)
    dtype = getattr(lengths, "dtype", None)
    if isinstance(shape, tuple) and dtype is not None and hasattr(lengths, "tolist"):
        # A numpy array (or array-like): integer dtypes only.
        kind = getattr(dtype, "kind", "")
        if kind not in ("i", "u"):
            raise TypeError(
                f"lengths: expected an integer dtype, got {describe_value(lengths)} of dtype "
                f"{dtype} (lengths count steps: convert with .astype(int))"
            )
        return torch.tensor(lengths.tolist(), dtype=torch.long)
    if isinstance(lengths, list | tuple):
        values: list[int] = []
        for item in lengths:
            if (
                isinstance(item, Tensor)
                and item.dim() == 0
                and not (item.is_floating_point() or item.is_complex() or item.dtype == torch.bool)
            ) or (isinstance(item, numbers.Integral) and not isinstance(item, bool)):
                values.append(int(item))
            else:
                raise TypeError(
                    f"lengths: expected {expected}, got {describe_value(lengths)} (every entry "
                    f"must be an integer; {describe_value(item)} is not)"
                )
        return torch.tensor(values, dtype=torch.long).reshape(-1)
    raise TypeError(
        f"lengths: expected {expected}, got {describe_value(lengths)} (pass one length per "
        "sequence)"
    )


def check_lengths(
    lengths: object,
    *,
    batch_size: int,
    seq_len: int,
    device: torch.device,
    other_size: int | None = None,
    batch_first: bool = False,
) -> Tensor:
    """Check per-sequence lengths; return them as an int64 tensor on ``device``.

    ``lengths`` is a 1-D integer tensor (on the CPU or on ``device``), a numpy integer array,
    or a list or tuple of ints (Python, numpy or 0-d tensors), with ``batch_size`` entries,
    each in ``[1, seq_len]``. ``other_size`` is the size of output's time dim: when the
    lengths count that many sequences, the message suspects a ``batch_first`` mix-up.
    """
    expected = f"a 1-D integer tensor (or list of ints) of shape ({batch_size},)"
    lengths = _lengths_tensor(lengths, expected)
    if lengths.dtype == torch.bool or lengths.is_floating_point() or lengths.is_complex():
        raise TypeError(
            f"lengths: expected an integer dtype (e.g. torch.int64), got {lengths.dtype} "
            f"with shape {shape_str(lengths.shape)} (lengths count steps: convert with "
            "lengths.long())"
        )
    if lengths.dim() != 1:
        raise ValueError(
            f"lengths: expected {expected}, got shape {shape_str(lengths.shape)} (flatten it "
            "to one length per sequence)"
        )
    if lengths.shape[0] != batch_size:
        hint = " (one length per sequence in the batch)"
        if other_size is not None and lengths.shape[0] == other_size:
            t_dim, n_dim = (1, 0) if batch_first else (0, 1)
            hint = (
                f" (output's dim {t_dim}, read as time T, has {other_size} entries, as many as "
                f"the lengths: is output {'time-major' if batch_first else 'batch-first'}? "
                f"pass batch_first={not batch_first}, or rnn=the module, which knows; dim "
                f"{n_dim} is read as the batch)"
            )
        raise ValueError(
            f"lengths: expected one length per sequence, shape ({batch_size},) for a batch of "
            f"N={batch_size}, got shape {shape_str(lengths.shape)}{hint}"
        )
    if lengths.device.type != "cpu" and lengths.device != device:
        raise ValueError(
            f"lengths: expected a tensor on the CPU or on output's device ({device}), got a "
            f"tensor of shape {shape_str(lengths.shape)} on {lengths.device} (move it with "
            "lengths.cpu())"
        )
    if lengths.device.type != "meta" and batch_size > 0:
        low, high = int(lengths.min()), int(lengths.max())
        if low < 1 or high > seq_len:
            listed = lengths.tolist() if batch_size <= 8 else "..."
            hint = " (every sequence has at least one real step, and no more than T)"
            raise ValueError(
                f"lengths: expected every length in [1, T] = [1, {seq_len}] (T = the padded "
                f"time dim of output), got values from {low} to {high}: {listed}{hint}"
            )
    return lengths.to(device=device, dtype=torch.long)


def check_input(value: object, dims: RNNDims) -> Tensor:
    """Check the sequence input of an RNN; return the tensor holding its features.

    Checks the type, the rank, the feature size and that there is at least one time step;
    the dtype and device are checked by :func:`check_input_against`.
    """
    layout = "(N, T, I)" if dims.batch_first else "(T, N, I)"
    expected = f"a tensor of shape {layout} or (T, I) unbatched, or a PackedSequence"
    if isinstance(value, PackedSequence):
        data = value.data
        if data.dim() != 2:
            raise ValueError(
                f"input: expected PackedSequence data of rank 2 (sum(lengths), I), got data of "
                f"shape {shape_str(data.shape)} (pack a (T, N, I) tensor)"
            )
    else:
        data = check_tensor(value, "input", expected)
        if data.dim() not in (2, 3):
            hint = (
                " (one sequence of I features is (T, I); add a batch dim for several)"
                if data.dim() < 2
                else " (merge the extra dims into the batch dim)"
            )
            raise ValueError(
                f"input: expected {expected}, got shape {shape_str(data.shape)}{hint}"
            )
        time_dim = 1 if dims.batch_first and data.dim() == 3 else 0
        if data.shape[time_dim] == 0:
            raise ValueError(
                f"input: expected at least one time step, got shape {shape_str(data.shape)} "
                f"with T = 0 (an RNN needs T >= 1; drop empty sequences before the model)"
            )
    if data.shape[-1] != dims.input_size:
        raise ValueError(
            f"input: expected last dim I = input_size = {dims.input_size}, got shape "
            f"{shape_str(data.shape)} (the features go last"
            + (", after N and T)" if dims.batch_first else ", after T and N)")
        )
    return data


def check_input_against(data: Tensor, module: nn.Module) -> None:
    """The input's dtype and device must be the module's."""
    check_dtype("input", data, module_dtype(module))
    check_device("input", data, module_device(module))


def check_hx(
    value: object, dims: RNNDims, *, batch_size: int | None, module: nn.Module | None = None
) -> None:
    """Check an initial state: ``(h_0, c_0)`` for an LSTM, a single ``h_0`` otherwise.

    ``batch_size`` is ``None`` for unbatched input (states are then ``(L*D, H)``). With
    ``module``, the states' dtype and device must be its parameters'.
    """
    rows = f"L*D = {dims.num_layers}*{dims.num_directions} = {dims.num_rows}"
    n = "" if batch_size is None else f"N = {batch_size}, "

    def one(state: object, name: str, size: int) -> None:
        layout = "(L*D, H)" if batch_size is None else "(L*D, N, H)"
        t = check_tensor(state, name, f"a tensor of shape {layout}")
        want = (dims.num_rows, size) if batch_size is None else (dims.num_rows, batch_size, size)
        if tuple(t.shape) != want:
            hint = " (initial states are never batch-first)"
            if batch_size is None and t.dim() == 3:
                hint = " (unbatched input takes unbatched states: drop the batch dim)"
            raise ValueError(
                f"{name}: expected shape {shape_str(want)} ({rows}, {n}H = {size}), got shape "
                f"{shape_str(t.shape)}{hint}"
            )
        if module is not None:
            check_dtype(name, t, module_dtype(module))
            check_device(name, t, module_device(module))

    if dims.has_cell:
        if not (isinstance(value, tuple) and len(value) == 2):
            raise TypeError(
                f"hx: expected a tuple (h_0, c_0), the initial state of an LSTM, got "
                f"{describe_value(value)} (an LSTM has a cell state too; pass both, or None "
                "for zeros)"
            )
        one(value[0], "h_0", dims.out_size)
        one(value[1], "c_0", dims.hidden_size)
    else:
        if isinstance(value, tuple):
            raise TypeError(
                f"hx: expected a single tensor h_0, the initial state of a {dims.kind}, got "
                f"{describe_value(value)} (only an LSTM takes a pair (h_0, c_0))"
            )
        one(value, "h_0", dims.out_size)


SEED_RANGE = (-(2**63), 2**64 - 1)
"""The seeds ``torch.manual_seed`` and ``torch.Generator.manual_seed`` accept."""


def check_int(value: object, name: str, *, minimum: int, maximum: int | None = None) -> int:
    """Return ``value`` as an int if it is an integer (not a bool) in range, else raise.

    NumPy integers are accepted; floats, strings and bools raise ``TypeError``, an integer out
    of range ``ValueError``.
    """
    span = f"from {minimum}" + (f" to {maximum}" if maximum is not None else "")
    expected = f"{name}: expected an int {span}"
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        cause = ""
        if isinstance(value, str) and value.strip().lstrip("+-").isdigit():
            cause = f" (a number given as text: pass {name}={int(value)})"
        elif isinstance(value, bool):
            cause = " (a flag passed by position?)"
        raise TypeError(f"{expected}, got {describe_value(value)}{cause}")
    number = int(value)
    if number < minimum or (maximum is not None and number > maximum):
        raise ValueError(f"{expected}, got {number}")
    return number


def check_flag(value: object, name: str, *, allow_none: bool = False) -> bool | None:
    """Return ``value`` if it is True or False (or None when allowed), else raise TypeError."""
    if isinstance(value, bool) or (allow_none and value is None):
        return value
    choices = "True, False or None (not known)" if allow_none else "True or False"
    raise TypeError(f"{name}: expected {choices}, got {describe_value(value)}")


def check_optional_str(value: object, name: str, *, what: str) -> str | None:
    """Return ``value`` if it is a str or None, else raise TypeError naming ``what`` it is."""
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"{name}: expected a str ({what}) or None, got {describe_value(value)}")
