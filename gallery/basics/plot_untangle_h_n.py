"""
Untangling ``h_n``
==================

A 2-layer bidirectional LSTM returns ``h_n`` of shape ``(4, N, H)``, for a batch of ``N`` sequences
and ``H`` hidden units per direction: four final states per sample, stacked along the first axis.
Which row is which is not in the shape and not spelled out in the PyTorch reference, and several
reshapes that look right run without error and return the wrong states. This example proves the
order by rebuilding the network one layer at a time, then shows exactly what each of the common
wrong reshapes selects.
"""

# %%
# The claim
# ---------
#
# The rows of ``h_n`` (and of ``c_n``) are ordered **layer-major, direction-minor**: layer 0
# forward, layer 0 backward, layer 1 forward, layer 1 backward, and so on. With ``L`` layers and
# ``D`` directions (2 here), row ``l * D + d`` holds layer ``l``, direction ``d``, and
# ``h_n.view(L, D, N, H)`` separates the two axes (:ref:`explain-final-states`). We check it
# against the network itself rather than its documentation, which describes ``h_n`` as "a
# concatenation of the final forward and reverse hidden states" and shows a reshape for ``output``
# only.

import matplotlib.pyplot as plt
import torch
from matplotlib.patches import Rectangle
from torch import nn

torch.manual_seed(0)

T, N, INPUT_SIZE, H = 6, 3, 5, 4
L, D = 2, 2

lstm = nn.LSTM(INPUT_SIZE, H, num_layers=L, bidirectional=True)
x = torch.randn(T, N, INPUT_SIZE)
with torch.no_grad():
    output, (h_n, c_n) = lstm(x)
assert h_n.shape == c_n.shape == (L * D, N, H)
# The reference calls h_n "a concatenation of the final forward and reverse hidden states" and
# shows a reshape for output only, none for h_n:
doc = " ".join(nn.LSTM.__doc__.split())
assert "`h_n` will contain a concatenation of the final forward and reverse hidden states" in doc
assert "output.view(seq_len, batch, num_directions, hidden_size)" in doc
assert "h_n.view" not in doc

# %%
# Rebuilding the network layer by layer
# -------------------------------------
#
# A multi-layer :class:`torch.nn.LSTM` is a stack of 1-layer bidirectional LSTMs: layer ``k``'s
# parameters are the ones whose names end in ``_l{k}`` or ``_l{k}_reverse``. We copy them into
# two separate 1-layer modules, run the first on ``x`` and the second on the first one's output
# (:ref:`explain-stacking`). Layer 1 reads ``2 * H`` features per step: both directions of
# layer 0 (:ref:`explain-bidirectional-layers`).


def copy_of_layer(k: int, input_size: int) -> nn.LSTM:
    """A 1-layer bidirectional LSTM holding layer ``k`` of ``lstm``."""
    single = nn.LSTM(input_size, H, bidirectional=True)
    full = lstm.state_dict()
    single.load_state_dict(
        {name: full[name.replace("_l0", f"_l{k}")] for name in single.state_dict()}
    )
    return single


layer0 = copy_of_layer(0, INPUT_SIZE)
layer1 = copy_of_layer(1, 2 * H)
assert layer1.weight_ih_l0.shape == (4 * H, 2 * H)

with torch.no_grad():
    out0, (h0, c0) = layer0(x)
    out1, (h1, c1) = layer1(out0)

torch.testing.assert_close(out1, output)
torch.testing.assert_close(h0, h_n[0:2])
torch.testing.assert_close(c0, c_n[0:2])
torch.testing.assert_close(h1, h_n[2:4])
torch.testing.assert_close(c1, c_n[2:4])

# %%
# Rows 0-1 are layer 0 and rows 2-3 are layer 1: layer-major. To tell the two rows of a layer
# apart, split layer 0 once more into two unidirectional LSTMs: one with the plain weights run on
# ``x``, one with the ``_reverse`` weights run on ``x`` flipped in time. The first reproduces row
# 0, the second row 1: forward before backward, direction-minor. Their outputs are also the two
# halves of layer 0's ``output``, the backward one flipped back into time order.


def one_direction(suffix: str) -> nn.LSTM:
    """A unidirectional LSTM holding one direction of layer 0 of ``lstm``."""
    single = nn.LSTM(INPUT_SIZE, H)
    full = lstm.state_dict()
    single.load_state_dict({name: full[name + suffix] for name in single.state_dict()})
    return single


with torch.no_grad():
    out_fwd, (h_fwd, _) = one_direction("")(x)
    out_bwd, (h_bwd, _) = one_direction("_reverse")(x.flip(0))

torch.testing.assert_close(h_fwd[0], h_n[0])
torch.testing.assert_close(h_bwd[0], h_n[1])
torch.testing.assert_close(out_fwd, out0[..., :H])
torch.testing.assert_close(out_bwd.flip(0), out0[..., H:])

# %%
# The same holds in every layer: the forward row equals that layer's output at the last step
# (first half), the backward row its output at step 0 (second half).

for k, out_k in enumerate([out0, out1]):
    torch.testing.assert_close(h_n[k * D + 0], out_k[-1, :, :H])
    torch.testing.assert_close(h_n[k * D + 1], out_k[0, :, H:])

states = h_n.view(L, D, N, H)
for layer, h_k in enumerate([h0, h1]):
    torch.testing.assert_close(states[layer, 0], h_k[0])
    torch.testing.assert_close(states[layer, 1], h_k[1])
print("h_n.view(L, D, N, H)[l, d] is layer l, direction d: verified for all 4 (l, d)")

# %%
# Where each element goes: a tagged copy
# --------------------------------------
#
# To see what a reshape selects, apply it to a tensor of the same shape whose entries name their
# origin: ``tags[k, n, :] = k * N + n`` for row ``k`` and sample ``n``. Every ``H``-wide slice of
# the reshaped tags tells us which row and which sample it came from; the same reshape on ``h_n``
# picks the same values, which the helper checks.

tags = torch.arange(L * D * N).view(L * D, N, 1).expand(L * D, N, H).contiguous()
assert tags.shape == h_n.shape
assert tags.stride() == h_n.stride()


def origin(tag_slice: torch.Tensor) -> tuple[int, int, int]:
    """(layer, direction, sample) of an H-wide slice of the tagged tensor."""
    assert (tag_slice == tag_slice[0]).all(), "a slice mixes rows"
    row, sample = divmod(int(tag_slice[0]), N)
    return row // D, row % D, sample


def name(layer: int, direction: int) -> str:
    return f"layer {layer} {'fwd' if direction == 0 else 'bwd'}"


def check_same_selection(reshape, slices) -> list[list[tuple[int, int, int]]]:
    """Origins of each H-wide slice under ``reshape``; asserts h_n's values follow the tags."""
    got_tags, got_h = reshape(tags), reshape(h_n)
    grid = []
    for index in slices:
        row = []
        for i in index:
            layer, direction, sample = origin(got_tags[i])
            torch.testing.assert_close(got_h[i], h_n[layer * D + direction, sample])
            row.append((layer, direction, sample))
        grid.append(row)
    return grid


# %%
# Wrong reshape 1: ``h_n.view(N, -1)``
# ------------------------------------
#
# The shape ``(N, L * D * H)`` looks like "one row per sample". But ``view`` only re-reads memory,
# and in memory ``h_n`` is ordered row by row, sample by sample. Row ``i`` of the result is the
# ``i``-th run of ``L * D * H`` numbers, which crosses samples.

flat_rows = check_same_selection(
    lambda t: t.view(N, -1).view(N, L * D, H), [[(i, j) for j in range(L * D)] for i in range(N)]
)
for i, row in enumerate(flat_rows):
    print(
        f"h_n.view(N, -1)[{i}] =", ", ".join(f"{name(lay, d)} of sample {s}" for lay, d, s in row)
    )
assert flat_rows[0] == [(0, 0, 0), (0, 0, 1), (0, 0, 2), (0, 1, 0)]
assert any(s != i for i, row in enumerate(flat_rows) for _, _, s in row)

# %%
# Wrong reshape 2: ``h_n.view(D, L, N, H)``
# -----------------------------------------
#
# Swapping the two leading factors is always a legal ``view``, since the element count is the
# same. When ``L == D`` it even has the right shape, and it is right on the diagonal, which makes
# it easy to miss: ``[0, 0]`` and ``[1, 1]`` are correct by accident. Read as
# ``[direction, layer]``, ``[0, 1]`` should be layer 1 forward but is layer 0 backward.

swapped = check_same_selection(
    lambda t: t.view(D, L, N, H), [[(d, lay, 0) for lay in range(L)] for d in range(D)]
)
for d in range(D):
    for lay in range(L):
        got = name(*swapped[d][lay][:2])
        print(f"h_n.view(D, L, N, H)[{d}, {lay}] read as {name(lay, d)!r:<15} is {got}")
assert swapped[0][1][:2] == (0, 1)  # expected layer 1 forward
assert swapped[1][0][:2] == (1, 0)  # expected layer 0 backward
assert swapped[0][0][:2] == (0, 0)
assert swapped[1][1][:2] == (1, 1)

# %%
# Right per sample, not the summary: ``h_n.permute(1, 0, 2).reshape(N, -1)``
# --------------------------------------------------------------------------
#
# This reshape is not wrong: moving the batch axis first and then flattening gives each sample
# its own ``L * D`` final states, in ``h_n``'s row order. The mistake is to take it for *the*
# sequence summary (the top layer's two final states). It is ``L * D * H`` wide instead of
# ``D * H``, and its first ``(L - 1) * D * H`` columns are the lower layers' final states, which
# are not part of ``output`` at all. A classifier head sized for ``D * H`` rejects it; one sized
# to fit silently mixes in layer 0. The summary is its last ``D * H`` columns.

per_sample = check_same_selection(
    lambda t: t.permute(1, 0, 2).reshape(N, L * D, H),
    [[(i, j) for j in range(L * D)] for i in range(N)],
)
assert all(
    row == [(lay, d, i) for lay in range(L) for d in range(D)] for i, row in enumerate(per_sample)
)

summary = torch.cat([output[-1, :, :H], output[0, :, H:]], dim=-1)
all_rows = h_n.permute(1, 0, 2).reshape(N, -1)
assert all_rows.shape == (N, L * D * H) != summary.shape == (N, D * H)
torch.testing.assert_close(all_rows[:, -D * H :], summary)
torch.testing.assert_close(all_rows[:, :H], h_n[0])  # starts with layer 0, forward
try:
    nn.Linear(D * H, 2)(all_rows)  # a head sized for the summary
except RuntimeError:
    pass
else:
    raise AssertionError("a (D * H)-input head accepted an (L * D * H)-wide input")
lower = all_rows[:, : (L - 1) * D * H].reshape(N, (L - 1) * D, H)
for j in range((L - 1) * D):  # no lower-layer state reappears in output, at any step or half
    for t in range(T):
        assert not torch.allclose(lower[:, j], output[t, :, :H])
        assert not torch.allclose(lower[:, j], output[t, :, H:])
print(
    "permute(1, 0, 2).reshape(N, -1):", tuple(all_rows.shape), "; summary:", tuple(summary.shape)
)

# %%
# Wrong reshape 3: ``h_n[-1]`` as "the last hidden state"
# -------------------------------------------------------
#
# For a unidirectional network ``h_n[-1]`` is the top layer's state after the last step. For a
# bidirectional one it is the top layer's *backward* state, which the backward direction reached
# at step 0 (``output[0, :, H:]``), and it is ``H`` wide, not ``2 * H``. It is half the summary.

uni = nn.LSTM(INPUT_SIZE, H, num_layers=L)
with torch.no_grad():
    out_uni, (h_uni, _) = uni(x)
torch.testing.assert_close(h_uni[-1], out_uni[-1])

assert h_n[-1].shape == (N, H)
torch.testing.assert_close(h_n[-1], output[0, :, H:])
assert not torch.allclose(h_n[-1], output[-1, :, H:])
torch.testing.assert_close(h_n[-1], summary[:, H:])

# %%
# The right expressions
# ---------------------
#
# ``h_n.view(L, D, N, H)[-1]`` is the top layer, ``(D, N, H)``; joining its two directions along
# the feature axis gives the summary, equal to ``torch.cat([h_n[-2], h_n[-1]], dim=-1)``. The
# :ref:`explain-cheat-sheet` lists these and more.

top = h_n.view(L, D, N, H)[-1]
torch.testing.assert_close(top.permute(1, 0, 2).reshape(N, D * H), summary)
torch.testing.assert_close(torch.cat([h_n[-2], h_n[-1]], dim=-1), summary)

# %%
# The picture
# -----------
#
# Each cell is one ``H``-wide slice, coloured by the direction it really holds (layer 0 pale,
# layer 1 dark) and labelled with its true origin. Hatched cells are the ones that are not what
# the expression is usually taken to mean.

FWD, BWD = "#0072B2", "#D55E00"


def draw(ax, grid, wrong, title, row_label, col_label, show_sample):
    for i, row in enumerate(grid):
        for j, (layer, direction, sample) in enumerate(row):
            ax.add_patch(
                Rectangle(
                    (j, -i - 1),
                    1,
                    1,
                    facecolor=FWD if direction == 0 else BWD,
                    alpha=1.0 if layer == L - 1 else 0.45,
                    edgecolor="white",
                    linewidth=2,
                )
            )
            if wrong(i, j, layer, direction, sample):
                ax.add_patch(
                    Rectangle((j, -i - 1), 1, 1, fill=False, hatch="///", edgecolor="black", lw=0)
                )
            text = f"L{layer} {'fwd' if direction == 0 else 'bwd'}"
            if show_sample:
                text += f"\nn={sample}"
            ax.text(
                j + 0.5,
                -i - 0.5,
                text,
                ha="center",
                va="center",
                fontsize=8,
                color="black",
                bbox={"facecolor": "white", "alpha": 0.8, "lw": 0, "pad": 1},
            )
    ax.set_xlim(0, len(grid[0]))
    ax.set_ylim(-len(grid), 0)
    ax.set_aspect("equal")
    ax.set_xticks([j + 0.5 for j in range(len(grid[0]))], [str(j) for j in range(len(grid[0]))])
    ax.set_yticks([-i - 0.5 for i in range(len(grid))], [str(i) for i in range(len(grid))])
    ax.set_xlabel(col_label)
    ax.set_ylabel(row_label)
    ax.set_title(title, fontsize=10)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


correct = check_same_selection(
    lambda t: t.view(L, D, N, H), [[(lay, d, 0) for d in range(D)] for lay in range(L)]
)
fig, axes = plt.subplots(1, 4, figsize=(12, 3.9), gridspec_kw={"width_ratios": [2, 2, 4, 4]})
draw(
    axes[0],
    correct,
    lambda i, j, lay, d, s: (lay, d) != (i, j),
    "h_n.view(L, D, N, H)\n[l, d, 0]",
    "l (layer)",
    "d (direction)",
    False,
)
draw(
    axes[1],
    swapped,
    lambda i, j, lay, d, s: (lay, d) != (j, i),
    "h_n.view(D, L, N, H)\n[d, l, 0]",
    "d (read as direction)",
    "l (read as layer)",
    False,
)
draw(
    axes[2],
    flat_rows,
    lambda i, j, lay, d, s: s != i,
    "h_n.view(N, -1)[n]",
    "n (read as sample)",
    "slice j: columns j*H to (j+1)*H",
    True,
)
draw(
    axes[3],
    per_sample,
    lambda i, j, lay, d, s: lay != L - 1,
    "h_n.permute(1, 0, 2)\n.reshape(N, -1)[n]",
    "n (sample)",
    "slice j: columns j*H to (j+1)*H",
    True,
)
fig.suptitle("What each reshape of h_n selects (hatched: not what it is taken to be)", fontsize=11)
fig.tight_layout()

# %%
# The first and the last panels are faithful readings of ``h_n``; the hatched cells of the last are
# faithful too, but they are layer 0's states and do not belong in a summary of the sequence. The
# middle two select other rows and other samples than their indices claim. How ``batch_first``
# leaves all of this unchanged is shown in
# :ref:`sphx_glr_auto_examples_basics_plot_batch_first.py`; the relation between ``h_n`` and
# ``output`` is in :ref:`sphx_glr_auto_examples_basics_plot_split_directions.py`.

plt.show()
