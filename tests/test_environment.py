"""pyproject.toml, the lock (constraints.txt) and environment.yml ask for the same packages, and this
environment was installed from the lock."""

import importlib.metadata
import json
import re
import tomllib
from pathlib import Path

import yaml
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
PINS = [*PROJECT["dependencies"], *PROJECT["optional-dependencies"]["test"]]


def lock() -> list[tuple[str, str, Marker | None, list[str]]]:
    """Each line of constraints.txt: (name, version, marker, what asked for it)."""
    entries, current = [], None
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            requirement = Requirement(line)
            current = (requirement.name.lower(), next(iter(requirement.specifier)).version, requirement.marker, [])
            entries.append(current)
        elif line.strip().startswith("#") and current is not None:  # "# via dagster" or "#   dagster"
            current[3].append(re.sub(r"^#\s*(via)?\s*", "", line.strip()))
    return entries


def test_every_dependency_is_pinned():
    assert all("==" in pin for pin in PINS), "every direct dependency is pinned"


def test_environment_yml_lists_the_pyproject_dependencies_and_python_range():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    (pip_section,) = [entry["pip"] for entry in env["dependencies"] if isinstance(entry, dict)]
    assert {line for line in pip_section if not line.startswith("-")} == set(PINS)
    assert "-c constraints.txt" in pip_section and "-e ." in pip_section
    (python,) = [entry for entry in env["dependencies"] if isinstance(entry, str) and entry.startswith("python")]
    assert re.fullmatch(r"python=3\.\d+", python), "one version: repo2docker (Binder) reads only python=X.Y"
    assert f"{python.removeprefix('python=')}.0" in SpecifierSet(PROJECT["requires-python"])


def test_the_devcontainer_sets_up_with_make_and_forwards_the_course_ports():
    text = (ROOT / ".devcontainer" / "devcontainer.json").read_text()
    config = json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.MULTILINE))  # JSON with comment lines
    assert config["postCreateCommand"] == "make setup"
    assert config["forwardPorts"] == [8888, 3000]  # make lab's JupyterLab, make dagster's DAGSTER_PORT default
    assert "DAGSTER_PORT ?= 3000" in (ROOT / "Makefile").read_text()
    image_python = re.search(r"python:(3\.\d+)", config["image"])[1]
    assert f"{image_python}.0" in SpecifierSet(PROJECT["requires-python"])


def test_the_lock_pins_every_direct_dependency_at_its_version():
    locked = {(name, version) for name, version, marker, _ in lock()}
    for pin in map(Requirement, PINS):
        assert (pin.name.lower(), next(iter(pin.specifier)).version) in locked, (
            f"{pin} is not in constraints.txt: run `make lock`"
        )
    # And the lock asks for nothing directly that pyproject.toml no longer asks for.
    direct = {name for name, _, _, via in lock() if "dagster-partitions-course (pyproject.toml)" in via}
    assert direct == {Requirement(pin).name.lower() for pin in PINS}, "run `make lock`"


def test_the_lock_and_make_cover_every_supported_python():
    supported = SpecifierSet(PROJECT["requires-python"])
    versions = [f"3.{minor}" for minor in range(8, 30) if f"3.{minor}.0" in supported]
    assert versions == ["3.11", "3.12", "3.13"]
    header = (ROOT / "constraints.txt").read_text().splitlines()[1]
    assert "--universal" in header and f"--python-version {versions[0]}" in header
    makefile = (ROOT / "Makefile").read_text()
    assert f"SUPPORTED := {' '.join(versions)}\n" in makefile  # what make accepts, and .ci/other-pythons tries


def test_this_environment_was_installed_from_the_lock():
    wrong = []
    for name, version, marker, _ in lock():
        if marker is not None and not marker.evaluate():
            continue  # another platform's or another Python's line
        try:
            installed = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            wrong.append(f"{name} {installed} (locked {version})")
    assert wrong == [], "reinstall with `make setup` (pip install -c constraints.txt -e '.[test]')"


def test_pre_commit_runs_the_pinned_ruff():
    (ruff,) = [Requirement(pin) for pin in PINS if Requirement(pin).name == "ruff"]
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    (repo,) = [r for r in config["repos"] if r["repo"].endswith("/ruff-pre-commit")]
    assert repo["rev"] == f"v{next(iter(ruff.specifier)).version}"
