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
import sys
import threading
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


def _quiet(previous: Callable[[Any], object], lost: threading.Event | None = None) -> Callable[[Any], object]:
    """An unraisable-exception hook that says nothing of an OverTime lost in a finaliser (and tells the watcher, so
    that it raises again at once), and passes on the rest."""
    def hook(unraisable: Any) -> object:
        if isinstance(unraisable.exc_value, OverTime):
            if lost is not None:
                lost.set()
            return None
        return previous(unraisable)
    return hook


def run_within(seconds: float, step: Callable[[], T]) -> T:
    """step(), or OverTime where it has not returned after `seconds`."""
    thread = threading.get_ident()
    lock = threading.Lock()
    ended = threading.Event()
    lost = threading.Event()  # set by the hook when an interruption was lost in a finaliser
    state = {"done": False, "fired": False}

    def watch() -> None:
        if ended.wait(max(seconds, 0.0)):
            return
        while True:
            with lock:
                if state["done"]:
                    return
                state["fired"] = True
                lost.clear()
                _set_async_exc(thread, OverTime)
            # again, until the step has ended: at once where the hook saw it lost in a finaliser, else after REPEAT
            waited = 0.0
            while waited < REPEAT and not lost.is_set():
                if ended.wait(REPEAT / 50):
                    return
                waited += REPEAT / 50
            if ended.is_set():
                return

    watcher = threading.Thread(target=watch, daemon=True, name="claimgraph-time-limit")
    previous = sys.unraisablehook
    quiet = sys.unraisablehook = _quiet(previous, lost)
    try:
        try:
            watcher.start()
            return step()
        finally:
            with lock:
                state["done"] = True
            ended.set()
            watcher.join()  # at once: it wakes on `ended` and ends
            if state["fired"]:
                _set_async_exc(thread, ctypes.py_object())  # an interruption not yet raised is dropped
                raise OverTime
    except OverTime:
        raise OverTime from None
    finally:
        if sys.unraisablehook is quiet:
            sys.unraisablehook = previous
