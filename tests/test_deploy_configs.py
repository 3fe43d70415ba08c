"""The hosting configurations build the site with the README's commands, and deploy what they built.

Read the Docs (``.readthedocs.yaml``) and GitHub Pages (``.github/workflows/docs.yml``) must run
``nox -s docs``, the strict build the README documents, with the Python version nox uses, install
from the lock, and publish the folder that build writes. The noxfile is checked by what its
sessions do: it is imported with a stand-in for nox, and a session's commands are recorded.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import yaml

from tools.paths import HTML, LOCK, ROOT
from tools.pins import torch_requirement

README = (ROOT / "README.md").read_text(encoding="utf-8")
BUILT_SITE = HTML.relative_to(ROOT).as_posix()
LOCK_FILE = LOCK.relative_to(ROOT).as_posix()


class RecordingSession:
    """Stands in for ``nox.Session``: records what a session would run, runs nothing."""

    def __init__(self, posargs: list[str] | None = None, freeze: str = "") -> None:
        self.posargs = posargs or []
        self.runs: list[tuple[str, ...]] = []
        self.installs: list[tuple[str, ...]] = []
        self._freeze = freeze

    def run(self, *args: str, **kwargs: Any) -> str | None:
        self.runs.append(tuple(str(arg) for arg in args))
        if args[1:3] == ("-m", "venv"):  # what venv leaves behind, as far as the noxfile looks
            (Path(args[3]) / "bin").mkdir(parents=True)
            (Path(args[3]) / "bin" / "python").touch()
        return self._freeze if "freeze" in args else None

    def install(self, *args: str, **kwargs: Any) -> None:
        self.installs.append(tuple(str(arg) for arg in args))

    def log(self, *args: Any, **kwargs: Any) -> None:
        pass

    def error(self, message: str) -> None:
        raise RuntimeError(message)


def _stand_in_nox() -> types.ModuleType:
    module = types.ModuleType("nox")

    def session(func: Any = None, **kwargs: Any) -> Any:
        return func if func is not None else (lambda f: f)

    module.session = session  # type: ignore[attr-defined]
    module.options = types.SimpleNamespace()  # type: ignore[attr-defined]
    module.Session = RecordingSession  # type: ignore[attr-defined]
    return module


@pytest.fixture
def noxfile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """noxfile.py imported with nox replaced; its shared environment lives in tmp_path."""
    monkeypatch.setitem(sys.modules, "nox", _stand_in_nox())
    spec = importlib.util.spec_from_file_location("noxfile_under_test", ROOT / "noxfile.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shared = tmp_path / "shared"
    shared.mkdir()
    monkeypatch.setattr(module, "SHARED", shared)
    return module


def _load(relative: str) -> dict[Any, Any]:
    data = yaml.safe_load((ROOT / relative).read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{relative} is not a YAML mapping"
    return data


def _nox_sessions(command: str) -> list[str] | None:
    """``["docs"]`` for ``nox -s docs`` or ``python -m nox -s docs``; None if not a nox command."""
    words = shlex.split(command)
    while words and "=" in words[0] and not words[0].startswith("-"):
        words = words[1:]  # leading VAR=value assignments
    if words[:3] in (["python", "-m", "nox"], ["python3", "-m", "nox"]):
        words = words[2:]
    if not words or words[0] != "nox":
        return None
    assert "-s" in words, f"nox without -s: {command!r}"
    sessions = words[words.index("-s") + 1 :]
    return [word for word in sessions if not word.startswith("-")]


def _readme_commands() -> list[str]:
    blocks = re.findall(r"```(?:bash|console|sh)\n(.*?)```", README, flags=re.DOTALL)
    lines = [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line]


def test_readme_documents_the_build_command() -> None:
    assert ["docs"] in [_nox_sessions(command) for command in _readme_commands()]


def _pip_installs(session: RecordingSession) -> list[tuple[str, ...]]:
    return [run for run in session.runs if run[1:4] == ("-m", "pip", "install")]


def test_nox_docs_session_is_strict_and_writes_the_published_folder(noxfile: Any) -> None:
    session = RecordingSession()
    noxfile.docs(session)
    (build,) = [run for run in session.runs if Path(run[0]).name == "sphinx-build"]
    assert build[-2:] == (str(ROOT / "docs"), str(ROOT / BUILT_SITE))
    options = build[1:-2]
    for strict in ("-W", "--keep-going", "-n"):
        assert strict in options, f"`nox -s docs` runs sphinx-build without {strict}"
    assert options[options.index("-b") + 1] == "html"


def test_every_session_installs_from_the_lock(
    noxfile: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "index.html").touch()  # `nox -s site` checks a built site
    monkeypatch.setattr(noxfile, "HTML", tmp_path / "html")
    for job in ("docs", "docs_live", "tests", "doctest", "lint", "site", "bench"):
        session = RecordingSession()
        noxfile.SHARED.joinpath("nox-stamp.txt").unlink(missing_ok=True)
        getattr(noxfile, job)(session)
        installs = _pip_installs(session)
        assert installs, f"`nox -s {job}` installs nothing"
        for install in installs:
            assert install[install.index("-c") + 1] == str(LOCK), f"{job}: {install}"


def test_sessions_share_one_environment_built_once(noxfile: Any) -> None:
    first, second = RecordingSession(), RecordingSession()
    noxfile.lint(first)
    noxfile.tests(second)
    assert len(_pip_installs(first)) == 1
    assert _pip_installs(second) == [], "a second session reinstalled the shared environment"


def test_lock_session_pins_torch_as_pyproject_does(noxfile: Any, tmp_path: Path) -> None:
    pin = torch_requirement()  # "torch==X.Y.Z", read from pyproject.toml
    freeze = f"Jinja2==3.1.6\nlstm-outputs @ file:///somewhere\n{pin}+cpu\nalabaster==1.0\n"
    noxfile.LOCK = tmp_path / "lock.txt"
    noxfile.lock(RecordingSession(freeze=freeze))
    pins = [line for line in noxfile.LOCK.read_text().splitlines() if not line.startswith("#")]
    assert pins == ["alabaster==1.0", "Jinja2==3.1.6", pin]


def _nox_python(noxfile: Any) -> str:
    return str(noxfile.PYTHON)


def _installs_nox_from_the_lock(commands: list[str]) -> bool:
    return any(
        re.search(rf"pip install (.* )?-c {re.escape(LOCK_FILE)} (.* )?nox\b", command)
        for command in commands
    )


def test_read_the_docs_runs_nox_docs(noxfile: Any) -> None:
    config = _load(".readthedocs.yaml")
    assert config["version"] == 2
    build = config["build"]
    assert build["os"].startswith("ubuntu-")
    assert str(build["tools"]["python"]) == _nox_python(noxfile)
    commands = build["commands"]
    assert all(isinstance(command, str) for command in commands)
    assert _installs_nox_from_the_lock(commands), commands
    sessions = [_nox_sessions(command) for command in commands]
    assert ["docs"] in sessions, f"no `nox -s docs` in {commands}"
    # build.commands replaces Read the Docs' own Sphinx run: no second, laxer build.
    assert "sphinx" not in config
    assert "jobs" not in build
    # What Read the Docs publishes is what nox built.
    assert any(
        BUILT_SITE in command and "$READTHEDOCS_OUTPUT/html" in command for command in commands
    ), f"{BUILT_SITE} is not copied to $READTHEDOCS_OUTPUT/html"
    docs_at = next(i for i, s in enumerate(sessions) if s == ["docs"])
    copy_at = next(i for i, c in enumerate(commands) if BUILT_SITE in c)
    assert docs_at < copy_at


def _steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    steps = job["steps"]
    assert isinstance(steps, list)
    return steps


def _uses(step: dict[str, Any], action: str) -> bool:
    return str(step.get("uses", "")).split("@")[0] == action


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    return _load(".github/workflows/docs.yml")


def test_workflow_triggers(workflow: dict[Any, Any]) -> None:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    assert triggers["push"]["branches"] == ["main"]
    assert "pull_request" in triggers


def test_workflow_builds_with_nox_and_checks_the_site(
    workflow: dict[Any, Any], noxfile: Any
) -> None:
    build = workflow["jobs"]["build"]
    steps = _steps(build)
    setup = next(step for step in steps if _uses(step, "actions/setup-python"))
    assert str(setup["with"]["python-version"]) == _nox_python(noxfile)
    runs = [str(step.get("run", "")) for step in steps]
    assert _installs_nox_from_the_lock(runs), runs
    sessions = [_nox_sessions(run) for run in runs]
    assert ["docs"] in sessions, f"no `nox -s docs` step in {runs}"
    assert ["site"] in sessions, "the browser suite (`nox -s site`) does not run before deploying"
    assert sessions.index(["docs"]) < sessions.index(["site"])
    upload = next(step for step in steps if _uses(step, "actions/upload-pages-artifact"))
    assert upload["with"]["path"] == BUILT_SITE
    assert steps.index(upload) > sessions.index(["site"])
    assert any(_uses(step, "actions/checkout") for step in steps[:1])


def test_workflow_runs_the_readmes_test_command(workflow: dict[Any, Any], noxfile: Any) -> None:
    tests = workflow["jobs"]["tests"]
    steps = _steps(tests)
    setup = next(step for step in steps if _uses(step, "actions/setup-python"))
    assert str(setup["with"]["python-version"]) == _nox_python(noxfile)
    runs = [str(step.get("run", "")) for step in steps]
    assert _installs_nox_from_the_lock(runs), runs
    two_commands = [_nox_sessions(command) for command in _readme_commands()[:2]]
    assert two_commands == [["docs"], ["lint", "tests"]]
    assert ["lint", "tests"] in [_nox_sessions(run) for run in runs]
    # a pull request is tested as CI tests it: nothing installed with apt first
    assert not any("apt-get" in run for run in runs)


def test_workflow_deploys_to_pages_from_main_only(workflow: dict[Any, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == ["tests", "build"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "refs/heads/main" in deploy["if"]
    assert "pull_request" in deploy["if"]
    (step,) = _steps(deploy)
    assert _uses(step, "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"
    # The build job reads the repository only; writing Pages is the deploy job's alone.
    assert workflow["permissions"] == {"contents": "read"}
