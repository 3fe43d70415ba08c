"""The lock file (requirements/lock.txt) pins a toolchain that pyproject.toml accepts.

Every nox session, CI, Read the Docs and the Pages workflow install with ``-c`` the lock; a
change of pyproject.toml that the lock no longer satisfies must be followed by ``nox -s lock``.
"""

from __future__ import annotations

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

from tools.pins import canonical, lock_pins, project_requirements, torch_requirement

PINS = lock_pins()
REQUIREMENTS = [
    (extra or "dependencies", Requirement(text))
    for extra, texts in project_requirements().items()
    for text in texts
    if canonical(Requirement(text).name) != "lstm-outputs"  # an extra naming another extra
]


@pytest.mark.parametrize(
    "requirement", [r for _, r in REQUIREMENTS], ids=[f"{e}:{r}" for e, r in REQUIREMENTS]
)
def test_lock_satisfies_pyproject(requirement: Requirement) -> None:
    if requirement.marker is not None and not requirement.marker.evaluate():
        pytest.skip(f"{requirement} does not apply here")
    name = canonical(requirement.name)
    assert name in PINS, f"{requirement.name} is required but not in the lock: run `nox -s lock`"
    version = Version(PINS[name])
    assert requirement.specifier.contains(version, prereleases=True), (
        f"the lock pins {name}=={version}, pyproject.toml wants {requirement}: run `nox -s lock`"
    )


def test_torch_is_pinned_exactly_as_pyproject_pins_it() -> None:
    pinned = Requirement(torch_requirement())
    assert str(pinned.specifier).startswith("=="), pinned
    assert f"torch=={PINS['torch']}" == str(pinned).replace(" ", "")
    assert "+" not in PINS["torch"], "a local build tag (+cpu) would not resolve on other hosts"


def test_lock_holds_no_gpu_packages() -> None:
    gpu = sorted(
        name for name in PINS if name.startswith(("nvidia-", "cuda-")) or name == "triton"
    )
    assert gpu == [], f"CPU-only toolchain; the lock names {gpu}"


def test_lock_pins_every_line_exactly_and_sorted() -> None:
    # lock_pins rejects anything but `name==version` (URLs, ranges); here: one line per package.
    names = list(PINS)
    assert len(names) == len(set(names))
    assert names == sorted(names), "the lock is sorted by name (nox -s lock writes it so)"
