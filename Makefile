# Two commands for a fresh machine (Python 3.11+, Node.js 20+ with npm, make, git):
#   make run    install everything, build the web console and start the registry on embedded
#               defaults (the console at http://127.0.0.1:8740/)
#   make test   install everything and run lint, type checks and the whole test suite, then the
#               web console's checks, unit tests and browser tests (installs Debian's chromium
#               with apt-get when /usr/bin/chromium is missing)
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PROJECT_ENVIRONMENT := $(VENV)
# Installed with bytecode: without it every process compiles what it imports (about 5 s of a
# `modelreg serve` start, and of each test process) wherever PYTHONDONTWRITEBYTECODE is set.
export UV_COMPILE_BYTECODE := 1

# The web console (web/): Vite builds it into the Python package, which serves and ships it.
WEB := web
WEB_STAMP := $(WEB)/node_modules/.installed
WEB_BUILD := src/modelreg/webui/static/index.html
# The files of web/ that git tracks or would track (not node_modules, test reports or tsc's
# build info), so `make run` rebuilds the console only after a change.
WEB_SOURCES := $(filter-out %.tsbuildinfo,$(wildcard \
	$(shell git ls-files --cached --others --exclude-standard $(WEB) 2>/dev/null)))
CHROMIUM := /usr/bin/chromium
SUDO = $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install bench-install run test lint typecheck unit openapi docs clean \
	web-install web chromium web-test
# A failed console build leaves no index.html behind, so the next `make web` builds again.
.DELETE_ON_ERROR:

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

run: install web
	$(VENV)/bin/modelreg serve $(ARGS)

lint: install
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/ruff format --check src tests bench

typecheck: install
	$(VENV)/bin/mypy

test: install lint typecheck
	$(VENV)/bin/pytest -n 2 --dist loadfile -q $(PYTEST_ARGS)
	$(MAKE) web-test

unit: install
	$(VENV)/bin/pytest -q tests/unit

openapi: install
	$(VENV)/bin/python -m modelreg.api.spec

# Rewrites the generated tables in docs/ (permissions, routes, policy pack, audit catalogue).
docs: install
	$(VENV)/bin/python -m modelreg.docs_gen

# npm ci again only when the lock file changed since the last install.
$(WEB_STAMP): $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund
	touch $@

web-install: $(WEB_STAMP)

# check:api fails when web/src/api/schema.d.ts is stale against docs/openapi.json (`npm run
# gen:api` regenerates it); compress.mjs writes the .br/.gz siblings the server negotiates.
$(WEB_BUILD): $(WEB_STAMP) $(WEB_SOURCES) docs/openapi.json
	cd $(WEB) && npm run check:api
	cd $(WEB) && npm run build
	cd $(WEB) && node scripts/compress.mjs

web: $(WEB_BUILD)

# Debian's Chromium for the browser tests (Playwright never downloads a browser here).
chromium:
	@test -x $(CHROMIUM) || { \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium || { \
			$(SUDO) apt-get update && \
			$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }; }

# The browser tests start a real `modelreg serve` from .venv on the freshly built console.
web-test: install web-install
	cd $(WEB) && npm run check:api
	cd $(WEB) && npm run typecheck
	cd $(WEB) && npm run lint
	cd $(WEB) && npm test
	$(MAKE) web
	cd $(WEB) && npm run size
	$(MAKE) chromium
	cd $(WEB) && npm run e2e

clean:
	rm -rf $(VENV) $(TOOLS) .pytest_cache .mypy_cache .ruff_cache
	rm -rf $(WEB)/node_modules src/modelreg/webui/static
