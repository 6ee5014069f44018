"""Hashing, encrypting and writing an upload on worker threads while the caller keeps receiving.

An upload used to be one serial loop per chunk: copy, SHA-256, AES-GCM, write, and only then read
more of the request body. Here the caller only copies plaintext into chunk buffers (`write_nowait`
lets an event loop do that without a thread hop while buffers are free); a hash thread
runs SHA-256 over each full chunk and a seal thread encrypts it (`encrypt_into`, into one reused
buffer) and writes it to the file. hashlib and `encrypt_into` release the GIL on large buffers and
a file write does too, so the three stages and the network reads run at the same time.

Memory is bounded: `depth` plaintext buffers circulate (caller -> hash -> seal -> caller), and the
caller waits for a free one, which is the upload's backpressure. Chunks stay in order because each
stage is one thread reading one FIFO queue. The final, short chunk is sealed by the caller in
`finish`, after both threads are done, because its AAD carries the digest of the whole plaintext.

Failure: the first exception on a worker thread stops both threads and is raised by the caller's
next `write` or `finish`. `abort` stops the threads without waiting for them; the file is closed by
whichever of `abort` and the last exiting thread comes second, so a descriptor is never closed
under a thread that is still writing to it.
"""

from __future__ import annotations

import hashlib
import logging
import queue
import threading
from collections.abc import Callable
from typing import BinaryIO

from modelreg.security.envelope import TAG_SIZE, BytesLike, EnvelopeSealer

DEFAULT_DEPTH = 4

log = logging.getLogger("modelreg.blobs")

# Besides full chunk buffers, the queues carry these sentinels, and the hash queue carries marker
# Events, set once every chunk before them is hashed.
_END = "end"  # no more chunks: the thread exits after passing it on
_STOP = "stop"  # abort or failure: drop everything, exit


class UploadPipeline:
    """Streams plaintext through SHA-256, AES-GCM and a file write on two worker threads."""

    def __init__(
        self, sealer: EnvelopeSealer, out: BinaryIO, *, depth: int = DEFAULT_DEPTH
    ) -> None:
        if depth < 2:
            raise ValueError("depth must be at least 2: one buffer filling, one in the workers")
        self._sealer = sealer
        self._out = out
        self._chunk_size = sealer.chunk_size
        self._free: queue.SimpleQueue[bytearray | None] = queue.SimpleQueue()
        for _ in range(depth - 1):
            self._free.put(bytearray(self._chunk_size))
        self._current = bytearray(self._chunk_size)
        self._filled = 0
        self._to_hash: queue.SimpleQueue[bytearray | threading.Event | str] = queue.SimpleQueue()
        self._to_seal: queue.SimpleQueue[bytearray | str] = queue.SimpleQueue()
        self._hash = hashlib.sha256()
        self._size = 0
        self._index = 0  # chunks handed to the workers
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._stopping = False
        self._running = 2  # worker threads not yet exited
        self._on_idle: Callable[[], None] | None = None  # abort's close, once none is running
        self._finished = False
        self._threads = [
            threading.Thread(target=self._run, args=(self._hash_stage,), name="upload-hash"),
            threading.Thread(target=self._run, args=(self._seal_stage,), name="upload-seal"),
        ]
        for thread in self._threads:
            thread.daemon = True  # an interpreter exit must not wait for an abandoned upload
            thread.start()

    @property
    def size(self) -> int:
        """Return the number of plaintext bytes written so far."""
        return self._size

    def sha256(self) -> str:
        """Return the hex SHA-256 of the plaintext written so far (waits for the hash thread)."""
        if not self._finished:
            marker = threading.Event()
            self._to_hash.put(marker)
            while not marker.wait(0.05):
                self._raise_if_failed()
                if self._stopping:
                    raise ValueError("upload pipeline was aborted")
        snapshot = self._hash.copy()
        if not self._finished:
            snapshot.update(memoryview(self._current)[: self._filled])
        return snapshot.hexdigest()

    def write(self, data: BytesLike) -> None:
        """Copy plaintext into chunk buffers; waits while `depth` chunks are in the workers."""
        self._raise_if_failed()
        if self._finished:
            raise ValueError("upload pipeline already finished")
        view = memoryview(data).cast("B")
        self._size += len(view)
        while view:
            taken = min(len(view), self._chunk_size - self._filled)
            self._current[self._filled : self._filled + taken] = view[:taken]
            self._filled += taken
            view = view[taken:]
            if self._filled == self._chunk_size:
                self._hand_on()

    def write_nowait(self, data: BytesLike) -> bool:
        """Copy plaintext in if that needs no buffer the workers still hold; else return False.

        An event loop can call this itself and hand only the pieces that would wait to a thread:
        in the steady state the workers keep up and no piece costs a thread hop.
        """
        length = memoryview(data).nbytes
        # Every chunk this piece completes is handed on and needs a free buffer in exchange;
        # only this thread takes buffers, so the count cannot drop before write() takes them.
        if (self._filled + length) // self._chunk_size > self._free.qsize():
            return False
        self.write(data)
        return True

    def finish(self) -> tuple[int, bytes]:
        """Wait for the workers, seal the final chunk and the sizes; return size and digest."""
        self._raise_if_failed()
        if self._finished:
            raise ValueError("upload pipeline already finished")
        self._finished = True
        self._to_hash.put(_END)
        for thread in self._threads:
            thread.join()
        self._raise_if_failed()
        final = memoryview(self._current)[: self._filled]
        self._hash.update(final)
        digest = self._hash.digest()
        self._sealer.finish(self._index, final, size=self._size, sha256=digest)
        return self._size, digest

    def abort(self, close: Callable[[], None]) -> None:
        """Stop the workers without waiting; `close` runs once no worker can touch the file."""
        with self._lock:
            self._stopping = True
            self._on_idle = close
            idle = self._running == 0
        self._to_hash.put(_STOP)
        self._to_seal.put(_STOP)
        self._free.put(None)  # wakes a caller waiting for a buffer
        if idle:
            close()

    def _hand_on(self) -> None:
        self._to_hash.put(self._current)
        self._index += 1
        self._filled = 0
        buffer = self._free.get()
        if buffer is None:  # a worker failed (or abort ran) while we waited
            self._raise_if_failed()
            raise ValueError("upload pipeline was aborted")
        self._current = buffer

    def _raise_if_failed(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self, stage: Callable[[], None]) -> None:
        try:
            stage()
        except BaseException as exc:  # handed to the caller, which raises it
            with self._lock:
                if self._error is None:
                    self._error = exc
                self._stopping = True
            self._to_hash.put(_STOP)
            self._to_seal.put(_STOP)
            self._free.put(None)
        finally:
            with self._lock:
                self._running -= 1
                close = self._on_idle if self._running == 0 and self._stopping else None
            if close is not None:
                try:
                    close()
                except Exception:  # nobody to raise it to on this thread
                    log.exception("closing an aborted upload's file failed")

    def _hash_stage(self) -> None:
        while True:
            item = self._to_hash.get()
            if isinstance(item, threading.Event):
                item.set()
                continue
            if isinstance(item, str) or self._stopping:
                self._to_seal.put(_END if item == _END else _STOP)
                return
            self._hash.update(item)
            self._to_seal.put(item)

    def _seal_stage(self) -> None:
        sealed = bytearray(self._chunk_size + TAG_SIZE)
        index = 0
        while True:
            item = self._to_seal.get()
            if isinstance(item, str) or self._stopping:
                return
            self._out.write(self._sealer.seal_into(index, item, sealed))
            index += 1
            self._free.put(item)
