"""`make notebooks`: re-run the solution notebooks whose code changed (or the named ones), then write the
learner copies that differ from what their solution generates; say what changed.

    python -m course_lib.authoring            # what changed since the last run
    python -m course_lib.authoring 02 05      # these too (the start of their file names)
    python -m course_lib.authoring --all      # every solution
    python -m course_lib.authoring --no-run   # only the learner copies
"""

import argparse
import sys

from course_lib.authoring.learner_copies import ROOT, solution_paths, write_learner_copies
from course_lib.authoring.solutions import execute_solution, ran_with_current_code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help="re-run these solutions too, e.g. 02 or 05_backfills")
    parser.add_argument("--all", action="store_true", help="re-run every solution")
    parser.add_argument("--no-run", action="store_true", help="run nothing, only write the learner copies")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if not any(p.stem.startswith(name) for p in solution_paths())]
    if unknown:
        parser.error(f"no solution notebook starts with {', '.join(unknown)}: try 02 or 05_backfills")
    for path in solution_paths():
        named = any(path.stem.startswith(name) for name in args.names)
        if args.no_run or not (args.all or named or not ran_with_current_code(path)):
            print(f"{path.stem}: not re-run (its code is what its outputs came from)")
            continue
        print(f"{path.stem}: running…", flush=True)
        print(execute_solution(path), flush=True)
    written = write_learner_copies()
    print(f"learner copies written: {', '.join(p.stem for p in written)}" if written else "learner copies: up to date")
    print(f"(in {ROOT / 'notebooks'}; `git diff --stat notebooks` shows the changes)")
    return 0


sys.exit(main())
