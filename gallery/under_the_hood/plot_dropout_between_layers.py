"""
Dropout between layers
======================

The ``dropout`` argument of :class:`torch.nn.LSTM` is easy to misread as "dropout everywhere".
It is much narrower: it zeroes entries of each layer's ``output`` before the next layer reads
them, and nowhere else. The top layer's ``output`` is never dropped, the recurrent connection
from one time step to the next is never dropped, a one-layer model gets no dropout at all, and
in eval mode nothing happens. Knowing this tells you where to add your own dropout (usually on
the ``output`` or the readout vector) and why a one-layer model with ``dropout=0.5`` trains
exactly like one without. We prove each point by rebuilding the model layer by layer.
"""

# %%
# Train mode is random, eval mode is not
# --------------------------------------
#
# Notation: ``T`` steps, a batch of ``N`` sequences, ``E`` input features, ``H`` hidden units
# per direction, ``p`` the dropout probability.
#
# A two-layer bidirectional model with ``dropout=0.5``. In train mode two calls on the same input
# disagree; in eval mode they agree, and equal a copy of the model built with ``dropout=0``. As in
# the other examples of this section we work in float64.
import warnings

import matplotlib.pyplot as plt
import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

T, N, E, H, p = 6, 2, 3, 4, 0.5
torch.manual_seed(0)
lstm = nn.LSTM(E, H, num_layers=2, bidirectional=True, dropout=p).double()
x = torch.randn(T, N, E, dtype=torch.float64)

no_dropout = nn.LSTM(E, H, num_layers=2, bidirectional=True).double()
no_dropout.load_state_dict(lstm.state_dict())

with torch.no_grad():
    lstm.train()
    first, _ = lstm(x)
    second, _ = lstm(x)
    lstm.eval()
    eval_1, (eval_h_n, _) = lstm(x)
    eval_2, _ = lstm(x)
    reference, _ = no_dropout(x)
    lstm.train()

assert not torch.equal(first, second)
assert torch.equal(eval_1, eval_2)
assert torch.equal(eval_1, reference)
print("train mode, two calls equal:", torch.equal(first, second))
print("eval mode, two calls equal: ", torch.equal(eval_1, eval_2))
print("eval mode == dropout=0 copy:", torch.equal(eval_1, reference))

# %%
# The returned ``output`` is not dropped
# --------------------------------------
#
# Dropout with ``p = 0.5`` on ``output`` would zero about half of its entries. In train mode not a
# single entry of ``output`` (or of ``h_n``) is zero: the top layer's output passes untouched.
with torch.no_grad():
    torch.manual_seed(1)
    output, (h_n, c_n) = lstm(x)
assert output.shape == (T, N, 2 * H)
assert h_n.shape == (2 * 2, N, H)
assert (output == 0).sum() == 0
assert (h_n == 0).sum() == 0
print(f"exact zeros in output: {(output == 0).sum().item()} of {output.numel()}")

# %%
# Where it acts: rebuild the model from two one-layer models
# ----------------------------------------------------------
#
# Layer ``k`` of the stack is a one-layer :class:`torch.nn.LSTM` whose parameters are the ones
# with suffix ``_l{k}`` (see :ref:`sphx_glr_auto_examples_under_the_hood_plot_lstm_from_scratch.py`),
# and layer 1 reads the ``2 * H`` features of layer 0's output (see :ref:`explain-stacking`). We
# copy the weights, reseed the random number generator with the same seed, and put
# :func:`torch.nn.functional.dropout` between the two copies.
layer0 = nn.LSTM(E, H, bidirectional=True).double()
layer1 = nn.LSTM(2 * H, H, bidirectional=True).double()
with torch.no_grad():
    for name, param in layer0.named_parameters():
        param.copy_(getattr(lstm, name))
    for name, param in layer1.named_parameters():
        param.copy_(getattr(lstm, name.replace("_l0", "_l1")))

    torch.manual_seed(1)  # the same seed as the call above
    out0, (h_n0, c_n0) = layer0(x)
    dropped = F.dropout(out0, p, training=True)
    out1, (h_n1, c_n1) = layer1(dropped)

# %%
# The rebuild reproduces the train-mode call bit for bit, so on the CPU (where this example runs)
# the whole effect of ``dropout=p`` is one call to ``F.dropout`` between the layers, drawing from
# the global generator. On a GPU, cuDNN draws the masks from a dropout state of its own, and the
# same seed need not repeat them (:ref:`questions-on-a-gpu` lists the upstream reports):
assert x.device.type == "cpu"
assert lstm.weight_ih_l0.device.type == "cpu"
torch.testing.assert_close(out1, output, atol=0, rtol=0)
torch.testing.assert_close(torch.cat([h_n0, h_n1]), h_n, atol=0, rtol=0)
torch.testing.assert_close(torch.cat([c_n0, c_n1]), c_n, atol=0, rtol=0)
print("on the CPU, two one-layer models + F.dropout == nn.LSTM(dropout=p) in train mode: True")

# %%
# Three details follow. Layer 0's recurrence is untouched: its final states are those of the
# model without dropout, so nothing is dropped between time steps. The mask has the shape of the
# whole ``output`` of layer 0, ``(T, N, 2 * H)``, so each step and each direction gets its own
# draw (no mask shared over time). And the kept entries are scaled by ``1 / (1 - p)``.
with torch.no_grad():
    _, (h_n_reference, c_n_reference) = no_dropout(x)
torch.testing.assert_close(h_n0, h_n_reference[:2], atol=0, rtol=0)
torch.testing.assert_close(c_n0, c_n_reference[:2], atol=0, rtol=0)

ratio = dropped / out0
assert dropped.shape == out0.shape == (T, N, 2 * H)
assert set(ratio.unique().tolist()) == {0.0, 1 / (1 - p)}
kept = (ratio != 0).double()
assert not all(torch.equal(kept[0], kept[t]) for t in range(1, T))  # masks differ across steps
print(f"fraction of layer 0's output kept: {kept.mean().item():.3f} (expected {1 - p})")
print("kept entries multiplied by:", sorted(set(ratio.unique().tolist()) - {0.0}))

# %%
# The spread across seeds, layer by layer
# ---------------------------------------
#
# Running the train-mode model under 40 seeds makes the same point statistically, on what the
# model returns. ``h_n`` is layer-major, direction-minor (:ref:`explain-final-states`): rows 0 and
# 1 belong to layer 0, rows 2 and 3 to layer 1. Layer 0's rows are identical under every seed;
# layer 1's rows and ``output`` vary. In eval mode nothing varies.
seeds = range(40)
runs = {}
with torch.no_grad():
    for mode in ("train", "eval"):
        lstm.train(mode == "train")
        outputs, finals = [], []
        for seed in seeds:
            torch.manual_seed(seed)
            out, (h, _) = lstm(x)
            outputs.append(out)
            finals.append(h)
        # shapes (seeds, T, N, 2H) and (seeds, 4, N, H)
        runs[mode] = torch.stack(outputs), torch.stack(finals)
lstm.train()

train_out, train_h = runs["train"]
eval_out, eval_h = runs["eval"]
for layer in (0, 1):
    rows = slice(2 * layer, 2 * layer + 2)
    spread = train_h[:, rows].std(dim=0).max().item()
    print(f"train mode, h_n rows of layer {layer}: largest std across seeds = {spread:.4f}")
assert (train_h[:, :2] == train_h[0, :2]).all()  # layer 0: identical under every seed
assert (train_h[:, 2:].std(dim=0) > 0).all()  # layer 1: every entry varies
assert (train_out.std(dim=0) > 0).all()
assert (eval_out == eval_out[0]).all()
assert (eval_h == eval_h[0]).all()
torch.testing.assert_close(eval_h[0], eval_h_n, atol=0, rtol=0)

# %%
# Each dot below is one entry of ``h_n`` (sample 0) under one seed; the four units of each row
# of ``h_n`` sit side by side, and a column of dots is one entry's spread across seeds.
fig, axes = plt.subplots(1, 2, figsize=(8, 3.6), sharey=True, facecolor="white")
labels = ["layer 0\nforward", "layer 0\nbackward", "layer 1\nforward", "layer 1\nbackward"]
for ax, mode in zip(axes, ("train", "eval"), strict=True):
    values = runs[mode][1][:, :, 0, :].numpy()  # (seeds, row of h_n, unit)
    for row in range(4):
        colour, marker = ("#0072B2", "o") if row % 2 == 0 else ("#D55E00", "s")
        for unit in range(H):
            xs = np.full(len(seeds), row + (unit - (H - 1) / 2) * 0.17)
            ax.scatter(xs, values[:, row, unit], s=22, color=colour, marker=marker, alpha=0.4)
    ax.axvline(1.5, color="0.6", lw=0.8, ls="--")
    ax.set_xticks(range(4), labels)
    ax.set_title(f"{mode} mode, {len(seeds)} seeds")
    ax.set_xlabel("row of h_n")
axes[0].set_ylabel("value of h_n entry")
fig.tight_layout()

# %%
# One layer: a warning, and no dropout
# ------------------------------------
#
# With ``num_layers=1`` there is no "between", so the argument has nothing to act on. PyTorch says
# so once, when the module is built; we record the warning instead of letting it reach stderr.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    single = nn.LSTM(E, H, num_layers=1, bidirectional=True, dropout=p).double()
assert len(caught) == 1
assert caught[0].category is UserWarning
message = str(caught[0].message)
print(message)
assert "non-zero dropout expects num_layers greater than 1" in message

with torch.no_grad():
    torch.manual_seed(3)
    single_train, _ = single.train()(x)
    single_eval, _ = single.eval()(x)
assert torch.equal(single_train, single_eval)
print("one layer, train output == eval output:", torch.equal(single_train, single_eval))

# %%
# To regularise the top layer or a one-layer model, apply :class:`torch.nn.Dropout` yourself to
# ``output`` or to the vector you feed the classifier. Such readout vectors are built in
# :ref:`sphx_glr_auto_examples_using_outputs_plot_sentence_readouts.py`.
plt.show()
