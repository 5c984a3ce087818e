"""Exports and briefs on PostgreSQL: the same tables as from SQLite for the same articles, a bundle stix2 reads."""
from __future__ import annotations

import io
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import stix2
from export_samples import DEMO, OWN

from claimgraph.corpus import Corpus


def _ingest(db: str, tmp: Path) -> None:
    paths = [DEMO / "005.json", DEMO / "017.json"]
    for i, article in enumerate(OWN):
        path = tmp / f"own{i}.json"
        path.write_text(json.dumps(article), encoding="utf-8")
        paths.append(path)
    with Corpus(db) as corpus:
        corpus.ingest(paths, workers=1)


def test_postgresql_exports_what_sqlite_exports(pg_database: Callable[[str], AbstractContextManager[str]],
                                                tmp_path: Path) -> None:
    sqlite = str(tmp_path / "same.db")
    _ingest(sqlite, tmp_path)
    with pg_database("cg_exports") as url:
        _ingest(url, tmp_path)
        tables = {}
        for db in (sqlite, url):
            with Corpus(db) as corpus:
                for table in ("claims", "events", "stories"):
                    out = io.StringIO()
                    corpus.export("csv", out, table=table)
                    tables.setdefault(table, []).append(out.getvalue())
                bundle = io.StringIO()
                corpus.export("stix", bundle, speaker="Matsegora")
                assert stix2.parse(bundle.getvalue(), allow_custom=True).objects
                md = corpus.brief(entity="Matsegora")
                assert isinstance(md, str) and "[^1]:" in md
        for table, (a, b) in tables.items():
            assert a == b, f"the {table} table differs between SQLite and PostgreSQL"
