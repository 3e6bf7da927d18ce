"""Exercise 02: turn the hard-coded `my_taxi_trips_file` into a partitioned asset (the lesson's three steps:
partitions_def, the context parameter, the month from the partition key).

Graded (each named in the notebook's task): partitioned by the course's months; it takes the run's context and
its runs succeed; partitions 2023-01-01 and 2023-05-01 each write their own month's file (checked on the files
a real run wrote in a sandbox that starts with none). No advice beyond the lesson.
"""

import inspect

import dagster as dg

from course_lib import settings, taxi_data
from course_lib.defs.partitions import monthly_partition
from course_lib.feedback.exercise import Exercise
from course_lib.feedback.result import CheckResult, Criterion
from course_lib.feedback.sandbox import Outcome, materialize, sandbox

PARTITIONED = "my_taxi_trips_file is partitioned by the course's months"
CONTEXT = "It takes the run's context, and its runs succeed"
OWN_MONTH = "Partitions 2023-01-01 and 2023-05-01 each write their own month's file"

EXERCISE = Exercise(
    key="02",
    title="partition my_taxi_trips_file",
    hints=(
        "Three changes, as in the lesson: tell @dg.asset how the asset is sliced, let the function receive the "
        "run's context, and get the month from that context instead of the fixed string.",
        "@dg.asset takes a partitions_def argument (the course's monthly_partition is imported in the first "
        "cell). Dagster hands the run's context to a first parameter named context, typed dg.AssetExecutionContext.",
        "In May's run, context.partition_key is '2023-05-01' and fetch_trips_file needs '2023-05': a string "
        "slice that drops the last three characters, the '-01', turns one into the other.",
    ),
    criteria=(PARTITIONED, CONTEXT, OWN_MONTH),
    giveaways=(
        "context.partition_key[:-3]",
        "context.partition_key[:7]",
        "month_of(context.partition_key)",
        "@dg.asset(partitions_def=monthly_partition)",
    ),
)
hint = EXERCISE.hint

KEYS = ("2023-01-01", "2023-05-01")  # neither is the hard-coded March, and the sandbox has no file for them

WHY = (
    "Why it works: with partitions_def, every run of the asset is the run of one key; Dagster passes that key in "
    "the context, and the month taken from it names the file. The same code now fetches any month, and Dagster "
    "records which months are done. The course's own version below takes the month with month_of, which first "
    "checks that the key is one of the course's months, so a wrong key fails with a sentence."
)


def _takes_context(asset: dg.AssetsDefinition) -> bool:
    """Whether Dagster passes the run's context to the asset's function (its first parameter is `context`)."""
    try:
        return asset.op.compute_fn.has_context_arg()
    except AttributeError:  # not a plain @dg.asset function: judge it by its runs alone
        return True


def _run(asset: dg.AssetsDefinition, key: str, data) -> Outcome:
    """One partition's run in the sandbox; a definition Dagster refuses is a failed run, said in a sentence."""
    try:
        return materialize([asset], key, data)
    except dg.DagsterError as error:
        return Outcome(False, type(error).__name__, str(error))


def _run_advice(asset: dg.AssetsDefinition, key: str, outcome: Outcome) -> str:
    """What a failed run means, for the mistakes this exercise meets most."""
    inputs = sorted(asset.keys_by_input_name)
    if inputs and not _takes_context(asset):
        return (
            f"Dagster took the parameter {inputs[0]!r} for an upstream asset to load, so the run cannot start: it "
            "passes the run's context only to a first parameter named context"
        )
    first_line = (outcome.error.splitlines() or ["no message"])[0][:300]
    said = f"partition {key} failed with {outcome.error_class}: {first_line}"
    if outcome.error_class == "NameError" and "context" in outcome.error:
        return f"{said}. The function uses context without receiving it: add it as the function's first parameter"
    if outcome.error_class in ("InvalidMonth", "InvalidPartitionKey"):  # the course's own sentence says what to do
        return said
    return f"{said} (in that run, context.partition_key was {key!r})"


@EXERCISE.check
def check_taxi_trips_file(asset) -> CheckResult:
    """Materialize the learner's asset for real for two months in a sandbox, and judge the files it wrote."""
    if not isinstance(asset, dg.AssetsDefinition):
        return EXERCISE.result(
            not_solved=f"got {type(asset).__name__}: keep the @dg.asset decorator on my_taxi_trips_file."
        )
    takes_context = _takes_context(asset)
    if asset.partitions_def is None and not takes_context:
        return EXERCISE.result(
            not_solved="my_taxi_trips_file is still the hard-coded asset: make the lesson's three changes, then "
            "run this check again."
        )
    keys = asset.partitions_def.get_partition_keys() if asset.partitions_def else []
    if asset.partitions_def is None:
        advice = "it has no partitions yet: give @dg.asset a partitions_def, the course's monthly_partition"
    else:
        advice = (
            f"it has {len(keys)} partitions, from {keys[0] if keys else '-'} to {keys[-1] if keys else '-'}: use the "
            "course's monthly_partition, the twelve months of 2023"
        )
    criteria = [Criterion(PARTITIONED, keys == monthly_partition.get_partition_keys(), advice)]
    if not criteria[0].passed:
        return EXERCISE.result(*criteria)

    with sandbox(months=()) as data:  # no month file: whatever is there after the runs, the runs wrote
        runs = {key: _run(asset, key, data) for key in KEYS}
        written = {path.name: taxi_data.row_count(path) for path in sorted(settings.raw_dir().glob("*.parquet"))}
        wanted = {taxi_data.trips_file_path(key[:7]).name: taxi_data.expected_row_count(key[:7]) for key in KEYS}

    failed = next((key for key, outcome in runs.items() if not outcome.success), None)
    if failed:
        if runs[failed].error_class == "NotSolvedYet":
            return EXERCISE.result(not_solved=runs[failed].error)
        criteria.append(Criterion(CONTEXT, False, _run_advice(asset, failed, runs[failed])))
        return EXERCISE.result(*criteria)
    criteria.append(
        Criterion(
            CONTEXT,
            takes_context,
            "my_taxi_trips_file has no context parameter, so nothing tells it which partition it runs: give the "
            "function a first parameter named context",
        )
    )
    criteria.append(Criterion(OWN_MONTH, written == wanted, _files_advice(written, wanted)))
    return EXERCISE.result(*criteria, solved_note=WHY, solved_code=_course_source())


def _files_advice(written: dict[str, int], wanted: dict[str, int]) -> str:
    """What is wrong with the files the two runs wrote, against one file per month with its rows."""
    names = ", ".join(written) or "no file"
    if not written or not set(wanted) & set(written):
        return (
            f"the runs of {' and '.join(KEYS)} wrote {names}: take the month from the run's partition key instead "
            "of a fixed string"
        )
    wrong_rows = [
        f"{name} has {written[name]:,} rows, not {rows:,}"
        for name, rows in wanted.items()
        if name in written and written[name] != rows
    ]
    missing = [name for name in wanted if name not in written]
    extra = [name for name in written if name not in wanted]
    parts = wrong_rows + [f"{name} is missing" for name in missing] + [f"{name} was written too" for name in extra]
    return "; ".join(parts) + ": each partition must fetch its own month and only that one"


def _course_source() -> str:
    from course_lib.defs.assets import trips

    return inspect.getsource(trips.taxi_trips_file.op.compute_fn.decorated_fn)
