"""A real ingest (analysis, copies, entity resolution, queries) behaves the same on SQLite and PostgreSQL."""
from __future__ import annotations

from pathlib import Path

from claimgraph.corpus import Corpus

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"
ARTICLES = [DEMO / f"{i:03d}.json" for i in (1, 2, 37, 38)]


def test_an_ingest_twice_stores_once_and_links_the_republished_story(db):
    with Corpus(db) as corpus:
        first = corpus.ingest(ARTICLES, workers=1)
        assert first.counts() == {"new": 3, "copy": 1, "duplicate": 0, "failed": 0}
        second = corpus.ingest(ARTICLES, workers=1)
        assert second.counts() == {"new": 0, "copy": 0, "duplicate": 4, "failed": 0}
        copy = next(o for o in first.outcomes if o.status == "copy")
        assert copy.name.endswith("038.json")
        original = corpus.show(copy.copy_of)
        assert original["document"]["url"].startswith("https://www.defense.gov/")
        people = corpus.entities(type="PERSON")
        assert people and all(p["documents"] >= 1 for p in people)
        # every stored claim keeps spans that index its document's text exactly
        for claim in corpus.claims(limit=None):
            text = corpus.show(claim["document"]["id"])["document"]["text"]
            content = claim["content"]
            assert text[content["start"]:content["end"]] == content["text"]
        assert corpus.claims(search="Contact Group") or corpus.claims(search="Ukraine")
