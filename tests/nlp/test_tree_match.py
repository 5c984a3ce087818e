"""nlp/tree_match.py finds what spaCy's DependencyMatcher finds, only faster."""
import json
from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from claimgraph.nlp import frames
from claimgraph.nlp.lexicon import load
from claimgraph.nlp.tree_match import PatternError, TreeMatcher

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"


def _patterns():
    """The attribution table's dependency patterns, their word classes filled in."""
    named = frames.classes()
    for entry in load("attribution")["frames"]:
        if "pattern" in entry or "patterns" in entry:
            patterns = [entry["pattern"]] if "pattern" in entry else entry["patterns"]
            yield entry["name"], [frames._expand(p, named, entry["name"]) for p in patterns]


def test_the_walk_finds_what_spacys_dependency_matcher_finds_on_the_demo_corpus(nlp):
    spacy_matcher, ours = DependencyMatcher(nlp.vocab), TreeMatcher(nlp.vocab)
    for name, patterns in _patterns():
        spacy_matcher.add(name, patterns)
        ours.add(name, patterns)
    texts = [json.loads(p.read_text())["text"] for p in sorted(DEMO.glob("*.json"))]
    assert len(texts) >= 20
    compared = 0
    for doc in nlp.pipe(texts, disable=[p for p in nlp.pipe_names if p.startswith("claimgraph")]):
        theirs = {(nlp.vocab.strings[key], tuple(ids)) for key, ids in spacy_matcher(doc)}
        # spaCy's matcher may bind one token to two nodes; a frame's roles are different words
        theirs = {(key, ids) for key, ids in theirs if len(set(ids)) == len(ids)}
        found = {(key, tuple(ids)) for key, ids in ours(doc)}
        assert found == theirs
        compared += len(found)
    assert compared > 100


def test_descendants_and_children(nlp):
    matcher = TreeMatcher(nlp.vocab)
    matcher.add("said_far", [[
        {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": "say"}},
        {"LEFT_ID": "cue", "REL_OP": ">>", "RIGHT_ID": "deep", "RIGHT_ATTRS": {"LOWER": "troops"}},
    ]])
    matcher.add("said_near", [[
        {"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": "say"}},
        {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "near", "RIGHT_ATTRS": {"LOWER": "troops"}},
    ]])
    doc = nlp("The minister said that the troops had left.", disable=[p for p in nlp.pipe_names
                                                                   if p.startswith("claimgraph")])
    keys = {key for key, _ in matcher(doc)}
    assert keys == {"said_far"}
    assert [doc[i].text for _, ids in matcher(doc) for i in ids] == ["said", "troops"]


@pytest.mark.parametrize("pattern", [
    [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {"ENT_TYPE": "PERSON"}}],
    [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {"LEMMA": {"REGEX": "^sa"}}}],
    [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {}},
     {"LEFT_ID": "cue", "REL_OP": "<", "RIGHT_ID": "head", "RIGHT_ATTRS": {}}],
    [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {}},
     {"LEFT_ID": "nowhere", "REL_OP": ">", "RIGHT_ID": "child", "RIGHT_ATTRS": {}}],
    [{"RIGHT_ID": "cue", "RIGHT_ATTRS": {}}, {"LEFT_ID": "cue", "REL_OP": ">", "RIGHT_ID": "cue"}],
])
def test_what_it_cannot_read_it_refuses(nlp, pattern):
    with pytest.raises(PatternError):
        TreeMatcher(nlp.vocab).add("bad", [pattern])
