"""A story is a proposition: a claim with no predicate of its own starts none, a story goes by its clearest full
claim, and its origins are named by speaker and organisation. Texts written for these tests."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from claimgraph.corpus import corroborate
from claimgraph.corpus.propositions import (
    NAMED_SUBJECT,
    NO_PREDICATE,
    PRONOUN_SUBJECT,
    SAME_PROPOSITION,
    Weights,
    clauses,
    proposition,
    similarity,
    structural_factor,
)
from claimgraph.records import Analysis, Claim, Document, Ref, Span
from claimgraph.store import Store, save_analysis
from claimgraph.store.stories import claims_without_story, story_claims

OPEN_PAIRS = Path(__file__).resolve().parent.parent / "data" / "claim_pairs_open.yaml"
HELDOUT_PAIRS = OPEN_PAIRS.with_name("claim_pairs_heldout.yaml")
TUNED_PAIRS = OPEN_PAIRS.with_name("claim_pairs.yaml")


@pytest.mark.parametrize(("content", "kind"), [
    ("the port of Example Bay will reopen on Monday", NAMED_SUBJECT),
    ("The convoy has reached the border", NAMED_SUBJECT),
    ("They are moving the convoy towards the border for a reason", PRONOUN_SUBJECT),
    ("that could change", NO_PREDICATE),  # a pronoun and one word: it points outside the claim
    ("the provision of munitions by Examplestan to its neighbour", NO_PREDICATE),  # a noun phrase ("condemned X")
    ("you for joining us today", NO_PREDICATE),  # a fragment of "Thank you for joining us today"
    ("Examplestan to withdraw its troops from the border", NO_PREDICATE),  # what another verb governs
    ("which we agree should be extended", NO_PREDICATE),  # a relative clause of a noun outside it
])
def test_a_claim_is_full_only_with_a_finite_verb_and_a_subject_of_its_own(content, kind):
    assert clauses([content]) == [kind]


@pytest.mark.parametrize(("a", "b", "lowered"), [
    ("Chile is sending engineers to Peru", "Peru is sending engineers to Chile", True),  # the other way round
    ("Chile sent 300 engineers to Peru", "Chile sent 300 tonnes of copper to Peru", True),  # counts of other things
    ("Chile sent 300 engineers to Peru", "Chile sent engineers to Peru", True),  # one side counts what both name
    ("Chile sent engineers to Peru", "Chilean engineers were sent to Peru", False),  # the same parties, same way
])
def test_parties_the_other_way_round_and_counts_of_other_things_lower_any_likeness(a, b, lowered):
    pa, pb = proposition(a), proposition(b)
    factor = structural_factor(pa, pb)
    assert (factor < 1.0) == lowered and 0.0 < factor <= 1.0
    assert structural_factor(pb, pa) == factor
    # the light path's overlap takes the same factor that a sentence embedding's cosine can be given
    weights = Weights()
    for p in (pa, pb):
        weights.add(p.terms)
    bare = [dataclasses.replace(p, agent=None, counts=()) for p in (pa, pb)]
    assert similarity(pa, pb, weights) == pytest.approx(similarity(*bare, weights) * factor)


def _article(doc_id: str, outlet: str, contents: list[tuple[str, str]], published: str = "2025-03-01") -> Analysis:
    """An article whose claims are (speaker, content) pairs, each sentence '<speaker> said <content>.'."""
    text, claims, pos = "", [], 0
    for i, (speaker, content) in enumerate(contents, 1):
        sentence = f"{speaker} said {content}. "
        cue = pos + len(speaker) + 1
        start = cue + len("said ")
        claims.append(Claim(f"c{i}", Ref(None, speaker), (Ref(None, outlet),), Span("said", cue, cue + 4),
                            Span(content, start, start + len(content))))
        text += sentence
        pos += len(sentence)
    return Analysis(Document(text=text.strip(), id=doc_id, outlet=outlet, published=published), claims=tuple(claims))


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "stories.db")
    yield s
    s.close()


def _place(store: Store, *analyses: Analysis) -> None:
    for a in analyses:
        with store.begin(write=True) as conn:
            save_analysis(conn, a)
            corroborate.assign_document(conn, a.document.id)


def test_a_noun_phrase_starts_no_story_but_joins_the_story_it_resembles(store):
    _place(store,
           _article("d1", "Example Wire", [("A spokesman", "the shipment of grain from Example Bay to Port Sample")]),
           _article("d2", "Example Daily", [("The minister", "grain has been shipped from Example Bay to Port Sample"),
                                             ("The minister", "the shipment of grain from Example Bay to Port Sample")]))
    with store.begin() as conn:
        unplaced = conn.execute(select(claims_without_story)).all()
        placed = conn.execute(select(story_claims.c.story_id, story_claims.c.clause, story_claims.c.rule)).all()
        assert corroborate.pending_documents(conn) == []  # read once, never again
        stories = corroborate.stories(conn)
    assert len(unplaced) == 1 and "no predicate" in unplaced[0].reason  # d1's, which came before any story
    assert len(placed) == 2 and {p.clause for p in placed} == {NAMED_SUBJECT, NO_PREDICATE}
    assert any("no predicate of its own" in p.rule for p in placed)
    assert [s["proposition"] for s in stories] == ["grain has been shipped from Example Bay to Port Sample"]


def test_a_story_goes_by_its_clearest_full_claim_not_its_first(store):
    _place(store,
           _article("d1", "Example Wire", [("An official", "they reached the port of Example Bay on Sunday")],
                    published="2025-03-01"),
           _article("d2", "Example Daily", [("The harbour master", "the convoy reached the port of Example Bay on "
                                                                   "Sunday")], published="2025-03-02"))
    with store.begin() as conn:
        stories = corroborate.stories(conn)
    assert len(stories) == 1 and stories[0]["proposition"].startswith("the convoy reached")


def test_origins_are_named_by_speaker_and_organisation_without_ids(store):
    _place(store,
           _article("d1", "Example Wire", [("A harbour official", "the convoy reached the port of Example Bay")]),
           _article("d2", "Foreign, Commonwealth & Development Office (via Wired-Gov)",
                    [("We", "the convoy reached the port of Example Bay")], published="2025-03-04"))
    with store.begin() as conn:
        s = corroborate.stories(conn)[0]
    assert sorted(s["origins"]) == ["A harbour official, Example Wire, 2025-03-01",
                                    "Foreign, Commonwealth & Development Office, 2025-03-04"]
    assert s["best_source"] == "B" and s["best_source_name"] == "Foreign, Commonwealth & Development Office"
    assert "best source B (Foreign, Commonwealth & Development Office, default grade)" in s["grade"]["reason"]


def _pairwise(pairs: list[dict[str, str]]) -> tuple[float, float]:
    weights = Weights()
    props = [(proposition(p["a"]), proposition(p["b"])) for p in pairs]
    for a, b in props:
        weights.add(a.terms)
        weights.add(b.terms)
    labels = [p["label"] != "different" for p in pairs]
    scores = [similarity(a, b, weights) for a, b in props]
    tp = sum(s >= SAME_PROPOSITION and y for s, y in zip(scores, labels, strict=True))
    fp = sum(s >= SAME_PROPOSITION and not y for s, y in zip(scores, labels, strict=True))
    fn = sum(s < SAME_PROPOSITION and y for s, y in zip(scores, labels, strict=True))
    return tp / max(1, tp + fp), tp / max(1, tp + fn)


def test_the_open_claim_pairs_are_sixty_or_more_and_each_says_where_it_comes_from():
    pairs = yaml.safe_load(OPEN_PAIRS.read_text(encoding="utf-8"))["pairs"]
    assert len(pairs) >= 60
    assert {p["label"] for p in pairs} == {"same", "dispute", "different"}
    assert all(p.get("from") and (p["from"].startswith(("corpus ", "GUM "))) for p in pairs)


def test_the_open_claim_pairs_are_grouped_with_the_precision_and_recall_measured():
    # measured in docs/measurements.md ("Stories on openly licensed claim pairs"): precision 0.94, recall 0.34 at
    # the shipped threshold; the target (precision 0.90 at recall 0.85) is not met by word overlap, so this
    # holds the line where it stands: a change that groups worse fails here
    precision, recall = _pairwise(yaml.safe_load(OPEN_PAIRS.read_text(encoding="utf-8"))["pairs"])
    assert precision >= 0.9 and recall >= 0.33, (precision, recall)


def _pairs(path: Path) -> list[dict[str, str]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["pairs"])


def test_the_held_out_claim_pairs_are_sixty_or_more_of_every_label_and_each_says_where_it_comes_from():
    pairs = _pairs(HELDOUT_PAIRS)
    assert len(pairs) >= 60
    assert {p["label"] for p in pairs} == {"same", "dispute", "different"}
    assert all(p.get("from") and p["from"].startswith(("corpus ", "GUM ", "own")) for p in pairs)
    assert all(p.get("stance_a", "asserted") in ("asserted", "disputed") and
               p.get("stance_b", "asserted") in ("asserted", "disputed") for p in pairs)


def test_the_held_out_claim_pairs_share_no_pair_and_no_article_with_the_sets_developed_on():
    def key(p: dict[str, str]) -> frozenset[str]:
        return frozenset((p["a"].casefold(), p["b"].casefold()))

    developed = _pairs(TUNED_PAIRS) + _pairs(OPEN_PAIRS)
    held = _pairs(HELDOUT_PAIRS)
    assert not {key(p) for p in held} & {key(p) for p in developed}
    # GUM articles of the open set are not drawn on again (a Wikinews article's sentences restate one another)
    open_gum = {p["from"].split()[1] for p in _pairs(OPEN_PAIRS) if p["from"].startswith("GUM ")}
    assert not {p["from"].split()[1] for p in held if p["from"].startswith("GUM ")} & open_gum


def test_the_held_out_claim_pairs_are_grouped_no_worse_than_measured():
    # measured in docs/measurements.md ("Claim pairs"): precision 0.82, recall 0.47 at the shipped threshold; the
    # issue's target (precision 0.90 at recall 0.85) is not met, so this holds the line where it stands
    precision, recall = _pairwise(_pairs(HELDOUT_PAIRS))
    assert precision >= 0.8 and recall >= 0.45, (precision, recall)
