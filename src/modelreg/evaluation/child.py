"""The sandbox child: `python -m modelreg.evaluation.child --memory-mb N --timeout-s S`.

Reads a HarnessRequest as JSON on stdin, limits itself, installs the network guard, runs the
harness named in the request and writes one JSON document on its original stdout:
`{"ok": true, "output": {...}, "network_refused": [...]}` or
`{"ok": false, "kind": "harness" | "memory" | "crash" | "invalid", "error": "...", ...}`.

`--memory-mb` is the address-space cap (RLIMIT_AS); the parent passes the run's memory limit
plus a headroom and watches resident memory itself (see `sandbox.py`). Core dumps are off. A
CPU-time limit and an alarm, both a little past the timeout, end the child by themselves if
the parent died and can no longer kill it.

The limits are applied here, first thing, rather than in a `preexec_fn` of the parent: the
worker has threads (lease heartbeats), and `preexec_fn` is unsafe in a process with threads.
File descriptor 1 is pointed at stderr before the harness runs, so whatever a model or library
prints (from Python or native code) cannot corrupt the result document, which goes to a
private duplicate of the original stdout. The output is checked before it is written: a
HarnessOutput whose values are all finite numbers, at most 8 MiB as JSON.
"""

from __future__ import annotations

import argparse
import faulthandler
import importlib
import json
import math
import os
import re
import resource
import signal
import sys
from typing import Any

from modelreg.evaluation import network_guard
from modelreg.evaluation.harness import (
    Harness,
    HarnessError,
    HarnessOutput,
    HarnessRequest,
    available_harnesses,
    load_harness,
)

MAX_REQUEST_BYTES = 4 * 1024 * 1024
MAX_OUTPUT_BYTES = 8 * 1024 * 1024
# Test-only: load a harness by "module:attr" path. Entry points come from installed package
# metadata, which tests cannot add to without installing a package; and in production a
# request naming an arbitrary importable callable must never run it, so this stays off unless
# the worker's own environment sets the variable (the sandbox passes it through only then).
TEST_HARNESSES_ENV = "MODELREG_EVAL_TEST_HARNESSES"
_MODULE_PATH = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")
_MAX_MESSAGE = 2000
# Past the parent's timeout the child ends itself even if the parent died and cannot kill it.
_BACKSTOP_GRACE_S = 10


def _limit(memory_mb: int, timeout_s: float) -> None:
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    backstop = math.ceil(timeout_s) + _BACKSTOP_GRACE_S
    resource.setrlimit(resource.RLIMIT_CPU, (backstop, backstop))
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.alarm(backstop)


def _resolve(name: str) -> Harness:
    if (
        os.environ.get(TEST_HARNESSES_ENV) == "1"
        and _MODULE_PATH.match(name)
        and name not in available_harnesses()
    ):
        module_name, attr = name.split(":", 1)
        harness: Harness = getattr(importlib.import_module(module_name), attr)()
        return harness
    return load_harness(name)


class InvalidOutput(ValueError):
    """A harness returned something that is not a well-formed HarnessOutput."""


def check_output(output: object) -> HarnessOutput:
    """`output` if it is a HarnessOutput of finite numbers and string names, else InvalidOutput.

    The parent checks again what it reads: the child runs model code, which could write a
    document of its own to the result pipe.
    """
    if not isinstance(output, HarnessOutput):
        raise InvalidOutput(f"harness returned {type(output).__name__}, not a HarnessOutput")
    for m in output.metrics:
        if not isinstance(m.name, str) or not m.name:
            raise InvalidOutput(f"harness returned a metric without a name: {m.name!r}")
        for label, v in (("value", m.value), ("lower", m.lower), ("upper", m.upper)):
            if v is None and label != "value":
                continue
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                raise InvalidOutput(
                    f"harness returned a {label} for metric {m.name!r} that is not a "
                    f"finite number: {v!r}"
                )
        for label, text in (
            ("sensitive_feature", m.sensitive_feature),
            ("group", m.group),
            ("dataset", m.dataset),
        ):
            if text is not None and not isinstance(text, str):
                raise InvalidOutput(
                    f"harness returned a {label} for metric {m.name!r} that is "
                    f"not a string: {text!r}"
                )
        if m.samples is not None and (
            isinstance(m.samples, bool) or not isinstance(m.samples, int)
        ):
            raise InvalidOutput(
                f"harness returned samples for metric {m.name!r} that are not "
                f"a whole number: {m.samples!r}"
            )
    return output


def _short(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _run(raw: bytes) -> tuple[dict[str, Any], network_guard.NetworkGuard | None]:
    if len(raw) > MAX_REQUEST_BYTES:
        return {
            "ok": False,
            "kind": "invalid",
            "error": f"request is larger than {MAX_REQUEST_BYTES} bytes",
        }, None
    try:
        request = HarnessRequest.from_dict(json.loads(raw))
        urls = [e.url for e in (request.endpoint, request.judge_endpoint) if e is not None]
        pairs = network_guard.endpoint_pairs(urls)
    except (ValueError, TypeError, KeyError) as exc:
        return {
            "ok": False,
            "kind": "invalid",
            "error": _short(f"unreadable harness request: {type(exc).__name__}: {exc}"),
        }, None
    guard = network_guard.install(pairs)
    try:
        harness = _resolve(request.harness)
        output = check_output(harness.run(request))
        return {"ok": True, "output": output.to_dict()}, guard
    except HarnessError as exc:
        return {"ok": False, "kind": "harness", "error": _short(str(exc))}, guard
    except MemoryError:
        return {"ok": False, "kind": "memory", "error": "MemoryError"}, guard
    except InvalidOutput as exc:
        return {"ok": False, "kind": "invalid", "error": _short(str(exc))}, guard
    except BaseException as exc:  # any failure of the harness is the run's result
        return {
            "ok": False,
            "kind": "crash",
            "error": _short(f"harness crashed: {type(exc).__name__}: {exc}"),
        }, guard


def _encode(doc: dict[str, Any]) -> bytes:
    try:
        data = json.dumps(doc, allow_nan=False).encode()
    except (ValueError, TypeError) as exc:
        return json.dumps(
            {"ok": False, "kind": "invalid", "error": _short(f"harness output is not JSON: {exc}")}
        ).encode()
    if len(data) > MAX_OUTPUT_BYTES:
        return json.dumps(
            {
                "ok": False,
                "kind": "invalid",
                "error": f"harness output is {len(data)} bytes, above the limit of "
                f"{MAX_OUTPUT_BYTES // (1024 * 1024)} MiB; keep details "
                "smaller",
            }
        ).encode()
    return data


def main(argv: list[str] | None = None) -> int:
    """Run one harness request from stdin; always exits 0 after writing a document."""
    parser = argparse.ArgumentParser(prog="python -m modelreg.evaluation.child")
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--timeout-s", type=float, required=True)
    args = parser.parse_args(argv)
    _limit(args.memory_mb, args.timeout_s)
    faulthandler.enable()
    result_fd = os.dup(1)
    os.dup2(2, 1)
    raw = sys.stdin.buffer.read(MAX_REQUEST_BYTES + 1)
    doc, guard = _run(raw)
    if guard is not None and guard.refused:
        doc["network_refused"] = list(guard.refused)
    doc["peak_rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    data = _encode(doc)
    with os.fdopen(result_fd, "wb") as out:
        out.write(data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
