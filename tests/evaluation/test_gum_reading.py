"""Reading GUM's formats: the rebuilt text, word spans, coreference mentions, EDUs and attribution relations."""
from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.conllu import read_conllu
from evaluation.rst import RstError, read_attributions

DATA = Path(__file__).with_name("data")
CONLLU = DATA / "GUM_news_toolmaker.conllu"
RS4 = DATA / "GUM_news_toolmaker.rs4"


def test_text_is_rebuilt_with_spaces_sentences_and_paragraphs() -> None:
    doc = read_conllu(CONLLU)
    assert doc.text == (
        "Acme Corp said sales fell. The company, which makes tools, added that profits fell.\n\n"
        "Jane Doe, a spokeswoman, spoke on Monday. \"It's over,\" she said.\n\n"
        "Do you think it will close? Analysts believe prices will rise. The workers said they were angry. "
        "According to the firm, the plant will close.")


def test_every_word_indexes_its_own_characters() -> None:
    doc = read_conllu(CONLLU)
    assert all(doc.text[w.start:w.end] == w.form for w in doc.words)


def test_words_of_a_multiword_token_split_its_characters() -> None:
    doc = read_conllu(CONLLU)
    it, s = (w for w in doc.words if w.form in ("It", "'s"))
    assert (doc.text[it.start:it.end], doc.text[s.start:s.end]) == ("It", "'s")
    assert it.end == s.start


def test_heads_are_document_wide_indices() -> None:
    doc = read_conllu(CONLLU)
    said = next(w for w in doc.words if w.form == "said" and w.sentence == 3)
    over = next(w for w in doc.words if w.form == "over")
    assert said.head == over.index and said.deprel == "parataxis"
    assert over.head is None


def test_mentions_follow_the_entity_brackets_with_their_heads() -> None:
    doc = read_conllu(CONLLU)
    spans = {(m.entity, doc.span_text(m.first, m.last), doc.words[m.head].form) for m in doc.mentions}
    assert spans == {
        ("1", "Acme Corp", "Corp"), ("1", "The company, which makes tools", "company"), ("1", "the firm", "firm"),
        ("2", "Jane Doe, a spokeswoman", "Jane"), ("2", "she", "she"), ("2", "you", "you"),
        ("3", "The workers", "workers"), ("3", "they", "they"),
    }


def test_metadata_and_sentence_types_are_kept() -> None:
    doc = read_conllu(CONLLU)
    assert doc.genre == "news" and doc.meta["dateCreated"] == "2020-03-02"
    assert doc.sentence_types == ["decl", "decl", "decl", "decl", "q", "decl", "decl", "decl"]


def test_attribution_relations_give_clause_and_content_words() -> None:
    doc = read_conllu(CONLLU)
    rels = read_attributions(RS4, len(doc.words))
    clauses = [doc.span_text(min(r.clause), max(r.clause)) for r in rels]
    assert clauses == ["Acme Corp said", "The company, which makes tools, added", "she said.", "Do you think",
                       "Analysts believe", "The workers said", "According to the firm,"]
    tail = rels[2]
    assert doc.span_text(min(tail.content), max(tail.content)) == "\"It's over,\""


def test_an_rs4_that_does_not_fit_its_words_is_refused(tmp_path: Path) -> None:
    doc = read_conllu(CONLLU)
    with pytest.raises(RstError, match="hold 67 words"):
        read_attributions(RS4, len(doc.words) + 1)
