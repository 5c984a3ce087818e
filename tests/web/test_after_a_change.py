"""After an ingest, a page works out again only what the new article changed: the graph reads the new article's
links alone, and claims' story grades do not read the signatures of stories no new claim joined. What it shows
is what a workbench started afresh would show."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event
from web_helpers import DEMO

from claimgraph.corpus import Corpus
from claimgraph.store import stories as store_stories
from claimgraph.web import cache, create_app

READS_MENTIONS = re.compile(r"\bJOIN mentions\b", re.IGNORECASE)


def graph_of(client: TestClient, url: str = "/api/graph") -> dict[str, Any]:
    found = client.get(url).json()
    found["edges"] = sorted((e["source"], e["target"], e["kind"], e["count"], e.get("code")) for e in found["edges"])
    return found


def test_after_an_ingest_the_graph_reads_the_new_articles_links_alone_and_is_the_graph_worked_out_afresh(
        tmp_path: Path) -> None:
    with Corpus(tmp_path / "graph.db") as corpus:
        corpus.ingest([DEMO / "005.json", DEMO / "016.json"], workers=1)
        asked: list[Any] = []
        event.listen(corpus.store.engine, "before_cursor_execute",
                     lambda c, cur, sql, params, *rest: asked.append(params) if READS_MENTIONS.search(sql) else None)
        with TestClient(create_app(store=corpus.store, keep_answers=False)) as c:
            before = graph_of(c)
            assert before["nodes"]
            corpus.ingest([DEMO / "017.json"], workers=1)
            with corpus.store.begin() as conn:
                new = conn.exec_driver_sql("SELECT id FROM documents ORDER BY pk DESC LIMIT 1").scalar_one()
            asked.clear()
            after = graph_of(c)
            links_read = [p for p in asked if p]
            assert links_read, "the new article's links were read"
            for params in links_read:  # the documents whose links were read: the new one alone
                values = params.values() if isinstance(params, dict) else params
                assert [v for v in values if isinstance(v, str) and v != ""] == [new]
            cache.clear()
            assert after == graph_of(c)
            assert after != before


def test_after_an_ingest_claims_grades_read_the_signatures_of_the_stories_new_claims_joined_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Corpus(tmp_path / "grades.db") as corpus:
        corpus.ingest([DEMO / "005.json", DEMO / "016.json"], workers=1)
        with TestClient(create_app(store=corpus.store, keep_answers=False)) as c:
            assert c.get("/claims?grade=6").status_code == 200  # every story summarised, as serve's warm-up does
            ledger = c.get("/api/claims?per_page=200").json()["claims"]
            with corpus.store.begin() as conn:
                last = conn.exec_driver_sql("SELECT max(claim_pk) FROM story_claims").scalar_one()
            corpus.ingest([DEMO / "017.json"], workers=1)
            with corpus.store.begin() as conn:
                joined = set(store_stories.touched_since(conn, last))
            read: list[int] = []
            signatures = store_stories.signatures

            def counted(conn: Any, story_ids: Any = None) -> Any:
                read.extend(story_ids if story_ids is not None else [-1])
                return signatures(conn, story_ids)
            monkeypatch.setattr(store_stories, "signatures", counted)
            after = c.get("/api/claims?per_page=200").json()["claims"]
            assert set(read) <= joined
            cache.clear()
            monkeypatch.setattr(store_stories, "signatures", signatures)
            assert after == c.get("/api/claims?per_page=200").json()["claims"]
            assert len(after) > len(ledger)


def test_after_a_source_is_graded_one_claims_page_grades_its_own_story_not_every_story(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from claimgraph.store import sources

    with Corpus(tmp_path / "graded.db") as corpus:
        corpus.ingest([DEMO / "005.json", DEMO / "016.json"], workers=1)
        with TestClient(create_app(store=corpus.store, keep_answers=False)) as c:
            assert c.get("/claims?grade=6").status_code == 200  # every story summarised
            claim = c.get("/api/claims").json()["claims"][0]
            with corpus.store.begin(write=True) as conn:
                source = conn.exec_driver_sql("SELECT min(id) FROM sources").scalar_one()
                sources.set_grade(conn, source, "E", "checked by the desk", "analyst")
            read: list[Any] = []
            signatures = store_stories.signatures

            def counted(conn: Any, story_ids: Any = None) -> Any:
                read.append(None if story_ids is None else sorted(story_ids))
                return signatures(conn, story_ids)
            monkeypatch.setattr(store_stories, "signatures", counted)
            one = c.get(f"/api/claims/{claim['document']['id']}/{claim['id']}").json()
            assert read == [[one["story"]["id"]]]  # its story alone, not every story
