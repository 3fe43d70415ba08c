"""The LSTM, GRU and RNN nodes of an ONNX file, described in ONNX's own layout.

ONNX's recurrent operators (https://onnx.ai/onnx/operators/onnx__LSTM.html) compute one layer
each, in both directions when ``direction="bidirectional"``. With ``layout=0`` (the default)
their input ``X`` is ``[T, N, I]``, their output ``Y`` is ``[T, D, N, H]`` (directions a dimension
of their own, not concatenated into the features as in PyTorch) and ``Y_h``/``Y_c`` are
``[D, N, H]``; with ``layout=1`` the batch comes first: ``[N, T, I]``, ``[N, T, D, H]`` and
``[N, D, H]``. Their weights ``W`` are ``[D, G*H, I]`` and ``R`` ``[D, G*H, H]``. The file is only
parsed (protobuf), never run.
"""

from __future__ import annotations

from typing import Any

from lstm_outputs.report import Dim, Report, TensorInfo

_GATES = {"LSTM": 4, "GRU": 3, "RNN": 1}


def _attribute(node: Any, name: str, default: Any) -> Any:
    import onnx

    for attribute in node.attribute:
        if attribute.name == name:
            return onnx.helper.get_attribute_value(attribute)
    return default


def _shapes(model: Any) -> dict[str, tuple[int, ...]]:
    shapes = {t.name: tuple(int(d) for d in t.dims) for t in model.graph.initializer}
    for value in [*model.graph.input, *model.graph.value_info]:
        dims = value.type.tensor_type.shape.dim
        if dims and all(d.HasField("dim_value") for d in dims):
            shapes.setdefault(value.name, tuple(int(d.dim_value) for d in dims))
    return shapes


def onnx_reports(
    model: Any, key: str | None, *, seq_len: int, batch_size: int
) -> dict[str, Report]:
    """One report per LSTM/GRU/RNN node (keyed by node name), in ONNX's layout."""
    shapes = _shapes(model)
    nodes = [n for n in model.graph.node if n.op_type in _GATES]
    names = [n.name or f"{n.op_type.lower()}_{i}" for i, n in enumerate(nodes)]
    if not nodes:
        ops = sorted({n.op_type for n in model.graph.node})
        raise ValueError(
            f"checkpoint: expected an ONNX graph with LSTM, GRU or RNN nodes, got one with "
            f"{', '.join(ops[:8])} (a recurrent layer exported as a loop of MatMuls cannot be "
            "described: export the model with its nn.LSTM as one node)"
        )
    if key is not None and key not in names:
        listed = ", ".join(repr(n) for n in names)
        raise ValueError(f"key: expected one of {listed}, got {key!r} (no RNN node there)")
    reports = {}
    for name, node in zip(names, nodes, strict=True):
        if key is not None and name != key:
            continue
        op = node.op_type
        direction = _attribute(node, "direction", b"forward")
        direction = direction.decode() if isinstance(direction, bytes) else str(direction)
        d = 2 if direction == "bidirectional" else 1
        w = shapes.get(node.input[1]) if len(node.input) > 1 else None
        h = int(_attribute(node, "hidden_size", 0)) or (int(w[1]) // _GATES[op] if w else 0)
        i = int(w[2]) if w and len(w) == 3 else 0
        layout = int(_attribute(node, "layout", 0))
        t, n = seq_len, batch_size
        time = Dim(t, f"T={t}", "time step")
        batch = Dim(n, f"N={n}", "sequence in the batch")
        dirs = "0 forward, 1 reverse" if d == 2 else ("0: " + direction)
        direction_dim = Dim(d, f"D={d}", f"direction: {dirs}")
        hidden = Dim(h, f"H={h}", "hidden state (hidden_size)")
        feature = Dim(i, f"I={i}", "input feature (input_size)")
        lead = (batch, time) if layout else (time, batch)
        y_dims = (
            (batch, time, direction_dim, hidden)
            if layout
            else (time, direction_dim, batch, hidden)
        )
        tensors = [
            TensorInfo("X", (*(x.size for x in lead), i), (*lead, feature)),
            TensorInfo("Y", tuple(x.size for x in y_dims), y_dims),
        ]
        state_dims = (batch, direction_dim) if layout else (direction_dim, batch)
        final = "final state (forward after step T-1, reverse after step 0)"
        for state in ("Y_h", "Y_c") if op == "LSTM" else ("Y_h",):
            dims = (*state_dims, Dim(h, f"H={h}", final if state == "Y_h" else "cell " + final))
            tensors.append(TensorInfo(state, tuple(x.size for x in dims), dims))
        y_dir = "Y[:, :, d]" if layout else "Y[:, d]"
        notes = [
            f"ONNX {op} node {name!r}, direction={direction!r}, layout={layout}: one node is one "
            "layer (a 2-layer PyTorch RNN exports as two nodes); the file was parsed, not run",
            f"{y_dir} is direction d; PyTorch's output of this layer is Y with the direction "
            "dimension moved next to the features and merged: (T, N, D*H)",
            "Y_h[d] is PyTorch's h_n row l*D+d for the layer l this node computes"
            if not layout
            else "Y_h[:, d] is PyTorch's h_n row l*D+d for the layer l this node computes",
            f"weights W {w or '(shape not in the file)'}: [D, G*H, I] with ONNX's gate order "
            + {
                "LSTM": "i, o, f, c (PyTorch: i, f, g, o)",
                "GRU": "z, r, h (PyTorch: r, z, n)",
            }.get(op, "(one gate)"),
            f"T={t} and N={n} are example sizes: the file does not fix them",
        ]
        reports[name] = Report(f"ONNX {op} node {name!r}", tuple(tensors), (), tuple(notes))
    return reports
