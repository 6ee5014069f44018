"""The scan-worker supervisor: backoff sequence, exit descriptions, restarts of a real child."""

from __future__ import annotations

import sys
import threading

from modelreg.worker.supervisor import Backoff, Restart, Supervisor, describe_exit


def test_backoff_doubles_to_its_bound_and_resets_after_a_stable_run() -> None:
    backoff = Backoff(initial=1.0, maximum=60.0, stable_after=60.0)
    delays = [backoff.next(uptime=0.5) for _ in range(8)]
    assert delays == [
        (1.0, 1),
        (2.0, 2),
        (4.0, 3),
        (8.0, 4),
        (16.0, 5),
        (32.0, 6),
        (60.0, 7),
        (60.0, 8),
    ]
    assert backoff.next(uptime=60.0) == (1.0, 1)
    assert backoff.next(uptime=3.0) == (2.0, 2)


def test_exit_codes_and_signals_are_told_apart() -> None:
    assert describe_exit(0) == (0, None)
    assert describe_exit(3) == (3, None)
    assert describe_exit(-9) == (None, "SIGKILL")
    assert describe_exit(-15) == (None, "SIGTERM")


def test_a_child_that_exits_is_restarted_and_reported() -> None:
    restarts: list[Restart] = []
    two = threading.Event()

    def record(restart: Restart) -> None:
        restarts.append(restart)
        if len(restarts) == 2:
            two.set()

    supervisor = Supervisor(
        [sys.executable, "-c", "import sys; sys.exit(3)"],
        record,
        backoff=Backoff(initial=0.01, maximum=0.02, stable_after=3600.0),
    )
    supervisor.start()
    try:
        assert two.wait(timeout=60), "the child was not restarted twice"
    finally:
        supervisor.stop()
    first, second = restarts[:2]
    assert (first.exit_code, first.signal, first.attempt) == (3, None, 1)
    assert (second.attempt, second.delay_seconds) == (2, 0.02)
    assert second.previous_pid == first.pid != first.previous_pid


def test_stop_ends_a_running_child_without_restarting_it() -> None:
    restarts: list[Restart] = []
    supervisor = Supervisor(
        [sys.executable, "-c", "import time; time.sleep(600)"],
        restarts.append,
        backoff=Backoff(initial=0.01),
    )
    supervisor.start()
    child = supervisor._child
    supervisor.stop()
    assert child is not None and child.returncode is not None
    assert restarts == []
    assert supervisor.pid == child.pid


def test_supervision_goes_on_when_recording_a_restart_fails() -> None:
    calls: list[Restart] = []
    two = threading.Event()

    def broken_audit(restart: Restart) -> None:
        calls.append(restart)
        if len(calls) == 2:
            two.set()
        raise RuntimeError("database unreachable")

    supervisor = Supervisor(
        [sys.executable, "-c", "pass"],
        broken_audit,
        backoff=Backoff(initial=0.01, maximum=0.01, stable_after=3600.0),
    )
    supervisor.start()
    try:
        assert two.wait(timeout=60), "supervision stopped after a failed audit"
    finally:
        supervisor.stop()
    assert [c.attempt for c in calls[:2]] == [1, 2]
    assert calls[0].exit_code == 0
