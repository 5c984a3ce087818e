"""Export and brief fixtures: one store for the whole session, of openly licensed reports and two we wrote."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from export_samples import DEMO, OWN, REPORTS

from claimgraph.corpus import Corpus
from claimgraph.store import Store


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
