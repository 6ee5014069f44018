"""Honour `Idempotency-Key` on creating POSTs: replay the first response for a retried request."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Annotated

from fastapi import Header, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from modelreg.domain.access import Principal

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Retry-safe key: a repeated request with the same key and body returns the "
        "first response instead of creating twice.",
    ),
]


def run_idempotent(
    request: Request,
    principal: Principal,
    key: str | None,
    body: BaseModel,
    create: Callable[[], BaseModel],
    status_code: int = 201,
) -> Response:
    """Run `create` once per key; replay its stored response on a retry."""
    if key is None:
        return JSONResponse(create().model_dump(mode="json"), status_code=status_code)
    service = request.app.state.idempotency
    request_hash = hashlib.sha256(
        f"{request.method} {request.url.path}\n".encode() + body.model_dump_json().encode()
    ).hexdigest()
    stored = service.claim(principal.user_id, key, request_hash)
    if stored is not None:
        return Response(
            stored.body,
            status_code=stored.status_code,
            media_type="application/json",
            headers={"Idempotent-Replayed": "true"},
        )
    try:
        result = create()
    except BaseException:
        service.release(principal.user_id, key)
        raise
    payload = result.model_dump_json()
    service.complete(principal.user_id, key, status_code, payload)
    return Response(payload, status_code=status_code, media_type="application/json")
