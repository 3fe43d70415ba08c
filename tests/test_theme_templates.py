"""The theme templates this site overrides (docs/_templates) still match what they copied.

Each override names, in its leading comment, the installed theme file it was made from, the part
copied (a block, or the whole file), the theme's version and the SHA-256 of that part. When the
installed pydata-sphinx-theme differs there, the override may hide a fix or break the page:
re-check it against the new upstream text, then update the hash and version.
"""

from __future__ import annotations

import hashlib
import re
from importlib.metadata import version
from pathlib import Path

import pydata_sphinx_theme
import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "docs" / "_templates"
THEME = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
RECORD = re.compile(
    r"upstream: (?P<file>\S+), (?:block (?P<block>\w+)|whole file), "
    r"pydata-sphinx-theme (?P<version>[\w.]+),\s+sha256 (?P<sha256>[0-9a-f]{64})"
)
OVERRIDES = sorted(TEMPLATES.glob("*.html"))


def _copied_part(text: str, block: str | None) -> str:
    if block is None:
        return text
    found = re.search(
        rf"\{{%-? block {block} %\}}.*?\{{%-? endblock {block} %\}}", text, flags=re.DOTALL
    )
    assert found, f"the installed theme has no block {block!r}"
    return found.group(0)


def test_every_override_records_its_upstream() -> None:
    assert OVERRIDES, f"no templates in {TEMPLATES}"
    for template in OVERRIDES:
        assert RECORD.search(template.read_text(encoding="utf-8")), template.name


@pytest.mark.parametrize("template", OVERRIDES, ids=[t.name for t in OVERRIDES])
def test_upstream_part_is_unchanged(template: Path) -> None:
    record = RECORD.search(template.read_text(encoding="utf-8"))
    assert record, f"{template.name} does not say which theme file it copies"
    upstream = THEME / record["file"]
    assert upstream.is_file(), f"{upstream} is gone from the installed theme"
    part = _copied_part(upstream.read_text(encoding="utf-8"), record["block"])
    digest = hashlib.sha256(part.encode("utf-8")).hexdigest()
    installed = version("pydata-sphinx-theme")
    assert digest == record["sha256"], (
        f"{template.name} copies {record['file']} ({record['block'] or 'whole file'}) of "
        f"pydata-sphinx-theme {record['version']}; the installed {installed} differs there: "
        "re-check the override, then record the new hash and version"
    )
