"""The web console: the built single-page app at `/` and at every deep link outside the API.

The console routes are public and stay out of the OpenAPI document: the shell holds no data,
and every datum the console shows comes from the API with the user's bearer token.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request, Response
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from modelreg.api.conditional import etag_matches
from modelreg.domain.errors import NotFound
from modelreg.webui import files, is_built

PATH = "/{path:path}"
# First path segments that belong to the API, its probes and its documentation: under them an
# unknown path stays a problem+json 404 (and a wrong method a 405) instead of the shell.
# tests/integration/test_console.py fails when a route outside them is added.
RESERVED = frozenset({"api", "healthz", "readyz", "docs", "redoc", "openapi.json"})

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)
# Features the console never uses are switched off for it and anything it might embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
}
_ENCODED_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

# Shown until `make web` has built the console; no script or style, so the CSP holds as is.
NOT_BUILT = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>modelreg: the web console is not built</title>
</head>
<body>
<main>
<h1>The web console is not built</h1>
<p>This modelreg server answers its API, but its installation holds no built web console.</p>
<p>In a source checkout, run <code>make web</code> (it needs Node.js 20) and reload this page;
<code>make run</code> builds it too.</p>
<ul>
<li><a href="/docs">API reference (Swagger UI)</a></li>
<li><a href="/openapi.json">OpenAPI document</a></li>
</ul>
</main>
</body>
</html>
"""


class ConsoleRoute(APIRoute):
    """`/{path:path}` for GET and HEAD, except under RESERVED (those keep the API's answers)."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """Match like the route would, but never a path of the API or its documentation."""
        match, child_scope = super().matches(scope)
        if match is not Match.NONE and is_reserved(child_scope["path_params"]["path"]):
            return Match.NONE, {}
        return match, child_scope


def is_reserved(path: str) -> bool:
    """Whether a path (without its leading '/') belongs to the API rather than the console."""
    return path.split("/", 1)[0] in RESERVED


class ConsoleHeaders:
    """Pure ASGI middleware: the security headers on every console response, errors included.

    The console's 404 and 405 problems are written by the exception handlers, not the route,
    so the headers are added here, for exactly the requests the console route matches.
    """

    def __init__(self, app: ASGIApp, route: ConsoleRoute) -> None:
        self.app = app
        self.route = route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Add the headers when the console route answers this request."""
        if scope["type"] != "http" or self.route.matches(scope)[0] is Match.NONE:
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *_ENCODED_HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def respond(request: Request, root: Path, path: str) -> Response:
    """The console file for `path` (its best precompressed form), a 304, or the not-built page."""
    try:
        files.segments(path)
    except files.Refused:
        raise NotFound(f"the web console has no file {request.url.path}") from None
    if not is_built(root):
        if path.split("/", 1)[0] == files.ASSETS:
            raise NotFound("the web console is not built (run `make web`)")
        return HTMLResponse(NOT_BUILT, headers={"Cache-Control": "no-store"})
    try:
        chosen = files.select(root, path, request.headers.get("accept-encoding"))
    except files.Refused:
        raise NotFound(f"the web console has no file {request.url.path}") from None
    headers = {"ETag": chosen.etag, "Cache-Control": chosen.cache_control}
    if chosen.varies:
        headers["Vary"] = "Accept-Encoding"
    if etag_matches(request.headers.get("if-none-match"), chosen.etag):
        return Response(status_code=304, headers=headers)
    if chosen.encoding:
        headers["Content-Encoding"] = chosen.encoding
    return FileResponse(
        chosen.path, headers=headers, media_type=chosen.content_type, stat_result=chosen.stat
    )


def install_console(app: FastAPI, root: Path) -> None:
    """Serve the console build in `root`; call after every API router (the route matches last)."""
    real_root = root.resolve()

    def console(request: Request, path: str) -> Response:
        return respond(request, real_root, path)

    app.router.add_api_route(
        PATH,
        console,
        methods=["GET", "HEAD"],
        include_in_schema=False,
        route_class_override=ConsoleRoute,
        name="console",
        summary="Web console: a built file, or the app shell (index.html) at any path outside "
        "the API, the probes and the docs",
    )
    route = app.router.routes[-1]
    assert isinstance(route, ConsoleRoute)
    app.add_middleware(ConsoleHeaders, route=route)
