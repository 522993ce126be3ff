# kpikit – two commands for a fresh machine with Python 3.11+ and make:
#   make demo   runs the 30-day plan on the demo company and prints where the results are
#   make test   runs the full suite (unit tests, doctests, nbval over notebooks/ and exercises/)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := datasets/demo
OUT    ?= reports

.PHONY: demo test lab lint bench install dev clean learner

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamp files make reinstalls cheap; they are redone whenever pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
dev: $(VENV)/.installed-dev

demo: install
	@$(BIN)/kpikit validate $(DEMO); status=$$?; [ $$status -le 1 ] || exit $$status
	@echo ""
	$(BIN)/kpikit run $(DEMO) --out $(OUT)
	@echo ""
	@echo "Ergebnisse / results: $(abspath $(OUT))/buerokafi-muster-ag/latest/ (bericht.html, kpis.xlsx, run.json, notebooks)"

test: dev
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg tests kpikit notebooks exercises

lab: install
	KPIKIT_COMPANY=$(abspath $(DEMO)) $(BIN)/jupyter lab --notebook-dir=. --ip=127.0.0.1 $(LAB_ARGS)

# Learners' copies of the exercise notebooks (cells tagged "solution" removed): make learner LEARNER=dir
LEARNER ?= build/uebungen
learner: install
	$(BIN)/python -m kpikit.exercises export $(LEARNER)

lint: dev
	$(BIN)/ruff check .

bench: dev
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) reports .pytest_cache
