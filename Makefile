# policykg — `make help` lists the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out
EXAMPLE := examples/ningbo-edu-2024.txt

.DEFAULT_GOAL := help
.PHONY: help setup run test lint format accuracy bench bench-quick bench-build fuzz readme readme-check screenshots clean
FUZZ_SECONDS ?= 60

help: ## Show the targets and what they do
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing policykg into $(VENV) (log: $(VENV)/install.log)"
	@{ $(BIN)/python -m pip install --upgrade pip && $(BIN)/python -m pip install -e '.[dev]'; } \
		> $(VENV)/install.log 2>&1 || { tail -n 30 $(VENV)/install.log; exit 1; }
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install policykg with its dev tools

run: setup ## Build the bundled example into out/ (graph.ttl, graph.html)
	@$(BIN)/policykg build $(EXAMPLE) --out $(OUT)

test: setup ## Run the test suite on every core (pytest-xdist)
	@$(BIN)/python -m pytest -n auto --dist worksteal

lint: setup ## Ruff (lint + format check), mypy, import contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: setup ## Apply ruff's formatting and safe fixes
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

accuracy: setup ## Score every gold document in tests/gold: F1 per document and micro F1 (a report)
	@$(BIN)/python tools/accuracy.py

bench: setup ## Every stage beside its floor (1,000 plans, 1M triples); writes BENCHMARKS.md
	@$(BIN)/python bench/run.py

bench-quick: setup ## The same at a smaller scale (100 plans, 100k triples); writes BENCHMARKS-quick.md
	@$(BIN)/python bench/run.py --quick

bench-build: setup ## Stage 0 alone: the whole build of the example beside the jieba-only floor
	@$(BIN)/python bench/run.py --build-only

readme: setup ## Rewrite README.md's sample outputs by running the commands they show
	@$(BIN)/cog -I tools -r README.md

readme-check: setup ## Fail when a README sample no longer matches what its command prints
	@$(BIN)/cog -I tools --check README.md

screenshots: setup ## Rebuild the pictures in docs/ in headless Chromium (needs fonts-noto-cjk)
	@$(BIN)/python tools/screenshots.py

fuzz: setup ## Fuzz the parser and number reader with atheris for FUZZ_SECONDS each (not in make test)
	@$(BIN)/python -m pip install --quiet 'atheris>=2.3,<4'
	$(BIN)/python tools/fuzz.py parse $(FUZZ_SECONDS)
	$(BIN)/python tools/fuzz.py numbers $(FUZZ_SECONDS)

clean: ## Remove the venv, outputs and caches
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis *.egg-info
