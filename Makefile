# `make run` and `make test` set themselves up on first use: a .venv with the package and its test extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/journeymap app sample_journeys/diner.json

# Two workers (pytest-xdist) keep both cores of a 2-core machine busy; each has its own browser, Streamlit
# server and temporary folders. "worksteal" lets the idle worker take tests queued on the busy one, so the
# long browser tests do not end up in one worker's tail: on a quiet 2-core machine 1,296 tests took
# 5m09 with the default scheduling, 5m23 with three workers, 4m15 with worksteal. With the live workshop
# (1,485 tests) it takes 5m01–5m46 here: the browser tests run one after another on one worker (about 230 s
# alone, 330 s beside the other worker), which is the run's critical path. Three workers (7m) and
# spreading the browser tests over both workers (6m13) were slower: two browser tests at once slow each
# other down twice over on two cores. `pytest -n 0` runs everything in one process.
test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist worksteal

bench: $(STAMP)
	for script in benchmarks/bench_*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
