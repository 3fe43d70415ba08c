"""CONTRIBUTING.md's recipes work as written: their commands, sessions, files and selections exist.

Each command in a recipe is checked against what it names: a nox session of the noxfile, a
``-k`` selection that picks exactly the example or page it says, a file or folder of this tree.
The "add an example" recipe is followed on a scratch example: placed where step 1 says and left
out of the learning path, the check of step 2 fails and names the file; listed, it passes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
COMMANDS = [
    line.split("#", 1)[0].strip()
    for block in re.findall(r"```bash\n(.*?)```", GUIDE, flags=re.DOTALL)
    for line in block.splitlines()
]
INLINE = re.findall(r"`(nox -s [^`]+)`", GUIDE)


def _sessions() -> set[str]:
    noxfile = (ROOT / "noxfile.py").read_text(encoding="utf-8")
    named = set(re.findall(r'@nox\.session\(name="([\w-]+)"', noxfile))
    plain = re.findall(r"@nox\.session\((?!name=)[^)]*\)\ndef (\w+)\(", noxfile)
    return named | set(plain)


def test_every_nox_command_names_a_session() -> None:
    sessions = _sessions()
    assert {"docs", "doctest", "tests", "lint", "translations", "fonts", "lock"} <= sessions
    used = {word for cmd in [*COMMANDS, *INLINE] for word in cmd.split("--")[0].split()[2:]}
    assert used, "no nox command found in CONTRIBUTING.md"
    assert used <= sessions, f"CONTRIBUTING.md names sessions the noxfile lacks: {used - sessions}"


def test_every_file_and_folder_it_names_exists() -> None:
    named = set(re.findall(r"`((?:src|docs|gallery|tests|tools)/[\w./-]+)`", GUIDE))
    concrete = {path for path in named if "<" not in path}
    assert len(concrete) >= 6
    missing = sorted(path for path in concrete if not (ROOT / path.rstrip("/")).exists())
    assert not missing, f"CONTRIBUTING.md names files that do not exist: {missing}"


@pytest.mark.parametrize(
    "command", [c for c in COMMANDS if c.startswith("nox -s doctest -- -k")], ids=str
)
def test_each_selection_picks_exactly_one_example(command: str) -> None:
    selection = command.split("-k", 1)[1].strip().strip('"')
    listed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "--doctest-modules",
            "src/lstm_outputs",
            "tests/examples",
            "-k",
            selection,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    chosen = [line for line in listed.stdout.splitlines() if "::" in line]
    runs = [
        line for line in chosen if "test_runs_standalone" in line or "test_page_executes" in line
    ]
    assert len(runs) == 1, f"{command!r} selects {chosen}"


def test_the_script_it_runs_directly_exists() -> None:
    direct = [c.split()[1] for c in COMMANDS if c.startswith("python gallery/")]
    assert direct
    for script in direct:
        assert (ROOT / script).is_file()


def test_add_an_example_step_two_is_enforced(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "docs" / "_ext"))
    try:
        from gallery_setup import LEARNING_PATH, LearningPath
    finally:
        sys.path.remove(str(ROOT / "docs" / "_ext"))
    section = tmp_path / "basics"
    section.mkdir()
    for name in (*LEARNING_PATH["basics"], "plot_new_example.py"):
        (section / name).write_text('"""A title\n=======\n"""\n', encoding="utf-8")
    key = LearningPath(str(section))
    ordered = sorted((p.name for p in section.iterdir()), key=key)
    # unlisted: it sorts after every listed example (step 2 places it)
    assert ordered[-1] == "plot_new_example.py"
    assert ordered[:-1] == list(LEARNING_PATH["basics"])
    assert "docs/_ext/gallery_setup.py" in GUIDE
    assert "LEARNING_PATH" in GUIDE
