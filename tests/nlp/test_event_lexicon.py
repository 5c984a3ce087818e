"""The PLOVER lexicon: every entry's example sentences read as the entry says, on every beat."""
from __future__ import annotations

import pytest

from claimgraph.nlp.event_lexicon import MODALITIES, PARTS, current_type, load_lexicon

BEATS = ("courts", "business", "science", "politics", "conflict", "diplomacy")
"""The beats the examples come from (science covers disasters and health)."""


def _examples():
    seen = {}
    for part, e in load_lexicon().entries():
        for ex in e.examples:
            seen.setdefault((ex.text, ex.code), (part, e, ex))
    return sorted(seen.values(), key=lambda x: (str(x[1].code), x[2].text))


EXAMPLES = _examples()


def _names(ref, analysis):
    if ref is None:
        return ""
    entity = analysis.entity(ref.entity)
    return f"{ref.text} | {entity.name if entity else ''}".lower()


def _reads(v, ex, analysis) -> bool:
    if v.action.code != ex.code or v.modality != ex.modality:
        return False
    if ex.no_actor and v.actor is not None:
        return False
    if ex.actor and ex.actor.lower() not in _names(v.actor, analysis):
        return False
    return not (ex.target and ex.target.lower() not in _names(v.target, analysis))


@pytest.mark.parametrize("part, entry, example", EXAMPLES,
                         ids=[f"{e.code}-{e.lemma}-{i}" for i, (_, e, _x) in enumerate(EXAMPLES)])
def test_each_example_of_the_lexicon_finds_its_event(read, part, entry, example):
    a = read(example.text, published="2025-02-11")
    got = [(v.action.code, v.actor and v.actor.text, v.action.text, v.target and v.target.text, v.modality)
           for v in a.events]
    assert any(_reads(v, example, a) for v in a.events), (
        f"{entry.code} {part} {entry.lemma!r}: wanted {example.code} actor={example.actor!r} "
        f"target={example.target!r} {example.modality}; got {got}")


def test_every_entry_has_an_example():
    bare = [(part, e.code, e.lemma) for part, e in load_lexicon().entries() if not e.examples]
    assert not bare


def test_every_plover_type_has_verbs_nouns_and_examples_from_several_beats():
    lex = load_lexicon()
    for code in lex.quads:
        entries = [(part, e) for part, e in lex.entries() if e.code == code]
        assert {"verbs", "nouns"} <= {part for part, _ in entries}, code
        beats = {ex.beat for _, e in entries for ex in e.examples}
        assert len(beats) >= 3, (code, beats)


def test_the_examples_cover_every_beat_and_every_modality():
    assert {ex.beat for _, _, ex in EXAMPLES} == set(BEATS)
    assert {ex.modality for _, _, ex in EXAMPLES} >= set(MODALITIES) - {"hypothetical", "denied"}


def test_an_entry_s_parts_are_the_known_ones():
    assert {part for part, _ in load_lexicon().entries()} <= set(PARTS)


def test_every_mode_is_one_of_its_type_s_modes_in_the_codebook():
    lex = load_lexicon()
    wrong = [(e.code, e.lemma, e.mode) for _, e in lex.entries()
             if e.mode and e.code and e.mode not in lex.modes[e.code]]
    assert not wrong


@pytest.mark.parametrize("name, expected", [
    ("DEMAND", ("REQUEST", None)),
    ("disapprove", ("ACCUSE", "disapprove")),
    ("INVESTIGATE", ("ACCUSE", "investigate")),
    ("FIGHT", ("ASSAULT", None)),
    ("ASSAULT", ("ASSAULT", None)),
    ("EXHIBIT FORCE POSTURE", ("MOBILIZE", None)),
])
def test_older_plover_names_map_to_the_codebook_s_types(name, expected):
    assert current_type(name) == expected


def test_an_unknown_type_name_maps_to_nothing():
    assert current_type("PICNIC") is None


def test_the_lexicon_names_the_codebook_it_follows():
    assert "0.7b1" in load_lexicon().version
