"""CONTRIBUTING.md's recipes work as written: their commands, sessions, files and selections exist.

Each command in a recipe is checked against what it names: a nox session of the noxfile, a
``-k`` selection that picks exactly the example or page it says, a file or folder of this tree.
The "add an example" recipe is followed on a scratch copy of the tree, through a real build: a
tiny example placed and listed as steps 1 and 2 say runs alone (step 3's selection), the site's
own configuration builds its page in the learning path's order (step 4), and the Chinese check
(step 5) requires its translation. The build is step 4's, narrowed to what the example changes:
nothing is executed (``-D plot_gallery=0 -D nb_execution_mode=off``; step 3 ran the example, and
a full build would run every page and example again, minutes), and the Chinese check reads the
catalogs against a gettext build of the same tree, as ``tools.translations check`` does.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from warm_python import sphinx_build

from tools.paths import SPHINX_STRICT
from tools.translations import problems

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_SELECTION = ("tests/examples", "-k", "plot_tiny_check")  # step 3's, on the new example
LAST_BASICS = "plot_gru_and_rnn.py"  # the last of the basics on the learning path
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


TINY = '''"""
A tiny example
==============

One shape, checked.
"""

# %%
# A one-layer LSTM returns one state per step.
import torch
from torch import nn

torch.manual_seed(0)
lstm = nn.LSTM(input_size=2, hidden_size=3)
output, (h_n, c_n) = lstm(torch.randn(4, 1, 2))
assert output.shape == (4, 1, 3)
print(output.shape)
'''


def test_add_an_example_through_a_build(tmp_path: Path) -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    tree = tmp_path / "tree"
    for name in filter(None, listed.stdout.decode().split("\0")):
        if (ROOT / name).is_file():
            (tree / name).parent.mkdir(parents=True, exist_ok=True)
            (tree / name).write_bytes((ROOT / name).read_bytes())
    # 1. the script; 2. its place on the learning path
    (tree / "gallery/basics/plot_tiny_check.py").write_text(TINY, encoding="utf-8")
    order = tree / "docs/_ext/gallery_setup.py"
    last = f'"{LAST_BASICS}",'
    text = order.read_text(encoding="utf-8")
    assert last in text
    order.write_text(
        text.replace(last, f'{last}\n        "plot_tiny_check.py",', 1), encoding="utf-8"
    )
    # 3. nox -s doctest -- -k plot_tiny_check: it runs alone
    alone = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *EXAMPLE_SELECTION],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert alone.returncode == 0, alone.stdout[-3000:]
    assert re.search(r"\b[1-9]\d* passed", alone.stdout), alone.stdout[-3000:]
    # 4. nox -s docs (nothing executed): the page is built, after the last listed example
    env = {k: v for k, v in os.environ.items() if k not in {"IPYTHONDIR", "OMP_NUM_THREADS"}}
    docs, build = tree / "docs", tree / "docs" / "_build"
    quick = ("-D", "plot_gallery=0", "-D", "nb_execution_mode=off", "-q")
    html = sphinx_build(*SPHINX_STRICT, *quick, str(docs), str(build / "html"), env=env, cwd=tree)
    assert html.returncode == 0, html.stderr[-3000:]
    page = build / "html/auto_examples/basics/plot_tiny_check.html"
    assert "A tiny example" in page.read_text(encoding="utf-8")
    index = (build / "html/auto_examples/basics/index.html").read_text(encoding="utf-8")
    assert index.index(LAST_BASICS.removesuffix(".py") + ".html") < index.index(
        "plot_tiny_check.html"
    )
    # 5. the Chinese check requires its translation, and nothing else
    pot = build / "gettext"
    gettext = sphinx_build(
        *("-b", "gettext", *quick, "-d", str(build / "doctrees-gettext")),
        *(str(docs), str(pot)),
        env=env,
        cwd=tree,
    )
    assert gettext.returncode == 0, gettext.stderr[-3000:]
    found = problems(pot, docs / "locale", "zh_CN")
    # the example's own catalog, and its entry in the section's and the gallery's index (step 5)
    messages = "zh_CN/LC_MESSAGES/auto_examples"
    catalog = f"{messages}/basics/plot_tiny_check.po"
    assert f"{catalog}: no catalog: 'A tiny example'" in found
    entry = "missing: ':doc:`/auto_examples/basics/plot_tiny_check`'"
    indexes = {f"{messages}/basics/index.po: {entry}", f"{messages}/index.po: {entry}"}
    assert {line for line in found if not line.startswith(f"{catalog}: ")} == indexes, found
    assert "`auto_examples/<section>/index.po`" in GUIDE
    assert "`auto_examples/index.po`" in GUIDE
