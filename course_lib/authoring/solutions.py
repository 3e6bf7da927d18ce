"""Re-run solution notebooks to refresh their outputs (the reference nbval compares against), changing no more
of the file than the run changed.

A solution notebook records the hash of the code its outputs came from, so only the solutions whose code
changed need a run. After a run, a cell whose outputs read the same as before once run ids, timings, ports
and the like are masked (the rules nbval compares with, nbval_sanitize.cfg) keeps its old outputs; widget
state is not saved. A one-sentence markdown edit then changes one line of the file, not thousands.
"""

import configparser
import copy
import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

from course_lib import settings
from course_lib.authoring.learner_copies import KERNELSPEC, RUN_METADATA, render

SANITIZE_CFG = Path(__file__).with_name("nbval_sanitize.cfg")
# Outputs nbval does not compare either: images, and widget views (their model ids are new every run).
NOT_COMPARED = ("image/png", "application/vnd.jupyter.widget-view+json")


def code_hash(notebook: nbformat.NotebookNode) -> str:
    """A hash of the notebook's code cells: what its outputs depend on."""
    code = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    return hashlib.sha256(json.dumps(code).encode()).hexdigest()


def ran_with_current_code(path: Path) -> bool:
    """Whether the solution's outputs came from the code it has now."""
    notebook = nbformat.read(path, as_version=4)
    return notebook.metadata.get(RUN_METADATA, {}).get("code_sha256") == code_hash(notebook)


def _sanitize_rules() -> list[tuple[re.Pattern, str]]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(SANITIZE_CFG)
    return [(re.compile(parser[section]["regex"]), parser[section]["replace"]) for section in parser.sections()]


def comparable(outputs: list) -> str:
    """The outputs as nbval compares them: masked of what changes from run to run, images and widgets left out."""
    kept = []
    for output in outputs:
        output = {key: value for key, value in output.items() if key not in ("execution_count", "metadata")}
        if kept and output.get("output_type") == "stream" and kept[-1].get("name") == output.get("name"):
            kept[-1] = {**kept[-1], "text": kept[-1]["text"] + output["text"]}  # printed in one piece or two
            continue
        if "data" in output:
            output["data"] = {kind: value for kind, value in output["data"].items() if kind not in NOT_COMPARED}
        kept.append(output)
    text = json.dumps(kept, sort_keys=True)
    for pattern, replacement in _sanitize_rules():
        text = pattern.sub(replacement, text)
    return text


@dataclass(frozen=True)
class SolutionRun:
    """What re-running one solution notebook changed."""

    name: str
    changed_cells: list[int]

    def __str__(self) -> str:
        if not self.changed_cells:
            return f"{self.name}: re-run, every output as before"
        cells = ", ".join(map(str, self.changed_cells))
        return f"{self.name}: re-run, outputs changed in {len(self.changed_cells)} cell(s): {cells}"


def execute_solution(path: Path, timeout: int = 600) -> SolutionRun:
    """Run a solution notebook top to bottom, each kernel on fresh data, and save the outputs that changed."""
    from nbclient import NotebookClient

    before = nbformat.read(path, as_version=4)
    notebook = copy.deepcopy(before)
    data_parent = Path(tempfile.mkdtemp(prefix="course-authoring-"))
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_ROWS_PER_MONTH", "COURSE_DATA_SOURCE")}
    env[settings.FRESH_DATA_PER_KERNEL] = str(data_parent)
    try:
        NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name=KERNELSPEC["name"],
            resources={"metadata": {"path": str(path.parent)}},
        ).execute(env=env)
    finally:
        shutil.rmtree(data_parent, ignore_errors=True)
    changed = []
    for index, (old, new) in enumerate(zip(before.cells, notebook.cells, strict=True)):
        new.metadata.pop("execution", None)
        if new.cell_type != "code":
            continue
        if old.get("outputs") is not None and comparable(old.outputs) == comparable(new.outputs):
            new.outputs, new.execution_count = old.outputs, old.execution_count
        else:
            changed.append(index)
    notebook.metadata.pop("widgets", None)
    notebook.metadata.kernelspec = KERNELSPEC
    notebook.metadata[RUN_METADATA] = {"code_sha256": code_hash(notebook)}
    path.write_text(render(notebook))
    return SolutionRun(path.stem, changed)
