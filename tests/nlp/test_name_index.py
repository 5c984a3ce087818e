"""Names indexed by `variants.match_keys`: every pair `compare` matches shares a key, so the names component
compares each mention with the names that share one, and a text of thousands of names stays linear."""
from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import Indel
from spacy.tokens import Doc

from claimgraph.nlp import lexicon, names, variants
from claimgraph.nlp.variants import compare, match_keys, match_probes

PAIRS = Path(__file__).parent.parent / "data" / "name_pairs.yaml"
TYPES = (None, "PERSON", "GPE", "LOC", "ORG", "NORP", "FAC", "LAW")


def assert_meet(a: str, b: str) -> None:
    """Where compare matches A and B for any type, each name's probes find the other's keys."""
    for t in TYPES:
        if compare(a, b, t) is not None:
            assert match_probes(a) & match_keys(b), (a, b, t, compare(a, b, t))
            assert match_probes(b) & match_keys(a), (b, a, t, compare(a, b, t))


def lexicon_pairs() -> list[tuple[str, str]]:
    """Each known name with each of its aliases and demonyms, and the equivalent given names of name_parts."""
    out: list[tuple[str, str]] = []
    aliases = lexicon.load("aliases")
    for section in ("countries", "cities", "places", "organisations", "persons"):
        for name, others in aliases[section].items():
            out.extend((name, a) for a in others or ())
    for country, demonyms in lexicon.load("demonyms")["countries"].items():
        out.extend((country, d) for d in demonyms)
    parts = lexicon.load("name_parts")
    for group in parts["given_name_equivalents"] + parts["family_name_equivalents"]:
        out.extend((a, b) for a in group for b in group if a != b)
    return out


def test_every_pair_of_the_name_pair_set_that_compare_matches_shares_a_key():
    data = yaml.safe_load(PAIRS.read_text(encoding="utf-8"))
    pairs = [(a, b) for section in ("pairs", "held_out") for a, b, _, _ in data.get(section) or ()]
    assert len(pairs) > 250
    for a, b in pairs:
        assert_meet(a, b)
        assert_meet(b, a)


def test_every_alias_of_the_lexicons_shares_a_key_with_its_name():
    pairs = lexicon_pairs()
    assert len(pairs) > 200
    for a, b in pairs:
        assert_meet(a, b)


def test_an_acronym_in_capitals_shares_a_key_with_its_name():
    assert_meet("ISW", "Institute for the Study of War")
    assert_meet("UNSC", "UN Security Council")
    assert match_probes("ISW") & match_keys("Institute for the Study of War")


def test_unrelated_names_share_no_key():
    assert not match_probes("Bakuro Tenmafi") & match_keys("Olwen Prastigard")
    assert not match_probes("Quilmet") & match_keys("Dravosk")


def test_two_long_names_with_the_same_initials_are_no_candidates():
    # each can be written "BT", but neither is written so: compare matches no two such names
    assert not match_probes("Bakuro Tenmafi") & match_keys("Belisk Torvanu")


WORD = st.text(alphabet="abcdeiklmnorstuvy", min_size=3, max_size=11)


def edited(word: str, edits: list[tuple[int, int, str]]) -> str:
    """WORD with each (kind, place, letter) applied: 0 inserts, 1 deletes, 2 replaces."""
    w = list(word)
    for kind, place, letter in edits:
        i = place % (len(w) + 1)
        if kind == 0:
            w.insert(i, letter)
        elif w and i < len(w):
            if kind == 1 and len(w) > 1:
                del w[i]
            else:
                w[i] = letter
    return "".join(w)


EDITS = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 12), st.sampled_from("aeiouyknrst")), max_size=3)


@settings(max_examples=600, deadline=None)
@given(first=WORD, last=WORD, edits=EDITS, shape=st.integers(0, 5))
def test_spellings_of_invented_names_that_compare_matches_share_a_key(first, last, edits, shape):
    other = edited(last, edits)
    a, b = [
        (last.title(), other.title()),
        (f"{first.title()} {last.title()}", f"{first.title()} {other.title()}"),
        (f"{first.title()} {last.title()}", other.title()),
        (f"{first.title()} {last.title()}", f"{edited(first, edits).title()} {last.title()}"),
        (f"{last.title()} Oblast", other.title()),
        (f"President {first.title()} al-{last.title()}", f"{first.title()} {other.title()}"),
    ][shape]
    assert_meet(a, b)
    assert_meet(b, a)


def test_two_letter_pairs_stay_whole_in_any_keys_that_similar():
    # the sums `variants._word_keys` rests on: for keys of l1 <= l2 letters, l1 >= 5, whose similarity reaches the
    # threshold, the deletions (two pairs broken each) and insertions (one each) leave two of l1 - 1 pairs whole
    for l1 in range(5, 40):
        for l2 in range(l1, 2 * l1):
            for common in range(l1 + 1):
                d = l1 + l2 - 2 * common
                if 1 - d / (l1 + l2) >= variants.VARIANT_THRESHOLD:
                    assert l1 - 1 - 2 * (l1 - common) - (l2 - common) >= 2, (l1, l2, common)


@settings(max_examples=2000, deadline=None)
@given(a=st.text(alphabet="abcdeiou", min_size=5, max_size=16), edits=EDITS)
def test_keys_this_similar_share_two_letter_pairs(a, edits):
    b = edited(a, edits)
    if len(b) >= 5 and a[0] == b[0] and Indel.normalized_similarity(a, b) >= variants.VARIANT_THRESHOLD:
        assert len(set(variants._letter_pairs(a)) & set(variants._letter_pairs(b))) >= 2, (a, b)


def invented(n: int, seed: int = 3) -> list[str]:
    """N distinct made-up names of two words."""
    rng = random.Random(seed)
    out: dict[str, None] = {}
    while len(out) < n:
        word = lambda: "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(5, 9))).title()  # noqa: E731
        out[f"{word()} {word()}"] = None
    return list(out)


def mentions_of(nlp, people: list[str]) -> tuple[Doc, list[names.Mention]]:
    words: list[str] = []
    mentions = []
    for name in people:
        start = len(words)
        words.extend(name.split())
        mentions.append((start, len(words), name))
        words.append("and")
    doc = Doc(nlp.vocab, words=words)
    return doc, [names.Mention(s, e, text, "PERSON", doc[s].idx, doc[e - 1].idx + len(doc[e - 1]))
                 for s, e, text in mentions]


def test_a_text_of_many_names_compares_each_only_with_its_candidates(nlp, monkeypatch):
    people = invented(400)
    doc, mentions = mentions_of(nlp, people)
    calls = []
    real = variants.compare

    def counted(a: str, b: str, type: str | None = None) -> variants.Match | None:
        calls.append((a, b))
        return real(a, b, type)

    monkeypatch.setattr(variants, "compare", counted)
    clusters = names.cluster(doc, mentions)
    assert len(clusters) == len(people)
    assert len(calls) < len(people)  # each with every one before it: 79,800


def test_spellings_among_many_names_still_meet(nlp):
    people = invented(300)
    people[40:40] = ["Alexander Matsyegora"]
    people[200:200] = ["Alexander Matsegora"]
    people[260:260] = ["Aleksandr Macegora"]
    doc, mentions = mentions_of(nlp, people)
    clusters = names.cluster(doc, mentions)
    joined = [c for c in clusters if any("egora" in m.text for m in c.mentions)]
    assert len(joined) == 1 and len(joined[0].mentions) == 3


@pytest.mark.parametrize("name", ["Kursk Oblast", "Defense Intelligence of Ukraine", "Kim Jong Un", "bin Salman"])
def test_keys_are_computed_for_every_shape_of_name(name):
    assert match_keys(name)
