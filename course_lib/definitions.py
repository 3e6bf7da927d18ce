"""The course's Dagster code location: every asset, job, schedule and resource in `course_lib/defs/`.

`dagster dev -m course_lib.definitions`, `dg dev` and `make dagster` load it; pyproject.toml's [tool.dg]
section names `course_lib` as the project's root module, whose `defs` folder this loads.
"""

from pathlib import Path

import dagster as dg

from course_lib import defs as defs_folder
from course_lib import settings


@dg.definitions
def defs() -> dg.Definitions:
    """The course's Definitions, loaded from the defs folder."""
    if settings.CHECKOUT is not None:
        project = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
    else:
        # Installed from a wheel, no pyproject.toml sits beside the package to say where defs/ is: name it.
        package_root = Path(defs_folder.__file__).parent.parent
        project = dg.ComponentTree(defs_module=defs_folder, project_root=package_root).build_defs()
    # A run's steps are sequential and share one DuckDB file: one process per run is enough, and saves the
    # webserver's runs a Python start-up per step (the multiprocess default).
    return dg.Definitions.merge(project, dg.Definitions(executor=dg.in_process_executor))
