"""Artifacts: streamed uploads and verified, atomic downloads."""

from __future__ import annotations

import builtins
import hashlib
import io
import os
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from modelreg.client.errors import ApiError
from modelreg.client.http import Http, artifact_url, version_url
from modelreg.domain.errors import IntegrityFailure
from modelreg.domain.names import VersionRef
from modelreg.schemas.versions import ArtifactRead

CHUNK = 1 << 20
Progress = Callable[[int], None]
"""Called with the number of bytes just sent or received."""


@dataclass(frozen=True)
class ArtifactHead:
    """What a HEAD request tells about an artifact without transferring it."""

    size: int
    sha256: str
    media_type: str


Source = bytes | bytearray | memoryview | str | os.PathLike[str] | BinaryIO
"""What `upload` accepts: the bytes themselves, a file path, or a binary file object."""

_ACCEPTED = (
    "bytes, bytearray or memoryview, a file path (str or os.PathLike), "
    "or a binary file object opened for reading"
)


def _remaining_size(source: BinaryIO) -> int | None:
    """Bytes left in a seekable file object (sent as Content-Length), else None."""
    # Duck-typed readers (only `read`) need not have seekable() at all.
    seekable = getattr(source, "seekable", None)
    if not callable(seekable) or not seekable():
        return None
    here = source.tell()
    end = source.seek(0, os.SEEK_END)
    source.seek(here)
    return end - here


def _announced_digest(header: str | None, what: str) -> str:
    if header is None:
        raise IntegrityFailure(f"the server sent {what} without X-Content-SHA256; cannot verify it")
    return header.lower()


class ArtifactsApi:
    """`/api/v1/.../artifacts`: the files of a version."""

    def __init__(self, http: Http) -> None:
        self._http = http

    def list(self, ref: str | VersionRef) -> builtins.list[ArtifactRead]:
        """Path, size and SHA-256 of every file of a version, in manifest order."""
        response = self._http.request("GET", f"{version_url(ref)}/artifacts")
        return [ArtifactRead.model_validate(item) for item in response.json()]

    def upload(
        self,
        ref: str | VersionRef,
        path: str,
        source: Source,
        *,
        sha256: str | None = None,
        media_type: str = "application/octet-stream",
        chunk_size: int = CHUNK,
        progress: Progress | None = None,
    ) -> ArtifactRead:
        """Upload bytes, a file by path, or an open binary file (from its position) to `path`.

        `sha256` is sent as X-Content-SHA256 so that the server refuses corrupted bytes; either
        way the digest the server stored is checked against the bytes that were sent. Any other
        kind of `source` (text files, str-returning readers, ints...) raises TypeError.
        """
        if isinstance(source, bytes | bytearray | memoryview):
            handle: BinaryIO = io.BytesIO(source)
            return self._upload(ref, path, handle, sha256, media_type, chunk_size, progress)
        if isinstance(source, str | os.PathLike):
            with Path(source).open("rb") as handle:
                return self._upload(ref, path, handle, sha256, media_type, chunk_size, progress)
        if isinstance(source, io.TextIOBase) or not callable(getattr(source, "read", None)):
            raise TypeError(f"cannot upload a {type(source).__name__}: give {_ACCEPTED}")
        return self._upload(ref, path, source, sha256, media_type, chunk_size, progress)

    def _upload(
        self,
        ref: str | VersionRef,
        path: str,
        source: BinaryIO,
        sha256: str | None,
        media_type: str,
        chunk_size: int,
        progress: Progress | None,
    ) -> ArtifactRead:
        sent = hashlib.sha256()
        size = _remaining_size(source)  # before the first read moves the position

        def read() -> bytes:
            chunk = source.read(chunk_size)
            if not isinstance(chunk, bytes | bytearray | memoryview):
                # A text-mode reader that is not an io.TextIOBase shows itself only when read.
                raise TypeError(
                    f"the file object returned {type(chunk).__name__}, not bytes: give {_ACCEPTED}"
                )
            return bytes(chunk)

        first = read()  # before the request, so a wrong kind of reader sends nothing

        def body() -> Iterator[bytes]:
            chunk = first
            while chunk:
                sent.update(chunk)
                yield chunk
                if progress is not None:
                    progress(len(chunk))
                chunk = read()

        headers = {"Content-Type": media_type}
        if size is not None:
            # A known length lets the server refuse an oversized file before reading it.
            headers["Content-Length"] = str(size)
        if sha256 is not None:
            headers["X-Content-SHA256"] = sha256
        response = self._http.request(
            "PUT", artifact_url(ref, path), headers=headers, content=body()
        )
        artifact = ArtifactRead.model_validate(response.json())
        if artifact.sha256 != sent.hexdigest():
            raise IntegrityFailure(
                f"the server stored {path!r} with SHA-256 {artifact.sha256} but the bytes sent "
                f"hash to {sent.hexdigest()}; upload it again"
            )
        return artifact

    def download(
        self,
        ref: str | VersionRef,
        path: str,
        dest: str | os.PathLike[str],
        *,
        expected_sha256: str | None = None,
        chunk_size: int = CHUNK,
        progress: Progress | None = None,
    ) -> str:
        """Stream an artifact to `dest` and return its verified SHA-256.

        The bytes go to a temporary file beside `dest` that replaces `dest` only once its
        digest matches the server's X-Content-SHA256 (and `expected_sha256` when given);
        otherwise it is deleted and IntegrityFailure is raised.
        """
        target = Path(dest)
        with self._http.stream("GET", artifact_url(ref, path)) as response:
            announced = _announced_digest(response.headers.get("x-content-sha256"), repr(path))
            if expected_sha256 is not None and expected_sha256.lower() != announced:
                raise IntegrityFailure(
                    f"{path!r}: the server announces SHA-256 {announced}, "
                    f"expected {expected_sha256.lower()}"
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
            try:
                received = hashlib.sha256()
                with temp.open("xb") as out:
                    for chunk in response.iter_bytes(chunk_size):
                        received.update(chunk)
                        out.write(chunk)
                        if progress is not None:
                            progress(len(chunk))
                    out.flush()
                    os.fsync(out.fileno())
                if received.hexdigest() != announced:
                    raise IntegrityFailure(
                        f"{path!r}: received bytes hash to {received.hexdigest()}, the server "
                        f"announced {announced}; nothing was written to {target}"
                    )
                temp.replace(target)
            except BaseException:
                temp.unlink(missing_ok=True)
                raise
        return announced

    def read(
        self, ref: str | VersionRef, path: str, *, start: int = 0, end: int | None = None
    ) -> bytes:
        """The bytes of an artifact, or of the inclusive range `start`..`end` of it.

        A whole artifact is verified against X-Content-SHA256; a range cannot be.
        """
        ranged = start > 0 or end is not None
        headers = {"Range": f"bytes={start}-{'' if end is None else end}"} if ranged else None
        response = self._http.request("GET", artifact_url(ref, path), headers=headers)
        if not ranged or response.status_code == 200:
            announced = _announced_digest(response.headers.get("x-content-sha256"), repr(path))
            if hashlib.sha256(response.content).hexdigest() != announced:
                raise IntegrityFailure(f"{path!r}: the bytes received do not match {announced}")
            if ranged:
                # The server may ignore a Range it cannot serve and send everything (RFC 9110).
                return response.content[start : None if end is None else end + 1]
        return response.content

    def head(self, ref: str | VersionRef, path: str) -> ArtifactHead:
        """Size, SHA-256 and media type of an artifact, without its bytes."""
        response = self._http.request("HEAD", artifact_url(ref, path))
        return ArtifactHead(
            size=int(response.headers["content-length"]),
            sha256=_announced_digest(response.headers.get("x-content-sha256"), repr(path)),
            media_type=response.headers.get("content-type", "application/octet-stream"),
        )

    def exists(self, ref: str | VersionRef, path: str) -> bool:
        """Whether the version has an artifact at `path` (False too if the version is missing)."""
        try:
            self.head(ref, path)
        except ApiError as exc:
            if exc.status == 404:
                return False
            raise
        return True
