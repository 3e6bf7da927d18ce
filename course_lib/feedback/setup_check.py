"""The set-up check of the first notebook: each line says what is fine, or what to do."""

import importlib.metadata
import os
import platform
import sys

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from course_lib import settings
from course_lib.feedback.result import CheckResult, Criterion

DISTRIBUTION = "dagster-partitions-course"


def _pinned_versions() -> dict[str, str]:
    # The installed course's own metadata (what pyproject.toml asked for when it was installed), checkout or not.
    pins = [Requirement(line) for line in importlib.metadata.requires(DISTRIBUTION) or []]
    return {pin.name: next(iter(pin.specifier)).version for pin in pins}  # "gql[requests]==4.0.0" -> gql: 4.0.0


def supported_pythons() -> list[str]:
    """The Python versions the course runs on, from its Requires-Python: e.g. ['3.11', '3.12', '3.13']."""
    supported = SpecifierSet(importlib.metadata.metadata(DISTRIBUTION)["Requires-Python"])
    return [f"3.{minor}" for minor in range(8, 30) if f"3.{minor}.0" in supported]


def check_setup() -> CheckResult:
    """Check Python, the pinned packages, the data folder, the Dagster instance and the DuckDB file."""
    from course_lib.in_process import database
    from course_lib.in_process.instance import course_instance

    supported = supported_pythons()
    # The label names the range, not this kernel's version, so the notebook reads the same on every Python.
    criteria = [
        Criterion(
            f"Python {supported[0]} to {supported[-1]}",
            f"{sys.version_info[0]}.{sys.version_info[1]}" in supported,
            f"this kernel runs Python {platform.python_version()}: start JupyterLab with `make lab "
            f"PYTHON=python{supported[-1]}` (any of {', '.join(supported)})",
        )
    ]
    wrong = []
    for package, version in _pinned_versions().items():
        try:
            installed = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            wrong.append(f"{package} {installed} (wanted {version})")
    criteria.append(
        Criterion(
            "Packages at the course's pinned versions",
            not wrong,
            f"{', '.join(wrong)}: run `make lab` again (or, in your own Jupyter, pick the kernel of the course's "
            "environment)",
        )
    )
    data = settings.data_dir()
    try:
        data.mkdir(parents=True, exist_ok=True)
        writable = os.access(data, os.W_OK)
    except OSError:
        writable = False
    criteria.append(
        Criterion(
            "The data folder is writable", writable, f"cannot write {data}: set COURSE_DATA_DIR to a folder you own"
        )
    )
    try:
        home_ok = bool(course_instance().root_directory)
    except Exception as error:  # a broken instance should be a sentence here, not a traceback
        home_ok, home_error = False, str(error).splitlines()[0]
    else:
        home_error = ""
    criteria.append(
        Criterion(
            "The Dagster instance opens", home_ok, f"{home_error}: check DAGSTER_HOME ({settings.dagster_home()})"
        )
    )
    free = "could not" not in database.try_open_from_another_process()
    criteria.append(
        Criterion(
            "The DuckDB file is free for runs",
            free,
            "another process holds it: stop the other notebook's kernel or `dagster dev`'s run, then check again",
        )
    )
    try:
        importlib.metadata.version("jupyterlab_widgets")
        widgets_ok = True
    except importlib.metadata.PackageNotFoundError:
        widgets_ok = False
    criteria.append(
        Criterion(
            "JupyterLab can show the course's widgets",
            widgets_ok,
            "jupyterlab_widgets is missing: run `make lab`, which installs it",
        )
    )
    return CheckResult("Set-up check", tuple(criteria), done="all passed")
