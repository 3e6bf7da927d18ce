"""The course as a package: a wheel built from the checkout works installed anywhere, outside the checkout."""

import shutil
import subprocess
import sys
import sysconfig
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Run by the fresh environment's Python, in a folder far from the checkout.
USE_THE_INSTALLED_COURSE = textwrap.dedent("""
    import importlib, os, pkgutil, sys
    import course_lib
    assert course_lib.__file__.startswith(sys.prefix), course_lib.__file__
    modules = [m.name for m in pkgutil.walk_packages(course_lib.__path__, "course_lib.")
               if not m.name.endswith(".__main__")]  # a command, run by `python -m`
    for name in modules:
        importlib.import_module(name)
    print("imported", len(modules), "modules")

    from course_lib import settings
    from course_lib.display import backfill_strategies
    from course_lib.feedback import setup_check
    from course_lib.taxi_data import generator as taxi_generator
    assert settings.CHECKOUT is None
    assert settings.data_dir() == settings.default_data_dir(), settings.data_dir()
    assert settings.data_dir().is_relative_to(os.environ["XDG_DATA_HOME"]), settings.data_dir()
    assert setup_check._pinned_versions()["dagster"] == "1.13.27"
    assert len(backfill_strategies.latest_results()) > 0
    assert taxi_generator.ZONE_LOOKUP_CSV.is_file()

    from course_lib.in_process.runs import run_partition
    from course_lib.in_process.database import rows_per_month
    summary = run_partition("2023-03-01")
    assert summary.success, summary.error
    print("loaded", rows_per_month())
""")


@pytest.mark.slow
def test_the_wheel_installs_and_works_outside_the_checkout(tmp_path):
    # Built from a copy of what the wheel is made of: setuptools leaves build/ beside the sources it builds.
    source = tmp_path / "source"
    shutil.copytree(ROOT / "course_lib", source / "course_lib", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("dagster_partitions_course-*.whl")
    packaged = set(zipfile.ZipFile(wheel).namelist())
    in_checkout = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "course_lib").rglob("*")
        if path.suffix in (".py", ".csv", ".svg") and "__pycache__" not in path.parts
    }
    assert in_checkout - packaged == set(), "files of course_lib missing from the wheel"

    # A fresh environment: the wheel installed into it, its dependencies seen from this one (their site-packages
    # as a plain path: the editable install's finder, which points at the checkout, is not activated).
    env_dir = tmp_path / "fresh-env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True, timeout=120)
    fresh_python = env_dir / "bin" / "python"
    fresh_site = Path(
        subprocess.run(
            [fresh_python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (fresh_site / "course_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(fresh_python), "install", "--quiet", "--no-deps", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        "PATH": f"{env_dir / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path / "home"),
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
        "COURSE_ROWS_PER_MONTH": "500",
    }
    done = subprocess.run(
        [fresh_python, "-c", USE_THE_INSTALLED_COURSE],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "loaded {'2023-03': " in done.stdout
    assert (tmp_path / "xdg" / "dagster-partitions-course" / "staging" / "data.duckdb").is_file()


def test_no_notebook_checkpoints_are_tracked():
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    assert [path for path in tracked.stdout.splitlines() if ".ipynb_checkpoints" in path] == []
