"""The SDK's artifact upload against a real server: every accepted kind of source, and the rest."""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from modelreg.client import Client
from modelreg.schemas.models import ModelCreate, RiskTier
from modelreg.schemas.versions import VersionCreate

if TYPE_CHECKING:
    from conftest import Server

pytestmark = pytest.mark.e2e

DATA = b"weights \x00\xff" * 5000


class OnlyRead:
    """A reader with nothing but read(): no seekable(), readable() or fileno()."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def read(self, size: int = -1) -> bytes:
        return self._data.read(size)


class TextReader:
    """A duck-typed reader that returns str, as a text file would."""

    def read(self, size: int = -1) -> str:
        return "text"


@pytest.fixture
def version(server: Server) -> Iterator[tuple[Client, str]]:
    """An admin client and a fresh draft version to upload to."""
    name = f"sources-{uuid.uuid4().hex[:8]}"
    with Client(server.url, server.token) as client:
        client.models.create(ModelCreate(group="sdk", name=name, risk_tier=RiskTier.LOW))
        client.versions.create(f"sdk/{name}", VersionCreate(version="1.0.0"))
        yield client, f"sdk/{name}@1.0.0"


def test_upload_accepts_bytes_paths_and_binary_files(
    version: tuple[Client, str], tmp_path: Path
) -> None:
    client, ref = version
    file = tmp_path / "w.bin"
    file.write_bytes(DATA)
    unseekable = io.BufferedReader(io.BytesIO(DATA))
    unseekable.seekable = lambda: False  # type: ignore[method-assign]
    sources: dict[str, Any] = {
        "bytes.bin": DATA,
        "bytearray.bin": bytearray(DATA),
        "memoryview.bin": memoryview(DATA),
        "str-path.bin": str(file),
        "pathlike.bin": file,
        "seekable.bin": io.BytesIO(DATA),
        "unseekable.bin": unseekable,
        "only-read.bin": OnlyRead(DATA),
    }
    digest = hashlib.sha256(DATA).hexdigest()
    for path, source in sources.items():
        uploaded = client.artifacts.upload(ref, path, source)
        assert (uploaded.path, uploaded.size, uploaded.sha256) == (path, len(DATA), digest)
        assert client.artifacts.read(ref, path) == DATA
    partial = io.BytesIO(DATA)
    partial.seek(8)
    assert client.artifacts.upload(ref, "rest.bin", partial).size == len(DATA) - 8


@pytest.mark.parametrize(
    "source",
    [42, None, io.StringIO("text"), TextReader(), ["b"]],
    # Stable ids: pytest-xdist workers must collect the same names (no object addresses).
    ids=["int", "none", "text-io", "text-reader", "list"],
)
def test_upload_refuses_other_sources_with_type_error(
    version: tuple[Client, str], source: Any
) -> None:
    client, ref = version
    with pytest.raises(TypeError, match="bytes, bytearray or memoryview, a file path"):
        client.artifacts.upload(ref, "x.bin", source)
    assert client.artifacts.list(ref) == []
