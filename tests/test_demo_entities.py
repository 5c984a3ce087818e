"""The demo store's most mentioned entities are entities: no transcript label written in capitals, no words of a
longer name alone. The demo corpus is US-government (public domain) and UK-government (OGL) reports,
demo/ATTRIBUTION.md."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.corpus import Corpus
from claimgraph.nlp import name_evidence

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"


@pytest.fixture(scope="module")
def top50(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    db = tmp_path_factory.mktemp("demo-entities") / "demo.db"
    with Corpus(db) as corpus:
        corpus.ingest([DEMO], workers=2)
        found = corpus.entities(limit=400)
    return sorted(found, key=lambda e: (-int(e["mentions"]), -int(e["documents"])))[:50]


def test_no_person_of_the_top_fifty_is_named_as_a_transcript_label_in_capitals(top50):
    # "PAT RYDER:" opens a briefing's turn; the person is Pat Ryder, and the label names no one
    for e in top50:
        name = str(e["name"])
        assert not (e["type"] == "PERSON" and name.isupper()), name


def test_no_entity_of_the_top_fifty_is_only_words_of_longer_names(top50):
    for e in top50:
        words = str(e["name"]).split()
        assert not all(name_evidence.never_alone(w) for w in words), e["name"]
        assert not (len(words) == 1 and name_evidence.is_title(words[0].rstrip("s"))), e["name"]
