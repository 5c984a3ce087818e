"""Parallel analysis stores exactly what one worker stores; a killed ingest leaves a consistent store that a re-run completes."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from claimgraph.analyze import analyze_document
from claimgraph.corpus import Corpus
from claimgraph.store import Store, load_analysis
from claimgraph.store import schema as t

from corpus_helpers import dump

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"


def test_two_workers_store_exactly_what_one_worker_stores(tmp_path, write_articles):
    inputs = [DEMO / f"{i:03d}.json" for i in (1, 2, 3, 37, 38)] + [write_articles(12)]
    for workers, name in ((1, "one.db"), (2, "two.db")):
        with Corpus(tmp_path / name) as corpus:
            report = corpus.ingest(inputs, workers=workers)
            assert report.counts() == {"new": 16, "copy": 1, "duplicate": 0, "failed": 0}
    one, two = dump(tmp_path / "one.db"), dump(tmp_path / "two.db")
    assert len(one["documents"]) == 17
    assert one == two


def _count(conn, table) -> int:
    return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_killed_ingest_leaves_whole_documents_and_a_rerun_completes_it(tmp_path, write_articles):
    n = 400
    folder = write_articles(n)
    db = tmp_path / "c.db"
    Store(db).close()  # migrate first, so the poll below can count from the start
    command = [sys.executable, "-m", "claimgraph", "ingest", str(folder), "--db", str(db), "--workers", "1",
               "--quiet"]
    proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store = Store(db)
    _wait_stored(store, proc, 20)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest ended before it could be killed mid-way"

    with store.begin() as conn:
        stored = _count(conn, t.documents)
        assert 20 <= stored < n
        # every stored document came with everything its transaction writes
        assert _count(conn, t.document_signatures) == stored
        assert conn.execute(select(func.count(func.distinct(t.entities.c.document_id)))).scalar_one() == stored
        assert conn.execute(select(func.count()).select_from(t.entities)
                            .where(t.entities.c.canonical_id.is_(None))).scalar_one() == 0
        conn.execute(text("INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)"))
        conn.execute(text("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)"))
        ids = conn.execute(select(t.documents.c.id)).scalars().all()
        for document_id in random.Random(7).sample(ids, 5):
            kept = load_analysis(conn, document_id)
            assert kept == analyze_document(kept.document)

    rerun = subprocess.run(command[:-1] + ["--json"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    with store.begin() as conn:
        assert _count(conn, t.documents) == n
        assert _count(conn, t.document_signatures) == n
        conn.execute(text("INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)"))
    store.close()
    assert '"duplicate": %d' % stored in rerun.stdout


def _children(pid: int) -> list[int]:
    """The processes whose parent is PID (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _alive(pid: int) -> bool:
    """Whether PID runs (a zombie, ended but not yet reaped, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except (OSError, IndexError):
        return False


def _wait_stored(store: Store, proc: subprocess.Popen, at_least: int, seconds: float = 300) -> None:
    """Wait until the store holds `at_least` documents, the ingest ends, or `seconds` pass."""
    deadline = time.monotonic() + seconds
    stored = 0
    while stored < at_least and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        with store.begin() as conn:
            stored = _count(conn, t.documents)


def _reap(proc: subprocess.Popen, workers: list[int]) -> None:
    """Kill what a test left running: the workers first (one left alive holds the pipes open), then the ingest."""
    for pid in workers:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
    proc.kill()
    proc.communicate()


def _gone(pids: list[int], seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_alive(p) for p in pids)


POOL_THAT_WAITS = """
import multiprocessing, sys, time
from claimgraph.engines.local import CHUNK, LocalEngine
from claimgraph.records import Document

def documents():
    for i in range(4 * CHUNK):
        yield i, Document(text=f"The minister said on Tuesday that report {i} was false.")
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
    time.sleep(600)  # the workers have their batches; this process waits, to be killed

for _ in LocalEngine(2).analysed(documents(), None):
    pass
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_workers_of_a_pool_end_when_its_process_is_killed(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", POOL_THAT_WAITS], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            text=True)
    workers: list[int] = []
    try:
        assert proc.stdout is not None
        workers = [int(pid) for pid in proc.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(p) for p in workers)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert _gone(workers), "a worker outlived the process that started it"
    finally:
        _reap(proc, workers)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_stops_an_ingest_as_ctrl_c_does_and_its_workers_with_it(tmp_path, write_articles):
    folder = write_articles(200)
    db = tmp_path / "c.db"
    Store(db).close()
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph", "ingest", str(folder), "--db", str(db),
                             "--workers", "2", "--quiet"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    store = Store(db)
    workers: list[int] = []
    try:
        _wait_stored(store, proc, 10)
        workers = _children(proc.pid)
        assert workers, "the ingest runs no pool"
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 143
        assert err.strip().splitlines() == [
            "claimgraph: terminated; the articles stored so far are kept: run the same ingest again to finish"]
        assert _gone(workers)
        with store.begin() as conn:
            kept = _count(conn, t.documents)
            assert 10 <= kept < 200
            assert _count(conn, t.document_signatures) == kept
    finally:
        _reap(proc, workers)
        store.close()


def test_a_store_lost_for_good_mid_ingest_says_what_is_kept_and_what_to_do(tmp_path, monkeypatch, capsys):
    from claimgraph.cli import main
    from claimgraph.store.engine import StoreUnavailable

    def ingest(self, *args, **kwargs):
        raise StoreUnavailable("store postgresql://claims@db/news: connection failed: Connection refused")

    monkeypatch.setattr(Corpus, "ingest", ingest)
    assert main(["ingest", str(DEMO / "001.json"), "--db", str(tmp_path / "c.db"), "--quiet"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "claimgraph: error: store postgresql://claims@db/news: connection failed: Connection refused; the articles "
        "stored so far are kept: run the same ingest again to finish once the store is back"]
