"""Decrypting a version's files into a private directory for the scanners."""

from __future__ import annotations

import os
from pathlib import Path

from modelreg.domain.manifest import ManifestEntry
from modelreg.storage.blobs import BlobStore


def materialize(blobs: BlobStore, manifest: list[ManifestEntry], root: Path) -> None:
    """Write every file of `manifest` under `root` (created 0700), verified while decrypting.

    Artifact paths were validated at upload (relative, no `..`); the containment check here is
    a second line of defence, since a path escaping `root` would let a scan overwrite files.
    """
    root.mkdir(mode=0o700, parents=True, exist_ok=False)
    base = root.resolve()
    for entry in manifest:
        target = (root / entry.path).resolve()
        if base not in target.parents:
            raise ValueError(f"artifact path {entry.path!r} escapes the scan directory")
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            for chunk in blobs.open_read(entry.sha256):
                out.write(chunk)
