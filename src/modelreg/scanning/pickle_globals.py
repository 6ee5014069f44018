"""Dangerous and known-safe pickle globals, their data-source versions, and the classifier."""

from __future__ import annotations

from typing import Any

from modelreg.scanning.findings import Severity

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
