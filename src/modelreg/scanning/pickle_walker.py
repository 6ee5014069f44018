"""The symbolic pickle opcode walker and the pickle-stream scan built on it."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import IO, Any

from modelreg.scanning import joblib_arrays
from modelreg.scanning.findings import Collector
from modelreg.scanning.limits import Deadline, ScanLimits
from modelreg.scanning.pickle_globals import classify_global
from modelreg.scanning.pickle_reader import (
    OPCODES,
    STRING_OPS,
    Opaque,
    PickleMalformed,
    PickleSource,
    read_arg,
)

SCANNER = "modelreg.pickle"


class _Mark:
    pass


# Pushed by the MARK opcode; a distinct object so that no pickled value can be mistaken for it.
MARK = _Mark()
# Containers stop growing here: only their first items matter for resolving globals, and the
# cap keeps memory bounded however many items a pickle appends.
_CONTAINER_CAP = 4096


@dataclass
class PickleStats:
    """Counts gathered while walking, reported in the ``pickle-summary`` finding."""

    opcodes: dict[str, int] = field(default_factory=dict)
    globals: dict[str, int] = field(default_factory=dict)
    pickles: int = 0
    joblib_arrays: int = 0
    trailing_bytes: bool = False


@dataclass
class PickleWalker:
    """Walks pickle opcodes symbolically and reports the globals they import; never unpickles.

    Only primitive values are tracked, which is enough to resolve ``STACK_GLOBAL`` operands and
    to skip the raw array data that joblib interleaves with its pickle stream. Large opcode
    arguments are skipped, not read, so memory stays bounded.
    """

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
        src = PickleSource(f, self.limits)
        first = True
        while True:
            start = src.pos
            head = src.peek1()
            if not head:
                if first:
                    raise PickleMalformed("empty file: no pickle data")
                return
            if not first and head not in OPCODES:
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
    def _walk_one(self, src: PickleSource, first_byte: bytes) -> None:
        stack: list[Any] = []
        memo: dict[int, Any] = {}
        code = first_byte
        limits = self.limits
        counts = self.stats.opcodes
        while True:
            op = OPCODES.get(code)
            if op is None:
                raise PickleMalformed(f"invalid opcode {code!r} at offset {src.pos - 1}")
            self._ops += 1
            if self._ops > limits.max_pickle_ops:
                raise PickleMalformed(f"more than {limits.max_pickle_ops} pickle opcodes")
            if self._ops & 0xFFFF == 0:
                self.deadline.check()
            offset = src.pos - 1
            arg = read_arg(src, op)
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
        src: PickleSource,
    ) -> None:
        pop = self._pop
        if name in ("PROTO", "FRAME", "READONLY_BUFFER"):
            return
        if name in STRING_OPS or name in (
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
    def _after_build(self, obj: Any, src: PickleSource) -> None:
        # joblib writes each wrapped array's data straight into the stream after its BUILD.
        if not joblib_arrays.is_array_wrapper(obj):
            return
        state = obj.state
        dtype_str = joblib_arrays.array_dtype(state)
        self.stats.joblib_arrays += 1
        if dtype_str.startswith("O"):
            # Object arrays are written as a complete nested pickle stream.
            self._walk_one(src, src.read(1))
            return
        nbytes = joblib_arrays.array_nbytes(state, dtype_str)
        if joblib_arrays.has_alignment_padding(state):
            pad = src.read(1)[0]
            src.skip(pad)
        src.skip(nbytes)


def summarize(walker: PickleWalker) -> None:
    """Record the walker's globals and object-building opcode counts as a summary finding."""
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
