"""
Shapes at a glance
==================

Every recurrent layer in PyTorch returns a per-step tensor ``output`` and a final hidden state
``h_n`` (plus a final cell state ``c_n`` for an LSTM), and their shapes move with five switches:
the number of layers, ``bidirectional``, ``batch_first``, ``proj_size`` and whether the input has a
batch dimension at all. Knowing the three rules that produce every shape lets you read a printed
``torch.Size`` and know at once which axis is which, before you index into the wrong one.
"""

# %%
# The rules
# ---------
#
# Write ``L`` for ``num_layers``, ``D`` for the number of directions (2 if ``bidirectional``,
# else 1), ``N`` for the batch size, ``T`` for the sequence length, ``H`` for ``hidden_size`` and
# ``H_out`` for ``proj_size`` if it is set, else ``H``. Then, for :class:`torch.nn.LSTM`,
# :class:`torch.nn.GRU` and :class:`torch.nn.RNN` alike:
#
# * ``output`` is ``(T, N, D * H_out)``; with ``batch_first=True`` it is ``(N, T, D * H_out)``;
#   for unbatched input of shape ``(T, input_size)`` it is ``(T, D * H_out)``.
# * ``h_n`` is ``(L * D, N, H_out)``, or ``(L * D, H_out)`` unbatched. ``batch_first`` never
#   touches it.
# * ``c_n`` (LSTM only) is ``(L * D, N, H)``: the cell state is never projected, so its last
#   dimension is ``hidden_size`` even when ``proj_size`` is set.
#
# The :class:`torch.nn.LSTM` reference uses other letters: ``L`` for the sequence length (our
# ``T``) and ``H_in`` for ``input_size``; mind the clash of ``L`` when reading both.
#
# The function below states these rules as code; the table that follows checks every row
# against it.

import warnings

import matplotlib.pyplot as plt
import torch
from matplotlib.patches import Rectangle
from torch import nn

# An LSTM with proj_size warns on CPU that oneDNN has no fast path for it; the result is the same.
warnings.filterwarnings("ignore", message="LSTM with projections is not supported with oneDNN")

torch.manual_seed(0)

reference = " ".join(nn.LSTM.__doc__.split())
assert r"L ={} & \text{sequence length}" in reference
assert r"H_{in} ={} & \text{input\_size}" in reference

# Sizes chosen all different, so that every number in a shape names exactly one axis.
T, N, INPUT_SIZE, H, P = 7, 3, 5, 6, 2


def expected_shapes(
    mode: str, layers: int, bidirectional: bool, batch_first: bool, proj: int, batched: bool
) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...] | None]:
    """The shapes of ``output``, ``h_n`` and ``c_n`` that the rules above predict."""
    d = 2 if bidirectional else 1
    h_out = proj if proj > 0 else H
    if not batched:
        output = (T, d * h_out)
    elif batch_first:
        output = (N, T, d * h_out)
    else:
        output = (T, N, d * h_out)
    batch = (N,) if batched else ()
    h_n = (layers * d, *batch, h_out)
    c_n = (layers * d, *batch, H) if mode == "LSTM" else None
    return output, h_n, c_n


# %%
# The table
# ---------
#
# Each row builds a real module, runs it once, and prints the shapes it returned. The ``assert``
# inside the loop compares them with ``expected_shapes``, so a row that disagrees with the
# rules stops the script. The last column is ``-`` for GRU and RNN, which return no ``c_n``
# (see :ref:`sphx_glr_auto_examples_basics_plot_gru_and_rnn.py`).

configs = [
    # mode, num_layers, bidirectional, batch_first, proj_size, batched
    ("LSTM", 1, False, False, 0, True),
    ("LSTM", 2, True, False, 0, True),
    ("LSTM", 2, True, True, 0, True),
    ("LSTM", 2, True, False, P, True),
    ("LSTM", 3, False, True, P, True),
    ("LSTM", 2, True, False, 0, False),
    ("LSTM", 2, True, True, 0, False),
    ("GRU", 2, True, False, 0, True),
    ("GRU", 1, True, True, 0, True),
    ("RNN", 3, True, False, 0, True),
    ("RNN", 2, False, False, 0, False),
]


def fmt(shape: tuple[int, ...] | None) -> str:
    return "-" if shape is None else str(tuple(shape))


header = ("mode", "L", "D", "batch_first", "proj", "input", "output", "h_n", "c_n")
rows = []
for mode, layers, bidirectional, batch_first, proj, batched in configs:
    kwargs = {"proj_size": proj} if mode == "LSTM" else {}
    rnn = getattr(nn, mode)(
        INPUT_SIZE,
        H,
        num_layers=layers,
        bidirectional=bidirectional,
        batch_first=batch_first,
        **kwargs,
    )
    if not batched:
        x = torch.randn(T, INPUT_SIZE)
    elif batch_first:
        x = torch.randn(N, T, INPUT_SIZE)
    else:
        x = torch.randn(T, N, INPUT_SIZE)
    with torch.no_grad():
        output, state = rnn(x)
    h_n, c_n = state if mode == "LSTM" else (state, None)
    got = (tuple(output.shape), tuple(h_n.shape), None if c_n is None else tuple(c_n.shape))
    assert got == expected_shapes(mode, layers, bidirectional, batch_first, proj, batched), got
    d = 2 if bidirectional else 1
    rows.append((mode, layers, d, batch_first, proj or "-", *map(fmt, (x.shape, *got))))

widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
for r in [header, *rows]:
    print("  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())

# %%
# Three things to read off the table:
#
# * ``batch_first`` swaps the first two axes of ``output`` (and of the input) and nothing else:
#   rows 2 and 3 have the same ``h_n`` shape (its values are compared in that example).
#   :ref:`sphx_glr_auto_examples_basics_plot_batch_first.py` shows the reshapes that break because
#   of it.
# * With ``proj_size`` set, ``output`` and ``h_n`` shrink to ``P`` per direction while ``c_n``
#   keeps ``H``; :ref:`sphx_glr_auto_examples_basics_plot_proj_size.py` looks inside.
# * Unbatched input drops the batch axis from all three results, and ``batch_first`` is then
#   ignored: the two unbatched LSTM rows above differ only in that flag and have equal shapes.

assert rows[5][6:] == rows[6][6:]
assert rows[1][7] == rows[2][7]

# %%
# Equal shapes could hide a different reading of the input. Two modules with the same weights,
# one with ``batch_first=True``, give equal results on the same unbatched ``(T, input_size)``
# tensor: both read its first axis as time.

seq_first = nn.LSTM(INPUT_SIZE, H)
batch_first = nn.LSTM(INPUT_SIZE, H, batch_first=True)
batch_first.load_state_dict(seq_first.state_dict())
x = torch.randn(T, INPUT_SIZE)
with torch.no_grad():
    out_a, (h_a, c_a) = seq_first(x)
    out_b, (h_b, c_b) = batch_first(x)
    out_batch_of_one = seq_first(x.unsqueeze(1))[0]  # (T, 1, input_size): T steps, 1 sample
torch.testing.assert_close(out_b, out_a)
torch.testing.assert_close(h_b, h_a)
torch.testing.assert_close(c_b, c_a)
torch.testing.assert_close(out_a, out_batch_of_one.squeeze(1))

# %%
# What the axes hold
# ------------------
#
# Shapes say how big each axis is, not what sits along it. For one sample of a 2-layer
# bidirectional LSTM, the picture below lays out ``output`` (steps by features) and ``h_n`` and
# ``c_n`` (rows by features). Along the last axis of ``output`` the forward direction's ``H``
# features come first, then the backward direction's (:ref:`explain-output-tensor`). The rows of
# ``h_n`` and ``c_n`` run layer by layer, the two directions alternating inside each layer
# (:ref:`explain-final-states`). Two cells of ``output`` are copies of ``h_n`` rows, and the code
# checks both before drawing them. To keep the picture small this model has ``hidden_size=4``.

L, D, HF = 2, 2, 4
lstm = nn.LSTM(INPUT_SIZE, HF, num_layers=L, bidirectional=True)
with torch.no_grad():
    output, (h_n, c_n) = lstm(torch.randn(T, N, INPUT_SIZE))

torch.testing.assert_close(output[-1, :, :HF], h_n[-2])  # top layer, forward, after step T-1
torch.testing.assert_close(output[0, :, HF:], h_n[-1])  # top layer, backward, after step 0
assert c_n.shape == h_n.shape == (L * D, N, HF)

FWD, BWD = "#0072B2", "#D55E00"


def draw_grid(ax, x0, y0, colors, alphas, title, row_labels):
    """Draw a grid of cells (row 0 at the top) with one colour and opacity per cell."""
    n_rows, n_cols = len(colors), len(colors[0])
    for i in range(n_rows):
        for j in range(n_cols):
            ax.add_patch(
                Rectangle(
                    (x0 + j, y0 - i - 1),
                    1,
                    1,
                    facecolor=colors[i][j],
                    alpha=alphas[i][j],
                    edgecolor="white",
                    linewidth=1.5,
                )
            )
        ax.text(x0 - 0.3, y0 - i - 0.5, row_labels[i], ha="right", va="center", fontsize=9)
    ax.text(x0 + n_cols / 2, y0 + 0.4, title, ha="center", va="bottom", fontsize=10)


fig, ax = plt.subplots(figsize=(9, 4.6))
out_colors = [[FWD] * HF + [BWD] * HF for _ in range(T)]
out_alpha = [[0.45] * (D * HF) for _ in range(T)]
for j in range(HF):
    out_alpha[T - 1][j] = 1.0  # output[-1, n, :H] == h_n[-2, n]
    out_alpha[0][HF + j] = 1.0  # output[0, n, H:] == h_n[-1, n]
draw_grid(
    ax, 0, T, out_colors, out_alpha, "output[:, n, :]  (T, D*H)", [f"t={t}" for t in range(T)]
)
ax.text(HF / 2, -0.3, "forward", color=FWD, ha="center", va="top", fontsize=9)
ax.text(HF * 1.5, -0.3, "backward", color=BWD, ha="center", va="top", fontsize=9)

state_rows = [f"layer {k // D} {'fwd' if k % D == 0 else 'bwd'}" for k in range(L * D)]
state_colors = [[FWD if k % D == 0 else BWD] * HF for k in range(L * D)]
state_alpha = [[0.45 if k // D == 0 else 1.0] * HF for k in range(L * D)]
draw_grid(ax, 13, T, state_colors, state_alpha, "h_n[:, n, :]  (L*D, H)", state_rows)
draw_grid(ax, 13, T - 5.2, state_colors, state_alpha, "c_n[:, n, :]  (L*D, H)", state_rows)
ax.annotate(
    "= h_n[-2, n]",
    xy=(HF, 0.5),
    xytext=(8.6, -1.2),
    fontsize=9,
    arrowprops={"arrowstyle": "->", "color": "0.3"},
)
ax.annotate(
    "= h_n[-1, n]",
    xy=(2 * HF, T - 0.5),
    xytext=(8.6, T + 0.6),
    fontsize=9,
    arrowprops={"arrowstyle": "->", "color": "0.3"},
)
ax.set_xlim(-2.5, 18)
ax.set_ylim(-3.3, T + 1.6)
ax.set_aspect("equal")
ax.axis("off")
ax.text(
    8,
    -2.6,
    "dark: the top layer's final states (pale in h_n, c_n: layer 0)",
    ha="center",
    va="top",
    fontsize=9,
)
ax.set_title("2-layer bidirectional LSTM, one sample n: what each axis holds")
fig.tight_layout()

# %%
# The two highlighted cells are the only places where a row of ``h_n`` reappears in ``output``,
# and both belong to the top layer: the final states of lower layers are not in ``output`` at all.
# The loop below compares every row of ``h_n`` with every half of every step of ``output``.
# :ref:`sphx_glr_auto_examples_basics_plot_untangle_h_n.py` proves the row order, and
# :ref:`sphx_glr_auto_examples_basics_plot_split_directions.py` builds the summary vector from
# the two highlighted cells.

matches = [
    (k, t, half)
    for k in range(L * D)
    for t in range(T)
    for half in ("fwd", "bwd")
    if torch.allclose(h_n[k], output[t, :, :HF] if half == "fwd" else output[t, :, HF:])
]
print("h_n row k == output[t, :, half]  for (k, t, half) in", matches)
assert matches == [(2, T - 1, "fwd"), (3, 0, "bwd")]

plt.show()
