"""What an ingest shows while it runs: a bar with the total and the time left on a terminal, lines elsewhere."""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from claimgraph.cli.output import counted
from claimgraph.corpus.ingest import Outcome
from claimgraph.corpus.ingest import Progress as Callback

LINE_EVERY_S = 15.0
"""Seconds between two progress lines where the output is no terminal (a log, `make demo` in CI)."""


@contextmanager
def ingest_progress(console: Console, enabled: bool = True, lines: bool = False) -> Iterator[Callback | None]:
    """A progress callback for `ingest`: a bar on a terminal; off a terminal, a line every LINE_EVERY_S where
    LINES (a log of `make demo`), else nothing (a script reads only the summary); None where disabled."""
    if not enabled or not (console.is_terminal or lines):
        yield None
        return
    if not console.is_terminal:
        yield _lines(console.file)
        return
    # No refresh thread (auto_refresh off): with none running, the analysis workers can be forked.
    with Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[status]}"),
                  TimeElapsedColumn(), TextColumn("left"), TimeRemainingColumn(), console=console, transient=True,
                  auto_refresh=False) as bar:
        task = bar.add_task("ingest", total=None, status="reading")

        def progress(outcome: Outcome, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total or None, status=outcome.status)
            bar.refresh()

        yield progress


def _lines(stream: IO[str]) -> Callback:
    started = time.monotonic()
    last = [started]

    def progress(outcome: Outcome, done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < LINE_EVERY_S and not (done == total and now - started >= LINE_EVERY_S):
            return
        last[0] = now
        elapsed = now - started
        if total:
            left = elapsed / done * (total - done) if done else 0.0
            print(f"ingest: {done}/{counted(total, 'article')}, {_clock(elapsed)} so far, about {_clock(left)} left",
                  file=stream, flush=True)
        else:
            print(f"ingest: {counted(done, 'article')}, {_clock(elapsed)} so far", file=stream, flush=True)

    return progress


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds + 0.5), 60)
    return f"{m}m{s:02d}s" if m else f"{s}s"
