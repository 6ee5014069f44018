"""Conditional GETs: documents carry an ETag, and `If-None-Match` with it answers 304.

The tag is a hash of the exact bytes sent, so it changes with any field (a new owner, tag,
pending tier change or stage) and needs no version counter in the database. A 304 still costs
the read, but not the transfer or the client's parsing; a polling UI or CI loop saves both.
"""

from __future__ import annotations

import hashlib

from fastapi import Request, Response
from pydantic import BaseModel

# Caches may keep a copy but must revalidate it each time (a registry's state moves), and only
# for this caller: responses depend on the bearer token.
CACHE_CONTROL = "private, no-cache"

NOT_MODIFIED: dict[int | str, dict[str, str]] = {
    304: {"description": "Not modified: `If-None-Match` named the current ETag"}
}


def document_response(request: Request, document: BaseModel) -> Response:
    """The document as JSON with its ETag, or 304 when the caller already holds this one."""
    body = document.__pydantic_serializer__.to_json(document)
    etag = f'"{hashlib.blake2b(body, digest_size=16).hexdigest()}"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if etag_matches(request.headers.get("if-none-match"), etag):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


def etag_matches(header: str | None, etag: str) -> bool:
    """Whether an `If-None-Match` header names `etag` (so the answer is 304)."""
    # RFC 9110 13.1.2: a list of tags compared weakly, or "*" for any current representation.
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag in tags
