"""The whole notebook suite under nbval, as `make test` runs it (2 workers), timed end to end.

python -m bench.notebooks      # bench/results/notebooks.csv
"""

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

from bench.report import write_csv

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time every notebook under nbval.")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "notebooks", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-500:]
    if done.returncode != 0:
        print(done.stdout[-3000:], file=sys.stderr)
        raise SystemExit(f"the notebook suite failed: {summary}")
    notebooks = len(
        set(
            re.findall(
                r"notebooks/\S+?\.ipynb",
                subprocess.run(
                    [sys.executable, "-m", "pytest", "notebooks", "--collect-only", "-q", "-p", "no:cacheprovider"],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                ).stdout,
            )
        )
    )
    write_csv(
        [
            {
                "notebooks": notebooks,
                "cells_passed": re.search(r"(\d+) passed", summary)[1],
                "seconds": round(seconds, 1),
            }
        ],
        args.out / "notebooks.csv",
    )
    print(f"{notebooks} notebooks under nbval: {seconds:.1f} s ({summary})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
