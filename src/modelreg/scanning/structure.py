"""Structural validation of non-pickle formats: safetensors, GGUF, ONNX, Keras and HDF5.

Only headers and metadata are parsed, with explicit bounds; tensor data is never read
(except for the streaming byte search in HDF5 files).
"""

from __future__ import annotations

import json
import re
import struct
from pathlib import PurePosixPath
from typing import IO, Any

from modelreg.scanning.findings import Collector
from modelreg.scanning.limits import Deadline, ScanLimits

SCANNER = "modelreg.structure"

SAFETENSORS_EXTENSIONS = frozenset({".safetensors"})
GGUF_EXTENSIONS = frozenset({".gguf"})
ONNX_EXTENSIONS = frozenset({".onnx"})
H5_EXTENSIONS = frozenset({".h5", ".hdf5", ".keras_h5"})
GGUF_MAGIC = b"GGUF"
H5_MAGIC = b"\x89HDF\r\n\x1a\n"

# bits per element
_SAFETENSORS_DTYPES: dict[str, int] = {
    "BOOL": 8,
    "U8": 8,
    "I8": 8,
    "F8_E5M2": 8,
    "F8_E4M3": 8,
    "F8_E8M0": 8,
    "I16": 16,
    "U16": 16,
    "F16": 16,
    "BF16": 16,
    "I32": 32,
    "U32": 32,
    "F32": 32,
    "F64": 64,
    "I64": 64,
    "U64": 64,
    "C64": 64,
    "F4": 4,
    "F6_E2M3": 6,
    "F6_E3M2": 6,
}


def _malformed(col: Collector, fmt: str, path: str, problem: str, **details: Any) -> None:
    col.add(
        SCANNER,
        f"{fmt}-malformed",
        "high",
        path,
        f"{fmt} file is malformed: {problem}. Loaders may fail or misread it; re-export "
        "the file with the official library.",
        problem=problem,
        **details,
    )


def _file_size(f: IO[bytes]) -> int:
    f.seek(0, 2)
    size = f.tell()
    f.seek(0)
    return size


def sniff_safetensors(head: bytes) -> bool:
    if len(head) < 10:
        return False
    n = struct.unpack("<Q", head[:8])[0]
    return 2 <= n <= 100 * 1024 * 1024 and head[8:9] == b"{"


# --------------------------------------------------------------------------------------
# safetensors


def scan_safetensors(
    f: IO[bytes], path: str, col: Collector, limits: ScanLimits
) -> dict[str, str] | None:
    """Validate a safetensors header; returns ``__metadata__`` (for the secrets scan)."""
    size = _file_size(f)
    raw = f.read(8)
    if len(raw) < 8:
        _malformed(col, "safetensors", path, "file shorter than the 8-byte header length")
        return None
    hlen = struct.unpack("<Q", raw)[0]
    if hlen > limits.max_safetensors_header_bytes:
        _malformed(
            col,
            "safetensors",
            path,
            f"header length {hlen} exceeds the limit of {limits.max_safetensors_header_bytes}",
        )
        return None
    if 8 + hlen > size:
        _malformed(col, "safetensors", path, f"header length {hlen} runs past the end of file")
        return None
    text = f.read(hlen)
    try:
        header = json.loads(text)
    except (ValueError, RecursionError) as exc:
        _malformed(col, "safetensors", path, f"header is not valid JSON ({exc})")
        return None
    if not isinstance(header, dict):
        _malformed(col, "safetensors", path, "header is not a JSON object")
        return None
    data_len = size - 8 - hlen
    metadata = header.pop("__metadata__", None)
    meta_out: dict[str, str] | None = None
    if metadata is not None:
        if not isinstance(metadata, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()
        ):
            _malformed(col, "safetensors", path, "__metadata__ is not a map of strings")
        else:
            meta_out = metadata
    spans: list[tuple[int, int, str]] = []
    for name, info in header.items():
        problem = _check_tensor(name, info, data_len)
        if problem:
            _malformed(col, "safetensors", path, problem, tensor=name[:200])
            return meta_out
        begin, end = info["data_offsets"]
        spans.append((begin, end, name))
    spans.sort()
    cursor = 0
    for begin, end, name in spans:
        if begin < cursor:
            _malformed(
                col,
                "safetensors",
                path,
                f"tensor {name[:100]!r} overlaps the previous tensor",
                tensor=name[:200],
            )
            return meta_out
        if begin > cursor:
            col.add(
                SCANNER,
                "safetensors-gap",
                "medium",
                path,
                f"safetensors data has {begin - cursor} unused bytes before tensor "
                f"{name[:100]!r}; hidden data may be stored there. Re-export the file.",
                offset=cursor,
                length=begin - cursor,
            )
        cursor = end
    if cursor < data_len:
        col.add(
            SCANNER,
            "safetensors-trailing-data",
            "medium",
            path,
            f"safetensors file has {data_len - cursor} bytes after the last tensor; hidden "
            "data may be stored there. Re-export the file.",
            length=data_len - cursor,
        )
    return meta_out


def _check_tensor(name: str, info: Any, data_len: int) -> str | None:
    if not isinstance(info, dict):
        return f"entry {name[:100]!r} is not an object"
    dtype, shape, offsets = info.get("dtype"), info.get("shape"), info.get("data_offsets")
    if not isinstance(dtype, str) or dtype not in _SAFETENSORS_DTYPES:
        return f"tensor {name[:100]!r} has unknown dtype {str(dtype)[:20]!r}"
    if not isinstance(shape, list) or not all(
        isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape
    ):
        return f"tensor {name[:100]!r} has an invalid shape"
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)
    ):
        return f"tensor {name[:100]!r} has invalid data_offsets"
    begin, end = offsets
    if not 0 <= begin <= end:
        return f"tensor {name[:100]!r} has data_offsets out of order"
    if end > data_len:
        return f"tensor {name[:100]!r} ends at {end}, beyond the {data_len} data bytes (truncated?)"
    bits = _SAFETENSORS_DTYPES[dtype]
    count = 1
    for d in shape:
        count *= d
    expected = (count * bits + 7) // 8
    if end - begin != expected:
        return (
            f"tensor {name[:100]!r} occupies {end - begin} bytes but dtype and shape "
            f"need {expected}"
        )
    return None


# --------------------------------------------------------------------------------------
# GGUF

_GGUF_SCALARS = {0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
                 10: "<Q", 11: "<q", 12: "<d"}  # fmt: skip
# ggml type -> (block bytes, elements per block)
_GGML_TYPES = {
    0: (4, 1),
    1: (2, 1),
    2: (18, 32),
    3: (20, 32),
    6: (22, 32),
    7: (24, 32),
    8: (34, 32),
    9: (36, 32),
    10: (84, 256),
    11: (110, 256),
    12: (144, 256),
    13: (176, 256),
    14: (210, 256),
    15: (292, 256),
    24: (1, 1),
    25: (2, 1),
    26: (4, 1),
    27: (8, 1),
    28: (8, 1),
    30: (2, 1),
}
_TEMPLATE_RISK = re.compile(
    r"__(class|globals|subclasses|builtins|import|mro|base|init)__|\bos\.|popen|subprocess"
)


class _GGUFError(Exception):
    pass


class _GGUFReader:
    def __init__(self, f: IO[bytes], size: int, limits: ScanLimits) -> None:
        self.f, self.size, self.limits = f, size, limits

    def read(self, n: int) -> bytes:
        data = self.f.read(n)
        if len(data) != n:
            raise _GGUFError(f"truncated at offset {self.f.tell()}")
        return data

    def unpack(self, fmt: str) -> Any:
        return struct.unpack(fmt, self.read(struct.calcsize(fmt)))[0]

    def string(self, keep: bool = True) -> str:
        n = self.unpack("<Q")
        if n > self.limits.max_gguf_string_bytes or self.f.tell() + n > self.size:
            raise _GGUFError(f"string length {n} is out of bounds")
        if not keep and n > 4096:
            self.f.seek(n, 1)
            return ""
        return self.read(n).decode("utf-8", "replace")

    def value(self, vtype: int, depth: int = 0) -> Any:
        if vtype in _GGUF_SCALARS:
            return self.unpack(_GGUF_SCALARS[vtype])
        if vtype == 8:
            return self.string()
        if vtype == 9:
            if depth > 2:
                raise _GGUFError("arrays nested too deeply")
            etype = self.unpack("<I")
            count = self.unpack("<Q")
            if count > self.limits.max_gguf_array_items:
                raise _GGUFError(f"array of {count} items exceeds the limit")
            if etype in _GGUF_SCALARS:
                width = struct.calcsize(_GGUF_SCALARS[etype])
                if self.f.tell() + width * count > self.size:
                    raise _GGUFError("array runs past the end of file")
                self.f.seek(width * count, 1)
                return None
            for _ in range(count):
                self.value(etype, depth + 1)
            return None
        raise _GGUFError(f"unknown value type {vtype}")


def scan_gguf(
    f: IO[bytes], path: str, col: Collector, limits: ScanLimits, deadline: Deadline
) -> None:
    size = _file_size(f)
    r = _GGUFReader(f, size, limits)
    try:
        if r.read(4) != GGUF_MAGIC:
            raise _GGUFError("bad magic (not a GGUF file)")
        version = r.unpack("<I")
        if version not in (2, 3):
            raise _GGUFError(f"unsupported version {version}")
        n_tensors = r.unpack("<Q")
        n_kv = r.unpack("<Q")
        if n_tensors > limits.max_gguf_tensors:
            raise _GGUFError(f"tensor count {n_tensors} exceeds the limit")
        if n_kv > limits.max_gguf_kv:
            raise _GGUFError(f"metadata count {n_kv} exceeds the limit")
        alignment = 32
        for i in range(n_kv):
            if i & 0x3FF == 0:
                deadline.check()
            key = r.string()
            vtype = r.unpack("<I")
            value = r.value(vtype)
            if key == "general.alignment" and isinstance(value, int):
                if value <= 0 or value & (value - 1):
                    raise _GGUFError(f"general.alignment {value} is not a power of two")
                alignment = value
            if key.startswith("tokenizer.chat_template") and isinstance(value, str):
                m = _TEMPLATE_RISK.search(value)
                if m:
                    col.add(
                        SCANNER,
                        "gguf-template-injection",
                        "high",
                        path,
                        f"GGUF chat template {key!r} uses {m.group(0)!r}, a server-side "
                        "template injection pattern; remove or rewrite the template.",
                        key=key,
                    )
        tensors: list[tuple[int, int | None, str]] = []
        for i in range(n_tensors):
            if i & 0x3FF == 0:
                deadline.check()
            name = r.string()
            n_dims = r.unpack("<I")
            if n_dims > 8:
                raise _GGUFError(f"tensor {name[:100]!r} has {n_dims} dimensions")
            count = 1
            for _ in range(n_dims):
                count *= r.unpack("<Q")
            ttype = r.unpack("<I")
            offset = r.unpack("<Q")
            nbytes: int | None = None
            if ttype in _GGML_TYPES:
                block, per = _GGML_TYPES[ttype]
                nbytes = (count + per - 1) // per * block
            tensors.append((offset, nbytes, name))
        data_start = (f.tell() + alignment - 1) // alignment * alignment
        data_len = size - data_start
        if data_len < 0:
            raise _GGUFError("tensor data section is missing")
        for offset, nbytes, name in tensors:
            end = offset + (nbytes or 0)
            if offset % alignment or end > data_len:
                raise _GGUFError(f"tensor {name[:100]!r} lies outside the data section")
    except _GGUFError as exc:
        _malformed(col, "gguf", path, str(exc))


# --------------------------------------------------------------------------------------
# ONNX (protobuf wire format, schema subset)

_MODEL, _GRAPH, _NODE, _ATTR, _TENSOR, _SPARSE, _FUNC, _TRAIN, _ENTRY = range(9)
_SCHEMA: dict[int, dict[int, int]] = {
    _MODEL: {7: _GRAPH, 25: _FUNC, 20: _TRAIN},
    _TRAIN: {1: _GRAPH, 2: _GRAPH},
    _FUNC: {7: _NODE},
    _GRAPH: {1: _NODE, 5: _TENSOR, 15: _SPARSE},
    _NODE: {5: _ATTR},
    _ATTR: {5: _TENSOR, 6: _GRAPH, 10: _TENSOR, 11: _GRAPH, 22: _SPARSE, 23: _SPARSE},
    _SPARSE: {1: _TENSOR, 2: _TENSOR},
    _TENSOR: {13: _ENTRY},
    _ENTRY: {},
}


class OnnxMalformed(Exception):
    pass


class _Proto:
    def __init__(self, f: IO[bytes], limits: ScanLimits, deadline: Deadline) -> None:
        self.f, self.limits, self.deadline = f, limits, deadline
        self.fields = 0
        self.locations: list[tuple[str, str]] = []  # (tensor name, location)

    def varint(self, end: int) -> int:
        result = shift = 0
        while True:
            if self.f.tell() >= end or shift > 63:
                raise OnnxMalformed(f"bad varint at offset {self.f.tell()}")
            b = self.f.read(1)
            if not b:
                raise OnnxMalformed("truncated varint")
            result |= (b[0] & 0x7F) << shift
            shift += 7
            if not b[0] & 0x80:
                return result

    def message(self, kind: int, start: int, end: int, depth: int) -> dict[int, bytes]:
        """Walk one message; returns small string fields we care about (tensor name, entry)."""
        if depth > self.limits.max_onnx_depth:
            raise OnnxMalformed(f"messages nested deeper than {self.limits.max_onnx_depth}")
        children = _SCHEMA[kind]
        keep: dict[int, bytes] = {}
        entries: list[dict[int, bytes]] = []
        self.f.seek(start)
        pos = start
        while pos < end:
            self.fields += 1
            if self.fields & 0xFFF == 0:
                self.deadline.check()
            key = self.varint(end)
            field_no, wire = key >> 3, key & 7
            if field_no == 0:
                raise OnnxMalformed(f"field number 0 at offset {pos}")
            if wire == 0:
                self.varint(end)
            elif wire == 1:
                self.f.seek(8, 1)
            elif wire == 5:
                self.f.seek(4, 1)
            elif wire == 2:
                length = self.varint(end)
                body = self.f.tell()
                if body + length > end:
                    raise OnnxMalformed(f"field {field_no} runs past its message at {body}")
                child = children.get(field_no)
                if child is not None:
                    sub = self.message(child, body, body + length, depth + 1)
                    if child == _ENTRY:
                        entries.append(sub)
                elif (kind in (_TENSOR, _ENTRY) and field_no in (1, 2, 8)) and length <= 65536:
                    keep[field_no] = self.f.read(length)
                self.f.seek(body + length)
            else:
                raise OnnxMalformed(f"unsupported wire type {wire} at offset {pos}")
            pos = self.f.tell()
            if pos > end:
                raise OnnxMalformed(f"field runs past its message at {pos}")
        if kind == _TENSOR:
            tname = keep.get(8, b"").decode("utf-8", "replace")
            for e in entries:
                if e.get(1, b"") == b"location":
                    self.locations.append((tname, e.get(2, b"").decode("utf-8", "replace")))
        return keep


def escapes_directory(location: str, base: str = "") -> bool:
    """True if ``location`` (relative to directory ``base``) leaves the root of ``base``."""
    norm = location.replace("\\", "/")
    if norm.startswith("/") or (len(norm) > 1 and norm[1] == ":") or "\x00" in norm:
        return True
    depth = 0
    for part in PurePosixPath(base, norm).parts if base else PurePosixPath(norm).parts:
        if part == "..":
            depth -= 1
            if depth < 0:
                return True
        elif part != ".":
            depth += 1
    return False


def scan_onnx(
    f: IO[bytes],
    path: str,
    col: Collector,
    limits: ScanLimits,
    deadline: Deadline,
    *,
    rel_dir: str = "",
) -> None:
    size = _file_size(f)
    walker = _Proto(f, limits, deadline)
    try:
        walker.message(_MODEL, 0, size, 0)
    except OnnxMalformed as exc:
        col.error(path, f"malformed ONNX protobuf: {exc}")
        return
    for tensor, location in walker.locations:
        # Locations are relative to the model's directory; check against the version root.
        if escapes_directory(location, rel_dir):
            col.add(
                SCANNER,
                "onnx-external-data-escape",
                "critical",
                path,
                f"ONNX tensor {tensor[:100]!r} loads external data from {location[:200]!r}, "
                "outside the model version; loading it could read arbitrary files. Store "
                "external data next to the model with a relative path.",
                tensor=tensor[:200],
                location=location[:500],
            )
        else:
            col.add(
                SCANNER,
                "onnx-external-data",
                "info",
                path,
                f"ONNX tensor {tensor[:100]!r} uses external data file {location[:200]!r}; "
                "make sure it is part of the version.",
                tensor=tensor[:200],
                location=location[:500],
            )


# --------------------------------------------------------------------------------------
# Keras


def _walk_json_for_lambda(doc: Any, max_depth: int) -> list[str]:
    found: list[str] = []
    stack: list[tuple[Any, int]] = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > max_depth:
            raise ValueError(f"JSON nested deeper than {max_depth}")
        if isinstance(node, dict):
            if node.get("class_name") in ("Lambda", "TFOpLambda") or node.get(
                "registered_name"
            ) in ("Lambda",):
                cfg = node.get("config")
                lname = cfg.get("name") if isinstance(cfg, dict) else None
                found.append(str(lname or node.get("class_name")))
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)
    return found


def report_lambda(col: Collector, path: str, layers: list[str], fmt: str) -> None:
    col.add(
        SCANNER,
        "keras-lambda-layer",
        "high",
        path,
        f"{fmt} model contains Lambda layer(s) {', '.join(layers[:10])}, which run arbitrary "
        "Python code when the model is loaded; replace them with built-in or registered "
        "custom layers.",
        layers=layers[:100],
    )


def scan_keras_config(
    raw: bytes, path: str, col: Collector, limits: ScanLimits, *, fmt: str = "Keras"
) -> None:
    try:
        doc = json.loads(raw)
        layers = _walk_json_for_lambda(doc, limits.max_json_depth)
    except (ValueError, RecursionError) as exc:
        col.error(path, f"unreadable Keras config.json: {str(exc)[:200]}")
        return
    if layers:
        report_lambda(col, path, layers, fmt)


_H5_LAMBDA = re.compile(rb'"class_name"\s*:\s*"(?:TFOp)?Lambda"')


def scan_h5(
    f: IO[bytes], path: str, col: Collector, limits: ScanLimits, deadline: Deadline
) -> None:
    head = f.read(8)
    if head != H5_MAGIC:
        # The superblock may sit at 512/1024/... (user block); not worth chasing.
        col.add(
            SCANNER,
            "h5-no-signature",
            "low",
            path,
            "File has an HDF5 extension but no HDF5 signature at offset 0; check the file.",
        )
    f.seek(0)
    chunk_size, overlap = 4 << 20, 256
    tail = b""
    scanned = 0
    count = 0
    while scanned < limits.h5_max_scan_bytes:
        chunk = f.read(chunk_size)
        if not chunk:
            break
        scanned += len(chunk)
        buf = tail + chunk
        count += len(_H5_LAMBDA.findall(buf))
        if count:
            break
        tail = buf[-overlap:]
        deadline.check()
    if count:
        report_lambda(col, path, ["Lambda"], "Keras HDF5")
