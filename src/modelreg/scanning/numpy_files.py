"""NumPy ``.npy`` files: header parsing and scanning of object arrays, which are pickles."""

from __future__ import annotations

import ast
import struct
from typing import IO, Any

from modelreg.scanning.findings import Collector
from modelreg.scanning.limits import Deadline, ScanLimits
from modelreg.scanning.pickle_walker import SCANNER, scan_pickle_stream

NUMPY_EXTENSIONS = frozenset({".npy"})
NUMPY_MAGIC = b"\x93NUMPY"


def _is_object_dtype(descr: Any) -> bool:
    if isinstance(descr, str):
        return descr.lstrip("<>|=").startswith("O")
    if isinstance(descr, list | tuple):
        return any(_is_object_dtype(d) for d in descr)
    return True  # unknown description: treat as possibly containing objects


def parse_npy_header(f: IO[bytes]) -> dict[str, Any]:
    """Parse a .npy header (after the caller consumed nothing); raises ValueError if bad."""
    magic = f.read(6)
    if magic != NUMPY_MAGIC:
        raise ValueError("not a .npy file (bad magic)")
    version = f.read(2)
    if len(version) != 2:
        raise ValueError("truncated .npy header")
    if version[0] == 1:
        raw = f.read(2)
        if len(raw) != 2:
            raise ValueError("truncated .npy header")
        hlen = struct.unpack("<H", raw)[0]
    elif version[0] in (2, 3):
        raw = f.read(4)
        if len(raw) != 4:
            raise ValueError("truncated .npy header")
        hlen = struct.unpack("<I", raw)[0]
    else:
        raise ValueError(f"unsupported .npy version {version[0]}.{version[1]}")
    if hlen > 1 << 20:
        raise ValueError(f".npy header length {hlen} is implausibly large")
    text = f.read(hlen)
    if len(text) != hlen:
        raise ValueError("truncated .npy header")
    try:
        header = ast.literal_eval(text.decode("latin-1"))
    except (ValueError, SyntaxError, MemoryError, RecursionError) as exc:
        raise ValueError(f"unparseable .npy header: {exc}") from exc
    if not isinstance(header, dict) or "descr" not in header:
        raise ValueError(".npy header is not a dict with 'descr'")
    return header


def scan_npy(
    f: IO[bytes], path: str, col: Collector, limits: ScanLimits, deadline: Deadline
) -> None:
    """Flag a .npy file holding an object array and scan the pickle that stores it."""
    try:
        header = parse_npy_header(f)
    except ValueError as exc:
        col.error(path, str(exc))
        return
    if not _is_object_dtype(header["descr"]):
        return
    col.add(
        SCANNER,
        "numpy-object-array",
        "low",
        path,
        "NumPy file holds an object array, i.e. a pickle; it was scanned below. Prefer "
        "numeric dtypes so the file can be loaded with allow_pickle=False.",
        descr=str(header["descr"])[:200],
    )
    scan_pickle_stream(f, path, col, limits, deadline, multiple=False)
