# kpikit – two commands for a fresh machine with Python 3.11+ and make:
#   make demo   runs the 30-day plan on the demo company and prints where the results are
#   make test   runs the full suite (unit tests, doctests, nbval over notebooks/ and exercises/)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DEMO   := datasets/demo
OUT    ?= reports

.PHONY: demo test lab lint bench install dev clean learner cli

# Folders JupyterLab leaves beside opened notebooks; removed before and after make test (they are git-ignored)
CHECKPOINTS := find notebooks exercises -name .ipynb_checkpoints -type d -prune -exec rm -rf {} +

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
	@echo "kpikit aufrufen / to run kpikit: $(abspath $(BIN))/kpikit --help"
	@echo "  oder / or: . $(BIN)/activate   (dann / then: kpikit --help), or: make cli ARGS=\"kpis $(DEMO) --period quarter\""

test: dev
	@$(CHECKPOINTS)
	$(BIN)/python -m pytest -n 2 --dist loadfile --nbval-lax --nbval-sanitize-with tests/nbval_sanitize.cfg \
		tests kpikit notebooks exercises; status=$$?; $(CHECKPOINTS); exit $$status

# The kpikit command without activating the environment: make cli ARGS="kpis datasets/demo --period quarter"
ARGS ?= --help
cli: install
	@$(BIN)/kpikit $(ARGS)

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
