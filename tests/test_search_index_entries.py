"""docs/_ext/upstream_patches.py (search_index_entries): index entries survive an incremental build.

Without the extension, Sphinx 9 drops the index entries of every page it does not rewrite, so
after a one-page edit the site search no longer ranks the pages those entries point to.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from warm_python import sphinx_build

EXT = Path(__file__).resolve().parents[1] / "docs" / "_ext"
PAGES = {
    "index.rst": "Home\n====\n\n.. toctree::\n\n   one\n   two\n",
    "one.rst": "One\n===\n\n.. index:: ! single: first entry\n\nText one.\n",
    "two.rst": "Two\n===\n\n.. index:: ! single: second entry\n\nText two.\n",
}


def _build(src: Path, *options: str) -> dict[str, list[list[object]]]:
    result = sphinx_build("-q", "-W", *options, "-b", "html", str(src), str(src / "_b"))
    assert result.returncode == 0, result.stderr
    text = (src / "_b" / "searchindex.js").read_text(encoding="utf-8")
    frozen = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    return frozen["indexentries"]


@pytest.mark.parametrize("with_extension", [True, False])
def test_entries_of_unchanged_pages_are_kept(tmp_path: Path, with_extension: bool) -> None:
    extensions = ["upstream_patches"] if with_extension else []
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(EXT)!r})\nextensions = {extensions!r}\n"
    )
    for name, text in PAGES.items():
        (tmp_path / name).write_text(text)
    full = _build(tmp_path)
    assert set(full) == {"first entry", "second entry"}
    page = tmp_path / "two.rst"  # edit one page only
    page.write_text(PAGES["two.rst"].replace("Text two.", "Text two, edited."))
    os.utime(page, (page.stat().st_atime + 10, page.stat().st_mtime + 10))
    incremental = _build(tmp_path)
    if with_extension:  # the same entries, in the same order, as the full build wrote
        assert incremental == full
    else:  # the defect the extension fixes: page one's entry is gone
        assert set(incremental) == {"second entry"}
