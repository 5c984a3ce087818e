"""Whose claim it is where the parser gave the reporting verb no subject of its own (texts we wrote)."""

import pytest


def speaker_of(analysis, needle):
    found = [c for c in analysis.claims if needle in c.content.text]
    assert found, [c.content.text for c in analysis.claims]
    c = found[0]
    ent = analysis.entity(c.speaker.entity) if c.speaker and c.speaker.entity else None
    return ent.name if ent else (c.speaker.text if c.speaker else None)


@pytest.mark.parametrize(("text", "needle", "speaker"), [
    ("Recently, Tom Brannigan of Concord rose at a town meeting to say he would probably vote for Ms. Hale.",
     "probably vote", "Tom Brannigan"),
    ("Lena Ostrow invoked the mayor's early polling slump to claim her deficits were not permanent.",
     "not permanent", "Lena Ostrow"),
])
def test_a_purpose_clause_of_speaking_is_its_subjects_statement(read, text, needle, speaker):
    assert speaker_of(read(text), needle) == speaker


def test_the_last_verb_of_a_series_is_the_first_verbs_subjects(read):
    # the parser reads 'summed up ... as "weak,"' as what "denounced" reports, and leaves "said" without a subject
    a = read('Pellman further summed up Hale as "weak," denounced his record as mayor and said he should not even '
             'be allowed to run for office.')
    assert speaker_of(a, "allowed to run") == "Pellman"


@pytest.mark.parametrize(("text", "not_speaker"), [
    ("The plan is flawed, added the minister, and the vote was delayed.", "plan"),
    ("The minister was wrong, said the mayor, and the vote was delayed.", "minister"),
])
def test_an_inverted_reporting_clause_is_no_series(read, text, not_speaker):
    assert all(c.speaker is None or not_speaker not in c.speaker.text for c in read(text).claims)


def test_a_speaker_right_after_the_dateline_the_parser_took_for_the_subject(read):
    a = read("Former AG Hemsley at convention: governor's phone scandal disqualifies her for office.\n\n"
             "BOSTON, May 2 (UPI) — Former Attorney General Walter Hemsley told delegates at the party convention "
             "that the governor's use of a private phone should disqualify her from office.")
    assert speaker_of(a, "should disqualify her") == "Walter Hemsley"


def test_a_label_before_a_quotation_is_no_part_of_the_speaker(read):
    a = read("SMALL FIRMS HIRE AGAIN - Ruth Calder: \"Our survey of small firms in 2024 finds that 30 percent plan to "
             "hire this year.\"")
    assert all(c.speaker is None or ":" not in c.speaker.text for c in a.claims)


@pytest.mark.parametrize(("text", "needle", "speaker"), [
    ("The harbour plan is flawed, added the minister.", "harbour plan", "the minister"),
    ("The count was fair, insisted the mayor of Dunmore.", "count was fair", "the mayor of Dunmore"),
])
def test_an_inverted_reporting_clause_without_a_quotation_names_its_speaker_after_the_verb(read, text, needle,
                                                                                           speaker):
    # the parser takes the noun phrase after the verb for its object
    assert speaker_of(read(text), needle) == speaker


@pytest.mark.parametrize(("text", "needle", "speaker"), [
    ("A nurse who asked to be identified only by her first name, Leila, said the ward was full. She said the "
     "generators had failed.", "generators", "Leila"),
    ("A ferryman who goes by the name Bako said the river had flooded. He said the pier was gone.", "pier", "Bako"),
    ("A gatekeeper, who gave his name only as Ahmad, said the road was shut.", "road was shut", "Ahmad"),
    ("A gatekeeper, who gave his name only as Tamsin, said the road was shut.", "road was shut", "Tamsin"),
    ("A farmer, who gave his name only as Mr French, said the road was shut.", "road was shut", "French"),
    ("A doctor, who identified himself as Dr English, said the clinic was shut.", "clinic was shut", "English"),
])
def test_a_source_that_gives_its_name_in_a_relative_clause_is_that_person(read, text, needle, speaker):
    assert speaker_of(read(text), needle) == speaker


def test_an_organisation_known_by_a_name_gives_no_person(read):
    a = read("The firm, which is known by the name Orbis, said profits rose.")
    assert all(e.type != "PERSON" for e in a.entities)


@pytest.mark.parametrize(("text", "needle", "speaker"), [
    ("A guard, who gave his name only as Ahmad, said the gate was closed. The guard said the soldiers had left.",
     "gate was closed", "Ahmad"),
    ("A guard, who gave his name only as Ahmad, said the gate was closed. The guard said the soldiers had left.",
     "soldiers had left", "Ahmad"),
    ("A nurse who asked to be identified only by her first name, Leila, said the ward was full. The nurse said the "
     "generators had failed.", "generators", "Leila"),
])
def test_the_noun_a_source_named_itself_under_names_it_again(read, text, needle, speaker):
    # "guard" also heads the name of an armed group ("the National Guard"): "who" and "his" say a person
    assert speaker_of(read(text), needle) == speaker


def test_the_capitalised_guard_is_the_organisation_not_the_guard_who_gave_his_name(read):
    a = read("Iran's Revolutionary Guard said the drill was over. A guard, who gave his name only as Ahmad, said the "
             "gate was closed. The Guard said the soldiers had left.")
    assert speaker_of(a, "soldiers had left") == "Revolutionary Guard"


def test_a_name_given_in_a_relative_clause_is_no_nationality_and_a_nationality_stays_one(read):
    # NER types "Tamsin" a place and "French" a nationality, which the demonym lookup would make France
    a = read("A farmer, who gave his name only as Mr French, said the road was shut. French officials said the "
             "bridge was safe.")
    assert {(e.name, e.type) for e in a.entities} == {("French", "PERSON"), ("France", "GPE")}
