"""What an analyst sees first on the demo store (`make demo`): stories graded against real sources with reasons,
labels that are full claims, one grade of an organisation covering its channels, and entities that are entities.

The demo corpus is US-government (public domain) and UK-government (OGL) reports, demo/ATTRIBUTION.md.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.corpus import Corpus
from claimgraph.corpus.propositions import NO_PREDICATE, clauses
from claimgraph.nlp import name_evidence

DEMO = Path(__file__).resolve().parents[1] / "demo" / "articles"
FCDO = "Foreign, Commonwealth & Development Office"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    with Corpus(db) as corpus:
        corpus.ingest([DEMO], workers=2)
    return db


def test_no_story_is_graded_against_an_unknown_source_when_a_source_of_it_is_known(demo):
    with Corpus(demo) as corpus:
        stories = corpus.stories()
        graded = {s["source"] for s in corpus.sources(records=False) if s["reliability"] != "F"}
    assert stories
    for s in stories:
        if s["best_source"] == "F":
            assert not {x["name"] for x in s["sources"]} & graded, s["proposition"]
        else:
            assert s["best_source_name"] in s["grade"]["reason"]
    assert sum(s["best_source"] != "F" for s in stories) > 0.9 * len(stories)


def test_the_top_twenty_stories_go_by_full_claims(demo):
    with Corpus(demo) as corpus:
        top = corpus.stories(limit=20)
    assert len(top) == 20
    assert NO_PREDICATE not in clauses([s["proposition"] for s in top]), [s["proposition"] for s in top]


def test_grading_an_organisation_once_grades_every_channel_and_the_stories_resting_on_it(demo):
    with Corpus(demo) as corpus:
        fcdo = next(s for s in corpus.sources() if s["source"] == FCDO)
        assert len(fcdo["channels"]) >= 3 and fcdo["documents"] >= 5  # GOV.UK, Wired-Gov, publicnow.com, Turan
        resting = [s for s in corpus.stories() if s["best_source_name"] == FCDO and s["independent_origins"] == 1]
        assert resting
        before = {s["id"]: s["grade"]["code"] for s in resting}
        try:
            done = corpus.grade_source("FCDO", "D", "a test of what grading does")
            assert done["source"] == FCDO and done["channels"] == len(fcdo["channels"])
            after = {s["id"]: s["grade"] for s in corpus.stories() if s["id"] in before}
            for sid, grade in after.items():
                assert grade["code"] == 4 and before[sid] == 3, (sid, before[sid], grade)
                assert "an analyst's grade" in grade["reason"] and FCDO in grade["reason"]
            channel_doc = next(d for d in corpus.documents(outlet="Wired-Gov"))
            claims = corpus.claims(document=channel_doc["id"])
            assert claims  # the article that came through a channel is the FCDO's, and graded with it
        finally:
            corpus.reset_source(FCDO)
        assert {s["id"]: s["grade"]["code"] for s in corpus.stories() if s["id"] in before} == before


def test_the_fifty_most_mentioned_entities_are_no_titles_generic_words_or_acronym_persons(demo):
    with Corpus(demo) as corpus:
        found = corpus.entities(limit=400)
    top = sorted(found, key=lambda e: (-e["mentions"], -e["documents"]))[:50]
    ev = name_evidence.evidence()
    for e in top:
        folded = e["name"].replace(".", "").casefold()
        assert tuple(folded.split()) not in ev.titles, f"{e['name']} is a title"
        assert folded not in ev.never_alone and folded not in ev.generic_heads, f"{e['name']} is a generic word"
        assert not (e["type"] == "PERSON" and name_evidence.is_acronym(e["name"])), e["name"]
    # what the issue found near the top, gone: a title's word, a generic word, transcript labels, a fragment
    assert not {e["name"].casefold() for e in top} & {"state", "council", "defense", "pentagon press", "question",
                                                      "miller", "singh"}
