"""UploadPipeline on real envelopes: same format as the one-thread writer, order, and failures."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import threading
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelreg.security.envelope import BytesLike, EnvelopeReader, EnvelopeSealer, read_header
from modelreg.security.keys import LocalKeyfileProvider
from modelreg.storage.upload_pipeline import UploadPipeline

# A worker thread's exception nobody handled would otherwise pass as a mere warning.
pytestmark = pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
CHUNK = 64


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> LocalKeyfileProvider:
    return LocalKeyfileProvider(tmp_path_factory.mktemp("keys") / "kek.json")


class FailingFile(io.BytesIO):
    """A file that fails like a full disk once `limit` bytes are written, and records closing."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.closed_by: str | None = None

    def write(self, data: BytesLike) -> int:  # type: ignore[override]
        view = memoryview(data)
        if self.tell() + view.nbytes > self.limit:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(view)

    def close(self) -> None:
        self.closed_by = threading.current_thread().name


def pipeline_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("upload-")]


def wait_for_no_pipeline_threads() -> None:
    deadline = time.monotonic() + 10
    while pipeline_threads():
        assert time.monotonic() < deadline, f"threads left: {pipeline_threads()}"
        time.sleep(0.01)


def run_pipeline(
    keys: LocalKeyfileProvider, plaintext: bytes, *, piece: int, depth: int = 4
) -> tuple[bytes, bytes]:
    """Push `plaintext` through a pipeline in `piece`-byte writes; the envelope and plaintext."""
    out = io.BytesIO()
    sealer = EnvelopeSealer(out, chunk_size=CHUNK)
    pipeline = UploadPipeline(sealer, out, depth=depth)
    for i in range(0, len(plaintext), piece):
        pipeline.write(plaintext[i : i + piece])
    size, digest = pipeline.finish()
    assert size == len(plaintext)
    assert digest == hashlib.sha256(plaintext).digest()
    wrapped = sealer.wrap_key(keys)
    opened = EnvelopeReader(io.BytesIO(out.getvalue()), wrapped, keys)
    return out.getvalue(), b"".join(opened.read())


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 10 * CHUNK, 37 * CHUNK + 5])
@pytest.mark.parametrize("piece", [1, CHUNK - 3, CHUNK, 3 * CHUNK + 1])
def test_round_trip(keys: LocalKeyfileProvider, size: int, piece: int) -> None:
    plaintext = os.urandom(size)
    blob, read_back = run_pipeline(keys, plaintext, piece=piece)
    assert read_back == plaintext
    header = read_header(io.BytesIO(blob))
    assert (header.plaintext_size, header.chunk_count) == (size, size // CHUNK + 1)
    wait_for_no_pipeline_threads()


@settings(max_examples=40, deadline=None)
@given(
    plaintext=st.binary(max_size=20 * CHUNK),
    piece=st.integers(1, 4 * CHUNK),
    depth=st.integers(2, 5),
)
def test_round_trip_property(
    keys: LocalKeyfileProvider, plaintext: bytes, piece: int, depth: int
) -> None:
    assert run_pipeline(keys, plaintext, piece=piece, depth=depth)[1] == plaintext


def test_accepts_bytearrays_and_memoryviews_and_copies_them(keys: LocalKeyfileProvider) -> None:
    out = io.BytesIO()
    sealer = EnvelopeSealer(out, chunk_size=CHUNK)
    pipeline = UploadPipeline(sealer, out)
    reused = bytearray(b"a" * 100)
    pipeline.write(reused)
    reused[:] = b"b" * 100  # the caller may reuse its buffer once write returns
    pipeline.write(memoryview(b"c" * 300)[50:])
    _, digest = pipeline.finish()
    assert digest == hashlib.sha256(b"a" * 100 + b"c" * 250).digest()


def test_digest_so_far_waits_for_the_hash_thread(keys: LocalKeyfileProvider) -> None:
    out = io.BytesIO()
    pipeline = UploadPipeline(EnvelopeSealer(out, chunk_size=CHUNK), out)
    data = os.urandom(7 * CHUNK + 3)
    pipeline.write(data)
    assert pipeline.size == len(data)
    assert pipeline.sha256() == hashlib.sha256(data).hexdigest()
    pipeline.write(b"more")
    assert pipeline.sha256() == hashlib.sha256(data + b"more").hexdigest()
    pipeline.finish()
    assert pipeline.sha256() == hashlib.sha256(data + b"more").hexdigest()


def test_finish_twice_and_write_after_finish_are_refused(keys: LocalKeyfileProvider) -> None:
    out = io.BytesIO()
    pipeline = UploadPipeline(EnvelopeSealer(out, chunk_size=CHUNK), out)
    pipeline.write(b"abc")
    pipeline.finish()
    with pytest.raises(ValueError, match="finished"):
        pipeline.write(b"x")
    with pytest.raises(ValueError, match="finished"):
        pipeline.finish()


def test_depth_below_two_is_refused() -> None:
    out = io.BytesIO()
    with pytest.raises(ValueError, match="depth"):
        UploadPipeline(EnvelopeSealer(out, chunk_size=CHUNK), out, depth=1)


def test_a_failing_write_on_the_seal_thread_reaches_the_caller() -> None:
    out = FailingFile(limit=10 * CHUNK)
    pipeline = UploadPipeline(EnvelopeSealer(out, chunk_size=CHUNK), out, depth=2)
    with pytest.raises(OSError, match="No space left") as raised:
        # Far more than the limit: the caller sees the error instead of blocking for a buffer.
        for _ in range(1000):
            pipeline.write(os.urandom(CHUNK))
    assert raised.value.errno == errno.ENOSPC
    wait_for_no_pipeline_threads()
    with pytest.raises(OSError, match="No space left"):
        pipeline.finish()
    pipeline.abort(close=out.close)
    assert out.closed_by == threading.current_thread().name  # no thread left to close it


def test_a_failure_seen_only_when_finishing_is_raised_by_finish() -> None:
    out = FailingFile(limit=4 * CHUNK)
    pipeline = UploadPipeline(EnvelopeSealer(out, chunk_size=CHUNK), out, depth=8)
    pipeline.write(os.urandom(6 * CHUNK))  # fits in the buffers: write itself cannot fail
    with pytest.raises(OSError, match="No space left"):
        pipeline.finish()
    assert not pipeline_threads()


def test_abort_stops_the_threads_and_closes_the_file_once() -> None:
    closes: list[str] = []
    writing, release_write = threading.Event(), threading.Event()

    class SlowFile(io.BytesIO):
        def write(self, data: BytesLike) -> int:  # type: ignore[override]
            if self.tell() > 0:  # past the header: a disk slow to take the first chunk
                writing.set()
                release_write.wait(10)
            return super().write(data)

    out = SlowFile()
    pipeline = UploadPipeline(EnvelopeSealer(out, chunk_size=CHUNK), out, depth=3)
    pipeline.write(os.urandom(2 * CHUNK))
    assert writing.wait(10)  # the seal thread is inside its first write
    pipeline.abort(close=lambda: closes.append(threading.current_thread().name))
    # abort does not wait for the write in progress; the seal thread closes when it is done.
    assert closes == []
    release_write.set()
    wait_for_no_pipeline_threads()
    assert closes == ["upload-seal"] or closes == ["upload-hash"]
    with pytest.raises(ValueError, match="aborted"):
        pipeline.sha256()


def test_abort_with_idle_threads_closes_at_once() -> None:
    out = io.BytesIO()
    pipeline = UploadPipeline(EnvelopeSealer(out, chunk_size=CHUNK), out)
    pipeline.write(b"x" * (CHUNK + 1))
    pipeline.finish()
    closes: list[int] = []
    pipeline.abort(close=lambda: closes.append(1))
    assert closes == [1]


def test_write_nowait_refuses_only_what_would_wait_for_a_buffer() -> None:
    writing, release_write = threading.Event(), threading.Event()

    class SlowFile(io.BytesIO):
        def write(self, data: BytesLike) -> int:  # type: ignore[override]
            if self.tell() > 0:  # past the header: the first chunk's write hangs
                writing.set()
                release_write.wait(10)
            return super().write(data)

    out = SlowFile()
    pipeline = UploadPipeline(EnvelopeSealer(out, chunk_size=CHUNK), out, depth=2)
    assert pipeline.write_nowait(b"a" * CHUNK)  # completes a chunk: takes the one free buffer
    assert writing.wait(10)
    assert not pipeline.write_nowait(b"b" * CHUNK)  # would complete one more: no buffer free
    assert pipeline.size == CHUNK  # nothing of the refused piece was taken
    assert pipeline.write_nowait(b"b" * (CHUNK - 1))  # fits in the current buffer
    release_write.set()
    eventually_true(lambda: pipeline.write_nowait(b"b"))
    _, digest = pipeline.finish()
    assert digest == hashlib.sha256(b"a" * CHUNK + b"b" * CHUNK).digest()


def eventually_true(attempt: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 10
    while not attempt():
        assert time.monotonic() < deadline
        time.sleep(0.005)
