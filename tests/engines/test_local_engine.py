"""The local engine with one worker: the analysis runs ahead of the caller, in a thread of its own, in input order."""
from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

import pytest

from claimgraph.engines import local
from claimgraph.records import Document


def test_one_worker_analyses_the_next_batch_while_the_caller_stores_the_last(monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[int] = []
    second = threading.Event()

    def analyse_batch(documents: Sequence[Document], beside: Any) -> list[Any]:
        threads.append(threading.get_ident())
        if len(threads) == 2:
            second.set()
        return [(None, None, d.text) for d in documents]  # what the engine hands on, in order

    monkeypatch.setattr(local, "analyse_batch", analyse_batch)
    docs = [(i, Document(text=f"Report number {i} of the day.")) for i in range(5 * local.CHUNK)]
    results = local.LocalEngine(1).analysed(iter(docs), None)
    first = next(results)
    # the caller holds the first result (storing it, in an ingest): the next batch is under way meanwhile
    assert second.wait(10)
    rest = list(results)
    assert [key for key, _ in [first, *rest]] == list(range(len(docs)))
    assert [r[2] for _, r in [first, *rest]] == [d.text for _, d in docs]
    assert threading.get_ident() not in threads
