"""Pickle-family scanning (plain pickles, joblib, PyTorch, NumPy object arrays).

This is the entry module the runner uses: it says which files are pickles and gathers the
scanners for them. Nothing unpickles: :mod:`~modelreg.scanning.pickle_walker` interprets the
opcode stream symbolically, :mod:`~modelreg.scanning.pickle_globals` judges the globals it
imports, :mod:`~modelreg.scanning.numpy_files` handles ``.npy`` object arrays, and
:mod:`~modelreg.scanning.modelscan_adapter` merges the results of the optional modelscan tool.
"""

from __future__ import annotations

from modelreg.scanning.modelscan_adapter import modelscan_findings
from modelreg.scanning.numpy_files import NUMPY_EXTENSIONS, NUMPY_MAGIC, scan_npy
from modelreg.scanning.pickle_globals import DANGER_LIST_VERSIONS, classify_global
from modelreg.scanning.pickle_walker import scan_pickle_stream

__all__ = [
    "DANGER_LIST_VERSIONS",
    "NUMPY_EXTENSIONS",
    "NUMPY_MAGIC",
    "PICKLE_EXTENSIONS",
    "classify_global",
    "modelscan_findings",
    "scan_npy",
    "scan_pickle_stream",
    "sniff_pickle",
]

PICKLE_EXTENSIONS = frozenset(
    {".pkl", ".pickle", ".joblib", ".dill", ".pt", ".pth", ".bin", ".ckpt", ".dat", ".data"}
)


def sniff_pickle(head: bytes) -> bool:
    """Protocol 2+ pickles start with PROTO; accept only the protocols Python can write."""
    return len(head) >= 2 and head[0] == 0x80 and 2 <= head[1] <= 5
