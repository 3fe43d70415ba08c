"""Every download of the gallery works on a reader's machine.

From the served site, the download links of every gallery page are followed over HTTP (the ``.py``,
the ``.ipynb``, the per-example zip, and the gallery's zips of all scripts and all notebooks). In a
fresh virtual environment holding only ``torch==2.13.0``, numpy and matplotlib (and nbclient and
ipykernel for the notebooks), without this repository, every script runs from an empty folder and
every notebook executes. Two run at a time (CI has two cores).

The environment is built once and kept in ``.nox/site-downloads-venv`` (git-ignored), rebuilt when
its requirements change.
"""

from __future__ import annotations

import html.parser
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import urlopen

import pytest
from sitecheck import ROOT

EXAMPLES = sorted(path.stem for path in (ROOT / "gallery").rglob("plot_*.py"))
REQUIREMENTS = ["torch==2.13.0", "numpy", "matplotlib", "nbclient", "ipykernel"]
VENV = ROOT / ".nox" / "site-downloads-venv"
TIMEOUT = 1200  # seconds for one script or notebook
# Runs inside the clean environment: execute one notebook with its own python3 kernel.
NOTEBOOK_RUNNER = """
import sys
import nbformat
from nbclient import NotebookClient

notebook = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(notebook, timeout=int(sys.argv[3]), resources={"metadata": {"path": sys.argv[2]}}).execute()
"""


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


@pytest.fixture(scope="session")
def downloads(servers: dict[str, str]) -> Downloads:
    base = servers["subpath"]
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
    with zipfile.ZipFile(io.BytesIO(downloads.gallery_zips["auto_examples_python.zip"])) as zipped:
        for member in zipped.namelist():
            if member.endswith(".py"):
                assert zipped.read(member) == downloads.files[Path(member).name], member
    for name in EXAMPLES:
        assert _zip_names(downloads.example_zips[name]) == [f"{name}.ipynb", f"{name}.py"]


# -- Running them in a clean environment ----------------------------------------------------------


def _venv_python() -> Path:
    return VENV / "bin" / "python"


@pytest.fixture(scope="session")
def clean_python() -> Path:
    """A virtual environment with only the packages a reader installs; built once, then reused.

    It is built beside its final place and moved there only when complete, so that an interrupted
    build is never mistaken for a finished one.
    """
    stamp = VENV / "requirements.json"
    wanted = json.dumps({"python": sys.version, "requirements": REQUIREMENTS})
    if stamp.is_file() and stamp.read_text() == wanted and _venv_python().is_file():
        return _venv_python()
    partial = VENV.with_name(VENV.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(partial)], check=True)
    subprocess.run(
        [str(partial / "bin" / "python"), "-m", "pip", "install", "--quiet", *REQUIREMENTS],
        check=True,
        env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"},
    )
    (partial / "requirements.json").write_text(wanted)
    shutil.rmtree(VENV, ignore_errors=True)
    partial.rename(VENV)  # only `python -m ...` is used, which does not mind the move
    return _venv_python()


def _reader_env(home: Path, python: Path) -> dict[str, str]:
    """A bare environment: no PYTHONPATH, no user site-packages, the clean venv first on PATH."""
    return {
        "PATH": f"{python.parent}{os.pathsep}/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "PYTHONNOUSERSITE": "1",
        "OMP_NUM_THREADS": "1",  # two run at a time on two cores
    }


@dataclass
class Run:
    returncode: int
    output: str


def _run_one(python: Path, file: Path) -> Run:
    with tempfile.TemporaryDirectory(prefix="reader-") as scratch:
        home = Path(scratch) / "home"
        workdir = Path(scratch) / "empty"
        home.mkdir()
        workdir.mkdir()
        if file.suffix == ".py":
            command = [str(python), str(file)]
        else:
            command = [str(python), "-c", NOTEBOOK_RUNNER, str(file), str(workdir), str(TIMEOUT)]
        try:
            done = subprocess.run(
                command,
                cwd=workdir,
                env=_reader_env(home, python),
                capture_output=True,
                text=True,
                timeout=TIMEOUT + 60,
                check=False,
            )
        except subprocess.TimeoutExpired:
            return Run(-1, f"timed out after {TIMEOUT + 60} s")
        return Run(done.returncode, (done.stdout + done.stderr)[-6000:])


@pytest.fixture(scope="session")
def runs(downloads: Downloads, clean_python: Path) -> Iterator[dict[str, Run]]:
    """Run every downloaded script and notebook, two at a time; file name -> result."""
    with tempfile.TemporaryDirectory(prefix="downloads-") as folder:
        paths = []
        for name, data in sorted(downloads.files.items()):
            path = Path(folder) / name
            path.write_bytes(data)
            paths.append(path)
        # Longest first (by size) so that the two workers finish together.
        paths.sort(key=lambda path: -path.stat().st_size)
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = dict(
                zip(paths, pool.map(lambda p: _run_one(clean_python, p), paths), strict=True)
            )
        yield {path.name: result for path, result in results.items()}


@pytest.mark.parametrize("kind", [".py", ".ipynb"])
@pytest.mark.parametrize("example", EXAMPLES)
def test_download_runs(runs: dict[str, Run], example: str, kind: str) -> None:
    result = runs[f"{example}{kind}"]
    assert result.returncode == 0, f"{example}{kind} failed:\n{result.output}"
