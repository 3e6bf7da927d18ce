"""For course authors: solution notebooks are the source; learner copies are generated from them.

    python -m course_lib.authoring            # write the learner copies
    python -m course_lib.authoring --execute  # first re-run the solutions, in fresh data, to refresh outputs

In a solution notebook, an exercise cell marks its answer:

    ### BEGIN SOLUTION
    ...the answer...
    ### PLACEHOLDER          (optional: what the learner gets instead, as comment lines)
    # my_schedule = None
    ### END SOLUTION

Without a PLACEHOLDER part, the answer becomes a `raise NotSolvedYet(...)` at the same indentation.
Cells tagged `learner-raises` (they call an unsolved exercise) get nbval's `raises-exception` tag
in the learner copy.
"""

import argparse
import copy
import os
import re
import sys
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
    for cell in notebook.cells:
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
    """Write every learner notebook from its solution notebook."""
    for solution in solution_paths():
        learner_path(solution).write_text(learner_text(solution))
    return [learner_path(solution) for solution in solution_paths()]


def execute_solution(path: Path, timeout: int = 600) -> None:
    """Run a solution notebook top to bottom on fresh data and save its outputs (the nbval reference)."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_ROWS_PER_MONTH", "COURSE_DATA_SOURCE")}
    env["COURSE_FRESH_DATA_PER_KERNEL"] = "1"
    NotebookClient(
        notebook, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute(env=env)  # the kernel's environment
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    notebook.metadata.kernelspec = KERNELSPEC
    path.write_text(render(notebook))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate learner notebooks from the solution notebooks.")
    parser.add_argument("--execute", action="store_true", help="re-run the solutions first to refresh their outputs")
    parser.add_argument("names", nargs="*", help="only these solution notebooks (e.g. 03_exercise_taxi_trips)")
    args = parser.parse_args(argv)
    if args.execute:
        for path in solution_paths():
            if not args.names or path.stem in args.names:
                print(f"executing {path.name}", flush=True)
                execute_solution(path)
    for path in write_learner_copies():
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
