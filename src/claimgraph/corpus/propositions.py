"""What a claim's content says, as comparable parts: weighted words, entities, numbers, polarity.

Two claims state one proposition when their content words (folded: "troops" = "soldiers",
"Pyongyang" = "DPRK" = "North Korea") and their cross-document entities overlap enough, words
that many claims share counting less (inverse document frequency over the stored claims).
Negation, denial words and numbers are kept apart from the words: they do not make two claims
less alike, they make one dispute the other.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache
from typing import Any, Generic, TypeVar

from spacy.lang.en.stop_words import STOP_WORDS

from claimgraph.nlp import lexicon

_TOKEN = re.compile(r"\d[\d,.]*\d|\d|[^\W\d_]+(?:['’-][^\W\d_]+)*|%")
_NT = re.compile(r"n['’]t\b", re.I)

SAME_PROPOSITION = 0.45
"""Similarity at and above which two claims are taken to state one proposition (measured on
tests/data/claim_pairs.yaml; see benchmarks/bench_stories.py)."""

NUMBER_CONFLICT_RATIO = 1.5
"""Two counts of one thing conflict when the larger is at least this many times the smaller."""


@dataclass(frozen=True)
class Vocabulary:
    """The lexicon of propositions.yaml, as lookups."""

    words: Mapping[str, str]
    phrases: tuple[tuple[tuple[str, ...], str], ...]
    negation: frozenset[str]
    denial_words: frozenset[str]
    denial_phrases: tuple[tuple[str, ...], ...]
    frame: frozenset[str]
    units: Mapping[str, str]
    approximate: Mapping[tuple[str, ...], tuple[float, float]]
    number_words: Mapping[str, float]

    @cached_property
    def phrase_keys(self) -> Mapping[tuple[str, ...], str]:
        return dict(self.phrases)

    @cached_property
    def phrases_at(self) -> _ByFirst[tuple[tuple[str, ...], str]]:
        """`phrases` by their first word, in their order: a scan at each token reads only those that can start there."""
        return _by_first(self.phrases, lambda kv: kv[0])

    @cached_property
    def approximate_at(self) -> _ByFirst[tuple[tuple[str, ...], tuple[float, float]]]:
        return _by_first(tuple(self.approximate.items()), lambda kv: kv[0])

    @cached_property
    def denial_at(self) -> _ByFirst[tuple[str, ...]]:
        return _by_first(self.denial_phrases, lambda p: p)


E = TypeVar("E")


@dataclass(frozen=True)
class _ByFirst(Generic[E]):
    """Entries of a sequence of phrases by their first word, each list in the sequence's order (an empty phrase, which
    matches anywhere, in every list where it stood)."""

    lists: Mapping[str, tuple[E, ...]]
    empty: tuple[E, ...]

    def at(self, word: str) -> tuple[E, ...]:
        return self.lists.get(word, self.empty)


def _by_first(entries: Sequence[E], words: Callable[[E], tuple[str, ...]]) -> _ByFirst[E]:
    firsts = {w[0] for e in entries if (w := words(e))}
    return _ByFirst({f: tuple(e for e in entries if not words(e) or words(e)[0] == f) for f in firsts},
                    tuple(e for e in entries if not words(e)))


@cache
def vocabulary() -> Vocabulary:
    """The folded lexicon, built once per process."""
    data = lexicon.load("propositions")
    words: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}

    def add(term: str, key: str) -> None:
        toks = tuple(_tokens(term))
        if len(toks) == 1:
            words[toks[0]] = key
            words.setdefault(_stem(toks[0]), key)
        elif toks:
            phrases[toks] = key

    aliases = lexicon.load("aliases")
    demonyms = lexicon.load("demonyms")
    for country, names in (aliases.get("countries") or {}).items():
        key = "@" + country.casefold().replace(" ", "_")
        add(country, key)
        for n in names:
            add(n, key)
    for country, capital in (aliases.get("capitals") or {}).items():
        add(capital, "@" + country.casefold().replace(" ", "_"))
    for country, names in (demonyms.get("countries") or {}).items():
        key = "@" + country.casefold().replace(" ", "_")
        add(country, key)
        for n in names:
            add(n, key)
    for key, terms in data["same"].items():
        for term in terms:
            add(term, key)
    for key, terms in data["units"].items():
        for term in terms:
            add(term, key)
    denial = [tuple(_tokens(d)) for d in data["denial"]]
    return Vocabulary(
        words=words,
        phrases=tuple(sorted(phrases.items(), key=lambda kv: -len(kv[0]))),
        negation=frozenset(n.casefold() for n in data["negation"]),
        denial_words=frozenset(d[0] for d in denial if len(d) == 1),
        denial_phrases=tuple(d for d in denial if len(d) > 1),
        frame=frozenset(data["frame"]),
        units={t: k for k, terms in data["units"].items() for t in terms},
        # longest first, so that "hundreds of thousands" wins over "hundreds"
        approximate=dict(sorted(((tuple(_tokens(k)), (float(lo), float(hi)))
                                 for k, (lo, hi) in data["approximate"].items()), key=lambda kv: -len(kv[0]))),
        number_words={k: float(v) for k, v in data["number_words"].items()},
    )


def _tokens(text: str) -> list[str]:
    tokens = []
    for m in _TOKEN.finditer(_NT.sub(" not ", str(text))):
        tokens.append(m.group(0).casefold().replace("’", "'"))
    return tokens


def _stem(word: str) -> str:
    """A crude English stem, enough to meet "sanctions" and "sanction", "attacks" and "attacked"."""
    for suffix, repl in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)] + repl
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word  # "experience" = "experienced"


@dataclass(frozen=True)
class Count:
    """A number in a claim and what it counts."""

    low: float
    high: float
    unit: str | None


@dataclass(frozen=True)
class Proposition:
    """The comparable parts of one claim's content."""

    terms: frozenset[str]
    """Folded content words, plus `ent:ID` for each cross-document entity named in the content."""
    counts: tuple[Count, ...] = ()
    negated: bool = False
    """The content holds a sentential negator ("not", "never", "no")."""
    denial: bool = False
    """The content dismisses something ("fake news", "baseless", "casts doubt")."""
    frame_only: bool = False
    """Little but a frame and a denial ("This looks like fake news"): it points at another claim."""
    agent: str | None = None
    """The first party named (country or entity), which usually acts: who sends whom."""


def _number(tok: str, vocab: Vocabulary) -> float | None:
    if tok[0].isdigit():
        try:
            return float(tok.replace(",", ""))
        except ValueError:
            return None
    return vocab.number_words.get(tok)


def proposition(text: str, entities: Iterable[tuple[object, str]] = ()) -> Proposition:
    """The parts of a claim's content: terms, counts, negation, denial.

    Args:
        entities: (id, name) of the cross-document entities named in the content; countries are
            left to the lexicon, which already folds their names, demonyms and capitals.
    """
    vocab = vocabulary()
    toks = _tokens(text)
    terms: set[str] = set()
    counts: list[Count] = []
    negated = denial = False
    agent: str | None = None
    i = 0
    while i < len(toks):
        tok = toks[i]
        # multi-word approximate counts ("hundreds of thousands") and lexicon phrases first
        approx = next(((k, v) for k, v in vocab.approximate_at.at(tok) if tuple(toks[i:i + len(k)]) == k), None)
        if approx:
            i += len(approx[0])
            counts.append(Count(approx[1][0], approx[1][1], _unit_after(toks, i, vocab)))
            continue
        num = _number(tok, vocab)
        if num is not None and tok not in ("one",):
            value, i = num, i + 1
            while i < len(toks) and toks[i] in ("thousand", "million", "billion"):
                value *= {"thousand": 1e3, "million": 1e6, "billion": 1e9}[toks[i]]
                i += 1
            if tok[0].isdigit() and 1900 <= value <= 2100 and "," not in tok:
                terms.add(f"year:{int(value)}")  # a year is a date, not a count
                continue
            counts.append(Count(value, value, _unit_after(toks, i, vocab)))
            continue
        found = next(((p, key) for p, key in vocab.phrases_at.at(tok) if tuple(toks[i:i + len(p)]) == p), None)
        phrase = found[1] if found else None
        if phrase and found:
            plen = len(found[0])
            if tuple(toks[i:i + plen]) in vocab.denial_phrases:
                denial = True
            terms.add(phrase)
            if agent is None and phrase.startswith("@"):
                agent = phrase
            i += plen
            continue
        said = next((p for p in vocab.denial_at.at(tok) if tuple(toks[i:i + len(p)]) == p), None)
        if said is not None:
            denial = True
            i += len(said)
            continue
        i += 1
        if tok in vocab.negation:
            negated = True
            continue
        if tok in vocab.denial_words:
            denial = True
            continue
        if tok in vocab.words:
            terms.add(vocab.words[tok])
            if agent is None and vocab.words[tok].startswith("@"):
                agent = vocab.words[tok]
            continue
        if tok in STOP_WORDS or tok in vocab.frame or len(tok) < 2 or tok == "%":
            continue
        stem = _stem(tok)
        terms.add(vocab.words.get(stem, stem))
    ents = {f"ent:{e}" for e, name in entities if not _names_a_country(name)}
    frame_only = denial and len(terms) <= 2
    return Proposition(frozenset(terms | ents), tuple(counts), negated, denial, frame_only, agent)


@lru_cache(maxsize=20_000)
def _names_a_country(name: str) -> bool:
    """Whether an entity's name is one the lexicon folds into a country's key (its name, demonym or capital)."""
    vocab = vocabulary()
    toks = tuple(_tokens(name))
    return vocab.words.get(" ".join(toks), "").startswith("@") or vocab.phrase_keys.get(toks, "").startswith("@")


def _unit_after(toks: list[str], i: int, vocab: Vocabulary) -> str | None:
    """What a number counts: the content words right after it, joined by '+' ("hundreds of Russian
    soldiers wounded" counts soldier+wound, "2.4 percent" percent); None where nothing follows."""
    j = i
    if j < len(toks) and toks[j] == "of":
        j += 1
    words: list[str] = []
    while j < len(toks) and j < i + 5:
        tok = toks[j]
        if tok in vocab.units:
            words.append(vocab.units[tok])
            break
        key = vocab.words.get(tok)
        if key is not None and key.startswith("@"):
            j += 1  # "11,000 North Korean troops": the demonym is not the unit, keep reading
            continue
        if tok in STOP_WORDS or _number(tok, vocab) is not None or len(tok) < 2:
            break
        words.append(key if key is not None else vocab.words.get(_stem(tok), _stem(tok)))
        j += 1
    return "+".join(dict.fromkeys(words)) or None


def _units(c: Count) -> set[str]:
    return set(c.unit.split("+")) if c.unit else set()


class Weights:
    """Inverse document frequency of terms over a set of claims: rare words weigh more."""

    def __init__(self, df: Mapping[str, int] | None = None, n: int = 0) -> None:
        self.df: dict[str, int] = dict(df or {})
        self.n = n

    def add(self, terms: Iterable[str]) -> None:
        """Count one more claim's terms."""
        self.n += 1
        for t in set(terms):
            self.df[t] = self.df.get(t, 0) + 1

    def __call__(self, term: str) -> float:
        return math.log((1 + self.n) / (1 + self.df.get(term, 0))) + 1.0

    def of(self, terms: frozenset[str]) -> dict[str, float]:
        """Each term's weight, in the order the set iterates."""
        return {t: self(t) for t in terms}


def similarity(a: Proposition, b: Proposition, weight: Weights) -> float:
    """How far two claims state one proposition: weighted cosine of their terms, 0 to 1."""
    if not a.terms or not b.terms:
        return 0.0
    wa, wb = weight.of(a.terms), weight.of(b.terms)
    shared = sum(wa[t] for t in a.terms & b.terms)
    # weighted Jaccard: a rare word that only one side has (drones / missiles) costs as much as a shared one gains
    return shared / (sum(wa.values()) + sum(wb[t] for t in b.terms - a.terms)) * structural_factor(a, b)


def structural_factor(a: Proposition, b: Proposition) -> float:
    """What the parties and counts of two claims take off any measure of their likeness, 0 to 1: the same parties
    the other way round, counts of other things, a count on one side only; 1 where none of these holds."""
    factor = 1.0
    if a.agent and b.agent and a.agent != b.agent and {a.agent, b.agent} <= a.terms & b.terms:
        factor *= 0.4  # the same parties, the other way round: Russia sends to North Korea, or North Korea to Russia
    if _counts_differ_in_kind(a, b):
        factor *= 0.8
    elif _count_on_one_side(a, b) or _count_on_one_side(b, a):
        factor *= 0.85  # "hundreds of wounded soldiers" says more than "soldiers"
    return factor


def _count_on_one_side(a: Proposition, b: Proposition) -> bool:
    """a counts something that b names without counting."""
    counted_b = set().union(*(_units(c) for c in b.counts))
    return any(_units(c) & b.terms and not _units(c) & counted_b for c in a.counts)


def _counts_differ_in_kind(a: Proposition, b: Proposition) -> bool:
    """Both count something, but never the same thing: "11,000 troops" and "11,000 tonnes of rice"."""
    ua = set().union(*(_units(c) for c in a.counts))
    ub = set().union(*(_units(c) for c in b.counts))
    return bool(ua and ub and not ua & ub)


def conflicting_counts(a: Proposition, b: Proposition) -> tuple[Count, Count] | None:
    """Two counts of one thing that cannot both be right (100 against 300 killed), or None."""
    for ca in a.counts:
        for cb in b.counts:
            if not _units(ca) & _units(cb):
                continue
            lo, hi = (ca, cb) if ca.high <= cb.high else (cb, ca)
            if lo.high > 0 and hi.low / lo.high >= NUMBER_CONFLICT_RATIO:
                return ca, cb
            if lo.high == 0 and hi.low > 0:
                return ca, cb
    return None


def polarity(p: Proposition, stance: str | None) -> bool:
    """True where the claim affirms its proposition; False where it denies it (stance, negation, denial)."""
    flips = (stance == "disputed") + p.negated + p.denial
    return flips % 2 == 0 if stance == "disputed" else not (p.negated or p.denial)


def relation(a: Proposition, stance_a: str | None, b: Proposition, stance_b: str | None) -> str:
    """How claim b stands to claim a of the same proposition: 'supports' or 'disputes'."""
    if polarity(a, stance_a) != polarity(b, stance_b):
        return "disputes"
    if conflicting_counts(a, b):
        return "disputes"
    return "supports"


NO_PREDICATE, PRONOUN_SUBJECT, NAMED_SUBJECT = 0, 1, 2
"""How full a claim's content is (`clauses`): no verb with a subject of its own; a verb whose only subjects are
pronouns ("they", "that", "this"); a verb with a subject that names something."""


@cache
def _clause_parser() -> Any:
    """The shipped English model's tagger and parser alone (no entities, no claimgraph components)."""
    import spacy

    from claimgraph.nlp.pipeline import MODEL

    return spacy.load(MODEL, exclude=["ner", "lemmatizer"])


@cache
def _clause_rules() -> dict[str, Any]:
    raw = lexicon.load("propositions")["clause"]
    return {"subjects": frozenset(raw["subject_deps"]), "verbs": frozenset(raw["verb_pos"]),
            "finite": frozenset(raw["finite_tags"]), "auxiliaries": frozenset(raw["auxiliary_deps"]),
            "relative": frozenset(raw["relative_tags"]), "pronouns": frozenset(raw["pronoun_pos"]),
            "min_terms": int(raw["pronoun_subject_min_terms"])}


def _clause_of(doc: Any, terms: int) -> int:
    rules = _clause_rules()
    if len(doc) and doc[0].tag_ in rules["relative"]:
        return NO_PREDICATE  # "which we agree should be extended": a relative clause of a noun outside the claim
    named = pronoun = False
    for tok in doc:
        if tok.dep_ not in rules["subjects"] or tok.head.pos_ not in rules["verbs"] or tok.tag_ in rules["relative"]:
            continue
        verb = tok.head
        if verb.tag_ not in rules["finite"] and not any(c.dep_ in rules["auxiliaries"] and c.tag_ in rules["finite"]
                                                        for c in verb.children):
            continue  # "Germany to meet", "the DPRK sending troops": a clause another verb governs
        if tok.pos_ in rules["pronouns"]:
            pronoun = True
        else:
            named = True
    if named:
        return NAMED_SUBJECT
    if pronoun and terms >= rules["min_terms"]:
        return PRONOUN_SUBJECT
    return NO_PREDICATE


def clauses(texts: Sequence[str]) -> list[int]:
    """How full each claim content is: NAMED_SUBJECT, PRONOUN_SUBJECT or NO_PREDICATE (a noun phrase, a
    fragment, or a pronoun and a word or two), read with the model's tagger and parser."""
    if not texts:
        return []
    docs = _clause_parser().pipe([t[:5000] for t in texts], batch_size=64)
    return [_clause_of(doc, len(proposition(text).terms)) for doc, text in zip(docs, texts, strict=True)]
