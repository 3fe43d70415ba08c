"""Intersphinx inventories for PyTorch, NumPy, Matplotlib and Python, written without network.

``sphinx.ext.intersphinx`` downloads each ``objects.inv`` from the project's site and has no
offline source but a file you provide (https://github.com/sphinx-doc/sphinx/issues/154); the build
machine has no network. The public APIs the site links to follow predictable URL schemes, so the
*installed* (locked) packages are introspected and inventories are written that point at the
hosted documentation of those exact names: a typo is a nitpicky warning, which fails the strict
build. Nothing in them varies between builds, so they are committed in ``docs/_inventories``
(``intersphinx_mapping`` in docs/conf.py); ``nox -s inventories`` writes them again after a
change of the lock, and tests/test_inventories.py fails while they differ from what it writes.
"""

from __future__ import annotations

import importlib
import inspect
import zlib
from collections.abc import Iterator

from tools.paths import DOCS

FOLDER = DOCS / "_inventories"
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


def inventory(project: str, version: str, entries: list[Entry]) -> tuple[bytes, str]:
    """A Sphinx v2 ``objects.inv``'s header and its (uncompressed) lines."""
    lines = sorted({f"{name} {role} 1 {uri} -" for name, role, uri in entries if " " not in name})
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    ).encode()
    return header, "\n".join(lines) + "\n"


def inventories() -> dict[str, tuple[bytes, str]]:
    """Each inventory's file name in ``FOLDER`` and its header and lines."""
    from importlib.metadata import version

    targets = {
        "pytorch": ("PyTorch", version("torch"), torch_entries),
        "python": ("Python", "3", python_entries),
        "numpy": ("NumPy", version("numpy"), numpy_entries),
        "matplotlib": ("Matplotlib", version("matplotlib"), matplotlib_entries),
    }
    return {
        f"{key}.inv": inventory(project, release, make_entries())
        for key, (project, release, make_entries) in targets.items()
    }


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    for name, (header, lines) in inventories().items():
        (FOLDER / name).write_bytes(header + zlib.compress(lines.encode(), 9))
        print(f"wrote {FOLDER / name}: {lines.count(chr(10))} entries")


if __name__ == "__main__":
    main()
