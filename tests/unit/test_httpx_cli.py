"""The stand-in for `httpx._main` (cli/httpx_cli.py) leaves httpx working, CLI included.

Each check runs a fresh interpreter: whether httpx is already imported decides what happens.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap


def _run(code: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


def test_httpx_imports_without_rich_and_its_client_works() -> None:
    _run(
        """
        import sys
        import modelreg.cli
        import httpx

        assert "rich" not in sys.modules and "pygments" not in sys.modules
        assert getattr(sys.modules["httpx._main"], "__file__", None) is None
        answer = lambda request: httpx.Response(200, json={"path": request.url.path})
        with httpx.Client(transport=httpx.MockTransport(answer), base_url="http://x") as c:
            assert c.get("/a/b").json() == {"path": "/a/b"}
        assert "rich" not in sys.modules
        """
    )


def test_httpx_main_runs_the_real_command_line_client() -> None:
    done = _run(
        """
        import sys
        import modelreg.cli
        import httpx

        try:
            httpx.main(["--help"])
        except SystemExit as exc:
            assert exc.code == 0, exc.code
        real = sys.modules["httpx._main"]
        assert real.__file__.endswith("_main.py") and httpx._main is real
        assert "rich" in sys.modules
        """
    )
    assert "HTTPX" in done.stdout


def test_any_other_attribute_loads_the_real_module() -> None:
    _run(
        """
        import sys
        import modelreg.cli
        import httpx

        print_help = sys.modules["httpx._main"].print_help
        assert print_help is sys.modules["httpx._main"].print_help
        assert sys.modules["httpx._main"].__file__.endswith("_main.py")
        """
    )


def test_nothing_changes_when_httpx_is_imported_first() -> None:
    _run(
        """
        import sys
        import httpx
        real = sys.modules["httpx._main"]
        import modelreg.cli

        assert sys.modules["httpx._main"] is real and httpx.main is real.main
        """
    )
