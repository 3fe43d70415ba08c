"""The pages say what their code proves, in the places issue 10 fixed.

Each test pairs a sentence of a page (read from its source) with the behaviour it states, checked
here on a 2-layer bidirectional model: if the wording goes back to the old one, or torch stops
behaving as the page says, a test fails.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

DOCS = Path(__file__).resolve().parents[1] / "docs"
ARTICLE = (
    "https://towardsdatascience.com/"
    "understanding-the-outputs-of-multi-layer-bi-directional-lstms-13ad99a80dd3"
)
T, N, H_in, H, L, D = 6, 3, 2, 4, 2, 2
CELL = re.compile(r"```\{code-cell\} ipython3\n(.*?)```", re.S)


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def prose(name: str) -> str:
    """The page's text without its code cells, with line breaks folded into spaces."""
    return " ".join(CELL.sub("", page(name)).split())


def code(name: str) -> str:
    return "\n".join(CELL.findall(page(name)))


def cells(name: str) -> list[str]:
    """The page's code cells, without their option lines."""
    return [re.sub(r"\A(:\w+:.*\n)+\n?", "", body) for body in CELL.findall(page(name))]


@pytest.fixture(scope="module")
def model() -> tuple[nn.LSTM, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    torch.manual_seed(0)
    lstm = nn.LSTM(H_in, H, num_layers=L, bidirectional=True)
    x = torch.randn(T, N, H_in)
    with torch.no_grad():
        output, (h_n, c_n) = lstm(x)
    return lstm, x, output, h_n, c_n


def test_stacking_warns_that_h_n_last_row_is_half_a_bidirectional_readout(model) -> None:
    text = prose("explain/stacking.md")
    assert "**this page's unidirectional model**" in text
    assert "`h_n[-1]` is the whole readout **only when the LSTM is unidirectional**" in text
    assert "torch.testing.assert_close(bi_h_n[-1], bi_output[0, :, H:])" in code(
        "explain/stacking.md"
    )
    # The claim, on a 2-layer bidirectional model: h_n[-1] is the top backward state only.
    _, _, output, h_n, _ = model
    assert h_n[-1].shape == (N, H) != output[-1].shape
    torch.testing.assert_close(h_n[-1], output[0, :, H:])
    assert not torch.allclose(h_n[-1], output[-1, :, :H])
    torch.testing.assert_close(h_n[-2], output[-1, :, :H])


def test_cheat_sheet_last_real_step_is_final_only_for_the_forward_half(model) -> None:
    rows = [
        line
        for line in page("explain/cheat-sheet.md").splitlines()
        if line.startswith("|") and "last real step" in line
    ]
    assert len(rows) == 2, rows  # the padded row and its batch_first variant
    assert "Only its **forward** half `[:, :H]` is a final state" in rows[0]
    assert "(forward half final, backward half not)" in rows[1]
    # The claim, on a 2-layer bidirectional model and a packed, unsorted batch.
    lstm, x, _, _, _ = model
    lengths = torch.tensor([4, 6, 2])
    with torch.no_grad():
        packed, (h_n, _) = lstm(pack_padded_sequence(x, lengths, enforce_sorted=False))
    out, _ = pad_packed_sequence(packed)
    last = out[lengths - 1, torch.arange(N)]
    torch.testing.assert_close(last[:, :H], h_n[-2])
    torch.testing.assert_close(out[0, :, H:], h_n[-1])
    for n in range(N):
        assert not torch.allclose(last[n, H:], h_n[-1, n])


def test_no_flip_needed(model) -> None:
    assert "already aligned with `x[t]`" in page("explain/cheat-sheet.md")
    text = prose("explain/output-tensor.md")
    assert "needs no `flip`" in text
    lstm, x, output, _, _ = model
    # Layer by layer, the backward run over the flipped input must be flipped back ONCE (by the
    # module): output[t, :, H:] is the state at x[t].
    with torch.no_grad():
        lower = nn.LSTM(H_in, H, bidirectional=True)
        upper = nn.LSTM(2 * H, H)
        for name in ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]:
            for suffix in ["", "_reverse"]:
                getattr(lower, f"{name}_l0{suffix}").copy_(getattr(lstm, f"{name}_l0{suffix}"))
            getattr(upper, f"{name}_l0").copy_(getattr(lstm, f"{name}_l1_reverse"))
        below, _ = lower(x)
        backward_run, _ = upper(below.flip(0))
    torch.testing.assert_close(output[..., H:], backward_run.flip(0))
    assert not torch.allclose(output[..., H:].flip(0), backward_run.flip(0))


def test_separate_weights(model) -> None:
    text = prose("explain/bidirectional-layers.md")
    assert (
        "the forward direction's weights run over the reversed input give another tensor" in text
    )
    _, x, *_ = model
    one_layer = nn.LSTM(H_in, H, bidirectional=True)
    forward_weights, reverse_weights = nn.LSTM(H_in, H), nn.LSTM(H_in, H)
    with torch.no_grad():
        for name in ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]:
            getattr(forward_weights, f"{name}_l0").copy_(getattr(one_layer, f"{name}_l0"))
            getattr(reverse_weights, f"{name}_l0").copy_(getattr(one_layer, f"{name}_l0_reverse"))
        backward_half = one_layer(x)[0][..., H:]
        assert not torch.allclose(forward_weights(x.flip(0))[0].flip(0), backward_half)
        torch.testing.assert_close(reverse_weights(x.flip(0))[0].flip(0), backward_half)


def test_keras_table_covers_every_merge_mode() -> None:
    text = page("explain/cheat-sheet.md")
    table = text[text.index("## Coming from Keras") :]
    for return_sequences in ("True", "False"):
        found = set()
        for modes in re.findall(rf"^\| `{return_sequences}`, ([^|]+?) \|", table, re.M):
            found.update(re.findall(r'"(\w+)"', modes))
            found.update(["None"] if "`None`" in modes else [])
        assert found == {"concat", "sum", "ave", "mul", "None"}, (return_sequences, found)
    assert "`[output, forward_h, forward_c, backward_h, backward_c]`" in text
    assert "https://keras.io/api/layers/recurrent_layers/bidirectional/" in text


def test_notation_box_shapes_hold_for_a_two_layer_model(model) -> None:
    box = (DOCS / "_includes" / "notation.txt").read_text(encoding="utf-8")
    assert (
        "`x` is `(T, N, H_in)`, `output` is `(T, N, D*H)`, `h_n` and `c_n` are `(L*D, N, H)`"
        in (" ".join(box.split()))
    )
    _, x, output, h_n, c_n = model
    assert x.shape == (T, N, H_in)
    assert output.shape == (T, N, D * H)
    assert h_n.shape == c_n.shape == (L * D, N, H)


NARRATIVE = sorted(
    path.relative_to(DOCS).as_posix()
    for folder in ("explain", "questions")
    for path in (DOCS / folder).glob("*.md")
    if path.name != "index.md"
)


@pytest.mark.parametrize("name", NARRATIVE)
def test_every_page_shows_the_notation(name: str) -> None:
    assert "```{include} ../_includes/notation.txt" in page(name)


@pytest.mark.parametrize("name", NARRATIVE)
def test_diagram_code_is_folded_away(name: str) -> None:
    for body in CELL.findall(page(name)):
        if "diagrams." in body:
            assert body.startswith(":tags: [hide-input]"), body


def test_the_article_is_named_and_linked_where_explanations_begin_and_where_corrected() -> None:
    linked = sorted(
        path.relative_to(DOCS).as_posix()
        for path in DOCS.rglob("*.md")
        if "_build" not in path.parts and ARTICLE in path.read_text(encoding="utf-8")
    )
    assert linked == ["explain/bidirectional-layers.md", "explain/index.md"]
    for name in linked:
        assert "Understanding the outputs of multi-layer bi-directional LSTMs" in prose(name)


def test_final_states_answers_in_its_title_and_first_paragraph() -> None:
    text = page("explain/final-states.md")
    title = next(line for line in text.splitlines() if line.startswith("# "))
    assert title.startswith("# Which row of `h_n` is which?")
    first = prose("explain/final-states.md").split("In a bidirectional", 1)[1].split("```", 1)[0]
    for piece in ("`h_n[-2]`", "`h_n[-1]`", "`h_n.view(L, D, N, H)`", "forward", "backward"):
        assert piece in first, piece


# Runs the error page's cells in a fresh interpreter, as its kernel does at build time (the oneDNN
# warning is emitted once per process, so an earlier test in this one would have used it up).
# Prints, for each cell under a message heading, the heading and the message the cell captured.
RUN_ERROR_PAGE = r"""
import json, re, sys
source = open(sys.argv[1], encoding="utf-8").read()
namespace, heading, pairs = {}, None, []
for part in re.split(r"(```\{code-cell\} ipython3\n.*?```)", source, flags=re.S):
    if part.startswith("```{code-cell}"):
        body = re.sub(r"\A```\{code-cell\} ipython3\n(:\w+:.*\n)*", "", part)[:-3]
        namespace.pop("message", None)
        exec(compile(body, "error-messages.md", "exec"), namespace)
        if heading is not None:
            pairs.append((heading, str(namespace["message"])))
            heading = None
    else:
        found = re.findall(r"^### `+ ?(.*?) ?`+$", part, re.M)
        heading = found[-1] if found else heading
print(json.dumps(pairs))
"""


def test_error_page_headings_are_the_messages_its_code_produces() -> None:
    """After each cell under a message heading, the message the cell captured contains the
    heading's text."""
    result = subprocess.run(
        [sys.executable, "-c", RUN_ERROR_PAGE, str(DOCS / "questions" / "error-messages.md")],
        capture_output=True,
        text=True,
        check=True,
    )
    pairs = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(pairs) >= 15
    for heading, message in pairs:
        assert heading in message, (heading, message)


def test_gpu_page_quotes_what_torch_says() -> None:
    text = prose("questions/on-a-gpu.md")
    assert "Mostly reference: a CPU cannot run the rest." in text
    quoted = (
        "works only if the module is on the GPU and cuDNN is enabled. Otherwise, it's a no-op."
    )
    assert quoted in text
    assert quoted in " ".join(inspect.getdoc(nn.LSTM.flatten_parameters).split())
    # "the docstring of the torch this site is built with no longer mentions it"
    assert "no longer mentions it" in text
    assert "CUBLAS_WORKSPACE_CONFIG" not in inspect.getdoc(torch.use_deterministic_algorithms)


def test_gpu_page_says_lengths_are_refused_off_the_cpu_not_moved() -> None:
    """Issue 21: pack_padded_sequence does not move CUDA lengths to the CPU, it refuses them."""
    text = prose("questions/on-a-gpu.md")
    assert "does **not** move `lengths` to the CPU" in text
    assert "but got 1D cuda:0 Long tensor" in text
    assert "converts them to a CPU" not in text  # the old, wrong claim
    source = inspect.getsource(pack_padded_sequence)
    assert "lengths = lengths.to(dtype=torch.int64)" in source
    with pytest.raises(RuntimeError, match="but got 1D meta Long tensor"):
        pack_padded_sequence(torch.zeros(3, 2, 1), torch.tensor([3, 1], device="meta"))
    for issue in ("18110", "35661", "74177", "90168", "104697"):
        assert f"https://github.com/pytorch/pytorch/issues/{issue}" in page(
            "questions/on-a-gpu.md"
        )
