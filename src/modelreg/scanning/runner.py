"""Scan a model version directory, in-process or (for the worker) in a limited child process.

``python -m modelreg.scanning.runner ROOT [--limits-json JSON]`` prints a ScanReport as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from modelreg.scanning import archives, pickles, secrets, structure
from modelreg.scanning.findings import Collector, ScanError, ScanReport
from modelreg.scanning.limits import Deadline, ScanLimits, ScanTimeout

SCANNER_VERSION = "1"
_SNIFF = 16
# Extensions also used for raw tensor data (e.g. ONNX external data): only treated as pickles
# when the content looks like one.
_AMBIGUOUS_EXTENSIONS = frozenset({".bin", ".dat", ".data"})
_PROTO01_STARTS = frozenset({b"(", b"c", b"]", b"}", b")", b"l", b"d", b"N", b"I", b"S", b"V"})


@dataclass
class _Context:
    root: Path
    limits: ScanLimits
    deadline: Deadline
    col: Collector = field(default_factory=Collector)
    versions: dict[str, str] = field(default_factory=dict)
    files: int = 0
    bytes: int = 0


def _ext(name: str) -> str:
    return PurePosixPath(name).suffix.lower()


def scan_directory(root: Path, *, limits: ScanLimits | None = None) -> ScanReport:
    """Scan every regular file under ``root``; never raises for bad input."""
    limits = limits or ScanLimits()
    ctx = _Context(root=root, limits=limits, deadline=Deadline(limits.max_total_seconds))
    ctx.versions["modelreg.scanning"] = SCANNER_VERSION
    ctx.versions.update(pickles.DANGER_LIST_VERSIONS)
    try:
        if root.is_file():
            _scan_file(root, root.name, ctx)
        else:
            _walk(root, ctx)
    except ScanTimeout as exc:
        ctx.col.error(str(root), str(exc))
    return ScanReport(
        findings=ctx.col.findings,
        errors=ctx.col.errors,
        scanner_versions=ctx.versions,
        files_scanned=ctx.files,
        bytes_scanned=ctx.bytes,
    )


def _walk(root: Path, ctx: _Context) -> None:
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        base = Path(dirpath)
        for name in [*sorted(filenames), *(d for d in dirnames if (base / d).is_symlink())]:
            path = base / name
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = Path(os.path.realpath(path))
                if not target.is_relative_to(real_root):
                    ctx.col.add(
                        archives.SCANNER,
                        "symlink-escape",
                        "high",
                        rel,
                        "Symbolic link points outside the model version; replace it with "
                        "the file itself.",
                    )
                continue
            if not path.is_file():
                continue
            if ctx.files >= ctx.limits.max_files:
                ctx.col.error(str(root), f"more than {ctx.limits.max_files} files; scan stopped")
                return
            ctx.deadline.check()
            _scan_file(path, rel, ctx)
            if ctx.limits.debug_sleep_per_file_s:
                time.sleep(ctx.limits.debug_sleep_per_file_s)


def _scan_file(path: Path, rel: str, ctx: _Context) -> None:
    ctx.files += 1
    try:
        size = path.stat().st_size
        ctx.bytes += size
        with path.open("rb") as f:
            _dispatch_file(f, path, rel, size, ctx)
    except ScanTimeout:
        raise
    except Exception as exc:  # includes MemoryError and RecursionError
        ctx.col.error(rel, f"scanner failed: {type(exc).__name__}: {str(exc)[:300]}")


def _dispatch_file(f: IO[bytes], path: Path, rel: str, size: int, ctx: _Context) -> None:
    limits, col, deadline = ctx.limits, ctx.col, ctx.deadline
    head = f.read(_SNIFF)
    f.seek(0)
    ext = _ext(rel)
    handled_as_model = True
    pickle_like = False
    if head.startswith((archives.ZIP_MAGIC, archives.EMPTY_ZIP_MAGIC)):
        _scan_zip(f, rel, ext, 0, ctx)
        pickle_like = ext in pickles.PICKLE_EXTENSIONS
    elif head.startswith(pickles.NUMPY_MAGIC) or ext in pickles.NUMPY_EXTENSIONS:
        pickles.scan_npy(f, rel, col, limits, deadline)
        pickle_like = True
    elif ext in structure.SAFETENSORS_EXTENSIONS or structure.sniff_safetensors(head):
        meta = structure.scan_safetensors(f, rel, col, limits)
        if meta:
            secrets.scan_secrets_text(json.dumps(meta), rel, col, limits)
    elif head.startswith(structure.GGUF_MAGIC) or ext in structure.GGUF_EXTENSIONS:
        structure.scan_gguf(f, rel, col, limits, deadline)
    elif ext in structure.ONNX_EXTENSIONS:
        parent = PurePosixPath(rel).parent.as_posix()
        structure.scan_onnx(f, rel, col, limits, deadline, rel_dir="" if parent == "." else parent)
    elif ext in structure.H5_EXTENSIONS or head.startswith(structure.H5_MAGIC):
        structure.scan_h5(f, rel, col, limits, deadline)
    elif pickles.sniff_pickle(head) or (
        ext in pickles.PICKLE_EXTENSIONS
        and (ext not in _AMBIGUOUS_EXTENSIONS or head[:1] in _PROTO01_STARTS)
    ):
        pickle_like = True
        ok = pickles.scan_pickle_stream(f, rel, col, limits, deadline)
        if limits.use_modelscan and size <= limits.modelscan_max_bytes:
            _run_modelscan(path, rel, ctx, own_ok=ok)
    else:
        handled_as_model = False
    if pickle_like and head.startswith(archives.ZIP_MAGIC) and limits.use_modelscan:
        _run_modelscan(path, rel, ctx, own_ok=True)
    if ext in secrets.TEXT_EXTENSIONS and not handled_as_model:
        f.seek(0)
        secrets.scan_secrets_stream(
            f, rel, col, limits, deadline, max_bytes=limits.secrets_max_text_bytes
        )
    elif size <= limits.secrets_max_binary_bytes and not head.startswith(archives.ZIP_MAGIC):
        f.seek(0)
        secrets.scan_secrets_stream(
            f, rel, col, limits, deadline, max_bytes=limits.secrets_max_binary_bytes
        )


def _run_modelscan(path: Path, rel: str, ctx: _Context, *, own_ok: bool) -> None:
    version = pickles.modelscan_findings(str(path), rel, ctx.col, own_scan_ok=own_ok)
    if version:
        ctx.versions["modelscan"] = version


def _scan_zip(f: IO[bytes], display: str, ext: str, depth: int, ctx: _Context) -> None:
    limits, col = ctx.limits, ctx.col
    if depth > limits.max_nesting_depth:
        col.error(
            display,
            f"archive nested more than {limits.max_nesting_depth} levels deep; not scanned",
        )
        return
    try:
        zf = archives.open_zip(f, limits)
        with zf:
            archives.check_zip(zf, display, col, limits)
            _scan_zip_members(zf, display, ext, depth, ctx)
    except archives.ArchiveRefused as exc:
        col.error(display, f"archive refused: {exc}")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError) as exc:
        col.error(display, f"unreadable archive: {type(exc).__name__}: {str(exc)[:200]}")


def _scan_zip_members(
    zf: zipfile.ZipFile, display: str, ext: str, depth: int, ctx: _Context
) -> None:
    limits, col, deadline = ctx.limits, ctx.col, ctx.deadline
    names = zf.namelist()
    torch_like = any(n == "data.pkl" or n.endswith("/data.pkl") for n in names)
    keras_like = ext == ".keras" or (
        "config.json" in names and ("metadata.json" in names or "model.weights.h5" in names)
    )
    if keras_like and "config.json" not in names:
        col.error(display, "Keras archive without config.json")
    for info in zf.infolist():
        if info.is_dir():
            continue
        deadline.check()
        name = info.filename
        member = f"{display}!{name}"
        mext = _ext(name)
        if info.flag_bits & 0x1:
            continue  # encrypted: reported by check_zip
        if keras_like and name == "config.json":
            if info.file_size > limits.max_manifest_bytes:
                col.error(
                    member,
                    f"config.json is {info.file_size} bytes, above the limit of "
                    f"{limits.max_manifest_bytes}",
                )
                continue
            with archives.open_member(zf, info) as m:
                structure.scan_keras_config(m.read(limits.max_manifest_bytes), member, col, limits)
            continue
        with archives.open_member(zf, info) as m:
            head = m.read(_SNIFF)
        if head.startswith((archives.ZIP_MAGIC, archives.EMPTY_ZIP_MAGIC)):
            _scan_nested_zip(zf, info, member, mext, depth, ctx)
            continue
        if torch_like and "/data/" in f"/{name}" and not name.endswith(".pkl"):
            continue  # raw tensor storage
        if (
            mext in (".pkl", ".pickle")
            or mext in pickles.PICKLE_EXTENSIONS
            or (pickles.sniff_pickle(head))
        ):
            with archives.open_member(zf, info) as m:
                pickles.scan_pickle_stream(m, member, col, limits, deadline)
            continue
        if head.startswith(pickles.NUMPY_MAGIC):
            with archives.open_member(zf, info) as m:
                pickles.scan_npy(m, member, col, limits, deadline)
            continue
        if mext in structure.H5_EXTENSIONS or head.startswith(structure.H5_MAGIC):
            with archives.open_member(zf, info) as m:
                structure.scan_h5(m, member, col, limits, deadline)
            continue
        if mext in secrets.TEXT_EXTENSIONS or info.file_size <= limits.secrets_max_binary_bytes:
            cap = (
                limits.secrets_max_text_bytes
                if mext in secrets.TEXT_EXTENSIONS
                else limits.secrets_max_binary_bytes
            )
            with archives.open_member(zf, info) as m:
                secrets.scan_secrets_stream(m, member, col, limits, deadline, max_bytes=cap)


def _scan_nested_zip(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    member: str,
    mext: str,
    depth: int,
    ctx: _Context,
) -> None:
    limits = ctx.limits
    if depth + 1 > limits.max_nesting_depth:
        ctx.col.error(
            member,
            f"archive nested more than {limits.max_nesting_depth} levels deep; not scanned",
        )
        return
    if info.file_size > limits.max_nested_archive_bytes:
        ctx.col.error(
            member,
            f"nested archive of {info.file_size} bytes exceeds the limit of "
            f"{limits.max_nested_archive_bytes}",
        )
        return
    with tempfile.TemporaryFile() as tmp:
        with archives.open_member(zf, info) as m:
            shutil.copyfileobj(m, tmp, 1 << 20)
        tmp.seek(0)
        _scan_zip(tmp, member, mext, depth + 1, ctx)


# --------------------------------------------------------------------------------------
# Subprocess isolation


def _limit_memory(memory_mb: int) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def scan_in_subprocess(
    root: Path,
    limits: ScanLimits | None = None,
    timeout_s: float = 300.0,
    memory_mb: int = 1024,
) -> ScanReport:
    """Run :func:`scan_directory` in a child with an address-space cap and a wall-clock timeout."""
    limits = limits or ScanLimits()
    cmd = [
        sys.executable,
        "-m",
        "modelreg.scanning.runner",
        str(root),
        "--limits-json",
        json.dumps(limits.to_dict()),
    ]
    env = dict(os.environ)
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own module
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
        preexec_fn=lambda: _limit_memory(memory_mb),
    )
    try:
        out, err = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return _failed(root, f"timed out after {timeout_s:g} s")
    if proc.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        reason = f"scanner process exited with status {proc.returncode}"
        if any("MemoryError" in line for line in tail):
            reason = f"scanner exceeded its memory limit of {memory_mb} MiB"
        elif tail:
            reason += f": {' | '.join(tail)[:500]}"
        return _failed(root, reason)
    try:
        return ScanReport.from_dict(json.loads(out))
    except (ValueError, KeyError, TypeError) as exc:
        return _failed(root, f"scanner produced unreadable output: {exc}")


def _failed(root: Path, reason: str) -> ScanReport:
    return ScanReport(
        errors=[ScanError(str(root), reason)],
        scanner_versions={"modelreg.scanning": SCANNER_VERSION},
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m modelreg.scanning.runner")
    parser.add_argument("root", type=Path)
    parser.add_argument("--limits-json", default="{}")
    args = parser.parse_args(argv)
    limits = ScanLimits.from_dict(json.loads(args.limits_json))
    try:
        report = scan_directory(args.root, limits=limits)
    except MemoryError:
        report = _failed(args.root, "scanner exceeded its memory limit")
    sys.stdout.write(json.dumps(report.to_dict()))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
