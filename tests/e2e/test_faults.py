"""Crash safety: a server SIGKILLed in the middle of a streamed upload loses only that upload."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

from modelreg.client import Client
from modelreg.schemas.models import ModelCreate, RiskTier
from modelreg.schemas.versions import VersionCreate

if TYPE_CHECKING:
    from conftest import Backend, Launcher

pytestmark = pytest.mark.e2e

MIB = 1 << 20
BIG_MIB = 200
KILL_AFTER_MIB = 16
REF = "faults/crashy@1.0.0"


def test_sigkill_during_upload_keeps_committed_state(
    backend: Backend, launch_server: Launcher, tmp_path: Path
) -> None:
    database_url = backend.new_database()
    first = launch_server(tmp_path, database_url)
    committed = os.urandom(2 * MIB + 123)
    digest = hashlib.sha256(committed).hexdigest()
    with Client(first.url, first.token) as client:
        client.models.create(ModelCreate(group="faults", name="crashy", risk_tier=RiskTier.LOW))
        client.versions.create("faults/crashy", VersionCreate(version="1.0.0"))
        source = tmp_path / "committed.bin"
        source.write_bytes(committed)
        client.artifacts.upload(REF, "committed.bin", source, sha256=digest)

    halfway = threading.Event()
    outcome: dict[str, object] = {}

    def body() -> Iterator[bytes]:
        chunk = os.urandom(MIB)
        for sent in range(BIG_MIB):
            if sent == KILL_AFTER_MIB:
                halfway.set()
            yield chunk

    def upload() -> None:
        try:
            outcome["response"] = httpx.put(
                f"{first.url}/api/v1/models/faults/crashy/versions/1.0.0/artifacts/big.bin",
                content=body(),
                headers={
                    "Authorization": f"Bearer {first.token}",
                    "Content-Length": str(BIG_MIB * MIB),
                },
                timeout=60,
            )
        except httpx.HTTPError as exc:
            outcome["error"] = exc

    uploader = threading.Thread(target=upload, daemon=True)
    uploader.start()
    assert halfway.wait(timeout=60), "the upload never got going"
    first.kill()
    uploader.join(timeout=60)
    assert not uploader.is_alive()
    assert "response" not in outcome, f"the upload finished before the kill: {outcome}"

    second = launch_server(tmp_path, database_url, token=first.token)
    with Client(second.url, second.token) as client:
        assert [a.path for a in client.artifacts.list(REF)] == ["committed.bin"]
        assert not client.artifacts.exists(REF, "big.bin")
        again = tmp_path / "again.bin"
        assert client.artifacts.download(REF, "committed.bin", again, expected_sha256=digest)
        assert again.read_bytes() == committed
        verdict = client.audit.verify()
        assert verdict.ok, verdict
        # The version still takes uploads: the crash left no lock or half-written row behind.
        client.artifacts.upload(REF, "after.bin", source, sha256=digest)
        assert client.versions.get(REF).artifact_count == 2
