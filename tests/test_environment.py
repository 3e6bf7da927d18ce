"""Do environment.yml and pyproject.toml ask for the same pinned packages?"""

import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_environment_yml_lists_the_pyproject_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    (pip_section,) = [entry["pip"] for entry in env["dependencies"] if isinstance(entry, dict)]
    listed = {line for line in pip_section if not line.startswith("-e")}
    assert listed == wanted
    python = [entry for entry in env["dependencies"] if isinstance(entry, str) and entry.startswith("python=")]
    assert python == ["python=3.11"] and project["requires-python"] == ">=3.11,<3.12"
    assert all("==" in requirement for requirement in wanted), "every dependency is pinned"
