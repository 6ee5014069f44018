"""The real `modelreg` command against a real server: push, pull, browse, admin, errors.

Each CLI start costs seconds of imports, so independent commands run concurrently.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from modelreg.client import Client

if TYPE_CHECKING:
    from conftest import Server

pytestmark = pytest.mark.e2e

FILES = {
    "model.bin": os.urandom(300_000),
    "config.json": b'{"layers": 4}\n',
    "nested/deep/tokenizer.txt": b"hello world\n" * 100,
    "empty.txt": b"",
}


def run_all(server: Server, *commands: list[str]) -> list[subprocess.CompletedProcess[str]]:
    """Run CLI commands concurrently against the server; results in the order given."""
    processes = [
        (
            command,
            subprocess.Popen(
                server.command(*command),
                env=server.env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for command in commands
    ]
    results = []
    for command, process in processes:
        out, err = process.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(command, process.returncode, out, err))
    return results


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    """The result, after asserting the command succeeded."""
    assert result.returncode == 0, f"{result.args} failed:\n{result.stdout}\n{result.stderr}"
    return result


def failed_cleanly(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Assert a non-zero exit with an `error:` line naming the problem, and no traceback."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: "), result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


@dataclass
class Pushed:
    """A directory pushed by the CLI, and what the first push printed."""

    ref: str
    source: Path
    first: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def pushed(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Pushed:
    """A fresh model whose version 1.0.0 was pushed from a directory with a nested file."""
    source = tmp_path_factory.mktemp("push")
    for relative, data in FILES.items():
        (source / relative).parent.mkdir(parents=True, exist_ok=True)
        (source / relative).write_bytes(data)
    (source / "link.bin").symlink_to(source / "model.bin")
    ref = f"cli/pushed-{uuid.uuid4().hex[:8]}@1.0.0"
    [first] = run_all(
        server,
        ["push", str(source), ref, "--create-model", "--risk-tier", "low", "--description", "v1"],
    )
    return Pushed(ref, source, ok(first))


def test_push_uploads_files_and_skips_symlinks(pushed: Pushed) -> None:
    assert f"uploaded {len(FILES)} file(s)" in pushed.first.stdout
    assert "skipped 0 unchanged" in pushed.first.stdout
    assert "warning: skipping symlink link.bin" in pushed.first.stderr


def test_push_again_skips_and_pull_restores_bytes(
    pushed: Pushed, server: Server, tmp_path: Path
) -> None:
    target = tmp_path / "pulled"
    again, pulled = run_all(
        server, ["push", str(pushed.source), pushed.ref], ["pull", pushed.ref, str(target)]
    )
    assert f"uploaded 0 file(s) (0 bytes), skipped {len(FILES)} unchanged" in ok(again).stdout
    assert f"downloaded {len(FILES)} file(s)" in ok(pulled).stdout
    got = {
        p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()
    }
    assert got == FILES


def test_browse_commands(pushed: Pushed, server: Server) -> None:
    model, _, version = pushed.ref.partition("@")
    group, name = model.split("/")
    listed, shown, card, verified = run_all(
        server,
        ["models", "list", "--group", group, "--risk-tier", "low", "--limit", "500", "--json"],
        ["models", "show", model],
        ["card", "show", pushed.ref],
        ["audit", "verify"],
    )
    assert name in [m["name"] for m in json.loads(ok(listed).stdout)]
    assert "risk tier:    low" in ok(shown).stdout
    assert version in shown.stdout.split("VERSION", 1)[1]
    assert f"# Model card: {pushed.ref}" in ok(card).stdout
    assert ok(verified).stdout.startswith("audit chain ok:")


# Runs `models list` in this interpreter and reports which of the modules the command avoids
# (tests/unit/test_import_budget.py) it loaded by the end, answer included.
LIST_PROBE = """
import json, sys
from modelreg.cli.main import cli
try:
    cli(["models", "list", "--group", sys.argv[1]], prog_name="modelreg")
except SystemExit as exc:
    assert not exc.code, exc.code
avoided = ("pydantic", "modelreg.schemas", "yaml", "modelreg.domain.cards", "rich", "pygments")
loaded = [name for name in sys.modules if name.startswith(avoided)]
print(json.dumps(loaded), file=sys.stderr)
"""


def test_models_list_prints_a_table_without_loading_schemas(pushed: Pushed, server: Server) -> None:
    group = pushed.ref.partition("/")[0]
    done = subprocess.run(
        [sys.executable, "-c", LIST_PROBE, group],
        env=server.env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    header, *rows = done.stdout.splitlines()
    assert header.split() == ["MODEL", "RISK", "LATEST", "OWNERS", "DESCRIPTION"]
    model = pushed.ref.partition("@")[0]
    assert [model, "low"] in [row.split()[:2] for row in rows]
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []


def test_errors_print_one_line_and_exit_nonzero(server: Server, tmp_path: Path) -> None:
    missing, no_model = run_all(
        server,
        ["pull", "cli/no-such-model@1.0.0", str(tmp_path / "a")],
        ["push", str(tmp_path), f"cli/absent-{uuid.uuid4().hex[:8]}@1.0.0"],
    )
    failed_cleanly(missing, "cli/no-such-model")
    failed_cleanly(no_model, "does not exist", "--create-model")
    assert not (tmp_path / "a").exists()


def test_admin_commands_work_beside_the_running_server(server: Server) -> None:
    username = f"cli-{uuid.uuid4().hex[:8]}"
    [added] = run_all(server, ["users", "add", username, "--role", "model_owner"])
    assert username in ok(added).stdout
    [issued] = run_all(server, ["tokens", "issue", username, "--expires-in", "1d"])
    token = ok(issued).stdout
    assert token.endswith("\n") and len(token.split()) == 1, "only the token goes to stdout"
    with Client(server.url, token.strip()) as client:
        assert client.me().username == username
