"""The knowledge check that ends each lesson: `knowledge_check("05_backfills")`."""

from course_lib.feedback.quiz import Quiz, Statement

S = Statement

LESSONS = {
    "00_start_here": [
        S(
            "Partitions let you re-run only the month that failed instead of the whole history.",
            True,
            "Each partition is its own run, so a retry touches only the broken slice.",
        ),
        S(
            "A partitioned asset must be stored as one table per partition.",
            False,
            "One table is fine: a partition_date column marks which rows belong to which partition.",
        ),
        S(
            "Partitions let Dagster skip months that are already materialized.",
            True,
            "Dagster records each partition's status, so a backfill can ask for only the missing ones.",
        ),
        S(
            "Partitioning only pays off for big data.",
            False,
            "Debugging one slice, retrying failures and seeing per-month status help at any size.",
        ),
        S(
            "A backfill runs many partitions, often to fill in history.",
            True,
            "Backfills reprocess a range of partitions; schedules only run the newest one.",
        ),
    ],
    "01_define_partitions": [
        S(
            "MonthlyPartitionsDefinition(start_date='2023-01-01', end_date='2024-01-01') has 13 partitions.",
            False,
            "end_date is exclusive: the keys run from 2023-01-01 to 2023-12-01, twelve in all.",
        ),
        S(
            "Monthly partition keys look like '2023-03'.",
            False,
            "Keys are full dates, '2023-03-01': the first day of the month.",
        ),
        S(
            "The key '2023-03-01' stands for the time window from March 1 up to, not including, April 1.",
            True,
            "Every time partition is a half-open window [start, end).",
        ),
        S(
            "Without end_date, the set of monthly partitions grows as time passes.",
            True,
            "Dagster adds a partition once its window has ended, so new months appear on their own.",
        ),
        S(
            "Materializing a key outside the range quietly creates a new partition.",
            False,
            "Dagster refuses unknown keys; the course's runner explains the valid range in a sentence.",
        ),
    ],
    "02_partition_an_asset": [
        S(
            "In the March run, context.partition_key is '2023-03-01', while the file is named by the month, 2023-03.",
            True,
            "A monthly key is the full date its window starts on; the file name needs only the year and month.",
        ),
        S(
            "A partitioned asset's function receives every partition key at once.",
            False,
            "Each run gets one key (unless a single-run backfill hands it a range).",
        ),
        S(
            "Calling an asset directly with build_asset_context(partition_key=...) checks that the key is valid.",
            False,
            "Direct calls skip Dagster's validation, which is why course_lib checks keys itself.",
        ),
        S(
            "Materializing one partition of taxi_trips_file rewrites the files of every month.",
            False,
            "Only the month of the partition key is fetched and written.",
        ),
        S(
            "A partitioned asset that reads context.partition_key can be materialized without a partition key.",
            False,
            "Its run fails: 'Cannot access partition_key for a non-partitioned run'. `dagster asset materialize` "
            "refuses any partitioned asset without --partition; dg.materialize has no such guard, so an asset that "
            "never reads its key would run.",
        ),
    ],
    "03_exercise_taxi_trips": [
        S(
            "Deleting the month's rows before inserting makes re-running a partition safe.",
            True,
            "The month is replaced, never appended twice: the run is idempotent.",
        ),
        S(
            "Without a transaction, an INSERT that fails after the DELETE can leave the month empty.",
            True,
            "Each statement commits on its own; a transaction makes delete-and-insert all or nothing.",
        ),
        S(
            "f-string SQL is fine when the values come from Dagster rather than from users.",
            False,
            "A path with a quote in it breaks the SQL; bound parameters (?) never do.",
        ),
        S(
            "DELETE FROM trips without a WHERE clause is a correct way to make the asset idempotent.",
            False,
            "It also wipes every other month: delete only WHERE partition_date = ?.",
        ),
        S(
            "The partition_date column lets you delete, count and check exactly one month.",
            True,
            "It is the partition key stored with the rows.",
        ),
    ],
    "04_jobs_and_schedules": [
        S(
            "A plain ScheduleDefinition on a partitioned job runs the newest partition.",
            False,
            "It sends no partition key at all, and the run fails; the lesson text gets this wrong.",
        ),
        S(
            "A schedule built from a monthly partitioned job, firing on the 5th, runs the month before.",
            True,
            "It runs the last partition that has ended: the 2023-03-05 tick runs 2023-02-01.",
        ),
        S(
            "Turning a schedule on fills in the months before it started.",
            False,
            "Schedules only run going forward; history is a backfill's job.",
        ),
        S(
            "trip_update_job includes the unpartitioned taxi_zones, so every monthly run rebuilds it.",
            True,
            "Unpartitioned assets in a partitioned job run in every partition run.",
        ),
        S(
            "In Dagster 1.13 define_asset_job needs partitions_def= to make a partitioned job.",
            False,
            "The partitions are inferred from the selected assets; passing them is deprecated.",
        ),
        S(
            "Schedules only tick while the dagster-daemon is running.",
            True,
            "The daemon evaluates schedules; the webserver alone does not.",
        ),
    ],
    "05_backfills": [
        S(
            "A backfill reprocesses partitions with the asset's current code.",
            True,
            "That is how a fixed bug reaches old months.",
        ),
        S(
            "A backfill launched from the Dagster UI runs even with no daemon running.",
            False,
            "It stays 'Requested' until the daemon's backfill loop picks it up.",
        ),
        S(
            "When one month of a backfill fails, the whole range must be run again.",
            False,
            "Retry only the failed partitions: the others stay materialized.",
        ),
        S(
            "A month that succeeded and then failed shows as failed.",
            True,
            "get_status_by_partition reports each partition's latest outcome.",
        ),
        S(
            "Two processes can write to the same DuckDB file at the same time.",
            False,
            "DuckDB allows one writing process per file; the other waits or fails with a lock error.",
        ),
        S(
            "An asset with BackfillPolicy.single_run() should read context.partition_key.",
            False,
            "A single run gets a range: read context.partition_key_range or partition_time_window.",
        ),
    ],
    "06_beyond_time": [
        S("Dagster's weekly partitions start on Monday.", False, "They start on Sunday: 2023-01-01 was a Sunday."),
        S(
            "A week can span two months, so its trips_by_week partition needs both months loaded.",
            True,
            "The week of 2023-01-29 runs into February.",
        ),
        S(
            "Dynamic partitions are added while Dagster runs, e.g. one per uploaded file.",
            True,
            "instance.add_dynamic_partitions adds keys; no code change is needed.",
        ),
        S(
            "In a multi-partition key the dimensions come in the order you declared them.",
            False,
            "They are sorted by dimension name: payment × month gives keys like '2023-02-01|cash'.",
        ),
        S(
            "Static partitions are a fixed list, like boroughs or taxi types.",
            True,
            "StaticPartitionsDefinition takes the list once, in code.",
        ),
    ],
    "07_backfills_in_production": [
        S(
            "Each run of a backfill carries the backfill's id, which is how the Backfills page lists its runs.",
            True,
            "The daemon tags every run it launches for a backfill with dagster/backfill=<its id>; the course's "
            "exercise check finds your runs the same way.",
        ),
        S(
            "What the Dagster UI does to the instance (launching runs and backfills, turning schedules on and off) it "
            "asks for through the webserver's GraphQL API, which you can call from code too.",
            True,
            "Launch backfill sends launchPartitionBackfill, as notebook 07 does with the gql client (moving between "
            "pages is the browser's own business, not an API call).",
        ),
        S(
            "A backfill carried out by the daemon of `make dagster` stops when you close the notebook that launched "
            "it.",
            False,
            "Its runs are processes of the deployment; the notebook only asked for them. A `dagster dev` the "
            "notebook started itself is different: it stops with the kernel, and the backfill waits for the next "
            "daemon.",
        ),
        S(
            "A monthly schedule left on after its partitions' last month stops asking for runs.",
            False,
            "Every later tick asks for the last month, 2023-12-01, again (a run key only stops one tick from running "
            "twice). Turn it off, or leave end_date out so each month brings a new partition.",
        ),
        S(
            "Turning a schedule on makes the daemon run its ticks from before that moment, back to the partitions' "
            "start.",
            False,
            "It ticks from now on; after the daemon was down it runs only the latest tick it missed. History is what "
            "backfills are for.",
        ),
    ],
}


def knowledge_check(lesson: str) -> Quiz:
    """The end-of-lesson knowledge check for `lesson` (a notebook name like '05_backfills')."""
    return Quiz(f"Knowledge check: {lesson.split('_', 1)[1].replace('_', ' ')}", LESSONS[lesson], lesson=lesson)
