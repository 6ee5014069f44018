"""Defensive zip handling: entry counts, sizes, compression ratios, nesting and names."""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from modelreg.scanning.findings import Collector
from modelreg.scanning.limits import ScanLimits

SCANNER = "modelreg.archive"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
ZIP_EXTENSIONS = frozenset({".zip", ".npz", ".keras", ".pt", ".pth", ".ckpt", ".bin", ".mar"})


class ArchiveRefused(Exception):
    """The archive violates a limit; ``str(exc)`` is the reason."""


@dataclass(frozen=True)
class CentralDirectory:
    entries: int
    size: int


def unsafe_member_name(name: str) -> bool:
    """True if extracting ``name`` could write outside the target directory."""
    normalized = name.replace("\\", "/")
    if normalized.startswith("/") or (len(normalized) > 1 and normalized[1] == ":"):
        return True
    return ".." in PurePosixPath(normalized).parts


def read_central_directory(f: IO[bytes]) -> CentralDirectory | None:
    """Entry count and size from the end-of-central-directory record, without parsing it."""
    f.seek(0, 2)
    size = f.tell()
    tail_len = min(size, 65536 + 22)
    f.seek(size - tail_len)
    tail = f.read(tail_len)
    idx = tail.rfind(EMPTY_ZIP_MAGIC)
    if idx < 0 or idx + 22 > len(tail):
        return None
    (_, _, _, _, entries, cd_size, _cd_off, _) = struct.unpack("<4s4H2LH", tail[idx : idx + 22])
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF:
        loc = tail.rfind(b"PK\x06\x07", 0, idx)
        if loc >= 0 and loc + 20 <= len(tail):
            (_, _, rec_off, _) = struct.unpack("<4sLQL", tail[loc : loc + 20])
            if rec_off + 56 <= size:
                f.seek(rec_off)
                rec = f.read(56)
                if rec[:4] == b"PK\x06\x06":
                    entries = struct.unpack("<Q", rec[32:40])[0]
                    cd_size = struct.unpack("<Q", rec[40:48])[0]
    return CentralDirectory(entries=entries, size=cd_size)


def open_zip(f: IO[bytes], limits: ScanLimits) -> zipfile.ZipFile:
    """Open a zip after checking the central directory is within bounds."""
    cd = read_central_directory(f)
    if cd is not None:
        if cd.entries > limits.max_archive_entries:
            raise ArchiveRefused(
                f"archive has {cd.entries} entries, more than the limit of "
                f"{limits.max_archive_entries}"
            )
        if cd.size > limits.max_central_directory_bytes:
            raise ArchiveRefused(
                f"archive central directory is {cd.size} bytes, more than the limit of "
                f"{limits.max_central_directory_bytes}"
            )
    f.seek(0)
    try:
        return zipfile.ZipFile(f)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise ArchiveRefused(f"not a readable zip archive: {exc}") from exc


def check_zip(zf: zipfile.ZipFile, path: str, col: Collector, limits: ScanLimits) -> None:
    """Validate every entry's metadata; raises ArchiveRefused for zip bombs and huge archives.

    Unsafe member names are reported as findings (the archive is still scanned).
    """
    infos = zf.infolist()
    if len(infos) > limits.max_archive_entries:
        raise ArchiveRefused(
            f"archive has {len(infos)} entries, more than the limit of {limits.max_archive_entries}"
        )
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.max_archive_uncompressed_bytes:
            raise ArchiveRefused(
                f"archive expands to more than {limits.max_archive_uncompressed_bytes} bytes "
                "(possible zip bomb)"
            )
        if info.file_size >= limits.compression_ratio_min_bytes:
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > limits.max_compression_ratio:
                raise ArchiveRefused(
                    f"entry {info.filename!r} has compression ratio {ratio:.0f}:1, above the "
                    f"limit of {limits.max_compression_ratio:.0f}:1 (possible zip bomb)"
                )
        if unsafe_member_name(info.filename):
            col.add(
                SCANNER,
                "archive-path-traversal",
                "high",
                path,
                f"Archive entry {info.filename!r} would be extracted outside the target "
                "directory; rebuild the archive with relative member names.",
                member=info.filename,
            )
        if info.flag_bits & 0x1:
            col.add(
                SCANNER,
                "archive-encrypted-entry",
                "medium",
                path,
                f"Archive entry {info.filename!r} is encrypted and cannot be scanned; upload "
                "it unencrypted.",
                member=info.filename,
            )


def open_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
    """Stream one member; zipfile stops at the declared (already checked) size."""
    return zf.open(info, "r")
