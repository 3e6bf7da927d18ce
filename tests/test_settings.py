"""Course settings come from the environment; `settings.environment` changes them for a block only."""

import os

from course_lib import settings


def test_environment_sets_for_the_block_and_restores_every_course_variable(monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", "/tmp/before")
    monkeypatch.setenv("COURSE_DATA_SOURCE", "download")
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    with settings.environment(COURSE_DATA_DIR="/tmp/during", COURSE_DATA_SOURCE=None):
        assert str(settings.data_dir()) == "/tmp/during"
        assert settings.data_source() == "generate"
        os.environ["DAGSTER_HOME"] = "/tmp/set-inside"  # as a benchmark's fresh target does
    assert os.environ["COURSE_DATA_DIR"] == "/tmp/before" and os.environ["COURSE_DATA_SOURCE"] == "download"
    assert "DAGSTER_HOME" not in os.environ
