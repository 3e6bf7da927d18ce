"""The lesson's Dagster project: partitions, the `database` resource, assets, jobs and schedules.

`course_lib/definitions.py` loads everything in this folder (`dg.load_from_defs_folder`), as `dg` projects do.
"""
