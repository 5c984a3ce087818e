"""Many writers, one truth: concurrent ingests into one PostgreSQL database store what one serial ingest stores."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from corpus_helpers import dump
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from claimgraph.corpus import Corpus
from claimgraph.corpus.corroborate import story_claims
from claimgraph.engines.local import LocalEngine
from claimgraph.records import Document
from claimgraph.store import Store, database_url, load_analysis
from claimgraph.store import schema as t

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"
ARTICLES = sorted(DEMO.glob("*.json"))[:24]


def snapshot(url: str) -> dict[str, Any]:
    """What an analyst sees, free of ids the database hands out: documents, claims, entities, stories."""
    store = Store(url)
    with store.begin() as conn:
        ids = conn.execute(select(t.documents.c.id).order_by(t.documents.c.pk)).scalars().all()
        documents = {i: load_analysis(conn, i).to_json() for i in ids}  # type: ignore[union-attr]
        members: dict[int, set[tuple[str, str]]] = {}
        for doc, ent, cid in conn.execute(select(t.entities.c.document_id, t.entities.c.id,
                                                 t.entities.c.canonical_id)):
            members.setdefault(cid, set()).add((doc, ent))
        canonical = {frozenset(members.get(cid, ())): (name, type_) for cid, name, type_ in conn.execute(
            select(t.canonical_entities.c.id, t.canonical_entities.c.name, t.canonical_entities.c.type))}
        stories: dict[int, set[tuple[str, str]]] = {}
        for sid, doc, claim in conn.execute(select(story_claims.c.story_id, t.claims.c.document_id, t.claims.c.id)
                                            .join(t.claims, t.claims.c.pk == story_claims.c.claim_pk)):
            stories.setdefault(sid, set()).add((doc, claim))
        twice = conn.execute(select(t.canonical_entities.c.key, t.canonical_entities.c.type)
                             .group_by(t.canonical_entities.c.key, t.canonical_entities.c.type)
                             .having(func.count() > 1)).all()
        origins = conn.execute(select(t.documents.c.origin).order_by(t.documents.c.pk)).scalars().all()
    store.close()
    return {"documents": documents, "canonical": canonical, "stories": {frozenset(s) for s in stories.values()},
            "canonical_twice": twice, "origins": origins,
            "claims": {(d, c["id"]) for d, a in documents.items() for c in a["claims"]}}


def test_three_concurrent_ingests_with_overlapping_inputs_store_what_one_serial_ingest_stores(pg_database):
    # three overlapping thirds, each in its own order, so the writers race for the same articles
    parts = [ARTICLES[0:12], ARTICLES[6:18][::-1], ARTICLES[12:24] + ARTICLES[0:6]]
    with pg_database("cg_concurrent") as url, pg_database("cg_serial") as serial_url, \
            pg_database("cg_same_order") as same_order_url:
        Store(url).close()  # migrated once up front, as a deployment does
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        procs = [subprocess.Popen([sys.executable, "-m", "claimgraph", "ingest", *map(str, part), "--db", url,
                                   "--workers", "1", "--json"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True, env=env) for part in parts]
        for proc in procs:
            out, err = proc.communicate(timeout=900)
            assert proc.returncode == 0, err
        together = snapshot(url)

        with Corpus(serial_url) as corpus:
            report = corpus.ingest(ARTICLES, workers=1)
        serial = snapshot(serial_url)
        assert report.counts()["failed"] == 0
        assert set(together["documents"]) == set(serial["documents"])
        assert together["documents"] == serial["documents"]  # every document's records, exactly
        assert together["claims"] == serial["claims"]
        assert together["canonical_twice"] == [] and serial["canonical_twice"] == []

        # entities and stories depend on the order articles arrive in: the concurrent store holds what one
        # serial ingest of its articles, in the order they were committed, holds
        with Corpus(same_order_url) as corpus:
            corpus.ingest(together["origins"], workers=1)
        same_order = snapshot(same_order_url)
        assert together["canonical"] == same_order["canonical"]
        assert together["stories"] == same_order["stories"]


class RestartingServer(LocalEngine):
    """A local engine that, while the ingest runs, cuts every connection to the database and refuses new ones
    for a few seconds, as a PostgreSQL server restarting does."""

    def __init__(self, admin_url: str, database: str) -> None:
        super().__init__(workers=1)
        self.admin_url, self.database, self.cut = admin_url, database, False

    def analysed(self, documents: Iterable[tuple[Any, Document]], sign: Any) -> Iterator[tuple[Any, Any]]:
        def stream() -> Iterator[tuple[Any, Document]]:
            for i, item in enumerate(documents):
                if i == 10:
                    self._restart()
                yield item
        return super().analysed(stream(), sign)

    def _restart(self) -> None:
        admin = create_engine(database_url(self.admin_url), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS false'))
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d"),
                         {"d": self.database})
        self.cut = True

        def reopen() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'ALTER DATABASE "{self.database}" ALLOW_CONNECTIONS true'))
            admin.dispose()

        threading.Timer(3.0, reopen).start()


def test_an_ingest_rides_out_the_database_dropping_its_connections(pg_database, tmp_path, write_articles):
    inputs = [write_articles(30)]
    with pg_database("cg_restart") as url:
        engine = RestartingServer(os.environ["CLAIMGRAPH_TEST_PG"], make_url(database_url(url)).database or "")
        with Corpus(url) as corpus:
            report = corpus.ingest(inputs, engine=engine)
        assert engine.cut
        assert report.counts() == {"new": 30, "copy": 0, "duplicate": 0, "failed": 0}
        with Corpus(tmp_path / "calm.db") as corpus:
            corpus.ingest(inputs, workers=1)
        restarted, calm = dump(url), dump(tmp_path / "calm.db")
    assert restarted["documents"] == calm["documents"]
    assert [r[3] for r in restarted["links"]] == [r[3] for r in calm["links"]]
    assert [r[1:] for r in restarted["canonical"]] == [r[1:] for r in calm["canonical"]]
