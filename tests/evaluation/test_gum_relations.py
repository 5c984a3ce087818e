"""Finding GUM's RST attribution relations: a claim at the reporting clause with the content reported, or none."""
from __future__ import annotations

from pathlib import Path

from evaluation.conllu import read_conllu
from evaluation.gum_relations import Counts, judge, lines
from evaluation.rst import read_attributions

from claimgraph.records import Claim, Ref, Span

DATA = Path(__file__).with_name("data")


def toolmaker():
    doc = read_conllu(DATA / "GUM_news_toolmaker.conllu")
    return doc, read_attributions(DATA / "GUM_news_toolmaker.rs4", len(doc.words))


def span(text: str, words: str, after: int = 0) -> Span:
    at = text.index(words, after)
    return Span(words, at, at + len(words))


def test_a_relation_is_found_by_a_claim_at_its_clause_with_its_content_and_a_claim_elsewhere_is_outside():
    doc, relations = toolmaker()
    text = doc.text
    said = span(text, "said")
    found = Claim("c1", Ref(None, "Acme Corp"), (), said, span(text, "sales fell"))
    wrong_content = Claim("c2", Ref(None, "The company"), (), span(text, "added"), span(text, "which makes tools"))
    outside = Claim("c3", None, (), span(text, "sales"), span(text, "sales fell"))
    n = judge(doc, relations, [found, wrong_content, outside])
    assert (n.relations, n.at_cue, n.found, n.claims, n.outside) == (len(relations), 2, 1, 3, 1)
    assert len(n.misses) == len(relations) - 1 and "The company , which makes tools , added" in " ".join(n.misses)
    assert n.extras == [f"{doc.name}: (sales) - :: sales fell"]
    none = judge(doc, relations, [])
    assert (none.found, none.claims, none.outside) == (0, 0, 0)


def test_the_counts_of_documents_add_up_and_print_by_genre():
    a, b = Counts(relations=3, at_cue=2, found=1, claims=4, outside=1), Counts(relations=2, found=2, claims=1)
    a.add(b)
    assert (a.relations, a.at_cue, a.found, a.claims, a.outside) == (5, 2, 3, 5, 1)
    [head, news] = lines({"news": a})
    assert "3 of 5 relations (0.600" in news and "1 of 5 claims" in news and head.startswith("GUM attribution")
