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
SDK = ["httpx", "pydantic", "modelreg.client", "modelreg.schemas"]

JUST_IMPORT = """
import json, sys
import modelreg.cli.main
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""
PROBE = """
import json, sys
from modelreg.cli.main import cli
try:
    cli({argv!r}, prog_name="modelreg", standalone_mode=False)
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def _imported(argv: list[str] | None) -> set[str]:
    """The modules a fresh interpreter holds after importing the CLI (and running `argv`)."""
    code = JUST_IMPORT if argv is None else PROBE.format(argv=argv)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    modules: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return set(modules)


def _loaded(modules: set[str], names: list[str]) -> list[str]:
    return [n for n in names if any(m == n or m.startswith(n + ".") for m in modules)]


@pytest.mark.parametrize(
    "argv", [None, ["--help"], ["--version"]], ids=["import", "help", "version"]
)
def test_entry_point_and_help_import_neither_heavy_libraries_nor_the_sdk(
    argv: list[str] | None,
) -> None:
    assert _loaded(_imported(argv), HEAVY + SDK) == []


@pytest.mark.parametrize("argv", [["verify", "--help"], ["keys", "--help"], ["models", "--help"]])
def test_a_commands_help_imports_no_heavy_library(argv: list[str]) -> None:
    assert _loaded(_imported(argv), HEAVY) == []


def test_a_remote_command_imports_the_sdk_but_no_heavy_library() -> None:
    # Nothing listens on the discard port of loopback: the command fails to connect and exits.
    modules = _imported(["models", "list", "--url", "http://127.0.0.1:9"])
    assert _loaded(modules, HEAVY) == []
    assert _loaded(modules, SDK) == SDK


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
]
APP_IMPORT = """
import json, sys
import modelreg.api.app
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def test_the_api_app_imports_no_worker_library() -> None:
    done = subprocess.run(
        [sys.executable, "-c", APP_IMPORT], capture_output=True, text=True, timeout=120, check=False
    )
    modules = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert _loaded(modules, SERVER_HEAVY) == []
