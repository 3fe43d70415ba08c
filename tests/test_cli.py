"""The command line: ``python -m lstm_outputs describe ...`` and the ``lstm-outputs`` script."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

import pytest

from lstm_outputs.__main__ import main


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


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            "describe --mode GRU --proj-size 4",
            "--proj-size is only valid with --mode LSTM, got --mode GRU",
        ),
        (
            "describe --mode RNN --proj-size 2",
            "--proj-size is only valid with --mode LSTM, got --mode RNN",
        ),
        (
            "describe --proj-size 16 --hidden-size 16",
            "--proj-size must be smaller than --hidden-size (16), got 16",
        ),
        ("describe --mode CNN", "invalid choice: 'CNN'"),
        ("describe --layers 0", "expected a positive integer, got 0"),
        ("describe --hidden-size two", "expected a positive integer, got 'two'"),
        (
            "describe --lengths 5 2",
            "--lengths needs one length per sequence (--batch-size 3), got 2",
        ),
        ("describe --lengths 5 2 9", "--lengths must not exceed --seq-len 5, got 9"),
        ("describe --unbatched --lengths 5", "cannot be combined with --unbatched"),
        ("", "the following arguments are required: COMMAND"),
        ("explain", "invalid choice: 'explain'"),
    ],
)
def test_bad_arguments_exit_with_status_2(
    argv: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as excinfo:
        main(argv.split())
    assert excinfo.value.code == 2
    assert message in capsys.readouterr().err


def test_python_dash_m_runs_the_module() -> None:
    # One subprocess only (it imports torch afresh); bad arguments are tested in-process above.
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


def test_console_script_is_declared() -> None:
    scripts = entry_points(group="console_scripts")
    (script,) = [ep for ep in scripts if ep.name == "lstm-outputs"]
    assert script.value == "lstm_outputs.__main__:main"
    assert script.load() is main
