"""Learner copies generated from the solution notebooks, which are the source.

In a solution notebook, an exercise cell marks its answer:

    ### BEGIN SOLUTION
    ...the answer...
    ### PLACEHOLDER          (optional: what the learner gets instead, as comment lines)
    # my_schedule = None
    ### END SOLUTION

Without a PLACEHOLDER part, the answer becomes a `raise NotSolvedYet(...)` at the same indentation.
Cells tagged `learner-raises` (they call an unsolved exercise) get nbval's `raises-exception` tag
in the learner copy. Cells tagged `solution-only` (what explains or shows the answer) are left out of it.
"""

import copy
import re
from pathlib import Path

import nbformat

from course_lib import settings

# The clone's notebooks; an installed course_lib works on the notebooks/ of the folder it is run from.
ROOT = settings.CHECKOUT or Path.cwd()
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = NOTEBOOKS / "solutions"
# Every notebook asks for the default Python kernel, which every Jupyter has (make lab, conda, Binder, VS Code).
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
BEGIN, PLACEHOLDER, END = "### BEGIN SOLUTION", "### PLACEHOLDER", "### END SOLUTION"
RUN_METADATA = "course_authoring"  # a solution's record of the code its outputs came from (solutions.py)
NOT_SOLVED = 'raise NotSolvedYet("Not solved yet: write your answer here, then run the check below.")'


def strip_solutions(source: str) -> str:
    """The learner's version of one cell's source: each solution block replaced by its placeholder."""
    out, block, in_placeholder, indent = [], None, False, ""
    for line in source.splitlines():
        marker = line.strip()
        if marker == BEGIN:
            block, in_placeholder, indent = [], False, line[: len(line) - len(line.lstrip())]
        elif marker == PLACEHOLDER and block is not None:
            in_placeholder = True
        elif marker == END and block is not None:
            out.extend(block or [f"{indent}# YOUR CODE HERE", f"{indent}{NOT_SOLVED}"])
            block = None
        elif block is not None:
            if in_placeholder:  # "# my_schedule = None" -> "my_schedule = None", keeping the indentation
                block.append(re.sub(r"^(\s*)# ?", r"\1", line, count=1))
        else:
            out.append(line)
    if block is not None:
        raise ValueError(f"a '{BEGIN}' has no '{END}' in:\n{source}")
    return "\n".join(out)


def learner_copy(solution: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The learner notebook for a solution notebook: answers replaced, outputs cleared."""
    notebook = copy.deepcopy(solution)
    notebook.metadata.kernelspec = KERNELSPEC
    notebook.metadata.pop("widgets", None)  # the instructor run's widget state: no output refers to it here
    notebook.metadata.pop(RUN_METADATA, None)
    notebook.cells = [cell for cell in notebook.cells if "solution-only" not in cell.metadata.get("tags", [])]
    for cell in notebook.cells:
        if cell.cell_type == "markdown":  # the copy sits one folder up from its solution: images/ is beside it
            cell.source = cell.source.replace("](../images/", "](images/")
        if cell.cell_type != "code":
            continue
        cell.source = strip_solutions(cell.source)
        cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "learner-raises" in tags:
            cell.metadata["tags"] = [t for t in tags if t != "learner-raises"] + ["raises-exception"]
    return notebook


def solution_paths() -> list[Path]:
    """The solution notebooks, in lesson order."""
    return sorted(SOLUTIONS.glob("[0-9][0-9]_*.ipynb"))


def learner_path(solution: Path) -> Path:
    """Where the learner copy of a solution notebook lives."""
    return NOTEBOOKS / solution.name


def render(notebook: nbformat.NotebookNode) -> str:
    """A notebook as the text written to disk."""
    return nbformat.writes(notebook) + "\n"


def learner_text(solution: Path) -> str:
    """The learner notebook generated from a solution notebook file, as written to disk."""
    return render(learner_copy(nbformat.read(solution, as_version=4)))


def stale_learner_copies() -> list[str]:
    """Names of learner notebooks that are missing or differ from what their solution generates."""
    return [
        learner_path(solution).name
        for solution in solution_paths()
        if not learner_path(solution).exists() or learner_path(solution).read_text() != learner_text(solution)
    ]


def write_learner_copies() -> list[Path]:
    """Write the learner notebooks that differ from what their solution generates; the ones written."""
    written = []
    for solution in solution_paths():
        text = learner_text(solution)
        if not learner_path(solution).exists() or learner_path(solution).read_text() != text:
            learner_path(solution).write_text(text)
            written.append(learner_path(solution))
    return written
