"""The workbench on a PostgreSQL store: every page, filter and API route answers as on SQLite.

Runs where CLAIMGRAPH_TEST_PG names a server (`.ci/run` starts one); skips without it, fails
instead with CLAIMGRAPH_REQUIRE_PG=1.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from web_helpers import DEMO, HOSTILE_TEXT, write_hostile

from claimgraph.corpus import Corpus
from claimgraph.store import schema as t
from claimgraph.web import create_app



@pytest.fixture(scope="module")
def pg_corpus(tmp_path_factory: pytest.TempPathFactory, pg_database) -> Iterator[Corpus]:
    with pg_database("cg_web") as url:
        corpus = Corpus(url)
        try:
            tmp = tmp_path_factory.mktemp("pgweb")
            corpus.ingest([DEMO / "005.json", DEMO / "015.json", DEMO / "016.json", write_hostile(Path(tmp))],
                          workers=1)
            yield corpus
        finally:
            corpus.close()


def test_every_page_answers_on_postgresql(pg_corpus: Corpus) -> None:
    with pg_corpus.store.begin() as conn:
        doc = conn.execute(select(t.documents.c.id).where(t.documents.c.title.like("Ministry%"))).scalar_one()
        entity = conn.execute(select(t.entities.c.canonical_id).where(t.entities.c.name == "Ivan Petrenko")
                              ).scalars().first()
    with TestClient(create_app(store=pg_corpus.store)) as c:
        story = c.get("/api/stories").json()[0]["id"]
        for url in ("/", "/claims", "/claims?q=Kursk'+OR+'1'='1", "/claims?speaker=Petrenko&stance=claimed",
                    "/claims?hedge=any&outlet=example&since=2020&until=2025-12", "/claims?grade=6",
                    "/claims?entity=Petrenko", "/claims.csv?hedge=none", "/entities", f"/entities/{entity}", "/timeline",
                    "/timeline?since=2024-10&until=2024-11&page=1", "/api/timeline?about=Petrenko",
                    f"/documents/{doc}?claim=c1", f"/stories/{story}", "/timeline?about=Kursk&since=2024",
                    "/graph", f"/graph?entity={entity}", "/api/claims?per_page=2&page=2", f"/api/documents/{doc}"):
            r = c.get(url)
            assert r.status_code == 200, (url, r.text[:300])
        assert c.get("/claims", params={"stance": "bogus"}).status_code == 400
        assert c.get("/entities/999999").status_code == 404
        page = c.get(f"/documents/{doc}").text
        assert "<script>window.__xss" not in page and "&lt;script&gt;window.__xss" in page
        assert c.get(f"/api/documents/{doc}").json()["document"]["text"] == HOSTILE_TEXT
        speaker = c.get("/api/claims", params={"speaker": "Petrenko"}).json()
        assert speaker["total"] >= 2
