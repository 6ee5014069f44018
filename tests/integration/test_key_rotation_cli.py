"""`modelreg keys` end to end on each database: rotate while reads go on, list, retire, audit."""

from __future__ import annotations

import hashlib
import json
import os
import threading

import pytest
from click.testing import CliRunner, Result

from modelreg.cli.main import cli
from modelreg.config import Settings
from modelreg.wiring import Registry


@pytest.fixture
def run(settings: Settings) -> CliRunnerCall:
    """Invoke the `modelreg` CLI on the same data directory and database as `registry`."""
    env = {
        "MODELREG_HOME": str(settings.home),
        "MODELREG_DATABASE_URL": settings.resolved_database_url(),
        "MODELREG_BLOB_CHUNK_BYTES": str(settings.blob_chunk_bytes),
    }
    return CliRunnerCall(env)


class CliRunnerCall:
    """Runs CLI commands with a fixed environment, as a shell with those variables would."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def __call__(self, *args: str) -> Result:
        return CliRunner().invoke(cli, list(args), env=self.env, catch_exceptions=False)


def put(registry: Registry, data: bytes) -> str:
    with registry.blobs.writer() as writer:
        writer.write(data)
        return writer.commit().sha256


def kek_table(output: str) -> dict[str, tuple[bool, int]]:
    rows = [line.split("\t") for line in output.splitlines()[1:] if "\t" in line]
    return {kek: (current == "*", int(blobs)) for kek, current, blobs in rows}


def test_rotate_list_and_retire_through_the_cli(registry: Registry, run: CliRunnerCall) -> None:
    blobs = {put(registry, os.urandom(n * 5000 + 1)): n for n in range(8)}
    listed = run("keys", "list")
    assert listed.exit_code == 0, listed.output
    [(old, (is_current, count))] = kek_table(listed.output).items()
    assert (is_current, count) == (True, 8)

    # Reads of the running registry go on in a thread while the CLI rotates.
    started, stop = threading.Event(), threading.Event()
    verified: list[str] = []
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            while True:
                finished = stop.is_set()
                for sha in blobs:
                    content = b"".join(registry.blobs.open_read(sha))
                    assert hashlib.sha256(content).hexdigest() == sha
                    verified.append(sha)
                    started.set()
                if finished:
                    return
        except BaseException as exc:
            errors.append(exc)
            started.set()

    thread = threading.Thread(target=reader)
    thread.start()
    started.wait()
    try:
        rotated = run("keys", "rotate")
    finally:
        stop.set()
        thread.join()

    assert errors == []
    assert rotated.exit_code == 0, rotated.output
    assert "re-wrapped 8 data key(s)" in rotated.output
    assert "0 failed" in rotated.output
    table = kek_table(run("keys", "list").output)
    [new] = [kek for kek, (current, _) in table.items() if current]
    assert table == {old: (False, 0), new: (True, 8)}

    # Rerunning finishes nothing new: every blob is already on the new KEK.
    resumed = run("keys", "rotate", "--resume")
    assert "re-wrapped 0 data key(s), 8 already under" in resumed.output

    refused = run("keys", "retire", new)
    assert refused.exit_code == 1
    assert "current KEK" in refused.output
    retired = run("keys", "retire", old)
    assert retired.exit_code == 0, retired.output
    assert set(kek_table(run("keys", "list").output)) == {new}
    for sha in blobs:
        assert hashlib.sha256(b"".join(registry.blobs.open_read(sha))).hexdigest() == sha

    events = registry.audit.list_events(subject="keys").items
    assert [(e.actor, e.action) for e in events] == [
        ("system", "keys.rotation_started"),
        ("system", "keys.rotated"),
        ("system", "keys.rotation_started"),
        ("system", "keys.rotated"),
        ("system", "keys.retired"),
    ]
    started_event, rotated_event = events[0].details, events[1].details
    assert started_event["previous_kek_id"] == old
    assert started_event["new_kek_id"] == new
    assert started_event["blobs_by_kek"] == {old: 8}
    assert rotated_event["rewrapped"] == 8
    assert rotated_event["rewrapped_by_kek"] == {old: 8}
    assert rotated_event["failed"] == 0
    assert events[2].details["resumed"] is True
    assert events[4].details["kek_id"] == old
    assert registry.audit.verify().ok
    # Key material never reaches the output or the audit log.
    secrets = json.loads(registry.settings.keyfile_path.read_text())["keys"].values()
    for text in (rotated.output, json.dumps([e.details for e in events])):
        assert "wrapped_key" not in text
        assert not any(secret in text for secret in secrets)


def test_rotate_refuses_a_kms_target_on_the_local_provider(run: CliRunnerCall) -> None:
    result = run("keys", "rotate", "--to", "arn:aws:kms:eu-west-1:111122223333:key/x")

    assert result.exit_code == 1
    assert "--to is for KMS" in result.output


def test_resume_takes_no_target(run: CliRunnerCall) -> None:
    result = run("keys", "rotate", "--resume", "--to", "alias/x")

    assert result.exit_code == 2
    assert "--resume" in result.output
