"""Talk to a running Dagster webserver over its GraphQL API: launch and follow backfills, try a schedule.

This is what the Dagster UI's buttons do. Backfills launched here are carried out by the daemon
(which looks for new backfills every 30 s), in runs of their own, on the course's instance.
"""

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests
from gql import Client, gql
from gql.transport.requests import RequestsHTTPTransport

from course_lib import settings
from course_lib.defs.partitions import check_partition_key
from course_lib.errors import CourseError

DEFAULT_URL = "http://127.0.0.1:3000"
CODE_LOCATION = "course_lib.definitions"  # the module `make dagster` loads
# The code location's name depends on how the webserver was started: `dagster dev -m` names it after the module,
# `dg dev` and a plain `dagster dev` after pyproject.toml ([tool.dg], [tool.dagster]).
LOCATION_NAMES = (CODE_LOCATION, "course_lib")
REPOSITORY = "__repository__"  # the name Dagster gives the repository a `dg.Definitions` makes
TRIP_ASSETS = ("taxi_trips_file", "taxi_trips")

# Backfill statuses after which nothing more will happen (REQUESTED means the daemon still works on it).
FINISHED = {"COMPLETED", "COMPLETED_SUCCESS", "COMPLETED_FAILED", "FAILED", "CANCELED"}
RUN_FINISHED = {"SUCCESS", "FAILURE", "CANCELED"}

WORKSPACE = """{
  instance { info }
  workspaceOrError {
    __typename ... on Workspace { locationEntries { name loadStatus } } ... on PythonError { message }
  }
}"""

LAUNCH_BACKFILL = """mutation($params: LaunchBackfillParams!) {
  launchPartitionBackfill(backfillParams: $params) {
    __typename ... on LaunchBackfillSuccess { backfillId } ... on Error { message }
  }
}"""

BACKFILL = """query($id: String!) {
  partitionBackfillOrError(backfillId: $id) {
    __typename
    ... on PartitionBackfill { id status partitionNames runs(limit: 1000) { runId status tags { key value } } }
    ... on Error { message }
  }
}"""

SCHEDULE_DRY_RUN = """mutation($selector: ScheduleSelector!, $timestamp: Float!) {
  scheduleDryRun(selectorData: $selector, timestamp: $timestamp) {
    __typename
    ... on DryRunInstigationTick { evaluationResult { skipReason error { message }
                                                      runRequests { runKey tags { key value } } } }
    ... on Error { message }
  }
}"""

LAUNCH_RUN = """mutation($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename ... on LaunchRunSuccess { run { runId } } ... on Error { message }
  }
}"""

RUN = """query($id: ID!) {
  runOrError(runId: $id) { __typename ... on Run { status } ... on Error { message } }
}"""

SCHEDULE = """query($selector: ScheduleSelector!) {
  scheduleOrError(scheduleSelector: $selector) {
    __typename
    ... on Schedule { id cronSchedule executionTimezone scheduleState { id status }
                      futureTicks(limit: 3) { results { timestamp } } }
    ... on Error { message }
  }
}"""

START_SCHEDULE = """mutation($selector: ScheduleSelector!) {
  startSchedule(scheduleSelector: $selector) {
    __typename ... on ScheduleStateResult { scheduleState { status } } ... on Error { message }
  }
}"""

STOP_SCHEDULE = """mutation($id: String!) {
  stopRunningSchedule(id: $id) {
    __typename ... on ScheduleStateResult { scheduleState { status } } ... on Error { message }
  }
}"""


class WebserverNotRunning(CourseError):
    """No Dagster webserver for this course's instance answers; `reason` says why in a few words."""

    def __init__(self, sentence: str, reason: str = ""):
        super().__init__(sentence)
        self.reason = reason or sentence


class WebserverRefused(CourseError):
    """The webserver answered a request with an error."""


def month_state(run_status: str | None) -> str:
    """A month's state in a daemon backfill, in the words the course's panels use."""
    if run_status is None:
        return "waiting"
    return {
        "SUCCESS": "done",
        "FAILURE": "failed",
        "CANCELED": "failed",
        "STARTING": "running",
        "STARTED": "running",
        "CANCELING": "running",
    }.get(run_status, "queued")


@dataclass
class BackfillState:
    """A backfill as the webserver reports it: its status and the latest run of each partition."""

    backfill_id: str
    status: str
    partition_keys: list[str]
    run_status: dict[str, str] = field(default_factory=dict)  # partition key -> latest run's status
    seconds: float = 0.0  # since it was launched, when followed

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def months(self) -> dict[str, str]:
        """Each partition's state: waiting (for the daemon), queued, running, done or failed."""
        return {key: month_state(self.run_status.get(key)) for key in self.partition_keys}

    @property
    def done(self) -> list[str]:
        return [key for key, state in self.months.items() if state == "done"]

    @property
    def failed(self) -> list[str]:
        return [key for key, state in self.months.items() if state == "failed"]

    def __str__(self) -> str:
        text = f"backfill {self.backfill_id}: {self.status}, {len(self.done)} of {len(self.partition_keys)} months done"
        return text + (f", failed: {', '.join(self.failed)}" if self.failed else "")


class Webserver:
    """A Dagster webserver's GraphQL API, through the gql client."""

    def __init__(self, url: str = DEFAULT_URL):
        self.url = url.rstrip("/")
        transport = RequestsHTTPTransport(url=f"{self.url}/graphql", timeout=30, retries=2)
        self._client = Client(transport=transport, fetch_schema_from_transport=False)

    def query(self, document: str, **variables) -> dict:
        """Send one GraphQL query or mutation with its variables; the answer's data."""
        request = gql(document)
        request.variable_values = variables
        return self._client.execute(request)

    def _execute(self, document: str, result_key: str, **variables) -> dict:
        answer = self.query(document, **variables)[result_key]
        if "message" in answer:  # every error type of Dagster's schema carries a message
            raise WebserverRefused(f"The webserver at {self.url} refused {result_key}: {answer['message']}")
        return answer

    # ------------------------------------------------------------------ the instance and the code location

    def instance_home(self) -> Path | None:
        """The DAGSTER_HOME of the instance this webserver serves."""
        info = self.query(WORKSPACE)["instance"]["info"] or ""
        found = re.search(r"base_dir: (.+)", info)
        return Path(found[1].strip()).resolve() if found else None

    def location_name(self) -> str | None:
        """The name the webserver gives the course's code location once it is loaded; None before."""
        entries = self.query(WORKSPACE)["workspaceOrError"].get("locationEntries", [])
        loaded = (entry["name"] for entry in entries if entry["loadStatus"] == "LOADED")
        return next((name for name in loaded if name in LOCATION_NAMES), None)

    def location_loaded(self) -> bool:
        """True once the course's code location is loaded (a backfill launched before that is refused)."""
        return self.location_name() is not None

    def wait_until_loaded(self, timeout: float = 60) -> None:
        """Wait until the course's code location is loaded."""
        deadline = time.monotonic() + timeout
        while not self.location_loaded():
            if time.monotonic() > deadline:
                raise WebserverNotRunning(
                    f"The webserver at {self.url} did not load {CODE_LOCATION} within "
                    f"{timeout:.0f} s: open {self.url}/locations to see why."
                )
            time.sleep(0.5)

    # ------------------------------------------------------------------ backfills

    def launch_backfill(
        self, partition_keys: list[str], assets: tuple[str, ...] = TRIP_ASSETS, title: str | None = None
    ) -> str:
        """Launch an asset backfill of `assets` for `partition_keys`, as the UI's Materialize button does; its id."""
        for key in partition_keys:
            check_partition_key(key)
        params = {
            "assetSelection": [{"path": [asset]} for asset in assets],
            "partitionNames": list(partition_keys),
            "title": title or f"course: {len(partition_keys)} months from a notebook",
        }
        return self._execute(LAUNCH_BACKFILL, "launchPartitionBackfill", params=params)["backfillId"]

    def backfill(self, backfill_id: str) -> BackfillState:
        """The backfill's status and the latest run of each of its partitions."""
        answer = self._execute(BACKFILL, "partitionBackfillOrError", id=backfill_id)
        run_status: dict[str, str] = {}
        for run in reversed(answer["runs"]):  # oldest first, so a retried partition shows its latest run
            tags = {tag["key"]: tag["value"] for tag in run["tags"]}
            if "dagster/partition" in tags:
                run_status[tags["dagster/partition"]] = run["status"]
        return BackfillState(backfill_id, answer["status"], sorted(answer["partitionNames"] or []), run_status)

    def follow_backfill(
        self,
        backfill_id: str,
        timeout: float = 600,
        every: float = 1.0,
        on_change: Callable[[BackfillState], None] | None = None,
    ) -> BackfillState:
        """Poll the backfill until it finishes (or `timeout` s pass); call `on_change` whenever it moved."""
        started = time.monotonic()
        last = None
        while True:
            state = self.backfill(backfill_id)
            state.seconds = time.monotonic() - started
            seen = (state.status, state.months)
            over = state.finished or state.seconds > timeout
            if on_change and (seen != last or over):  # the last call also shows the final seconds
                on_change(state)
            if over:
                return state
            last = seen
            time.sleep(every)

    # ------------------------------------------------------------------ schedules

    def _schedule_selector(self, name: str) -> dict:
        return {"scheduleName": name, "repositoryName": REPOSITORY, "repositoryLocationName": self.location_name()}

    def dry_run_schedule(self, name: str, when: datetime) -> list[dict[str, str]]:
        """Evaluate schedule `name` as if it ticked at `when` (the UI's "Test schedule"); its run requests' tags."""
        answer = self._execute(
            SCHEDULE_DRY_RUN, "scheduleDryRun", selector=self._schedule_selector(name), timestamp=when.timestamp()
        )
        result = answer["evaluationResult"]
        if result["error"]:
            raise WebserverRefused(f"Schedule {name} failed at {when:%Y-%m-%d %H:%M}: {result['error']['message']}")
        return [{tag["key"]: tag["value"] for tag in request["tags"]} for request in result["runRequests"] or []]

    def launch_run(self, job_name: str, tags: dict[str, str]) -> str:
        """Queue a run of `job_name` with `tags` (e.g. a schedule's run request); the daemon starts it. Its id."""
        params = {
            "selector": {
                "jobName": job_name,
                "repositoryName": REPOSITORY,
                "repositoryLocationName": self.location_name(),
            },
            "executionMetadata": {"tags": [{"key": k, "value": v} for k, v in tags.items()]},
        }
        return self._execute(LAUNCH_RUN, "launchRun", params=params)["run"]["runId"]

    def wait_for_run(self, run_id: str, timeout: float = 120) -> str:
        """Wait until the run finishes (or `timeout` s pass); its status."""
        deadline = time.monotonic() + timeout
        while True:
            status = self._execute(RUN, "runOrError", id=run_id)["status"]
            if status in RUN_FINISHED or time.monotonic() > deadline:
                return status
            time.sleep(0.5)

    def schedule(self, name: str) -> dict:
        """The schedule as the webserver sees it: cron, whether it is running, its next ticks."""
        return self._execute(SCHEDULE, "scheduleOrError", selector=self._schedule_selector(name))

    def next_ticks(self, name: str) -> list[datetime]:
        """When the daemon will tick schedule `name` next (UTC), as the schedule's page lists them."""
        return [
            datetime.fromtimestamp(tick["timestamp"], UTC) for tick in self.schedule(name)["futureTicks"]["results"]
        ]

    def start_schedule(self, name: str) -> str:
        """Turn the schedule on (the daemon will tick it); its new status."""
        return self._execute(START_SCHEDULE, "startSchedule", selector=self._schedule_selector(name))["scheduleState"][
            "status"
        ]

    def stop_schedule(self, name: str) -> str:
        """Turn the schedule off; its new status."""
        state_id = self.schedule(name)["scheduleState"]["id"]
        return self._execute(STOP_SCHEDULE, "stopRunningSchedule", id=state_id)["scheduleState"]["status"]


def answers(url: str) -> bool:
    """True when a Dagster webserver answers at `url`."""
    try:
        return requests.get(f"{url}/server_info", timeout=2).ok
    except requests.RequestException:
        return False


def connect(url: str = DEFAULT_URL) -> Webserver:
    """The webserver at `url`, checked to answer and to serve this course's instance; else a sentence."""
    if not answers(url):
        raise WebserverNotRunning(
            f"No Dagster webserver answers at {url}: run `make dagster` in a terminal in the course folder, wait "
            "for 'Serving dagster-webserver', then run this cell again.",
            reason="No Dagster webserver answers",
        )
    server = Webserver(url)
    theirs, ours = server.instance_home(), settings.dagster_home()
    if theirs != ours:
        raise WebserverNotRunning(
            f"The Dagster webserver at {url} serves another instance ({theirs}), not this course's ({ours}): "
            "stop it, then run `make dagster` in the course folder.",
            reason=f"A Dagster webserver for another instance ({theirs}) answers",
        )
    return server
