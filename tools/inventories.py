"""Intersphinx inventories for PyTorch, NumPy, Matplotlib and Python, written without network.

Upstream: ``sphinx.ext.intersphinx`` downloads each ``objects.inv`` from the project's site and
has no offline source but a file you provide (offline builds are a long-standing request:
https://github.com/sphinx-doc/sphinx/issues/154; Sphinx 8.2 added only a cache of earlier
downloads, https://github.com/sphinx-doc/sphinx/pull/13684). The build machine has no network.
Written against Sphinx 9.0.

The public APIs linked to follow predictable URL schemes, so the *installed* packages are
introspected and inventories are written that point at the hosted documentation of those exact
names. Links are therefore checked against the real API (a typo is a nitpicky warning, which fails
the strict build) and work offline. When the configuration is read, the inventories are written
to ``inventories/`` beside the output folder (``docs/_build/inventories``), once per package
version, and added to ``intersphinx_mapping``.
"""

from __future__ import annotations

import importlib
import inspect
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

Entry = tuple[str, str, str]  # (name, "py:role", uri)


def _public(module: object) -> Iterator[tuple[str, object]]:
    names = getattr(module, "__all__", None) or dir(module)
    for name in sorted(set(names)):
        if not name.startswith("_") and hasattr(module, name):
            yield name, getattr(module, name)


def _aliases(public_name: str, obj: object) -> list[str]:
    """The public name, and the defining module's name that autodoc writes in signatures."""
    names = [public_name]
    module = getattr(obj, "__module__", None)
    qualname = getattr(obj, "__qualname__", None)
    if isinstance(module, str) and isinstance(qualname, str):
        canonical = f"{module}.{qualname}"
        if canonical != public_name:
            names.append(canonical)
    return names


def torch_entries() -> list[Entry]:
    import torch
    import torch.nn
    import torch.nn.functional
    import torch.nn.utils.rnn

    entries: list[Entry] = [
        ("torch", "py:module", "torch.html"),
        ("torch.Tensor", "py:class", "tensors.html#torch.Tensor"),
        ("torch.nn", "py:module", "nn.html"),
        ("torch.testing.assert_close", "py:function", "testing.html#torch.testing.assert_close"),
        (
            "torch.autograd.grad",
            "py:function",
            "generated/torch.autograd.grad.html#torch.autograd.grad",
        ),
        (
            "torch.autograd.functional.jacobian",
            "py:function",
            "generated/torch.autograd.functional.jacobian.html#torch.autograd.functional.jacobian",
        ),
        ("torch.device", "py:class", "tensor_attributes.html#torch.device"),
        ("torch.dtype", "py:class", "tensor_attributes.html#torch.dtype"),
    ]
    for name, obj in _public(torch.Tensor):
        if callable(obj):
            full = f"torch.Tensor.{name}"
            entries.append((full, "py:method", f"generated/{full}.html#{full}"))
    for name, obj in _public(torch):
        if inspect.isroutine(obj):
            entries.append(
                (f"torch.{name}", "py:function", f"generated/torch.{name}.html#torch.{name}")
            )
    import torch.optim

    entries.append(("torch.optim", "py:module", "optim.html#module-torch.optim"))
    for prefix, module in [
        ("torch.optim", torch.optim),
        ("torch.nn", torch.nn),
        ("torch.nn.functional", torch.nn.functional),
        ("torch.nn.utils.rnn", torch.nn.utils.rnn),
    ]:
        for name, obj in _public(module):
            public = f"{prefix}.{name}"
            page = f"generated/{public}.html"
            if inspect.isclass(obj):
                for alias in _aliases(public, obj):
                    entries.append((alias, "py:class", f"{page}#{public}"))
                for meth, member in vars(obj).items():
                    if not meth.startswith("_") and callable(member):
                        entries.append(
                            (f"{public}.{meth}", "py:method", f"{page}#{public}.{meth}")
                        )
                    elif not meth.startswith("_") and isinstance(member, property):
                        entries.append(
                            (f"{public}.{meth}", "py:attribute", f"{page}#{public}.{meth}")
                        )
            elif inspect.isroutine(obj):
                entries.append((public, "py:function", f"{page}#{public}"))
    return entries


def python_entries() -> list[Entry]:
    entries: list[Entry] = []
    for module_name in ["collections.abc", "pathlib", "os", "typing", "dataclasses", "warnings"]:
        module = importlib.import_module(module_name)
        page = f"library/{module_name}.html"
        entries.append((module_name, "py:module", f"{page}#module-{module_name}"))
        for name, obj in _public(module):
            role = (
                "py:class"
                if inspect.isclass(obj)
                else "py:function"
                if callable(obj)
                else "py:data"
            )
            entries.append((f"{module_name}.{name}", role, f"{page}#{module_name}.{name}"))
    entries.append(("os.PathLike", "py:class", "library/os.html#os.PathLike"))
    for exc in ["ValueError", "TypeError", "UserWarning", "RuntimeError"]:
        entries.append((exc, "py:exception", f"library/exceptions.html#{exc}"))
    return entries


def numpy_entries() -> list[Entry]:
    return [
        ("numpy.ndarray", "py:class", "reference/generated/numpy.ndarray.html#numpy.ndarray"),
        ("numpy.dtype", "py:class", "reference/generated/numpy.dtype.html#numpy.dtype"),
        ("numpy.floating", "py:class", "reference/arrays.scalars.html#numpy.floating"),
        ("numpy.typing.ArrayLike", "py:data", "reference/typing.html#numpy.typing.ArrayLike"),
        ("numpy.typing.NDArray", "py:data", "reference/typing.html#numpy.typing.NDArray"),
    ]


def matplotlib_entries() -> list[Entry]:
    entries: list[Entry] = []
    for name in ["matplotlib.figure.Figure", "matplotlib.axes.Axes"]:
        entries.append((name, "py:class", f"api/_as_gen/{name}.html#{name}"))
    return entries


def write_inventory(path: Path, project: str, version: str, entries: list[Entry]) -> None:
    """Write a Sphinx v2 ``objects.inv``; skip writing when the content is unchanged."""
    lines = sorted({f"{name} {role} 1 {uri} -" for name, role, uri in entries if " " not in name})
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    ).encode()
    data = header + zlib.compress(("\n".join(lines) + "\n").encode(), 9)
    if not path.exists() or path.read_bytes() != data:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def write_all(folder: Path) -> dict[str, tuple[str, str]]:
    """Write every inventory into ``folder``; return an ``intersphinx_mapping`` for them.

    An inventory is named after the installed version of its package and written only once, so a
    rebuild does not pay for importing torch.
    """
    import hashlib
    from importlib.metadata import version

    # A new version of this file (say, more entries) must not reuse an old inventory.
    recipe = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:8]

    targets = {
        "pytorch": (
            "https://docs.pytorch.org/docs/stable/",
            "PyTorch",
            version("torch"),
            torch_entries,
        ),
        "python": ("https://docs.python.org/3/", "Python", "3", python_entries),
        "numpy": ("https://numpy.org/doc/stable/", "NumPy", version("numpy"), numpy_entries),
        "matplotlib": (
            "https://matplotlib.org/stable/",
            "Matplotlib",
            version("matplotlib"),
            matplotlib_entries,
        ),
    }
    mapping: dict[str, tuple[str, str]] = {}
    for key, (url, project, release, make_entries) in targets.items():
        path = folder / f"{key}-{release}-{recipe}-objects.inv"
        if not path.exists():
            write_inventory(path, project, release, make_entries())
        mapping[key] = (url, str(path))
    return mapping


def _add_mapping(app: Sphinx, config: Config) -> None:
    # Shared by every edition: not inside an output folder (the Chinese one is html/zh_CN).
    written = write_all(Path(app.confdir) / "_build" / "inventories")
    config.intersphinx_mapping = {**written, **config.intersphinx_mapping}


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("sphinx.ext.intersphinx")
    # Before intersphinx validates the mapping (priority 800).
    app.connect("config-inited", _add_mapping, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
