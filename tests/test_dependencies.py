"""The dependency locks: every requirement pyproject.toml declares is pinned, with hashes, at a
version its specifier allows, in the lock that installs it (requirements.lock for development,
requirements-runtime.lock for servers); the runtime lock carries nothing only development needs;
and this environment was installed from the lock. A requirement added without `make lock` fails
here."""

import importlib.metadata
import os
import re
import tomllib

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from support import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
LOCKS = {"requirements.lock": ["test", "docs", "metrics"], "requirements-runtime.lock": ["metrics"]}
PIN = re.compile(r"^([A-Za-z0-9._-]+)==(\S+?)(?: ; (.+?))?(?: \\)?$")


def _pins(lock: str) -> dict[str, list[tuple[str, str | None, str]]]:
    """name → [(version, marker, the pin's block of lines)] (a package may be pinned twice,
    once per range of Python versions)."""
    pins: dict[str, list[tuple[str, str | None, str]]] = {}
    text = (ROOT / lock).read_text(encoding="utf-8")
    for block in re.split(r"\n(?=\S)", text):
        found = PIN.match(block.splitlines()[0])
        if found:
            name, version, marker = found.groups()
            pins.setdefault(canonicalize_name(name), []).append((version, marker, block))
    return pins


def _requirements(extras: list[str]) -> list[Requirement]:
    declared = PYPROJECT["dependencies"] + [r for extra in extras for r in PYPROJECT["optional-dependencies"][extra]]
    return [Requirement(r) for r in declared]


@pytest.mark.parametrize("lock", LOCKS)
def test_every_declared_requirement_is_pinned_with_hashes_within_its_range(lock: str) -> None:
    pins = _pins(lock)
    assert pins, f"{lock} pins nothing"
    problems = []
    for requirement in _requirements(LOCKS[lock]):
        name = canonicalize_name(requirement.name)
        if name not in pins:
            problems.append(f"{requirement}: not in {lock}")
        problems += [f"{requirement}: {lock} pins {version}" for version, _, _ in pins.get(name, [])
                     if not requirement.specifier.contains(version, prereleases=True)]
    problems += [f"{name}=={version}: no hash" for name, entries in pins.items() for version, _, block in entries
                 if "--hash=sha256:" not in block]
    assert not problems, f"run `make lock` after changing pyproject.toml: {problems}"


def test_the_runtime_lock_has_no_development_only_package() -> None:
    development = {canonicalize_name(r.name) for r in _requirements(["test", "docs"])}
    runtime = {canonicalize_name(r.name) for r in _requirements(["metrics"])}
    assert not (development - runtime) & set(_pins("requirements-runtime.lock"))


@pytest.mark.skipif(os.environ.get("JUNXIU_TEST_FLOORS") == "1", reason="`make floors` installs the floors, not the lock")
def test_this_environment_is_installed_from_the_lock() -> None:
    stale = []
    for name, entries in _pins("requirements.lock").items():
        for version, marker, _ in entries:
            if marker is not None and not Marker(marker).evaluate():
                continue
            try:
                installed = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                installed = None
            if installed != version:
                stale.append(f"{name}: locked {version}, installed {installed}")
    assert not stale, f"run `make setup` (the environment drifted from requirements.lock): {stale}"

