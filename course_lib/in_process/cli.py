"""Run a `dagster` or `dg` command from a notebook as a terminal in the course folder would, on the course's
instance and DuckDB file, and say in one line how it went (the full output is kept, not printed)."""

import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from course_lib import settings


@dataclass(frozen=True)
class CommandResult:
    """A finished command: its exit status, how long it took, the run's outcome line, and its whole output."""

    command: str
    returncode: int
    seconds: float
    output: str

    @property
    def outcome(self) -> str:
        """The line that says how the run ended (RUN_SUCCESS or RUN_FAILURE), else the output's last line."""
        lines = [line for line in self.output.splitlines() if line.strip()]
        ends = [line for line in lines if "RUN_SUCCESS" in line or "RUN_FAILURE" in line]
        line = (ends or lines or [""])[-1]
        for marker in ("RUN_SUCCESS", "RUN_FAILURE"):
            if marker in line:
                return f"{marker}: {line.split(marker, 1)[1].strip(' -')}"
        return line.strip()[:200]

    def __repr__(self) -> str:
        status = "done" if self.returncode == 0 else f"FAILED (exit {self.returncode})"
        return f"$ {self.command}\n{status} in {self.seconds:.1f} s; {self.outcome}"


def run_command(command: str, timeout: float = 300) -> CommandResult:
    """Run a `dagster ...` or `dg ...` command with this environment's Dagster, the course's settings exported."""
    settings.export_defaults()  # DAGSTER_HOME and DUCKDB_DATABASE, so the CLI writes where the notebooks read
    argv = shlex.split(command)
    argv[0] = str(Path(sys.executable).with_name(argv[0]))  # the venv's own dagster / dg
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=settings.CHECKOUT or Path.cwd(), capture_output=True, text=True, timeout=timeout)
    return CommandResult(command, done.returncode, time.perf_counter() - started, done.stdout + done.stderr)
