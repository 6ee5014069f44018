"""joblib's NumpyArrayWrapper: recognising it and sizing the raw array bytes that follow it."""

from __future__ import annotations

import re
from typing import Any, TypeGuard

from modelreg.scanning.pickle_reader import Opaque, PickleMalformed

_WRAPPERS = {
    ("joblib.numpy_pickle", "NumpyArrayWrapper"),
    ("sklearn.externals.joblib.numpy_pickle", "NumpyArrayWrapper"),
}
# Item sizes in bytes of the NumPy type characters, for dtypes written without a size.
_DTYPE_CODES = {
    "?": 1,
    "b": 1,
    "B": 1,
    "h": 2,
    "H": 2,
    "i": 4,
    "I": 4,
    "l": 8,
    "L": 8,
    "q": 8,
    "Q": 8,
    "e": 2,
    "f": 4,
    "d": 8,
    "g": 16,
    "F": 8,
    "D": 16,
    "G": 32,
}


def _itemsize(dtype_str: str) -> int | None:
    m = re.fullmatch(r"[<>|=]?([a-zA-Z?])(\d*)(\[\w+\])?", dtype_str)
    if not m:
        return None
    kind, digits = m.group(1), m.group(2)
    if digits:
        return int(digits)
    return _DTYPE_CODES.get(kind)


def is_array_wrapper(obj: object) -> TypeGuard[Opaque]:
    """True if ``obj`` is a joblib NumpyArrayWrapper, whose array data follows in the stream."""
    if not (isinstance(obj, Opaque) and obj.kind == "call"):
        return False
    func = obj.func
    return (
        isinstance(func, Opaque) and func.kind == "global" and (func.module, func.name) in _WRAPPERS
    )


def array_dtype(state: Any) -> str:
    """The wrapper state's dtype string; raises PickleMalformed if it cannot be read."""
    if not isinstance(state, dict):
        raise PickleMalformed("joblib array wrapper without a state dict")
    dtype = state.get("dtype")
    dtype_str: str | None = None
    if isinstance(dtype, Opaque) and isinstance(dtype.args, tuple) and dtype.args:
        first = dtype.args[0]
        dtype_str = first if isinstance(first, str) else None
    if dtype_str is None:
        raise PickleMalformed("joblib array wrapper with an unreadable dtype")
    return dtype_str


def array_nbytes(state: dict[Any, Any], dtype_str: str) -> int:
    """Size of a non-object array's raw data; raises PickleMalformed if it cannot be computed."""
    shape = state.get("shape")
    if not (isinstance(shape, tuple) and all(isinstance(d, int) and d >= 0 for d in shape)):
        raise PickleMalformed("joblib array wrapper with an unreadable shape")
    size = _itemsize(dtype_str)
    if size is None:
        raise PickleMalformed(f"joblib array with unsupported dtype {dtype_str!r}")
    nbytes = size
    for d in shape:
        nbytes *= d
    return nbytes


def has_alignment_padding(state: dict[Any, Any]) -> bool:
    """True if a padding-length byte and that much padding precede the array data."""
    return isinstance(state.get("numpy_array_alignment_bytes"), int)
