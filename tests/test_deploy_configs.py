"""The hosting configurations build the site with the README's commands, and deploy what they built.

Read the Docs (``.readthedocs.yaml``) and GitHub Pages (``.github/workflows/docs.yml``) must run
``nox -s docs``, the strict build the README documents, with the Python version nox uses, and
publish the folder that build writes.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NOXFILE = (ROOT / "noxfile.py").read_text(encoding="utf-8")
BUILT_SITE = "docs/_build/html"


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


def test_nox_docs_session_is_strict_and_writes_the_published_folder() -> None:
    assert re.search(r'SPHINX_STRICT = \["-W", "--keep-going", "-n", "-b", "html"\]', NOXFILE)
    assert 'HTML = BUILD / "html"' in NOXFILE
    assert 'BUILD = DOCS / "_build"' in NOXFILE
    assert 'DOCS = ROOT / "docs"' in NOXFILE


def _nox_python() -> str:
    found = re.search(r'^PYTHON = "([\d.]+)"$', NOXFILE, flags=re.MULTILINE)
    assert found, "noxfile.py no longer sets PYTHON"
    return found.group(1)


def test_read_the_docs_runs_nox_docs() -> None:
    config = _load(".readthedocs.yaml")
    assert config["version"] == 2
    build = config["build"]
    assert build["os"].startswith("ubuntu-")
    assert str(build["tools"]["python"]) == _nox_python()
    commands = build["commands"]
    assert all(isinstance(command, str) for command in commands)
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


def test_workflow_builds_with_nox_and_checks_the_site(workflow: dict[Any, Any]) -> None:
    build = workflow["jobs"]["build"]
    steps = _steps(build)
    setup = next(step for step in steps if _uses(step, "actions/setup-python"))
    assert str(setup["with"]["python-version"]) == _nox_python()
    runs = [str(step.get("run", "")) for step in steps]
    sessions = [_nox_sessions(run) for run in runs]
    assert ["docs"] in sessions, f"no `nox -s docs` step in {runs}"
    assert ["site"] in sessions, "the browser suite (`nox -s site`) does not run before deploying"
    assert sessions.index(["docs"]) < sessions.index(["site"])
    upload = next(step for step in steps if _uses(step, "actions/upload-pages-artifact"))
    assert upload["with"]["path"] == BUILT_SITE
    assert steps.index(upload) > sessions.index(["site"])
    assert any(_uses(step, "actions/checkout") for step in steps[:1])


def test_workflow_deploys_to_pages_from_main_only(workflow: dict[Any, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert "refs/heads/main" in deploy["if"]
    assert "pull_request" in deploy["if"]
    (step,) = _steps(deploy)
    assert _uses(step, "actions/deploy-pages")
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"
    # The build job reads the repository only; writing Pages is the deploy job's alone.
    assert workflow["permissions"] == {"contents": "read"}
