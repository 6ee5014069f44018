"""ReadAhead: pieces in order from a background thread, errors passed on, resources released."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from modelreg.storage.read_ahead import ReadAhead

# A worker thread's exception nobody handled would otherwise pass as a mere warning.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")


class Gate:
    """A piece source that stops before piece `at` until opened; counts releases."""

    def __init__(self, pieces: list[bytes], at: int) -> None:
        self.pieces = pieces
        self.at = at
        self.opened = threading.Event()
        self.waiting = threading.Event()
        self.released = 0

    def __iter__(self) -> Iterator[bytes]:
        for index, piece in enumerate(self.pieces):
            if index == self.at:
                self.waiting.set()
                self.opened.wait(10)
            yield piece

    def release(self) -> None:
        self.released += 1


def eventually(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.005)


def read_ahead_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "blob-read-ahead"]


def test_yields_every_piece_in_order_then_releases_once() -> None:
    pieces = [bytes([i]) * (i + 1) for i in range(50)]
    gate = Gate(pieces, at=-1)
    stream = ReadAhead(iter(gate), gate.release, depth=3)
    assert list(stream) == pieces
    assert gate.released == 1
    assert list(stream) == []
    stream.close()
    assert gate.released == 1
    eventually(lambda: not read_ahead_threads())


def test_next_ready_returns_none_while_the_producer_is_behind() -> None:
    gate = Gate([b"a", b"b", b"c"], at=1)
    stream = ReadAhead(iter(gate), gate.release)
    assert gate.waiting.wait(10)
    assert stream.next_ready() == b"a"
    assert stream.next_ready() is None  # b"b" is not produced yet
    gate.opened.set()
    assert next(stream) == b"b"
    received = []
    while True:  # b"c", then the end, each once the producer gets there
        try:
            piece = stream.next_ready()
        except StopIteration:
            break
        if piece is None:
            time.sleep(0.005)
        else:
            received.append(piece)
    assert received == [b"c"]
    assert gate.released == 1


def test_an_error_reaches_the_consumer_after_the_pieces_before_it() -> None:
    def failing() -> Iterator[bytes]:
        yield b"ok"
        raise OSError("disk went away")

    released: list[int] = []
    stream = ReadAhead(failing(), lambda: released.append(1))
    assert next(stream) == b"ok"
    with pytest.raises(OSError, match="disk went away"):
        next(stream)
    assert released == [1]
    assert list(stream) == []


def test_closing_a_stream_whose_producer_is_blocked_on_a_full_queue() -> None:
    gate = Gate([b"x"] * 100, at=-1)
    stream = ReadAhead(iter(gate), gate.release, depth=2)
    assert next(stream) == b"x"
    time.sleep(0.05)  # the producer fills the queue and blocks on it
    stream.close()
    assert gate.released == 1
    assert not read_ahead_threads()
    with pytest.raises(StopIteration):
        stream.next_ready()


def test_a_dropped_stream_stops_its_thread_and_releases() -> None:
    gate = Gate([b"y"] * 100, at=-1)
    stream = ReadAhead(iter(gate), gate.release, depth=2)
    next(stream)
    del stream
    gc.collect()
    eventually(lambda: not read_ahead_threads())
    assert gate.released == 1
