"""The torch pin and the lock file, read from the files that hold them.

``pyproject.toml`` pins torch exactly (``torch==X.Y.Z``) and gives every other requirement a lower
bound; ``requirements/lock.txt`` pins every package of every environment exactly. Both are
read here, so no other file repeats a version.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from tools.paths import LOCK, ROOT

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def canonical(name: str) -> str:
    """A distribution name as pip compares them (PEP 503): ``Jinja2`` -> ``jinja2``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(line: str) -> str | None:
    """The canonical distribution name a requirement line starts with; None for a comment."""
    match = _NAME.match(line.split("#", 1)[0])
    return canonical(match.group(1)) if match else None


def project_requirements(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, list[str]]:
    """The requirement strings of ``pyproject.toml``: ``""`` for the dependencies, then each
    extra by name."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return {"": list(project["dependencies"]), **project.get("optional-dependencies", {})}


def torch_requirement(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The one torch requirement of the project, as pyproject.toml writes it: ``"torch==X.Y.Z"``."""
    found = [
        requirement
        for requirement in project_requirements(pyproject)[""]
        if requirement_name(requirement) == "torch"
    ]
    if len(found) != 1:
        raise ValueError(
            f"pyproject.toml: expected one torch requirement, got {found} "
            "(torch is pinned in [project] dependencies and only there)"
        )
    return found[0].replace(" ", "")


def lock_pins(lock: Path = LOCK) -> dict[str, str]:
    """``{canonical name: version}`` for every ``name==version`` line of the lock file."""
    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, separator, version = line.partition("==")
        if not separator or not version or "@" in line:
            raise ValueError(f"{lock.name}: expected `name==version` lines, got {line!r}")
        pins[canonical(name)] = version.strip()
    return pins
