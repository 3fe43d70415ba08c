"""Every wrong input raises TypeError or ValueError that says what to do, in one grammar.

One case per wrong input, for every public function. Each case asserts the exception type
and message fragments: the one naming the argument and what it expected, the one naming what
was received (with its shape when it has one), and, where the mistake has a usual cause, the
words that name it and the fix. Every message follows ``"name: expected X, got Y (cause)"``.
"""

from __future__ import annotations

import functools
import pickle
import re
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import pack_padded_sequence

from lstm_outputs import (
    describe,
    describe_checkpoint,
    last_valid_step,
    layer_outputs,
    reference_forward,
    split_directions,
    summary_vector,
    top_layer_states,
    unstack_states,
)
from lstm_outputs._validate import check_rnn_module

torch.manual_seed(0)
LSTM = nn.LSTM(8, 16, num_layers=2, bidirectional=True)  # L=2, D=2, H=16
GRU = nn.GRU(8, 16)  # L=1, D=1
BF_LSTM = nn.LSTM(8, 16, bidirectional=True, batch_first=True)
DOUBLE = nn.LSTM(3, 4, num_layers=2, bidirectional=True).double()  # reference_forward cases
DOUBLE_GRU = nn.GRU(3, 4).double()
with torch.no_grad():
    RESULT = LSTM(torch.randn(5, 3, 8))
    OUTPUT, (H_N, C_N) = RESULT  # (5, 3, 32), (4, 3, 16), (4, 3, 16)
    PACKED = pack_padded_sequence(
        torch.randn(5, 3, 8), torch.tensor([5, 2, 3]), enforce_sorted=False
    )
    PACKED_OUTPUT, _ = LSTM(PACKED)
    BF_OUTPUT, _ = BF_LSTM(torch.randn(4, 6, 8))  # (N, T, 2H) = (4, 6, 32)
LENGTHS = torch.tensor([5, 2, 3])
X = torch.randn(5, 3, 8)
F64 = torch.float64


class Model(nn.Module):
    """A user's model with one LSTM inside."""

    def __init__(self) -> None:
        super().__init__()
        self.embed = nn.Embedding(10, 8)
        self.lstm = nn.LSTM(8, 16)


class Encoder(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fwd, self.bwd = nn.GRU(8, 4), nn.GRU(8, 4)


class OutputOnly(nn.LSTM):
    """A subclass whose forward returns output alone."""

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        return super().forward(*args, **kwargs)[0]


def wrapped(kind: str) -> nn.Module:
    """An LSTM (or a model) wrapped by torch.compile or dynamic quantization, made on first use:
    importing torch's compiler takes seconds, and only these cases need it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecation notices of torch's dynamo and quantization
        if kind == "compiled":
            return torch.compile(nn.LSTM(8, 16))  # type: ignore[return-value]  # wrapping only
        if kind == "compiled model":
            return torch.compile(Model())  # type: ignore[return-value]
        quantized = torch.ao.quantization.quantize_dynamic(
            nn.Sequential(nn.LSTM(8, 16)), {nn.LSTM}, dtype=torch.qint8
        )
        return quantized[0]  # type: ignore[no-any-return]


@functools.cache
def checkpoint_file(kind: str) -> str:
    """A file of each kind a user may point describe_checkpoint at, made once per session."""
    folder = Path(tempfile.mkdtemp(prefix="lstm-outputs-bad-"))
    path = folder / f"{kind}.pt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # deprecations of torch.jit and quantization
        if kind == "torchscript":
            torch.jit.save(torch.jit.script(nn.LSTM(4, 4)), path)
        elif kind == "export":
            torch.export.save(torch.export.export(Model().lstm, (torch.zeros(2, 1, 8),)), path)
        elif kind == "onnx":
            path = folder / "model.onnx"
            path.write_bytes(b"\x08\x09\x12\x07pytorch")  # the head of an ONNX protobuf
        elif kind == "optimizer":
            torch.save({"optimizer": torch.optim.SGD(GRU.parameters(), lr=0.1)}, path)
        elif kind == "dynamic quantized":
            torch.save(wrapped("quantized").state_dict(), path)
        elif kind == "empty":
            path.write_bytes(b"")
        elif kind == "pickle":
            path.write_bytes(pickle.dumps({"weights": [1.0, 2.0]}))
    return str(path)


def without_onnx(call: Callable[[], Any]) -> Any:
    """Run ``call`` as if the onnx package were not installed."""
    saved = sys.modules.get("onnx")
    sys.modules["onnx"] = None  # type: ignore[assignment]  # import onnx raises ImportError
    try:
        return call()
    finally:
        if saved is None:
            del sys.modules["onnx"]
        else:
            sys.modules["onnx"] = saved


def quantized_state_dict() -> dict[str, Tensor]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # quantized tensors are deprecated, files remain
        return {
            k: torch.quantize_per_tensor(v, 0.1, 0, torch.qint8)
            for k, v in GRU.state_dict().items()
        }


def bad_state_dict() -> dict[str, Tensor]:
    state = dict(nn.LSTM(8, 16, num_layers=2).state_dict())
    state["weight_ih_l1"] = torch.zeros(64, 24)  # layer 1 reads 16 (D=1) or 32 (D=2) features
    return state


# name -> (call, exception type, fragments that must all be in the message)
CASES: dict[str, tuple[Callable[[], Any], type[Exception], tuple[str, ...]]] = {
    # --- split_directions ---
    "split: not a tensor": (
        lambda: split_directions([[1.0, 2.0]]),  # type: ignore[call-overload]
        TypeError,
        ("output: expected a tensor of rank 3 (T, N, D*H)", "got a list ([[1.0, 2.0]])"),
    ),
    "split: numpy array": (
        lambda: split_directions(OUTPUT.numpy(), LSTM),  # type: ignore[call-overload]
        TypeError,
        ("or a PackedSequence", "got a numpy.ndarray of shape (5, 3, 32) (not a torch.Tensor)"),
    ),
    "split: rank 1": (
        lambda: split_directions(torch.zeros(32), LSTM),
        ValueError,
        ("expected a tensor of rank 3", "got shape (32,)", "pass the first value the module"),
    ),
    "split: rank 4": (
        lambda: split_directions(torch.zeros(2, 5, 3, 32), LSTM),
        ValueError,
        ("or rank 2 (T, D*H) for unbatched input", "got shape (2, 5, 3, 32)"),
    ),
    "split: last dim not D*H": (
        lambda: split_directions(OUTPUT[..., :30], LSTM),
        ValueError,
        ("expected last dim D*H = 2*16 = 32", "got shape (5, 3, 30)"),
    ),
    "split: odd last dim without module": (
        lambda: split_directions(torch.zeros(5, 3, 31)),
        ValueError,
        ("expected an even last dim D*H = 2*H", "got shape (5, 3, 31)", "unidirectional"),
    ),
    "split: unidirectional module": (
        lambda: split_directions(torch.zeros(5, 3, 16), GRU),
        ValueError,
        ("expected the output of a bidirectional module (D=2)", "unidirectional GRU"),
    ),
    "split: packed data last dim not D*H": (
        lambda: split_directions(PACKED, LSTM),  # the packed *input*: last dim 8
        ValueError,
        ("expected last dim D*H = 2*16 = 32", "got shape (10, 8)"),
    ),
    "split: module is nn.Linear": (
        lambda: split_directions(OUTPUT, nn.Linear(8, 16)),  # type: ignore[call-overload]
        TypeError,
        ("rnn: expected an nn.LSTM, nn.GRU or nn.RNN module", "got an nn.Linear module"),
    ),
    "split: h_n where output belongs": (
        lambda: split_directions(H_N, LSTM),
        ValueError,
        ("expected last dim D*H = 2*16 = 32", "got shape (4, 3, 16)", "this looks like h_n"),
    ),
    "split: the whole (output, (h_n, c_n)) result": (
        lambda: split_directions(RESULT, LSTM),  # type: ignore[call-overload]
        TypeError,
        ("output: expected a tensor", "got a tuple of 2", "output, (h_n, c_n) = lstm(x)"),
    ),
    "split: the whole (output, h_n) result of a GRU": (
        lambda: split_directions((OUTPUT, H_N), LSTM),  # type: ignore[call-overload]
        TypeError,
        ("output: expected a tensor", "got a tuple of 2", "output, h_n = rnn(x)"),
    ),
    # --- unstack_states / top_layer_states / summary_vector ---
    "unstack: first dim not L*D": (
        lambda: unstack_states(H_N[:3], LSTM),
        ValueError,
        ("expected dim 0 of size L*D = 2*2 = 4", "got shape (3, 3, 16)"),
    ),
    "unstack: rank 4": (
        lambda: unstack_states(H_N.view(2, 2, 3, 16), LSTM),
        ValueError,
        ("expected a tensor of rank 3 (L*D, N, H)", "got shape (2, 2, 3, 16)"),
    ),
    "unstack: last dim not H": (
        lambda: unstack_states(torch.zeros(4, 3, 12), LSTM),
        ValueError,
        ("expected last dim H = 16 (hidden_size)", "got shape (4, 3, 12)", "pass the state"),
    ),
    "unstack: module is nn.RNNCell": (
        lambda: unstack_states(H_N, nn.RNNCell(8, 16)),  # type: ignore[arg-type]
        TypeError,
        ("expected an nn.LSTM, nn.GRU or nn.RNN module", "got an nn.RNNCell module (a single"),
    ),
    "unstack: module is nn.LSTMCell": (
        lambda: top_layer_states(H_N, nn.LSTMCell(8, 16)),  # type: ignore[arg-type]
        TypeError,
        ("expected an nn.LSTM, nn.GRU or nn.RNN module", "got an nn.LSTMCell module"),
    ),
    "unstack: arguments swapped": (
        lambda: unstack_states(LSTM, H_N),  # type: ignore[arg-type]
        TypeError,
        ("rnn: expected an nn.LSTM", "got a tensor of shape (4, 3, 16)", "arguments swapped?"),
    ),
    "unstack: PackedSequence where a tensor is required": (
        lambda: unstack_states(PACKED_OUTPUT, LSTM),  # type: ignore[arg-type]
        TypeError,
        ("expected h_n or c_n, a tensor of shape (L*D, N, H)", "got a PackedSequence", "h_n"),
    ),
    "unstack: h_n transposed for batch_first": (
        lambda: unstack_states(H_N.transpose(0, 1), LSTM),
        ValueError,
        ("expected dim 0 of size L*D = 2*2 = 4", "got shape (3, 4, 16)", "do not transpose it"),
    ),
    "summary: the pair (h_n, c_n)": (
        lambda: summary_vector((H_N, C_N), LSTM),  # type: ignore[arg-type]
        TypeError,
        ("h_n: expected h_n or c_n", "got a tuple of 2", "pass one of them, not the pair"),
    ),
    "summary: output instead of h_n": (
        lambda: summary_vector(OUTPUT, LSTM),
        ValueError,
        ("h_n: expected dim 0 of size L*D = 2*2 = 4", "got shape (5, 3, 32)", "looks like output"),
    ),
    "summary: unbatched state of wrong size": (
        lambda: summary_vector(torch.zeros(2, 16), LSTM),
        ValueError,
        ("expected dim 0 of size L*D = 2*2 = 4 (num_layers * num_directions", "got shape (2, 16)"),
    ),
    "summary: the whole (output, (h_n, c_n)) result": (
        lambda: summary_vector(RESULT, LSTM),  # type: ignore[arg-type]
        TypeError,
        ("h_n: expected h_n or c_n", "got a tuple of 2", "unpack it first"),
    ),
    # --- last_valid_step ---
    "last: PackedSequence where a tensor is required": (
        lambda: last_valid_step(PACKED_OUTPUT, LENGTHS),  # type: ignore[arg-type]
        TypeError,
        ("expected a padded tensor of shape (T, N, D*H)", "got a PackedSequence", "unpack it"),
    ),
    "last: unbatched output": (
        lambda: last_valid_step(OUTPUT[:, 0], LENGTHS),
        ValueError,
        ("expected a tensor of rank 3", "got shape (5, 32)", "whose last step is output[-1]"),
    ),
    "last: lengths do not match the batch": (
        lambda: last_valid_step(OUTPUT, torch.tensor([5, 2])),
        ValueError,
        ("shape (3,) for a batch of N=3", "got shape (2,)", "one length per sequence"),
    ),
    "last: lengths exceed the sequence": (
        lambda: last_valid_step(OUTPUT, torch.tensor([6, 2, 3])),
        ValueError,
        ("expected every length in [1, T] = [1, 5]", "got values from 2 to 6", "no more than T"),
    ),
    "last: zero length": (
        lambda: last_valid_step(OUTPUT, [5, 0, 3]),
        ValueError,
        ("expected every length in [1, T] = [1, 5]", "got values from 0 to 5", "at least one"),
    ),
    "last: lengths 2-D": (
        lambda: last_valid_step(OUTPUT, LENGTHS[:, None]),
        ValueError,
        ("expected a 1-D integer tensor (or list of ints) of shape (3,)", "got shape (3, 1)"),
    ),
    "last: lengths float": (
        lambda: last_valid_step(OUTPUT, torch.tensor([5.0, 2.0, 3.0])),
        TypeError,
        ("expected an integer dtype", "got torch.float32 with shape (3,)", "lengths.long()"),
    ),
    "last: lengths bool": (
        lambda: last_valid_step(OUTPUT, torch.tensor([True, True, False])),
        TypeError,
        ("expected an integer dtype", "got torch.bool"),
    ),
    "last: lengths list of floats": (
        lambda: last_valid_step(OUTPUT, [5.0, 2.0, 3.0]),  # type: ignore[list-item]
        TypeError,
        ("expected a 1-D integer tensor (or list of ints)", "got a list ([5.0, 2.0, 3.0])"),
    ),
    "last: lengths list of bools": (
        lambda: last_valid_step(OUTPUT, [True, True, False]),
        TypeError,
        ("expected a 1-D integer tensor", "got a list", "a bool (True) is not"),
    ),
    "last: lengths numpy float array": (
        lambda: last_valid_step(OUTPUT, np.array([5.0, 2.0, 3.0])),  # type: ignore[arg-type]
        TypeError,
        ("lengths: expected an integer dtype", "of dtype float64", ".astype(int)"),
    ),
    "last: lengths list of float tensors": (
        lambda: last_valid_step(OUTPUT, [torch.tensor(5.0)] * 3),  # type: ignore[list-item]
        TypeError,
        ("lengths: expected a 1-D integer tensor", "got a list", "must be an integer"),
    ),
    "last: lengths not a sequence": (
        lambda: last_valid_step(OUTPUT, 5),  # type: ignore[arg-type]
        TypeError,
        ("expected a 1-D integer tensor (or list of ints) of shape (3,)", "got an int (5)"),
    ),
    "last: lengths on the wrong device": (
        lambda: last_valid_step(OUTPUT, LENGTHS.to("meta")),
        ValueError,
        ("expected a tensor on the CPU or on output's device (cpu)", "on meta", "lengths.cpu()"),
    ),
    "last: bidirectional with odd last dim": (
        lambda: last_valid_step(torch.zeros(5, 3, 31), LENGTHS, bidirectional=True),
        ValueError,
        ("expected an even last dim D*H = 2*H", "got shape (5, 3, 31)"),
    ),
    "last: batch-first output read time-major": (
        lambda: last_valid_step(BF_OUTPUT, [6, 2, 3, 1], bidirectional=True),
        ValueError,
        ("shape (6,) for a batch of N=6", "got shape (4,)", "pass batch_first=True, or rnn="),
    ),
    "last: time-major output read batch-first": (
        lambda: last_valid_step(OUTPUT, [5, 2, 3], batch_first=True, bidirectional=True),
        ValueError,
        ("for a batch of N=5", "got shape (3,)", "is output time-major? pass batch_first=False"),
    ),
    "last: batch_first contradicts rnn": (
        lambda: last_valid_step(BF_OUTPUT, [6, 2, 3, 1], batch_first=False, rnn=BF_LSTM),
        ValueError,
        ("batch_first: expected True (rnn.batch_first)", "got False", "leave batch_first out"),
    ),
    "last: bidirectional contradicts rnn": (
        lambda: last_valid_step(OUTPUT, LENGTHS, bidirectional=False, rnn=LSTM),
        ValueError,
        ("bidirectional: expected True (rnn.bidirectional)", "got False"),
    ),
    "last: output of another module than rnn": (
        lambda: last_valid_step(OUTPUT[..., :16], LENGTHS, rnn=LSTM),
        ValueError,
        ("output: expected last dim D*H = 2*16 = 32", "got shape (5, 3, 16)"),
    ),
    # --- describe ---
    "describe: module is nn.Linear": (
        lambda: describe(nn.Linear(8, 16), X),  # type: ignore[arg-type]
        TypeError,
        ("rnn: expected an nn.LSTM, nn.GRU or nn.RNN module", "got an nn.Linear module"),
    ),
    "describe: a model with one LSTM inside": (
        lambda: describe(Model(), X),  # type: ignore[arg-type]
        TypeError,
        ("rnn: expected an nn.LSTM", "got a Model module", "pass `model.lstm`"),
    ),
    "describe: a model with two RNNs inside": (
        lambda: describe(Encoder(), X),  # type: ignore[arg-type]
        TypeError,
        ("rnn: expected an nn.LSTM", "it holds 2 RNNs", "model.fwd, model.bwd"),
    ),
    "describe: a torch.compile'd LSTM": (
        lambda: describe(wrapped("compiled"), X),  # type: ignore[arg-type]
        TypeError,
        ("rnn: expected an nn.LSTM", "OptimizedModule module", "pass its ._orig_mod"),
    ),
    "describe: a torch.compile'd model with one LSTM": (
        lambda: describe(wrapped("compiled model"), X),  # type: ignore[arg-type]
        TypeError,
        (
            "rnn: expected an nn.LSTM",
            "OptimizedModule",
            "pass the RNN inside it, compiled._orig_mod.lstm",
        ),
    ),
    "describe: an LSTM nested two levels down": (
        lambda: describe(nn.ModuleDict({"encoder": Model()}), X),  # type: ignore[arg-type]
        TypeError,
        ("rnn: expected an nn.LSTM", "got an nn.ModuleDict module", "pass `model.encoder.lstm`"),
    ),
    "describe: a dynamically quantized LSTM": (
        lambda: describe(wrapped("quantized"), X),
        TypeError,
        (
            "rnn: expected an nn.LSTM",
            "got a torch.ao.nn.quantized.dynamic.modules.rnn.LSTM module",
            "before quantization",
        ),
    ),
    "describe: feature size not input_size": (
        lambda: describe(LSTM, torch.randn(5, 3, 7)),
        ValueError,
        ("expected last dim I = input_size = 8", "got shape (5, 3, 7)", "the features go last"),
    ),
    "describe: input rank 4": (
        lambda: describe(LSTM, torch.randn(2, 5, 3, 8)),
        ValueError,
        ("expected a tensor of shape (T, N, I) or (T, I) unbatched", "got shape (2, 5, 3, 8)"),
    ),
    "describe: non-tensor input": (
        lambda: describe(LSTM, np.zeros((5, 3, 8))),
        TypeError,
        ("input: expected a tensor of shape (T, N, I)", "got a numpy.ndarray of shape (5, 3, 8)"),
    ),
    "describe: no input": (
        lambda: describe(LSTM),
        TypeError,
        ("inputs: expected the module's input", "got 0 arguments", "describe(rnn, x)"),
    ),
    "describe: LSTM state not a pair": (
        lambda: describe(LSTM, X, torch.zeros(4, 3, 16)),
        TypeError,
        ("hx: expected a tuple (h_0, c_0)", "got a tensor of shape (4, 3, 16)", "pass both"),
    ),
    "describe: GRU state given as a pair": (
        lambda: describe(GRU, X, (torch.zeros(1, 3, 16),) * 2),
        TypeError,
        ("hx: expected a single tensor h_0", "got a tuple of 2", "only an LSTM takes a pair"),
    ),
    "describe: initial state of wrong shape": (
        lambda: describe(LSTM, X, (torch.zeros(2, 3, 16), torch.zeros(4, 3, 16))),
        ValueError,
        ("h_0: expected shape (4, 3, 16) (L*D = 2*2 = 4, N = 3, H = 16)", "got shape (2, 3, 16)"),
    ),
    "describe: input dtype differs from the module's": (
        lambda: describe(LSTM, X.double()),
        TypeError,
        ("input: expected dtype torch.float32", "got torch.float64", "input.to(torch.float32)"),
    ),
    "describe: integer input": (
        lambda: describe(LSTM, torch.zeros(5, 3, 8, dtype=torch.long)),
        TypeError,
        ("input: expected a floating-point tensor", "got dtype torch.int64", "nn.Embedding"),
    ),
    "describe: no time steps": (
        lambda: describe(LSTM, torch.zeros(0, 3, 8)),
        ValueError,
        ("input: expected at least one time step", "got shape (0, 3, 8)", "drop empty"),
    ),
    "describe: no time steps, batch first": (
        lambda: describe(BF_LSTM, torch.zeros(3, 0, 8)),
        ValueError,
        ("input: expected at least one time step", "got shape (3, 0, 8)"),
    ),
    "describe: input on another device": (
        lambda: describe(LSTM, X.to("meta")),
        ValueError,
        ("input: expected a tensor on cpu", "on meta", "rnn.to('meta')"),
    ),
    "describe: state dtype differs": (
        lambda: describe(LSTM, X, (torch.zeros(4, 3, 16, dtype=F64), torch.zeros(4, 3, 16))),
        TypeError,
        ("h_0: expected dtype torch.float32", "got torch.float64"),
    ),
    "describe: forward returns something else": (
        lambda: describe(OutputOnly(8, 16), X),
        TypeError,
        ("rnn: expected forward to return (output, (h_n, c_n))", "got a tensor", "plain nn.LSTM"),
    ),
    "check_rnn_module: a string": (
        lambda: check_rnn_module("LSTM"),
        TypeError,
        ("rnn: expected an nn.LSTM, nn.GRU or nn.RNN module", "got a str ('LSTM')"),
    ),
    # --- describe_checkpoint ---
    "checkpoint: no RNN weights": (
        lambda: describe_checkpoint(nn.Linear(8, 4).state_dict()),
        ValueError,
        ("checkpoint: expected the weights of an nn.LSTM", "with none", "holds the RNN?"),
    ),
    "checkpoint: layer-1 width fits no direction count": (
        lambda: describe_checkpoint(bad_state_dict()),
        ValueError,
        ("checkpoint: expected the weights of one nn.LSTM", "16 for one direction or 32 for two"),
    ),
    "checkpoint: a module instead of a state dict": (
        lambda: describe_checkpoint(LSTM),  # type: ignore[arg-type]
        TypeError,
        ("checkpoint: expected a path", "or a state dict", "got an nn.LSTM module"),
    ),
    "checkpoint: key names no RNN": (
        lambda: describe_checkpoint({"enc": LSTM.state_dict()}, key="dec"),
        ValueError,
        ("key: expected one of 'enc'", "got 'dec'", "no RNN there"),
    ),
    "checkpoint: missing file": (
        lambda: describe_checkpoint("/nonexistent/model.pt"),
        ValueError,
        ("checkpoint: expected a file saved with torch.save", "no such file"),
    ),
    "checkpoint: a folder": (
        lambda: describe_checkpoint(tempfile.gettempdir()),
        ValueError,
        ("checkpoint: expected a file saved with torch.save", "a folder, not a file: pass"),
    ),
    "checkpoint: /dev/null": (
        lambda: describe_checkpoint("/dev/null"),
        ValueError,
        ("got '/dev/null'", "a device or other special file, not a regular file"),
    ),
    "checkpoint: an empty file": (
        lambda: describe_checkpoint(checkpoint_file("empty")),
        ValueError,
        ("checkpoint: expected a file saved with torch.save", "0 bytes", "save it again"),
    ),
    "checkpoint: a plain pickle": (
        lambda: describe_checkpoint(checkpoint_file("pickle")),
        ValueError,
        ("a Python pickle not written by torch.save", "could run code", "torch.save its state"),
    ),
    "checkpoint: a TorchScript archive": (
        lambda: describe_checkpoint(checkpoint_file("torchscript")),
        ValueError,
        (
            "checkpoint: expected a state dict",
            "a TorchScript archive",
            "model = torch.jit.load(path); torch.save(model.state_dict(), 'state_dict.pt')",
        ),
    ),
    "checkpoint: a torch.export program": (
        lambda: describe_checkpoint(checkpoint_file("export")),
        ValueError,
        (
            "a torch.export program",
            "program = torch.export.load(path); torch.save(program.state_dict,",
        ),
    ),
    "checkpoint: an ONNX file without the onnx package": (
        lambda: without_onnx(lambda: describe_checkpoint(checkpoint_file("onnx"))),
        ValueError,
        ("an ONNX file: pip install onnx", "weights = {t.name: nh.to_array(t) for t in"),
    ),
    "checkpoint: weights only inside objects weights_only refuses": (
        lambda: describe_checkpoint(checkpoint_file("optimizer")),
        ValueError,
        (
            "does not unpickle (torch.optim.sgd.SGD",
            "obj = torch.load(path, weights_only=False); torch.save(obj.state_dict()",
        ),
    ),
    "checkpoint: quantized weights": (
        lambda: describe_checkpoint(quantized_state_dict()),
        ValueError,
        ("weight_ih_l0 of dtype torch.qint8, not floating point", "of the float model"),
    ),
    "checkpoint: a dynamically quantized model's state dict": (
        lambda: describe_checkpoint(checkpoint_file("dynamic quantized")),
        ValueError,
        ("a dynamically quantized model", "torch.ScriptObject", "before quantization"),
    ),
    "checkpoint: two parameter sets under one key": (
        lambda: describe_checkpoint(
            {
                "enc": {f"rnn.{k}": v for k, v in GRU.state_dict().items()},
                "enc.rnn": GRU.state_dict(),
            }
        ),
        ValueError,
        ("key: expected one set of RNN parameters", "two under 'enc.rnn'", "describe each one"),
    ),
    "checkpoint: key not a str": (
        lambda: describe_checkpoint(GRU.state_dict(), key=5),  # type: ignore[arg-type]
        TypeError,
        ("key: expected a str (the prefix of one RNN's parameters", "got an int (5)"),
    ),
    "checkpoint: seq_len given as text": (
        lambda: describe_checkpoint(GRU.state_dict(), seq_len="5"),  # type: ignore[arg-type]
        TypeError,
        ("seq_len: expected an int from 1", "got a str ('5')", "pass seq_len=5"),
    ),
    "checkpoint: negative batch_size": (
        lambda: describe_checkpoint(GRU.state_dict(), batch_size=-1),
        ValueError,
        ("batch_size: expected an int from 1", "got -1"),
    ),
    "checkpoint: batch_first not a flag": (
        lambda: describe_checkpoint(GRU.state_dict(), batch_first="yes"),  # type: ignore[arg-type]
        TypeError,
        ("batch_first: expected True, False or None (not known)", "got a str ('yes')"),
    ),
    "checkpoint: seed out of torch's range": (
        lambda: describe_checkpoint(GRU.state_dict(), seed=2**64),
        ValueError,
        ("seed: expected an int from -9223372036854775808 to 18446744073709551615", "got"),
    ),
    # --- reference_forward (its rejection tests, in the same style) ---
    "reference: module is nn.Linear": (
        lambda: reference_forward(nn.Linear(3, 4), torch.zeros(2, 3)),  # type: ignore[call-overload]
        TypeError,
        ("rnn: expected an nn.LSTM, nn.GRU or nn.RNN module", "got an nn.Linear module"),
    ),
    "reference: module is nn.LSTMCell": (
        lambda: reference_forward(nn.LSTMCell(3, 4), torch.zeros(2, 3)),  # type: ignore[call-overload]
        TypeError,
        ("rnn: expected an nn.LSTM", "got an nn.LSTMCell module", "a single cell"),
    ),
    "reference: input is a list": (
        lambda: reference_forward(DOUBLE, [[0.0, 0.0, 0.0]]),  # type: ignore[call-overload]
        TypeError,
        ("input: expected a tensor", "or a PackedSequence", "got a list"),
    ),
    "reference: input rank 1": (
        lambda: reference_forward(DOUBLE, torch.zeros(3, dtype=F64)),
        ValueError,
        ("input: expected a tensor of shape (T, N, I) or (T, I) unbatched", "got shape (3,)"),
    ),
    "reference: input rank 4": (
        lambda: reference_forward(DOUBLE, torch.zeros(1, 2, 3, 3, dtype=F64)),
        ValueError,
        ("input: expected a tensor of shape (T, N, I)", "got shape (1, 2, 3, 3)"),
    ),
    "reference: feature size not input_size": (
        lambda: reference_forward(DOUBLE, torch.zeros(2, 1, 5, dtype=F64)),
        ValueError,
        ("input: expected last dim I = input_size = 3", "got shape (2, 1, 5)"),
    ),
    "reference: no time steps": (
        lambda: reference_forward(DOUBLE, torch.zeros(0, 1, 3, dtype=F64)),
        ValueError,
        ("input: expected at least one time step", "got shape (0, 1, 3)"),
    ),
    "reference: input dtype differs": (
        lambda: reference_forward(DOUBLE, torch.zeros(2, 1, 3)),
        TypeError,
        ("input: expected dtype torch.float64", "got torch.float32", "convert with input.to"),
    ),
    "reference: h_0 of wrong shape": (
        lambda: reference_forward(
            DOUBLE,
            torch.zeros(2, 1, 3, dtype=F64),
            (torch.zeros(2, 1, 4, dtype=F64), torch.zeros(4, 1, 4, dtype=F64)),
        ),
        ValueError,
        ("h_0: expected shape (4, 1, 4)", "got shape (2, 1, 4)"),
    ),
    "reference: c_0 dtype differs": (
        lambda: reference_forward(
            DOUBLE,
            torch.zeros(2, 1, 3, dtype=F64),
            (torch.zeros(4, 1, 4, dtype=F64), torch.zeros(4, 1, 4)),
        ),
        TypeError,
        ("c_0: expected dtype torch.float64", "got torch.float32"),
    ),
    "reference: c_0 of wrong shape": (
        lambda: reference_forward(
            DOUBLE,
            torch.zeros(2, 1, 3, dtype=F64),
            (torch.zeros(4, 1, 4, dtype=F64), torch.zeros(4, 2, 4, dtype=F64)),
        ),
        ValueError,
        ("c_0: expected shape (4, 1, 4)", "got shape (4, 2, 4)"),
    ),
    "reference: batched states for unbatched input": (
        lambda: reference_forward(
            DOUBLE, torch.zeros(2, 3, dtype=F64), (torch.zeros(4, 1, 4, dtype=F64),) * 2
        ),
        ValueError,
        ("h_0: expected shape (4, 4)", "got shape (4, 1, 4)", "drop the batch dim"),
    ),
    "reference: one tensor as an LSTM's state": (
        lambda: reference_forward(
            DOUBLE, torch.zeros(2, 1, 3, dtype=F64), torch.zeros(4, 1, 4, dtype=F64)
        ),
        TypeError,
        ("hx: expected a tuple (h_0, c_0)", "got a tensor"),
    ),
    "reference: a pair as a GRU's state": (
        lambda: reference_forward(
            DOUBLE_GRU, torch.zeros(2, 1, 3, dtype=F64), (torch.zeros(1, 1, 4, dtype=F64),) * 2
        ),
        TypeError,
        ("hx: expected a single tensor h_0", "got a tuple"),
    ),
    "reference: packed input, state for another batch": (
        lambda: reference_forward(
            DOUBLE_GRU,
            pack_padded_sequence(
                torch.zeros(3, 2, 3, dtype=F64), torch.tensor([3, 1]), enforce_sorted=False
            ),
            torch.zeros(1, 3, 4, dtype=F64),
        ),
        ValueError,
        ("h_0: expected shape (1, 2, 4)", "got shape (1, 3, 4)"),
    ),
    "reference: training mode with dropout": (
        lambda: reference_forward(
            nn.LSTM(3, 4, num_layers=2, dropout=0.5).double().train(),
            torch.zeros(2, 1, 3, dtype=F64),
        ),
        ValueError,
        ("rnn: expected a module whose output is deterministic", "dropout=0.5", "rnn.eval()"),
    ),
    # --- layer_outputs (the same checks as reference_forward, at its own entry point) ---
    "layers: model holding the LSTM": (
        lambda: layer_outputs(Model(), X),  # type: ignore[call-overload]
        TypeError,
        ("rnn: expected an nn.LSTM, nn.GRU or nn.RNN module", "pass `model.lstm`"),
    ),
    "layers: arguments swapped": (
        lambda: layer_outputs(X, LSTM),  # type: ignore[call-overload]
        TypeError,
        ("rnn: expected an nn.LSTM", "got a tensor of shape (5, 3, 8)", "swapped"),
    ),
    "layers: batch-first input to a time-major module": (
        lambda: layer_outputs(DOUBLE, torch.zeros(1, 2, 5, dtype=F64)),
        ValueError,
        ("input: expected last dim I = input_size = 3", "got shape (1, 2, 5)"),
    ),
    "layers: h_0 without the directions": (
        lambda: layer_outputs(
            DOUBLE,
            torch.zeros(2, 1, 3, dtype=F64),
            (torch.zeros(2, 1, 4, dtype=F64), torch.zeros(2, 1, 4, dtype=F64)),
        ),
        ValueError,
        ("h_0: expected shape (4, 1, 4) (L*D = 2*2 = 4", "got shape (2, 1, 4)"),
    ),
    "layers: training mode with dropout": (
        lambda: layer_outputs(
            nn.GRU(3, 4, num_layers=2, dropout=0.5).double().train(),
            torch.zeros(2, 1, 3, dtype=F64),
        ),
        ValueError,
        ("rnn: expected a module whose output is deterministic", "call rnn.eval()"),
    ),
}

GRAMMAR = re.compile(r"^[\w.\[\]-]+: expected .+, got .+")


@pytest.mark.parametrize(("call", "kind", "fragments"), CASES.values(), ids=CASES.keys())
def test_bad_input_raises_a_clear_error(
    call: Callable[[], Any], kind: type[Exception], fragments: tuple[str, ...]
) -> None:
    with pytest.raises(kind) as excinfo:
        call()
    assert type(excinfo.value) is kind  # not a subclass raised by torch
    message = str(excinfo.value)
    for fragment in fragments:
        assert fragment in message
    # One grammar for every argument error: "name: expected X, got Y (likely cause)".
    assert GRAMMAR.match(message), message
    assert len(fragments) >= 2


def test_the_table_covers_every_public_function_with_sixty_cases() -> None:
    assert len(CASES) >= 60
    prefixes = {name.split(":")[0] for name in CASES}
    assert {
        "split",
        "unstack",
        "summary",
        "last",
        "describe",
        "checkpoint",
        "reference",
        "layers",
    } <= prefixes
