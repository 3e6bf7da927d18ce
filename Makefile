# make lab   set up if needed, then JupyterLab on the course
# make test  set up if needed, then every test
# Any supported Python: make lab PYTHON=python3.13 (the venv is rebuilt when its Python changes).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
SUPPORTED := 3.11 3.12 3.13
# uv, when it is on PATH, makes the venv and installs (same lock, several times faster); UV= forces pip.
UV ?= $(shell command -v uv 2>/dev/null)

# A pyenv shim for a version pyenv has not selected fails: then take that version from pyenv's folder.
PY_EXE := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null \
  || ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/$(patsubst python%,%,$(notdir $(PYTHON))).*/bin/$(notdir $(PYTHON)) \
     2>/dev/null | sort -V | tail -1)
PY_VERSION := $(if $(PY_EXE),$(shell $(PY_EXE) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null))
ifeq ($(PY_EXE),)
$(error '$(PYTHON)' was not found: install Python 3.11, 3.12 or 3.13, or name one, e.g. `make lab PYTHON=python3.12`)
endif
ifeq ($(filter $(PY_VERSION),$(SUPPORTED)),)
$(error '$(PYTHON)' is Python $(PY_VERSION); the course runs on Python 3.11, 3.12 or 3.13: name one, e.g. `make lab PYTHON=python3.12`)
endif

# One stamp per Python version: asking for another version rebuilds the venv.
STAMP := $(VENV)/.course-installed-py$(PY_VERSION)
ifneq ($(UV),)
MAKE_VENV = $(UV) venv --quiet --seed --python $(PY_EXE) $(VENV)
INSTALL = $(UV) pip install --quiet --python $(BIN)/python
else
MAKE_VENV = $(PY_EXE) -m venv $(VENV)
INSTALL = $(BIN)/python -m pip install --quiet --disable-pip-version-check
endif

.PHONY: setup lab test test-quick lint kernel lock dagster reset progress grade chromium notebooks screenshots bench

setup: $(STAMP)

# Rebuilt when the dependencies or their lock change, or when the venv's Python is not $(PYTHON)'s version.
$(STAMP): pyproject.toml constraints.txt
	@$(BIN)/python -c 'import sys; sys.exit(sys.version_info[:2] != ($(subst .,$(comma),$(PY_VERSION))))' 2>/dev/null \
	  || { rm -rf $(VENV) && $(MAKE_VENV); }
	$(INSTALL) -c constraints.txt -e '.[test]'
	@touch $@
	@echo "Set up $(VENV) with Python $(PY_VERSION)$(if $(UV), (uv),)."

comma := ,

lab: setup
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks

# For a JupyterLab outside the venv (your own, VS Code): a kernel named "Python (Dagster course)" that runs the venv.
# No notebook needs it: they ask for the default Python kernel.
kernel: setup
	$(BIN)/python -m ipykernel install --user --name dagster-course --display-name "Python (Dagster course)"

# The browser test drives Debian's Chromium: installed from apt when missing (never a downloaded browser).
chromium:
	@test -x /usr/bin/chromium || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq chromium >/dev/null; } \
	  || echo "Debian's chromium is missing and cannot be installed without root: the browser test will be skipped."

# pytest exits 5 when it collected no test; anything else non-zero is a failure.
test: setup chromium
	$(BIN)/python -m pytest; status=$$?; [ $$status -eq 5 ] && echo "pytest collected no tests" && exit 0; exit $$status

# What CI runs on each further Python version: the unit tests and one exercise notebook under nbval.
test-quick: setup
	$(BIN)/python -m pytest -m "not slow" tests notebooks/solutions/03_exercise_taxi_trips.ipynb

# ruff: lint and format check of the code and the solution notebooks (`ruff format .` fixes the format);
# lint-imports: the import contracts in pyproject.toml (the Dagster project imports none of the machinery).
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# For maintainers: re-resolve the whole dependency tree into constraints.txt, for every supported Python at once.
lock: setup
	$(INSTALL) uv==0.13.9
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 --no-emit-package setuptools \
	  --quiet -o constraints.txt

# The webserver and daemon on the course's instance: the runs the notebooks made show up here.
DAGSTER_PORT ?= 3000
dagster: setup
	$(BIN)/python -m course_lib.deployment.dagster_dev --port $(DAGSTER_PORT)

# Start the course over: deletes only what the course generated in data/ (asks first).
reset: setup
	$(BIN)/python -m course_lib.fault_lab.reset

# The learner's progress: each lesson's exercise solved or not yet, hints used, first-try quiz score.
progress: setup
	$(BIN)/python -m course_lib.feedback.progress

# For instructors: run each learner's notebooks (SUBMISSIONS/<learner>/NN_*.ipynb), each on its own data folder
# and under a time limit (TIME_LIMIT seconds per notebook), and write grades.csv with a summary table.
TIME_LIMIT ?= 600
GRADES ?= grades.csv
grade: setup
	@test -n "$(SUBMISSIONS)" || { echo "Name the submissions: make grade SUBMISSIONS=path/to/folder"; exit 2; }
	$(BIN)/python -m course_lib.feedback.grading "$(SUBMISSIONS)" --out "$(GRADES)" --time-limit $(TIME_LIMIT)

# For authors: re-run the solution notebooks whose code changed (NB="02 05" names more; NB=--all for all), then
# write the learner copies that changed. Says which cells' outputs changed.
notebooks: setup
	$(BIN)/python -m course_lib.authoring $(NB)

# For authors: photograph the Dagster UI pages the notebooks walk through (a fresh instance, a real `dagster dev`,
# Debian's Chromium); writes notebooks/images/dagster_ui/*.png. About two minutes.
screenshots: setup chromium
	$(BIN)/python -m course_lib.authoring.screenshots

# Benchmarks (about 10 minutes on 2 cores): backfill strategies at two sizes and one run's fixed cost,
# each in its own temporary folder; writes bench/results/ and bench/README.md.
bench: setup
	@start=$$(date +%s); \
	  $(BIN)/python -m bench.generator && $(BIN)/python -m bench.backfill && $(BIN)/python -m bench.run_overhead && \
	  $(BIN)/python -m bench.notebooks && \
	  $(BIN)/python -m bench.report --wall-seconds $$(( $$(date +%s) - start ))
