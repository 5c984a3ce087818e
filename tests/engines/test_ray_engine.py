"""The Ray engine that starts a cluster of its own keeps Ray's reports of its workers off standard output."""
from __future__ import annotations

import os
import signal
from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from claimgraph.corpus.ingest import prepare
from claimgraph.records import Document

ray_cluster = pytest.importorskip("claimgraph.engines.ray_cluster")
pytest.importorskip("ray")


class KillingRay(ray_cluster.RayEngine):  # type: ignore[misc,name-defined]
    """A Ray engine that SIGKILLs the process of one of its actors at the twentieth document."""

    killed: int | None = None

    def analysed(self, documents: Iterable[tuple[Any, Document]], beside: Any) -> Iterator[tuple[Any, Any]]:
        def stream() -> Iterator[tuple[Any, Document]]:
            for i, item in enumerate(documents):
                if i == 20:
                    self.killed = self.ray.get(self.actors[0].pid.remote())
                    os.kill(self.killed, signal.SIGKILL)
                yield item
        return super().analysed(stream(), beside)


def test_a_lost_ray_worker_prints_nothing_on_standard_output(capfd: pytest.CaptureFixture[str]) -> None:
    import ray

    assert not ray.is_initialized()
    docs = [(i, Document(text=f"The minister said on Tuesday that report {i} of the week was false."))
            for i in range(6 * 8)]
    engine = KillingRay(workers=2)
    results = list(engine.analysed(iter(docs), prepare))
    assert engine.killed is not None
    assert [key for key, _ in results] == list(range(len(docs)))
    assert [r[0].document.text for _, r in results] == [d.text for _, d in docs]
    out = capfd.readouterr().out
    assert "(raylet)" not in out and "Analyst.run" not in out
