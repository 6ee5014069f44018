"""Harnesses that misbehave on purpose, for the sandbox tests.

The child loads them by "module:attr" path only when MODELREG_EVAL_TEST_HARNESSES=1 (see
`modelreg.evaluation.child`); `support` is importable because tests/ is on the child's path.
"""

from __future__ import annotations

import os
import socket
import sys
import time
from urllib.parse import urlsplit

from modelreg.evaluation.harness import HarnessError, HarnessOutput, HarnessRequest, MetricValue


def _ok(value: float = 0.9, **details: object) -> HarnessOutput:
    return HarnessOutput(
        metrics=[MetricValue("accuracy", value, 0.8, 0.95, samples=10)], details=dict(details)
    )


class Good:
    """Returns one metric."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        return _ok(float(request.config.get("value", 0.9)))


class Hang:
    """Sleeps forever, and leaves a grandchild process sleeping too if allowed to fork."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        while True:
            time.sleep(60)


class BusyHang:
    """Spins the CPU forever."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        x = 0
        while True:
            x += 1


class Greedy:
    """Allocates far more memory than the sandbox allows, in 16 MiB steps."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        blocks = [bytearray(16 * 1024 * 1024) for _ in range(10_000)]
        return _ok(len(blocks))


class Raises:
    """Fails like a broken model."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        raise ValueError("the model wants 12 features, the dataset has 11")


class Refuses:
    """Fails the way a harness reports a problem the user can fix."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        raise HarnessError("label column 'y' is not in the file (columns: a, b)")


class Exits:
    """Ends the process without writing anything."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        os._exit(3)


class Segfaults:
    """Dies by a signal, as a native crash would."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        os.kill(os.getpid(), 11)
        time.sleep(5)
        return _ok()


class Chatty:
    """Prints garbage to stdout from Python and at the file-descriptor level, then succeeds."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        print("{not json at all")
        sys.stdout.flush()
        os.write(1, b"\x00\xff garbage from native code\n")
        return _ok(0.75)


class NotFinite:
    """Returns a NaN value."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        return _ok(float("nan"))


class Network:
    """Tries 1.1.1.1:443, a name look-up, a program, then the allowed endpoint; reports each."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        results: dict[str, str] = {}
        results["outside"] = _attempt(lambda: socket.create_connection(("1.1.1.1", 443), 2))
        results["lookup"] = _attempt(lambda: socket.getaddrinfo("example.com", 443))
        results["program"] = _attempt(lambda: os.system("true"))
        if request.endpoint is not None:
            parts = urlsplit(request.endpoint.url)
            host, port = parts.hostname or "", parts.port or 80
            results["allowed"] = _attempt(lambda: _http_get(host, port))
            results["other_local_port"] = _attempt(
                lambda: socket.create_connection((host, port + 1), 2)
            )
        return _ok(1.0, attempts=results)


def _http_get(host: str, port: int) -> str:
    with socket.create_connection((host, port), 5) as sock:
        sock.sendall(b"GET /v1/ping HTTP/1.0\r\nHost: x\r\n\r\n")
        return sock.recv(100).decode("latin-1").splitlines()[0]


def _attempt(action: object) -> str:
    try:
        result = action()  # type: ignore[operator]
    except PermissionError as exc:
        return f"refused: {exc}"
    except OSError as exc:
        return f"failed: {exc}"
    if isinstance(result, socket.socket):
        result.close()
        return "connected"
    return f"ok: {result}"


class Sklearn:
    """Fits a real scikit-learn model inside the sandbox (numpy, BLAS, threadpoolctl)."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        import numpy as np
        from sklearn.linear_model import LogisticRegression

        rng = np.random.default_rng(0)
        x = rng.normal(size=(2000, 5))
        y = (x[:, 0] + 0.1 * rng.normal(size=2000) > 0).astype(int)
        model = LogisticRegression().fit(x, y)
        threads = os.environ.get("OPENBLAS_NUM_THREADS", "")
        return _ok(float(model.score(x, y)), openblas_threads=threads)


class ForksThenReturns:
    """Forks through libc (which the audit hook cannot see), leaves the grandchild sleeping and
    returns, or hangs when config["hang"] is set; the grandchild's pid goes to
    config["pid_file"]."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        import ctypes

        libc = ctypes.CDLL(None)
        pid = libc.fork()
        if pid == 0:
            while True:
                time.sleep(60)
        with open(request.config["pid_file"], "w") as f:
            f.write(str(pid))
        while request.config.get("hang"):
            time.sleep(60)
        return _ok()


class Env:
    """Reports the environment it sees."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        return _ok(env=dict(os.environ))


class HugeDetails:
    """Returns more details than the result document may carry."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        return _ok(blob="x" * (9 * 1024 * 1024))


class FloodsResultPipe:
    """Finds the child's private result pipe and floods it, as hostile code could."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        import stat

        chunk = b"x" * (1 << 20)
        for fd in range(3, 64):
            try:
                is_pipe = stat.S_ISFIFO(os.fstat(fd).st_mode)
            except OSError:
                continue
            if is_pipe and os.get_inheritable(fd) is False:
                for _ in range(64):
                    os.write(fd, chunk)
        return _ok()


class FloodsStderr:
    """Writes 32 MiB to stderr, then succeeds."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        line = b"y" * 1023 + b"\n"
        for _ in range(32 * 1024):
            os.write(2, line)
        os.write(2, b"the last line\n")
        return _ok(0.5)


class ForgesResult:
    """Writes its own result document, with a NaN, to the private result pipe and exits."""

    def run(self, request: HarnessRequest) -> HarnessOutput:
        import stat

        doc = b'{"ok": true, "output": {"metrics": [{"name": "accuracy", "value": NaN}]}}'
        for fd in range(3, 64):
            try:
                is_pipe = stat.S_ISFIFO(os.fstat(fd).st_mode)
            except OSError:
                continue
            if is_pipe and os.get_inheritable(fd) is False:
                os.write(fd, doc)
        os._exit(0)
