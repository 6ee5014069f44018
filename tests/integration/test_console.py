"""The web console's routes: the shell at `/` and deep links, hashed assets, caching, precompressed
files, traversal refusals, security headers, and the page shown before `make web`.

The build is a small stand-in written into tmp_path (the real one needs Node and Vite); its
`.br` and `.gz` siblings come from the real web/scripts/compress.mjs. The console reads no rows,
so the app's database is never opened.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import anyio
import pytest
from api_support import assert_problem
from fastapi import FastAPI
from fastapi.testclient import TestClient

from modelreg.api.app import create_app
from modelreg.api.console import NOT_BUILT, RESERVED, SECURITY_HEADERS, ConsoleRoute
from modelreg.config import Settings
from modelreg.docs_gen import all_routes
from modelreg.webui import files
from modelreg.wiring import Registry, build_registry

REPO = Path(__file__).parents[2]
COMPRESS = REPO / "web" / "scripts" / "compress.mjs"
INDEX = (
    b"<!doctype html><html lang=en><head><title>modelreg</title>"
    b'<script src="/theme-init.js"></script>'
    b'<script type="module" src="/assets/index-4f2a9c1b.js"></script>'
    b'<link rel="stylesheet" href="/assets/index-7d3e0a55.css"></head>'
    b'<body><div id="root"></div></body></html>\n' + b"<!-- padding -->\n" * 40
)
BUILD = {
    "index.html": INDEX,
    "assets/index-4f2a9c1b.js": b"export const answer = () => 42;\n" * 200,
    "assets/index-7d3e0a55.css": b"a{}",  # too small to gain from compression
    "assets/logo-0c1d2e3f.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>\n' * 20,
    "assets/inter-5a6b7c8d.woff2": b"wOF2" + bytes(range(256)) * 4,
    "assets/badge-9e8f7a6b.png": b"\x89PNG\r\n\x1a\n" + bytes(64),
    "favicon.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="8"/></svg>\n' * 10,
    "theme-init.js": b"document.documentElement.dataset.theme = 'light';\n" * 10,
}
SECRET = b"top secret, outside the build\n"
IDENTITY = {"Accept-Encoding": "identity"}


@pytest.fixture
def plain_registry(tmp_path: Path) -> Iterator[Registry]:
    """A registry whose database is never opened: the console reads no rows (as docs_gen)."""
    settings = Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path}/unused.db")
    registry = build_registry(settings)
    yield registry
    registry.close()


@pytest.fixture(scope="session")
def compressed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stand-in build with the siblings the real compress.mjs writes (run once)."""
    root = tmp_path_factory.mktemp("build") / "static"
    for name, content in BUILD.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    node = shutil.which("node")
    assert node, "Node.js 20 is needed (it builds the web console): install it"
    subprocess.run([node, str(COMPRESS), str(root)], check=True, capture_output=True)
    return root


@pytest.fixture
def build(tmp_path: Path, compressed_build: Path) -> Path:
    """A copy of the build, with symlinks leading out to a secret file it must never serve."""
    root = tmp_path / "static"
    shutil.copytree(compressed_build, root)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(SECRET)
    (tmp_path / "secret.txt").write_bytes(SECRET)
    (root / "leak.txt").symlink_to(outside / "secret.txt")
    (root / "assets" / "outside").symlink_to(outside, target_is_directory=True)
    (root / "loop").symlink_to(root / "loop")
    return root


@pytest.fixture
def app(plain_registry: Registry, build: Path) -> FastAPI:
    """The whole app, serving the stand-in build."""
    return create_app(plain_registry, console_dir=build)


@pytest.fixture
def http(app: FastAPI) -> Iterator[TestClient]:
    """An in-process client of the app."""
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def raw_bytes(
    http: TestClient, path: str, headers: dict[str, str]
) -> tuple[int, bytes, dict[str, str]]:
    """Status, body as sent (not decoded) and headers (lower-case names) of a GET."""
    with http.stream("GET", path, headers=headers) as resp:
        return resp.status_code, b"".join(resp.iter_raw()), dict(resp.headers)


def raw_request(app: FastAPI, path: str) -> tuple[int, bytes]:
    """Send `path` as a server would pass it on (httpx would remove its dot segments)."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(path),
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"host", b"testserver"), (b"accept-encoding", b"identity")],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    anyio.run(app, scope, receive, send)
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return sent[0]["status"], body


def assert_security_headers(headers: Mapping[str, str]) -> None:
    """Every console response carries the CSP and the other security headers."""
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name.lower()) == value, name


DEEP_LINKS = [
    "/",
    "/index.html",
    "/models",
    "/models/",
    "/models/fraud/scorer/versions/1.0.0/lineage",
    "/audit?action=model.created",
    "/apis",  # only the segment `api` is the API's
    "/%2e%2e.txt",  # a name, not a dot segment
]


@pytest.mark.parametrize("path", DEEP_LINKS)
def test_the_shell_answers_at_the_root_and_at_deep_links(http: TestClient, path: str) -> None:
    resp = http.get(path, headers=IDENTITY)
    assert resp.status_code == 200
    assert resp.content == INDEX
    assert resp.headers["content-type"] == "text/html; charset=utf-8"
    assert resp.headers["cache-control"] == "no-cache"
    assert resp.headers["etag"]
    assert "content-encoding" not in resp.headers
    assert_security_headers(resp.headers)


def test_the_api_its_probes_and_docs_keep_their_own_answers(http: TestClient) -> None:
    for path in ("/api/v1/nope", "/api", "/api/", "/healthz/x", "/docs/x", "/openapi.json/x"):
        problem = assert_problem(http.get(path), 404, "not-found")
        assert "no route matches" in problem["detail"], path
    assert_problem(http.post("/api/v1/nope", json={}), 404, "not-found")
    refused = assert_problem(http.delete("/api/v1/models"), 405, "method-not-allowed")
    assert refused["detail"].endswith("use GET, POST")  # the console adds no methods there
    spec = http.get("/openapi.json")
    assert spec.headers["content-type"] == "application/json"
    assert all(p.startswith("/api/") or p in ("/healthz", "/readyz") for p in spec.json()["paths"])
    assert http.get("/healthz").json()["status"] == "ok"
    for page, marker in (("/docs", "swagger-ui"), ("/redoc", "redoc")):
        resp = http.get(page)
        assert resp.status_code == 200 and marker in resp.text
        # Swagger UI and ReDoc load from a CDN, which the console's CSP would block.
        assert "content-security-policy" not in resp.headers
    assert http.get("/docs/", follow_redirects=False).status_code == 307


def test_every_other_route_is_under_a_reserved_segment(app: FastAPI) -> None:
    console = [r for r in all_routes(app.routes) if isinstance(r, ConsoleRoute)]
    assert len(console) == 1 and console[0].methods == {"GET", "HEAD"}
    assert console[0].include_in_schema is False
    outside = [
        path
        for route in all_routes(app.routes)
        if not isinstance(route, ConsoleRoute)
        and (path := getattr(route, "path", "")).lstrip("/").split("/", 1)[0] not in RESERVED
    ]
    assert not outside, f"add their first segment to RESERVED in api/console.py: {outside}"


@pytest.mark.parametrize(
    ("path", "content_type", "cache_control"),
    [
        ("/assets/index-4f2a9c1b.js", "text/javascript; charset=utf-8", files.IMMUTABLE),
        ("/assets/index-7d3e0a55.css", "text/css; charset=utf-8", files.IMMUTABLE),
        ("/assets/logo-0c1d2e3f.svg", "image/svg+xml", files.IMMUTABLE),
        ("/assets/inter-5a6b7c8d.woff2", "font/woff2", files.IMMUTABLE),
        ("/assets/badge-9e8f7a6b.png", "image/png", files.IMMUTABLE),
        ("/favicon.svg", "image/svg+xml", "public, max-age=300"),
        ("/theme-init.js", "text/javascript; charset=utf-8", "public, max-age=300"),
        ("/index.html", "text/html; charset=utf-8", "no-cache"),
    ],
)
def test_each_file_class_has_its_type_and_cache_lifetime(
    http: TestClient, path: str, content_type: str, cache_control: str
) -> None:
    resp = http.get(path, headers=IDENTITY)
    assert resp.status_code == 200
    assert resp.content == BUILD[path.lstrip("/")]
    assert resp.headers["content-type"] == content_type
    assert resp.headers["cache-control"] == cache_control
    assert_security_headers(resp.headers)


def test_assets_are_cached_for_a_year_and_immutable(http: TestClient) -> None:
    resp = http.get("/assets/index-4f2a9c1b.js")
    assert resp.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_the_shell_revalidates_with_its_etag(http: TestClient) -> None:
    first = http.get("/", headers=IDENTITY)
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag.endswith('"')
    for tags in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        again = http.get("/models/x", headers={**IDENTITY, "If-None-Match": tags})
        assert again.status_code == 304, tags
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert again.headers["cache-control"] == "no-cache"
        assert_security_headers(again.headers)
    assert http.get("/", headers={**IDENTITY, "If-None-Match": '"stale"'}).status_code == 200
    # Each encoding is its own representation with its own tag.
    compressed = http.get("/", headers={"Accept-Encoding": "br"})
    assert compressed.headers["etag"] not in (etag, "")
    revalidated = http.get(
        "/", headers={"Accept-Encoding": "br", "If-None-Match": compressed.headers["etag"]}
    )
    assert revalidated.status_code == 304


def test_a_rebuilt_shell_gets_a_new_etag(http: TestClient, build: Path) -> None:
    before = http.get("/", headers=IDENTITY).headers["etag"]
    (build / "index.html").write_bytes(INDEX + b"<!-- rebuilt -->\n")
    after = http.get("/", headers={**IDENTITY, "If-None-Match": before})
    assert after.status_code == 200 and after.headers["etag"] != before


@pytest.mark.parametrize(
    ("accept", "coding"),
    [
        ("gzip, deflate, br, zstd", "br"),
        ("br, gzip", "br"),
        ("gzip", "gzip"),
        ("GZIP;q=0.9", "gzip"),
        ("br;q=0, gzip", "gzip"),
        ("gzip;q=1.0, br;q=0.5", "gzip"),
        ("*", "br"),
        ("*;q=0.5, identity", None),
        ("gzip;q=0.4, identity;q=0.5", None),
        ("identity", None),
        ("deflate", None),
        ("br;q=nan, gzip;q=2", None),
        ("", None),
    ],
)
def test_the_best_precompressed_sibling_is_sent(
    http: TestClient, build: Path, accept: str, coding: str | None
) -> None:
    for path in ("/", "/models/deep", "/assets/index-4f2a9c1b.js", "/favicon.svg"):
        status, body, headers = raw_bytes(http, path, {"Accept-Encoding": accept})
        assert status == 200
        assert headers["vary"] == "Accept-Encoding"
        name = "index.html" if path in ("/", "/models/deep") else path.lstrip("/")
        if coding is None:
            assert "content-encoding" not in headers
            assert body == BUILD[name]
        else:
            assert headers["content-encoding"] == coding
            suffix = files.CODINGS[coding]
            assert body == (build / f"{name}{suffix}").read_bytes()
            assert int(headers["content-length"]) == len(body) < len(BUILD[name])
        if coding == "gzip":
            assert gzip.decompress(body) == BUILD[name]


def test_files_that_do_not_shrink_are_sent_plain_and_images_do_not_vary(
    http: TestClient, build: Path
) -> None:
    assert not (build / "assets/index-7d3e0a55.css.gz").exists()
    status, body, headers = raw_bytes(http, "/assets/index-7d3e0a55.css", {"Accept-Encoding": "br"})
    assert status == 200 and body == b"a{}" and "content-encoding" not in headers
    assert headers["vary"] == "Accept-Encoding"
    png = http.get("/assets/badge-9e8f7a6b.png", headers={"Accept-Encoding": "br"})
    assert "vary" not in png.headers and "content-encoding" not in png.headers


def test_compressed_siblings_are_not_served_by_their_own_names(http: TestClient) -> None:
    for path in ("/assets/index-4f2a9c1b.js.br", "/index.html.gz", "/anything.gz"):
        assert_problem(http.get(path), 404, "not-found")


def test_brotli_siblings_decode_to_the_file(build: Path) -> None:
    node = shutil.which("node")
    assert node
    decoded = subprocess.run(
        [
            node,
            "-e",
            "process.stdout.write(require('zlib').brotliDecompressSync("
            "require('fs').readFileSync(process.argv[1])))",
            str(build / "assets/index-4f2a9c1b.js.br"),
        ],
        check=True,
        capture_output=True,
    ).stdout
    assert decoded == BUILD["assets/index-4f2a9c1b.js"]


def test_a_missing_asset_is_a_404_not_the_shell(http: TestClient) -> None:
    for path in ("/assets/index-00000000.js", "/assets", "/assets/", "/assets/sub/x.css"):
        resp = http.get(path)
        assert_problem(resp, 404, "not-found")
        assert_security_headers(resp.headers)


TRAVERSALS = [
    "/%2e%2e/secret.txt",
    "/assets/%2e%2e/%2e%2e/secret.txt",
    "/assets/%2E%2E/%2E%2E/secret.txt",
    "/assets/..%2f..%2fsecret.txt",
    "/%2e/index.html",
    "/%2fetc/passwd",
    "/assets/%5c..%5c..%5csecret.txt",
    "/models/%00",
    "/leak.txt",  # a symlink to a file outside the build
    "/assets/outside/secret.txt",  # a symlinked directory leading outside
    "/assets/outside/missing.js",
    "/loop",  # a symlink to itself
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_leaving_the_build_are_refused(http: TestClient, path: str) -> None:
    resp = http.get(path, headers=IDENTITY)
    assert_problem(resp, 404, "not-found")
    assert SECRET not in resp.content
    assert_security_headers(resp.headers)


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/assets/../../secret.txt",
        "/./index.html",
        "/models/../..",
        "//etc/passwd",  # httpx would read `//etc` as a host
        "/assets//index-4f2a9c1b.js",
    ],
)
def test_literal_dot_segments_and_empty_segments_are_refused(app: FastAPI, path: str) -> None:
    status, body = raw_request(app, path)
    assert status == 404 and SECRET not in body


def test_head_answers_the_get_headers_without_a_body(http: TestClient) -> None:
    for path in ("/", "/models/fraud/scorer", "/assets/index-4f2a9c1b.js"):
        got = http.get(path, headers=IDENTITY)
        head = http.head(path, headers=IDENTITY)
        assert head.status_code == 200 and head.content == b""
        for name in ("content-length", "content-type", "etag", "cache-control"):
            assert head.headers[name] == got.headers[name], (path, name)
        assert_security_headers(head.headers)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/"),
        ("POST", "/models/fraud/scorer"),
        ("PUT", "/assets/index-4f2a9c1b.js"),
        ("DELETE", "/index.html"),
        ("PATCH", "/favicon.svg"),
    ],
)
def test_other_methods_on_console_paths_are_405_problems(
    http: TestClient, method: str, path: str
) -> None:
    resp = http.request(method, path)
    problem = assert_problem(resp, 405, "method-not-allowed")
    assert resp.headers["allow"] == "GET, HEAD"
    assert problem["detail"] == f"{method} is not allowed on {path}; use GET, HEAD"
    assert_security_headers(resp.headers)


def test_the_csp_is_strict() -> None:
    csp = SECURITY_HEADERS["Content-Security-Policy"]
    assert csp == (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
        "manifest-src 'self'; base-uri 'none'; form-action 'self'; "
        "frame-ancestors 'none'; object-src 'none'"
    )
    assert "unsafe" not in csp
    assert all(item.endswith("=()") for item in SECURITY_HEADERS["Permissions-Policy"].split(", "))


@pytest.mark.parametrize("state", ["missing", "empty"])
def test_before_the_build_the_console_says_how_to_build_it(
    plain_registry: Registry, tmp_path: Path, state: str
) -> None:
    root = tmp_path / "never-built"
    if state == "empty":
        root.mkdir()
    with TestClient(create_app(plain_registry, console_dir=root)) as http:
        for path in ("/", "/models/fraud/scorer/versions/1.0.0/lineage"):
            resp = http.get(path)
            assert resp.status_code == 200
            assert resp.headers["content-type"] == "text/html; charset=utf-8"
            assert resp.headers["cache-control"] == "no-store"
            assert resp.text == NOT_BUILT
            assert_security_headers(resp.headers)
        page = NOT_BUILT.lower()
        assert "make web" in page
        assert 'href="/docs"' in page and 'href="/openapi.json"' in page
        assert "<script" not in page and "<style" not in page and "style=" not in page
        head = http.head("/")
        assert head.status_code == 200 and head.content == b""
        missing = http.get("/assets/index-4f2a9c1b.js")
        assert_problem(missing, 404, "not-found")
        assert "make web" in missing.json()["detail"]
        assert http.get("/healthz").status_code == 200
        assert http.get("/docs").status_code == 200


def test_the_packaged_build_is_the_default(plain_registry: Registry) -> None:
    from modelreg import webui

    root = webui.static_dir()
    assert root == REPO / "src" / "modelreg" / "webui" / "static"
    with TestClient(create_app(plain_registry)) as http:
        resp = http.get("/", headers=IDENTITY)
    expected = (root / "index.html").read_bytes() if webui.is_built(root) else NOT_BUILT.encode()
    assert resp.status_code == 200 and resp.content == expected


def test_the_build_directory_may_itself_be_a_symlink(
    plain_registry: Registry, build: Path, tmp_path: Path
) -> None:
    link = tmp_path / "static-link"
    os.symlink(build, link, target_is_directory=True)
    with TestClient(create_app(plain_registry, console_dir=link)) as http:
        assert http.get("/", headers=IDENTITY).content == INDEX
        assert http.get("/theme-init.js").status_code == 200
        assert_problem(http.get("/leak.txt"), 404, "not-found")
