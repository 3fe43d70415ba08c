"""Describe the RNNs saved in a checkpoint: find them by parameter name, infer their sizes.

A state dict stores no configuration, only tensors named like ``encoder.rnn.weight_ih_l0``.
Their names and shapes fix everything that decides the output shapes: the mode (the number of
gate blocks, 4 for an LSTM, 3 for a GRU, 1 for an RNN), the input and hidden sizes, the number
of layers and directions, the biases and ``proj_size``. ``batch_first``, ``dropout`` and an
RNN's ``nonlinearity`` are not stored: they are module flags, not tensors. The report never
presents an expression that depends on one of them as holding: it gives what holds either way,
and each layout's expressions labelled with the layout.

Files are read without running code from them: ``torch.save`` files with
``torch.load(weights_only=True, mmap=True)`` (a pickled object that is not a tensor or a plain
container is never unpickled: it is read as an inert placeholder), safetensors files from
their header, ``.npz`` archives with ``allow_pickle=False``, ONNX files with the ``onnx``
package when it is installed. Shapes are read before any value: the weights are read and run
only when they and the activations fit in ``VALUE_CHECK_LIMIT`` bytes.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pickle
import re
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import reduce
from importlib import import_module
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import pack_padded_sequence

from lstm_outputs._validate import (
    SEED_RANGE,
    check_flag,
    check_int,
    check_optional_str,
    describe_value,
    shape_str,
)
from lstm_outputs.report import (
    EXPECTED,
    SKIPPED,
    UNDECIDABLE,
    UNEXPECTED,
    Dim,
    Report,
    TensorInfo,
    describe,
)

__all__ = ["describe_checkpoint"]

VALUE_CHECK_LIMIT = 1 << 30
"""Bytes (1 GiB): an RNN whose weights and activations need more is described on the ``meta``
device (shapes only, value checks skipped), however small the file that declares it."""

_PARAM = re.compile(
    r"^(?:(?P<prefix>.*)\.)?(?P<name>(?:weight|bias)_(?:ih|hh|hr)_l\d+(?:_reverse)?)$"
)
_CELL_PARAM = re.compile(r"^(?:(?P<prefix>.*)\.)?(?P<name>(?:weight|bias)_(?:ih|hh))$")
_GATES = {4: "LSTM", 3: "GRU", 1: "RNN"}
_ADVICE = "save the weights with torch.save(model.state_dict(), path) and describe that file"
_LEGACY_MAGIC = b"\x80\x02\x8a\x0al\xfc\x9cF\xf9 j\xa8P\x19"  # torch.save before PyTorch 1.6
# Globals weights_only refuses that are known to be safe to build: numpy arrays and scalars,
# argparse.Namespace (a plain attribute bag).
_SAFE_GLOBALS = {
    "argparse.Namespace",
    "numpy.ndarray",
    "numpy.dtype",
    "numpy.core.multiarray._reconstruct",
    "numpy.core.multiarray.scalar",
    "numpy._core.multiarray._reconstruct",
    "numpy._core.multiarray.scalar",
}
_SAFETENSORS_DTYPES = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
_NOT_STORED = "not stored in a state dict"


class _Placeholder:
    """What a pickled object that ``weights_only`` refuses is read as: inert, never built.

    One subclass per refused global (``global_name``); unpickling calls only these methods,
    which record their arguments and run nothing from the file.
    """

    global_name = ""
    container: type | None = None
    """``dict`` or ``list`` once the unpickler was seen filling it like one: then it is built as
    an empty plain container (torch's unpickler fills only those)."""

    def __new__(cls, *args: object, **kwargs: object) -> Any:
        if cls.container is not None:
            return cls.container()
        instance = object.__new__(cls)
        instance.args, instance.state, instance.items = args, None, {}
        return instance

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.args: tuple[object, ...]
        self.state: object
        self.items: dict[object, object]

    def __setstate__(self, state: object) -> None:
        self.state = state

    def __setitem__(self, key: object, value: object) -> None:
        self.items[key] = value

    def append(self, value: object) -> None:
        self.items[len(self.items)] = value

    def extend(self, values: list[object]) -> None:
        for value in values:
            self.append(value)

    def __repr__(self) -> str:
        return f"<{self.global_name}, not unpickled>"


@dataclass(frozen=True)
class _Spec:
    """What the parameter names and shapes of one RNN (or cell) say about its configuration."""

    mode: str
    input_size: int
    hidden_size: int
    num_layers: int
    bidirectional: bool
    bias: bool
    proj_size: int
    cell: bool = False

    def build(
        self,
        *,
        batch_first: bool,
        device: str | torch.device = "cpu",
        nonlinearity: str = "tanh",
    ) -> nn.Module:
        if self.cell:
            kwargs: dict[str, Any] = {"bias": self.bias, "device": device}
            if self.mode == "RNN":
                kwargs["nonlinearity"] = nonlinearity
            cell_type = {"LSTM": nn.LSTMCell, "GRU": nn.GRUCell, "RNN": nn.RNNCell}[self.mode]
            cell: nn.Module = cell_type(self.input_size, self.hidden_size, **kwargs)
            return cell
        kwargs = {
            "num_layers": self.num_layers,
            "bidirectional": self.bidirectional,
            "bias": self.bias,
            "batch_first": batch_first,
            "device": device,
        }
        if self.proj_size:
            kwargs["proj_size"] = self.proj_size
        if self.mode == "RNN":
            kwargs["nonlinearity"] = nonlinearity
        module_type = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}[self.mode]
        module: nn.RNNBase = module_type(self.input_size, self.hidden_size, **kwargs)
        return module

    def run_bytes(self, seq_len: int, batch_size: int) -> int:
        """A generous estimate of the activations of one run, in float32 bytes."""
        gates = {"LSTM": 4, "GRU": 3, "RNN": 1}[self.mode]
        d = 2 if self.bidirectional else 1
        width = gates * self.hidden_size + 2 * self.hidden_size + self.input_size
        return 4 * seq_len * batch_size * self.num_layers * d * width


@dataclass
class _Loaded:
    """A checkpoint read without running code from it."""

    state: object
    shown: str
    notes: list[str] = field(default_factory=list)
    reader: Callable[[str], Tensor] | None = None
    """Reads one tensor's values by its full name, for formats read as shapes first."""
    refused: list[str] = field(default_factory=list)
    """Pickled globals read as placeholders."""
    onnx: Any = None
    no_values: str = "the tensors are on the meta device: shapes only, no values"
    """Why there are no values to read, when the tensors are on ``meta`` and no reader."""


def _error(shown: str, what: str) -> ValueError:
    return ValueError(f"checkpoint: expected a file saved with torch.save, got {shown} ({what})")


def _folder(path: str | os.PathLike[str], shown: str) -> ValueError:
    names = sorted(os.listdir(path))
    files = [
        n
        for n in names
        if n.endswith((".pt", ".pth", ".bin", ".ckpt", ".safetensors", ".npz", ".onnx"))
    ]
    if "data.pkl" in names:
        hint = "the unzipped contents of a torch.save file: describe the file itself"
    elif files:
        hint = (
            "pass one of its files: " + ", ".join(files[:4]) + (", ..." if len(files) > 4 else "")
        )
    else:
        hint = "pass the checkpoint file inside it"
    return _error(shown, f"a folder, not a file: {hint}")


def _safe_global(name: str) -> object | None:
    """The object a refused global names, if it is known to be safe to build."""
    module, _, attribute = name.rpartition(".")
    if name in _SAFE_GLOBALS or (module == "numpy.dtypes" and attribute.endswith("DType")):
        try:
            found: object = getattr(import_module(module), attribute)
        except (ImportError, AttributeError):
            return None
        return found
    return None


def _load_torch(path: str | os.PathLike[str], shown: str, *, zipped: bool) -> _Loaded:
    """``torch.load(weights_only=True)``; refused globals are read safely or as placeholders."""
    allowed: dict[str, object] = {}
    stubs: dict[str, type[_Placeholder]] = {}
    mmap = zipped
    for _ in range(200):
        entries = [(value, name) if name in stubs else value for name, value in allowed.items()]
        try:
            with torch.serialization.safe_globals(entries):  # type: ignore[arg-type]
                state = torch.load(path, map_location="cpu", weights_only=True, mmap=mmap)
            break
        except pickle.UnpicklingError as error:
            text = str(error)
            filled = re.search(r"Can only (SETITEMS|SETITEM|append)\b.*_Placeholder_(\d+)", text)
            if filled:
                stub = list(stubs.values())[int(filled.group(2))]
                if stub.container is None:
                    stub.container = list if filled.group(1) == "append" else dict
                    continue
            found = re.search(r"GLOBAL ([\w.]+)|but got <class '([\w.]+)'>", text)
            name = (found.group(1) or found.group(2)) if found else ""
            name = name if "." in name or not name else f"builtins.{name}"
            if not name or name in allowed:
                raise _error(shown, f"a pickle that weights_only cannot read: {error}") from None
            if name == "torch.ScriptObject":
                raise ValueError(
                    f"checkpoint: expected floating-point RNN weights, got {shown}, the state "
                    "dict of a dynamically quantized model (its weights are packed into "
                    f"torch.ScriptObjects, which hold no plain tensors; {_ADVICE} of the float "
                    "model, before quantization)"
                ) from None
            safe = _safe_global(name)
            if safe is None:
                stub = type(f"_Placeholder_{len(stubs)}", (_Placeholder,), {"global_name": name})
                stubs[name] = safe = stub
            allowed[name] = safe
        except RuntimeError as error:
            if mmap and "mmap" in str(error):
                mmap = False
                continue
            raise _error(shown, f"a torch.save file that cannot be read: {error}") from None
    else:
        raise _error(shown, "a pickle that weights_only cannot read: too many objects refused")
    loaded = _Loaded(state, shown)
    safe_names = [n for n in allowed if n not in stubs]
    loaded.refused = list(stubs)
    if safe_names:
        loaded.notes.append(
            f"weights_only=True refused {', '.join(safe_names)}: known to be safe, read with "
            "torch.serialization.safe_globals"
        )
    if loaded.refused:
        loaded.notes.append(
            f"the file holds pickled objects that were not unpickled (unpickling could run "
            f"code): {', '.join(loaded.refused)}; each was read as an inert placeholder, the "
            "tensors around them were read"
        )
    return loaded


def _load_safetensors(path: str | os.PathLike[str], shown: str, header: dict[str, Any]) -> _Loaded:
    """Shapes from the header (no data read); values on demand with the safetensors package."""
    state: dict[str, Tensor] = {}
    for name, info in header.items():
        if name == "__metadata__" or not isinstance(info, dict):
            continue
        dtype = _SAFETENSORS_DTYPES.get(str(info.get("dtype")), torch.uint8)
        state[name] = torch.empty(
            [int(d) for d in info.get("shape", [])], dtype=dtype, device="meta"
        )

    try:
        from safetensors import safe_open
    except ImportError:
        return _Loaded(
            state,
            shown,
            ["read from a safetensors file's header"],
            no_values="the safetensors package is not installed (pip install safetensors, or "
            "lstm-outputs[safetensors]): shapes only, from the file's header",
        )

    def read(name: str) -> Tensor:
        with safe_open(os.fspath(path), framework="pt") as handle:
            tensor: Tensor = handle.get_tensor(name)
        return tensor

    return _Loaded(state, shown, ["read from a safetensors file"], reader=read)


def _safetensors_header(path: str | os.PathLike[str], head: bytes, size: int) -> Any:
    if size < 10 or head[8:9] != b"{":
        return None
    length = int.from_bytes(head[:8], "little")
    if length > size - 8 or length > 100 << 20:
        return None
    with open(path, "rb") as handle:
        handle.seek(8)
        try:
            header = json.loads(handle.read(length))
        except ValueError:
            return None
    return header if isinstance(header, dict) else None


def _load_npz(path: str | os.PathLike[str], shown: str) -> _Loaded:
    """Shapes from each array's header; values on demand, never unpickling."""
    state: dict[str, Tensor] = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            with archive.open(member) as handle:
                version = np.lib.format.read_magic(handle)
                read_header = (
                    np.lib.format.read_array_header_1_0
                    if version == (1, 0)
                    else np.lib.format.read_array_header_2_0
                )
                shape, _, dtype = read_header(handle)
            torch_dtype = (
                torch.uint8 if dtype.hasobject else torch.from_numpy(np.empty(0, dtype)).dtype
            )
            state[member.removesuffix(".npy")] = torch.empty(
                shape, dtype=torch_dtype, device="meta"
            )

    def read(name: str) -> Tensor:
        with np.load(path, allow_pickle=False) as arrays:
            return torch.from_numpy(np.ascontiguousarray(arrays[name]))

    return _Loaded(state, shown, ["read from a NumPy .npz archive (allow_pickle=False)"], read)


def _onnx_file(path: str | os.PathLike[str], head: bytes) -> Any:
    """The parsed ONNX model, or ``None`` if ``path`` is not one (or onnx is not installed)."""
    if not (os.fspath(path).endswith(".onnx") or head[:1] == b"\x08"):
        return None
    try:
        import onnx
    except ImportError:
        return False if os.fspath(path).endswith(".onnx") else None
    try:
        model = onnx.load(os.fspath(path), load_external_data=False)
    except Exception:
        return None
    return model if len(model.graph.node) else None


def _open(path: str | os.PathLike[str]) -> _Loaded:
    """Recognise the file's format and read it without running code from it."""
    shown = repr(os.fspath(path))
    if not os.path.exists(path):
        raise _error(shown, "no such file")
    if os.path.isdir(path):
        raise _folder(path, shown)
    if not os.path.isfile(path):
        raise _error(shown, "a device or other special file, not a regular file")
    size = os.path.getsize(path)
    if size == 0:
        raise _error(shown, "an empty file, 0 bytes: the save did not finish? save it again")
    with open(path, "rb") as handle:
        head = handle.read(64)
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            raise _error(
                shown, "a zip archive that cannot be read: truncated or corrupt; save it again"
            ) from None
        if any(n.endswith("/constants.pkl") or "/code/__torch__" in n for n in names):
            raise ValueError(
                f"checkpoint: expected a state dict, got {shown}, a TorchScript archive "
                "(torch.jit.save): loading it runs its TorchScript code, so it is not loaded "
                "here (if you trust it, get its state dict: model = torch.jit.load(path); "
                "torch.save(model.state_dict(), 'state_dict.pt'))"
            )
        if any(n.endswith("/archive_format") for n in names):
            raise ValueError(
                f"checkpoint: expected a state dict, got {shown}, a torch.export program "
                "(torch.export.save, .pt2): it is not loaded here (if you trust it, get its "
                "state dict: program = torch.export.load(path); "
                "torch.save(program.state_dict, 'state_dict.pt'))"
            )
        if names and all(n.endswith(".npy") for n in names):
            return _load_npz(path, shown)
        if not any(n.endswith("data.pkl") for n in names):
            listed = ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")
            raise _error(shown, f"a zip archive not written by torch.save: it holds {listed}")
        return _load_torch(path, shown, zipped=True)
    if head.startswith(_LEGACY_MAGIC):
        return _load_torch(path, shown, zipped=False)
    header = _safetensors_header(path, head, size)
    if header is not None:
        return _load_safetensors(path, shown, header)
    if head.startswith(b"\x89HDF"):
        raise _error(shown, "an HDF5 file, as Keras saves (.h5): not a PyTorch checkpoint")
    if head[:1] == b"\x80":
        raise _error(
            shown,
            "a Python pickle not written by torch.save: unpickling it could run code, so it is "
            "not loaded (if you trust it, load it with pickle and torch.save its state dict)",
        )
    onnx_model = _onnx_file(path, head)
    if onnx_model is False:
        raise ValueError(
            f"checkpoint: expected a state dict, got {shown}, an ONNX file: pip install onnx "
            "to have its LSTM/GRU/RNN nodes described, or read its weights (ONNX's own layout: "
            "W (D, G*H, I), gates i, o, f, c) with: import onnx, onnx.numpy_helper as nh; "
            "weights = {t.name: nh.to_array(t) for t in onnx.load(path).graph.initializer}"
        )
    if onnx_model is not None:
        return _Loaded(None, shown, onnx=onnx_model)
    return _load_torch(path, shown, zipped=False) if head[:1] == b"\x80" else _not_torch(shown)


def _not_torch(shown: str) -> _Loaded:
    raise _error(shown, "not a file written by torch.save, nor a safetensors, .npz or ONNX file")


# --- finding the RNNs -----------------------------------------------------------------------


def _children(value: object) -> list[tuple[str, object]] | None:
    """The named items inside a container (a placeholder of a pickled module included)."""
    if isinstance(value, Mapping):
        return [(str(k), v) for k, v in value.items()]
    if isinstance(value, list | tuple):
        return [(str(i), v) for i, v in enumerate(value)]
    if isinstance(value, _Placeholder):
        state = value.state
        if isinstance(state, Mapping) and isinstance(state.get("_parameters"), Mapping):
            # A pickled nn.Module: its parameters and submodules, named as state_dict() does.
            modules = state.get("_modules")
            return [(str(k), v) for k, v in state["_parameters"].items()] + (
                [(str(k), v) for k, v in modules.items()] if isinstance(modules, Mapping) else []
            )
        inner = [(str(k), v) for k, v in value.items.items()]
        if isinstance(state, Mapping):
            inner += [(str(k), v) for k, v in state.items()]
        return inner
    return None


_Found = dict[str, dict[str, tuple[str, Tensor]]]


def _find(value: object, path: str, found: _Found, cells: _Found) -> None:
    """Collect RNN (and cell) parameters: ``found[key][local name] = (full name, tensor)``."""
    for name, item in _children(value) or []:
        full = f"{path}.{name}" if path else name
        if isinstance(item, Tensor):
            for pattern, into in ((_PARAM, found), (_CELL_PARAM, cells)):
                match = pattern.match(name)
                if match:
                    parts = [p for p in (path, match.group("prefix")) if p]
                    key, local = ".".join(parts), match.group("name")
                    group = into.setdefault(key, {})
                    if local in group:
                        raise ValueError(
                            f"key: expected one set of RNN parameters under each key, got two "
                            f"under {key!r}: {group[local][0]!r} and {full!r} (two state dicts "
                            "merged into one? describe each one separately)"
                        )
                    group[local] = (full, item)
                    break
        elif _children(item) is not None:
            _find(item, full, found, cells)


def _inconsistent(key: str, message: str) -> ValueError:
    where = f"the parameters under {key!r}" if key else "the state dict"
    return ValueError(
        f"checkpoint: expected the weights of one nn.LSTM, nn.GRU or nn.RNN in "
        f"{where}, got {message}"
    )


def _infer_cell(key: str, params: Mapping[str, Tensor]) -> _Spec:
    w_ih, w_hh = params.get("weight_ih"), params.get("weight_hh")
    if w_ih is None or w_hh is None or w_ih.dim() != 2 or w_hh.dim() != 2:
        raise _inconsistent(key, "a cell's weight_ih without a 2-D weight_hh (or the reverse)")
    rows, hidden = int(w_hh.shape[0]), int(w_hh.shape[1])
    gates = rows // hidden if hidden and rows % hidden == 0 else 0
    if gates not in _GATES:
        raise _inconsistent(
            key, f"a cell's weight_hh of shape {shape_str(w_hh.shape)} (expected (G*H, H))"
        )
    return _Spec(_GATES[gates], int(w_ih.shape[1]), hidden, 1, False, "bias_ih" in params, 0, True)


def _infer(key: str, params: Mapping[str, Tensor]) -> _Spec:
    """The configuration that gives exactly these parameter names and shapes."""
    layers = sorted(int(m.group(1)) for n in params if (m := re.fullmatch(r"weight_ih_l(\d+)", n)))
    if not layers or layers != list(range(len(layers))):
        raise _inconsistent(
            key, f"layers {layers} (weight_ih_l0, weight_ih_l1, ... must all be present)"
        )
    if any(p.dim() not in (1, 2) for p in params.values()):
        raise _inconsistent(key, "a weight that is not a matrix or a vector")
    w_ih, w_hh = params["weight_ih_l0"], params.get("weight_hh_l0")
    if w_hh is None or w_ih.dim() != 2 or w_hh.dim() != 2:
        raise _inconsistent(key, "no 2-D weight_hh_l0 next to weight_ih_l0")
    rows, out_size = int(w_hh.shape[0]), int(w_hh.shape[1])
    w_hr = params.get("weight_hr_l0")
    if w_hr is not None:
        proj, hidden = int(w_hr.shape[0]), int(w_hr.shape[1])
        if out_size != proj or rows != 4 * hidden:
            raise _inconsistent(
                key,
                f"weight_hr_l0 of shape {shape_str(w_hr.shape)} with weight_hh_l0 of shape "
                f"{shape_str(w_hh.shape)} (an LSTM with proj_size has (4*H, proj_size))",
            )
        mode = "LSTM"
    else:
        proj, hidden = 0, out_size
        gates = rows // hidden if hidden and rows % hidden == 0 else 0
        if gates not in _GATES:
            raise _inconsistent(
                key,
                f"weight_hh_l0 of shape {shape_str(w_hh.shape)} (expected (G*H, H) with G = "
                "4 for an LSTM, 3 for a GRU, 1 for an RNN)",
            )
        mode = _GATES[gates]
    bidirectional = any(n.endswith("_reverse") for n in params)
    if len(layers) > 1:
        width = int(params["weight_ih_l1"].shape[1])
        fits = {out_size: False, 2 * out_size: True}
        if width not in fits:
            raise _inconsistent(
                key,
                f"weight_ih_l1 of shape {shape_str(params['weight_ih_l1'].shape)}: layer 1 "
                f"reads D*H features, {out_size} for one direction or {2 * out_size} for two, "
                f"not {width}",
            )
        if fits[width] != bidirectional:
            saved = "" if bidirectional else " no"
            raise _inconsistent(
                key,
                f"weight_ih_l1 of width {width} (D={2 if fits[width] else 1}) but{saved} "
                "_reverse weights",
            )
    return _Spec(
        mode=mode,
        input_size=int(w_ih.shape[1]),
        hidden_size=hidden,
        num_layers=len(layers),
        bidirectional=bidirectional,
        bias="bias_ih_l0" in params,
        proj_size=proj,
    )


def _verify(key: str, spec: _Spec, params: Mapping[str, Tensor]) -> None:
    """Every saved shape must be what the inferred module has, and nothing may be missing."""
    expected = {
        name: tuple(p.shape)
        for name, p in spec.build(batch_first=False, device="meta").named_parameters()
    }
    missing = sorted(set(expected) - set(params))
    extra = sorted(set(params) - set(expected))
    wrong = [n for n in expected if n in params and tuple(params[n].shape) != expected[n]]
    problems = [
        f"{n}: shape {shape_str(params[n].shape)}, not {shape_str(expected[n])}" for n in wrong
    ]
    problems += [f"{n} missing" for n in missing] + [f"{n} unexpected" for n in extra]
    if problems:
        shown = "; ".join(problems[:3]) + (
            f"; ... ({len(problems)} problems)" if len(problems) > 3 else ""
        )
        kind = f"an {spec.mode}" + ("Cell" if spec.cell else "")
        raise _inconsistent(key, f"inconsistent shapes for {kind}: {shown}")


# --- values: read, checked, or left on meta -------------------------------------------------


def _size(n: int) -> str:
    return f"{n / 2**30:.1f} GiB" if n >= 2**30 else f"{n / 2**20:.1f} MiB"


def _values(
    key: str,
    spec: _Spec,
    entries: Mapping[str, tuple[str, Tensor]],
    loaded: _Loaded,
    run_bytes: int,
) -> tuple[dict[str, Tensor], list[str], str]:
    """The parameters to build with, notes, and why the values are not run ("" if they are)."""
    dtypes = {name: t.dtype for name, (_, t) in entries.items()}
    odd = {n: d for n, d in dtypes.items() if not d.is_floating_point}
    if odd:
        name, dtype = next(iter(odd.items()))
        cause = (
            "a quantized model?"
            if str(dtype).startswith(("torch.q", "torch.int"))
            else "not weights?"
        )
        raise _inconsistent(
            key,
            f"{name} of dtype {dtype}, not floating point ({cause} {_ADVICE} of the float model)",
        )
    notes: list[str] = []
    declared = sum(t.numel() * t.element_size() for _, t in entries.values())
    on_meta = any(t.device.type == "meta" for _, t in entries.values())
    if on_meta and loaded.reader is None:
        params = {n: t.to("meta") for n, (_, t) in entries.items()}
        return params, notes, loaded.no_values
    if declared + run_bytes > VALUE_CHECK_LIMIT:
        params = {n: t.to("meta") for n, (_, t) in entries.items()}
        return (
            params,
            notes,
            (
                f"the weights declare {_size(declared)} and a run needs about {_size(run_bytes)} "
                f"more, over the {_size(VALUE_CHECK_LIMIT)} this reads and runs: described on the "
                "meta device, shapes only"
            ),
        )
    params = {
        n: loaded.reader(full) if t.device.type == "meta" and loaded.reader else t
        for n, (full, t) in entries.items()
    }
    if len(set(dtypes.values())) > 1:
        common = reduce(torch.promote_types, dtypes.values())
        listed = ", ".join(f"{n} {d}" for n, d in dtypes.items() if d != common)
        notes.append(f"mixed dtypes ({listed}; the rest {common}): described in {common}")
        params = {n: t.to(common) for n, t in params.items()}
    bad = {n: int((~torch.isfinite(t)).sum()) for n, t in params.items() if t.numel()}
    bad = {n: count for n, count in bad.items() if count}
    if bad:
        listed = ", ".join(f"{n} ({c} of {params[n].numel()})" for n, c in bad.items())
        params = {n: t.to("meta") for n, t in params.items()}
        return (
            params,
            notes,
            (
                f"the weights are not finite: NaN or inf values in {listed} (did training "
                "diverge? describe an earlier checkpoint); the shapes below hold, the value "
                "checks are skipped"
            ),
        )
    return params, notes, ""


# --- the reports ----------------------------------------------------------------------------


def _input(
    module: nn.Module,
    *,
    seq_len: int,
    batch_size: int,
    seed: int,
    lengths: list[int] | None,
    unbatched: bool,
) -> Any:
    """The seeded input: the same sequences whatever the module's layout."""
    param = next(module.parameters())
    size = int(getattr(module, "input_size"))  # noqa: B009
    cell = isinstance(module, nn.RNNCellBase)
    shape: tuple[int, ...] = (
        ((size,) if unbatched else (batch_size, size))
        if cell
        else (seq_len, size)
        if unbatched
        else (seq_len, batch_size, size)
    )
    if param.device.type == "meta":
        x = torch.empty(shape, device="meta", dtype=param.dtype)
    else:
        x = torch.randn(shape, generator=torch.Generator().manual_seed(seed)).to(param.dtype)
    batch_first = bool(getattr(module, "batch_first", False))
    if batch_first and x.dim() == 3:
        x = x.transpose(0, 1)
    if lengths is None or cell:
        return x
    return pack_padded_sequence(
        x, torch.tensor(lengths), batch_first=batch_first, enforce_sorted=False
    )


_SEVERITY = {UNEXPECTED: 3, UNDECIDABLE: 2, SKIPPED: 1, EXPECTED: 0}


def _merge_nonlinearities(tanh: Report, relu: Report) -> Report:
    """One report for an nn.RNN whose nonlinearity is unknown: a check holds only if it holds
    with both (the shapes are the same)."""
    checks = []
    for a, b in zip(tanh.checks, relu.checks, strict=True):
        if _SEVERITY[b.status] > _SEVERITY[a.status]:
            a = dataclasses.replace(
                b, reason=f"with nonlinearity='relu': {b.reason}" if b.reason else ""
            )
            if a.status == UNEXPECTED:
                a = dataclasses.replace(a, meaning=f"{a.meaning} (with nonlinearity='relu')")
        checks.append(a)
    return dataclasses.replace(tanh, checks=tuple(checks))


def _merge_layouts(time_major: Report, batch_major: Report) -> Report:
    """One report for both layouts: what is the same either way unlabelled, the rest labelled."""
    labels = ("batch_first=False", "batch_first=True")
    same = [t for t in time_major.tensors if t in batch_major.tensors]
    tensors = same + [
        dataclasses.replace(t, condition=label)
        for report, label in zip((time_major, batch_major), labels, strict=True)
        for t in report.tensors
        if t not in same
    ]
    pairs = list(zip(time_major.checks, batch_major.checks, strict=True))
    checks = [a for a, b in pairs if a == b] + [
        dataclasses.replace(c, condition=label)
        for index, label in enumerate(labels)
        for c in (pair[index] for pair in pairs if pair[0] != pair[1])
    ]
    notes = [n for n in time_major.notes if n in batch_major.notes]
    for report, label in zip((time_major, batch_major), labels, strict=True):
        notes += [f"if {label}: {n}" for n in report.notes if n not in notes]
    return dataclasses.replace(
        time_major, tensors=tuple(tensors), checks=tuple(checks), notes=tuple(notes)
    )


def _cell_report(cell: nn.Module, x: Tensor) -> Report:
    """A cell's report: its one step's input and new state (no time, layer or direction)."""
    is_lstm = isinstance(cell, nn.LSTMCell)
    if x.device.type == "meta":
        n = tuple(x.shape[:-1])
        h = torch.empty((*n, int(getattr(cell, "hidden_size"))), device="meta")  # noqa: B009
        result: Any = (h, h) if is_lstm else h
    else:
        with torch.no_grad():
            result = cell(x)
    h_1, c_1 = result if is_lstm else (result, None)
    batch = (
        [Dim(int(x.shape[0]), f"N={x.shape[0]}", "sequence in the batch")] if x.dim() == 2 else []
    )
    size = int(x.shape[-1])
    tensors = [
        TensorInfo(
            "input", tuple(x.shape), (*batch, Dim(size, f"I={size}", "input feature (input_size)"))
        )
    ]
    for name, value, what in (("h_1", h_1, "hidden state"), ("c_1", c_1, "cell state")):
        if value is not None:
            width = int(value.shape[-1])
            last = Dim(width, f"H={width}", f"{what} after this one step (hidden_size)")
            tensors.append(TensorInfo(name, tuple(value.shape), (*batch, last)))
    state = "(h_1, c_1)" if is_lstm else "h_1"
    notes = [
        f"a cell runs one time step of one layer in one direction: call it once per step, "
        f"passing {state} back as its state; it has no output sequence, no num_layers and no "
        "directions (no h_n to untangle)"
    ]
    return Report(repr(cell), tuple(tensors), (), tuple(notes))


def _unknowns(spec: _Spec, batch_first: bool | None, merged: Report | None) -> list[str]:
    if spec.cell:
        return (
            [f"nonlinearity: {_NOT_STORED} (tanh or relu); it changes no shape"]
            if spec.mode == "RNN"
            else []
        )
    unknown = []
    if batch_first is None:
        layout_dependent = merged is not None and any(t.condition for t in merged.tensors)
        unknown.append(
            f"batch_first: {_NOT_STORED}. h_n"
            + (" and c_n are" if spec.mode == "LSTM" else " is")
            + " the same either way; input, output and the checks on output are given for "
            "both layouts, each labelled (pass batch_first=True or False, or --batch-first / "
            "--no-batch-first, to keep one)"
            if layout_dependent
            else f"batch_first: {_NOT_STORED}; with this unbatched input it changes nothing"
        )
    else:
        unknown.append(
            f"batch_first: {_NOT_STORED}; {batch_first} as given, not read from the file"
        )
    unknown.append(
        f"dropout: {_NOT_STORED}; it acts between layers in training mode only, so it "
        "changes no shape and no check here (the checks read the top layer's states)"
    )
    if spec.mode == "RNN":
        unknown.append(
            f"nonlinearity: {_NOT_STORED} (tanh or relu); the shapes are the same, and each "
            "check was run with both"
        )
    return unknown


def _module_text(spec: _Spec, batch_first: bool | None) -> str:
    text = repr(spec.build(batch_first=bool(batch_first), device="meta"))
    missing = (["batch_first=?"] if batch_first is None and not spec.cell else []) + (
        ["nonlinearity=?"] if spec.mode == "RNN" else []
    )
    return text[:-1] + "".join(f", {m}" for m in missing) + ")" if missing else text


def _describe_one(
    name: str,
    spec: _Spec,
    params: dict[str, Tensor],
    *,
    batch_first: bool | None,
    inputs: dict[str, Any],
) -> Report:
    """Rebuild the module with ``params`` and describe it for every unknown setting."""

    def run(layout: bool, nonlinearity: str) -> Report:
        module = spec.build(batch_first=layout, device="meta", nonlinearity=nonlinearity)
        module.load_state_dict(params, assign=True)
        x = _input(module, **inputs)
        if spec.cell:
            return _cell_report(module, x)
        assert isinstance(module, nn.RNNBase)
        return describe(module, x)

    def both_nonlinearities(layout: bool) -> Report:
        report = run(layout, "tanh")
        if spec.mode == "RNN" and not spec.cell:
            report = _merge_nonlinearities(report, run(layout, "relu"))
        return report

    if spec.cell or batch_first is not None:
        report = both_nonlinearities(bool(batch_first))
        merged = None
    else:
        report = merged = _merge_layouts(both_nonlinearities(False), both_nonlinearities(True))
    unknown = _unknowns(spec, batch_first, merged)
    return dataclasses.replace(
        report, module=_module_text(spec, batch_first), unknown=tuple(unknown)
    )


def _collect(loaded: _Loaded, key: str | None) -> tuple[_Found, _Found]:
    found: _Found = {}
    cells: _Found = {}
    _find(loaded.state, "", found, cells)
    if not found and not cells:
        refused = loaded.refused
        if refused:
            raise ValueError(
                f"checkpoint: expected the weights of an nn.LSTM, nn.GRU or nn.RNN, got "
                f"{loaded.shown}, whose RNN weights, if any, sit inside pickled objects that "
                f"weights_only=True does not unpickle ({', '.join(refused[:3])}) (if you trust "
                "the file, extract the state dict: obj = torch.load(path, weights_only=False); "
                "torch.save(obj.state_dict(), 'state_dict.pt'), or obj['state_dict'] for a "
                "dict)"
            )
        quantized = any(
            "_packed_params" in k or "_all_weight_values" in k for k in _keys(loaded.state)
        )
        cause = (
            f"a quantized model's packed weights? {_ADVICE} of the float model"
            if quantized
            else "is it the checkpoint of the model that holds the RNN?"
        )
        raise ValueError(
            f"checkpoint: expected the weights of an nn.LSTM, nn.GRU or nn.RNN (tensors named "
            f"like 'lstm.weight_ih_l0'), got {loaded.shown} with none ({cause})"
        )
    if key is not None:
        every = {**found, **cells}
        matches = [k for k in every if k == key] or [k for k in every if k.endswith("." + key)]
        if len(matches) != 1:
            names = ", ".join(repr(k) for k in every)
            raise ValueError(
                f"key: expected one of {names}, got {key!r} "
                + ("(it matches several)" if matches else "(no RNN there)")
            )
        found = {k: v for k, v in found.items() if k == matches[0]}
        cells = {k: v for k, v in cells.items() if k == matches[0]}
    return found, cells


def _keys(state: object) -> list[str]:
    return [str(k) for k in state] if isinstance(state, Mapping) else []


def describe_all(
    source: object,
    key: str | None = None,
    *,
    batch_first: bool | None = None,
    seq_len: int = 5,
    batch_size: int = 3,
    seed: int = 0,
    lengths: list[int] | None = None,
    unbatched: bool = False,
) -> dict[str, Report]:
    """:func:`describe_checkpoint` with the command line's options (packed or unbatched input).

    Not part of the public API.
    """
    if isinstance(source, str | os.PathLike):
        loaded = _open(source)
    elif isinstance(source, Mapping):
        loaded = _Loaded(source, "the state dict")
    else:
        raise TypeError(
            "checkpoint: expected a path to a file saved with torch.save, or a state dict, got "
            f"{describe_value(source)}"
            + (" (pass model.state_dict())" if isinstance(source, nn.Module) else "")
        )
    if loaded.onnx is not None:
        from lstm_outputs._onnx import onnx_reports

        return onnx_reports(loaded.onnx, key, seq_len=seq_len, batch_size=batch_size)
    found, cells = _collect(loaded, key)
    inputs = {
        "seq_len": seq_len,
        "batch_size": batch_size,
        "seed": seed,
        "lengths": lengths,
        "unbatched": unbatched,
    }
    reports = {}
    groups = [(name, entries, False) for name, entries in found.items()]
    groups += [(name, entries, True) for name, entries in cells.items()]
    for name, entries, is_cell in groups:
        shapes = {local: tensor for local, (_, tensor) in entries.items()}
        spec = _infer_cell(name, shapes) if is_cell else _infer(name, shapes)
        _verify(name, spec, shapes)
        layouts = 2 if batch_first is None else 1
        params, notes, skipped = _values(
            name, spec, entries, loaded, layouts * spec.run_bytes(seq_len, batch_size)
        )
        report = _describe_one(name, spec, params, batch_first=batch_first, inputs=inputs)
        if skipped:
            checks = tuple(dataclasses.replace(c, reason=skipped) for c in report.checks)
            report = dataclasses.replace(report, checks=checks)
            notes.insert(0, skipped)
        kind = f"{spec.mode}Cell" if spec.cell else spec.mode
        notes.append(
            f"rebuilt from {loaded.shown}"
            + (f", key {name!r}" if name else "")
            + f": {'a' if kind.startswith('GRU') else 'an'} {kind} whose "
            + (
                "mode, sizes and bias"
                if spec.cell
                else "mode, sizes, layers, directions, bias and proj_size"
            )
            + " were read from the parameter shapes"
        )
        reports[name] = dataclasses.replace(report, notes=(*loaded.notes, *report.notes, *notes))
    return reports


def describe_checkpoint(
    path_or_state_dict: str | os.PathLike[str] | Mapping[str, Any],
    key: str | None = None,
    *,
    seq_len: int = 5,
    batch_size: int = 3,
    batch_first: bool | None = None,
    seed: int = 0,
) -> dict[str, Report]:
    """Describe every RNN saved in a checkpoint, rebuilt from its parameter names and shapes.

    The file is read without running code from it: a ``torch.save`` file with
    ``torch.load(..., weights_only=True)`` (an object that ``weights_only`` refuses, such as an
    ``argparse.Namespace`` or the hyperparameters next to a Lightning state dict, is not
    unpickled: numpy values and ``argparse.Namespace`` are read as the safe types they are,
    anything else as an inert placeholder, and the report names it); a safetensors file from
    its header; a NumPy ``.npz`` archive with ``allow_pickle=False``; an ONNX file's
    LSTM/GRU/RNN nodes with the ``onnx`` package. TorchScript archives and ``torch.export``
    programs are recognised and refused, with the two lines that extract their state dict.

    Each RNN is found by its parameter names (``weight_ih_l0`` and the rest, under any
    prefix, also inside nested dicts such as ``{"epoch": 3, "model_state_dict": {...}}``); its
    mode, input and hidden size, layers, directions, biases and ``proj_size`` are inferred
    from the shapes, the module is rebuilt with the saved weights and :func:`describe` runs it
    on a seeded random input. Single cells (``nn.LSTMCell`` and friends: ``weight_ih``,
    ``weight_hh``) are described as cells. Shapes are read first; the weights are read and run
    only when they and the run fit in 1 GiB, are finite and
    are not on the ``meta`` device; otherwise the report gives the shapes and skips the value
    checks, saying why.

    A state dict does not store ``batch_first``: unless you pass it, the report gives what
    holds either way (``h_n``, ``c_n``) unlabelled, and ``input``, ``output`` and the checks
    on ``output`` for both layouts, each labelled with its ``condition``; no check that
    depends on the layout counts as *as expected*. An ``nn.RNN``'s nonlinearity is not stored
    either: its checks are run with both tanh and relu. :attr:`Report.unknown` lists these.

    Parameters
    ----------
    path_or_state_dict : str, os.PathLike or Mapping
        A checkpoint file, or an already loaded (possibly nested) state dict.
    key : str or None
        Describe only the RNN under this prefix (``"encoder.rnn"``; the part after the last
        nested dict is enough when it is unique). Default: every RNN found.
    seq_len, batch_size : int
        ``T`` and ``N`` of the random input (defaults 5 and 3), at least 1.
    batch_first : bool or None
        The layout your model uses, if you know it (a state dict does not store it). Default
        None: both layouts, each labelled.
    seed : int
        Seed of the random input (default 0), any seed :func:`torch.manual_seed` accepts.

    Returns
    -------
    dict of str to Report
        One report per RNN, keyed by its prefix (``""`` for a bare RNN's own state dict).

    Raises
    ------
    TypeError
        If ``path_or_state_dict`` is neither a path nor a mapping, or another argument has the
        wrong type (``key=5``, ``seq_len="5"``).
    ValueError
        If the file is missing, empty, a folder or a device, not a checkpoint, truncated, a
        TorchScript archive or a ``torch.export`` program (the message says how to extract its
        state dict), or holds its weights only inside objects that cannot be read safely; if
        it holds no RNN weights, weights whose shapes fit no ``nn.LSTM``, ``nn.GRU`` or
        ``nn.RNN``, quantized (integer) weights, or two parameter sets under one key; if
        ``key`` names no RNN; or if ``seq_len``, ``batch_size`` or ``seed`` is out of range.

    Examples
    --------
    >>> import torch
    >>> from torch import nn
    >>> from lstm_outputs import describe_checkpoint
    >>> model = nn.ModuleDict({"rnn": nn.GRU(8, 16, num_layers=2, bidirectional=True)})
    >>> reports = describe_checkpoint({"epoch": 3, "model_state_dict": model.state_dict()})
    >>> list(reports)
    ['model_state_dict.rnn']
    >>> report = reports["model_state_dict.rnn"]
    >>> report.module, report.tensor("h_n").shape
    ('GRU(8, 16, num_layers=2, bidirectional=True, batch_first=?)', (4, 3, 16))
    >>> sorted({check.condition for check in report.checks})
    ['batch_first=False', 'batch_first=True']
    """
    check_optional_str(key, "key", what="the prefix of one RNN's parameters, e.g. 'encoder.rnn'")
    seq_len = check_int(seq_len, "seq_len", minimum=1)
    batch_size = check_int(batch_size, "batch_size", minimum=1)
    checked = check_flag(batch_first, "batch_first", allow_none=True)
    seed = check_int(seed, "seed", minimum=SEED_RANGE[0], maximum=SEED_RANGE[1])
    return describe_all(
        path_or_state_dict,
        key,
        batch_first=checked,
        seq_len=seq_len,
        batch_size=batch_size,
        seed=seed,
    )
