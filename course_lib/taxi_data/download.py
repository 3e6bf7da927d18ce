"""The real download path: a TLC file fetched over HTTP, retried when the failure is transient.

The file is written to a temporary file beside its destination (course_lib.atomic_write) and put in
place only when complete and readable, so an interrupted download never leaves a partial file where an
asset would read it.
"""

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import requests
import tenacity

from course_lib import settings
from course_lib.atomic_write import atomic_write
from course_lib.errors import DownloadFailed

ATTEMPTS = 4
CONNECT_TIMEOUT_S = 10
READ_TIMEOUT_S = 60


class TransientDownloadError(Exception):
    """A failure worth retrying: a 5xx or 429 answer, a dropped connection, a timeout."""


def trips_url(month: str) -> str:
    """The TLC address of a month of yellow-taxi trips ('YYYY-MM')."""
    return f"{settings.download_base_url()}/trip-data/yellow_tripdata_{month}.parquet"


def zones_url() -> str:
    """The TLC address of the taxi zone lookup table."""
    return f"{settings.download_base_url()}/misc/taxi_zone_lookup.csv"


def _fetch_once(url: str, destination: Path, timeout: tuple[float, float]) -> None:
    try:
        with requests.get(url, stream=True, timeout=timeout) as response:
            if response.status_code == 404:
                raise DownloadFailed(
                    f"{url} is not there (404): that month is probably not published yet; "
                    "pick an earlier month, or check COURSE_DOWNLOAD_BASE_URL."
                )
            if response.status_code == 429 or response.status_code >= 500:
                raise TransientDownloadError(f"the server answered {response.status_code}")
            if response.status_code != 200:
                raise DownloadFailed(f"{url} answered {response.status_code} {response.reason}: check the address.")
            with atomic_write(destination) as part:
                with part.open("wb") as out:
                    # requests checks Content-Length, so a body cut short raises here instead of ending quietly.
                    for chunk in response.iter_content(chunk_size=1 << 20):
                        out.write(chunk)
                if destination.suffix == ".parquet":
                    _check_parquet(part, url)
    except (requests.ConnectionError, requests.Timeout, requests.exceptions.ChunkedEncodingError) as error:
        raise TransientDownloadError(f"{type(error).__name__}: {error}") from error


def _check_parquet(path: Path, url: str) -> None:
    # An HTML error page served with status 200 would otherwise land as a month file.
    try:
        pq.read_metadata(path)
    except (pa.ArrowException, OSError) as error:
        raise DownloadFailed(f"{url} did not give a readable parquet file ({error}); try again later.") from error


def download(
    url: str,
    destination: Path,
    *,
    attempts: int = ATTEMPTS,
    timeout: tuple[float, float] = (CONNECT_TIMEOUT_S, READ_TIMEOUT_S),
    wait_s: float = 1.0,
) -> Path:
    """Download `url` to `destination`, retrying transient failures with exponential backoff."""
    retrying = tenacity.Retrying(
        retry=tenacity.retry_if_exception_type(TransientDownloadError),
        stop=tenacity.stop_after_attempt(attempts),
        wait=tenacity.wait_exponential(multiplier=wait_s, max=30),
        reraise=True,
    )
    try:
        retrying(_fetch_once, url, destination, timeout)
    except TransientDownloadError as error:
        raise DownloadFailed(
            f"Could not download {url} after {attempts} attempts (last: {error}); "
            "check your connection and run the month again."
        ) from error
    return destination
