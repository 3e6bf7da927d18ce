"""atomic_write: a file is replaced whole or not at all, by any number of writers at once."""

import os
import subprocess
import sys
import threading
import time

import pytest

from course_lib.atomic_write import atomic_write

CHUNK = 64 * 1024


def version(number: int, chunks: int = 64) -> bytes:
    """4 MiB (by default) that differ from every other version's in every chunk."""
    return b"".join(f"version {number:3d}, chunk {i:3d} ".encode().ljust(CHUNK, b".") for i in range(chunks))


def test_a_reader_sees_the_old_file_or_the_new_one_never_a_part(tmp_path):
    target = tmp_path / "month.parquet"
    old, new = version(1), version(2)
    target.write_bytes(old)
    seen: list[bytes] = []
    writing = threading.Event()

    def read_until_written():
        while writing.is_set():
            seen.append(target.read_bytes())

    writing.set()
    reader = threading.Thread(target=read_until_written)
    reader.start()
    try:
        with atomic_write(target) as part, part.open("wb") as out:
            for i in range(0, len(new), CHUNK):  # slowly, so the reader reads many times meanwhile
                out.write(new[i : i + CHUNK])
                out.flush()
                time.sleep(0.002)
        for _ in range(10):  # and after the replace
            seen.append(target.read_bytes())
    finally:
        writing.clear()
        reader.join()

    torn = [(len(data), data[:20]) for data in seen if data not in (old, new)]
    assert torn == [] and seen.count(old) > 1 and seen[-1] == new


def test_the_temporary_file_is_hidden_beside_the_target_and_gone_after_success(tmp_path):
    target = tmp_path / "raw" / "yellow_tripdata_2023-01.parquet"
    with atomic_write(target) as part:
        assert part.parent == target.parent  # a rename within one folder: atomic
        assert part.name.startswith(".yellow_tripdata_2023-01.parquet.") and part.name.endswith(".part")
        part.write_bytes(b"new")
        assert not target.exists()
    assert target.read_bytes() == b"new"
    assert os.listdir(target.parent) == [target.name]


@pytest.mark.parametrize("error", [ValueError("the writer failed"), KeyboardInterrupt()])
def test_an_error_leaves_the_previous_file_untouched_and_no_temporary_file(tmp_path, error):
    target = tmp_path / "zones.csv"
    target.write_bytes(b"previous")
    with pytest.raises(type(error)):
        with atomic_write(target) as part:
            part.write_bytes(b"half of the new")
            raise error
    assert target.read_bytes() == b"previous"
    assert os.listdir(tmp_path) == ["zones.csv"]


def test_an_error_before_the_first_write_leaves_nothing(tmp_path):
    with pytest.raises(ValueError):
        with atomic_write(tmp_path / "month.parquet"):
            raise ValueError("no data")
    assert os.listdir(tmp_path) == []


def test_the_file_gets_the_permissions_a_plain_write_gives(tmp_path):
    (tmp_path / "plain").write_bytes(b"x")
    with atomic_write(tmp_path / "atomic") as part:
        part.write_bytes(b"x")
    assert (tmp_path / "atomic").stat().st_mode == (tmp_path / "plain").stat().st_mode


def test_many_threads_writing_the_same_file_at_once_all_succeed(tmp_path):
    target = tmp_path / "month.parquet"
    versions = [version(n, chunks=16) for n in range(12)]
    start = threading.Barrier(len(versions))
    errors = []

    def write(data: bytes):
        try:
            start.wait()
            with atomic_write(target) as part, part.open("wb") as out:
                for i in range(0, len(data), CHUNK):
                    out.write(data[i : i + CHUNK])
        except Exception as error:  # noqa: BLE001 - collected, so the test names every failure
            errors.append(error)

    threads = [threading.Thread(target=write, args=(data,)) for data in versions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_bytes() in versions
    assert os.listdir(tmp_path) == [target.name]


# Each process reads its version, waits for a line on stdin (so that all of them start together), then writes it.
WRITE_A_VERSION = """
import sys
from pathlib import Path
from course_lib.atomic_write import atomic_write
data = Path(sys.argv[2]).read_bytes()
sys.stdin.readline()
with atomic_write(Path(sys.argv[1])) as part, part.open("wb") as out:
    for i in range(0, len(data), 65536):
        out.write(data[i: i + 65536])
"""


def test_many_processes_writing_the_same_file_at_once_all_succeed(tmp_path):
    folder, sources = tmp_path / "folder", tmp_path / "versions"
    folder.mkdir()
    sources.mkdir()
    target = folder / "month.parquet"
    versions = [version(n) for n in range(6)]
    writers = []
    for n, data in enumerate(versions):
        (sources / str(n)).write_bytes(data)
        writers.append(
            subprocess.Popen(
                [sys.executable, "-c", WRITE_A_VERSION, str(target), str(sources / str(n))],
                stdin=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    for writer in writers:
        writer.stdin.write("go\n")
        writer.stdin.flush()
    failures = [writer.communicate(timeout=60)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0] * len(writers), failures
    assert target.read_bytes() in versions
    assert os.listdir(folder) == [target.name]
