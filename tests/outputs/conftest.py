"""Export and brief fixtures: one store for the whole session, of openly licensed reports and two we wrote."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimgraph.corpus import Corpus
from claimgraph.store import Store

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo" / "articles"
REPORTS = ("005", "009", "010", "015", "016", "017", "018")
"""Openly licensed reports from demo/articles (see demo/ATTRIBUTION.md) that share stories, entities and events."""

OWN = [
    {"title": "Ambassador on wounded soldiers", "outlet": "Example Wire", "published": "2025-02-11",
     "url": "https://example.org/wire/wounded",
     "text": "Russian Ambassador Alexander Matsegora said on Monday that hundreds of wounded Russian soldiers are "
             "treated in North Korea. Matsegora said the hospitals in Pyongyang were likely full. "
             "The Kremlin denied that wounded Russian soldiers are treated in North Korea."},
    {"title": "Soldiers treated in North Korea, envoy says", "outlet": "Example Daily", "published": "2025-02-12",
     "url": "https://example.org/daily/envoy",
     "text": "According to the Institute for the Study of War, Ambassador Matsegora claimed that hundreds of wounded "
             "Russian soldiers are treated in North Korea. Russian troops attacked Ukrainian positions near Kursk "
             "on February 9, the Ukrainian army said."},
]
"""Two short reports we wrote (a claim, a hedge with an ICD 203 band, a denial, an event)."""


@pytest.fixture(scope="session")
def export_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("outputs")
    own = []
    for i, article in enumerate(OWN):
        path = tmp / f"own{i}.json"
        path.write_text(json.dumps(article), encoding="utf-8")
        own.append(path)
    db = tmp / "exports.db"
    with Corpus(db) as corpus:
        corpus.ingest([DEMO / f"{n}.json" for n in REPORTS] + own, workers=1)
        corpus.grade_source("Example Wire", "B")
        corpus.grade_source("Example Daily", "A")
        corpus.stories()  # places every claim in a story
    return db


@pytest.fixture(scope="session")
def export_store(export_db: Path) -> Iterator[Store]:
    store = Store(export_db)
    yield store
    store.close()
