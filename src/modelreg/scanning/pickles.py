"""Pickle-family scanning (plain pickles, joblib, PyTorch, NumPy object arrays).

Nothing here unpickles: a small symbolic interpreter walks the opcode stream (using the
opcode table of :mod:`pickletools`) and tracks only primitive values, which is enough to
resolve ``STACK_GLOBAL`` operands and to skip the raw array payloads that joblib interleaves
with its pickle stream. Large opcode arguments are skipped, not read, so memory stays bounded.
"""

from __future__ import annotations

import ast
import contextlib
import pickletools
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import IO, Any

from modelreg.scanning.findings import Collector, Severity
from modelreg.scanning.limits import Deadline, ScanLimits

SCANNER = "modelreg.pickle"

PICKLE_EXTENSIONS = frozenset(
    {".pkl", ".pickle", ".joblib", ".dill", ".pt", ".pth", ".bin", ".ckpt", ".dat", ".data"}
)
NUMPY_EXTENSIONS = frozenset({".npy"})
NUMPY_MAGIC = b"\x93NUMPY"

# --------------------------------------------------------------------------------------
# Global classification

_EXTRA_DANGEROUS: dict[str, str | set[str]] = {
    "builtins": {
        "eval",
        "exec",
        "compile",
        "open",
        "__import__",
        "getattr",
        "setattr",
        "delattr",
        "globals",
        "locals",
        "vars",
        "input",
        "breakpoint",
        "apply",
        "execfile",
        "memoryview",
    },
    "__builtin__": {
        "eval",
        "exec",
        "compile",
        "open",
        "__import__",
        "getattr",
        "setattr",
        "delattr",
        "globals",
        "locals",
        "vars",
        "input",
        "breakpoint",
        "apply",
        "execfile",
        "file",
    },
    "os": "*",
    "posix": "*",
    "nt": "*",
    "subprocess": "*",
    "sys": "*",
    "socket": "*",
    "runpy": "*",
    "shutil": "*",
    "pty": "*",
    "webbrowser": "*",
    "requests": "*",
    "httplib": "*",
    "http.client": "*",
    "urllib": "*",
    "urllib2": "*",
    "ctypes": "*",
    "importlib": "*",
    "marshal": "*",
    "multiprocessing": "*",
    "code": "*",
    "codeop": "*",
    "commands": "*",
    "popen2": "*",
    "platform": "*",
    "signal": "*",
    "ftplib": "*",
    "smtplib": "*",
    "telnetlib": "*",
    "dill": "*",
    "pickle": "*",
    "_pickle": "*",
    "pdb": "*",
    "bdb": "*",
    "asyncio": "*",
    "aiohttp": "*",
    "pip": "*",
    "timeit": "*",
    "operator": {"attrgetter", "itemgetter", "methodcaller"},
    "_operator": {"attrgetter", "itemgetter", "methodcaller"},
    "functools": {"partial", "reduce"},
    "types": {"CodeType", "FunctionType", "LambdaType", "MethodType"},
    "torch.serialization": {"load"},
    "torch.hub": "*",
    "numpy": {"load", "loads", "fromfile"},
}


def _merge_dangerous() -> tuple[dict[str, str | frozenset[str]], dict[str, str]]:
    """Dangerous-globals table: our explicit list merged with picklescan's and modelscan's."""
    merged: dict[str, set[str] | str] = {}
    versions: dict[str, str] = {}

    def add(module: str, names: Any) -> None:
        current = merged.get(module)
        if names == "*" or current == "*":
            merged[module] = "*"
            return
        new = {names} if isinstance(names, str) else {str(n) for n in names}
        merged[module] = (current if isinstance(current, set) else set()) | new

    for module, names in _EXTRA_DANGEROUS.items():
        add(module, names)
    try:
        from picklescan import scanner as ps_scanner  # type: ignore[import-untyped]

        for module, names in dict(ps_scanner._unsafe_globals).items():
            add(str(module), names)
        from importlib.metadata import version

        versions["picklescan"] = version("picklescan")
    except Exception:  # noqa: S110 - optional data source; our own list still applies
        pass
    try:
        from modelscan.settings import DEFAULT_SETTINGS  # type: ignore[import-untyped]

        for table in dict(DEFAULT_SETTINGS["unsafe_globals"]).values():
            for module, names in dict(table).items():
                add(str(module), names)
    except Exception:  # noqa: S110 - optional data source
        pass
    frozen: dict[str, str | frozenset[str]] = {
        k: (v if isinstance(v, str) else frozenset(v)) for k, v in merged.items()
    }
    return frozen, versions


DANGEROUS_GLOBALS, DANGER_LIST_VERSIONS = _merge_dangerous()

_TORCH_DTYPES = {
    "float16",
    "float32",
    "float64",
    "bfloat16",
    "half",
    "float",
    "double",
    "int8",
    "int16",
    "int32",
    "int64",
    "uint8",
    "bool",
    "complex64",
    "complex128",
    "long",
    "int",
    "short",
    "Size",
    "device",
    "dtype",
    "float8_e4m3fn",
    "float8_e5m2",
}
SAFE_GLOBALS: dict[str, frozenset[str]] = {
    "collections": frozenset({"OrderedDict", "defaultdict", "Counter", "deque"}),
    "builtins": frozenset(
        {
            "set",
            "frozenset",
            "dict",
            "list",
            "tuple",
            "bytearray",
            "bytes",
            "slice",
            "range",
            "complex",
            "int",
            "float",
            "str",
            "bool",
            "object",
        }
    ),
    "__builtin__": frozenset(
        {
            "set",
            "frozenset",
            "dict",
            "list",
            "tuple",
            "bytearray",
            "slice",
            "complex",
            "int",
            "float",
            "str",
            "bool",
            "object",
        }
    ),
    "copyreg": frozenset({"_reconstructor"}),
    "copy_reg": frozenset({"_reconstructor"}),
    "_codecs": frozenset({"encode"}),
    "codecs": frozenset({"encode"}),
    "numpy": frozenset({"dtype", "ndarray", "float64", "float32", "int64", "int32", "bool_"}),
    "numpy.core.multiarray": frozenset({"_reconstruct", "scalar"}),
    "numpy._core.multiarray": frozenset({"_reconstruct", "scalar"}),
    "numpy.core.numeric": frozenset({"_frombuffer"}),
    "numpy._core.numeric": frozenset({"_frombuffer"}),
    "joblib.numpy_pickle": frozenset({"NumpyArrayWrapper"}),
    "sklearn.externals.joblib.numpy_pickle": frozenset({"NumpyArrayWrapper"}),
    "torch._utils": frozenset(
        {
            "_rebuild_tensor",
            "_rebuild_tensor_v2",
            "_rebuild_tensor_v3",
            "_rebuild_parameter",
            "_rebuild_parameter_with_state",
            "_rebuild_qtensor",
            "_rebuild_sparse_tensor",
            "_rebuild_meta_tensor_no_storage",
            "_rebuild_wrapper_subclass",
            "_rebuild_device_tensor_from_numpy",
            "_rebuild_nested_tensor",
        }
    ),
    "torch._tensor": frozenset({"_rebuild_from_type_v2"}),
    "torch.nn.parameter": frozenset({"Parameter"}),
    "torch": frozenset(_TORCH_DTYPES),
    "datetime": frozenset({"datetime", "date", "time", "timedelta", "timezone"}),
    "decimal": frozenset({"Decimal"}),
    "fractions": frozenset({"Fraction"}),
}

_JOBLIB_WRAPPERS = {
    ("joblib.numpy_pickle", "NumpyArrayWrapper"),
    ("sklearn.externals.joblib.numpy_pickle", "NumpyArrayWrapper"),
}


def classify_global(module: str, name: str) -> Severity | None:
    """``critical`` for known-dangerous callables, ``None`` if allowlisted, else ``medium``."""
    parts = module.split(".")
    for i in range(len(parts), 0, -1):
        prefix = ".".join(parts[:i])
        entry = DANGEROUS_GLOBALS.get(prefix)
        if entry is None:
            continue
        if entry == "*":
            return "critical"
        if i == len(parts) and not isinstance(entry, str):
            head = name.split(".")[0]
            if name in entry or head in entry:
                return "critical"
    safe = SAFE_GLOBALS.get(module)
    if safe is not None and name in safe:
        return None
    if module == "torch" and name.endswith("Storage"):
        return None
    return "medium"


# --------------------------------------------------------------------------------------
# Symbolic interpreter


class PickleMalformed(Exception):
    pass


class _Mark:
    pass


MARK = _Mark()


@dataclass
class Opaque:
    kind: str
    module: str = ""
    name: str = ""
    func: Any = None
    args: Any = None
    state: Any = None


@dataclass
class PickleStats:
    opcodes: dict[str, int] = field(default_factory=dict)
    globals: dict[str, int] = field(default_factory=dict)
    pickles: int = 0
    joblib_arrays: int = 0
    trailing_bytes: bool = False


_OPS = {op.code.encode("latin-1"): op for op in pickletools.opcodes}
_CONTAINER_CAP = 4096
_STRING_OPS = {
    "STRING",
    "BINSTRING",
    "SHORT_BINSTRING",
    "UNICODE",
    "SHORT_BINUNICODE",
    "BINUNICODE",
    "BINUNICODE8",
}
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


class _Source:
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


def _read_arg(src: _Source, op: pickletools.OpcodeInfo) -> Any:
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
    if op.name in _STRING_OPS and length <= src.limits.max_pickle_string_bytes:
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


def _itemsize(dtype_str: str) -> int | None:
    m = re.fullmatch(r"[<>|=]?([a-zA-Z?])(\d*)(\[\w+\])?", dtype_str)
    if not m:
        return None
    kind, digits = m.group(1), m.group(2)
    if digits:
        return int(digits)
    return _DTYPE_CODES.get(kind)


def _is_object_dtype(descr: Any) -> bool:
    if isinstance(descr, str):
        return descr.lstrip("<>|=").startswith("O")
    if isinstance(descr, list | tuple):
        return any(_is_object_dtype(d) for d in descr)
    return True  # unknown description: treat as possibly containing objects


@dataclass
class PickleWalker:
    path: str
    col: Collector
    limits: ScanLimits
    deadline: Deadline
    stats: PickleStats = field(default_factory=PickleStats)
    _reported: set[tuple[str, str]] = field(default_factory=set)
    _ops: int = 0

    # ---- public entry points -------------------------------------------------------
    def walk_stream(self, f: IO[bytes], *, multiple: bool = True) -> None:
        """Walk one or more consecutive pickles from ``f`` (PyTorch legacy files hold several)."""
        src = _Source(f, self.limits)
        first = True
        while True:
            start = src.pos
            head = src.peek1()
            if not head:
                if first:
                    raise PickleMalformed("empty file: no pickle data")
                return
            if not first and head not in _OPS:
                # Data after the last pickle (e.g. raw tensor storage) is never unpickled.
                self.stats.trailing_bytes = True
                return
            try:
                self._walk_one(src, head)
            except PickleMalformed:
                if first:
                    raise
                # Trailing raw data that happened to start like an opcode.
                self.stats.trailing_bytes = True
                return
            first = False
            self.stats.pickles += 1
            if not multiple or src.pos == start:
                return

    # ---- interpreter ---------------------------------------------------------------
    def _walk_one(self, src: _Source, first_byte: bytes) -> None:
        stack: list[Any] = []
        memo: dict[int, Any] = {}
        code = first_byte
        limits = self.limits
        counts = self.stats.opcodes
        while True:
            op = _OPS.get(code)
            if op is None:
                raise PickleMalformed(f"invalid opcode {code!r} at offset {src.pos - 1}")
            self._ops += 1
            if self._ops > limits.max_pickle_ops:
                raise PickleMalformed(f"more than {limits.max_pickle_ops} pickle opcodes")
            if self._ops & 0xFFFF == 0:
                self.deadline.check()
            offset = src.pos - 1
            arg = _read_arg(src, op)
            name = op.name
            counts[name] = counts.get(name, 0) + 1
            if name == "STOP":
                if not stack:
                    raise PickleMalformed(f"STOP with empty stack at offset {offset}")
                return
            self._step(name, arg, stack, memo, offset, src)
            if len(stack) > limits.max_pickle_stack_items:
                raise PickleMalformed("pickle stack grew beyond the limit")
            code = src.peek1()
            if not code:
                raise PickleMalformed(f"truncated pickle: no STOP opcode (offset {src.pos})")

    @staticmethod
    def _pop(stack: list[Any]) -> Any:
        if not stack:
            raise PickleMalformed("pickle stack underflow")
        value = stack.pop()
        if value is MARK:
            raise PickleMalformed("unexpected MARK on the pickle stack")
        return value

    @staticmethod
    def _pop_mark(stack: list[Any]) -> list[Any]:
        for i in range(len(stack) - 1, -1, -1):
            if stack[i] is MARK:
                items = stack[i + 1 :]
                del stack[i:]
                return items
        raise PickleMalformed("MARK not found on the pickle stack")

    def _step(
        self,
        name: str,
        arg: Any,
        stack: list[Any],
        memo: dict[int, Any],
        offset: int,
        src: _Source,
    ) -> None:
        pop = self._pop
        if name in ("PROTO", "FRAME", "READONLY_BUFFER"):
            return
        if name in _STRING_OPS or name in (
            "INT",
            "BININT",
            "BININT1",
            "BININT2",
            "LONG",
            "LONG1",
            "LONG4",
            "FLOAT",
            "BINFLOAT",
        ):
            stack.append(arg)
        elif name in ("BINBYTES", "SHORT_BINBYTES", "BINBYTES8", "BYTEARRAY8"):
            stack.append(arg if isinstance(arg, Opaque) else Opaque("bytes", args=len(arg)))
        elif name == "NONE":
            stack.append(None)
        elif name == "NEWTRUE":
            stack.append(True)
        elif name == "NEWFALSE":
            stack.append(False)
        elif name == "NEXT_BUFFER":
            stack.append(Opaque("buffer"))
        elif name == "MARK":
            stack.append(MARK)
        elif name == "EMPTY_LIST":
            stack.append([])
        elif name == "EMPTY_TUPLE":
            stack.append(())
        elif name == "EMPTY_DICT":
            stack.append({})
        elif name == "EMPTY_SET":
            stack.append(Opaque("set"))
        elif name in ("TUPLE1", "TUPLE2", "TUPLE3"):
            k = int(name[-1])
            items = [pop(stack) for _ in range(k)][::-1]
            stack.append(tuple(items))
        elif name == "TUPLE":
            stack.append(tuple(self._pop_mark(stack)[:_CONTAINER_CAP]))
        elif name == "LIST":
            stack.append(self._pop_mark(stack)[:_CONTAINER_CAP])
        elif name == "DICT":
            items = self._pop_mark(stack)
            stack.append(self._dict_from(items))
        elif name == "FROZENSET":
            self._pop_mark(stack)
            stack.append(Opaque("frozenset"))
        elif name == "APPEND":
            value = pop(stack)
            target = pop(stack)
            if isinstance(target, list) and len(target) < _CONTAINER_CAP:
                target.append(value)
            stack.append(target)
        elif name == "APPENDS":
            items = self._pop_mark(stack)
            target = pop(stack)
            if isinstance(target, list):
                target.extend(items[: max(0, _CONTAINER_CAP - len(target))])
            stack.append(target)
        elif name == "SETITEM":
            value = pop(stack)
            key = pop(stack)
            target = pop(stack)
            if isinstance(target, dict) and len(target) < _CONTAINER_CAP:
                self._set(target, key, value)
            stack.append(target)
        elif name == "SETITEMS":
            items = self._pop_mark(stack)
            target = pop(stack)
            if isinstance(target, dict):
                target.update(self._dict_from(items))
            stack.append(target)
        elif name == "ADDITEMS":
            self._pop_mark(stack)
            pop(stack)
            stack.append(Opaque("set"))
        elif name == "POP":
            if not stack:
                raise PickleMalformed("pickle stack underflow")
            stack.pop()
        elif name == "POP_MARK":
            self._pop_mark(stack)
        elif name == "DUP":
            if not stack:
                raise PickleMalformed("pickle stack underflow")
            stack.append(stack[-1])
        elif name in ("PUT", "BINPUT", "LONG_BINPUT", "MEMOIZE"):
            if not stack:
                raise PickleMalformed("memoize with an empty stack")
            index = len(memo) if name == "MEMOIZE" else self._memo_index(arg)
            if len(memo) < self.limits.max_pickle_memo_entries:
                memo[index] = stack[-1]
        elif name in ("GET", "BINGET", "LONG_BINGET"):
            index = self._memo_index(arg)
            if index not in memo:
                raise PickleMalformed(f"memo key {index} missing at offset {offset}")
            stack.append(memo[index])
        elif name in ("EXT1", "EXT2", "EXT4"):
            self._report_ext(offset)
            stack.append(Opaque("ext"))
        elif name == "GLOBAL":
            module, gname = arg
            stack.append(self._global(module, gname, offset, name))
        elif name == "STACK_GLOBAL":
            gname = pop(stack)
            module = pop(stack)
            if isinstance(module, str) and isinstance(gname, str):
                stack.append(self._global(module, gname, offset, name))
            else:
                self._report_unresolved(offset)
                stack.append(Opaque("global"))
        elif name == "INST":
            module, gname = arg
            glob = self._global(module, gname, offset, name)
            args = self._pop_mark(stack)
            stack.append(Opaque("call", func=glob, args=tuple(args)))
        elif name == "OBJ":
            items = self._pop_mark(stack)
            if not items:
                raise PickleMalformed("OBJ without a class")
            stack.append(Opaque("call", func=items[0], args=tuple(items[1:])))
        elif name == "REDUCE":
            args = pop(stack)
            func = pop(stack)
            stack.append(Opaque("call", func=func, args=args))
        elif name == "NEWOBJ":
            args = pop(stack)
            cls = pop(stack)
            stack.append(Opaque("call", func=cls, args=args))
        elif name == "NEWOBJ_EX":
            pop(stack)
            args = pop(stack)
            cls = pop(stack)
            stack.append(Opaque("call", func=cls, args=args))
        elif name == "BUILD":
            state = pop(stack)
            obj = pop(stack)
            if isinstance(obj, Opaque):
                obj.state = state
            stack.append(obj)
            self._after_build(obj, src)
        elif name == "PERSID":
            stack.append(Opaque("persid"))
        elif name == "BINPERSID":
            pop(stack)
            stack.append(Opaque("persid"))
        else:  # pragma: no cover - all protocol 0-5 opcodes are handled above
            raise PickleMalformed(f"unsupported opcode {name}")

    @staticmethod
    def _memo_index(arg: Any) -> int:
        if isinstance(arg, int):
            return arg
        try:
            return int(str(arg))
        except ValueError as exc:
            raise PickleMalformed(f"bad memo index {arg!r}") from exc

    @staticmethod
    def _set(target: dict[Any, Any], key: Any, value: Any) -> None:
        # An unhashable key (a list, say) is irrelevant for our purposes.
        with contextlib.suppress(TypeError):
            target[key] = value

    def _dict_from(self, items: list[Any]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for i in range(0, len(items) - 1, 2):
            if len(out) >= _CONTAINER_CAP:
                break
            self._set(out, items[i], items[i + 1])
        return out

    # ---- reporting -----------------------------------------------------------------
    def _global(self, module: str, name: str, offset: int, opcode: str) -> Opaque:
        module, name = module.strip(), name.strip()
        key = f"{module}.{name}"
        self.stats.globals[key] = self.stats.globals.get(key, 0) + 1
        if (module, name) not in self._reported:
            self._reported.add((module, name))
            severity = classify_global(module, name)
            if severity == "critical":
                self.col.add(
                    SCANNER,
                    "pickle-dangerous-global",
                    "critical",
                    self.path,
                    f"Pickle imports the dangerous callable {key} ({opcode}); loading this "
                    "file would execute code. Do not load it; re-export the model in a safe "
                    "format such as safetensors.",
                    module=module,
                    name=name,
                    opcode=opcode,
                    offset=offset,
                )
            elif severity is not None:
                self.col.add(
                    SCANNER,
                    "pickle-unknown-global",
                    severity,
                    self.path,
                    f"Pickle imports {key}, which is not on the allowlist of known-safe "
                    "globals; review it, or prefer a non-pickle format such as safetensors.",
                    module=module,
                    name=name,
                    opcode=opcode,
                    offset=offset,
                )
        return Opaque("global", module=module, name=name)

    def _report_unresolved(self, offset: int) -> None:
        self.col.add(
            SCANNER,
            "pickle-unresolved-global",
            "high",
            self.path,
            "Pickle uses STACK_GLOBAL with a module or name computed at load time, which "
            "hides the imported callable; treat the file as unsafe and re-export it.",
            offset=offset,
        )

    def _report_ext(self, offset: int) -> None:
        self.col.add(
            SCANNER,
            "pickle-extension-code",
            "high",
            self.path,
            "Pickle refers to a copyreg extension code, which resolves to a global that "
            "cannot be checked statically; treat the file as unsafe.",
            offset=offset,
        )

    # ---- joblib --------------------------------------------------------------------
    def _after_build(self, obj: Any, src: _Source) -> None:
        if not (isinstance(obj, Opaque) and obj.kind == "call"):
            return
        func = obj.func
        if not (
            isinstance(func, Opaque)
            and func.kind == "global"
            and (func.module, func.name) in _JOBLIB_WRAPPERS
        ):
            return
        state = obj.state
        if not isinstance(state, dict):
            raise PickleMalformed("joblib array wrapper without a state dict")
        dtype = state.get("dtype")
        dtype_str: str | None = None
        if isinstance(dtype, Opaque) and isinstance(dtype.args, tuple) and dtype.args:
            first = dtype.args[0]
            dtype_str = first if isinstance(first, str) else None
        if dtype_str is None:
            raise PickleMalformed("joblib array wrapper with an unreadable dtype")
        self.stats.joblib_arrays += 1
        if dtype_str.startswith("O"):
            # Object arrays are written as a complete nested pickle stream.
            self._walk_one(src, src.read(1))
            return
        shape = state.get("shape")
        if not (isinstance(shape, tuple) and all(isinstance(d, int) and d >= 0 for d in shape)):
            raise PickleMalformed("joblib array wrapper with an unreadable shape")
        size = _itemsize(dtype_str)
        if size is None:
            raise PickleMalformed(f"joblib array with unsupported dtype {dtype_str!r}")
        nbytes = size
        for d in shape:
            nbytes *= d
        if isinstance(state.get("numpy_array_alignment_bytes"), int):
            pad = src.read(1)[0]
            src.skip(pad)
        src.skip(nbytes)


# --------------------------------------------------------------------------------------
# File-level helpers


def sniff_pickle(head: bytes) -> bool:
    """Protocol 2+ pickles start with PROTO; accept only the protocols Python can write."""
    return len(head) >= 2 and head[0] == 0x80 and 2 <= head[1] <= 5


def summarize(walker: PickleWalker) -> None:
    stats = walker.stats
    interesting = {
        k: v
        for k, v in stats.opcodes.items()
        if k
        in (
            "REDUCE",
            "BUILD",
            "INST",
            "OBJ",
            "NEWOBJ",
            "NEWOBJ_EX",
            "GLOBAL",
            "STACK_GLOBAL",
            "EXT1",
            "EXT2",
            "EXT4",
            "BINPERSID",
            "PERSID",
        )
    }
    walker.col.add(
        SCANNER,
        "pickle-summary",
        "info",
        walker.path,
        "Pickle data scanned without loading it; globals and object-building opcodes are "
        "listed in the details.",
        globals=dict(sorted(stats.globals.items())[:200]),
        opcodes=interesting,
        pickles=stats.pickles,
        joblib_arrays=stats.joblib_arrays,
        trailing_data=stats.trailing_bytes,
    )


def scan_pickle_stream(
    f: IO[bytes],
    path: str,
    col: Collector,
    limits: ScanLimits,
    deadline: Deadline,
    *,
    multiple: bool = True,
) -> bool:
    """Scan pickle data from ``f``; returns False (after recording a ScanError) if malformed."""
    walker = PickleWalker(path, col, limits, deadline)
    try:
        walker.walk_stream(f, multiple=multiple)
    except PickleMalformed as exc:
        col.error(path, f"malformed pickle: {exc}")
        summarize(walker)
        return False
    summarize(walker)
    return True


def parse_npy_header(f: IO[bytes]) -> dict[str, Any]:
    """Parse a .npy header (after the caller consumed nothing); raises ValueError if bad."""
    magic = f.read(6)
    if magic != NUMPY_MAGIC:
        raise ValueError("not a .npy file (bad magic)")
    version = f.read(2)
    if len(version) != 2:
        raise ValueError("truncated .npy header")
    if version[0] == 1:
        raw = f.read(2)
        if len(raw) != 2:
            raise ValueError("truncated .npy header")
        hlen = struct.unpack("<H", raw)[0]
    elif version[0] in (2, 3):
        raw = f.read(4)
        if len(raw) != 4:
            raise ValueError("truncated .npy header")
        hlen = struct.unpack("<I", raw)[0]
    else:
        raise ValueError(f"unsupported .npy version {version[0]}.{version[1]}")
    if hlen > 1 << 20:
        raise ValueError(f".npy header length {hlen} is implausibly large")
    text = f.read(hlen)
    if len(text) != hlen:
        raise ValueError("truncated .npy header")
    try:
        header = ast.literal_eval(text.decode("latin-1"))
    except (ValueError, SyntaxError, MemoryError, RecursionError) as exc:
        raise ValueError(f"unparseable .npy header: {exc}") from exc
    if not isinstance(header, dict) or "descr" not in header:
        raise ValueError(".npy header is not a dict with 'descr'")
    return header


def scan_npy(
    f: IO[bytes], path: str, col: Collector, limits: ScanLimits, deadline: Deadline
) -> None:
    try:
        header = parse_npy_header(f)
    except ValueError as exc:
        col.error(path, str(exc))
        return
    if not _is_object_dtype(header["descr"]):
        return
    col.add(
        SCANNER,
        "numpy-object-array",
        "low",
        path,
        "NumPy file holds an object array, i.e. a pickle; it was scanned below. Prefer "
        "numeric dtypes so the file can be loaded with allow_pickle=False.",
        descr=str(header["descr"])[:200],
    )
    scan_pickle_stream(f, path, col, limits, deadline, multiple=False)


def modelscan_findings(
    file_path: str, display: str, col: Collector, *, own_scan_ok: bool
) -> str | None:
    """Run modelscan on one file and merge its results; returns its version or None."""
    try:
        import copy
        import logging

        from modelscan import __version__ as ms_version  # type: ignore[import-untyped]
        from modelscan.modelscan import ModelScan  # type: ignore[import-untyped]
        from modelscan.settings import DEFAULT_SETTINGS
    except Exception:  # modelscan not importable: our own scanner still ran
        return None
    logging.getLogger("modelscan").setLevel(logging.CRITICAL)
    try:
        ms = ModelScan(settings=copy.deepcopy(DEFAULT_SETTINGS))
        ms.scan(file_path)
        issues: Iterable[Any] = ms.issues.all_issues
        errors: Iterable[Any] = ms.errors
    except Exception as exc:
        col.add(
            "modelscan",
            "modelscan-failed",
            "info",
            display,
            f"modelscan could not scan this file ({type(exc).__name__}); the built-in "
            "pickle scanner's result stands.",
        )
        return str(ms_version)
    sev_map: dict[str, Severity] = {
        "CRITICAL": "critical",
        "HIGH": "high",
        "MEDIUM": "medium",
        "LOW": "low",
    }
    for issue in issues:
        det = issue.details
        module = str(getattr(det, "module", ""))
        operator = str(getattr(det, "operator", ""))
        level = str(getattr(issue.severity, "name", "MEDIUM"))
        col.add(
            "modelscan",
            "modelscan-unsafe-operator",
            sev_map.get(level, "medium"),
            display,
            f"modelscan flags {module}.{operator} as {level.lower()} risk; do not load this "
            "file until the operator is reviewed.",
            module=module,
            operator=operator,
        )
    for err in errors:
        msg = str(getattr(err, "message", err))[:500]
        if own_scan_ok:
            col.add(
                "modelscan",
                "modelscan-error",
                "info",
                display,
                "modelscan could not parse this file (e.g. joblib array data); the built-in "
                "pickle scanner covered it.",
                reason=msg,
            )
        else:
            col.error(display, f"modelscan: {msg}")
    return str(ms_version)
