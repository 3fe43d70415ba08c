"""Every download of the gallery is the example a reader should get: the tested script.

From the served site, the download links of every gallery page are followed over HTTP (the ``.py``,
the ``.ipynb``, the per-example zip, and the gallery's zips of all scripts and all notebooks). Each
``.py`` is byte for byte the script in ``gallery/``, each ``.ipynb`` holds exactly that script's
code, and every zip holds the same files as the single downloads.

The scripts are not run a third time here: ``nox -s tests`` runs each one standalone, from an
empty folder with ``lstm_outputs`` unimportable, and checks it imports only torch, numpy and
matplotlib (tests/examples/test_gallery_scripts.py); the docs build runs each once more. What is
left to show is that the downloads are those very files.
"""

from __future__ import annotations

import html.parser
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest

from tools.paths import gallery_scripts

SCRIPTS = {path.stem: path for path in gallery_scripts()}
EXAMPLES = sorted(SCRIPTS)
# sphinx-gallery's per-file configuration comments (``# sphinx_gallery_thumbnail_number = 2``).
CONFIG_COMMENT = re.compile(r"^\s*#\s*sphinx_gallery_\w+")


class _Links(html.parser.HTMLParser):
    """Hrefs of download links and of gallery thumbnails."""

    def __init__(self) -> None:
        super().__init__()
        self.downloads: list[str] = []
        self.thumbnails: list[str] = []
        self._in_thumbnail = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "div":
            if "sphx-glr-thumbcontainer" in classes:
                self._in_thumbnail = 1
            elif self._in_thumbnail:
                self._in_thumbnail += 1
        if tag == "a" and found.get("href"):
            if "download" in classes:
                self.downloads.append(found["href"] or "")
            elif self._in_thumbnail:
                self.thumbnails.append(found["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._in_thumbnail:
            self._in_thumbnail -= 1


def _get(url: str) -> bytes:
    with urlopen(url, timeout=30) as response:
        assert response.status == 200, f"{url}: HTTP {response.status}"
        data: bytes = response.read()
        return data


def _links(url: str) -> _Links:
    parser = _Links()
    parser.feed(_get(url).decode("utf-8"))
    return parser


@dataclass
class Downloads:
    """What the gallery offers, fetched from the served site."""

    files: dict[str, bytes]  # file name -> content, for every .py and .ipynb
    example_zips: dict[str, bytes]  # example name -> its zip
    gallery_zips: dict[str, bytes]  # zip name -> content, from the gallery's front page


# Both editions offer the same English downloads (the Chinese one translates only the prose).
@pytest.fixture(scope="session", params=["", "zh_CN/"], ids=["en", "zh_CN"])
def downloads(servers: dict[str, str], request: pytest.FixtureRequest) -> Downloads:
    base = servers["subpath"] + request.param
    index = urljoin(base, "auto_examples/index.html")
    front = _links(index)
    pages = sorted({urljoin(index, href).split("#")[0] for href in front.thumbnails})
    files: dict[str, bytes] = {}
    example_zips: dict[str, bytes] = {}
    for page in pages:
        name = Path(urlsplit(page).path).stem
        offered = sorted({urljoin(page, href) for href in _links(page).downloads})
        kinds = sorted(Path(urlsplit(url).path).suffix for url in offered)
        assert kinds == [".ipynb", ".py", ".zip"], f"{page} offers {offered}"
        for url in offered:
            file_name = Path(urlsplit(url).path).name
            assert Path(file_name).stem == name, f"{page} offers {file_name}"
            if file_name.endswith(".zip"):
                example_zips[name] = _get(url)
            else:
                files[file_name] = _get(url)
    gallery_zips = {
        Path(urlsplit(url).path).name: _get(url)
        for url in sorted({urljoin(index, href) for href in front.downloads})
        if url.endswith(".zip")
    }
    return Downloads(files, example_zips, gallery_zips)


def test_gallery_offers_every_example(downloads: Downloads) -> None:
    offered = sorted(Path(name).stem for name in downloads.files if name.endswith(".py"))
    assert offered == EXAMPLES, "the gallery's thumbnails and gallery/ disagree"
    notebooks = sorted(Path(name).stem for name in downloads.files if name.endswith(".ipynb"))
    assert notebooks == EXAMPLES


def _zip_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return sorted(Path(name).name for name in archive.namelist() if not name.endswith("/"))


def test_zips_hold_every_example(downloads: Downloads) -> None:
    assert sorted(downloads.gallery_zips) == [
        "auto_examples_jupyter.zip",
        "auto_examples_python.zip",
    ]
    scripts = _zip_names(downloads.gallery_zips["auto_examples_python.zip"])
    assert scripts == [f"{name}.py" for name in EXAMPLES]
    notebooks = _zip_names(downloads.gallery_zips["auto_examples_jupyter.zip"])
    assert notebooks == [f"{name}.ipynb" for name in EXAMPLES]
    for name in EXAMPLES:
        assert _zip_names(downloads.example_zips[name]) == [f"{name}.ipynb", f"{name}.py"]


def _zip_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {Path(name).name: archive.read(name) for name in archive.namelist()}


def test_zips_hold_the_same_files_as_the_single_downloads(downloads: Downloads) -> None:
    zipped = {
        **_zip_files(downloads.gallery_zips["auto_examples_python.zip"]),
        **_zip_files(downloads.gallery_zips["auto_examples_jupyter.zip"]),
    }
    for name, data in downloads.files.items():
        assert zipped[name] == data, f"the gallery zip's {name} differs from its download"
    for example, data in downloads.example_zips.items():
        for name, content in _zip_files(data).items():
            assert content == downloads.files[name], f"{example}.zip: {name} differs"


@pytest.mark.parametrize("example", EXAMPLES)
def test_script_download_is_the_gallery_script(downloads: Downloads, example: str) -> None:
    assert downloads.files[f"{example}.py"] == SCRIPTS[example].read_bytes(), (
        f"{example}.py as downloaded differs from {SCRIPTS[example]}: a stale build?"
    )


def _script_code(text: str) -> list[str]:
    """The code lines of a sphinx-gallery script: no docstring, no ``# %%`` text blocks."""
    if text.lstrip().startswith('"""'):
        text = text.split('"""', 2)[2]
    code, in_text_block = [], False
    for line in text.splitlines():
        if line.startswith("# %%"):
            in_text_block = True
            continue
        if in_text_block and line.startswith("#"):
            continue
        in_text_block = False
        if line.strip() and not CONFIG_COMMENT.match(line):
            code.append(line)
    return code


def _notebook_code(data: bytes) -> list[str]:
    notebook = json.loads(data)
    return [
        line
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
        if line.strip() and not CONFIG_COMMENT.match(line)
    ]


@pytest.mark.parametrize("example", EXAMPLES)
def test_notebook_download_holds_the_script_code(downloads: Downloads, example: str) -> None:
    script = _script_code(SCRIPTS[example].read_text(encoding="utf-8"))
    notebook = _notebook_code(downloads.files[f"{example}.ipynb"])
    assert len(script) > 10, f"no code found in {SCRIPTS[example]}"
    assert notebook == script, f"{example}.ipynb's code cells are not the script's code"
