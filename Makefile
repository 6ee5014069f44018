# Two commands for a fresh machine (Python 3.11+, make, git):
#   make run    install everything and start the registry on embedded defaults
#   make test   install everything and run lint, type checks and the whole test suite
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Installed with bytecode: without it every process compiles what it imports (about 5 s of a
# `modelreg serve` start, and of each test process) wherever PYTHONDONTWRITEBYTECODE is set.
export UV_COMPILE_BYTECODE := 1

.PHONY: install bench-install run test lint typecheck unit openapi docs clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --all-extras --quiet
	$(VENV)/bin/python -m compileall -q src

# The benchmarks' extra tools (locust, py-spy, pyinstrument); `make install` removes them again.
bench-install: $(UV)
	$(UV) sync --frozen --all-extras --group bench --quiet
	$(VENV)/bin/python -m compileall -q src

run: install
	$(VENV)/bin/modelreg serve $(ARGS)

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: install
	$(VENV)/bin/mypy

test: install lint typecheck
	$(VENV)/bin/pytest -n 2 --dist loadfile -q $(PYTEST_ARGS)

unit: install
	$(VENV)/bin/pytest -q tests/unit

openapi: install
	$(VENV)/bin/python -m modelreg.api.spec

# Rewrites the generated tables in docs/ (permissions, routes, policy pack, audit catalogue).
docs: install
	$(VENV)/bin/python -m modelreg.docs_gen

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
