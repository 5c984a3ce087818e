"""Parallel analysis stores exactly what one worker stores; a killed ingest leaves a consistent store that a re-run completes."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

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
    deadline = time.monotonic() + 300
    stored = 0
    while stored < 20 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        with store.begin() as conn:
            stored = _count(conn, t.documents)
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
