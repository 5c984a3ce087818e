"""GUM speaker-resolution cases: which reporting clauses count, their verb, subject, kind and names."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from evaluation.conllu import GumDocument, Mention, Word, read_conllu
from evaluation.rst import read_attributions
from evaluation.speaker_cases import SpeakerCase, common_nouns, document_cases, mention_names, subject_of

DATA = Path(__file__).with_name("data")


def toolmaker_cases() -> tuple[list[SpeakerCase], Counter[str]]:
    doc = read_conllu(DATA / "GUM_news_toolmaker.conllu")
    funnel: Counter[str] = Counter()
    return document_cases(doc, read_attributions(DATA / "GUM_news_toolmaker.rs4", len(doc.words)), funnel), funnel


def test_a_description_and_a_pronoun_of_named_entities_are_the_cases() -> None:
    cases, _ = toolmaker_cases()
    assert [(c.verb.form, c.subject_text, c.kind, c.names) for c in cases] == [
        ("added", "The company, which makes tools", "description", ("Acme Corp",)),
        ("said", "she", "pronoun", ("Jane Doe",)),
    ]
    assert all(c.named_before for c in cases)
    assert cases[1].sentence == "\"It's over,\" she said."


def test_every_other_relation_is_dropped_for_its_own_reason() -> None:
    _, funnel = toolmaker_cases()
    assert funnel == Counter({
        "attribution relations": 7,
        "cases": 2,
        "dropped: subject names the entity (a proper name, or one in apposition)": 1,   # Acme Corp said
        "dropped: the clause is in a question": 1,                                      # Do you think
        "dropped: subject in no coreference chain": 1,                                  # Analysts believe
        "dropped: chain holds no named mention": 1,                                     # The workers said
        "dropped: no verb in the clause (e.g. 'According to X', 'Image: X')": 1,        # According to the firm
    })


def test_the_verb_that_takes_the_content_is_the_reporting_verb() -> None:
    # the clause "The company, which makes tools, added" holds two verbs; "added" governs "profits fell"
    cases, _ = toolmaker_cases()
    assert cases[0].verb.form == "added"


def test_a_relative_pronoun_subject_stands_for_its_noun() -> None:
    doc = read_conllu(DATA / "GUM_news_toolmaker.conllu")
    makes = next(w for w in doc.words if w.form == "makes")
    subject = subject_of(doc, makes)
    assert subject is not None and subject.form == "company"


def test_a_capitalised_common_noun_is_no_name() -> None:
    doc = read_conllu(DATA / "GUM_news_toolmaker.conllu")
    monday = next(w for w in doc.words if w.form == "Monday")
    company = next(w for w in doc.words if w.form == "company")
    # "Monday" is a name; a PROPN-tagged "Company" would not be, since the text uses "company" as a noun
    assert mention_names(doc, Mention("9", monday.index, monday.index, monday.index), common_nouns(doc)) == ["Monday"]
    assert "company" in common_nouns(doc)
    assert mention_names(doc, Mention("1", company.index - 1, company.index, company.index), common_nouns(doc)) == []


def test_a_proper_name_mention_gives_its_whole_name() -> None:
    doc = read_conllu(DATA / "GUM_news_toolmaker.conllu")
    jane = next(m for m in doc.mentions if m.entity == "2" and m.first != m.last)
    assert mention_names(doc, jane, common_nouns(doc)) == ["Jane Doe"]


def hand_parsed(rows: list[tuple[str, str, int | None, str]]) -> GumDocument:
    """A one-sentence document from (form, upos, head, deprel) rows, words separated by spaces."""
    doc = GumDocument(name="hand", sentence_types=["decl"])
    at = 0
    for i, (form, upos, head, deprel) in enumerate(rows):
        doc.words.append(Word(i, 0, form, form.casefold(), upos, {}, head, deprel, at, at + len(form)))
        at += len(form) + 1
    doc.text = " ".join(r[0] for r in rows)
    return doc


def test_a_name_in_apposition_names_a_description() -> None:
    # "coauthor Jane Doe told": the mention's head is the noun, the name stands beside it
    doc = hand_parsed([("coauthor", "NOUN", 3, "nsubj"), ("Jane", "PROPN", 0, "appos"), ("Doe", "PROPN", 1, "flat"),
                       ("told", "VERB", None, "root")])
    mention = Mention("1", 0, 2, 0)
    assert mention_names(doc, mention, common_nouns(doc)) == ["Jane Doe"]


def test_a_verb_without_a_subject_shares_the_subject_of_the_verb_it_completes() -> None:
    # "she went on to say": "say" is an xcomp of "went"
    doc = hand_parsed([("she", "PRON", 1, "nsubj"), ("went", "VERB", None, "root"), ("on", "ADP", 1, "compound:prt"),
                       ("to", "PART", 4, "mark"), ("say", "VERB", 1, "xcomp")])
    subject = subject_of(doc, doc.words[4])
    assert subject is not None and subject.form == "she"
