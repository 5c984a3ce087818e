"""Engines: Ray stores exactly what local processes store; a worker killed mid-ingest (local or Ray) costs nothing."""
from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from corpus_helpers import dump

from claimgraph.corpus import Corpus
from claimgraph.engines import make_engine
from claimgraph.engines.local import LocalEngine
from claimgraph.engines.ray_cluster import RayEngine
from claimgraph.records import Document

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"
INPUTS = [DEMO / f"{i:03d}.json" for i in (1, 2, 3, 37, 38)]
KILL_AT = 20
"""The document whose reading kills a worker: by then every worker has batches in hand."""


def _inputs(write_articles: Any) -> list[Path]:
    return [*INPUTS, write_articles(40)]


def _expected_counts() -> dict[str, int]:
    return {"new": 44, "copy": 1, "duplicate": 0, "failed": 0}


@pytest.fixture(scope="module")
def ray_cluster() -> Iterator[Any]:
    """A local Ray cluster of 2 CPUs for this module's tests (as `ray start --head --num-cpus 2` would give)."""
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level="ERROR")
    try:
        yield ray
    finally:
        ray.shutdown()


def test_ray_with_two_workers_stores_exactly_what_two_local_workers_store(tmp_path, write_articles, ray_cluster):
    inputs = _inputs(write_articles)
    with Corpus(tmp_path / "local.db") as corpus:
        assert corpus.ingest(inputs, workers=2).counts() == _expected_counts()
    with Corpus(tmp_path / "ray.db") as corpus:
        engine = make_engine("ray", workers=2)
        assert corpus.ingest(inputs, engine=engine).counts() == _expected_counts()
        assert engine.workers == 2
    local, on_ray = dump(tmp_path / "local.db"), dump(tmp_path / "ray.db")
    assert len(local["documents"]) == 45
    assert local == on_ray


def test_asking_for_more_ray_workers_than_the_cluster_has_cpus_runs_on_every_cpu_and_finishes(tmp_path, write_articles,
                                                                                               ray_cluster, capsys):
    inputs = [write_articles(6 * 8)]  # enough batches for each of four actors, were there four
    with Corpus(tmp_path / "local.db") as corpus:
        corpus.ingest(inputs, workers=1)
    engine = make_engine("ray", workers=4)
    with Corpus(tmp_path / "ray.db") as corpus:
        assert corpus.ingest(inputs, engine=engine).counts()["new"] == 48
    assert engine.workers == 2
    assert "the cluster has 2 CPUs: 2 Ray workers, not 4" in capsys.readouterr().err
    assert dump(tmp_path / "ray.db") == dump(tmp_path / "local.db")


@pytest.mark.parametrize("auth", [{"RAY_AUTH_MODE": "disabled"},
                                  {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN": "not-the-token-of-this-cluster-0123"},
                                  # a node the token was never copied to
                                  {"RAY_AUTH_MODE": "token", "RAY_AUTH_TOKEN_PATH": "/nonexistent/auth_token"}])
def test_a_cluster_that_refuses_the_token_says_so_in_one_line(tmp_path, ray_cluster, auth):
    # the test cluster uses token authentication, as every cluster that `ray start --head` starts since Ray 2.59
    address = ray_cluster.get_runtime_context().gcs_address
    env = {**os.environ, **auth, "RAY_gcs_server_port_wait_time_s": "2"}  # two tries to join, not Ray's twenty
    run = subprocess.run([sys.executable, "-m", "claimgraph", "ingest", str(INPUTS[0]), "--db", str(tmp_path / "c.db"),
                          "--engine", "ray", "--ray-address", address], capture_output=True, text=True, env=env,
                         stdin=subprocess.DEVNULL, timeout=120)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1, run.stderr  # no line of Ray's native client for each try
    assert "refused this machine's authentication token" in lines[0] and "RAY_AUTH_MODE=token" in lines[0]
    assert not (tmp_path / "c.db").exists()


class KillingRay(RayEngine):
    """A Ray engine that SIGKILLs the process of one of its actors while the ingest runs."""

    killed: int | None = None

    def analysed(self, documents: Iterable[tuple[Any, Document]], sign: Any) -> Iterator[tuple[Any, Any]]:
        def stream() -> Iterator[tuple[Any, Document]]:
            for i, item in enumerate(documents):
                if i == KILL_AT:
                    self.killed = self.ray.get(self.actors[0].pid.remote())
                    os.kill(self.killed, signal.SIGKILL)
                yield item
        return super().analysed(stream(), sign)


def test_a_lost_ray_worker_is_restarted_and_the_ingest_stores_everything_once(tmp_path, write_articles,
                                                                               ray_cluster):
    inputs = _inputs(write_articles)
    with Corpus(tmp_path / "local.db") as corpus:
        corpus.ingest(inputs, workers=1)
    engine = KillingRay(workers=2)
    with Corpus(tmp_path / "ray.db") as corpus:
        assert corpus.ingest(inputs, engine=engine).counts() == _expected_counts()
    assert engine.killed is not None
    assert dump(tmp_path / "ray.db") == dump(tmp_path / "local.db")


class KillingPool(LocalEngine):
    """A local engine that SIGKILLs one of its worker processes while the ingest runs."""

    killed: int | None = None

    def analysed(self, documents: Iterable[tuple[Any, Document]], sign: Any) -> Iterator[tuple[Any, Any]]:
        def stream() -> Iterator[tuple[Any, Document]]:
            for i, item in enumerate(documents):
                if i == KILL_AT:
                    workers = multiprocessing.active_children()
                    assert workers, "no worker process to kill"
                    self.killed = workers[0].pid
                    os.kill(workers[0].pid, signal.SIGKILL)  # type: ignore[arg-type]
                yield item
        return super().analysed(stream(), sign)


def test_a_worker_killed_mid_ingest_is_replaced_and_every_article_is_stored_once(tmp_path, write_articles):
    inputs = _inputs(write_articles)
    with Corpus(tmp_path / "one.db") as corpus:
        corpus.ingest(inputs, workers=1)
    engine = KillingPool(workers=2)
    with Corpus(tmp_path / "killed.db") as corpus:
        assert corpus.ingest(inputs, engine=engine).counts() == _expected_counts()
    assert engine.killed is not None and engine.restarts == 1
    assert dump(tmp_path / "killed.db") == dump(tmp_path / "one.db")


def test_engine_ray_without_ray_installed_says_so_in_one_line(tmp_path):
    fake = tmp_path / "site"
    (fake / "ray").mkdir(parents=True)
    (fake / "ray" / "__init__.py").write_text("raise ImportError('No module named ray', name='ray')\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")])}
    run = subprocess.run([sys.executable, "-m", "claimgraph", "ingest", str(INPUTS[0]), "--db", str(tmp_path / "c.db"),
                          "--engine", "ray"], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
                         timeout=120)
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        "claimgraph: error: --engine ray needs Ray, which is not installed: pip install 'claimgraph[ray]'"]
    assert not (tmp_path / "c.db").exists()


def test_ray_address_without_engine_ray_is_an_error(tmp_path):
    run = subprocess.run([sys.executable, "-m", "claimgraph", "ingest", str(INPUTS[0]), "--db", str(tmp_path / "c.db"),
                          "--ray-address", "auto"], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                         timeout=120)
    assert run.returncode == 2
    assert run.stderr.strip() == "claimgraph: error: --ray-address needs --engine ray"


@pytest.mark.parametrize("address", ["127.0.0.1:1", "ray://127.0.0.1:1", "[::1"])
def test_a_ray_address_where_nothing_listens_is_one_line_at_once(tmp_path, address):
    run = subprocess.run([sys.executable, "-m", "claimgraph", "ingest", str(INPUTS[0]), "--db", str(tmp_path / "c.db"),
                          "--engine", "ray", "--ray-address", address], capture_output=True, text=True,
                         stdin=subprocess.DEVNULL, timeout=60)  # Ray alone retries such an address for minutes
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("claimgraph: error: --engine ray: ") and address in lines[0]
    assert not (tmp_path / "c.db").exists()  # the cluster is reached before the store is made
