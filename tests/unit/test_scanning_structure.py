"""Structural validation of safetensors, GGUF, ONNX and Keras files built by the tests."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path
from typing import Any

from modelreg.scanning import ScanLimits, ScanReport, scan_directory
from modelreg.scanning.structure import escapes_directory


def _scan(root: Path, **limits: Any) -> ScanReport:
    return scan_directory(root, limits=ScanLimits(**limits))


def _rules(report: ScanReport) -> set[str]:
    return {f.rule for f in report.findings}


# --- safetensors ------------------------------------------------------------------------


def _safetensors(tensors: dict[str, Any], data: bytes, metadata: Any = None) -> bytes:
    header: dict[str, Any] = dict(tensors)
    if metadata is not None:
        header["__metadata__"] = metadata
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + data


VALID = {
    "a": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]},
    "b": {"dtype": "BF16", "shape": [4], "data_offsets": [16, 24]},
}


def test_safetensors_valid(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(
        _safetensors(VALID, b"\x00" * 24, {"format": "pt"})
    )
    report = _scan(tmp_path)
    assert report.findings == [] and report.errors == []


def test_safetensors_truncated(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(_safetensors(VALID, b"\x00" * 20))
    (tmp_path / "short.safetensors").write_bytes(b"\x10\x00")
    report = _scan(tmp_path)
    bad = {f.path for f in report.findings if f.rule == "safetensors-malformed"}
    assert bad == {"model.safetensors", "short.safetensors"}
    assert all(f.severity == "high" for f in report.findings)


def test_safetensors_overlap_and_bad_sizes(tmp_path: Path) -> None:
    overlap = {
        "a": {"dtype": "F32", "shape": [4], "data_offsets": [0, 16]},
        "b": {"dtype": "F32", "shape": [2], "data_offsets": [8, 16]},
    }
    (tmp_path / "overlap.safetensors").write_bytes(_safetensors(overlap, b"\x00" * 16))
    wrong = {"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 16]}}
    (tmp_path / "wrong.safetensors").write_bytes(_safetensors(wrong, b"\x00" * 16))
    dtype = {"a": {"dtype": "PY_OBJECT", "shape": [1], "data_offsets": [0, 1]}}
    (tmp_path / "dtype.safetensors").write_bytes(_safetensors(dtype, b"\x00"))
    meta = {"a": {"dtype": "U8", "shape": [1], "data_offsets": [0, 1]}}
    (tmp_path / "meta.safetensors").write_bytes(_safetensors(meta, b"\x00", {"k": 1}))
    report = _scan(tmp_path)
    problems = {f.path: f.details["problem"] for f in report.findings}
    assert "overlaps" in problems["overlap.safetensors"]
    assert "need 12" in problems["wrong.safetensors"]
    assert "unknown dtype" in problems["dtype.safetensors"]
    assert "__metadata__" in problems["meta.safetensors"]


def test_safetensors_huge_header_length_and_hidden_data(tmp_path: Path) -> None:
    (tmp_path / "huge.safetensors").write_bytes(struct.pack("<Q", 1 << 40) + b"{}")
    (tmp_path / "gap.safetensors").write_bytes(
        _safetensors({"a": {"dtype": "U8", "shape": [1], "data_offsets": [4, 5]}}, b"\x00" * 9)
    )
    (tmp_path / "notjson.safetensors").write_bytes(struct.pack("<Q", 3) + b"{x}")
    report = _scan(tmp_path)
    by_path: dict[str, set[str]] = {}
    for f in report.findings:
        by_path.setdefault(f.path, set()).add(f.rule)
    assert by_path["huge.safetensors"] == {"safetensors-malformed"}
    assert by_path["gap.safetensors"] == {"safetensors-gap", "safetensors-trailing-data"}
    assert by_path["notjson.safetensors"] == {"safetensors-malformed"}
    assert not report.errors


# --- GGUF -------------------------------------------------------------------------------


def _gguf_str(s: str) -> bytes:
    b = s.encode()
    return struct.pack("<Q", len(b)) + b


def _gguf(version: int = 3, template: str | None = None) -> bytes:
    kvs = [_gguf_str("general.alignment") + struct.pack("<II", 4, 32)]
    kvs.append(
        _gguf_str("tokenizer.ggml.tokens")
        + struct.pack("<IIQ", 9, 8, 2)
        + _gguf_str("a")
        + _gguf_str("b")
    )
    if template is not None:
        kvs.append(
            _gguf_str("tokenizer.chat_template") + struct.pack("<I", 8) + _gguf_str(template)
        )
    out = b"GGUF" + struct.pack("<IQQ", version, 1, len(kvs)) + b"".join(kvs)
    out += _gguf_str("t") + struct.pack("<IQIQ", 1, 4, 0, 0)
    out += b"\x00" * (-len(out) % 32) + b"\x00" * 16
    return out


def test_gguf_valid_and_malformed(tmp_path: Path) -> None:
    good = _gguf()
    (tmp_path / "ok.gguf").write_bytes(good)
    (tmp_path / "v1.gguf").write_bytes(_gguf(version=1))
    (tmp_path / "trunc.gguf").write_bytes(good[:40])
    (tmp_path / "nodata.gguf").write_bytes(good[:-8])
    counts = b"GGUF" + struct.pack("<IQQ", 3, 1 << 60, 1 << 60)
    (tmp_path / "counts.gguf").write_bytes(counts)
    strlen = b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 1 << 62)
    (tmp_path / "strlen.gguf").write_bytes(strlen)
    report = _scan(tmp_path)
    bad = {f.path for f in report.findings if f.rule == "gguf-malformed"}
    assert bad == {"v1.gguf", "trunc.gguf", "nodata.gguf", "counts.gguf", "strlen.gguf"}
    assert not report.errors


def test_gguf_template_injection(tmp_path: Path) -> None:
    t = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    (tmp_path / "t.gguf").write_bytes(_gguf(template=t))
    report = _scan(tmp_path)
    assert _rules(report) == {"gguf-template-injection"}


# --- ONNX -------------------------------------------------------------------------------


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _field(no: int, payload: bytes) -> bytes:
    return _varint(no << 3 | 2) + _varint(len(payload)) + payload


def _onnx(location: str, *, nested: bool = False) -> bytes:
    entry = _field(1, b"location") + _field(2, location.encode())
    tensor = (
        _varint(1 << 3) + _varint(4)  # dims
        + _varint(2 << 3) + _varint(1)  # data_type
        + _field(8, b"w")
        + _field(13, entry)
        + _varint(14 << 3) + _varint(1)  # data_location = EXTERNAL
    )  # fmt: skip
    graph = _field(5, tensor) + _field(2, b"main")
    if nested:  # tensor inside an If node's then_branch subgraph
        attr = _field(1, b"then_branch") + _field(6, graph)
        graph = _field(1, _field(5, attr))
    return _varint(1 << 3) + _varint(8) + _field(7, graph)


def test_onnx_external_data_escape(tmp_path: Path) -> None:
    (tmp_path / "evil.onnx").write_bytes(_onnx("../../etc/passwd"))
    (tmp_path / "abs.onnx").write_bytes(_onnx("/etc/shadow", nested=True))
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "up.onnx").write_bytes(_onnx("../weights.bin"))  # stays inside the version
    (sub / "abs.onnx").write_bytes(_onnx("/etc/shadow"))
    (tmp_path / "ok.onnx").write_bytes(_onnx("weights.bin"))
    report = _scan(tmp_path)
    critical = {f.path: f.details["location"] for f in report.by_severity("critical")}
    assert critical == {
        "evil.onnx": "../../etc/passwd",
        "abs.onnx": "/etc/shadow",
        "sub/abs.onnx": "/etc/shadow",
    }
    infos = {f.path for f in report.findings if f.rule == "onnx-external-data"}
    assert infos == {"ok.onnx", "sub/up.onnx"}
    assert not report.errors


def test_onnx_malformed_is_a_scan_error(tmp_path: Path) -> None:
    good = _onnx("weights.bin")
    (tmp_path / "trunc.onnx").write_bytes(good[:-3])
    (tmp_path / "group.onnx").write_bytes(b"\x0b\x0c")
    deep = b""
    for _ in range(100):
        deep = _field(6, _field(1, _field(5, deep)))  # attr.g -> graph.node -> node.attr
    (tmp_path / "deep.onnx").write_bytes(_field(7, _field(1, _field(5, deep))))
    report = _scan(tmp_path)
    assert {e.path for e in report.errors} == {"trunc.onnx", "group.onnx", "deep.onnx"}
    assert all("malformed ONNX" in e.reason for e in report.errors)


def test_escapes_directory() -> None:
    assert escapes_directory("../x") and escapes_directory("/x") and escapes_directory("C:\\x")
    assert escapes_directory("a/../../x") and not escapes_directory("a/../x")
    assert not escapes_directory("../x", "sub") and escapes_directory("../../x", "sub")
    assert escapes_directory("/etc/passwd", "sub")


# --- Keras ------------------------------------------------------------------------------


def test_keras_lambda_layer(tmp_path: Path) -> None:
    config = {
        "class_name": "Functional",
        "config": {
            "layers": [
                {"class_name": "InputLayer", "config": {"name": "in"}},
                {"class_name": "Lambda", "config": {"name": "sneaky", "function": "x"}},
            ]
        },
    }
    for name, cfg in (("evil.keras", config), ("ok.keras", {"class_name": "Sequential"})):
        with zipfile.ZipFile(tmp_path / name, "w") as z:
            z.writestr("config.json", json.dumps(cfg))
            z.writestr("metadata.json", "{}")
    h5 = b"\x89HDF\r\n\x1a\n" + b"\x00" * 5000 + json.dumps(config).encode() + b"\x00" * 10
    (tmp_path / "old.h5").write_bytes(h5)
    report = _scan(tmp_path)
    hits = {f.path for f in report.findings if f.rule == "keras-lambda-layer"}
    assert hits == {"evil.keras!config.json", "old.h5"}
    assert all(f.severity == "high" for f in report.findings)


def test_keras_huge_or_bad_config(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "big.keras", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("config.json", b" " * (2 << 20))
    with zipfile.ZipFile(tmp_path / "deep.keras", "w") as z:
        z.writestr("config.json", "[" * 100_000 + "]" * 100_000)
    report = _scan(tmp_path, max_manifest_bytes=1 << 20)
    reasons = {e.path: e.reason for e in report.errors}
    assert "above the limit" in reasons["big.keras!config.json"]
    assert "unreadable Keras config.json" in reasons["deep.keras!config.json"]
