"""A failing page cell or gallery script ends the build log like a failing test, not a crash.

A tiny project with the site's settings for myst-nb and sphinx-gallery and the site's
``upstream_patches`` extension (its example_failures section): one page whose third cell fails (it starts as the second does), one script that fails.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from warm_python import sphinx_build

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CONF = f"""
import sys
sys.path.insert(0, {str(EXT)!r})
project = "tiny"
extensions = ["myst_nb", "sphinx_gallery.gen_gallery", "upstream_patches"]
exclude_patterns = ["_build"]
nb_execution_mode = "cache"
nb_execution_raise_on_error = False
nb_execution_show_tb = False
nb_execution_excludepatterns = ["auto_examples/**"]
sphinx_gallery_conf = {{
    "examples_dirs": "../gallery",
    "gallery_dirs": "auto_examples",
    "abort_on_example_error": False,
    "only_warn_on_example_error": True,
    "write_computation_times": False,
    "download_all_examples": False,
}}
"""
PAGE = """---
file_format: mystnb
kernelspec:
  name: python3
  display_name: Python 3
  language: python
---

# A page

```{code-cell} ipython3
import math
```

```{code-cell} ipython3
:tags: [hide-output]
x = 1
print(x)
```

Prose between the cells; the next one starts as the one above does.

```{code-cell} ipython3
x = 1
y = x + 1
assert math.isclose(y, 3), f"y is {y}, not 3"
```
"""
SCRIPT = '''"""
A failing example
=================

It fails on purpose.
"""

# %%
values = [1, 2]
total = sum(values)
assert total == 4, f"total is {total}, not 4"
'''
FILES = {
    "docs/conf.py": CONF,
    "docs/index.rst": "Tiny\n====\n\n.. toctree::\n\n   page\n   auto_examples/index\n",
    "docs/page.md": PAGE,
    "gallery/GALLERY_HEADER.rst": "Examples\n========\n",
    "gallery/plot_fails.py": SCRIPT,
}


def _build(docs: Path) -> tuple[int, str, str]:
    """Exit status, standard output, standard error (where Sphinx writes warnings)."""
    env = {k: v for k, v in os.environ.items() if k != "IPYTHONDIR"}
    out = docs / "_build" / "html"
    result = sphinx_build("-W", "--keep-going", "-n", "-b", "html", str(docs), str(out), env=env)
    # Sphinx colours its log where it thinks a terminal (or CI) shows it: read the plain text
    return result.returncode, ANSI.sub("", result.stdout), ANSI.sub("", result.stderr)


@pytest.fixture(scope="module")
def logs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[int, str, str]]]:
    root = tmp_path_factory.mktemp("failing")
    for name, text in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    docs = root / "docs"
    return root, [_build(docs), _build(docs)]  # a clean build, then an incremental one


def test_the_build_fails_and_ends_with_each_failure_in_a_few_lines(
    logs: tuple[Path, list[tuple[int, str, str]]],
) -> None:
    root, [(status, out, err), _] = logs
    assert status != 0
    # the last 20 lines a reader sees hold every failure (warnings go to stderr)
    end = "\n".join(err.strip().splitlines()[-20:])
    # the page: its file and line, which cell, the failing line and the error with its message;
    # the third cell starts as the second does: its own line, not the first "x = 1" of the page
    lines = PAGE.splitlines()
    line = lines.index("y = x + 1")  # 1-based: the line above it
    assert lines[line - 1] == "x = 1"
    assert lines.index("x = 1") + 1 < line
    assert f"{root / 'docs' / 'page.md'}:{line}: WARNING: code cell 3 failed" in end
    assert 'assert math.isclose(y, 3), f"y is {y}, not 3"' in end
    assert "AssertionError: y is 2, not 3" in end
    # the script: its file and line, the failing line and the error
    script_line = SCRIPT.splitlines().index('assert total == 4, f"total is {total}, not 4"') + 1
    assert f"plot_fails.py:{script_line})" in end
    assert "AssertionError: total is 3, not 4" in end
    assert out.strip().splitlines()[-1].startswith("build finished with problems")


def test_no_crash_dump_anywhere_in_the_log(logs: tuple[Path, list[tuple[int, str, str]]]) -> None:
    for _status, out, err in logs[1]:
        log = out + err
        assert "Traceback\n=========" not in log
        assert "Loaded Extensions" not in log
        assert "report this error" not in log.lower()
        assert "please open an issue" not in log


def test_an_incremental_build_fails_again(logs: tuple[Path, list[tuple[int, str, str]]]) -> None:
    _, [_, (status, _out, err)] = logs
    assert status != 0
    assert "code cell 3 failed" in err
    assert "AssertionError: total is 3, not 4" in err
