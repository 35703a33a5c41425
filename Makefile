# Set-up is part of every target: a fresh clone needs only Python 3.11+ and `make`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench docs clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)  ## the main job, offline, on the bundled example papers
	$(BIN)/methodkg demo

test: $(STAMP)  ## the whole test suite (starts the test Bolt server it needs)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)  ## speed, cost and writer figures on ../shared/benchmark
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/bench_llm.py
	scripts/bolt-server start && eval "$$(scripts/bolt-server env)" && $(BIN)/python benchmarks/bench_neo4j.py

clean:
	rm -rf $(VENV) .methodkg .pytest_cache .ruff_cache
