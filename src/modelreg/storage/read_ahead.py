"""Reading and decrypting the next chunks of a blob on a thread while the caller sends this one.

A download alternates between decrypting a chunk (in a thread-pool thread) and sending it (on the
event loop); without read-ahead one waits for the other. `ReadAhead` runs the piece iterator on
its own thread, at most `depth` pieces ahead, so file reads and AES-GCM overlap the network.
The thread holds no reference to the `ReadAhead` object, so a stream the caller drops is garbage
collected, and its `close` (also run by `__del__`) stops the thread and releases the resources.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator

DEFAULT_DEPTH = 2


class _End:
    """The producer's last item: iteration ended, with `error` if it failed."""

    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


class _Producer:
    """The thread's side: pulls pieces and queues them until exhausted, failed or stopped."""

    def __init__(self, pieces: Iterator[bytes], depth: int) -> None:
        self.pieces = pieces
        self.queue: queue.Queue[bytes | _End] = queue.Queue(maxsize=depth)
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                try:
                    piece = next(self.pieces)
                except StopIteration:
                    self.queue.put(_End())
                    return
                self.queue.put(piece)
        except BaseException as exc:  # raised to the consumer on its next `next()`
            self.queue.put(_End(exc))


class ReadAhead(Iterator[bytes]):
    """Yields the pieces of `pieces`, produced on a background thread up to `depth` ahead.

    `release` runs exactly once, after the thread has stopped touching `pieces`: when iteration
    ends, fails, or the stream is closed.
    """

    def __init__(
        self,
        pieces: Iterator[bytes],
        release: Callable[[], None],
        *,
        depth: int = DEFAULT_DEPTH,
        name: str = "blob-read-ahead",
    ) -> None:
        self._producer = _Producer(pieces, depth)
        self._release: Callable[[], None] | None = release
        self._thread = threading.Thread(target=self._producer.run, name=name, daemon=True)
        self._thread.start()

    def __next__(self) -> bytes:
        """Return the next piece, raising what the producer raised."""
        if self._release is None:
            raise StopIteration
        return self._take(self._producer.queue.get())

    def next_ready(self) -> bytes | None:
        """Return the next piece if it is already produced, else None; StopIteration at the end.

        Lets an event loop take pieces without a thread hop while the producer is ahead.
        """
        if self._release is None:
            raise StopIteration
        try:
            item = self._producer.queue.get_nowait()
        except queue.Empty:
            return None
        return self._take(item)

    def _take(self, item: bytes | _End) -> bytes:
        if isinstance(item, _End):
            self.close()
            if item.error is not None:
                raise item.error
            raise StopIteration
        return item

    def close(self) -> None:
        """Stop the producer, wait for its current piece, and release; later `next()` stops."""
        release, self._release = self._release, None
        if release is None:
            return
        self._producer.stop.set()
        # Empty the queue so that a producer blocked on a full one can put its last piece.
        while True:
            try:
                self._producer.queue.get_nowait()
            except queue.Empty:
                break
        # The cyclic GC may run __del__ on the producer thread itself, which cannot join itself.
        if threading.current_thread() is not self._thread:
            self._thread.join()
        release()

    def __del__(self) -> None:
        """Close a stream that was dropped without being exhausted or closed."""
        self.close()
