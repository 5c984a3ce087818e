"""Odd parses never crash a document or lose its other claims, and every span stays exact."""
import pytest


def _exact(a):
    text = a.document.text
    for c in a.claims:
        assert text[c.content.start:c.content.end] == c.content.text
        if c.cue is not None:
            assert text[c.cue.start:c.cue.end] == c.cue.text
        for h in c.hedges:
            assert text[h.start:h.end] == h.text


GOOD = "The mayor said that the bridge would reopen in May."

ODD = [
    "",
    "said",
    ".",
    "“",
    '"' * 3000,
    "“" * 500 + "”" * 500,
    "The minister said: “the convoy will",  # a quote that never closes
    "Said that the convoy crossed the border.",  # a reporting verb with no subject
    "According to",
    "according to according to according to .",
    ": : : : : :",
    "QUESTION: QUESTION: QUESTION:",
    "MR. A: B\n\nMR. B: A",
    "He said he said he said he said he said that it rained.",
    "said " * 400,
    "“Yes,” " * 300,
    "(" * 200 + "The guard said the gate was open." + ")" * 200,
    "A — B — C — D, the agency reported, citing, quoting, according to.",
]


@pytest.mark.parametrize("odd", ODD, ids=range(len(ODD)))
def test_an_odd_text_gives_exact_spans_and_keeps_the_other_claims(read, odd):
    a = read(odd)
    _exact(a)
    b = read(odd + "\n\n" + GOOD)
    _exact(b)
    assert any(c.content.text == "the bridge would reopen in May" for c in b.claims)


def test_a_long_sentence_without_punctuation_is_read_in_time(read):
    text = " ".join(["the officials said the convoy crossed the river and"] * 600)
    a = read(text)
    _exact(a)
