"""The gallery's prose and PyTorch agree, in the places where they once did not (issue 10).

Each test reads what a script *says* (its docstring and ``# %%`` text) and checks that statement
against PyTorch itself, so that prose drifting back to an old error, or a PyTorch release that
makes a sentence false, fails here and not in a reader's head. The scripts assert their own
claims when they run; these tests catch the sentences an assertion cannot see.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import torch
from torch import nn

GALLERY = Path(__file__).resolve().parents[1] / "gallery"
SCRIPTS = sorted(GALLERY.rglob("plot_*.py"))


def script(name: str) -> Path:
    (path,) = [p for p in SCRIPTS if p.name == name]
    return path


def prose(path: Path) -> str:
    """The reader-facing text of a script, whitespace-normalised: the module docstring and the
    comment lines that follow each ``# %%`` marker."""
    source = path.read_text(encoding="utf-8")
    parts = [ast.get_docstring(ast.parse(source)) or ""]
    in_text = False
    for line in source.splitlines():
        if line.startswith("# %%"):
            in_text = True
        elif in_text and line.startswith("#"):
            parts.append(line[1:].strip())
        else:
            in_text = False
    return " ".join(" ".join(parts).split())


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z`(*])", text)


def sizes(path: Path) -> dict[str, int]:
    """Module-level integer constants, e.g. ``T, N, INPUT_SIZE, H = 6, 3, 5, 4``."""
    found: dict[str, int] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        names = target.elts if isinstance(target, ast.Tuple) else [target]
        values = value.elts if isinstance(value, ast.Tuple) else [value]
        for name, v in zip(names, values, strict=False):
            if isinstance(name, ast.Name) and isinstance(v, ast.Constant) and type(v.value) is int:
                found[name.id] = v.value
    return found


# -- Section 1: wrong statements ------------------------------------------------------------------


def test_split_directions_stride_sentence_names_the_right_axis() -> None:
    """The sentence gives the memory distance between consecutive *samples* and *steps* of one
    half of ``output``; each must equal the stride PyTorch reports for that axis."""
    path = script("plot_split_directions.py")
    claims = dict(re.findall(r"consecutive \*?(samples|steps)\*?[^`]*?``([^`]+)``", prose(path)))
    assert set(claims) == {"samples", "steps"}, claims
    s = sizes(path)
    output, _ = nn.LSTM(s["INPUT_SIZE"], s["H"], bidirectional=True)(
        torch.randn(s["T"], s["N"], s["INPUT_SIZE"])
    )
    for half in (output[..., : s["H"]], output[..., s["H"] :]):
        step_stride, sample_stride, _ = half.stride()
        assert eval(claims["steps"], {}, s) == step_stride
        assert eval(claims["samples"], {}, s) == sample_stride


def _backward_half_of_last_step_reads(num_layers: int, input_size: int, hidden: int) -> set[int]:
    """Input steps on which ``output[-1, :, H:]`` depends, measured with autograd."""
    torch.manual_seed(0)
    lstm = nn.LSTM(input_size, hidden, num_layers=num_layers, bidirectional=True)
    x = torch.randn(6, 1, input_size, requires_grad=True)
    (grad,) = torch.autograd.grad(lstm(x)[0][-1, :, hidden:].sum(), x)
    return set(torch.nonzero(grad.abs().sum(dim=(1, 2))).flatten().tolist())


def test_one_token_sentences_are_about_one_layer() -> None:
    """ "The backward half of ``output[-1]`` has read one token" holds for one layer only: every
    such sentence in the gallery must say so, and PyTorch must still behave that way."""
    assert _backward_half_of_last_step_reads(1, 3, 4) == {5}
    assert _backward_half_of_last_step_reads(2, 3, 4) == set(range(6))
    pattern = re.compile(r"\bread(s)? (only )?(one token|token ``T - 1``)")
    offending = [
        (path.name, sentence)
        for path in SCRIPTS
        for sentence in sentences(prose(path))
        if pattern.search(sentence) and not re.search(r"one[- ]layer", sentence)
    ]
    assert offending == []


def test_sentence_readouts_model_is_deep_and_its_prose_says_what_that_means() -> None:
    path = script("plot_sentence_readouts.py")
    s = sizes(path)
    assert s["L"] >= 2
    steps = _backward_half_of_last_step_reads(s["L"], s["EMBED"], s["H"])
    assert steps == set(range(6))  # every token, the first included
    assert "depends on every token" in prose(path)


# -- Section 2: misleading or seed-specific -------------------------------------------------------


def test_no_sentence_promises_any_seed() -> None:
    """Claims about "any seed" need a loop over seeds; the gallery words one run as one run."""
    offending = [p.name for p in SCRIPTS if re.search(r"\bany seed\b", prose(p))]
    assert offending == []


def test_padding_tendencies_are_worded_as_tendencies() -> None:
    """The largest backward deviation is *usually* next to the padding, not always: find a
    draw where it is not, and require the prose to word that observation as this run's."""
    lengths, input_size, hidden = [7, 4, 2], 3, 4
    counterexample = False
    for seed in range(30):
        torch.manual_seed(seed)
        sequences = [torch.randn(n, input_size) for n in lengths]
        lstm = nn.LSTM(input_size, hidden, bidirectional=True)
        with torch.no_grad():
            padded = lstm(nn.utils.rnn.pad_sequence(sequences))[0]
            for i, n in enumerate(lengths[1:], start=1):
                alone = lstm(sequences[i].unsqueeze(1))[0][:, 0]
                deviation = (padded[:n, i, hidden:] - alone[:, hidden:]).abs().amax(1)
                counterexample |= int(deviation.argmax()) != n - 1
    assert counterexample
    text = prose(script("plot_padding_effects.py"))
    claims = [s for s in sentences(text) if re.search(r"next to the padding|grows along", s)]
    assert claims
    for sentence in claims:
        assert re.search(r"this run|here\b|most|tendenc|usually", sentence), sentence


def test_untangle_does_not_call_a_correct_reshape_wrong() -> None:
    lstm = nn.LSTM(5, 4, num_layers=2, bidirectional=True)
    _, (h_n, _) = lstm(torch.randn(6, 3, 5))
    per_sample = h_n.permute(1, 0, 2).reshape(3, -1)
    for n in range(3):
        torch.testing.assert_close(per_sample[n], torch.cat(list(h_n[:, n])))  # correct
    source = script("plot_untangle_h_n.py").read_text(encoding="utf-8")
    headings = [
        line for line in source.splitlines() if "permute(1, 0, 2).reshape(N, -1)``" in line
    ]
    assert headings
    assert not any(re.match(r"#\s*Wrong", line) for line in headings), headings


def test_from_scratch_does_not_call_the_names_the_only_documentation() -> None:
    doc = " ".join((nn.LSTM.__doc__ or "").split())
    assert "Otherwise, the shape is `(4*hidden_size, num_directions * hidden_size)`" in doc
    assert "only documentation" not in prose(script("plot_lstm_from_scratch.py"))


# -- Section 3: encoder to decoder ----------------------------------------------------------------


def test_bridge_names_the_rows_that_h_n_slices_select() -> None:
    layers, n, hidden = 2, 3, 4
    lstm = nn.LSTM(5, hidden, num_layers=layers, bidirectional=True)
    _, (h_n, _) = lstm(torch.randn(6, n, 5))
    by_layer = h_n.view(layers, 2, n, hidden)
    torch.testing.assert_close(h_n[:layers], by_layer[0])  # both rows of layer 0
    torch.testing.assert_close(h_n[0::2], by_layer[:, 0])  # forward, every layer
    torch.testing.assert_close(h_n[1::2], by_layer[:, 1])  # backward, every layer
    text = prose(script("plot_encoder_decoder_bridge.py"))
    assert "layer 0's forward and layer 0's backward state" in text
    assert "``h_n[0::2]`` the forward states" in text
    assert "``h_n[1::2]`` the backward ones" in text


# -- Notation -------------------------------------------------------------------------------------

DEFINITION = {
    "T": r"``T``( steps| tokens|\s+for| = \d+`` steps)|``T_SRC``",
    "N": r"``N``( sequences| sentences|\s+for)|a batch of ``N``|``N = \d+`` (source )?sequences",
    "H": r"``H``( hidden|\s+for)",
    "L": r"``L``( layers|\s+for)",
    "D": r"``D``( directions|\s+for)|``D = 2``",
}


@pytest.mark.parametrize("path", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_notation_is_defined_where_it_is_first_used(path: Path) -> None:
    """Each of T, N, H, L, D that the prose uses inside ``...`` is defined in the prose, no later
    than its first use."""
    text = prose(path)
    spans = list(re.finditer(r"``[^`]+``", text))
    for symbol, definition in DEFINITION.items():
        uses = [span.start() for span in spans if re.search(rf"\b{symbol}\b", span.group())]
        if not uses:
            continue
        first_definition = re.search(definition, text)
        assert first_definition, f"{path.name}: ``{symbol}`` is used but never defined"
        end_of_sentence = text.find(". ", uses[0])
        assert first_definition.start() < end_of_sentence, (
            f"{path.name}: ``{symbol}`` is used before its definition: "
            f"{text[max(0, uses[0] - 60) : uses[0] + 40]!r}"
        )
