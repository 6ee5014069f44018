"""The version manifest: the list of a version's files, and its digest (the version digest).

The digest is defined so that anyone can recompute it from the manifest alone:

    digest = lowercase hex SHA-256 of the RFC 8785 canonical JSON of
             {"schema": "modelreg.manifest/v1",
              "files": [{"path": ..., "size": ..., "sha256": ...}, ...]}

where `files` holds one object per file, sorted by the UTF-8 bytes of `path` (the same as Unicode
code point order; note this is not the UTF-16 order RFC 8785 uses for object keys), `size` is the
file's length in bytes (an integer) and `sha256` its lowercase hex SHA-256. Each path appears once.
A version with no files has `"files": []`. In Python, with the `rfc8785` package:

    hashlib.sha256(rfc8785.dumps({"schema": "modelreg.manifest/v1", "files": files})).hexdigest()
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from modelreg.domain.artifact_paths import validate_artifact_path
from modelreg.domain.canonical import canonical_json, sha256_hex
from modelreg.domain.errors import invalid

MANIFEST_SCHEMA = "modelreg.manifest/v1"
# Sizes must stay exact in JSON (RFC 8785 forbids larger integers); 2**53 bytes is 8 PiB.
MAX_FILE_SIZE = 2**53 - 1

_SHA256_RE = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class ManifestEntry:
    """One file of a version: its path, size in bytes and lowercase hex SHA-256."""

    path: str
    size: int
    sha256: str

    def __post_init__(self) -> None:
        # Entries describe stored files, some stored before the portability rules: checked for
        # safety only and never rewritten, so a sealed version's digest cannot change.
        validate_artifact_path(self.path, new=False)
        # bool is an int subclass, but `true` is not a size.
        if not isinstance(self.size, int) or isinstance(self.size, bool):
            raise invalid("size", f"size must be an integer number of bytes, not {self.size!r}")
        if not 0 <= self.size <= MAX_FILE_SIZE:
            raise invalid("size", f"size must be between 0 and {MAX_FILE_SIZE}, not {self.size}")
        if _SHA256_RE.fullmatch(self.sha256) is None:
            raise invalid(
                "sha256",
                f"sha256 {self.sha256[:80]!r} is invalid: expected 64 lowercase hex characters",
            )

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as it appears in the manifest."""
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


def build_manifest(entries: Iterable[ManifestEntry]) -> list[dict[str, Any]]:
    """Return the manifest's file list: one dict per entry, sorted by the UTF-8 bytes of path."""
    ordered = sorted(entries, key=lambda e: e.path.encode("utf-8"))
    for before, after in itertools.pairwise(ordered):
        if before.path == after.path:
            # Two entries for one path would make the digest ambiguous about which file is meant.
            raise invalid(
                "path", f"path {before.path!r} appears more than once: list each file once"
            )
    return [entry.as_dict() for entry in ordered]


def manifest_digest(entries: Iterable[ManifestEntry]) -> str:
    """Return the version digest of `entries`; see the module docstring for the exact form."""
    document = {"schema": MANIFEST_SCHEMA, "files": build_manifest(entries)}
    return sha256_hex(canonical_json(document, field="manifest"))
