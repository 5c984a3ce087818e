"""Migration 0013: the story claims of a store migrated from before 0011 get their clause kind once, on opening,
the same kind that a story summary worked out from the content each time before."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import select, text

from claimgraph.corpus import Corpus
from claimgraph.corpus.corroborate import clause_kinds, story_claims
from claimgraph.store import Store
from claimgraph.store import schema as t

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"


def kinds(store: Store) -> dict[int, int | None]:
    with store.begin() as conn:
        return dict(conn.execute(select(story_claims.c.claim_pk, story_claims.c.clause)).all())


def test_a_store_whose_story_claims_lack_their_clause_has_it_filled_on_opening(db: str) -> None:
    with Corpus(db) as corpus:
        corpus.ingest([DEMO / "005.json", DEMO / "016.json"], workers=1)
    store = Store(db)
    placed = kinds(store)
    assert placed and None not in placed.values()
    with store.begin() as conn:
        contents = dict(conn.execute(select(t.claims.c.pk, t.claims.c.content_text)).all())
    with store.begin(write=True) as conn:  # the store as a revision before 0013 left it
        conn.execute(story_claims.update().values(clause=None))
        conn.execute(text("UPDATE alembic_version SET version_num = '0012'"))
    store.close()
    reopened = Store(db)
    try:
        filled = kinds(reopened)
    finally:
        reopened.close()
    pks = sorted(filled)
    assert filled == placed
    assert [filled[pk] for pk in pks] == clause_kinds([contents[pk] for pk in pks])
