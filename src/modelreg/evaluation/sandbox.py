"""Run one harness request in a limited child process and say in one sentence what went wrong.

`run_sandboxed(request, timeout_s=..., memory_mb=...)` starts `python -m
modelreg.evaluation.child` in its own session, writes the request as JSON to its stdin and reads
one JSON document from its stdout. Memory is limited two ways: the parent watches the child's
resident memory (`/proc/PID/statm`, every 50 ms) and kills it past `memory_mb`, and the child
caps its address space (RLIMIT_AS) at `memory_mb` plus a headroom, because numeric libraries
reserve far more address space than they use (importing scikit-learn maps ~500 MiB for ~190 MiB
resident) and a bare RLIMIT_AS at the stated limit would refuse them; the cap stops an
allocation too fast for the watch. A cgroup memory limit would be exact and is the production
answer where the worker may create cgroups. The child also disables core dumps, runs
BLAS/OpenMP single-threaded and installs the network guard (`network_guard.py`: only the
request's endpoint and judge endpoint are reachable; its docstring says what an audit hook
cannot stop). The parent bounds what it reads (stdout and stderr), kills the whole process
group on timeout and also after a normal exit (so nothing a model started outlives its run),
and reports the child's peak resident memory from `wait4`.

The child gets a minimal environment (no database URL, no key-provider credentials: only what
Python needs, plus the thread limits); endpoint secrets reach it inside the request, through a
pipe, never a file. Its working directory, HOME and TMPDIR are a private temporary directory
removed afterwards. Linux only (`/proc`, and `os.waitid` with WNOWAIT keeps the child's process
group id reserved until the group is killed).
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from modelreg.evaluation.child import (
    MAX_OUTPUT_BYTES,
    MAX_REQUEST_BYTES,
    TEST_HARNESSES_ENV,
    check_output,
)
from modelreg.evaluation.harness import HarnessOutput, HarnessRequest

_THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "BLIS_NUM_THREADS",
)
_PASSED_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "SYSTEMROOT")
ADDRESS_SPACE_HEADROOM_MB = 1024
_STDERR_KEEP = 64 * 1024
_STDERR_REPORT = 4000
_POLL_S = 0.05
_PAGE = os.sysconf("SC_PAGE_SIZE")
# After the child exits, how long to wait for its pipes to close (grandchildren are killed).
_DRAIN_S = 2.0
_MEMORY_HINTS = (
    "MemoryError",
    "std::bad_alloc",
    "Cannot allocate memory",
    "Unable to allocate",
    "out of memory",
    "Out of memory",
)


@dataclass(frozen=True)
class SandboxOutcome:
    """What a sandboxed run produced: the output, or an error sentence saying why not."""

    output: HarnessOutput | None
    error: str | None
    duration_s: float
    peak_rss_mb: float | None
    network_refused: list[str] = field(default_factory=list)  # what the guard refused
    stderr_tail: str = ""  # the end of the child's stderr, for the worker's log

    @property
    def ok(self) -> bool:
        """True when the harness returned an output."""
        return self.output is not None


@dataclass
class _Run:
    stdout: bytearray = field(default_factory=bytearray)
    stderr: bytearray = field(default_factory=bytearray)
    timed_out: bool = False
    overflow: bool = False
    memory_exceeded: bool = False
    status: int = 0
    peak_rss_kib: int | None = None
    high_water_kib: int | None = None  # polled VmHWM; preferred over peak_rss_kib


def _child_env(home: str) -> dict[str, str]:
    env = {k: os.environ[k] for k in _PASSED_ENV if k in os.environ}
    env.update(
        HOME=home,
        TMPDIR=home,
        PYTHONPATH=os.pathsep.join(p for p in sys.path if p),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONNOUSERSITE="1",
    )
    for var in _THREAD_VARS:
        env[var] = "1"
    if os.environ.get(TEST_HARNESSES_ENV) == "1":
        env[TEST_HARNESSES_ENV] = "1"
    return env


def run_sandboxed(request: HarnessRequest, *, timeout_s: float, memory_mb: int) -> SandboxOutcome:
    """Run `request` in a child limited to `timeout_s` seconds and `memory_mb` MiB."""
    if timeout_s <= 0 or memory_mb <= 0:
        raise ValueError("timeout_s and memory_mb must be positive")
    start = time.monotonic()
    try:
        payload = json.dumps(request.to_dict(), allow_nan=False).encode()
    except (TypeError, ValueError) as exc:
        return SandboxOutcome(None, f"the harness request is not JSON: {exc}", 0.0, None)
    if len(payload) > MAX_REQUEST_BYTES:
        return SandboxOutcome(
            None,
            f"the harness request is {len(payload)} bytes, above the limit of "
            f"{MAX_REQUEST_BYTES // (1024 * 1024)} MiB",
            0.0,
            None,
        )
    cmd = [
        sys.executable,
        "-P",
        "-m",
        "modelreg.evaluation.child",
        "--memory-mb",
        str(memory_mb + ADDRESS_SPACE_HEADROOM_MB),
        "--timeout-s",
        f"{timeout_s:g}",
    ]
    with tempfile.TemporaryDirectory(prefix="modelreg-eval-", ignore_cleanup_errors=True) as home:
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own module
            cmd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=_child_env(home),
            cwd=home,
            start_new_session=True,
            close_fds=True,
        )
        try:
            run = _supervise(proc, payload, start + timeout_s, memory_mb * 1024 * 1024)
        except BaseException:
            if proc.returncode is None:
                _kill_group(proc.pid)
                _reap(proc, _Run())
            raise
    duration = time.monotonic() - start
    return _outcome(run, timeout_s=timeout_s, memory_mb=memory_mb, duration=duration)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _exited(pid: int) -> bool:
    # WNOWAIT leaves the child a zombie, so its pid (and process group id) cannot be reused
    # before the group is killed.
    return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None


def _reap(proc: subprocess.Popen[bytes], run: _Run) -> None:
    _, status, usage = os.wait4(proc.pid, 0)
    run.status = os.waitstatus_to_exitcode(status)
    # ru_maxrss is at least the forking parent's size (see _high_water_kib); the polled
    # high-water mark is the child's own, when a poll saw the child alive.
    run.peak_rss_kib = run.high_water_kib or usage.ru_maxrss
    proc.returncode = run.status


def _resident_bytes(pid: int) -> int:
    try:
        return int(Path(f"/proc/{pid}/statm").read_bytes().split()[1]) * _PAGE
    except (OSError, IndexError, ValueError):
        return 0


def _high_water_kib(pid: int) -> int | None:
    """The child's own peak resident memory (VmHWM) since it exec'd.

    `wait4`'s ru_maxrss is not used alone: Linux carries the forking parent's high-water mark
    into it, so a child of a 300 MiB worker would always report at least 300 MiB.
    """
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return None


def _supervise(
    proc: subprocess.Popen[bytes], payload: bytes, deadline: float, memory_bytes: int
) -> _Run:
    run = _Run()
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    sel = selectors.DefaultSelector()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        os.set_blocking(stream.fileno(), False)
    sel.register(proc.stdout, selectors.EVENT_READ)
    sel.register(proc.stderr, selectors.EVENT_READ)
    if payload:
        sel.register(proc.stdin, selectors.EVENT_WRITE)
    else:
        proc.stdin.close()
    pending = memoryview(payload)
    drain_until: float | None = None
    try:
        while True:
            now = time.monotonic()
            if drain_until is None and _exited(proc.pid):
                # Anything the child left running in its group would hold the pipes open.
                _kill_group(proc.pid)
                drain_until = now + _DRAIN_S
            readers = [k for k in sel.get_map().values() if k.fileobj is not proc.stdin]
            if drain_until is not None and (not readers or now >= drain_until):
                break
            if drain_until is None and now >= deadline:
                run.timed_out = True
                break
            # The last reading, not the largest: VmHWM only grows within one program, and a
            # reading taken before exec would be the forking parent's.
            hwm = _high_water_kib(proc.pid)
            if hwm is not None:
                run.high_water_kib = hwm
            if drain_until is None and _resident_bytes(proc.pid) > memory_bytes:
                run.memory_exceeded = True
                break
            limit = (drain_until if drain_until is not None else deadline) - now
            for key, _ in sel.select(timeout=max(0.0, min(limit, _POLL_S))):
                fileobj: Any = key.fileobj
                if fileobj is proc.stdin:
                    pending = _write(sel, proc.stdin, pending)
                else:
                    _read(sel, fileobj, run, is_stdout=fileobj is proc.stdout)
                if run.overflow:
                    return run
            if not sel.get_map() and drain_until is None:
                time.sleep(_POLL_S)
    finally:
        sel.close()
        _kill_group(proc.pid)
        _reap(proc, run)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            with contextlib.suppress(OSError):
                stream.close()
    return run


def _write(sel: selectors.BaseSelector, stdin: IO[bytes], pending: memoryview) -> memoryview:
    try:
        written = os.write(stdin.fileno(), pending[: 1 << 16])
    except BlockingIOError:
        return pending
    except BrokenPipeError:
        written = len(pending)
    pending = pending[written:]
    if not pending:
        sel.unregister(stdin)
        stdin.close()
    return pending


def _read(sel: selectors.BaseSelector, stream: IO[bytes], run: _Run, *, is_stdout: bool) -> None:
    try:
        chunk = os.read(stream.fileno(), 1 << 16)
    except BlockingIOError:
        return
    if not chunk:
        sel.unregister(stream)
        return
    if is_stdout:
        run.stdout += chunk
        if len(run.stdout) > MAX_OUTPUT_BYTES:
            run.overflow = True
    else:
        run.stderr += chunk
        if len(run.stderr) > _STDERR_KEEP:
            del run.stderr[: len(run.stderr) - _STDERR_KEEP]


def _outcome(run: _Run, *, timeout_s: float, memory_mb: int, duration: float) -> SandboxOutcome:
    stderr = run.stderr.decode("utf-8", "replace")
    tail = stderr[-_STDERR_REPORT:]
    peak = round(run.peak_rss_kib / 1024, 1) if run.peak_rss_kib is not None else None
    memory_error = f"exceeded its memory limit of {memory_mb} MiB"

    def failed(error: str, refused: list[str] | None = None) -> SandboxOutcome:
        return SandboxOutcome(None, error, duration, peak, refused or [], tail)

    if run.timed_out:
        return failed(f"timed out after {timeout_s:g} s")
    if run.memory_exceeded:
        return failed(memory_error)
    if run.overflow:
        return failed(
            f"harness output exceeds the limit of {MAX_OUTPUT_BYTES // (1024 * 1024)} MiB"
        )
    if not run.stdout:
        if any(hint in stderr for hint in _MEMORY_HINTS):
            return failed(memory_error)
        return failed(_exit_sentence(run.status, tail, timeout_s))
    try:
        doc = json.loads(run.stdout)
        if not isinstance(doc, dict):
            raise ValueError("not a JSON object")
        refused = [str(r) for r in doc.get("network_refused") or []]
        if doc.get("ok") is True:
            output = check_output(HarnessOutput.from_dict(doc["output"]))
            return SandboxOutcome(output, None, duration, peak, refused, tail)
        kind, error = doc.get("kind"), str(doc.get("error") or "harness failed")
    except (ValueError, KeyError, TypeError) as exc:
        return failed(f"harness process wrote an unreadable result: {exc}")
    return failed(memory_error if kind == "memory" else error, refused)


def _exit_sentence(status: int, tail: str, timeout_s: float) -> str:
    lines = [line.strip() for line in tail.splitlines() if line.strip()]
    # faulthandler's traceback follows its one informative line.
    fatal = [line for line in lines if line.startswith("Fatal Python error")]
    last = fatal[-1] if fatal else (lines[-1] if lines else "")
    hint = f" (last stderr line: {last[:300]})" if last else ""
    if status < 0:
        sig = -status
        if sig == signal.SIGXCPU:
            return f"used more CPU time than its limit of {timeout_s:g} s allows"
        name = signal.Signals(sig).name if sig in signal.valid_signals() else str(sig)
        if sig == signal.SIGKILL:
            hint = " (possibly the system's out-of-memory killer)" + hint
        return f"harness process was killed by signal {name}{hint}"
    return f"harness process exited with status {status} before writing a result{hint}"
