"""Dispatch, subprocess isolation (timeout, memory cap) and fuzzing of the scan entry point."""

from __future__ import annotations

import os
import pickle
import struct
import zipfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from modelreg.scanning import ScanLimits, ScanReport, scan_directory, scan_in_subprocess


class Evil:
    def __reduce__(self) -> Any:
        return (os.system, ("echo pwned > marker",))


def test_scan_in_subprocess_returns_report(tmp_path: Path) -> None:
    (tmp_path / "evil.pkl").write_bytes(pickle.dumps(Evil()))
    report = scan_in_subprocess(tmp_path, ScanLimits(), timeout_s=60, memory_mb=512)
    assert not report.errors, report.errors
    assert any(f.rule == "pickle-dangerous-global" for f in report.by_severity("critical"))
    assert report.files_scanned == 1 and report.scanner_versions["modelscan"]
    assert not (tmp_path / "marker").exists()


def test_scan_in_subprocess_timeout(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"f{i}.txt").write_text("x")
    report = scan_in_subprocess(
        tmp_path, ScanLimits(debug_sleep_per_file_s=30), timeout_s=1.5, memory_mb=512
    )
    assert report.findings == []
    assert [e.reason for e in report.errors] == ["timed out after 1.5 s"]


def test_scan_in_subprocess_memory_cap(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    report = scan_in_subprocess(tmp_path, ScanLimits(), timeout_s=60, memory_mb=16)
    assert report.errors and report.findings == []
    assert "memory" in report.errors[0].reason or "status" in report.errors[0].reason


def test_in_process_time_budget(tmp_path: Path) -> None:
    for i in range(3):
        (tmp_path / f"f{i}.txt").write_text("x")
    report = scan_directory(
        tmp_path, limits=ScanLimits(max_total_seconds=0.05, debug_sleep_per_file_s=0.1)
    )
    assert any("time budget" in e.reason for e in report.errors)


def test_symlink_escaping_root_is_flagged_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "v1"
    root.mkdir()
    outside = tmp_path / "secret.pkl"
    outside.write_bytes(pickle.dumps(Evil()))
    (root / "link.pkl").symlink_to(outside)
    report = scan_directory(root, limits=ScanLimits())
    assert [(f.path, f.rule) for f in report.findings] == [("link.pkl", "symlink-escape")]


def test_report_roundtrip(tmp_path: Path) -> None:
    (tmp_path / "evil.pkl").write_bytes(pickle.dumps(Evil()))
    report = scan_directory(tmp_path, limits=ScanLimits(use_modelscan=False))
    assert ScanReport.from_dict(report.to_dict()) == report


_NAMES = [
    "m.pkl", "m.pt", "m.joblib", "m.npy", "m.safetensors", "m.gguf", "m.onnx", "m.keras",
    "m.h5", "m.zip", "m.bin", "noext",
]  # fmt: skip
_SEEDS = [
    pickle.dumps({"a": [1, 2, (3, "x")], "b": Evil}, protocol=4),
    pickle.dumps([Evil(), {1: b"zz"}], protocol=2),
    struct.pack("<Q", 60)
    + b'{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}    '
    + b"\x00" * 8,
    b"GGUF" + struct.pack("<IQQ", 3, 1, 1) + struct.pack("<Q", 3) + b"abc" + struct.pack("<I", 8),
    b"\x93NUMPY\x01\x00v\x00{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"
    + b" " * 55
    + b"\n"
    + pickle.dumps([1], protocol=2),
]


def _zip_seed() -> bytes:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("archive/data.pkl", _SEEDS[0])
        z.writestr("config.json", '{"class_name": "Lambda"}')
    return buf.getvalue()


_SEEDS.append(_zip_seed())


@st.composite
def _inputs(draw: st.DrawFn) -> bytes:
    if draw(st.booleans()):
        return draw(st.binary(max_size=512))
    seed = bytearray(draw(st.sampled_from(_SEEDS)))
    for _ in range(draw(st.integers(0, 4))):
        if not seed:
            break
        pos = draw(st.integers(0, len(seed) - 1))
        seed[pos] = draw(st.integers(0, 255))
    cut = draw(st.integers(0, len(seed)))
    return bytes(seed[:cut])


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(data=_inputs(), name=st.sampled_from(_NAMES))
def test_fuzz_never_raises(tmp_path: Path, data: bytes, name: str) -> None:
    target = tmp_path / "fuzz"
    target.mkdir(exist_ok=True)
    for old in target.iterdir():
        old.unlink()
    (target / name).write_bytes(data)
    report = scan_directory(target, limits=ScanLimits(use_modelscan=False))
    assert report.files_scanned == 1
    internal = [e for e in report.errors if e.reason.startswith("scanner failed")]
    assert not internal, internal
