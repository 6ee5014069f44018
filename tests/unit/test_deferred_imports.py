"""Stand-ins for eagerly imported submodules: nothing runs until an attribute is read."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from modelreg.deferred_imports import defer, is_deferred


@pytest.fixture
def package(tmp_path: Path) -> Iterator[str]:
    """A package whose __init__ imports a submodule that records being imported."""
    root = tmp_path / "eagerpkg"
    root.mkdir()
    (root / "__init__.py").write_text("from . import frontend\nVALUE = 1\n")
    (root / "frontend.py").write_text(
        "import builtins\nbuiltins.eagerpkg_frontend_runs = "
        "getattr(builtins, 'eagerpkg_frontend_runs', 0) + 1\n"
        "def main():\n    return 'real main'\n"
    )
    sys.path.insert(0, str(tmp_path))
    yield "eagerpkg"
    sys.path.remove(str(tmp_path))
    for name in ("eagerpkg", "eagerpkg.frontend"):
        sys.modules.pop(name, None)
    import builtins

    if hasattr(builtins, "eagerpkg_frontend_runs"):
        del builtins.eagerpkg_frontend_runs


def test_the_submodule_runs_only_when_used(package: str) -> None:
    import builtins

    defer(f"{package}.frontend")
    import eagerpkg  # type: ignore[import-not-found]

    assert eagerpkg.VALUE == 1
    assert not hasattr(builtins, "eagerpkg_frontend_runs")
    assert is_deferred("eagerpkg.frontend")
    assert eagerpkg.frontend.main() == "real main"
    assert builtins.eagerpkg_frontend_runs == 1  # type: ignore[attr-defined]
    assert not is_deferred("eagerpkg.frontend")
    assert eagerpkg.frontend.main() == "real main"  # bound on the package now
    assert builtins.eagerpkg_frontend_runs == 1  # type: ignore[attr-defined]


def test_dunder_probes_do_not_import(package: str) -> None:
    import builtins

    defer(f"{package}.frontend")
    import eagerpkg

    assert getattr(sys.modules["eagerpkg.frontend"], "__file__", None) is None
    assert not hasattr(builtins, "eagerpkg_frontend_runs")
    assert eagerpkg.VALUE == 1


def test_nothing_changes_once_the_package_is_imported(package: str) -> None:
    import eagerpkg

    defer(f"{package}.frontend")
    assert not is_deferred("eagerpkg.frontend")
    assert eagerpkg.frontend.main() == "real main"


def test_policies_use_cel_without_its_command_line_front_end() -> None:
    import subprocess

    code = (
        "import sys; from modelreg.policy import parse_policy, default_pack; default_pack(); "
        "print(sorted(m for m in ('typer', 'rich', 'prompt_toolkit') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
