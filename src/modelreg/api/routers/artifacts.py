"""Artifacts: streaming, encrypted upload and verified, range-capable download."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import AsyncIterator
from typing import Annotated, Any, Protocol
from urllib.parse import unquote_to_bytes

from fastapi import APIRouter, Header, Request, Response
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect
from starlette.types import Receive, Scope, Send

from modelreg.api.auth import ReadArtifacts, WriteArtifacts
from modelreg.api.routers.common import (
    ArtifactPath,
    GroupPath,
    NamePath,
    VersionPath,
    problems,
    registry,
)
from modelreg.domain.artifact_paths import decode_artifact_path, validate_artifact_path
from modelreg.domain.errors import (
    BadRequest,
    PayloadTooLarge,
    RangeNotSatisfiable,
    UnsupportedMediaType,
    invalid,
)
from modelreg.schemas.versions import ArtifactRead

router = APIRouter(prefix="/api/v1/models/{group}/{name}/versions/{version}", tags=["artifacts"])

# At most 19 digits (any larger offset is beyond every file); longer ones are ignored as invalid.
_RANGE = re.compile(r"^bytes=(\d{0,19})-(\d{0,19})$")
_HEX = re.compile(r"^[0-9a-fA-F]{64}$")
_CONTENT_DIGEST = re.compile(r"sha-256=:([A-Za-z0-9+/=]+):")
# An artifact is served in the media type it was uploaded with.
_BYTES = {
    media: {"schema": {"type": "string", "format": "binary"}}
    for media in ("application/octet-stream", "*/*")
}


def _artifact_path(request: Request, decoded: str, *, new: bool = True) -> str:
    """The artifact path as sent: percent-decoded from the raw URL and refused unless UTF-8.

    The framework's `path` parameter has already replaced undecodable bytes with U+FFFD, which
    would let different uploads name one artifact, so the raw path is decoded again, strictly.
    """
    raw: bytes | None = request.scope.get("raw_path")
    if raw is not None:
        # The segments before the artifact path (group, name, version) are validated and hold
        # no '/', so the artifact path is the raw path's tail with as many segments to skip.
        skip = len(request.scope["path"].split("/")) - len(decoded.split("/"))
        tail = unquote_to_bytes(b"/".join(raw.split(b"/")[skip:]))
        if tail.decode("utf-8", "replace") == decoded:  # the same path, read losslessly
            return decode_artifact_path(tail, new=new)
    return validate_artifact_path(decoded, new=new)


def _declared_sha256(x_content_sha256: str | None, content_digest: str | None) -> str | None:
    """The digest the client declared, from X-Content-SHA256 (hex) or Content-Digest (RFC 9530)."""
    if x_content_sha256 is not None:
        if not _HEX.match(x_content_sha256):
            raise invalid("X-Content-SHA256", "must be 64 hex characters (the SHA-256 of the body)")
        return x_content_sha256.lower()
    if content_digest is not None:
        match = _CONTENT_DIGEST.search(content_digest)
        if not match:
            raise invalid("Content-Digest", "only sha-256=:<base64>: is accepted")
        try:
            raw = base64.b64decode(match.group(1), validate=True)
        except binascii.Error:
            raise invalid("Content-Digest", "the sha-256 value is not valid base64") from None
        if len(raw) != 32:
            raise invalid("Content-Digest", "a SHA-256 digest is 32 bytes")
        return raw.hex()
    return None


@router.put(
    "/artifacts/{path:path}",
    response_model=ArtifactRead,
    status_code=201,
    responses=problems(404, 409, 413, 415, 422),
    summary="Upload an artifact",
    openapi_extra={
        "requestBody": {
            "description": "The raw file (any media type except multipart/*), at most "
            "MODELREG_MAX_ARTIFACT_BYTES (413 beyond).",
            "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
            },
            "required": True,
        }
    },
)
async def upload_artifact(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    path: ArtifactPath,
    principal: WriteArtifacts,
    # OpenAPI describes Content-Type and Content-Length through the request body, not as headers.
    content_type: Annotated[str | None, Header(include_in_schema=False)] = None,
    content_length: Annotated[int | None, Header(include_in_schema=False)] = None,
    x_content_sha256: Annotated[
        str | None,
        Header(
            description="Expected SHA-256 of the body (64 hex characters).",
            json_schema_extra={"pattern": _HEX.pattern},
        ),
    ] = None,
    content_digest: Annotated[
        str | None,
        Header(
            description="RFC 9530, sha-256 only: `sha-256=:<base64 of 32 bytes>:`.",
            json_schema_extra={"pattern": "^sha-256=:[A-Za-z0-9+/]{43}=:$"},
        ),
    ] = None,
) -> ArtifactRead:
    """Stream the body into the encrypted blob store; nothing is visible unless it all arrives."""
    path = _artifact_path(request, path)
    service = registry(request).artifacts
    media_type = (content_type or "application/octet-stream").split(";")[0].strip().lower()
    if media_type.startswith("multipart/"):
        raise UnsupportedMediaType(
            "send the file as the raw request body (e.g. application/octet-stream), "
            f"not {media_type}"
        )
    if media_type == "application/x-www-form-urlencoded":
        media_type = "application/octet-stream"  # curl's default for --data-binary
    expected = _declared_sha256(x_content_sha256, content_digest)
    if content_length is not None and content_length > service.max_bytes:
        raise PayloadTooLarge(
            f"the artifact is {content_length} bytes; the maximum is {service.max_bytes} "
            "(MODELREG_MAX_ARTIFACT_BYTES)"
        )
    await run_in_threadpool(service.check_upload, principal, group, name, version, path)
    writer = service.new_writer()
    try:
        # The writer hashes, encrypts and writes on its own threads; here each piece is only
        # copied into its buffers, on the event loop while it has room (no thread hop), and in
        # a thread when it must wait for the disk (the upload's backpressure).
        async for piece in request.stream():
            if not writer.write_nowait(piece):
                await run_in_threadpool(writer.write, piece)
        blob = await run_in_threadpool(writer.commit, expected)
    except ClientDisconnect:
        writer.abort()
        raise BadRequest("the upload was interrupted before the body was complete") from None
    except BaseException:
        writer.abort()
        raise
    return await run_in_threadpool(
        service.attach, principal, group, name, version, path, blob, media_type
    )


@router.get(
    "/artifacts",
    response_model=list[ArtifactRead],
    responses=problems(404, 422),
    summary="List artifacts",
)
def list_artifacts(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    principal: ReadArtifacts,
) -> list[ArtifactRead]:
    """Path, size and SHA-256 of every file, in manifest order."""
    return registry(request).artifacts.list_artifacts(group, name, version)


def _parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """Parse a single `bytes=` range; None means the whole artifact."""
    if header is None:
        return None
    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None  # Unknown units or multiple ranges: RFC 9110 allows serving the whole file.
    first, last = match.groups()
    if size == 0:
        # RFC 9110: no range of an empty representation is satisfiable.
        raise RangeNotSatisfiable(
            "the artifact is empty; request it without a Range header", extra={"size": 0}
        )
    if first == "":
        length = int(last)
        if length == 0:
            raise RangeNotSatisfiable(f"the artifact is {size} bytes; a suffix range must be > 0")
        return max(size - length, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or start > end:
        raise RangeNotSatisfiable(
            f"the artifact is {size} bytes; ask for bytes 0-{size - 1}", extra={"size": size}
        )
    return start, end


@router.api_route(
    "/artifacts/{path:path}",
    methods=["GET"],
    responses={
        **problems(403, 404, 416, 422),
        200: {"content": _BYTES, "description": "The artifact bytes, in its uploaded media type"},
        206: {
            "content": _BYTES,
            "description": "The requested range (`Content-Range: bytes first-last/size`)",
        },
    },
    summary="Download an artifact",
    response_class=Response,
)
def download_artifact(
    request: Request,
    group: GroupPath,
    name: NamePath,
    version: VersionPath,
    path: ArtifactPath,
    principal: ReadArtifacts,
    range_: Annotated[
        str | None,
        Header(
            alias="Range",
            description="One `bytes=first-last` range (206); unsatisfiable ones are 416, "
            "others are ignored (200).",
            examples=["bytes=0-1023"],
        ),
    ] = None,
) -> Response:
    """Decrypted, verified bytes; supports single `Range` requests. With download enforcement on,
    a version with blocking security findings is refused (403) except to owners and security."""
    # Reading also serves artifacts stored before the portability rules.
    path = _artifact_path(request, path, new=False)
    registry(request).security_gate.check_download(principal, group, name, version)
    service = registry(request).artifacts
    location = service.locate(group, name, version, path)
    size = location.size
    span = _parse_range(range_, size)
    start, end = span if span else (0, max(size - 1, 0))
    headers = {
        "Accept-Ranges": "bytes",
        "ETag": f'"{location.sha256}"',
        "X-Content-SHA256": location.sha256,
        "Content-Length": str(end - start + 1 if size else 0),
    }
    status = 206 if span else 200
    if span:
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    media_type = location.artifact.media_type
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=media_type)
    pieces = service.read_bytes(location, start, end if size else None)
    # Pull the first verified piece before answering, so a corrupt blob becomes a problem
    # response rather than a truncated 200.
    first = next(pieces, b"")
    return _BlobResponse(first, pieces, status_code=status, headers=headers, media_type=media_type)


router.add_api_route(
    "/artifacts/{path:path}",
    download_artifact,
    methods=["HEAD"],
    include_in_schema=False,
    response_class=Response,
)


class _Stream(Protocol):
    """What a download streams: verified pieces, and a way to let go of the blob early."""

    def __next__(self) -> bytes:
        """Return the next verified piece."""
        ...

    def next_ready(self) -> bytes | None:
        """Return the next piece if it is ready without blocking, else None."""
        ...

    def close(self) -> None:
        """Release the blob's file (and read-ahead thread)."""
        ...


class _BlobResponse(StreamingResponse):
    """Streams a blob and closes it however the response ends, a client hanging up included.

    Left to the garbage collector, the stream of an abandoned download (its open blob file, its
    read-ahead thread and buffers) could live on until the next collection, if ever.
    """

    def __init__(self, first: bytes, pieces: _Stream, **kwargs: Any) -> None:
        super().__init__(_chain(first, pieces), **kwargs)
        self._pieces = pieces

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Send the response, then close the stream (at most one chunk's read to wait for)."""
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._pieces.close()


async def _chain(first: bytes, rest: _Stream) -> AsyncIterator[bytes]:
    """The pieces, taken on the event loop when already decrypted, else in a thread."""
    if first:
        yield first
    while True:
        try:
            piece = rest.next_ready()
        except StopIteration:
            return
        if piece is None:
            piece = await run_in_threadpool(next, rest, None)
            if piece is None:
                return
        yield piece
