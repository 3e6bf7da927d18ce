"""`make screenshots`: photograph the Dagster UI pages of the walkthrough (course_lib/deployment/ui_pages.py).

A real `dagster dev` on a fresh instance in a temporary folder: three months loaded one run per month, two more
by a daemon backfill; Debian's Chromium driven by Playwright; the first visit's "Join the Dagster community"
dialog skipped. Writes notebooks/images/dagster_ui/<page>.png, which the notebooks show and git keeps.
"""

import shutil
import sys
import tempfile
from pathlib import Path

from course_lib import settings
from course_lib.authoring.learner_copies import NOTEBOOKS
from course_lib.deployment.ui_pages import A_RANGE, BACKFILLED_MONTHS, LOADED_MONTHS, ONE_PARTITION, PAGES, UIPage

OUT = NOTEBOOKS / "images" / "dagster_ui"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PARTITIONS_BOX = "ex: 2023-01-01, 2023-02-01, [2023-03-01...2023-12-01]"


def skip_the_community_dialog(browser_page, base_url: str, timeout_ms: int = 30_000) -> None:
    """Open the UI once and click Skip on its first-visit "Join the Dagster community" dialog (the browser then
    remembers it): a sign-up form, which the course needs no part of."""
    browser_page.goto(base_url)
    skip = browser_page.get_by_role("button", name="Skip")
    try:
        skip.wait_for(timeout=timeout_ms)
    except Exception:  # Playwright's TimeoutError: this browser was asked before
        return
    skip.click()


def visit(browser_page, page: UIPage, base_url: str, timeout_ms: int = 60_000, **ids: str) -> str:
    """Open `page` in a Playwright page (its dialog too, if it has one) once it shows what it should; its text."""
    browser_page.goto(page.url(base_url, **ids))
    for text in page.shows:
        browser_page.get_by_text(text, exact=False).first.wait_for(timeout=timeout_ms)
    if page.dialog_partitions:
        browser_page.get_by_role("button", name="Materialize all…").first.click()
        box = browser_page.get_by_placeholder(PARTITIONS_BOX)
        box.fill(page.dialog_partitions)
        box.press("Enter")
        expected = "Launch 1 run" if page.dialog_partitions == ONE_PARTITION else "Launch backfill"
        browser_page.get_by_role("button", name=expected).wait_for(timeout=timeout_ms)
    browser_page.wait_for_timeout(1000)  # let charts and counts settle before a picture
    return browser_page.locator("body").inner_text()


def load_the_instance():
    """Months loaded in this process, then a daemon backfill on a fresh `dagster dev`: (the webserver's URL, the ids
    the pages need, the running `dagster dev` to stop)."""
    import dagster as dg

    from course_lib.deployment import dagster_dev
    from course_lib.in_process.instance import course_instance
    from course_lib.in_process.month_by_month import run_month_by_month

    print(run_month_by_month(list(LOADED_MONTHS)), flush=True)
    server = dagster_dev.start()
    server.webserver.wait_until_loaded()
    backfill_id = server.webserver.launch_backfill(list(BACKFILLED_MONTHS), title="the walkthrough's backfill")
    print(server.webserver.follow_backfill(backfill_id), flush=True)
    (march,) = course_instance().get_run_records(dg.RunsFilter(tags={"dagster/partition": ONE_PARTITION}), limit=1)
    ids = {"location": server.webserver.location_name(), "run_id": march.dagster_run.run_id, "backfill_id": backfill_id}
    return server.url, ids, server


def main() -> int:
    if not Path(CHROMIUM).exists():
        print("make screenshots drives Debian's Chromium: install it with `apt-get install chromium`.", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    data = Path(tempfile.mkdtemp(prefix="course-screenshots-"))
    server = None
    try:
        with settings.environment(COURSE_DATA_DIR=str(data), DUCKDB_DATABASE=None, DAGSTER_HOME=None):
            base_url, ids, server = load_the_instance()
            OUT.mkdir(parents=True, exist_ok=True)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                browser_page = browser.new_context(viewport={"width": 1400, "height": 860}).new_page()
                skip_the_community_dialog(browser_page, base_url)
                for page in PAGES:
                    visit(browser_page, page, base_url, **ids)
                    browser_page.screenshot(path=str(OUT / page.screenshot))
                    print(f"wrote {(OUT / page.screenshot).relative_to(NOTEBOOKS.parent)}: {page.title}", flush=True)
                browser.close()
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(data, ignore_errors=True)
    print(f"The range in the backfill dialog: {A_RANGE}; the instance had {', '.join(LOADED_MONTHS)} loaded.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
