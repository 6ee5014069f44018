"""Supervising the scan worker child of `modelreg serve`: restart it whenever it exits.

A worker that exits (killed, crashed, out of memory) is started again after an exponential
backoff, so a worker that dies at once does not spin; the delay returns to its start once a
child has stayed up a while. Every restart is reported to a callback (serve audits it) and
logged. The child runs in its own session, so a terminal's Ctrl-C reaches only `serve`, which
then stops the child; if `serve` is SIGKILLed the child notices its parent is gone
(`modelreg worker --parent-pid`) and exits by itself.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

log = logging.getLogger("modelreg.worker.supervisor")


class Backoff:
    """Restart delays doubling from `initial` to at most `maximum` seconds; a child that stayed
    up `stable_after` seconds starts the sequence again."""

    def __init__(
        self, initial: float = 1.0, maximum: float = 60.0, stable_after: float = 60.0
    ) -> None:
        self.initial = initial
        self.maximum = maximum
        self.stable_after = stable_after
        self.attempt = 0

    def next(self, uptime: float) -> tuple[float, int]:
        """The delay before the next restart and its attempt number (1 after a stable run)."""
        if uptime >= self.stable_after:
            self.attempt = 0
        delay = min(self.initial * 2**self.attempt, self.maximum)
        self.attempt += 1
        return delay, self.attempt


@dataclass(frozen=True)
class Restart:
    """A child that exited and the one started in its place."""

    previous_pid: int
    pid: int
    exit_code: int | None
    signal: str | None
    attempt: int
    delay_seconds: float
    uptime_seconds: float


def describe_exit(returncode: int) -> tuple[int | None, str | None]:
    """(exit code, signal name) of a Popen return code; negative codes are signals."""
    if returncode < 0:
        try:
            return None, signal.Signals(-returncode).name
        except ValueError:
            return None, f"signal {-returncode}"
    return returncode, None


class Supervisor:
    """Runs `argv` as a child process and restarts it (with backoff) until `stop` is called."""

    def __init__(
        self,
        argv: Sequence[str],
        on_restart: Callable[[Restart], None],
        backoff: Backoff | None = None,
    ) -> None:
        self.argv = list(argv)
        self.on_restart = on_restart
        self.backoff = backoff or Backoff()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._child: subprocess.Popen[bytes] | None = None
        self._started = 0.0
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    @property
    def pid(self) -> int | None:
        """The current child's pid (None before the first start)."""
        child = self._child
        return None if child is None else child.pid

    def start(self) -> None:
        """Start the child and the thread that restarts it."""
        with self._lock:
            self._spawn()
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Stop restarting, terminate the child and wait for it (killing it after `timeout`)."""
        self._stopping.set()
        with self._lock:
            child = self._child
        if child is not None and child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        self._thread.join(timeout=timeout)

    def _spawn(self) -> subprocess.Popen[bytes]:
        child = subprocess.Popen(  # noqa: S603 - our own module, fixed argv
            self.argv, stdin=subprocess.DEVNULL, start_new_session=True
        )
        self._child, self._started = child, time.monotonic()
        return child

    def _watch(self) -> None:
        while True:
            child = self._child
            assert child is not None
            returncode = child.wait()
            if self._stopping.is_set():
                return
            uptime = time.monotonic() - self._started
            delay, attempt = self.backoff.next(uptime)
            exit_code, signal_name = describe_exit(returncode)
            log.warning(
                "scan worker (pid %d) exited with %s after %.0f s; restarting in %.0f s "
                "(attempt %d)",
                child.pid,
                signal_name or f"code {exit_code}",
                uptime,
                delay,
                attempt,
            )
            if self._stopping.wait(delay):
                return
            with self._lock:
                if self._stopping.is_set():
                    return
                try:
                    new = self._spawn()
                except OSError:
                    log.exception("could not start the scan worker; retrying")
                    # wait() on the exited child returns at once, so the loop retries with
                    # the next (longer) delay.
                    self._child, self._started = child, time.monotonic()
                    continue
            restart = Restart(child.pid, new.pid, exit_code, signal_name, attempt, delay, uptime)
            log.warning("scan worker restarted as pid %d", restart.pid)
            try:
                self.on_restart(restart)
            except Exception:
                # Losing the audit event must not stop supervision; the log still has it.
                log.exception("could not record the restart of the scan worker")
