"""Are the learner notebooks up to date with the solutions, and free of their answers?"""

import nbformat
import pytest
from conftest import giveaways_in
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

from course_lib.authoring import learner_copies, solutions
from course_lib.feedback.exercises import all_exercises
from course_lib.feedback.exercises import exercise as exercise_for

SOLUTIONS = learner_copies.solution_paths()


def solution_blocks(source: str) -> list[list[str]]:
    """The stripped, non-empty lines of each answer (BEGIN up to PLACEHOLDER or END) in a cell's source."""
    blocks, current = [], None
    for line in source.splitlines():
        marker = line.strip()
        if marker == learner_copies.BEGIN:
            current = []
        elif marker in (learner_copies.PLACEHOLDER, learner_copies.END) and current is not None:
            blocks.append(current)
            current = None
        elif current is not None and marker:
            current.append(marker)
    return blocks


def test_there_is_a_learner_copy_per_solution_and_nothing_else():
    learner = sorted(p.name for p in learner_copies.NOTEBOOKS.glob("*.ipynb"))
    assert learner == [p.name for p in SOLUTIONS]
    assert [p.stem for p in SOLUTIONS] == [
        "00_start_here",
        "01_define_partitions",
        "02_partition_an_asset",
        "03_exercise_taxi_trips",
        "04_jobs_and_schedules",
        "05_backfills",
        "06_beyond_time",
        "07_backfills_in_production",
        "08_recap",
    ]


def test_learner_copies_are_not_stale():
    assert learner_copies.stale_learner_copies() == [], "run `make notebooks`"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_solution_outputs_came_from_the_code_they_show(solution):
    assert solutions.ran_with_current_code(solution), f"{solution.name}'s code changed since its run: `make notebooks`"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_no_answer_line_reaches_the_learner(solution):
    answers = nbformat.read(solution, as_version=4)
    learner = nbformat.read(learner_copies.learner_path(solution), as_version=4)
    learner_cells = {cell.id: cell for cell in learner.cells}
    for source_cell in answers.cells:
        if "solution-only" in source_cell.metadata.get("tags", []):
            assert source_cell.id not in learner_cells, f"{solution.name} cell {source_cell.id} is solution-only"
            continue
        text = learner_cells[source_cell.id].source
        assert learner_copies.BEGIN not in text and learner_copies.END not in text
        for block in solution_blocks(source_cell.source):
            leaked = [line for line in block if line in {each.strip() for each in text.splitlines()}]
            assert not leaked, f"{solution.name} cell {source_cell.id} leaks {leaked}"
    assert all(not cell.get("outputs") for cell in learner.cells)
    assert "widgets" not in learner.metadata


def kernel_as_in_any_jupyter(notebook) -> KernelManager:
    """The kernel the notebook asks for, looked up where no kernel is registered (as in a fresh conda env, Binder
    or VS Code): only the Python kernel every Jupyter has. A notebook naming another kernel fails here."""
    return KernelManager(
        kernel_name=notebook.metadata.kernelspec.name, kernel_spec_manager=KernelSpecManager(kernel_dirs=[])
    )


def test_every_notebook_asks_for_the_default_python_kernel():
    for path in [*SOLUTIONS, *learner_copies.NOTEBOOKS.glob("*.ipynb")]:
        assert nbformat.read(path, as_version=4).metadata.kernelspec == learner_copies.KERNELSPEC, path.name


def exercise_notebooks() -> list[str]:
    """The lessons that have an exercise (a module in course_lib/feedback/exercises/)."""
    keys = {exercise.key for exercise in all_exercises()}
    return [path.stem for path in SOLUTIONS if path.stem[:2] in keys]


def output_text(cell) -> str:
    """Everything a cell's outputs show, as text (plain, HTML, streams, errors)."""
    parts = []
    for output in cell.get("outputs", []):
        parts += [str(value) for kind, value in output.get("data", {}).items() if kind.startswith("text/")]
        parts += [output.get("text", ""), output.get("evalue", "")]
    return "\n".join(parts)


@pytest.mark.parametrize("name", exercise_notebooks())
def test_a_learner_copy_runs_unsolved_and_gives_nothing_away(name):
    """Run the learner copy top to bottom as a learner would (nbval leaves learner copies to this test): only
    cells that call the unsolved exercise may fail, its check says "not solved yet", and no give-away of its
    exercise is in any cell or output."""
    exercise = exercise_for(name[:2])
    notebook = nbformat.read(learner_copies.NOTEBOOKS / f"{name}.ipynb", as_version=4)
    NotebookClient(
        notebook,
        timeout=300,
        km=kernel_as_in_any_jupyter(notebook),
        allow_errors=True,
        resources={"metadata": {"path": str(learner_copies.NOTEBOOKS)}},
    ).execute()
    for cell in notebook.cells:
        failed = any(output.get("output_type") == "error" for output in cell.get("outputs", []))
        assert not failed or "raises-exception" in cell.metadata.get("tags", []), (cell.source, output_text(cell))
    checks = [output_text(cell) for cell in notebook.cells if f"{exercise.name}:" in output_text(cell)]
    assert checks and all(f"{exercise.name}: not solved yet" in text for text in checks), checks
    everything = "\n".join(cell.source + "\n" + output_text(cell) for cell in notebook.cells)
    assert giveaways_in(everything, exercise) == []


def test_strip_solutions_keeps_indentation_and_uses_the_placeholder():
    source = "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n"
    assert learner_copies.strip_solutions(source) == (
        "def f():\n    # YOUR CODE HERE\n    " + learner_copies.NOT_SOLVED
    )
    source = "### BEGIN SOLUTION\nx = 1\n### PLACEHOLDER\n# x = None  # YOUR CODE HERE\n### END SOLUTION"
    assert learner_copies.strip_solutions(source) == "x = None  # YOUR CODE HERE"


def test_an_unclosed_solution_block_is_an_error():
    with pytest.raises(ValueError, match="has no"):
        learner_copies.strip_solutions("### BEGIN SOLUTION\nx = 1\n")


def test_learner_raises_cells_get_the_nbval_tag():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("f()", metadata={"tags": ["learner-raises"]})])
    assert learner_copies.learner_copy(notebook).cells[0].metadata["tags"] == ["raises-exception"]
