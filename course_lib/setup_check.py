"""The set-up check of the first notebook: each line says what is fine, or what to do."""

import importlib.metadata
import os
import sys
import tomllib

from packaging.requirements import Requirement

from course_lib import settings
from course_lib.checks import CheckResult, Criterion


def _pinned_versions() -> dict[str, str]:
    project = tomllib.loads((settings.PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    pins = [Requirement(pin) for pin in [*project["dependencies"], *project["optional-dependencies"]["test"]]]
    return {pin.name: next(iter(pin.specifier)).version for pin in pins}  # "gql[requests]==4.0.0" -> gql: 4.0.0


def check_setup() -> CheckResult:
    """Check Python, the pinned packages, the data folder, the Dagster instance and the DuckDB file."""
    from course_lib import database
    from course_lib.instance import course_instance

    criteria = [Criterion(f"Python {sys.version_info.major}.{sys.version_info.minor}", sys.version_info[:2] == (3, 11),
                          "the course is pinned to Python 3.11: run `make lab`, which builds .venv with it")]
    wrong = []
    for package, version in _pinned_versions().items():
        try:
            installed = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            installed = "missing"
        if installed != version:
            wrong.append(f"{package} {installed} (wanted {version})")
    criteria.append(Criterion("Packages at the course's pinned versions", not wrong,
                              f"{', '.join(wrong)}: run `make lab` again, or pick the kernel 'Python (Dagster course)'"))
    data = settings.data_dir()
    try:
        data.mkdir(parents=True, exist_ok=True)
        writable = os.access(data, os.W_OK)
    except OSError:
        writable = False
    criteria.append(Criterion("The data folder is writable", writable,
                              f"cannot write {data}: set COURSE_DATA_DIR to a folder you own"))
    try:
        home_ok = bool(course_instance().root_directory)
    except Exception as error:  # a broken instance should be a sentence here, not a traceback
        home_ok, home_error = False, str(error).splitlines()[0]
    else:
        home_error = ""
    criteria.append(Criterion("The Dagster instance opens", home_ok,
                              f"{home_error}: check DAGSTER_HOME ({settings.dagster_home()})"))
    free = "could not" not in database.try_open_from_another_process()
    criteria.append(Criterion("The DuckDB file is free for runs", free,
                              "another process holds it: stop the other notebook's kernel or `dagster dev`'s run, "
                              "then check again"))
    try:
        importlib.metadata.version("jupyterlab_widgets")
        widgets_ok = True
    except importlib.metadata.PackageNotFoundError:
        widgets_ok = False
    criteria.append(Criterion("JupyterLab can show the course's widgets", widgets_ok,
                              "jupyterlab_widgets is missing: run `make lab`, which installs it"))
    return CheckResult("Set-up check", tuple(criteria))
