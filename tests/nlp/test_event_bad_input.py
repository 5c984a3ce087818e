"""Hostile sentences: fifty verbs, clauses nested forty deep, events with no one named. Nothing
crashes, the work per sentence stays bounded, and the document's other events are kept."""
from __future__ import annotations

from spacy.tokens import Doc

from claimgraph.nlp import events as events_mod
from claimgraph.nlp import modality
from claimgraph.records import Document

VERBS = ["attacked", "shelled", "raided", "bombed", "stormed", "ambushed", "looted", "torched", "seized",
         "occupied", "besieged", "blockaded", "captured", "retook", "invaded", "struck", "hit", "destroyed",
         "damaged", "burned", "kidnapped", "abducted", "arrested", "detained", "deported", "expelled", "banned",
         "sanctioned", "fined", "condemned", "accused", "blamed", "investigated", "probed", "sued", "rejected",
         "vetoed", "blocked", "threatened", "warned", "urged", "asked", "visited", "hosted", "met", "praised",
         "thanked", "supplied", "armed", "funded"]
TAIL = " Police arrested the mayor of Goma on Monday."


def _tail_kept(a) -> bool:
    return any(v.action.code == "COERCE" and v.target is not None and "mayor" in v.target.text for v in a.events)


def test_a_sentence_with_fifty_verbs_is_read_and_the_next_one_too(read):
    assert len(VERBS) == 50
    text = "The militia " + ", ".join(VERBS[:-1]) + " and " + VERBS[-1] + " the town." + TAIL
    a = read(text, published="2025-02-11")
    assert _tail_kept(a)
    assert len(a.events) >= 5  # many of the fifty are found, none breaks the others


def test_fifty_clauses_of_their_own_in_one_sentence(read):
    text = "; ".join(f"group {i} {v} village {i}" for i, v in enumerate(VERBS)) + "." + TAIL
    a = read(text)
    assert _tail_kept(a)


def test_a_clause_nested_forty_deep_is_read(read):
    text = "The minister said " + "that the official said " * 40 + "that the army attacked the village." + TAIL
    a = read(text, published="2025-02-11")
    assert _tail_kept(a)


def test_events_with_no_subject_or_object_do_not_break_the_document(read):
    text = ("Attacked. Was withdrawn. Fighting. To fight alongside. Sanctions. Threatened to. "
            "Two villages were shelled overnight." + TAIL)
    a = read(text)
    assert _tail_kept(a)
    shelled = [v for v in a.events if v.action.text == "shelled"]
    assert shelled and shelled[0].actor is None


def test_an_event_whose_every_role_is_missing_is_no_event(read):
    assert read("Sanctions.").events == ()


def _nested(nlp, depth: int) -> Doc:
    """A parse built by hand: "X said that X said that ... the army attacked the village", depth deep."""
    words, heads, deps, tags, lemmas, pos = [], [], [], [], [], []
    for level in range(depth):
        base = len(words)
        words += ["officials", "said"]
        heads += [base + 1, base - 1 if level else base + 1]
        deps += ["nsubj", "ccomp" if level else "ROOT"]
        tags += ["NNS", "VBD"]
        lemmas += ["official", "say"]
        pos += ["NOUN", "VERB"]
    base = len(words)
    words += ["the", "army", "attacked", "the", "village", "."]
    heads += [base + 1, base + 2, base - 1, base + 4, base + 2, 1]
    deps += ["det", "nsubj", "ccomp", "det", "dobj", "punct"]
    tags += ["DT", "NN", "VBD", "DT", "NN", "."]
    lemmas += ["the", "army", "attack", "the", "village", "."]
    pos += ["DET", "NOUN", "VERB", "DET", "NOUN", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, tags=tags, lemmas=lemmas, pos=pos)
    doc._.cg_document = Document(text=doc.text)
    doc._.cg_claims = ()
    return doc


def test_the_walk_above_an_event_is_bounded_however_deep_the_parse(nlp, monkeypatch):
    steps = []
    original = modality._up

    def counting(token, carries):
        steps.append(token.i)
        return original(token, carries)

    monkeypatch.setattr(modality, "_up", counting)
    for depth in (5, 40):
        steps.clear()
        found = events_mod.find_events(_nested(nlp, depth))
        assert [(v.action.code, v.actor.text, v.target.text) for v in found] == [("ASSAULT", "army", "village")]
        assert len(steps) <= modality.MAX_CLIMB * len(found)


def test_a_possessive_inside_the_subject_it_points_to_ends(read):
    # GUM (Wikinews, CC BY 2.5): the possessive's antecedent search leads back to the subject that holds it
    a = read("On Wednesday, Mohamed and his father are to travel to the United Nations.")
    assert a.document.text.startswith("On Wednesday")
