"""Entities that are entities: titles are no names, generic words stand for the longer names they end, bare given
names for their one carrier, and types come from what the text says around a name. Texts we wrote; the parses of
the rules' own tests are built by hand (spaCy's `Doc(vocab, words=..., heads=..., deps=...)`), so that each says
which parse a rule handles."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from claimgraph.nlp import name_evidence


def _doc(words: list[str], tags: list[str], deps: list[str], heads: list[int]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, tags=tags, deps=deps, heads=heads)


def _names(read, text: str) -> dict[str, str]:
    return {e.name: e.type for e in read(text).entities}


def test_a_word_of_a_title_is_no_entity(read):
    names = _names(read, "Secretary of State Jane Roe met the ministers of Examplestan. Roe said the talks went well.")
    assert "State" not in names and names.get("Jane Roe") == "PERSON"


def test_a_title_that_runs_out_of_a_name_is_cut_off_it():
    words = ["Deputy", "Pentagon", "Press", "Secretary", "Jane", "Roe", "spoke"]
    doc = _doc(words, ["NNP"] * 6 + ["VBD"], ["compound"] * 5 + ["nsubj", "ROOT"], [5, 5, 5, 5, 5, 6, 6])
    assert name_evidence.trim(doc, 1, 3) == (1, 2)  # "Pentagon Press" of "Press Secretary" is the Pentagon
    assert name_evidence.trim(doc, 2, 4) is None    # "Press Secretary" is a title, no name


def test_a_name_the_lexicon_knows_stays_whole_inside_a_title():
    words = ["Kremlin", "spokesman", "Ivan", "Sample", "said"]
    doc = _doc(words, ["NNP", "NN", "NNP", "NNP", "VBD"], ["compound", "compound", "compound", "nsubj", "ROOT"],
               [3, 3, 3, 4, 4])
    assert name_evidence.trim(doc, 0, 1) is None  # "Kremlin spokesman" is a title of the lexicon
    assert name_evidence.trim(doc, 0, 1, known=lambda text: text == "Kremlin") == (0, 1)


def test_a_generic_word_after_a_determiner_names_the_longer_name_it_ends(read):
    text = ("The Examplestan Security Council met on Monday. Ministers said that this Council must act, "
            "and the delegates said this Council had failed before.")
    entities = read(text).entities
    council = [e for e in entities if "Council" in e.name]
    assert len(council) == 1 and len(council[0].mentions) == 3, [(e.name, e.mentions) for e in entities]


@pytest.mark.parametrize(("full", "short"), [("the Church of the Examplar Light", "the Church"),
                                             ("Exampleton Shipping Company", "the Company"),
                                             ("the Examplestan Football Federation", "the Federation")])
def test_an_institutions_head_after_a_determiner_is_that_institution(read, full, short):
    text = (f"Former members sued {full} on Monday. In a statement, {short} denied the allegations. "
            f"{short[0].upper() + short[1:]} said the members had left of their own will.")
    entities = read(text).entities
    named = [e for e in entities if short.split()[-1] in e.name]  # NER may miss one of the bare heads
    assert len(named) == 1 and len(named[0].mentions) >= 2, [(e.name, e.mentions) for e in entities]


def test_a_generic_word_alone_is_a_name_of_its_own_only_without_a_determiner():
    doc = _doc(["the", "Council", "said", "Congress", "voted"], ["DT", "NNP", "VBD", "NNP", "VBD"],
               ["det", "nsubj", "ROOT", "nsubj", "ccomp"], [1, 2, 2, 4, 2])
    assert name_evidence.generic(doc, "Council", [(1, 2)])
    assert not name_evidence.generic(doc, "Congress", [(3, 4)])
    assert name_evidence.generic(doc, "State", [])  # never a name alone
    assert name_evidence.longer_name_for("Council", ["Examplestan Security Council", "Sample Bank"]) == 0
    assert name_evidence.longer_name_for("Council", ["Sample Bank"]) is None


def test_a_bare_given_name_stands_for_its_one_carrier_or_for_no_one(read):
    names = _names(read, "QUESTION: Thank you, Matt. Can you say more about the talks in Sampleton?")
    assert "Matt" not in names
    assert name_evidence.carrier_of("Pat", ["Pat Sample", "Jane Roe"]) == 0
    assert not name_evidence.bare_given_name("Kim")  # a family name that comes first names no one by itself alone


def test_a_name_one_is_in_is_a_place_whatever_ner_called_it():
    words = ["Fighting", "continued", "in", "Al", "Fashira", "and", "around", "Al", "Fashira"]
    doc = _doc(words, ["NN", "VBD", "IN", "NNP", "NNP", "CC", "IN", "NNP", "NNP"],
               ["nsubj", "ROOT", "prep", "compound", "pobj", "cc", "prep", "compound", "pobj"],
               [1, 1, 1, 4, 2, 1, 1, 8, 6])
    signs = name_evidence.signs_of(doc, [(3, 5), (7, 9)], "Al Fashira")
    assert signs.place and not signs.organisation
    assert name_evidence.settled_type("ORG", signs, "Al Fashira") == "GPE"
    assert name_evidence.settled_type("PERSON", signs, "Al Fashira") == "GPE"


def test_a_name_that_modifies_a_weapon_is_a_make_not_an_entity():
    words = ["the", "Patriot", "system", "arrived"]
    doc = _doc(words, ["DT", "NNP", "NN", "VBD"], ["det", "compound", "nsubj", "ROOT"], [2, 2, 3, 3])
    signs = name_evidence.signs_of(doc, [(1, 2)], "Patriot")
    assert signs.product and name_evidence.settled_type("PERSON", signs, "Patriot") is None


def test_heads_give_organisations_agreements_and_events_their_types():
    doc = _doc(["x"], ["NN"], ["ROOT"], [0])
    assert name_evidence.settled_type("PERSON", name_evidence.signs_of(doc, [], "Foreign Press Center"),
                                      "Foreign Press Center") == "ORG"
    assert name_evidence.settled_type("PERSON", name_evidence.signs_of(doc, [], "Sample Grain Initiative"),
                                      "Sample Grain Initiative") == "LAW"
    assert name_evidence.settled_type("PERSON", name_evidence.signs_of(doc, [], "Security Consultative Meeting"),
                                      "Security Consultative Meeting") is None
    assert name_evidence.names_agreement("Visa Waiver Program") and not name_evidence.names_agreement("Sample Bank")


@pytest.mark.parametrize("name", ["ATACMS", "MILLER"])
def test_a_person_is_never_written_as_an_acronym(name):
    doc = _doc(["x"], ["NN"], ["ROOT"], [0])
    assert name_evidence.settled_type("PERSON", name_evidence.signs_of(doc, [], name), name) is None


def test_a_title_before_a_name_makes_it_a_persons_whatever_ner_called_it():
    words = ["Gen.", "Pat", "Sample", "said"]
    doc = _doc(words, ["NNP", "NNP", "NNP", "VBD"], ["compound", "compound", "nsubj", "ROOT"], [2, 2, 3, 3])
    signs = name_evidence.signs_of(doc, [(1, 3)], "Pat Sample")
    assert signs.person and name_evidence.settled_type("ORG", signs, "Pat Sample") == "PERSON"


def test_a_surname_ner_took_for_a_place_is_the_person_who_carries_it(read):
    names = _names(read, "Deputy spokesperson Sabine Okafor said the talks went well. Later, Okafor "
                         "said the next round would be in Geneva.")
    assert names.get("Sabine Okafor") == "PERSON" and "Okafor" not in names


def test_a_transcripts_stage_directions_are_no_entities(read):
    a = read("MS LEE: Good morning, everyone. (Laughter.) Thank you for coming. (Applause) Secretary Ruth Adler "
             "will speak first.")
    assert not any(e.name in {"Laughter", "Applause"} for e in a.entities), [e.name for e in a.entities]


def test_a_storm_or_an_operation_named_after_its_kind_is_no_person(read):
    a = read("Cyclone Phailin hit the coast on Saturday. Hurricane Katrina killed 1,800 people in 2005. "
             "David Titley, a meteorologist, said the storm would weaken.")
    assert [e.name for e in a.entities if e.type == "PERSON"] == ["David Titley"]
