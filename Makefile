# Two commands matter on a fresh machine: `make run` and `make test`. Both install what they need.
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench lint sandbox samples install

$(STAMP): pyproject.toml scripts/setup.sh tests/oidc/package-lock.json
	./scripts/setup.sh

install: $(STAMP)

run: $(STAMP)
	@$(PY) main.py

test: $(STAMP)
	$(PY) -m pytest -q

bench: $(STAMP)
	$(PY) -m bench

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

sandbox: $(STAMP)
	$(VENV)/bin/hmskort sandbox --port 8700

samples: $(STAMP)
	$(VENV)/bin/hmskort samples
