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
        ("taxi_trips_file", "trips_by_week", "12 partitions", "52 partitions", "filled"),
    ),
    UIPage(
        "materialize_one_partition",
        "Materialize one partition",
        "/locations/{location}/jobs/trip_update_job",
        ("trip_update_job", "Materialize all"),
        dialog_partitions=ONE_PARTITION,
    ),
    UIPage(
        "launch_backfill",
        "Launch a backfill of a range",
        "/locations/{location}/jobs/trip_update_job",
        ("trip_update_job", "Materialize all"),
        dialog_partitions=A_RANGE,
    ),
    UIPage(
        "backfills",
        "The Backfills page",
        "/runs?view=backfills",
        ("Backfills", "Success", f"{len(BACKFILLED_MONTHS)} partitions", "taxi_trips_file"),
    ),
    UIPage(
        "backfill",
        "One backfill",
        "/runs/b/{backfill_id}",
        ("taxi_trips_file", "taxi_trips", "Succeeded"),
    ),
    UIPage(
        "partition",
        "The 2023-03-01 partition",
        "/assets/taxi_trips?view=partitions&partition=2023-03-01",
        ("2023-03-01", "Materialized", "row_count", "partition_date"),
    ),
    UIPage(
        "run",
        "A run's page",
        "/runs/{run_id}",
        ("partition: 2023-03-01", "taxi_trips_file", "RUN_SUCCESS"),
    ),
)


def links(base_url: str, **ids: str) -> str:
    """A Markdown table of the walkthrough's pages as links into the webserver at `base_url`."""
    rows = ["| page | where |", "|---|---|"]
    for page in PAGES:
        action = f", then **Materialize all…** and type `{page.dialog_partitions}`" if page.dialog_partitions else ""
        rows.append(f"| {page.title} | <{page.url(base_url, **ids)}>{action} |")
    return "\n".join(rows)
