"""The CLI's imports point one way: main.py loads the command modules, never the reverse.

Helpers shared by commands live in their own modules (local.py, remote.py, lazy.py), so a
command module that imported modelreg.cli.main back would rebuild the cycle lazy loading broke.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import modelreg.cli

CLI_DIR = Path(modelreg.cli.__file__).parent
COMMAND_MODULES = sorted(p for p in CLI_DIR.glob("*.py") if p.name != "main.py")


def _imported_names(source: Path) -> set[str]:
    """Every module an import statement of `source` names, in functions too."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_there_are_command_modules_to_check() -> None:
    assert {"remote.py", "catalog_cmds.py", "keys_cmds.py", "local.py"} <= {
        p.name for p in COMMAND_MODULES
    }


@pytest.mark.parametrize("source", COMMAND_MODULES, ids=lambda p: p.name)
def test_no_cli_module_imports_main(source: Path) -> None:
    assert "modelreg.cli.main" not in _imported_names(source)


def test_loading_every_command_module_leaves_main_unimported() -> None:
    # Catches an import of main.py through another module, which the check above cannot see.
    modules = [f"modelreg.cli.{p.stem}" for p in COMMAND_MODULES if p.stem != "__init__"]
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps('modelreg.cli.main' in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert json.loads(done.stdout) is False
