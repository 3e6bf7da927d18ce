"""`make grade` on a synthetic class: all solved, untouched, the append-only bug, and a notebook that never ends."""

import csv
import subprocess
from pathlib import Path

import nbformat
import pytest

from course_lib.authoring import learner_copies

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "03_exercise_taxi_trips.ipynb"
# The mistake of tests/submissions/lesson03: an append-only body (a re-run doubles the month).
APPEND_ONLY = """    month = context.partition_key[:-3]
    with database.get_connection() as conn:
        conn.execute(CREATE_TRIPS)
        conn.execute(
            "INSERT INTO trips SELECT VendorID, PULocationID, DOLocationID, RatecodeID, payment_type, "
            "tpep_dropoff_datetime, tpep_pickup_datetime, trip_distance, passenger_count, total_amount, ? "
            "FROM read_parquet(?)",
            [month, str(trips_file_path(month))],
        )"""


def learner_notebook(edit=None) -> nbformat.NotebookNode:
    notebook = nbformat.read(learner_copies.NOTEBOOKS / NOTEBOOK, as_version=4)
    if edit:
        edit(notebook)
    return notebook


def write_the_answer(notebook):
    """The learner copy with the solution notebook's answer typed in (markers gone), as a learner hands it in."""
    solution = nbformat.read(learner_copies.SOLUTIONS / NOTEBOOK, as_version=4)
    answers = {c.id: c.source for c in solution.cells if "exercise" in c.metadata.get("tags", [])}
    for cell in notebook.cells:
        if cell.id in answers:
            lines = answers[cell.id].splitlines()
            cell.source = "\n".join(
                line for line in lines if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION")
            )


def write_append_only(notebook):
    (cell,) = [c for c in notebook.cells if "exercise" in c.metadata.get("tags", [])]
    body_starts = cell.source.index("    # YOUR CODE HERE")
    cell.source = cell.source[:body_starts] + APPEND_ONLY


def never_end(notebook):
    notebook.cells.insert(1, nbformat.v4.new_code_cell("import time\n\nwhile True:\n    time.sleep(1)"))


@pytest.mark.slow
def test_a_synthetic_class_is_graded_each_notebook_on_its_own(tmp_path):
    class_folder = tmp_path / "submissions"
    for learner in ("ada", "bob", "cy", "dee"):
        (class_folder / learner).mkdir(parents=True)
    nbformat.write(learner_notebook(write_the_answer), class_folder / "ada" / NOTEBOOK)
    nbformat.write(learner_notebook(), class_folder / "bob" / NOTEBOOK)  # untouched
    nbformat.write(learner_notebook(write_append_only), class_folder / "cy" / NOTEBOOK)
    nbformat.write(learner_notebook(never_end), class_folder / "dee" / NOTEBOOK)

    grades = tmp_path / "grades.csv"
    done = subprocess.run(
        ["make", "-s", "-C", str(ROOT), "grade", f"SUBMISSIONS={class_folder}", f"GRADES={grades}", "TIME_LIMIT=90"],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    rows = list(csv.DictReader(grades.open()))

    def passed(learner: str) -> dict[str, bool]:
        return {
            r["criterion"]: r["passed"] == "True" for r in rows if r["learner"] == learner and r["graded"] == "True"
        }

    assert all(passed("ada").values()) and len(passed("ada")) == 8
    assert passed("bob") == {"(not solved yet)": False}
    assert [c for c, ok in passed("cy").items() if not ok] == [
        "Running the same partition twice leaves its count unchanged"
    ]
    assert passed("dee") == {"(timed out)": False}
    summary = done.stdout
    assert "solved" in summary and "not solved yet" in summary and "7 of 8" in summary and "timed out" in summary
