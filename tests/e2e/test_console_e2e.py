"""A real `modelreg serve` announces and serves the web console from the installed package."""

from __future__ import annotations

import http.client
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import httpx
import pytest

from modelreg import webui
from modelreg.api.console import NOT_BUILT, SECURITY_HEADERS

if TYPE_CHECKING:
    from conftest import Server

pytestmark = pytest.mark.e2e


def test_the_banner_names_the_console_and_the_server_serves_it(server: Server) -> None:
    root = webui.static_dir()
    built = webui.is_built(root)
    banner = server.log.read_text()
    expected = f"console: {server.url}/" + ("" if built else "  (not built: run `make web`)")
    assert expected + "\n" in banner
    identity = {"Accept-Encoding": "identity"}
    resp = httpx.get(f"{server.url}/models/x/y/versions/1.0.0", headers=identity)
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "text/html; charset=utf-8"
    assert resp.content == ((root / "index.html").read_bytes() if built else NOT_BUILT.encode())
    for name, value in SECURITY_HEADERS.items():
        assert resp.headers[name] == value
    assert "content-security-policy" not in httpx.get(f"{server.url}/docs").headers


def test_dot_segments_sent_as_they_are_never_leave_the_build(server: Server) -> None:
    address = urlsplit(server.url)
    assert address.hostname and address.port
    for path in ("/../../../../etc/passwd", "/assets/../../../etc/passwd", "//etc/passwd"):
        # http.client sends the path untouched (httpx would remove the dot segments first).
        conn = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        try:
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
        finally:
            conn.close()
        assert resp.status == 404, path
        assert resp.getheader("content-type") == "application/problem+json"
        assert b"root:" not in body
