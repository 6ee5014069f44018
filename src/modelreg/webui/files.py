"""Which file of the console build answers a path, in which encoding, and cached for how long.

Pure file-system rules (no HTTP framework): `api/console.py` turns the choice into a response.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

INDEX = "index.html"
ASSETS = "assets"

# Vite names every file under assets/ after a hash of its content, so a name never changes
# meaning: browsers may keep it for a year without asking again.
IMMUTABLE = "public, max-age=31536000, immutable"
# The shell names the current hashed files, so browsers revalidate it on every load (ETag).
REVALIDATE = "no-cache"
# Unhashed public files (favicon.svg, theme-init.js): a short cache, then revalidated by ETag.
SHORT = "public, max-age=300"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
}
# The types web/scripts/compress.mjs precompresses (keep the two lists equal).
COMPRESSIBLE = frozenset({".html", ".js", ".css", ".svg"})
# Content coding -> suffix of the sibling file holding it; earlier wins when the client accepts
# both equally (brotli is smaller).
CODINGS = {"br": ".br", "gzip": ".gz"}


class Refused(Exception):
    """The path is malformed, leaves the build directory, or names nothing to serve (a 404)."""


@dataclass(frozen=True)
class ConsoleFile:
    """The file chosen to answer a request, with the headers that describe it."""

    path: Path
    stat: os.stat_result
    content_type: str
    cache_control: str
    encoding: str | None
    varies: bool

    @property
    def etag(self) -> str:
        """A strong tag of this representation (each encoding is a different one)."""
        tag = f"{self.stat.st_size:x}-{self.stat.st_mtime_ns:x}"
        return f'"{tag}-{self.encoding}"' if self.encoding else f'"{tag}"'


def accepted_codings(accept_encoding: str | None) -> list[str]:
    """The codings of CODINGS the client prefers to identity, best first (RFC 9110 12.5.3)."""
    if not accept_encoding:
        return []
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                quality = _quality(value)
        weights[coding.lower()] = quality
    anything = weights.get("*", 0.0)
    # Identity stays acceptable unless excluded, but only an explicit weight puts it first.
    identity = weights.get("identity", anything)
    ranked = sorted(
        ((weights.get(coding, anything), -order, coding) for order, coding in enumerate(CODINGS)),
        reverse=True,
    )
    return [coding for quality, _, coding in ranked if quality > 0 and quality >= identity]


def _quality(value: str) -> float:
    try:
        quality = float(value)
    except ValueError:
        return 0.0
    # NaN and out-of-range values fail the comparison: such a coding is not accepted.
    return quality if 0.0 <= quality <= 1.0 else 0.0


def segments(path: str) -> list[str]:
    """A console path's segments; Refused for '.', '..', empty, backslash or NUL segments."""
    parts = path.split("/")
    if parts[-1] == "":
        parts.pop()  # "" (the root) or a deep link's trailing slash
    if any(part in ("", ".", "..") or "\\" in part or "\x00" in part for part in parts):
        raise Refused(path)
    return parts


def find(root: Path, path: str) -> tuple[Path, os.stat_result] | None:
    """The regular file `path` names inside `root` (resolved) and its stat, or None if none.

    `root` must be resolved. Raises Refused for a malformed path ('.', '..', empty segments,
    backslashes, NUL) and for one that leaves `root`, symbolic links included, so the caller
    never falls back to the shell for it.
    """
    parts = segments(path)
    if not parts:
        return None
    try:
        real = root.joinpath(*parts).resolve()
    except (OSError, RuntimeError) as exc:  # a symlink loop, a name too long
        raise Refused(path) from exc
    if not real.is_relative_to(root):
        raise Refused(path)
    try:
        status = real.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise Refused(path) from exc
    return (real, status) if stat.S_ISREG(status.st_mode) else None


def select(root: Path, path: str, accept_encoding: str | None) -> ConsoleFile:
    """The file answering `path`: a built file, else the shell (index.html) for a deep link.

    A missing file under assets/ is a 404, not the shell: a stale page asking for an old hashed
    script must fail plainly rather than parse HTML as JavaScript. `root` must be resolved.
    """
    if path.endswith(tuple(CODINGS.values())):
        raise Refused(path)  # compressed siblings are only served through negotiation
    found = find(root, path)
    if found is None:
        if path.split("/", 1)[0] == ASSETS:
            raise Refused(path)
        found = find(root, INDEX)
        if found is None:
            raise Refused(path)
    real, status = found
    relative = real.relative_to(root)
    if relative.parts[0] == ASSETS:
        cache_control = IMMUTABLE
    elif relative.as_posix() == INDEX:
        cache_control = REVALIDATE
    else:
        cache_control = SHORT
    suffix = real.suffix.lower()
    content_type = CONTENT_TYPES.get(suffix, "application/octet-stream")
    varies = suffix in COMPRESSIBLE
    if varies:
        for coding in accepted_codings(accept_encoding):
            sibling = _sibling(root, f"{relative.as_posix()}{CODINGS[coding]}")
            if sibling is not None:
                return ConsoleFile(*sibling, content_type, cache_control, coding, varies)
    return ConsoleFile(real, status, content_type, cache_control, None, varies)


def _sibling(root: Path, path: str) -> tuple[Path, os.stat_result] | None:
    try:
        return find(root, path)
    except Refused:
        return None  # e.g. a sibling linking out of the build: serve the plain file instead
