"""The notebooks in a real JupyterLab, driven in Debian's Chromium: pick months and run them from 05's panel; the
Dagster tile."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import trips_by_month

from course_lib.authoring.screenshots import CHROMIUM, CHROMIUM_ARGS
from course_lib.taxi_data import expected_row_count

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
TOKEN = "course-browser-test"
IDLE = (
    "() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
    " return !!(w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel"
    " && w.sessionContext.session.kernel.status === 'idle'); }"
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason="Debian's chromium is missing: `make test` installs it (apt-get install chromium)",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def jupyterlab(tmp_path):
    """A JupyterLab server on a copy of the solution notebooks, with its own settings, data and instance."""
    notebooks = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks" / "solutions", notebooks)
    settings = tmp_path / "settings"
    for rel, body in [
        (
            "@jupyterlab/apputils-extension/notification.jupyterlab-settings",
            {"fetchNews": "false", "checkForUpdates": False},
        ),
        ("@jupyterlab/docmanager-extension/plugin.jupyterlab-settings", {"autosave": False}),
    ]:
        (settings / rel).parent.mkdir(parents=True, exist_ok=True)
        (settings / rel).write_text(json.dumps(body))
    port = free_port()
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp_path / "cfg"),
        JUPYTER_RUNTIME_DIR=str(tmp_path / "rt"),
        JUPYTERLAB_SETTINGS_DIR=str(settings),
        JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "ws"),
        COURSE_DATA_DIR=str(tmp_path / "data"),
        COURSE_FRESH_DATA_PER_KERNEL="",
        COURSE_ROWS_PER_MONTH="",
    )
    for name in ("DUCKDB_DATABASE", "DAGSTER_HOME"):
        env.pop(name, None)
    log = open(tmp_path / "server.log", "w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("jupyter")),
            "lab",
            "--allow-root",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--ServerApp.token={TOKEN}",
            f"--ServerApp.root_dir={notebooks}",
            "--LabApp.expose_app_in_browser=True",
        ],
        env=env,
        cwd=notebooks,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield base, tmp_path / "data", server
    finally:
        try:  # kernels outlive the page: stop them through the server
            with urllib.request.urlopen(f"{base}/api/sessions?token={TOKEN}", timeout=5) as answer:
                for session in json.load(answer):
                    request = urllib.request.Request(
                        f"{base}/api/sessions/{session['id']}?token={TOKEN}", method="DELETE"
                    )
                    urllib.request.urlopen(request, timeout=10)
        except OSError:
            pass
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(15)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


def test_run_three_months_from_the_panel(jupyterlab):
    from playwright.sync_api import sync_playwright

    base, data, _ = jupyterlab
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{base}/lab/tree/05_backfills.ipynb?token={TOKEN}&reset")
            try:  # the course kernel may be unknown to this server: take the default Python
                page.locator(".jp-Dialog button.jp-mod-accept").click(timeout=8000)
            except Exception:
                pass
            page.wait_for_function(IDLE, timeout=60_000)
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
            panel = page.locator(".widget-vbox", has=page.locator("button.jupyter-button", has_text="Run months")).first
            months = panel.locator(".widget-select-multiple select").first
            months.wait_for(timeout=60_000)
            page.wait_for_function(IDLE, timeout=120_000)
            months.select_option(index=[9, 10, 11])  # 2023-10 … 2023-12
            before = panel.locator(".widget-html-content", has_text="Batch ").first.text_content()
            panel.locator("button.jupyter-button", has_text="Run months").first.click()
            # The notebook already drove this panel from code (July to September): wait for the new months.
            page.wait_for_function(
                "() => [...document.querySelectorAll(\".widget-html-content span[title='done']\")]"
                ".map(e => e.textContent.slice(0, 7)).join(',') === '2023-10,2023-11,2023-12'",
                timeout=120_000,
            )
            page.wait_for_function(
                "before => [...document.querySelectorAll('.widget-html-content')].some("
                "e => e.textContent.startsWith('Batch ') && e.textContent !== before)",
                arg=before,
                timeout=60_000,
            )
            summary = [
                t for t in panel.locator(".widget-html-content", has_text="Batch ").all_text_contents() if t != before
            ][0]
            progress = panel.locator(".widget-hprogress .widget-label").first.text_content()
            badges = panel.locator(".widget-html-content span[title='done']").all_text_contents()
            grid = page.locator("button.jupyter-button", has_text="2023-10")
            grid_text = grid.last.text_content()
            panel.scroll_into_view_if_needed()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "months_panel.png"), full_page=False)
        finally:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "months_panel_last_state.png"))
            browser.close()
    assert summary.startswith("Batch ") and "3 done" in summary and summary != before
    assert progress == "3 / 3"
    assert [b[:7] for b in badges] == ["2023-10", "2023-11", "2023-12"]
    assert "2023-10" in grid_text
    rows = trips_by_month(data / "staging" / "data.duckdb")
    assert all(rows[month] == expected_row_count(month) for month in ["2023-10", "2023-11", "2023-12"])


LOAD_TWO_MONTHS = (
    "from course_lib.in_process.runs import run_partition\n"
    "for key in ['2023-02-01', '2023-03-01']: assert run_partition(key).success"
)


def test_the_dagster_tile_opens_the_ui_through_jupyterlab_and_stops_with_it(jupyterlab):
    import psutil
    from playwright.sync_api import sync_playwright

    base, data, server = jupyterlab
    # Two months loaded the way a notebook's kernel loads them, on the data folder this JupyterLab uses.
    env = dict(os.environ, COURSE_DATA_DIR=str(data), COURSE_ROWS_PER_MONTH="")
    for name in ("DUCKDB_DATABASE", "DAGSTER_HOME"):
        env.pop(name, None)
    subprocess.run([sys.executable, "-c", LOAD_TWO_MONTHS], env=env, check=True, timeout=300)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.goto(f"{base}/lab?token={TOKEN}&reset")
            page.locator(".jp-LauncherCard").filter(has_text=re.compile("^Dagster$")).first.click(timeout=60_000)
            # The UI opens in a JupyterLab tab, served under JupyterLab's own URL and login.
            ui = page.frame_locator("iframe[src*='/dagster']")
            ui.get_by_text("Overview").first.wait_for(timeout=120_000)
            ui.get_by_role("button", name="Skip").click(timeout=30_000)  # the first visit's community sign-up
            iframe_src = page.locator("iframe[src*='/dagster']").first.get_attribute("src")
            # taxi_trips' partitions page, through the same proxy (the browser holds JupyterLab's login cookie).
            partitions = context.new_page()
            partitions.goto(f"{base}/dagster/assets/taxi_trips?view=partitions")
            partitions.locator("text=Materialized").first.wait_for(timeout=120_000)
            partitions.wait_for_function("() => document.body.innerText.includes('Missing')", timeout=60_000)
            text = partitions.locator("body").inner_text()
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "dagster_tile_in_jupyterlab.png"))
            partitions.screenshot(path=str(ARTIFACTS / "dagster_ui_through_jupyterlab.png"))
        finally:
            browser.close()
    assert iframe_src.startswith(f"{base}/dagster") or iframe_src.startswith("/dagster"), iframe_src
    assert "Materialized (2)" in text.replace("\n", " ") and "Missing (10)" in text.replace("\n", " "), text[:2000]

    # Stopping JupyterLab (its process only, as Ctrl-C would) stops the webserver and daemon it started.
    proxied = [
        p
        for p in psutil.Process(server.pid).children(recursive=True)
        if "--path-prefix" in " ".join(p.cmdline()) or "dagster-daemon" in " ".join(p.cmdline())
    ]
    assert len(proxied) >= 2, [p.cmdline() for p in psutil.Process(server.pid).children(recursive=True)]
    server.send_signal(signal.SIGTERM)
    server.wait(30)
    gone, alive = psutil.wait_procs(proxied, timeout=30)
    assert alive == [], [p.cmdline() for p in alive]
