"""The local engine: the analysis in a thread of this process, or in a pool of worker processes on this machine.

With one worker the analysis runs in a thread beside the caller's, a few batches ahead of it, so that storing
one article overlaps analysing the next: the model's steps and SQLite's run outside the interpreter lock. The
results and their order are those of analysing in the caller's thread.

A worker that dies (killed, out of memory) breaks the pool; the engine starts a new pool and sends the
unfinished batches again, so the ingest finishes. Only when pools keep dying does it stop, with one line.
Workers end with the process that started them, however it ends, and at once when it stops early.
"""
from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from claimgraph.engines.analysis import Result, analyse_batch, load_model
from claimgraph.errors import ClaimgraphError
from claimgraph.records import Document

CHUNK = 8
"""Documents per batch sent to a worker: one `nlp.pipe` call; small, so progress moves and the load stays even."""

RESTARTS = 3
"""New pools started after a worker died, before the ingest stops."""

Batch = tuple[list[Any], list[Document]]


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def batches(documents: Iterable[tuple[Any, Document]], size: int = CHUNK) -> Iterator[Batch]:
    """The stream cut into batches of (keys, documents), pulled lazily."""
    stream = iter(documents)
    while chunk := list(itertools.islice(stream, size)):
        yield [k for k, _ in chunk], [d for _, d in chunk]


PR_SET_PDEATHSIG = 1
"""Linux's prctl option: the signal this process gets when the thread that started it ends (sys/prctl.h)."""

PARENT_POLL_S = 1.0
"""Seconds between two looks at the parent, where the kernel cannot be asked to end a worker with it."""


def _init_worker(parent: int) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the caller's handler, inherited through fork
    _end_with(parent)
    load_model()


def _end_with(parent: int) -> None:
    """End this worker when its parent process ends, however it ends (SIGKILL too): a worker whose parent is
    gone waits for batches that never come, holding its memory. Linux ends it with SIGKILL (PR_SET_PDEATHSIG);
    elsewhere a daemon thread watches the parent's pid."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent ended before the kernel was asked
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass
    threading.Thread(target=_watch_parent, args=(parent,), name="claimgraph-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_S)
    os._exit(1)


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """The pool's worker processes ended at once, their batches dropped: the caller stops (Ctrl-C, SIGTERM, an
    error of its own) and will not take the results, so nothing should outlive it or keep it waiting at exit."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.terminate()


class LocalEngine:
    """Up to `workers` processes on this machine (all cores where None); one runs in a thread of this process."""

    name = "local"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self.restarts = 0

    def connect(self) -> None:
        """Nothing to reach: the workers start with the first batches."""

    def analysed(self, documents: Iterable[tuple[Any, Document]], beside: Any) -> Iterator[tuple[Any, Result]]:
        """(key, result) for each (key, document), in order; a run too short to fill the workers stays in this
        process, sparing them the cost of loading the model. Documents are pulled lazily (bounded memory)."""
        source = batches(documents)
        head = list(itertools.islice(source, self.workers))
        if self.workers <= 1 or len(head) <= 1:
            yield from self._threaded(itertools.chain(head, source), beside)
            return
        yield from self._pooled(itertools.chain(head, source), min(self.workers, len(head)), beside)

    def _threaded(self, source: Iterator[Batch], beside: Any) -> Iterator[tuple[Any, Result]]:
        """The batches analysed in one thread of this process, ahead of the caller (who stores them meanwhile)."""
        thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimgraph-analysis")
        try:
            yield from self._drain(thread, deque(), source, 1, beside)
        finally:
            thread.shutdown(wait=True, cancel_futures=True)  # a batch under way ends before the caller goes on

    def _pooled(self, source: Iterator[Batch], workers: int, beside: Any) -> Iterator[tuple[Any, Result]]:
        pending: deque[tuple[Batch, Future[list[Result]] | None]] = deque()
        while True:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=_process_context(), initializer=_init_worker,
                                       initargs=(os.getpid(),))
            try:
                # batches sent to a pool that broke are sent again to the new one, in order
                pending = deque((batch, pool.submit(analyse_batch, batch[1], beside)) for batch, _ in pending)
                yield from self._drain(pool, pending, source, workers, beside)
                pool.shutdown(wait=True)
                return
            except BrokenProcessPool:
                self.restarts += 1
                if self.restarts > RESTARTS:
                    raise ClaimgraphError(
                        "analysis workers keep dying (out of memory?); the articles stored so far are kept: run the "
                        "same ingest again to finish, perhaps with fewer --workers") from None
            except BaseException:  # the caller stopped: interrupted, terminated, or done with the results
                _stop_workers(pool)
                raise
            finally:
                pool.shutdown(wait=False, cancel_futures=True)

    @staticmethod
    def _drain(pool: Executor, pending: deque[tuple[Batch, Future[list[Result]] | None]],
               source: Iterator[Batch], workers: int, beside: Any) -> Iterator[tuple[Any, Result]]:
        def submit() -> None:
            batch = next(source, None)
            if batch is not None:
                pending.append((batch, None))  # kept, to be sent again, if the pool is already broken
                pending[-1] = (batch, pool.submit(analyse_batch, batch[1], beside))

        while len(pending) < 3 * workers:
            before = len(pending)
            submit()
            if len(pending) == before:
                break
        while pending:
            batch, future = pending[0]
            if future is None:
                raise BrokenProcessPool("a batch was not sent")
            results = future.result()  # BrokenProcessPool leaves this batch (and those after it) pending
            pending.popleft()
            submit()
            yield from zip(batch[0], results, strict=True)


def _process_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe, spawn where other threads run (a fork copies their locks mid-use).

    With fork a caller's script needs no `if __name__ == "__main__"` guard; either way the results are
    the same (the analysis does not depend on the hash seed: tests/test_determinism.py).
    """
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")
