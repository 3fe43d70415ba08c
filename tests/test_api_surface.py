"""The public surface: every name in an ``__all__`` is documented in api.md, and the reverse.

Public modules are those whose name has no leading underscore; each name they export is
documented once in ``docs/api.md`` (``autofunction``/``autoclass``), as
``lstm_outputs.<name>`` for the library and ``lstm_outputs.diagrams.<name>`` for the figures.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import tokenize
import tomllib
from pathlib import Path

import lstm_outputs

API = Path(__file__).resolve().parents[1] / "docs" / "api.md"
DIRECTIVE = re.compile(r"^\.\. auto(?:function|class):: ([\w.]+)\s*$", re.MULTILINE)


def documented() -> set[str]:
    return set(DIRECTIVE.findall(API.read_text(encoding="utf-8")))


def exported() -> set[str]:
    """``module.name`` for every name in every public module's ``__all__``, as re-exported."""
    names = {f"lstm_outputs.{name}" for name in lstm_outputs.__all__}
    package = Path(lstm_outputs.__file__).parent
    for info in pkgutil.iter_modules([str(package)]):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"lstm_outputs.{info.name}")
        for name in getattr(module, "__all__", ()):
            if info.ispkg:  # a subpackage documents its own names (lstm_outputs.diagrams.X)
                names.add(f"lstm_outputs.{info.name}.{name}")
            else:  # a module's names are documented where the package re-exports them
                assert name in lstm_outputs.__all__, f"lstm_outputs.{info.name}.{name}"
                assert getattr(lstm_outputs, name) is getattr(module, name), name
    return names


def test_every_exported_name_is_documented_and_the_reverse() -> None:
    assert exported() == documented()


def test_each_name_is_documented_once() -> None:
    targets = DIRECTIVE.findall(API.read_text(encoding="utf-8"))
    assert len(targets) == len(set(targets))


def test_the_package_exports_resolve_without_importing_everything_eagerly() -> None:
    for name in lstm_outputs.__all__:
        assert getattr(lstm_outputs, name).__doc__, name
    assert sorted(lstm_outputs.__all__) == sorted(set(lstm_outputs.__all__))
    assert set(lstm_outputs.__all__) <= set(dir(lstm_outputs))


def test_no_module_mypy_skips_is_used_by_the_checked_code() -> None:
    """pyproject.toml tells mypy not to parse some parts of torch (to save time): that is sound
    only while the code mypy checks neither imports nor names them."""
    root = API.parents[1]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    skipped = [
        pattern.removesuffix(".*")
        for override in config["overrides"]
        if override.get("follow_imports") == "skip"
        for pattern in override["module"]
    ]
    assert "torch.fx" in skipped
    sources = [p for folder in config["files"] for p in sorted((root / folder).rglob("*.py"))]
    assert len(sources) > 10
    for source in sources:
        # The code, not its strings: a message may tell the user to call torch.export.load.
        with source.open("rb") as handle:
            tokens = tokenize.tokenize(handle.readline)
            text = " ".join(t.string for t in tokens if t.type != tokenize.STRING)
        for module in skipped:
            assert not re.search(rf"\b{re.escape(module)}\b", text), (source.name, module)
