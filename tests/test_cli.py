"""The command line: ``python -m lstm_outputs describe ...`` and the ``lstm-outputs`` script.

Exit status 0 (every check as expected), 1 (a check not as expected), 2 (usage or input
error, one line on stderr); ``--json`` validated against the shipped schema; checkpoints.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from importlib.metadata import entry_points
from pathlib import Path

import jsonschema
import pytest
import torch
from torch import nn

import lstm_outputs
from lstm_outputs import Check
from lstm_outputs.__main__ import build_parser, main

SCHEMA = json.loads((Path(lstm_outputs.__file__).parent / "report.schema.json").read_text())


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_describe_bidirectional_lstm(capsys: pytest.CaptureFixture[str]) -> None:
    argv = "describe --mode LSTM --layers 2 --bidirectional --input-size 8 --hidden-size 16"
    code, out, _ = run([*argv.split(), "--seq-len", "5", "--batch-size", "3"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "LSTM(8, 16, num_layers=2, bidirectional=True)"
    assert "output  (5, 3, 32)" in out
    assert "h_n     (4, 3, 16)" in out
    assert "c_n     (4, 3, 16)" in out
    assert "output[-1, :, :16] == h_n[-2]" in out
    assert "output[0, :, 16:] == h_n[-1]" in out
    assert lines[-1] == "all 3 checks came out as expected"


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ("--mode GRU --batch-first --batch-size 2", ["output  (2, 5, 16)", "h_n     (1, 2, 16)"]),
        ("--mode RNN --unbatched --layers 3", ["output  (5, 16)", "h_n     (3, 16)"]),
        ("--mode LSTM --proj-size 4 --bidirectional", ["output  (5, 3, 8)", "c_n     (2, 3, 16)"]),
        ("--bidirectional --lengths 5 2 3", ["output (packed)  (10, 32)", "padded[lengths - 1"]),
    ],
)
def test_describe_options(
    argv: str, expected: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["describe", *argv.split()], capsys)
    assert code == 0
    for fragment in expected:
        assert fragment in out


def test_seed_makes_output_reproducible(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["describe", "--seed", "3"], capsys) == run(["describe", "--seed", "3"], capsys)


def test_a_negative_seed_is_accepted_as_torch_accepts_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    torch.manual_seed(-5)  # torch's own range includes negative seeds
    code, out, err = run(["describe", "--seed", "-5"], capsys)
    assert (code, err) == (0, "")
    assert run(["describe", "--seed", "-5"], capsys)[1] == out


def test_exit_status_1_when_a_check_does_not_come_out_as_expected(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import lstm_outputs.report as report_module

    real = report_module.describe

    def contradicted(*args: object) -> lstm_outputs.Report:
        report = real(*args)  # type: ignore[arg-type]
        bad = Check("output[-1] == h_n[-1]", "a claim", expected=True, observed=False)
        return lstm_outputs.Report(report.module, report.tensors, (bad,), report.notes)

    monkeypatch.setattr(report_module, "describe", contradicted)
    code, out, err = run(["describe"], capsys)
    assert code == 1
    assert "<-- UNEXPECTED" in out
    assert out.rstrip().endswith("1 of 1 checks did NOT come out as expected")
    assert err == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            "describe --mode GRU --proj-size 4",
            "--proj-size is only valid with --mode LSTM, got --mode GRU",
        ),
        (
            "describe --proj-size 16 --hidden-size 16",
            "--proj-size must be smaller than --hidden-size (16), got 16",
        ),
        ("describe --mode CNN", "invalid choice: 'CNN'"),
        ("describe --layers 0", "expected a positive integer, got 0"),
        ("describe --hidden-size two", "expected a positive integer, got 'two'"),
        ("describe --seed 99999999999999999999999", "expected a seed in [-2**63, 2**64 - 1]"),
        ("describe --seed -9999999999999999999", "expected a seed in [-2**63, 2**64 - 1], got"),
        ("describe --bogus", "describe: error: unrecognized arguments: --bogus (see "),
        (
            "describe --lengths 5 2",
            "--lengths needs one length per sequence (--batch-size 3), got 2",
        ),
        ("describe --lengths 5 2 9", "--lengths must not exceed --seq-len 5, got 9"),
        ("describe --unbatched --lengths 5", "--lengths: expected no batch options with"),
        ("describe --unbatched --batch-size 4", "--batch-size: expected no batch options with"),
        ("describe --unbatched --batch-first", "--batch-first: expected no batch options with"),
        ("describe --checkpoint m.pt --hidden-size 4", "--hidden-size: expected no module option"),
        ("describe --checkpoint m.pt --bidirectional", "--bidirectional: expected no module"),
        ("describe --key encoder.rnn", "--key: expected --checkpoint too"),
        ("", "the following arguments are required: COMMAND"),
        ("explain", "invalid choice: 'explain'"),
    ],
)
def test_bad_arguments_exit_with_status_2_and_one_line(
    argv: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(argv.split())
    assert excinfo.value.code == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_too_large_for_memory_is_described_on_meta(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["describe", "--hidden-size", "50000", "--bidirectional"], capsys)
    assert code == 0
    assert "output  (5, 3, 100000)" in out
    assert "GiB needed" in out
    assert out.rstrip().endswith("3 checks skipped: no values to compare (shapes only)")


def test_output_is_at_most_100_columns(capsys: pytest.CaptureFixture[str]) -> None:
    argv = "describe --mode GRU --layers 400 --bidirectional --hidden-size 2 --seq-len 60"
    code, out, _ = run([*argv.split(), "--batch-size", "2", "--lengths", "60", "1"], capsys)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 100
    words = " ".join(out.split())
    assert "(800 in all)" in words
    assert "(60 in all)" in words


def test_json_validates_against_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["describe", "--layers", "2", "--bidirectional", "--json"], capsys)
    assert code == 0
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    (report,) = document["reports"]
    assert report["key"] is None
    assert report["module"] == "LSTM(8, 16, num_layers=2, bidirectional=True)"
    shapes = [t["shape"] for t in report["tensors"]]
    assert shapes == [[5, 3, 8], [5, 3, 32], [4, 3, 16], [4, 3, 16]]
    assert document["ok"] is report["verdict"]["ok"] is True
    # A document that breaks the schema is refused: the schema checks something.
    report["checks"][0]["status"] = "fine"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


def test_json_of_meta_and_packed_runs_validates(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in ("--hidden-size 50000", "--bidirectional --lengths 5 2 3 --mode GRU"):
        code, out, _ = run(["describe", *argv.split(), "--json"], capsys)
        assert code == 0
        jsonschema.validate(json.loads(out), SCHEMA)


# --- checkpoints -------------------------------------------------------------------------


def nested_checkpoint(path: Path) -> None:
    torch.manual_seed(0)
    model = nn.ModuleDict(
        {"encoder": nn.ModuleDict({"rnn": nn.LSTM(6, 10, num_layers=2, bidirectional=True)})}
    )
    model["decoder"] = nn.GRU(20, 10, bias=False)
    torch.save({"epoch": 3, "model_state_dict": model.state_dict()}, path)


def test_checkpoint_every_rnn_and_one_by_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "model.pt"
    nested_checkpoint(path)
    code, out, _ = run(["describe", "--checkpoint", str(path)], capsys)
    assert code == 0
    assert "[model_state_dict.encoder.rnn]" in out
    assert "LSTM(6, 10, num_layers=2, bidirectional=True, batch_first=?)" in out
    assert "[model_state_dict.decoder]" in out
    assert "GRU(20, 10, bias=False, batch_first=?)" in out
    # Both layouts, each labelled, and what holds either way first; the verdict claims neither.
    assert out.index("the same whatever batch_first is:") < out.index("if batch_first=False:")
    assert out.index("if batch_first=False:") < out.index("if batch_first=True:")
    assert "output[-1, :, :10] == h_n[-2]" in out
    assert "output[:, -1, :10] == h_n[-2]" in out
    assert "6 checks depend on batch_first, which is not known here" in " ".join(out.split())
    assert max(len(line) for line in out.splitlines()) <= 100
    code, out, _ = run(["describe", "--checkpoint", str(path), "--batch-first"], capsys)
    assert code == 0
    assert "LSTM(6, 10, num_layers=2, batch_first=True, bidirectional=True)" in out
    assert "output[-1, :, :10]" not in out
    assert "all 3 checks came out as expected" in out
    code, out, _ = run(
        ["describe", "--checkpoint", str(path), "--key", "encoder.rnn", "--json"], capsys
    )
    assert code == 0
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    assert [r["key"] for r in document["reports"]] == ["model_state_dict.encoder.rnn"]


def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """A bad file of each kind, and the words of its one-line error."""
    files: dict[str, tuple[Path, str]] = {}
    text = tmp_path / "notes.pt"
    text.write_text("not a checkpoint")
    files["not torch"] = (text, "not a file written by torch.save")
    good = tmp_path / "good.pt"
    torch.save(nn.LSTM(4, 4).state_dict(), good)
    truncated = tmp_path / "truncated.pt"
    truncated.write_bytes(good.read_bytes()[:300])
    files["truncated"] = (truncated, "truncated or corrupt")
    scripted = tmp_path / "scripted.pt"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.jit.script is deprecated: files remain
        torch.jit.save(torch.jit.script(nn.LSTM(4, 4)), scripted)
    files["TorchScript"] = (
        scripted,
        "model = torch.jit.load(path); torch.save(model.state_dict()",
    )
    files["/dev/null"] = (Path(os.devnull), "a device or other special file")
    files["folder"] = (tmp_path, "a folder, not a file: pass one of its files: ")
    empty = tmp_path / "empty.pt"
    empty.write_bytes(b"")
    files["empty"] = (empty, "an empty file, 0 bytes")
    linear = tmp_path / "linear.pt"
    torch.save(nn.Linear(4, 4).state_dict(), linear)
    files["no rnn"] = (linear, "with none")
    inconsistent = tmp_path / "inconsistent.pt"
    state = nn.GRU(4, 4, num_layers=2).state_dict()
    state["weight_hh_l1"] = torch.zeros(12, 5)
    torch.save(state, inconsistent)
    files["inconsistent"] = (inconsistent, "weight_hh_l1: shape (12, 5), not (12, 4)")
    width = tmp_path / "width.pt"
    state = nn.LSTM(4, 4, num_layers=2).state_dict()
    state["weight_ih_l1"] = torch.zeros(16, 6)
    torch.save(state, width)
    files["layer-1 width"] = (width, "4 for one direction or 8 for two, not 6")
    files["missing"] = (tmp_path / "missing.pt", "no such file")
    return files


def test_bad_checkpoints_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, (path, words) in bad_files(tmp_path).items():
        code, out, err = run(["describe", "--checkpoint", str(path)], capsys)
        assert code == 2, name
        assert out == "", name
        assert len(err.strip().splitlines()) == 1, (name, err)
        assert words in err, (name, err)
        assert "error: checkpoint: expected" in err, (name, err)


def test_json_of_both_layouts_cells_and_onnx_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from safetensors.torch import save_file

    torch.manual_seed(0)
    model = nn.ModuleDict({"rnn": nn.RNN(3, 4, batch_first=True), "cell": nn.LSTMCell(3, 4)})
    path = tmp_path / "model.safetensors"
    save_file(model.state_dict(), path)
    code, out, _ = run(["describe", "--checkpoint", str(path), "--json"], capsys)
    assert code == 0
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    rnn, cell = document["reports"]
    assert rnn["module"] == "RNN(3, 4, batch_first=?, nonlinearity=?)"
    assert {c["condition"] for c in rnn["checks"]} == {"batch_first=False", "batch_first=True"}
    assert rnn["verdict"]["counts"]["holds only under its condition"] == 2
    assert [t["name"] for t in cell["tensors"]] == ["input", "h_1", "c_1"]


def test_a_tiny_file_declaring_huge_tensors_stays_small_in_memory(tmp_path: Path) -> None:
    """The CLI's peak memory on a 4 GiB declaration, measured on a child process."""
    hidden = 1 << 14
    shapes = {n: p.shape for n, p in nn.LSTM(8, hidden, device="meta").named_parameters()}
    path = tmp_path / "huge.pt"
    torch.save({n: torch.zeros(1).expand(shape) for n, shape in shapes.items()}, path)
    script = (
        "import resource, subprocess, sys; "
        f"r = subprocess.run([sys.executable, '-m', 'lstm_outputs', 'describe', '--checkpoint', "
        f"{str(path)!r}], capture_output=True, text=True); "
        "print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
        "print(r.stdout)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    first, report = result.stdout.split("\n", 1)
    code, peak_kib = map(int, first.split())
    assert code == 0
    assert " ".join(report.split()).endswith("described on the meta device, shapes only")
    assert peak_kib < 1 << 20  # under 1 GiB, torch included; the weights alone declare 4 GiB


def test_traceback_flag_shows_the_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = bad_files(tmp_path)["no rnn"]
    code, _, err = run(["describe", "--checkpoint", str(path), "--traceback"], capsys)
    assert code == 2
    assert err.startswith("Traceback (most recent call last):")
    assert "ValueError: checkpoint: expected" in err


# --- help, version, program name -----------------------------------------------------------


def test_help_documents_exit_codes_examples_and_every_option() -> None:
    parser = build_parser(prog="lstm-outputs")
    (describe_parser,) = parser._subparsers._group_actions[0].choices.values()  # type: ignore[union-attr]
    text = describe_parser.format_help()
    assert text.startswith("usage: lstm-outputs describe")
    for fragment in ("exit status:", "0  every check", "1  a check", "2  usage or input error"):
        assert fragment in text
    assert "lstm-outputs describe --checkpoint model.pt" in text
    for action in describe_parser._actions:
        if action.option_strings and action.dest != "help":
            assert action.help, action.dest
            assert "default" in action.help, action.dest
    assert "exit status:" in parser.format_help()


def test_help_and_version_do_not_import_torch() -> None:
    code = (
        "import sys\n"
        "from lstm_outputs.__main__ import main\n"
        "for argv in (['--version'], ['--help'], ['describe', '--help']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit as exit:\n"
        "        assert exit.code == 0, exit.code\n"
        "print('torch' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.splitlines()[0] == f"python -m lstm_outputs {lstm_outputs.__version__}"
    assert result.stdout.splitlines()[-1] == "False"


def test_python_dash_m_runs_the_module() -> None:
    # One subprocess only (it imports torch afresh); the rest runs in-process above.
    argv = ["describe", "--mode", "GRU", "--layers", "2", "--bidirectional"]
    result = subprocess.run(
        [sys.executable, "-m", "lstm_outputs", *argv],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("GRU(8, 16, num_layers=2, bidirectional=True)")


def test_console_script_is_declared_and_names_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    scripts = entry_points(group="console_scripts")
    (script,) = [ep for ep in scripts if ep.name == "lstm-outputs"]
    assert script.value == "lstm_outputs.__main__:main"
    assert script.load() is main
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/lstm-outputs"])
    assert build_parser().format_usage().startswith("usage: lstm-outputs ")
    monkeypatch.setattr(sys, "argv", ["/x/lstm_outputs/__main__.py"])
    assert build_parser().format_usage().startswith("usage: python -m lstm_outputs ")
