"""Multi-chunk uploads and downloads against a real server: clients that go away mid-transfer,
digest mismatches, and range reads across chunks. Nothing half-written or left open remains."""

from __future__ import annotations

import hashlib
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx
import pytest

from modelreg.client import Client
from modelreg.schemas.models import ModelCreate, RiskTier
from modelreg.schemas.versions import VersionCreate

if TYPE_CHECKING:
    from conftest import Server

pytestmark = pytest.mark.e2e

MIB = 1 << 20


@pytest.fixture
def version(server: Server) -> Iterator[tuple[Client, str, str]]:
    """An admin client, a fresh draft version's ref and its artifacts URL prefix."""
    name = f"streams-{uuid.uuid4().hex[:8]}"
    with Client(server.url, server.token) as client:
        client.models.create(ModelCreate(group="streams", name=name, risk_tier=RiskTier.LOW))
        client.versions.create(f"streams/{name}", VersionCreate(version="1.0.0"))
        yield client, f"streams/{name}@1.0.0", f"/api/v1/models/streams/{name}/versions/1.0.0"


def open_store_files(server: Server, folder: str) -> list[str]:
    """Files under the server's `artifacts/<folder>` that the server process holds open."""
    root = str(server.home / "artifacts" / folder)
    fds = Path(f"/proc/{server.process.pid}/fd")
    held = []
    for fd in fds.iterdir():
        try:
            target = os.readlink(fd)
        except FileNotFoundError:
            continue  # closed while we looked
        if target.startswith(root):
            held.append(target)
    return held


def eventually(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + 20
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def temp_files(server: Server) -> list[Path]:
    return list((server.home / "artifacts" / "tmp").iterdir())


def blob_files(server: Server) -> set[Path]:
    return {p for p in (server.home / "artifacts" / "blobs").rglob("*") if p.is_file()}


def test_client_gone_mid_upload_leaves_no_blob_temp_file_or_open_file(
    server: Server, version: tuple[Client, str, str]
) -> None:
    client, ref, prefix = version
    blobs_before = blob_files(server)
    url = urlsplit(server.url)
    request = (
        f"PUT {prefix}/artifacts/gone.bin HTTP/1.1\r\n"
        f"Host: {url.netloc}\r\n"
        f"Authorization: Bearer {server.token}\r\n"
        "Content-Type: application/octet-stream\r\n"
        f"Content-Length: {64 * MIB}\r\n\r\n"
    ).encode()
    with socket.create_connection((url.hostname, url.port)) as sock:
        sock.sendall(request)
        for _ in range(6):  # several chunks into the pipeline, far from the end
            sock.sendall(os.urandom(MIB))
        eventually(lambda: temp_files(server) != [], "the upload never reached the blob store")

    eventually(lambda: temp_files(server) == [], "the interrupted upload left its temp file")
    eventually(
        lambda: open_store_files(server, "tmp") == [], "the server still holds the temp file"
    )
    assert blob_files(server) == blobs_before
    assert not client.artifacts.exists(ref, "gone.bin")
    # The server goes on taking uploads.
    data = os.urandom(3 * MIB + 5)
    client.artifacts.upload(ref, "after.bin", data, sha256=hashlib.sha256(data).hexdigest())
    assert client.artifacts.read(ref, "after.bin") == data


def test_digest_mismatch_of_a_multi_chunk_body_stores_nothing(
    server: Server, version: tuple[Client, str, str]
) -> None:
    client, ref, prefix = version
    blobs_before = blob_files(server)
    data = os.urandom(5 * MIB + 17)
    response = httpx.put(
        f"{server.url}{prefix}/artifacts/wrong.bin",
        content=data,
        headers={
            "Authorization": f"Bearer {server.token}",
            "X-Content-SHA256": hashlib.sha256(data + b"!").hexdigest(),
        },
        timeout=60,
    )
    assert response.status_code == 422
    assert response.json()["type"].endswith("digest-mismatch")
    assert temp_files(server) == []
    assert blob_files(server) == blobs_before
    assert not client.artifacts.exists(ref, "wrong.bin")


def test_multi_chunk_download_whole_in_ranges_and_abandoned(
    server: Server, version: tuple[Client, str, str], tmp_path: Path
) -> None:
    client, ref, prefix = version
    data = os.urandom(9 * MIB + 333)
    digest = hashlib.sha256(data).hexdigest()
    client.artifacts.upload(ref, "big.bin", data, sha256=digest)

    target = tmp_path / "big.bin"
    assert client.artifacts.download(ref, "big.bin", target, expected_sha256=digest) == digest
    assert target.read_bytes() == data
    for start, end in [(MIB - 10, MIB + 10), (5, 4 * MIB), (2 * MIB, len(data) - 1)]:
        assert client.artifacts.read(ref, "big.bin", start=start, end=end) == data[start : end + 1]

    # A client that reads the first bytes of a download and hangs up.
    headers = {"Authorization": f"Bearer {server.token}"}
    with httpx.stream("GET", f"{server.url}{prefix}/artifacts/big.bin", headers=headers) as r:
        first = next(r.iter_raw())
        assert first and data.startswith(first)
    eventually(
        lambda: open_store_files(server, "blobs") == [], "the server still holds the blob open"
    )
