"""Impossible predicted speakers: a cue noun of the claim's own clause, a dateline or wire credit, a document."""
from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from claimgraph.records import Analysis, Claim, Document, Ref, Span
from evaluation.speaker_checks import check_document, dateline_spans, lexicon, locate


def parsed(rows: list[tuple[str, int, str, str, str]], glued: tuple[str, ...] = (".", ",")) -> Doc:
    """A Doc parsed by hand from (word, head index, dep, pos, lemma) rows, as spaCy's tests build them;
    a space follows each word but one that opens a bracket or comes before a word of `glued`."""
    words = [r[0] for r in rows]
    spaces = [i + 1 < len(words) and words[i + 1] not in glued and words[i] != "(" for i in range(len(words))]
    return Doc(Vocab(), words=words, spaces=spaces, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
               pos=[r[3] for r in rows], lemmas=[r[4] for r in rows])


def claim(doc: Doc, speaker: str, cue: str, content: str) -> Claim:
    def span(words: str) -> Span:
        start = doc.text.index(words)
        return Span(words, start, start + len(words))
    return Claim("c1", Ref(None, speaker), (), span(cue), span(content))


def flags(doc: Doc, c: Claim) -> list[str]:
    return [f.kind for f in check_document("doc", doc, Analysis(Document(text=doc.text), claims=(c,)))]


ISSUED = parsed([("Acme", 1, "nsubj", "PROPN", "Acme"), ("issued", 1, "ROOT", "VERB", "issue"),
                 ("a", 3, "det", "DET", "a"), ("statement", 1, "dobj", "NOUN", "statement"),
                 ("saying", 3, "acl", "VERB", "say"), ("sales", 6, "nsubj", "NOUN", "sale"),
                 ("fell", 4, "ccomp", "VERB", "fall"), (".", 1, "punct", "PUNCT", ".")])


def test_the_statement_noun_of_issued_a_statement_saying_is_a_cue_noun() -> None:
    assert flags(ISSUED, claim(ISSUED, "a statement", "saying", "sales fell")) == ["cue noun"]


def test_the_subject_of_the_same_clause_is_no_cue_noun() -> None:
    assert flags(ISSUED, claim(ISSUED, "Acme", "saying", "sales fell")) == []


def test_a_report_that_said_is_a_document_speaking_counted_apart() -> None:
    doc = parsed([("The", 1, "det", "DET", "the"), ("report", 2, "nsubj", "NOUN", "report"),
                  ("said", 2, "ROOT", "VERB", "say"), ("sales", 4, "nsubj", "NOUN", "sale"),
                  ("fell", 2, "ccomp", "VERB", "fall"), (".", 2, "punct", "PUNCT", ".")])
    assert flags(doc, claim(doc, "The report", "said", "sales fell")) == ["document as speaker"]


def test_the_object_of_according_to_is_who_speaks() -> None:
    doc = parsed([("According", 5, "prep", "VERB", "accord"), ("to", 0, "prep", "ADP", "to"),
                  ("the", 3, "det", "DET", "the"), ("poll", 1, "pobj", "NOUN", "poll"),
                  ("sales", 5, "nsubj", "NOUN", "sale"), ("fell", 5, "ROOT", "VERB", "fall"),
                  (".", 5, "punct", "PUNCT", ".")])
    assert flags(doc, claim(doc, "the poll", "According to", "sales fell")) == ["document as speaker"]


def test_a_nominal_cue_taken_as_its_own_speaker_is_a_cue_noun() -> None:
    doc = parsed([("The", 1, "det", "DET", "the"), ("comments", 5, "nsubj", "NOUN", "comment"),
                  ("that", 4, "mark", "SCONJ", "that"), ("sales", 4, "nsubj", "NOUN", "sale"),
                  ("fell", 1, "acl", "VERB", "fall"), ("stood", 5, "ROOT", "VERB", "stand"),
                  (".", 5, "punct", "PUNCT", ".")])
    assert flags(doc, claim(doc, "comments", "comments", "sales fell")) == ["cue noun"]


def test_a_dateline_with_a_wire_credit_is_no_speaker() -> None:
    doc = parsed([("WASHINGTON", 6, "npadvmod", "PROPN", "WASHINGTON"), ("(", 2, "punct", "PUNCT", "("),
                  ("AP", 0, "appos", "PROPN", "AP"), (")", 2, "punct", "PUNCT", ")"), ("—", 6, "punct", "PUNCT", "—"),
                  ("Acme", 6, "nsubj", "PROPN", "Acme"), ("said", 6, "ROOT", "VERB", "say"),
                  ("sales", 8, "nsubj", "NOUN", "sale"), ("fell", 6, "ccomp", "VERB", "fall"),
                  (".", 6, "punct", "PUNCT", ".")], glued=(".", ")"))
    assert doc.text.startswith("WASHINGTON (AP) — Acme said")
    assert flags(doc, claim(doc, "WASHINGTON (AP)", "said", "sales fell")) == ["dateline"]
    assert flags(doc, claim(doc, "Acme", "said", "sales fell")) == []


@pytest.mark.parametrize("line, credit", [
    ("WASHINGTON (AP) — The Senate voted.", "WASHINGTON (AP) — "),
    ("MANCHESTER, N.H. — The senator spoke.", "MANCHESTER, N.H. — "),
    ("DES MOINES, Iowa, Aug. 10 (Reuters) - The governor said so.", "DES MOINES, Iowa, Aug. 10 (Reuters) - "),
    ("New York (CNN) — The mayor said so.", "New York (CNN) — "),
])
def test_datelines_of_the_wire_styles_are_found(line: str, credit: str) -> None:
    text = f"Headline here\n\n{line}"
    ((start, end),) = dateline_spans(text, lexicon())
    assert text[start:end] == credit


@pytest.mark.parametrize("line", ["Sen. Jane Roe (D-Ohio) — who else?", "I think — no.", "The campaign said so."])
def test_a_sentence_with_a_dash_is_no_dateline(line: str) -> None:
    assert dateline_spans(line, lexicon()) == []


def test_the_speakers_words_are_found_nearest_the_cue() -> None:
    text = "Acme said one thing. Later Acme said another."
    assert locate(text, "Acme", text.index("said another")) == (27, 31)
    assert locate(text, "Zenith", 0) is None
