"""
Variable-length batches I: what right-padding does to each direction
====================================================================

A batch of sentences of different lengths is usually right-padded to a common length
and fed to :class:`torch.nn.LSTM` as one tensor. The LSTM cannot tell padding from data:
it reads the pad vectors like any other input. For a unidirectional network the damage is
confined to the steps after each sequence's end, but a bidirectional network *starts* its
backward pass in the padding, so every valid step of the backward half has read it, and
with two or more layers the forward half inherits the damage too. This example measures
all of it against the ground truth: each sequence run alone, without padding.
"""

# %%
# A right-padded batch
# --------------------
#
# Notation: ``T`` steps, a batch of ``N`` sequences, ``H`` hidden units per direction, so
# ``output`` is ``(T, N, 2 * H)``.
#
# Three sequences of lengths 7, 4 and 2 are padded with zero vectors to ``T = 7`` steps
# by :func:`torch.nn.utils.rnn.pad_sequence`. The input is ``(T, N, input_size)``
# (``batch_first=False``), so the padding of sequence ``i`` is ``batch[lengths[i]:, i]``.

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pad_sequence

torch.manual_seed(0)
INPUT_SIZE, H = 3, 4
lengths = [7, 4, 2]
N, T = len(lengths), max(lengths)
sequences = [torch.randn(n, INPUT_SIZE) for n in lengths]
batch = pad_sequence(sequences)  # padding_value=0.0

assert batch.shape == (T, N, INPUT_SIZE)
for i, n in enumerate(lengths):
    assert torch.equal(batch[:n, i], sequences[i])
    assert torch.all(batch[n:, i] == 0)
print(f"batch: {tuple(batch.shape)}, lengths: {lengths}")

# %%
# Padded run versus each sequence alone
# -------------------------------------
#
# The helper runs the network twice: once on the padded batch, once on each sequence by
# itself (a batch of one with no padding, which is what the sequence *means*). For every
# valid step it records the largest absolute difference over the ``H`` units, separately
# for the forward half ``output[..., :H]`` and the backward half ``output[..., H:]``
# (see :ref:`explain-output-tensor` for the two halves).


def compare(lstm: nn.LSTM, sequences: list[torch.Tensor] = sequences) -> dict:
    """Run ``lstm`` on the padded batch and on each sequence alone."""
    with torch.no_grad():
        output, (h_n, _) = lstm(pad_sequence(sequences))
        alone = [lstm(seq.unsqueeze(1)) for seq in sequences]
    deviation = []  # per sequence: (length, 2) array, columns = forward, backward
    for i, n in enumerate(lengths):
        diff = (output[:n, i] - alone[i][0][:, 0]).abs()
        deviation.append(np.stack([diff[:, :H].amax(1).numpy(), diff[:, H:].amax(1).numpy()], 1))
    return {"output": output, "h_n": h_n, "alone": alone, "deviation": deviation}


torch.manual_seed(1)
lstm1 = nn.LSTM(INPUT_SIZE, H, num_layers=1, bidirectional=True)
one = compare(lstm1)
out1, h_n1 = one["output"], one["h_n"]
assert out1.shape == (T, N, 2 * H)
assert h_n1.shape == (2, N, H)

# %%
# The forward half at valid steps is unaffected
# ---------------------------------------------
#
# The forward direction reads left to right, so at step ``t < length`` it has read only
# real data: the padding comes later and cannot reach back. On the machine that built this
# page the two runs agree exactly (the printed maxima are zero); the assertion allows float32
# rounding, because a batch of three and a batch of one may go through different matrix
# kernels on other hardware. The same argument covers a unidirectional network of any depth:
# every layer reads left to right, so its valid steps are untouched too (checked below for two
# layers), and the damage is confined to the steps after each sequence's end.

for i, n in enumerate(lengths):
    alone_output = one["alone"][i][0]
    torch.testing.assert_close(out1[:n, i, :H], alone_output[:, 0, :H])
    worst = one["deviation"][i][:, 0].max()
    print(f"sequence {i} (length {n}): max |forward deviation| = {worst:.4f}")

unidirectional = nn.LSTM(INPUT_SIZE, H, num_layers=2)
with torch.no_grad():
    uni_padded, _ = unidirectional(batch)
    for i, n in enumerate(lengths):
        torch.testing.assert_close(
            uni_padded[:n, i], unidirectional(sequences[i][:, None])[0][:, 0]
        )

# %%
# The forward final state is taken after the padding
# --------------------------------------------------
#
# ``h_n[0]`` (layer 0, forward; see :ref:`explain-final-states`) is the forward state at
# the last step of the *tensor*, ``t = T - 1``, not at the last step of the *sequence*.
# For every sequence shorter than ``T`` it has run through the padding and differs from
# the final state of the sequence run alone. Only the full-length sequence gets the right
# one.

for i, n in enumerate(lengths):
    _, (h_alone, _) = one["alone"][i]
    torch.testing.assert_close(h_n1[0, i], out1[T - 1, i, :H])  # the state after the padding
    gap = (h_n1[0, i] - h_alone[0, 0]).abs().max().item()
    if n == T:
        torch.testing.assert_close(h_n1[0, i], h_alone[0, 0])
    else:
        assert gap > 1e-2, gap
    print(f"sequence {i} (length {n}): max |h_n fwd - alone| = {gap:.4f}")

# %%
# The backward half has read the padding at every valid step
# ----------------------------------------------------------
#
# The backward direction starts at ``t = T - 1``. For a short sequence that is a pad
# vector, so by the time it reaches the real data its state is no longer the zero initial
# state, and every valid step inherits the difference. The backward final state
# ``h_n[1]`` is the backward half at step 0 and is wrong for the same reason. The
# full-length sequence is the control: no padding, no deviation.

print("seq  step   |fwd dev|   |bwd dev|")
for i, n in enumerate(lengths):
    dev = one["deviation"][i]
    for t in range(n):
        print(f"{i:>3} {t:>5}   {dev[t, 0]:.4f}      {dev[t, 1]:.4f}")
    _, (h_alone, _) = one["alone"][i]
    torch.testing.assert_close(h_n1[1, i], out1[0, i, H:])
    if n == T:
        assert dev.max() < 1e-6
        torch.testing.assert_close(h_n1[1, i], h_alone[1, 0])
    else:
        assert np.all(dev[:, 1] > 1e-3)  # every valid step changed
        assert dev[:, 1].argmax() == n - 1  # in this run: most at the step next to the padding
        assert (h_n1[1, i] - h_alone[1, 0]).abs().max() > 1e-3

backward_worst = max(dev[:, 1].max() for dev in one["deviation"])
print(
    f"largest backward deviation: {backward_worst:.4f}; largest |output|: {out1.abs().max():.4f}"
)
assert 0.01 < backward_worst < 0.1
assert out1.abs().max() < 0.5

# %%
# The deviations reach a few hundredths, on outputs whose magnitude stays below 0.5 here.
# Zero is not a neutral input for an LSTM: the biases and the recurrent weights still act,
# so each pad step moves the state, even one taken from the zero initial state (checked
# below). In this run the effect is largest right next to the padding and smaller further
# left (not strictly monotonically), and it does not vanish at step 0.

with torch.no_grad():
    one_pad_step, (h_pad, c_pad) = lstm1(torch.zeros(1, 1, INPUT_SIZE))
assert (h_pad != 0).all()  # one step on a zero vector from zero states: every unit moved
assert (c_pad != 0).all()

# %%
# Two layers: the padding leaks into the forward half
# ---------------------------------------------------
#
# In :class:`torch.nn.LSTM`, layer 1 reads the per-step concatenation of *both* halves of
# layer 0 (:ref:`explain-bidirectional-layers`). Layer 0's backward half is contaminated
# at every valid step, so layer 1's forward half is too, even though it only looks left.

torch.manual_seed(1)
lstm2 = nn.LSTM(INPUT_SIZE, H, num_layers=2, bidirectional=True)
assert lstm2.weight_ih_l1.shape == (4 * H, 2 * H)  # layer 1 reads both halves of layer 0
two = compare(lstm2)

print("seq  step   |fwd dev|   |bwd dev|   (top layer of the 2-layer network)")
for i, n in enumerate(lengths):
    dev = two["deviation"][i]
    for t in range(n):
        print(f"{i:>3} {t:>5}   {dev[t, 0]:.4f}      {dev[t, 1]:.4f}")
    if n == T:
        assert dev.max() < 1e-6
    else:
        assert np.all(dev[:, 0] > 1e-4)  # the forward half moved at every valid step
        assert np.all(np.diff(dev[:, 0]) > 0)  # in this run: more so towards the padding
        assert np.all(dev[:, 1] > 1e-3)

# %%
# In this run the forward deviation grows along each short sequence, towards the padding:
# at step ``t`` layer 1's forward state has read layer 0's contaminated backward half at
# steps ``0..t``, and here those deviate most next to the padding. The cure is to keep the
# LSTM from reading the padding at all:
# :ref:`sphx_glr_auto_examples_variable_length_plot_packing.py`.
#
# Rules and tendencies
# --------------------
#
# One seed shows one draw of data and weights. Redrawing both 20 times separates what always
# happens from what this draw happened to show. For the two short sequences of every draw the
# loop checks the rules (one layer: forward half untouched, backward half moved at every valid
# step; two layers: both halves moved at every valid step) and counts the two tendencies seen
# above (largest backward deviation next to the padding; a 2-layer forward deviation that
# grows at every step).

DRAWS = 20
next_to_padding = growing = short_sequences = 0
for draw in range(DRAWS):
    torch.manual_seed(100 + draw)
    drawn = [torch.randn(n, INPUT_SIZE) for n in lengths]
    dev_1 = compare(nn.LSTM(INPUT_SIZE, H, bidirectional=True), drawn)["deviation"]
    dev_2 = compare(nn.LSTM(INPUT_SIZE, H, num_layers=2, bidirectional=True), drawn)["deviation"]
    for i, n in enumerate(lengths):
        if n == T:
            continue
        short_sequences += 1
        assert dev_1[i][:, 0].max() < 1e-5  # rule: the forward half of one layer is untouched
        assert np.all(dev_1[i][:, 1] > 0)  # rule: every valid backward step moved
        assert np.all(dev_2[i] > 0)  # rule, two layers: both halves moved everywhere
        next_to_padding += int(dev_1[i][:, 1].argmax() == n - 1)
        growing += int(np.all(np.diff(dev_2[i][:, 0]) > 0))
print(f"{short_sequences} short sequences over {DRAWS} draws:")
print(f"  largest 1-layer backward deviation next to the padding: {next_to_padding}")
print(f"  2-layer forward deviation growing at every step:        {growing}")
assert short_sequences / 2 < next_to_padding < short_sequences
assert short_sequences / 2 < growing < short_sequences

# %%
# The rules hold in every draw. Both tendencies hold for most short sequences and fail for
# some: they describe what usually happens, not what must.
#
# The deviation, step by step
# ---------------------------
#
# One panel per sequence, one row per network. Grey columns are padding; the markers are
# the per-step deviation of each half at the valid steps.

FWD, BWD = "#0072B2", "#D55E00"
fig, axes = plt.subplots(2, N, figsize=(9, 5), sharex=True, sharey=True)
for row, (name, result) in enumerate([("1 layer", one), ("2 layers", two)]):
    for i, n in enumerate(lengths):
        ax = axes[row, i]
        dev = result["deviation"][i]
        ax.axvspan(n - 0.5, T - 0.5, color="0.85", label="padding")
        ax.plot(range(n), dev[:, 0], "o-", color=FWD, label="forward half")
        ax.plot(range(n), dev[:, 1], "s--", color=BWD, label="backward half")
        ax.set_xlim(-0.5, T - 0.5)
        ax.set_title(f"{name}, sequence {i} (length {n})", fontsize=9)
        if row == 1:
            ax.set_xlabel("time step t")
        if i == 0:
            ax.set_ylabel("max |padded - alone|")
axes[0, 0].legend(fontsize=8, loc="upper left")
fig.tight_layout()

# %%
# The full-length sequence (left column) is untouched in both rows. In the one-layer
# network the forward curve of the short sequences stays at zero; in the two-layer
# network it rises, carried over by the backward half of layer 0.

plt.show()
