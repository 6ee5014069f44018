"""`modelreg --help` and remote commands import no server, database or scanning library.

Each check runs a fresh interpreter, so modules imported by other tests do not count.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Never needed by the CLI's entry point, its help, or a command that talks to a server.
HEAVY = [
    "fastapi",
    "starlette",
    "uvicorn",
    "sqlalchemy",
    "alembic",
    "cel",
    "cyclonedx",
    "model_signing",
    "sigstore",
    "modelscan",
    "picklescan",
    "jsonschema",
    "modelreg.api",
    "modelreg.services",
    "modelreg.storage",
    "modelreg.wiring",
    "modelreg.signing",
    "modelreg.scanning",
]
# Not needed either to print help or the version: only commands that call a server load them.
SDK = ["httpx", "modelreg.client"]
# Not needed by `models list` (the command bench/cli_startup_bench.py times) up to its request:
# it prints the server's JSON, so it loads no schema (pydantic) and no PyYAML (domain/cards),
# and httpx's own CLI (`httpx._main`: rich, pygments) is deferred by cli/httpx_cli.py.
# tests/e2e/test_cli.py checks the same after a whole listing against a real server.
SCHEMAS = ["pydantic", "pydantic_core", "modelreg.schemas", "yaml", "modelreg.domain.cards"]
REMOTE_HEAVY = [*SCHEMAS, "rich", "pygments"]

# Stand-ins (modelreg/deferred_imports.py: `httpx._main`, `cel.cli`) are not the module.
DUMP = """
loaded = [n for n, m in sys.modules.items() if type(m).__name__ != "_Deferred"]
print(json.dumps(sorted(loaded)), file=sys.stderr)
"""
JUST_IMPORT = "import json, sys\nimport modelreg.cli.main\n"
PROBE = """
import json, sys
from modelreg.cli.main import cli
try:
    cli({argv!r}, prog_name="modelreg", standalone_mode=False)
except SystemExit:
    pass
"""
# What a program using only the SDK's model search holds before the first request (httpx's
# own CLI is deferred only in `modelreg` processes, so rich and pygments may be there).
SDK_IMPORT = """
import json, sys
from modelreg.client import Client
Client("http://127.0.0.1:9").models
"""
APP_IMPORT = "import json, sys\nimport modelreg.api.app\n"


def _modules(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    done = subprocess.run(
        [sys.executable, "-c", code + DUMP],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    modules: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return set(modules)


def _imported(argv: list[str] | None) -> set[str]:
    """The modules held after importing the CLI (and running `argv`)."""
    return _modules(JUST_IMPORT if argv is None else PROBE.format(argv=argv))


def _loaded(modules: set[str], names: list[str]) -> list[str]:
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in modules)]


@pytest.mark.parametrize(
    "argv", [None, ["--help"], ["--version"]], ids=["import", "help", "version"]
)
def test_entry_point_and_help_import_neither_heavy_libraries_nor_the_sdk(
    argv: list[str] | None,
) -> None:
    assert _loaded(_imported(argv), HEAVY + SDK + REMOTE_HEAVY) == []


@pytest.mark.parametrize("argv", [["verify", "--help"], ["keys", "--help"], ["models", "--help"]])
def test_a_commands_help_imports_no_heavy_library(argv: list[str]) -> None:
    assert _loaded(_imported(argv), HEAVY) == []


def test_models_list_imports_the_sdk_but_neither_schemas_nor_yaml_nor_rich() -> None:
    # Nothing listens on the discard port of loopback: the command fails to connect and exits.
    modules = _imported(["models", "list", "--url", "http://127.0.0.1:9"])
    assert _loaded(modules, HEAVY + REMOTE_HEAVY) == []
    assert _loaded(modules, SDK) == SDK


def test_the_sdk_imports_no_schema_until_a_typed_answer_is_built() -> None:
    modules = _modules(SDK_IMPORT)
    assert _loaded(modules, HEAVY + SCHEMAS) == []
    assert "modelreg.client.catalog" in modules


# The API process serves requests; building ML-BOMs and verifying model signatures happen in
# the worker (or on an SBOM upload), so starting `modelreg serve` must not pay for their
# libraries (about two seconds). The scanner modules are still imported by the app.
SERVER_HEAVY = [
    "cyclonedx",
    "jsonschema",
    "model_signing",
    "sigstore",
    "modelreg.sbom.mlbom",
    "modelreg.sbom.container",
    "modelreg.signing.model_signatures",
    # cel's own CLI (deferred in policy/cel_runtime.py): ~1 s and 24 MiB per process.
    "cel.cli",
    "typer",
    "prompt_toolkit",
    "rich",
]


def test_the_api_app_imports_no_worker_library() -> None:
    assert _loaded(_modules(APP_IMPORT), SERVER_HEAVY) == []
