"""Names within one document, on texts we wrote."""


def entity_of(a, mention):
    found = [e for e in a.entities if any(m.text == mention for m in e.mentions)]
    assert found, (mention, [(e.name, [m.text for m in e.mentions]) for e in a.entities])
    return found[0]


def test_three_spellings_are_one_person(read):
    a = read("Russian Ambassador Alexander Matsyegora spoke in Pyongyang. Later, Matsegora said that the talks "
             "went well. Macegora's remarks were reported widely.")
    e = entity_of(a, "Matsegora")
    assert {m.text for m in e.mentions} >= {"Alexander Matsyegora", "Matsegora", "Macegora"}
    assert e.type == "PERSON"


def test_an_acronym_defined_in_the_text_joins_its_name(read):
    a = read("The National Intelligence Service (NIS) briefed lawmakers. The NIS said that troops had moved.")
    assert entity_of(a, "NIS") is entity_of(a, "National Intelligence Service")


def test_dprk_and_north_korea_are_one_state(read):
    a = read("North Korea fired a missile on Sunday. The DPRK said that the test was a success.")
    e = entity_of(a, "DPRK")
    assert e is entity_of(a, "North Korea") and e.name == "North Korea"


def test_a_demonym_stands_for_its_state(read):
    a = read("North Korean troops crossed into Russia. Russian officials said the troops would train.")
    assert entity_of(a, "North Korean").name == "North Korea"
    assert entity_of(a, "Russian") is entity_of(a, "Russia")


def test_a_language_is_not_its_state(read):
    a = read("Professors will travel to Moscow to teach Korean to students.")
    assert not any(m.text == "Korean" for e in a.entities for m in e.mentions)


def test_possessives_are_stripped(read):
    a = read("South Korea's spy agency said that Seoul's allies were told.")
    assert any(m.text == "South Korea" for e in a.entities for m in e.mentions)
    assert not any(m.text.endswith("'s") for e in a.entities for m in e.mentions)


def test_two_people_who_share_a_surname_stay_apart(read):
    a = read("Kim Jong Un met the delegation. His sister Kim Yo Jong said that the meeting was useful.")
    assert entity_of(a, "Kim Jong Un") is not entity_of(a, "Kim Yo Jong")


def test_a_surname_joins_the_only_person_who_carries_it(read):
    a = read("Defence Minister Kim Yong-hyun spoke to parliament. Kim also said that officers had died.")
    assert entity_of(a, "Kim") is entity_of(a, "Kim Yong-hyun")


def test_a_title_names_a_person_ner_missed(read):
    a = read("Russian Ambassador to Finland Zhuravlev said that the border would stay closed.")
    e = entity_of(a, "Zhuravlev")
    assert e.type == "PERSON"


def test_a_capital_that_acts_stands_for_its_state_and_one_you_visit_is_a_city(read):
    a = read("Moscow denied the report. The delegation will travel to Moscow in June. Russia said nothing.")
    names = sorted(e.name for e in a.entities if any(m.text == "Moscow" for m in e.mentions))
    assert names == ["Moscow", "Russia"]


def test_a_region_and_its_bare_name_are_one_place_whatever_ner_called_them(read):
    a = read("Drones struck the Sumy region overnight. Officials said the attack on Sumy was deliberate.")
    e = entity_of(a, "Sumy region")
    assert e is entity_of(a, "Sumy") and e.type == "GPE"


def test_a_demonym_ner_missed_still_names_its_group(read):
    a = read("Western leaders met in Brussels on Monday.")
    assert entity_of(a, "Western").name == "the West"


def test_a_bare_place_name_that_is_a_persons_surname_is_that_person_unless_a_preposition_places_it(read):
    a = read("Marisol Lisbon, a former teacher, has claimed that the academy kept her passport for three years. "
             "Lisbon was born in Lisbon, and moved to Lisbon again in 2010. Lisbon claims she was never paid.")
    person = entity_of(a, "Marisol Lisbon")
    assert person.type == "PERSON" and len(person.mentions) == 3
    city = [e for e in a.entities if e.type == "GPE" and e.name == "Lisbon"]
    assert len(city) == 1 and len(city[0].mentions) == 2
    said = next(c for c in a.claims if "never paid" in c.content.text)
    assert said.speaker.entity == person.id


def test_a_name_ner_cut_in_two_is_one_name_of_the_kind_its_apposition_gives():
    import spacy
    from spacy.tokens import Doc

    from claimgraph.nlp import names

    words = ["Valeska", "Paris", ",", "an", "Australian", "woman", ",", "spoke", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=[True, False, True, True, True, False, True, False, False],
              tags=["NNP", "NNP", ",", "DT", "JJ", "NN", ",", "VBD", "."],
              deps=["compound", "nsubj", "punct", "det", "amod", "appos", "punct", "ROOT", "punct"],
              heads=[1, 7, 1, 5, 5, 1, 1, 7, 7], lemmas=[w.lower() for w in words], ents=["B-GPE", "B-GPE", "O", "O", "B-NORP", "O", "O", "O", "O"])
    assert names._ner_names(doc)[0] == (0, 2, "PERSON")
    doc = Doc(spacy.blank("en").vocab, words=["Russian", "Foreign", "Ministry", "spoke"],
              tags=["NNP", "NNP", "NNP", "VBD"], deps=["compound", "compound", "nsubj", "ROOT"], heads=[2, 2, 3, 3],
              ents=["B-NORP", "B-ORG", "I-ORG", "O"])
    assert [(s, e) for s, e, _ in names._ner_names(doc)] == [(0, 1), (1, 3)]  # the lexicon knows "Russian"
