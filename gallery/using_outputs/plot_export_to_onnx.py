"""
Where ``output`` and ``h_n`` go in an ONNX export
=================================================

Needs onnx, onnxruntime and onnxscript besides torch, numpy and matplotlib:
``pip install onnx onnxruntime onnxscript``.

A model that leaves PyTorch as an ONNX file is run by ONNX Runtime, or by a tool that reads the
graph and wires its outputs by name. There, a stacked bidirectional :class:`torch.nn.LSTM` is no
longer one module: it is one ONNX ``LSTM`` node per layer, whose outputs ``Y`` and ``Y_h`` are laid
out differently from ``output`` and ``h_n``, and whose weights hold the gates in another order.
This example exports a 2-layer bidirectional LSTM, runs the graph in ONNX Runtime, and maps every
row of ``Y`` and ``Y_h`` back to the slice of ``output`` and ``h_n`` it is.
"""

# %%
# Export
# ------
#
# Notation: ``T`` steps, ``N`` sequences in the batch, ``H`` hidden units per direction, ``L``
# layers, ``D = 2`` directions. ``torch.onnx.export`` without a file name returns an
# ``ONNXProgram``; its ``model_proto`` is the graph, read here with the ``onnx`` package. The
# exporter warns on the way, with a ``UserWarning`` (``nn.LSTM`` refreshed its private list of
# weights while ``torch.export`` traced it) and a ``FutureWarning`` (from inside
# ``torch.export``), neither about the graph: they are recorded and listed rather than printed,
# and the exporter's log lines (torchvision's operators are skipped when torchvision is not
# installed) are turned off.

import logging
import warnings

import matplotlib.pyplot as plt
import numpy as np
import onnx
import onnxruntime
import torch
from torch import nn

torch.manual_seed(0)
T, N, INPUT_SIZE, H, L, D = 5, 3, 4, 6, 2, 2
lstm = nn.LSTM(INPUT_SIZE, H, num_layers=L, bidirectional=True).eval()
x = torch.randn(T, N, INPUT_SIZE)
with torch.no_grad():
    output, (h_n, c_n) = lstm(x)

logging.getLogger("torch.onnx").setLevel(logging.ERROR)
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    model = torch.onnx.export(lstm, (x,), verbose=False).model_proto
categories = sorted({w.category.__name__ for w in caught})
assert categories == ["FutureWarning", "UserWarning"], categories
print("the export warned:", categories)

ops = [node.op_type for node in model.graph.node]
print("nodes:", ops)
lstm_nodes = [node for node in model.graph.node if node.op_type == "LSTM"]
assert len(lstm_nodes) == L

# %%
# One ``LSTM`` node per layer, with the gates reordered
# -----------------------------------------------------
#
# Each node carries both directions: its weights ``W``, ``R`` and ``B`` have a first axis of size
# ``D``, row 1 holding the ``_reverse`` parameters. ONNX orders the four gate blocks input,
# output, forget, cell; PyTorch orders them input, forget, cell, output. ``B`` puts PyTorch's two
# biases side by side.

initializers = {i.name: onnx.numpy_helper.to_array(i) for i in model.graph.initializer}


def onnx_gate_order(rows: torch.Tensor) -> np.ndarray:
    """PyTorch's gate blocks (i, f, g, o) in ONNX's order (i, o, f, c)."""
    i, f, g, o = rows.detach().chunk(4, dim=0)
    return torch.cat([i, o, f, g]).numpy()


for layer, node in enumerate(lstm_nodes):
    W, R, B = (initializers[name] for name in node.input[1:4])
    print(f"layer {layer}: W {W.shape}, R {R.shape}, B {B.shape}")
    for d, suffix in enumerate(["", "_reverse"]):
        weight_ih = getattr(lstm, f"weight_ih_l{layer}{suffix}")
        weight_hh = getattr(lstm, f"weight_hh_l{layer}{suffix}")
        bias_ih = getattr(lstm, f"bias_ih_l{layer}{suffix}")
        bias_hh = getattr(lstm, f"bias_hh_l{layer}{suffix}")
        assert np.array_equal(W[d], onnx_gate_order(weight_ih))
        assert np.array_equal(R[d], onnx_gate_order(weight_hh))
        assert np.array_equal(
            B[d], np.concatenate([onnx_gate_order(bias_ih), onnx_gate_order(bias_hh)])
        )

# %%
# Run it in ONNX Runtime
# ----------------------
#
# The graph's own outputs are ``output``, ``h_n`` and ``c_n``. To read the nodes' ``Y`` and
# ``Y_h`` as well, add them to the graph's outputs before creating the session.

graph_outputs = [o.name for o in model.graph.output]
for node in lstm_nodes:
    for name in node.output[:2]:  # Y, Y_h
        model.graph.output.append(
            onnx.helper.make_tensor_value_info(name, onnx.TensorProto.FLOAT, None)
        )
session = onnxruntime.InferenceSession(
    model.SerializeToString(), providers=["CPUExecutionProvider"]
)
names = [o.name for o in session.get_outputs()]
results = dict(
    zip(names, session.run(None, {session.get_inputs()[0].name: x.numpy()}), strict=True)
)

for name, label, ours in zip(
    graph_outputs, ("output", "h_n", "c_n"), (output, h_n, c_n), strict=True
):
    difference = np.abs(results[name] - ours.numpy()).max()
    print(f"{label}: {results[name].shape}, largest difference from PyTorch {difference:.1e}")
    assert difference <= 1e-6

# %%
# ``Y`` is ``[T, D, N, H]``; ``output`` is ``(T, N, D*H)``
# --------------------------------------------------------
#
# The directions of ``Y`` have an axis of their own, before the batch. The exporter turns the top
# node's ``Y`` into ``output`` with a ``Transpose`` (swap ``D`` and ``N``) and a ``Reshape`` (merge
# ``D`` and ``H``); a reader of the raw node does the same, or takes ``Y[:, d]`` for direction
# ``d``.

Y = [results[node.output[0]] for node in lstm_nodes]
Y_h = [results[node.output[1]] for node in lstm_nodes]
assert Y[-1].shape == (T, D, N, H)
as_output = Y[-1].transpose(0, 2, 1, 3).reshape(T, N, D * H)
assert np.abs(as_output - output.numpy()).max() <= 1e-6
assert np.abs(Y[-1][:, 1] - output[..., H:].numpy()).max() <= 1e-6  # the backward half
print("top node's Y:", Y[-1].shape, "-> transpose(0, 2, 1, 3).reshape(T, N, D*H) = output")

# %%
# ``Y_h`` is ``[D, N, H]``: one layer's rows of ``h_n``
# -----------------------------------------------------
#
# ``h_n`` is the ``Concat`` of every layer's ``Y_h`` along axis 0, in layer order: that
# concatenation is what makes ``h_n`` layer-major and direction-minor. The matrix below compares
# every row of ``h_n`` with every ``(layer, direction)`` row of the nodes' ``Y_h``: only the
# diagonal matches, so row ``layer * D + d`` of ``h_n`` is ``Y_h[d]`` of layer ``layer``'s node,
# and the top layer's ``h_n[-2]``, ``h_n[-1]`` are the last node's ``Y_h[0]``, ``Y_h[1]``.

concat = next(node for node in model.graph.node if node.output[0] == graph_outputs[1])
assert list(concat.input) == [node.output[1] for node in lstm_nodes]

rows_of_Y_h = [Y_h[layer][d] for layer in range(L) for d in range(D)]
differences = np.array(
    [[np.abs(h_n[i].numpy() - row).max() for row in rows_of_Y_h] for i in range(L * D)]
)
assert (np.diag(differences) <= 1e-6).all()
assert (differences + np.eye(L * D) > 1e-3).all()  # every other pair differs
print(np.array2string(differences, precision=3, suppress_small=True))

fig, ax = plt.subplots(figsize=(7.2, 5.0), layout="constrained")
image = ax.imshow(differences, cmap="viridis")
ax.set_xticks(
    range(L * D),
    [
        f"layer {layer}\nY_h[{d}]\n{('forward', 'backward')[d]}"
        for layer in range(L)
        for d in range(D)
    ],
    fontsize=9,
)
ax.set_yticks(range(L * D), [f"h_n[{i}]" for i in range(L * D)])
ax.set_xlabel("rows of each LSTM node's Y_h (ONNX Runtime)")
ax.set_ylabel("rows of h_n (PyTorch)")
for i in range(L * D):
    for j in range(L * D):
        value = differences[i, j]
        ax.text(
            j,
            i,
            "≤ 1e-6" if value <= 1e-6 else f"{value:.2f}",
            ha="center",
            va="center",
            color="black" if value > differences.max() / 2 else "white",
        )
fig.colorbar(image, ax=ax, label="largest |difference|")
ax.set_title("h_n[layer * 2 + d] is Y_h[d] of that layer's node")
plt.show()

# %%
# ``batch_first`` and other batch sizes
# -------------------------------------
#
# With ``batch_first=True`` the nodes stay time-major: the exporter adds a ``Transpose`` before
# the first node and after the last ``Reshape``, and none for ``h_n``. The graph also keeps the
# example's batch size unless ``dynamic_shapes`` names the batch dimension; then it runs on any
# batch.

batch_first = nn.LSTM(INPUT_SIZE, H, num_layers=L, bidirectional=True, batch_first=True).eval()
with warnings.catch_warnings(record=True):
    warnings.simplefilter("always")
    bf_model = torch.onnx.export(
        batch_first,
        (x.transpose(0, 1),),
        dynamic_shapes=({0: torch.export.Dim("batch")},),
        verbose=False,
    ).model_proto
swaps = [  # Transpose nodes that swap the first two axes of a 3-D tensor
    node
    for node in bf_model.graph.node
    if node.op_type == "Transpose"
    and list(onnx.helper.get_attribute_value(node.attribute[0])) == [1, 0, 2]
]
assert [swaps[0].input[0], swaps[1].output[0]] == [
    bf_model.graph.input[0].name,
    bf_model.graph.output[0].name,
]
for node in bf_model.graph.node:
    if node.op_type == "LSTM":
        layout = next(a for a in node.attribute if a.name == "layout")
        assert onnx.helper.get_attribute_value(layout) == 0  # time-major
print("batch_first: the input and output are transposed, the LSTM nodes stay time-major")

bigger = torch.randn(N + 4, T, INPUT_SIZE)
bf_session = onnxruntime.InferenceSession(
    bf_model.SerializeToString(), providers=["CPUExecutionProvider"]
)
bf_output, bf_h_n, _ = bf_session.run(None, {bf_session.get_inputs()[0].name: bigger.numpy()})
with torch.no_grad():
    expected_output, (expected_h_n, _) = batch_first(bigger)
assert bf_output.shape == (N + 4, T, D * H)
assert bf_h_n.shape == (L * D, N + 4, H)
assert np.abs(bf_output - expected_output.numpy()).max() <= 1e-6
assert np.abs(bf_h_n - expected_h_n.numpy()).max() <= 1e-6
print(f"a batch of {N + 4}: output {bf_output.shape}, h_n {bf_h_n.shape}, as in PyTorch")

# %%
# The gate order and everything else the export does are on the page
# :ref:`questions-exported-models`, with ``torch.export``, TorchScript, the older ONNX exporter,
# and Keras running the same weights.
