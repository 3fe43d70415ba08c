"""The site's languages for nox and the tools: ``src/lstm_outputs/_languages.py``, loaded by path.

That file is their one definition; nox runs outside the project's environment (no torch, no
installed package), so it is loaded as a plain module rather than imported from the package.
"""

from __future__ import annotations

import importlib.util
from types import ModuleType

from tools.paths import ROOT


def _load() -> ModuleType:
    path = ROOT / "src" / "lstm_outputs" / "_languages.py"
    spec = importlib.util.spec_from_file_location("lstm_outputs_languages", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_LANGUAGES = _load()
LANGUAGES: tuple[str, ...] = _LANGUAGES.LANGUAGES
TRANSLATIONS: tuple[str, ...] = _LANGUAGES.TRANSLATIONS
HTML_LANG: dict[str, str] = _LANGUAGES.HTML_LANG
sphinx_code = _LANGUAGES.sphinx_code
