"""Every openly licensed report in demo/ is read without error, and every span it yields points at its text."""
import json
from pathlib import Path

import pytest

from claimgraph import analyze_many
from claimgraph.readers import document_from_json

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"


@pytest.fixture(scope="module")
def analyses():
    from claimgraph.nlp import pipeline

    paths = sorted(DEMO.glob("*.json"))
    docs = [document_from_json(json.loads(p.read_text(encoding="utf-8")), str(p)) for p in paths]
    return list(analyze_many(docs, pipeline.get()))


def test_the_demo_corpus_is_read_whole(analyses):
    assert len(analyses) == len(list(DEMO.glob("*.json"))) >= 40
    assert sum(len(a.claims) for a in analyses) > 60  # about 100 today; a collapse would show
    assert sum(len(a.entities) for a in analyses) > 200


def test_every_span_of_every_demo_analysis_is_exact(analyses):
    for a in analyses:
        text = a.document.text
        spans = [m for e in a.entities for m in e.mentions]
        for c in a.claims:
            spans += [c.content, *c.hedges] + ([c.cue] if c.cue else [])
        spans += [v.sentence for v in a.events]
        for s in spans:
            assert text[s.start:s.end] == s.text, (a.document.title, s)


def test_references_inside_an_analysis_resolve(analyses):
    for a in analyses:
        ids = {e.id for e in a.entities}
        claim_ids = {c.id for c in a.claims}
        assert len(ids) == len(a.entities) and len(claim_ids) == len(a.claims)
        for c in a.claims:
            refs = ([c.speaker] if c.speaker else []) + list(c.via)
            assert all(r.entity is None or r.entity in ids for r in refs)
            assert c.content.text.strip()
        for v in a.events:
            assert v.claim is None or v.claim in claim_ids
