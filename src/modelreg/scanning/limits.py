"""Bounds applied by every scanner so bad input cannot exhaust time or memory."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, fields
from typing import Any

KiB = 1024
MiB = 1024 * KiB
GiB = 1024 * MiB


@dataclass(frozen=True)
class ScanLimits:
    max_files: int = 100_000
    max_total_seconds: float = 600.0
    # archives (zip, PyTorch checkpoints, .keras, .npz)
    max_archive_entries: int = 10_000
    max_archive_uncompressed_bytes: int = 64 * GiB
    max_compression_ratio: float = 200.0
    compression_ratio_min_bytes: int = 10 * MiB
    max_nesting_depth: int = 3
    max_nested_archive_bytes: int = 1 * GiB
    max_central_directory_bytes: int = 64 * MiB
    # pickles
    max_pickle_ops: int = 50_000_000
    max_pickle_line_bytes: int = 64 * KiB
    max_pickle_string_bytes: int = 1 * MiB
    max_pickle_memo_entries: int = 1_000_000
    max_pickle_stack_items: int = 1_000_000
    # structured formats
    max_safetensors_header_bytes: int = 100 * MiB
    max_gguf_tensors: int = 1_000_000
    max_gguf_kv: int = 1_000_000
    max_gguf_array_items: int = 50_000_000
    max_gguf_string_bytes: int = 64 * MiB
    max_onnx_depth: int = 64
    max_manifest_bytes: int = 64 * MiB
    max_json_depth: int = 200
    h5_max_scan_bytes: int = 16 * GiB
    # secrets
    secrets_max_text_bytes: int = 512 * MiB
    secrets_max_binary_bytes: int = 16 * MiB
    secrets_chunk_bytes: int = 1 * MiB
    # third-party scanner
    use_modelscan: bool = True
    modelscan_max_bytes: int = 256 * MiB
    # testing hook: sleep this long per file (lets tests exercise the subprocess timeout)
    debug_sleep_per_file_s: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScanLimits:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


class ScanTimeout(Exception):
    """The scan's wall-clock budget ran out."""


class Deadline:
    def __init__(self, seconds: float) -> None:
        self._end = time.monotonic() + seconds
        self.seconds = seconds

    def check(self) -> None:
        if time.monotonic() > self._end:
            raise ScanTimeout(f"scan exceeded its time budget of {self.seconds:g} s")
