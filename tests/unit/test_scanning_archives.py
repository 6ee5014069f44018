"""Zip bombs, deep nesting and hostile member names are refused with a reason, quickly."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

from modelreg.scanning import ScanLimits, scan_directory
from modelreg.scanning.archives import unsafe_member_name


def test_zip_bomb_refused_quickly(tmp_path: Path) -> None:
    # 1 GiB of zeros, written in 1 MiB pieces so the test itself stays small in memory.
    with (
        zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z,
        z.open("zeros.bin", "w", force_zip64=True) as w,
    ):
        chunk = bytes(1 << 20)
        for _ in range(1024):
            w.write(chunk)
    assert (tmp_path / "bomb.zip").stat().st_size < 8 << 20
    start = time.monotonic()
    report = scan_directory(tmp_path, limits=ScanLimits())
    assert time.monotonic() - start < 2
    assert [e.path for e in report.errors] == ["bomb.zip"]
    assert "compression ratio" in report.errors[0].reason
    # With a total-size limit instead of a ratio limit the reason says so.
    report = scan_directory(
        tmp_path,
        limits=ScanLimits(max_compression_ratio=1e9, max_archive_uncompressed_bytes=1 << 29),
    )
    assert "expands to more than" in report.errors[0].reason


def _nest(levels: int) -> bytes:
    data = b"hello"
    name = "leaf.txt"
    for i in range(levels):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr(name, data)
        data, name = buf.getvalue(), f"level{i}.zip"
    return data


def test_deep_nesting_refused(tmp_path: Path) -> None:
    (tmp_path / "deep.zip").write_bytes(_nest(10))
    (tmp_path / "shallow.zip").write_bytes(_nest(2))
    report = scan_directory(tmp_path, limits=ScanLimits(max_nesting_depth=3))
    assert len(report.errors) == 1
    err = report.errors[0]
    assert err.path.startswith("deep.zip!") and err.path.count("!") == 4
    assert "nested more than 3 levels" in err.reason


def test_too_many_entries_and_traversal(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "many.zip", "w") as z:
        for i in range(50):
            z.writestr(f"f{i}", b"")
    with zipfile.ZipFile(tmp_path / "slip.zip", "w") as z:
        z.writestr("../../etc/cron.d/x", b"* * * * * root id\n")
        z.writestr("/abs", b"")
    report = scan_directory(tmp_path, limits=ScanLimits(max_archive_entries=20))
    assert [e.path for e in report.errors] == ["many.zip"]
    assert "50 entries" in report.errors[0].reason
    members = {f.details["member"] for f in report.findings if f.rule == "archive-path-traversal"}
    assert "../../etc/cron.d/x" in members


def test_corrupt_zip_is_a_scan_error(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
    data = buf.getvalue()
    (tmp_path / "cut.pt").write_bytes(data[: len(data) // 2])
    report = scan_directory(tmp_path, limits=ScanLimits())
    assert report.errors and report.errors[0].path == "cut.pt"


def test_unsafe_member_name() -> None:
    assert unsafe_member_name("../x") and unsafe_member_name("/x") and unsafe_member_name("C:x")
    assert unsafe_member_name("a\\..\\..\\b")
    assert not unsafe_member_name("archive/data.pkl")
