"""A step of Python run for at most some seconds, in any thread, with nothing left behind."""
from __future__ import annotations

import threading
import time

import pytest

from claimgraph.timelimit import OverTime, _Watcher, run_within


def busy() -> None:
    while True:
        pass


def stubborn() -> None:
    while True:
        try:
            time.sleep(0.01)
        except Exception:  # noqa: BLE001 - the kind of code a time limit must still end
            pass


@pytest.mark.parametrize("step", [busy, stubborn])
def test_a_step_past_its_seconds_is_ended_soon_after(step) -> None:
    started = time.monotonic()
    with pytest.raises(OverTime):
        run_within(0.3, step)
    assert time.monotonic() - started < 3.0


def spin(seconds: float) -> None:
    until = time.perf_counter() + seconds
    while time.perf_counter() < until:
        pass


class SlowToDie:
    def __del__(self) -> None:
        spin(0.0005)


def dying() -> None:
    while True:
        SlowToDie()  # most of the time goes in the finaliser, where an interruption is lost
        spin(0.0001)


def test_a_step_whose_interruption_lands_in_a_finaliser_is_ended_all_the_same() -> None:
    started = time.monotonic()
    with pytest.raises(OverTime):
        run_within(0.3, dying)
    assert time.monotonic() - started < 10.0  # and pytest saw no "exception ignored": warnings are errors here


def test_a_step_in_another_thread_is_ended_too() -> None:
    ended: list[str] = []

    def worker() -> None:
        try:
            run_within(0.3, busy)
        except OverTime:
            ended.append("over time")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join(10)
    assert ended == ["over time"]


def test_a_step_within_its_seconds_returns_its_value_and_leaves_nothing_pending() -> None:
    def just_in_time() -> int:
        until = time.perf_counter() + 0.002
        while time.perf_counter() < until:
            pass
        return 1

    finished = 0
    for _ in range(300):  # some finish first, some are interrupted: neither may leak an interruption
        try:
            finished += run_within(0.002, just_in_time)
        except OverTime:
            pass
    assert run_within(5, lambda: 42) == 42
    time.sleep(0.1)  # an interruption left pending would be raised here
    assert finished > 0
    # the one watcher thread ends by itself once no step has run for a while
    deadline = time.monotonic() + 10 * _Watcher.IDLE
    while [t for t in threading.enumerate() if t.name == "claimgraph-time-limit"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [t for t in threading.enumerate() if t.name == "claimgraph-time-limit"]
