"""The real download path, against a local HTTP server: success, 404, a cut body, a transient 503."""

import http.server
import threading
import time

import pyarrow.parquet as pq
import pytest
from conftest import trips_by_month

from course_lib.errors import DownloadFailed
from course_lib.taxi_data import download as taxi_download
from course_lib.taxi_data import expected_row_count, write_month


class TLCServer(http.server.ThreadingHTTPServer):
    """Serves month files from a dict of path -> bytes, with scripted failures per path."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), TLCHandler)
        self.files: dict[str, bytes] = {}
        self.failures: dict[str, list[str]] = {}  # path -> what to do on each request, in order
        self.requests: list[str] = []

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class TLCHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        server: TLCServer = self.server
        server.requests.append(self.path)
        plan = server.failures.get(self.path)
        action = plan.pop(0) if plan else "ok"
        body = server.files.get(self.path)
        if body is None:
            self.send_error(404)
        elif action == "503":
            self.send_error(503)
        elif action == "cut":  # promise the whole file, send half, hang up
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(2)
        elif action == "slow":
            time.sleep(1.5)
            self.send_error(504)
        else:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)


@pytest.fixture
def tlc(tmp_path, monkeypatch):
    server = TLCServer()
    write_month("2023-01", tmp_path / "jan.parquet", 2000)
    server.files["/trip-data/yellow_tripdata_2023-01.parquet"] = (tmp_path / "jan.parquet").read_bytes()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("COURSE_DOWNLOAD_BASE_URL", server.base_url)
    yield server
    server.shutdown()
    server.server_close()


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_month_downloads_whole(tlc, tmp_path):
    target = tmp_path / "out" / "yellow_tripdata_2023-01.parquet"
    taxi_download.download(taxi_download.trips_url("2023-01"), target, wait_s=0)
    assert target.read_bytes() == tlc.files["/trip-data/yellow_tripdata_2023-01.parquet"]
    assert leftovers(target.parent) == [target.name]


def test_404_is_a_sentence_and_leaves_nothing(tlc, tmp_path):
    target = tmp_path / "out" / "yellow_tripdata_2031-01.parquet"
    with pytest.raises(DownloadFailed, match="not published yet"):
        taxi_download.download(taxi_download.trips_url("2031-01"), target, wait_s=0)
    assert leftovers(target.parent) == []
    assert len(tlc.requests) == 1  # a 404 is final: no retries


def test_a_cut_body_leaves_no_partial_file_and_is_retried(tlc, tmp_path):
    path = "/trip-data/yellow_tripdata_2023-01.parquet"
    tlc.failures[path] = ["cut", "cut", "cut", "cut"]
    target = tmp_path / "out" / "yellow_tripdata_2023-01.parquet"
    with pytest.raises(DownloadFailed, match="after 4 attempts"):
        taxi_download.download(taxi_download.trips_url("2023-01"), target, wait_s=0)
    assert leftovers(target.parent) == []
    assert tlc.requests == [path] * 4


def test_a_transient_503_then_success(tlc, tmp_path):
    path = "/trip-data/yellow_tripdata_2023-01.parquet"
    tlc.failures[path] = ["503", "cut"]
    target = tmp_path / "out" / "yellow_tripdata_2023-01.parquet"
    taxi_download.download(taxi_download.trips_url("2023-01"), target, wait_s=0)
    assert pq.read_metadata(target).num_rows == pq.read_metadata(tmp_path / "jan.parquet").num_rows
    assert tlc.requests == [path] * 3
    assert leftovers(target.parent) == [target.name]


def test_a_slow_server_times_out_into_a_sentence(tlc, tmp_path):
    path = "/trip-data/yellow_tripdata_2023-01.parquet"
    tlc.failures[path] = ["slow", "slow"]
    target = tmp_path / "out" / "yellow_tripdata_2023-01.parquet"
    with pytest.raises(DownloadFailed, match="after 2 attempts.*Timeout"):
        taxi_download.download(taxi_download.trips_url("2023-01"), target, attempts=2, timeout=(1, 0.5), wait_s=0)
    assert leftovers(target.parent) == []


def test_a_page_that_is_not_parquet_is_refused(tlc, tmp_path):
    tlc.files["/trip-data/yellow_tripdata_2023-02.parquet"] = b"<html>maintenance</html>"
    target = tmp_path / "out" / "yellow_tripdata_2023-02.parquet"
    with pytest.raises(DownloadFailed, match="readable parquet"):
        taxi_download.download(taxi_download.trips_url("2023-02"), target, wait_s=0)
    assert leftovers(target.parent) == []


def test_the_job_loads_a_downloaded_month(tlc, course_env, instance, monkeypatch, tmp_path):
    tlc.files["/misc/taxi_zone_lookup.csv"] = (
        b'"LocationID","Borough","Zone","service_zone"\r\n1,"EWR","Newark Airport","EWR"\r\n'
    )
    monkeypatch.setenv("COURSE_DATA_SOURCE", "download")
    from course_lib.in_process.runs import run_partition

    summary = run_partition("2023-01-01", instance=instance)
    assert summary.success, summary.error
    assert trips_by_month(course_env / "staging" / "data.duckdb") == {"2023-01": expected_row_count("2023-01", 2000)}
    assert "/misc/taxi_zone_lookup.csv" in tlc.requests

    failed = run_partition("2023-02-01", instance=instance)  # not on the server
    assert not failed.success and "not published yet" in failed.error
    assert trips_by_month(course_env / "staging" / "data.duckdb").keys() == {"2023-01"}
