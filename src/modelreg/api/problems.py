"""Every error leaves the API as RFC 9457 problem+json, mapped here and nowhere else."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import BaseRoute, Match

from modelreg.domain.errors import ModelregError

PROBLEM_BASE = "https://modelreg.dev/problems/"
MEDIA_TYPE = "application/problem+json"
log = logging.getLogger("modelreg.api")

_HTTP_CODES = {
    400: ("bad-request", "Malformed request"),
    401: ("unauthenticated", "Authentication required"),
    403: ("forbidden", "Permission denied"),
    404: ("not-found", "Not found"),
    405: ("method-not-allowed", "Method not allowed"),
    406: ("not-acceptable", "Not acceptable"),
    413: ("payload-too-large", "Payload too large"),
    415: ("unsupported-media-type", "Unsupported media type"),
}


def problem(
    request: Request,
    status: int,
    code: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    """Build a problem+json response carrying the request id."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + code,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.url.path,
        "request_id": request.scope.get("modelreg.request_id"),
    }
    body.update({k: v for k, v in extra.items() if v is not None})
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _routes(routes: Iterable[BaseRoute]) -> Iterator[BaseRoute]:
    # FastAPI includes routers lazily; their own routes carry the full paths.
    for route in routes:
        original = getattr(route, "original_router", None)
        if original is not None:
            yield from _routes(original.routes)
        else:
            yield route


def allowed_methods(request: Request) -> list[str]:
    """Every method any route serves at this path (RFC 9110 `Allow`), not only the first's."""
    methods: set[str] = set()
    for route in _routes(request.app.router.routes):
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods |= getattr(route, "methods", None) or set()
    return sorted(methods)


def _field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "loc": list(err.get("loc", ())),
            "msg": err.get("msg", "invalid"),
            "type": err.get("type", "value_error"),
        }
        for err in exc.errors()
    ]


def install_problem_handlers(app: FastAPI) -> None:
    """Register the handlers that turn exceptions into problem documents."""

    @app.exception_handler(ModelregError)
    async def _domain(request: Request, exc: ModelregError) -> JSONResponse:
        if exc.status >= 500:
            log.error("server-side failure %s: %s", exc.code, exc.detail)
        return problem(
            request,
            exc.status,
            exc.code,
            exc.title,
            exc.detail,
            errors=[e.as_dict() for e in exc.errors] or None,
            **exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _field_errors(exc)
        first = errors[0] if errors else {"loc": [], "msg": "invalid request"}
        where = ".".join(str(p) for p in first["loc"])
        body_broken = any(e["type"] == "json_invalid" for e in errors)
        if body_broken:
            return problem(
                request,
                400,
                "bad-request",
                "Malformed request",
                "the request body is not valid JSON",
                errors=errors,
            )
        return problem(
            request,
            422,
            "invalid-input",
            "Invalid input",
            f"{where}: {first['msg']}" if where else str(first["msg"]),
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, title = _HTTP_CODES.get(exc.status_code, ("http-error", "HTTP error"))
        detail = exc.detail if isinstance(exc.detail, str) else title
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"no route matches {request.method} {request.url.path}; see /docs"
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            allow = allowed_methods(request)
            headers["Allow"] = ", ".join(allow)
            detail = (
                f"{request.method} is not allowed on {request.url.path}; use {', '.join(allow)}"
            )
        return problem(request, exc.status_code, code, title, detail, headers=headers)

    @app.exception_handler(DataError)
    async def _data(request: Request, exc: DataError) -> JSONResponse:
        # The database refused a value that reached it from the request (e.g. a NUL character
        # in a path or query parameter on PostgreSQL); the transaction was rolled back.
        log.info("database rejected a request value: %s", type(exc.orig).__name__)
        return problem(
            request,
            422,
            "invalid-input",
            "Invalid input",
            "a value in the request cannot be stored or searched (for example it contains a NUL "
            "character); remove control characters and retry",
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return problem(
            request,
            500,
            "internal-error",
            "Internal error",
            "the server failed unexpectedly; quote the request id when reporting it",
        )
