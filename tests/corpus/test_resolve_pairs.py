"""Cross-document resolution measured: pairwise precision and recall on a small corpus we wrote.

Run as a script to print the numbers and every wrong or missing link:

    .venv/bin/python tests/corpus/test_resolve_pairs.py
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import yaml
from sqlalchemy import select

from claimgraph.corpus.resolve import resolve_document
from claimgraph.records import Analysis, Document, Entity
from claimgraph.store import Store, save_analysis
from claimgraph.store import schema as t

CORPUS = Path(__file__).parent.parent / "data" / "cross_document_entities.yaml"


def measure(folder: Path) -> tuple[float, float, list[str]]:
    """Store and resolve the corpus in FOLDER; precision, recall and the errors over cross-document pairs."""
    docs = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["documents"]
    store = Store(folder / "pairs.db")
    truth: dict[tuple[str, str], str] = {}
    try:
        for i, ents in enumerate(docs):
            analysis = Analysis(document=Document(text=f"Article {i} of the cross-document test corpus."),
                                entities=tuple(Entity(f"e{j}", n, typ) for j, (n, typ, _) in enumerate(ents)))
            for j, (_, _, who) in enumerate(ents):
                truth[(analysis.document.id, f"e{j}")] = who
            with store.begin(write=True) as conn:
                save_analysis(conn, analysis)
                resolve_document(conn, analysis.document.id)
        e = t.entities
        with store.begin() as conn:
            rows = conn.execute(select(e.c.document_id, e.c.id, e.c.name, e.c.canonical_id)).all()
    finally:
        store.close()
    tp = n_pred = n_gold = 0
    errors = []
    for i, a in enumerate(rows):
        for b in rows[i + 1:]:
            if a.document_id == b.document_id:
                continue
            same_gold = truth[(a.document_id, a.id)] == truth[(b.document_id, b.id)]
            same_pred = a.canonical_id == b.canonical_id
            tp += same_gold and same_pred
            n_pred += same_pred
            n_gold += same_gold
            if same_gold != same_pred:
                errors.append(f"{'missed' if same_gold else 'wrongly joined'}: {a.name} / {b.name}")
    return tp / n_pred, tp / n_gold, errors


def test_cross_document_links_are_precise_and_complete_on_our_corpus(tmp_path):
    precision, recall, errors = measure(tmp_path)
    assert precision == 1.0, errors
    assert recall >= 0.9, errors


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp:
        p, r, errs = measure(Path(tmp))
    print("\n".join(errs))
    print(f"cross-document entity pairs: precision {p:.3f} recall {r:.3f}")
    sys.exit(0)
