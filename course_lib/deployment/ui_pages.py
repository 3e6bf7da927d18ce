"""The Dagster UI pages the lesson walks through, as links into the learner's running webserver.

One list serves three things: the links notebook 07 prints for the learner's `make dagster` (or Dagster tile),
the screenshots `make screenshots` takes of each (course_lib/authoring/screenshots.py), and the test that opens
every link in Chromium and looks for what the page should show (tests/test_dagster_dev.py).
"""

from dataclasses import dataclass
from urllib.parse import quote

# The months the walkthrough's screenshots are taken with: loaded one run per month, then a backfill.
LOADED_MONTHS = ("2023-01-01", "2023-02-01", "2023-03-01")
BACKFILLED_MONTHS = ("2023-04-01", "2023-05-01")
ONE_PARTITION, A_RANGE = "2023-03-01", "[2023-06-01...2023-08-01]"


@dataclass(frozen=True)
class UIPage:
    """One stop of the walkthrough: where it is, what to look at, what the page shows (checked by a test)."""

    key: str
    title: str
    path: str  # may hold {location}, {run_id}, {backfill_id}
    look_at: str
    shows: tuple[str, ...]
    dialog_partitions: str = ""  # for a Materialize dialog: what to type as the partition selection

    @property
    def screenshot(self) -> str:
        return f"{self.key}.png"

    def url(self, base_url: str, **ids: str) -> str:
        """The page's address on the webserver at `base_url`."""
        return base_url.rstrip("/") + self.path.format(**{k: quote(v, safe="") for k, v in ids.items()})


PAGES = (
    UIPage(
        "asset_graph",
        "The asset graph, partitions on every node",
        "/assets/taxi_trips?view=lineage",
        "Catalog > taxi_trips > Lineage: each node says how many partitions its asset has and how much of them is "
        "filled; taxi_trips_file and taxi_trips are monthly (12), trips_by_week weekly (52).",
        ("taxi_trips_file", "trips_by_week", "12 partitions", "52 partitions", "filled"),
    ),
    UIPage(
        "materialize_one_partition",
        "Materialize one partition",
        "/locations/{location}/jobs/trip_update_job",
        "Jobs > trip_update_job > Materialize all…: type one partition key under Custom; the button says "
        "Launch 1 run (one run, as run_partition does in a kernel).",
        ("trip_update_job", "Materialize all"),
        dialog_partitions=ONE_PARTITION,
    ),
    UIPage(
        "launch_backfill",
        "Launch a backfill of a range",
        "/locations/{location}/jobs/trip_update_job",
        "The same dialog with a range in brackets, [first...last]: the button turns into Launch backfill, which "
        "hands the range to the daemon.",
        ("trip_update_job", "Materialize all"),
        dialog_partitions=A_RANGE,
    ),
    UIPage(
        "backfills",
        "The Backfills page",
        "/runs?view=backfills",
        "Runs > Backfills: every backfill the daemon carried out, its partitions and status. The in-kernel "
        "month-by-month loop of notebook 05 is not a backfill and does not appear here.",
        ("Backfills", "Success", f"{len(BACKFILLED_MONTHS)} partitions", "taxi_trips_file"),
    ),
    UIPage(
        "backfill",
        "One backfill",
        "/runs/b/{backfill_id}",
        "A backfill's page: its partition range, and for each asset how many partitions succeeded or failed.",
        ("taxi_trips_file", "taxi_trips", "Succeeded"),
    ),
    UIPage(
        "partition",
        "The 2023-03-01 partition",
        "/assets/taxi_trips?view=partitions&partition=2023-03-01",
        "Catalog > taxi_trips > Partitions, then 2023-03-01: its status, the run that made it, and the metadata "
        "the asset returned (row_count, partition_date).",
        ("2023-03-01", "Materialized", "row_count", "partition_date"),
    ),
    UIPage(
        "run",
        "A run's page",
        "/runs/{run_id}",
        "The run that loaded March: its partition tag, its steps (file, then table) and their events.",
        ("partition: 2023-03-01", "taxi_trips_file", "RUN_SUCCESS"),
    ),
)


def page(key: str) -> UIPage:
    """The walkthrough page called `key`."""
    return next(p for p in PAGES if p.key == key)
