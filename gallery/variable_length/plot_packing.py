"""
Variable-length batches II: packing done right
==============================================

.. index:: ! single: pack_padded_sequence

Padding a batch makes every sequence as long as the longest, and a bidirectional LSTM then
reads the padding (:ref:`sphx_glr_auto_examples_variable_length_plot_padding_effects.py`).
Packing tells :class:`torch.nn.LSTM` where each sequence ends, so that each direction
runs over exactly the valid steps. Getting it right takes four details: lengths on the
CPU, ``enforce_sorted=False`` for an unsorted batch, ``total_length`` when the shape must
not change, and knowing where each direction's true end sits in the padded output. This
example gets each one right and proves the result equals running every sequence alone.
"""

# %%
# An unsorted, right-padded batch
# -------------------------------
#
# Notation: ``T`` steps, a batch of ``N`` sequences, ``L`` layers, ``H`` hidden units per
# direction; ``output`` is ``(T, N, 2 * H)`` and ``h_n`` is ``(L * 2, N, H)``.
#
# Four sequences of lengths 3, 6, 2 and 5 sit in a batch padded to ``T = 7`` steps, one
# more than the longest: a data loader that pads to a fixed size produces exactly this.
# The lengths are in no particular order.

import matplotlib.pyplot as plt
import torch
from matplotlib.colors import ListedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

torch.manual_seed(0)
INPUT_SIZE, H, L, T = 3, 4, 2, 7
lengths = torch.tensor([3, 6, 2, 5], dtype=torch.int64)  # on the CPU, int64
N = len(lengths)
padded = torch.zeros(T, N, INPUT_SIZE)
sequences = [torch.randn(int(n), INPUT_SIZE) for n in lengths]
for i, seq in enumerate(sequences):
    padded[: len(seq), i] = seq

lstm = nn.LSTM(INPUT_SIZE, H, num_layers=L, bidirectional=True)
print(f"padded input: {tuple(padded.shape)}, lengths: {lengths.tolist()}")

# %%
# Pack, run, unpack
# -----------------
#
# :func:`torch.nn.utils.rnn.pack_padded_sequence` takes ``lengths`` as a list of ints or a
# 1-D tensor that, in the words of its documentation, "must be on the CPU if provided as a
# tensor", even when the data is on a GPU. It converts a tensor to int64 (a list or an int32
# tensor packs the same way) but does not move it: a tensor on any other device is refused
# with ``'lengths' argument should be a 1D CPU int64 tensor, but got 1D cuda:0 Long tensor``
# (on a GPU). PyTorch's ``meta`` device, which has shapes and no data, gets the same message
# on a machine without a GPU, naming ``meta``. So build the lengths on the CPU and leave them
# there (``lengths.cpu()`` if they went to the GPU with the batch). With
# ``enforce_sorted=False`` it sorts the batch by decreasing length itself and remembers the
# permutation; the default ``enforce_sorted=True`` raises an error on this batch.

assert lengths.device.type == "cpu"
assert lengths.dtype == torch.int64
doc = " ".join(pack_padded_sequence.__doc__.split())
assert "must be on the CPU if provided as a tensor" in doc
try:
    pack_padded_sequence(padded, lengths.to("meta"))
except RuntimeError as error:
    device_message = str(error)
else:
    raise AssertionError("lengths off the CPU should be refused")
print("lengths on another device:", device_message)
assert device_message.endswith("but got 1D meta Long tensor")
try:
    pack_padded_sequence(padded, lengths)
except RuntimeError as error:
    print("enforce_sorted=True:", str(error).split(".")[0])
else:
    raise AssertionError("an unsorted batch should be rejected with enforce_sorted=True")

packed = pack_padded_sequence(padded, lengths, enforce_sorted=False)
print("sorted_indices:  ", packed.sorted_indices.tolist())
print("batch_sizes:     ", packed.batch_sizes.tolist())
assert packed.sorted_indices.tolist() == [1, 3, 0, 2]  # longest first
assert packed.batch_sizes.tolist() == [4, 4, 3, 2, 2, 1]  # sequences still running at step t
for other_lengths in (lengths.tolist(), lengths.int()):  # a list, an int32 tensor
    other = pack_padded_sequence(padded, other_lengths, enforce_sorted=False)
    assert torch.equal(other.data, packed.data)
    assert torch.equal(other.batch_sizes, packed.batch_sizes)

# %%
# ``batch_sizes[t]`` is the number of sequences that are still running at step ``t``:
# the packed data holds ``sum(lengths)`` rows and no padding at all.
#
# The LSTM accepts the :class:`torch.nn.utils.rnn.PackedSequence` and returns its output
# packed the same way. :func:`torch.nn.utils.rnn.pad_packed_sequence` pads it again.
# Without ``total_length`` it pads to the longest sequence (6 steps); with
# ``total_length=T`` it gives back the 7 steps that went in. That matters whenever a
# shape is fixed: a loss mask or a target tensor built for ``T`` steps, or
# :class:`torch.nn.DataParallel`, which hands each device a slice of the batch. Each slice
# would be padded to its own longest sequence, and slices of different lengths cannot be
# joined back into one output.

assert packed.batch_sizes.tolist() == [int((lengths > t).sum()) for t in range(int(lengths.max()))]
assert packed.data.shape == (int(lengths.sum()), INPUT_SIZE)
packed_output, (h_n, c_n) = lstm(packed)
assert packed_output.data.shape == (int(lengths.sum()), 2 * H)
assert torch.equal(packed_output.batch_sizes, packed.batch_sizes)  # packed the same way
assert torch.equal(packed_output.sorted_indices, packed.sorted_indices)

short, _ = pad_packed_sequence(packed_output)
output, out_lengths = pad_packed_sequence(packed_output, total_length=T)
print(f"without total_length: {tuple(short.shape)}; with total_length={T}: {tuple(output.shape)}")
assert short.shape == (int(lengths.max()), N, 2 * H)
assert output.shape == (T, N, 2 * H)
assert h_n.shape == c_n.shape == (L * 2, N, H)
assert torch.equal(out_lengths, lengths)  # returned in the original order


def run_slice(part: slice, total_length: int | None) -> torch.Tensor:
    """One device's share of the batch: pack, run, unpack."""
    packed_part = pack_padded_sequence(padded[:, part], lengths[part], enforce_sorted=False)
    return pad_packed_sequence(lstm(packed_part)[0], total_length=total_length)[0]


parts = (slice(0, 2), slice(2, 4))  # sequences 0-1 and 2-3, as two devices would get them
halves = [run_slice(part, None) for part in parts]
assert [half.shape[0] for half in halves] == [6, 5]  # each padded to its own longest sequence
try:
    torch.cat(halves, dim=1)
except RuntimeError:
    pass
else:
    raise AssertionError("slices of different lengths were joined")
joined = torch.cat([run_slice(part, T) for part in parts], dim=1)  # with total_length: they fit
torch.testing.assert_close(joined, output)

# %%
# Final states equal running each sequence alone
# ----------------------------------------------
#
# The ground truth for sequence ``i`` is the same LSTM on that sequence alone, with no
# padding. Every row of ``h_n`` and ``c_n`` (both directions, both layers; the layout is
# in :ref:`explain-final-states`) matches it, and at index ``i``: with
# ``enforce_sorted=False`` the states come back in the **original** batch order, not the
# sorted one.

with torch.no_grad():
    alone = [lstm(seq.unsqueeze(1)) for seq in sequences]
for i in range(N):
    out_i, (h_i, c_i) = alone[i]
    torch.testing.assert_close(h_n[:, i], h_i[:, 0])
    torch.testing.assert_close(c_n[:, i], c_i[:, 0])
    torch.testing.assert_close(output[: lengths[i], i], out_i[:, 0])

# In sorted order, position 0 would hold the longest sequence (index 1), which it does not.
assert not torch.allclose(h_n[:, 0], alone[int(packed.sorted_indices[0])][1][0][:, 0])
print("h_n, c_n and the valid steps of output match each sequence run alone")

# %%
# The padded positions are zeros
# ------------------------------
#
# Every step at or after a sequence's length is filled with ``padding_value`` (0.0 by
# default), in both halves. So ``output[-1]`` is a row of zeros for every sequence shorter
# than ``T``: it is not a summary of anything.

steps = torch.arange(T).unsqueeze(1)  # (T, 1)
is_pad = steps >= lengths.unsqueeze(0)  # (T, N), True at padded positions
assert torch.all(output[is_pad] == 0.0)
assert torch.all(output[-1] == 0.0)  # every sequence here is shorter than T = 7
print(f"padded cells: {int(is_pad.sum())} of {T * N}, all zero")

# %%
# The last valid step of each sequence
# ------------------------------------
#
# The forward half's true end for sequence ``i`` is step ``lengths[i] - 1``. Advanced
# indexing picks one step per column: ``output[lengths - 1, arange(N), :H]``. The same
# with :func:`torch.gather` needs an index of the output's shape along the other
# dimensions. Both equal the top layer's forward final state ``h_n[-2]``.

forward_end = output[lengths - 1, torch.arange(N), :H]  # (N, H)
index = (lengths - 1).view(1, N, 1).expand(1, N, H)
forward_end_gather = output[..., :H].gather(0, index).squeeze(0)
assert forward_end.shape == forward_end_gather.shape == (N, H)
torch.testing.assert_close(forward_end, forward_end_gather)
torch.testing.assert_close(forward_end, h_n[-2])

# %%
# The backward direction runs from each sequence's last valid step to step 0, so its true
# end is step 0 for every sequence, and ``output[0, :, H:]`` equals the top layer's
# backward final state ``h_n[-1]``. Joining the two ends gives the vector in which both
# halves have read the whole sequence (:ref:`explain-output-tensor`).

backward_end = output[0, :, H:]
torch.testing.assert_close(backward_end, h_n[-1])
summary = torch.cat([forward_end, backward_end], dim=-1)
torch.testing.assert_close(summary, torch.cat([h_n[-2], h_n[-1]], dim=-1))
assert summary.shape == (N, 2 * H)
print(f"summary vector per sequence: {tuple(summary.shape)}")

# %%
# The batch as a grid
# -------------------
#
# One row per sequence, one column per step. The circle marks the forward half's true end
# (``lengths - 1``), the square the backward half's (step 0). The extra column at
# ``t = 6`` exists only because of ``total_length``.

FWD, BWD = "#0072B2", "#D55E00"
VALID, PAD = "#F2F2F2", "#A0A0A0"
fig, ax = plt.subplots(figsize=(7.5, 3.2))
grid = (~is_pad).T.float().numpy()  # (N, T): 1 = valid, 0 = pad
ax.imshow(grid, cmap=ListedColormap([PAD, VALID]), vmin=0, vmax=1, aspect="equal")
for i in range(N):
    ax.plot(int(lengths[i]) - 1, i, "o", ms=13, mfc="none", mec=FWD, mew=2.5)
    ax.plot(0, i, "s", ms=13, mfc="none", mec=BWD, mew=2.5)
ax.set_xticks(range(T))
ax.set_yticks(range(N), [f"seq {i} (len {int(n)})" for i, n in enumerate(lengths)])
ax.set_xticks([t - 0.5 for t in range(1, T)], minor=True)
ax.set_yticks([i - 0.5 for i in range(1, N)], minor=True)
ax.grid(which="minor", color="0.3", linewidth=1)
ax.tick_params(which="minor", length=0)
ax.set_xlabel("time step t")
ax.set_title("output[t, i] after pad_packed_sequence(..., total_length=7)")
handles = [
    Patch(facecolor=VALID, edgecolor="0.3", label="valid step"),
    Patch(facecolor=PAD, edgecolor="0.3", label="padding (zeros)"),
    Line2D([], [], marker="o", ls="", mfc="none", mec=FWD, mew=2, label="forward end = h_n[-2]"),
    Line2D([], [], marker="s", ls="", mfc="none", mec=BWD, mew=2, label="backward end = h_n[-1]"),
]
ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=8)
fig.tight_layout()
plt.show()
