"""Running a step of Python for at most some seconds, in whatever thread runs it.

`run_within(seconds, step)` runs `step()` in the calling thread while a watcher waits; when the
seconds pass first, the watcher raises `OverTime` in that thread (CPython's
`PyThreadState_SetAsyncExc`, the way Ctrl-C interrupts the main thread), which ends the step at its
next Python instruction however deep in a loop it is. A signal would do the same only in the main
thread; a thread cannot be killed. `OverTime` is a BaseException, like KeyboardInterrupt, so that
no `except Exception` inside the step swallows it.

An interruption that lands in a finaliser or a garbage-collector callback is lost there (Python
reports it as "ignored"), so the watcher raises it again every REPEAT seconds until the step ends,
and such reports of OverTime are kept quiet. Code that runs for long inside C without returning
to Python (one huge regular expression, say) is interrupted only when it returns.
"""
from __future__ import annotations

import ctypes
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

REPEAT = 0.05
"""Seconds between interruptions of a step that has not ended yet."""

_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exc.restype = ctypes.c_int


class OverTime(BaseException):
    """A step ran past its seconds (raised inside it, and then out of `run_within`)."""


def _quiet(previous: Callable[[Any], object], step: _Step | None = None) -> Callable[[Any], object]:
    """An unraisable-exception hook that says nothing of an OverTime lost in a finaliser (and tells the watcher, so
    that it raises again at once), and passes on the rest."""
    def hook(unraisable: Any) -> object:
        if isinstance(unraisable.exc_value, OverTime):
            if step is not None:
                step.lost = True
            return None
        return previous(unraisable)
    return hook


class _Step:
    """One running step that the watcher keeps an eye on."""

    __slots__ = ("thread", "deadline", "fired", "lost", "again")

    def __init__(self, thread: int, deadline: float) -> None:
        self.thread = thread
        self.deadline = deadline
        self.fired = False
        self.lost = False
        """Set by the hook when an interruption was lost in a finaliser (a plain flag: the step's thread takes no
        lock there, where another interruption could leave it held)."""
        self.again = 0.0
        """When a step that has been interrupted is interrupted again."""


class _Watcher:
    """The one thread that interrupts every step past its seconds, in whatever thread each runs.

    A thread started for each step costs several switches between threads per step (its start, and its join
    at the end), each a wait for the scheduler on a busy machine (about 1 ms a document in `analyze_many`); this
    one sleeps until the earliest deadline and is woken only by a step whose deadline comes earlier still. It
    ends by itself once no step has run for a while (IDLE), so nothing is left behind, and the next step starts
    another.

    A step's thread takes only `mutex`, a plain lock, with `with`: an interruption raised in it cannot leave that
    held (`threading.Condition.__enter__` is Python code, where one could land after the lock is taken and before
    the `with` begins)."""

    IDLE = 0.5
    """Seconds the watcher sleeps at most: where no step ran since it last woke, it ends."""

    def __init__(self) -> None:
        self.mutex = threading.Lock()
        self.wakeup = threading.Condition(self.mutex)
        self.steps: dict[int, _Step] = {}
        self.thread: threading.Thread | None = None
        self.wake_at = float("inf")
        self.busy = False
        """A step began since the watcher last woke."""

    def begin(self, step: _Step) -> None:
        """Watch a step from now on (the caller is already inside the `try` that lets it go)."""
        with self.mutex:
            self.steps[id(step)] = step
            self.busy = True
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._watch, daemon=True, name="claimgraph-time-limit")
                self.wake_at = step.deadline
                self.thread.start()
            elif step.deadline < self.wake_at:
                self.wake_at = step.deadline
                self.wakeup.notify()

    def _watch(self) -> None:
        with self.wakeup:
            while True:
                now = time.monotonic()
                if not self.steps and not self.busy:
                    if self.thread is threading.current_thread():
                        self.thread = None
                    return
                self.busy = False
                wake = now + self.IDLE
                for step in self.steps.values():
                    wake = min(wake, self._check(step, now))
                self.wake_at = wake
                self.wakeup.wait(max(wake - time.monotonic(), 0.0))

    @staticmethod
    def _check(step: _Step, now: float) -> float:
        """Interrupt a step past its seconds (again after REPEAT, at once where the hook saw it lost in a
        finaliser); when to look at it next."""
        if now < step.deadline:
            return step.deadline
        if not step.fired or now >= step.again or step.lost:
            step.fired = True
            step.lost = False
            step.again = now + REPEAT
            _set_async_exc(step.thread, OverTime)
        return min(step.again, now + REPEAT / 50)  # polled for a lost interruption meanwhile


_watcher = _Watcher()


def _after_fork() -> None:
    global _watcher
    _watcher = _Watcher()  # the parent's watcher thread does not run in a child


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def run_within(seconds: float, step: Callable[[], T]) -> T:
    """step(), or OverTime where it has not returned after `seconds`."""
    watcher = _watcher
    previous = sys.unraisablehook
    running = _Step(threading.get_ident(), time.monotonic() + max(seconds, 0.0))
    key = id(running)
    quiet = sys.unraisablehook = _quiet(previous, running)
    try:
        try:
            watcher.begin(running)
            return step()
        finally:
            # let the step go, inline and under the plain lock: the watcher interrupts it no more after this (one
            # call into Python first would leave a window where an interruption skips it)
            with watcher.mutex:
                watcher.steps.pop(key, None)
            if running.fired:
                _set_async_exc(running.thread, ctypes.py_object())  # an interruption not yet raised is dropped
                raise OverTime
    except OverTime:
        raise OverTime from None
    finally:
        if sys.unraisablehook is quiet:
            sys.unraisablehook = previous
