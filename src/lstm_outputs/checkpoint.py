"""Describe the RNNs saved in a checkpoint: find them by parameter name, infer their sizes.

A state dict stores no configuration, only tensors named like ``encoder.rnn.weight_ih_l0``.
Their names and shapes fix everything that decides the output shapes: the mode (the number of
gate blocks, 4 for an LSTM, 3 for a GRU, 1 for an RNN), the input and hidden sizes, the number
of layers and directions, the biases and ``proj_size``. ``batch_first``, ``dropout`` and an
RNN's ``nonlinearity`` are not stored: they are module flags, not tensors.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import torch
from torch import Tensor, nn

from lstm_outputs._validate import describe_value, shape_str
from lstm_outputs.report import Report, describe

__all__ = ["describe_checkpoint"]

_PARAM = re.compile(
    r"^(?:(?P<prefix>.*)\.)?(?P<name>(?:weight|bias)_(?:ih|hh|hr)_l\d+(?:_reverse)?)$"
)
_GATES = {4: "LSTM", 3: "GRU", 1: "RNN"}
_ADVICE = "save the weights with torch.save(model.state_dict(), path) and describe that file"


@dataclass(frozen=True)
class _Spec:
    """What the parameter names and shapes of one RNN say about its configuration."""

    mode: str
    input_size: int
    hidden_size: int
    num_layers: int
    bidirectional: bool
    bias: bool
    proj_size: int

    def build(self, *, batch_first: bool, device: str | torch.device = "cpu") -> nn.RNNBase:
        kwargs: dict[str, Any] = {
            "num_layers": self.num_layers,
            "bidirectional": self.bidirectional,
            "bias": self.bias,
            "batch_first": batch_first,
            "device": device,
        }
        if self.proj_size:
            kwargs["proj_size"] = self.proj_size
        module_type = {"LSTM": nn.LSTM, "GRU": nn.GRU, "RNN": nn.RNN}[self.mode]
        module: nn.RNNBase = module_type(self.input_size, self.hidden_size, **kwargs)
        return module


def _load(path: str | os.PathLike[str]) -> object:
    """``torch.load(path, weights_only=True)``, every failure turned into one clear ValueError."""
    shown = repr(os.fspath(path))
    if not os.path.isfile(path):
        what = "a folder, not a file" if os.path.isdir(path) else "no such file"
        raise ValueError(
            f"checkpoint: expected a file saved with torch.save, got {shown} ({what})"
        )
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        text = str(error)
        found = re.search(r"GLOBAL ([\w.]+)", text)
        if found:
            name = found.group(1)
            what = (
                f"a whole pickled module ({name})"
                if ".nn.modules." in name or name.startswith("torch.nn")
                else f"pickled Python objects ({name}: a whole model saved with torch.save(model)?)"
            )
            raise ValueError(
                f"checkpoint: expected tensors only (a state dict), got {shown}, which holds "
                f"{what}; it is not loaded, since unpickling it could run code ({_ADVICE})"
            ) from None
        cause = error
    except Exception as error:
        cause = error  # type: ignore[assignment]
    with open(path, "rb") as handle:
        magic = handle.read(4)
    if magic.startswith(b"PK"):
        reason = "a zip archive that cannot be read: truncated or corrupt; save it again"
    else:
        reason = "not a file written by torch.save"
    raise ValueError(
        f"checkpoint: expected a file saved with torch.save, got {shown} ({reason}: "
        f"{type(cause).__name__})"
    ) from None


def _find(value: object, path: str, found: dict[str, dict[str, Tensor]]) -> None:
    """Collect RNN parameters under ``value``: ``found[key][local name] = tensor``."""
    if isinstance(value, Mapping):
        for name, item in value.items():
            if isinstance(item, Tensor) and isinstance(name, str):
                match = _PARAM.match(name)
                if match:
                    parts = [p for p in (path, match.group("prefix")) if p]
                    found.setdefault(".".join(parts), {})[match.group("name")] = item
            elif isinstance(item, Mapping | list | tuple):
                _find(item, f"{path}.{name}" if path else str(name), found)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _find(item, f"{path}.{index}" if path else str(index), found)


def _inconsistent(key: str, message: str) -> ValueError:
    where = f"the parameters under {key!r}" if key else "the state dict"
    return ValueError(
        f"checkpoint: expected the weights of one nn.LSTM, nn.GRU or nn.RNN in "
        f"{where}, got {message}"
    )


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
        raise _inconsistent(key, f"inconsistent shapes for an {spec.mode}: {shown}")


def rebuild(
    source: object, key: str | None = None, *, batch_first: bool = False
) -> dict[str, tuple[nn.RNNBase, str]]:
    """Find the RNNs in a checkpoint and rebuild each with its saved weights.

    Returns ``{key: (module, note)}``. Used by :func:`describe_checkpoint` and the command
    line; not part of the public API.
    """
    if isinstance(source, str | os.PathLike):
        state = _load(source)
        shown = repr(os.fspath(source))
    elif isinstance(source, Mapping):
        state, shown = source, "the state dict"
    else:
        raise TypeError(
            "checkpoint: expected a path to a file saved with torch.save, or a state dict, got "
            f"{describe_value(source)}"
        )
    if isinstance(state, nn.Module):  # only reachable with a state dict argument
        raise TypeError(
            f"checkpoint: expected a state dict, got {describe_value(state)} "
            "(pass model.state_dict())"
        )
    found: dict[str, dict[str, Tensor]] = {}
    _find(state, "", found)
    if not found:
        raise ValueError(
            f"checkpoint: expected the weights of an nn.LSTM, nn.GRU or nn.RNN (tensors named "
            f"like 'lstm.weight_ih_l0'), got {shown} with none (is it the checkpoint of the "
            "model that holds the RNN?)"
        )
    if key is not None:
        matches = [k for k in found if k == key] or [k for k in found if k.endswith("." + key)]
        if len(matches) != 1:
            names = ", ".join(repr(k) for k in found)
            raise ValueError(
                f"key: expected one of {names}, got {key!r} "
                + ("(it matches several)" if matches else "(no RNN there)")
            )
        found = {matches[0]: found[matches[0]]}
    rebuilt = {}
    for name, params in found.items():
        spec = _infer(name, params)
        _verify(name, spec, params)
        dtype = params["weight_ih_l0"].dtype
        if not dtype.is_floating_point:
            raise _inconsistent(
                name, f"weights of dtype {dtype} (quantized? {_ADVICE} of the float model)"
            )
        module = spec.build(batch_first=batch_first, device="meta").to(dtype)
        module.load_state_dict(dict(params), assign=True)
        unknown = "batch_first, dropout" + (
            " and nonlinearity (tanh assumed)" if spec.mode == "RNN" else ""
        )
        note = (
            "rebuilt from the checkpoint"
            + (f"'s key {name!r}" if name else "")
            + ": mode, sizes, layers, directions, bias and proj_size read from the parameter "
            f"shapes; {unknown} are not stored in a state dict"
        )
        rebuilt[name] = (module, note)
    return rebuilt


def describe_checkpoint(
    path_or_state_dict: str | os.PathLike[str] | Mapping[str, Any],
    key: str | None = None,
    *,
    seq_len: int = 5,
    batch_size: int = 3,
    batch_first: bool = False,
    seed: int = 0,
) -> dict[str, Report]:
    """Describe every RNN saved in a checkpoint, rebuilt from its parameter names and shapes.

    The checkpoint is loaded with ``torch.load(..., weights_only=True)``: it can hold
    tensors and plain containers only, and loading it never runs code. Each RNN is found by
    its parameter names (``weight_ih_l0`` and the rest, under any prefix, also inside nested
    dicts such as ``{"epoch": 3, "model_state_dict": {...}}``); its mode, input and hidden
    size, layers, directions, biases and ``proj_size`` are inferred from the shapes, the
    module is rebuilt with the saved weights and :func:`describe` runs it on a seeded random
    input.

    Parameters
    ----------
    path_or_state_dict : str, os.PathLike or Mapping
        A file written by :func:`torch.save`, or an already loaded (possibly nested) state
        dict.
    key : str or None
        Describe only the RNN under this prefix (``"encoder.rnn"``; the part after the last
        nested dict is enough when it is unique). Default: every RNN found.
    seq_len, batch_size : int
        ``T`` and ``N`` of the random input (defaults 5 and 3).
    batch_first : bool
        Not stored in a state dict: build the module with this flag (default False).
    seed : int
        Seed of the random input (default 0).

    Returns
    -------
    dict of str to Report
        One report per RNN, keyed by its prefix (``""`` for a bare RNN's own state dict).

    Raises
    ------
    TypeError
        If ``path_or_state_dict`` is neither a path nor a mapping.
    ValueError
        If the file is missing, not written by :func:`torch.save`, truncated, or holds a
        whole pickled module (save its ``state_dict()`` instead); if it holds no RNN weights,
        or weights whose shapes fit no ``nn.LSTM``, ``nn.GRU`` or ``nn.RNN``; or if ``key``
        names no RNN.

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
    ('GRU(8, 16, num_layers=2, bidirectional=True)', (4, 3, 16))
    """
    reports = {}
    for name, (module, note) in rebuild(path_or_state_dict, key, batch_first=batch_first).items():
        generator = torch.Generator().manual_seed(seed)
        shape = (batch_size, seq_len) if batch_first else (seq_len, batch_size)
        x = torch.randn(*shape, module.input_size, generator=generator)
        report = describe(module, x.to(next(module.parameters()).dtype))
        reports[name] = dataclasses.replace(report, notes=(*report.notes, note))
    return reports
