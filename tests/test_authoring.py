"""`make notebooks`: re-run only what changed, keep outputs that read the same, and leave no data behind."""

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from course_lib.authoring import solutions

ROOT = Path(__file__).resolve().parent.parent


def notebook(*cells: tuple[str, str]) -> nbformat.NotebookNode:
    """A notebook of code cells, each (source, the stdout stored from an earlier run)."""
    nb = nbformat.v4.new_notebook()
    for source, stored in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=stored)]
        nb.cells.append(cell)
    return nb


def test_outputs_compare_as_nbval_compares_them():
    first = notebook(("", "run 1a2b3c4d took 0.52 s\n")).cells[0].outputs
    again = notebook(("", "run 9f8e7d6c took 1.07 s\n")).cells[0].outputs
    other = notebook(("", "run 9f8e7d6c took 1.07 s, 3 rows\n")).cells[0].outputs
    assert solutions.comparable(first) == solutions.comparable(again)
    assert solutions.comparable(first) != solutions.comparable(other)
    in_two_pieces = notebook(("", "run 1a2b3c4d took")).cells[0].outputs
    in_two_pieces.append(nbformat.v4.new_output("stream", name="stdout", text=" 0.52 s\n"))
    assert solutions.comparable(in_two_pieces) == solutions.comparable(first)


def test_a_rerun_keeps_outputs_that_read_the_same_and_records_its_code(tmp_path):
    path = tmp_path / "01_example.ipynb"
    nb = notebook(
        ('print("run", "1a2b3c4d", "took 0.5 s")', "run deadbeef took 0.3 s\n"),  # the same, once masked
        ("print(6 * 7)", "41\n"),  # a stale output
    )
    nb.metadata["widgets"] = {"state": "from an old run"}
    path.write_text(nbformat.writes(nb))
    assert not solutions.ran_with_current_code(path)

    run = solutions.execute_solution(path)

    saved = nbformat.read(path, as_version=4)
    assert run.changed_cells == [1] and "outputs changed in 1 cell(s): 1" in str(run)
    assert saved.cells[0].outputs[0].text == "run deadbeef took 0.3 s\n"  # kept: no diff for an id or a timing
    assert saved.cells[1].outputs[0].text == "42\n"
    assert "widgets" not in saved.metadata
    assert solutions.ran_with_current_code(path)
    # A markdown edit does not call for a run; a code edit does.
    saved.cells.insert(0, nbformat.v4.new_markdown_cell("A new sentence."))
    path.write_text(nbformat.writes(saved))
    assert solutions.ran_with_current_code(path)
    saved.cells[2].source = "print(6 * 8)"
    path.write_text(nbformat.writes(saved))
    assert not solutions.ran_with_current_code(path)


@pytest.mark.slow
def test_a_test_session_leaves_no_data_folder_behind(tmp_path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, TMPDIR=str(temp))
    for name in ("COURSE_DATA_DIR", "DUCKDB_DATABASE", "DAGSTER_HOME", "COURSE_FRESH_DATA_PER_KERNEL"):
        env.pop(name, None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_partitions.py",
            "notebooks/solutions/01_define_partitions.ipynb",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:]
    left = [path.name for path in temp.iterdir() if path.name.startswith("course-")]
    assert left == [], left  # the session's data folder and every kernel's folder inside it are gone
