"""Pickle-family scanning on real files written by the tests; the scanner never loads them."""

from __future__ import annotations

import io
import os
import pickle
import sys
import types
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from modelreg.scanning import ScanLimits, ScanReport, scan_directory
from modelreg.scanning.pickles import classify_global


class Evil:
    def __reduce__(self) -> Any:
        return (os.system, ("echo pwned > marker",))


def _scan(root: Path, **limits: Any) -> ScanReport:
    return scan_directory(root, limits=ScanLimits(**limits))


def _critical(report: ScanReport) -> list[str]:
    return [f"{f.path}:{f.rule}" for f in report.by_severity("critical")]


def test_malicious_pickle_flagged_and_never_executed(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    for proto in (0, 2, 4, 5):
        (tmp_path / f"evil{proto}.pkl").write_bytes(pickle.dumps(Evil(), protocol=proto))
    report = _scan(tmp_path)
    for proto in (0, 2, 4, 5):
        hits = [
            f
            for f in report.findings
            if f.path == f"evil{proto}.pkl" and f.rule == "pickle-dangerous-global"
        ]
        assert hits and hits[0].severity == "critical"
        assert hits[0].details["name"] == "system"
    assert not (tmp_path / "marker").exists()
    assert report.scanner_versions["modelscan"]
    assert report.files_scanned == 4


def test_benign_pickle_passes(tmp_path: Path) -> None:
    from collections import OrderedDict

    obj = {"weights": [1.0, 2.0], "meta": OrderedDict(a=1), "s": {1, 2}, "b": b"x" * 1000}
    (tmp_path / "model.pkl").write_bytes(pickle.dumps(obj, protocol=4))
    report = _scan(tmp_path)
    assert not report.by_severity("critical", "high")
    assert not report.errors
    summary = [f for f in report.findings if f.rule == "pickle-summary"]
    assert summary and "collections.OrderedDict" in summary[0].details["globals"]


def test_obfuscated_stack_global_is_resolved_through_memo(tmp_path: Path) -> None:
    # STACK_GLOBAL whose operands come from the memo (BINGET) rather than direct pushes.
    data = (
        b"\x80\x04"
        b"\x8c\x02os\x94"  # 'os', MEMOIZE -> 0
        b"\x8c\x06system\x94"  # 'system', MEMOIZE -> 1
        b"0"  # POP
        b"0"  # POP
        b"h\x00h\x01\x93"  # BINGET 0, BINGET 1, STACK_GLOBAL
        b"\x8c\x02id\x85R."  # ('id',) REDUCE STOP
    )
    (tmp_path / "x.bin").write_bytes(data)
    report = _scan(tmp_path, use_modelscan=False)
    assert any(f.details.get("module") == "os" for f in report.by_severity("critical"))


def test_large_inline_bytes_are_skipped_not_read(tmp_path: Path) -> None:
    payload = {"blob": b"\x00" * (8 << 20), "cmd": Evil()}
    (tmp_path / "big.pickle").write_bytes(pickle.dumps(payload, protocol=5))
    report = _scan(tmp_path, use_modelscan=False, max_pickle_string_bytes=1024)
    assert _critical(report) == ["big.pickle:pickle-dangerous-global"]


def test_torch_zip_checkpoint_with_malicious_data_pkl(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    with zipfile.ZipFile(tmp_path / "model.pt", "w") as z:
        z.writestr("archive/data.pkl", pickle.dumps({"state": Evil()}, protocol=2))
        z.writestr("archive/version", "3\n")
        z.writestr("archive/data/0", b"\xff" * 4096)
    report = _scan(tmp_path)
    paths = {f.path for f in report.by_severity("critical")}
    assert "model.pt!archive/data.pkl" in paths
    assert not (tmp_path / "marker").exists()


def test_benign_torch_zip_checkpoint(tmp_path: Path) -> None:
    # What torch.save writes for a tiny state dict, assembled by hand.
    body = (
        b"\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01X\x06\x00\x00\x00weightq\x02"
        b"ctorch._utils\n_rebuild_tensor_v2\nq\x03((X\x07\x00\x00\x00storageq\x04"
        b"ctorch\nFloatStorage\nq\x05X\x01\x00\x00\x000q\x06X\x03\x00\x00\x00cpuq\x07K\x04tq\x08"
        b"QK\x00K\x04\x85q\tK\x01\x85q\n\x89h\x01)Rq\x0btq\x0cRq\rs."
    )
    with zipfile.ZipFile(tmp_path / "ok.pt", "w") as z:
        z.writestr("archive/data.pkl", body)
        z.writestr("archive/version", "3\n")
        z.writestr("archive/data/0", b"\x00" * 16)
    report = _scan(tmp_path)
    assert not report.by_severity("critical", "high"), report.findings
    assert not report.errors


# --- joblib: the array bytes are written raw into the middle of the pickle stream -----


class NumpyArrayWrapper:
    def __init__(self, array: Any) -> None:
        self.subclass = type(array)
        self.shape = array.shape
        self.order = "C"
        self.dtype = array.dtype
        self.allow_mmap = True
        self.numpy_array_alignment_bytes = 16


@pytest.fixture
def joblib_module() -> Any:
    """Register the wrapper under joblib's module name so pickle can refer to it."""
    pkg = types.ModuleType("joblib")
    mod = types.ModuleType("joblib.numpy_pickle")
    NumpyArrayWrapper.__module__ = "joblib.numpy_pickle"
    mod.NumpyArrayWrapper = NumpyArrayWrapper  # type: ignore[attr-defined]
    saved = {k: sys.modules.get(k) for k in ("joblib", "joblib.numpy_pickle")}
    sys.modules["joblib"], sys.modules["joblib.numpy_pickle"] = pkg, mod
    yield mod
    for k, v in saved.items():
        if v is None:
            sys.modules.pop(k, None)
        else:
            sys.modules[k] = v


def _joblib_dump(obj: Any, protocol: int) -> bytes:
    """Mimics joblib.numpy_pickle.NumpyPickler: wrapper pickled, then padding + raw bytes."""
    out = io.BytesIO()

    class JoblibLikePickler(pickle._Pickler):  # type: ignore[name-defined,misc]
        def save(self, o: Any, save_persistent_id: bool = True) -> None:
            if isinstance(o, np.ndarray) and not o.dtype.hasobject:
                super().save(NumpyArrayWrapper(o))
                if self.proto >= 4:
                    self.framer.commit_frame(force=True)
                pos = out.tell() + 1
                pad = 16 - (pos % 16)
                out.write(bytes([pad]) + b"\xff" * pad)
                out.write(o.tobytes("C"))
                return
            super().save(o, save_persistent_id)

    JoblibLikePickler(out, protocol=protocol).dump(obj)
    return out.getvalue()


@pytest.mark.parametrize("protocol", [2, 3, 5])
def test_joblib_with_arrays_benign_and_malicious(
    tmp_path: Path, joblib_module: Any, protocol: int
) -> None:
    arrays = {
        "coef": np.full((64, 8), -1.0),  # 0xBF... bytes: invalid opcodes if not skipped
        "idx": np.arange(100, dtype=np.int32),
    }
    (tmp_path / "good.joblib").write_bytes(_joblib_dump(arrays, protocol))
    (tmp_path / "bad.joblib").write_bytes(_joblib_dump([arrays, Evil()], protocol))
    report = _scan(tmp_path)
    assert not report.errors, report.errors
    assert _critical(report) == ["bad.joblib:pickle-dangerous-global"]
    summary = next(
        f for f in report.findings if f.rule == "pickle-summary" and f.path == "good.joblib"
    )
    assert summary.details["joblib_arrays"] == 2


def test_npy_object_array_with_malicious_pickle(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    np.save(tmp_path / "obj.npy", np.array([Evil(), 1], dtype=object), allow_pickle=True)
    np.save(tmp_path / "plain.npy", np.zeros((4, 4)))
    report = _scan(tmp_path)
    assert _critical(report) == ["obj.npy:pickle-dangerous-global"]
    assert not [f for f in report.findings if f.path == "plain.npy"]
    assert not (tmp_path / "marker").exists()


def test_sniffing_finds_pickles_with_other_extensions(tmp_path: Path) -> None:
    (tmp_path / "weights.model").write_bytes(pickle.dumps(Evil(), protocol=4))
    report = _scan(tmp_path, use_modelscan=False)
    assert _critical(report) == ["weights.model:pickle-dangerous-global"]


@pytest.mark.parametrize(
    "data",
    [b"", b"\x80\x04", b"\x80\x04\x95\x00\x00", b"\x80\x02}q\x00(X\x01", b"\x80\x02\xfe."],
)
def test_malformed_pickles_give_scan_errors(tmp_path: Path, data: bytes) -> None:
    (tmp_path / "broken.pkl").write_bytes(data)
    report = _scan(tmp_path, use_modelscan=False)
    assert report.errors and all("malformed pickle" in e.reason for e in report.errors)


def test_classify_global() -> None:
    assert classify_global("builtins", "eval") == "critical"
    assert classify_global("builtins", "__import__") == "critical"
    assert classify_global("os.path", "join") == "critical"
    assert classify_global("subprocess", "Popen") == "critical"
    assert classify_global("webbrowser", "open") == "critical"
    assert classify_global("collections", "OrderedDict") is None
    assert classify_global("torch._utils", "_rebuild_tensor_v2") is None
    assert classify_global("sklearn.linear_model", "LogisticRegression") == "medium"


def test_raw_bin_data_is_not_reported_as_a_broken_pickle(tmp_path: Path) -> None:
    (tmp_path / "weights.bin").write_bytes(np.arange(1000, dtype=np.float32).tobytes())
    (tmp_path / "legacy.bin").write_bytes(pickle.dumps(Evil(), protocol=0))
    report = _scan(tmp_path, use_modelscan=False)
    assert not report.errors
    assert _critical(report) == ["legacy.bin:pickle-dangerous-global"]
