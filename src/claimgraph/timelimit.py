"""Running a step of Python for at most some seconds, in whatever thread runs it.

`run_within(seconds, step)` runs `step()` in the calling thread while a timer waits; when the
seconds pass first, the timer raises `OverTime` in that thread (CPython's
`PyThreadState_SetAsyncExc`, the way Ctrl-C interrupts the main thread), which ends the step at its
next Python instruction however deep in a loop it is. A signal would do the same only in the main
thread; a thread cannot be killed. `OverTime` is a BaseException, like KeyboardInterrupt, so that
no `except Exception` inside the step swallows it. Code that runs for long inside C without
returning to Python (one huge regular expression, say) is interrupted only when it returns.
"""
from __future__ import annotations

import ctypes
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)
_set_async_exc.restype = ctypes.c_int


class OverTime(BaseException):
    """A step ran past its seconds (raised inside it, and then out of `run_within`)."""


def run_within(seconds: float, step: Callable[[], T]) -> T:
    """step(), or OverTime where it has not returned after `seconds`."""
    thread = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def interrupt() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                _set_async_exc(thread, OverTime)

    timer = threading.Timer(max(seconds, 0.0), interrupt)
    timer.daemon = True
    timer.name = "claimgraph-time-limit"
    try:
        try:
            timer.start()
            return step()
        finally:
            with lock:
                state["done"] = True
            timer.cancel()
            timer.join()  # at once: a cancelled timer wakes and ends
            if state["fired"]:
                _set_async_exc(thread, ctypes.py_object())  # an interruption not yet raised is dropped
                raise OverTime
    except OverTime:
        raise OverTime from None
