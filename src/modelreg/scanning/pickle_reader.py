"""Bounded reading of pickle opcodes and their arguments, and the placeholders for skipped data."""

from __future__ import annotations

import pickletools
import struct
from dataclasses import dataclass
from typing import IO, Any

from modelreg.scanning.limits import ScanLimits


class PickleMalformed(Exception):
    """The data is not a well-formed pickle or breaks a scan limit; ``str(exc)`` is the reason."""


@dataclass
class Opaque:
    """A value the walker does not model (a global, a call, skipped bytes); ``kind`` says which."""

    kind: str
    module: str = ""
    name: str = ""
    func: Any = None
    args: Any = None
    state: Any = None


OPCODES = {op.code.encode("latin-1"): op for op in pickletools.opcodes}
STRING_OPS = {
    "STRING",
    "BINSTRING",
    "SHORT_BINSTRING",
    "UNICODE",
    "SHORT_BINUNICODE",
    "BINUNICODE",
    "BINUNICODE8",
}


class PickleSource:
    """Position-tracking reader with bounded reads and cheap skipping."""

    def __init__(self, f: IO[bytes], limits: ScanLimits) -> None:
        self.f = f
        self.pos = 0
        self.limits = limits
        try:
            self.seekable = bool(f.seekable())
        except Exception:
            self.seekable = False

    def read(self, n: int) -> bytes:
        data = self.f.read(n)
        self.pos += len(data)
        if len(data) != n:
            raise PickleMalformed(f"truncated pickle at offset {self.pos}")
        return data

    def peek1(self) -> bytes:
        data = self.f.read(1)
        self.pos += len(data)
        return data

    def skip(self, n: int) -> None:
        if n <= 0:
            return
        if self.seekable:
            before = self.f.tell()
            try:
                self.f.seek(n, 1)
            except (OSError, OverflowError, ValueError) as exc:
                raise PickleMalformed(f"argument of {n} bytes runs past the end") from exc
            moved = self.f.tell() - before
            self.pos += moved
            # A seek past the end is only noticed at the next read.
            return
        remaining = n
        while remaining:
            chunk = self.f.read(min(remaining, 1 << 20))
            if not chunk:
                raise PickleMalformed(f"truncated pickle at offset {self.pos}")
            remaining -= len(chunk)
            self.pos += len(chunk)

    def readline(self) -> bytes:
        out = bytearray()
        cap = self.limits.max_pickle_line_bytes
        while True:
            b = self.f.read(1)
            if not b:
                raise PickleMalformed(f"truncated pickle line at offset {self.pos}")
            self.pos += 1
            if b == b"\n":
                return bytes(out)
            out += b
            if len(out) > cap:
                raise PickleMalformed(f"pickle text argument longer than {cap} bytes")


def read_arg(src: PickleSource, op: pickletools.OpcodeInfo) -> Any:
    """Return the opcode's argument; large byte/string payloads are skipped (``Opaque``)."""
    arg = op.arg
    if arg is None:
        return None
    n = arg.n
    if n >= 0:
        raw = src.read(n)
        name = arg.name
        if name == "uint1":
            return raw[0]
        if name == "uint2":
            return struct.unpack("<H", raw)[0]
        if name in ("uint4",):
            return struct.unpack("<I", raw)[0]
        if name == "int4":
            return struct.unpack("<i", raw)[0]
        if name == "uint8":
            return struct.unpack("<Q", raw)[0]
        if name == "float8":
            return struct.unpack(">d", raw)[0]
        return raw
    if n == pickletools.UP_TO_NEWLINE:
        if arg.name == "stringnl_noescape_pair":
            return (src.readline().decode("latin-1"), src.readline().decode("latin-1"))
        line = src.readline()
        if arg.name in ("decimalnl_short", "decimalnl_long"):
            text = line.decode("latin-1").rstrip("L")
            if text in ("00", "01"):
                return text == "01"
            try:
                return int(text)
            except ValueError as exc:
                raise PickleMalformed(f"bad integer literal at offset {src.pos}") from exc
        if arg.name == "floatnl":
            try:
                return float(line)
            except ValueError as exc:
                raise PickleMalformed(f"bad float literal at offset {src.pos}") from exc
        if arg.name == "stringnl":
            text = line.decode("latin-1")
            if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
                return text[1:-1]
            return text
        return line.decode("latin-1", "replace")
    if n == pickletools.TAKEN_FROM_ARGUMENT1:
        length = src.read(1)[0]
    elif n == pickletools.TAKEN_FROM_ARGUMENT4:
        length = struct.unpack("<i", src.read(4))[0]
        if length < 0:
            raise PickleMalformed(f"negative length at offset {src.pos}")
    elif n == pickletools.TAKEN_FROM_ARGUMENT4U:
        length = struct.unpack("<I", src.read(4))[0]
    elif n == pickletools.TAKEN_FROM_ARGUMENT8U:
        length = struct.unpack("<Q", src.read(8))[0]
    else:  # pragma: no cover - pickletools has no other kinds
        raise PickleMalformed(f"unknown argument kind for {op.name}")
    if op.name in STRING_OPS and length <= src.limits.max_pickle_string_bytes:
        raw = src.read(length)
        if op.name in ("STRING", "BINSTRING", "SHORT_BINSTRING"):
            return raw.decode("latin-1")
        try:
            return raw.decode("utf-8", "surrogatepass")
        except UnicodeDecodeError as exc:
            raise PickleMalformed(f"invalid UTF-8 string at offset {src.pos}") from exc
    if op.name in ("LONG1", "LONG4") and length <= 64:
        return int.from_bytes(src.read(length), "little", signed=True)
    src.skip(length)
    return Opaque("bytes", args=length)
