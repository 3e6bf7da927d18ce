# make lab   set up if needed, then JupyterLab on the course
# make test  set up if needed, then every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.course-installed

.PHONY: setup lab test dagster reset chromium notebooks bench

setup: $(STAMP)

# Rebuilt when pyproject.toml changes, or when the venv's Python no longer runs (moved, upgraded).
$(STAMP): pyproject.toml
	@$(BIN)/python -c "" 2>/dev/null || { rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name dagster-course --display-name "Python (Dagster course)"
	@touch $@

lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks

# The browser test drives Debian's Chromium: installed from apt when missing (never a downloaded browser).
chromium:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
	  || echo "Debian's chromium is missing and cannot be installed without root: the browser test will be skipped."

# pytest exits 5 when it collected no test; anything else non-zero is a failure.
test: setup chromium
	$(BIN)/python -m pytest; status=$$?; [ $$status -eq 5 ] && echo "pytest collected no tests" && exit 0; exit $$status

# The webserver and daemon on the course's instance: the runs the notebooks made show up here.
DAGSTER_PORT ?= 3000
dagster: setup
	$(BIN)/python -m course_lib.dagster_dev --port $(DAGSTER_PORT)

# Start the course over: deletes only what the course generated in data/ (asks first).
reset: setup
	$(BIN)/python -m course_lib.reset

# For authors: re-run the solution notebooks on fresh data, then write the learner copies.
notebooks: setup
	$(BIN)/python -m course_lib.authoring --execute

# Benchmarks (about 10 minutes on 2 cores): backfill strategies at two sizes and one run's fixed cost,
# each in its own temporary folder; writes bench/results/ and bench/README.md.
bench: setup
	@start=$$(date +%s); \
	  $(BIN)/python -m bench.generator && $(BIN)/python -m bench.backfill && $(BIN)/python -m bench.run_overhead && \
	  $(BIN)/python -m bench.notebooks && \
	  $(BIN)/python -m bench.report --wall-seconds $$(( $$(date +%s) - start ))
