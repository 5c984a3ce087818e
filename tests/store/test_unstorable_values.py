"""Values one store refused and the other took (issue 14) are stored the same way on SQLite and PostgreSQL."""
from __future__ import annotations

import json
import random
import string

from sqlalchemy import func, select

from claimgraph.corpus import Corpus
from claimgraph.store import schema as t

TEXT = ("Ministry spokesman Ivan Petrenko said on Monday that 300 soldiers had crossed the border near Kursk. "
        "Officials in Moscow denied the report, calling it a provocation.")
OTHER = ("The agency reported that talks in Geneva had stalled, according to a statement released on Friday. "
         "Diplomats said a new round was unlikely before the summer.")
THIRD = ("Analysts at the institute assessed that the convoy would likely reach Kharkiv within a week. "
         "A regional governor told reporters that shelters had been opened.")


def long_outlet(seed: int) -> str:
    """5,000 characters no index entry could hold once compressed: PostgreSQL's btree takes at most 2,704 bytes."""
    rng = random.Random(seed)
    return "".join(rng.choice(string.ascii_letters + string.digits + " ") for _ in range(5000))


def test_nul_lone_surrogates_and_a_5000_character_outlet_are_stored_alike(db, tmp_path):
    outlets = [long_outlet(1), long_outlet(2)]
    articles = tmp_path / "a.jsonl"
    articles.write_text("\n".join([
        json.dumps({"text": TEXT + "\x00 NUL in the text", "title": "Nul\x00", "outlet": outlets[0]}),
        json.dumps({"text": OTHER + " \ud800 a lone surrogate", "title": "Surrogate \udc00", "outlet": outlets[1]}),
        json.dumps({"text": THIRD, "outlet": outlets[0]}),
    ]), encoding="utf-8")
    with Corpus(db) as corpus:
        report = corpus.ingest([articles], workers=1)
        assert report.counts() == {"new": 3, "copy": 0, "duplicate": 0, "failed": 0}, report.failures
        docs = {d["title"]: d for d in corpus.documents()}
        with corpus.store.begin() as conn:
            names = conn.execute(select(t.sources.c.name).order_by(t.sources.c.id)).scalars().all()
            stored = conn.execute(select(t.documents.c.outlet, t.documents.c.repairs)
                                  .order_by(t.documents.c.pk)).all()
            sources = conn.execute(select(func.count()).select_from(t.sources)).scalar_one()
        nul = corpus.analysis(docs["Nul\ufffd"]["id"])
        surrogate = corpus.analysis(docs["Surrogate \ufffd"]["id"])
    assert names == outlets and sources == 2  # the whole outlet names its source; the same outlet is one source
    assert [row.outlet for row in stored] == [outlets[0], outlets[1], outlets[0]]
    assert nul is not None and nul.document.text == TEXT + "\ufffd NUL in the text"
    assert [(r.field, r.kind, r.count) for r in nul.document.repairs] == [("text", "NUL", 1), ("title", "NUL", 1)]
    assert surrogate is not None and "\ufffd a lone surrogate" in surrogate.document.text
    assert json.loads(stored[0].repairs)[0] == {"field": "text", "kind": "NUL", "count": 1, "first": len(TEXT)}
    assert stored[2].repairs is None  # a clean document records nothing
