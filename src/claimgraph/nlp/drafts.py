"""The draft types that attribution, speakers and chains pass along, and the span helpers they share.

A `Draft` is a claim as attribution finds it: character spans of its cue and content and the token
range of the words that name its speaker. `claimgraph_speakers` turns each into a `Resolved` with a
speaker reference; `claimgraph_chains` adds the `via` chain and makes the records. Keeping the types
here lets the three components share them without importing one another.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc, Token

from claimgraph.nlp import lexicon, parse_columns, text_spans
from claimgraph.records import Ref

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
"""Dependency labels of a clause's subject (spaCy's English labels, ClearNLP style)."""


@dataclass
class Draft:
    """A claim being built: character spans of content and cue, the token range of the speaker's words."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    stance: str
    kind: str
    """The frame kind that found it: verb, quote, according, nominal, evidential, impersonal,
    anaphoric, label, turn or context."""
    frame: str = ""
    """The name of the frame (an entry of lexicon/attribution.yaml) that found it."""
    speaker: tuple[int, int] | None = None
    """Token range [start, end) of the words that name the speaker, where the sentence has them."""
    label: str | None = None
    """A speaker named by a label rather than by tokens of the sentence ("Source: NHK", "MR. LEE:")."""
    quote: bool = False
    media: list[Ref] = field(default_factory=list)
    """Relays the sentence names ("told Reuters", "in an interview with NHK")."""
    citing: tuple[int, int] | None = None
    """'X reported, citing Y': the token range of Y, the real speaker; X then relays."""
    anchor: int = 0
    """Character offset of the cue (or the content) for ordering and paragraph lookup."""
    earlier: bool = False
    """Said on another occasion ("as previously stated"), not in the report the article relays."""
    cue_lemma: str = ""


@dataclass
class Resolved:
    """A draft with its speaker reference settled."""

    draft: Draft
    speaker: Ref | None
    speaker_type: str | None
    via: list[Ref] = field(default_factory=list)
    keep: bool = True
    how: str | None = None
    """How the speaker words name it: named, pronoun, role, document, unnamed or label (None: no words)."""
    relay: Ref | None = None
    """'X reported, citing Y': X, who relays what Y said."""


@cache
def words() -> dict[str, Any]:
    """The word classes of lexicon/reporting.yaml, as sets and stance maps."""
    raw = lexicon.load("reporting")
    verbs = {lemma: stance for stance, ls in raw["verbs"].items() for lemma in ls}
    nouns = {lemma: stance for stance, ls in raw["nouns"].items() for lemma in ls}
    out: dict[str, Any] = {"verb_stance": verbs, "noun_stance": nouns}
    for key, value in raw.items():
        if key not in {"verbs", "nouns"}:
            out[key] = frozenset(value) if isinstance(value, list) else value
    return out


@cache
def _speaker_words() -> frozenset[str]:
    raw = lexicon.load("speakers")
    found = {w for spec in raw["kinds"].values() for w in spec["words"]}
    found |= set(raw["unnamed_sources"]["heads"]) | set(raw["speaking_roles"])
    w = words()
    return frozenset(found | set(w["role_nouns"]) | set(w["document_nouns"]) | set(w["noun_stance"]))


def could_speak(t: Token) -> bool:
    """Whether a noun phrase's head can name a speaker: a name, a pronoun, a person, organisation or source."""
    return (t.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or t.pos_ in {"PROPN", "PRON"}
            or t.lemma_.lower() in _speaker_words() or t.lower_ in _speaker_words())


# ---- spans -------------------------------------------------------------------------------------

def dateline_end(doc: Doc, at: int) -> int | None:
    """Where the dateline or wire credit that opens the paragraph of token `at` ends (the token after its
    dash), or None; each paragraph's is found once per document."""
    cached = doc.user_data.get("cg_datelines")
    if cached is None:
        cached = doc.user_data["cg_datelines"] = (_run_starts(doc), {})
    starts: list[int] = cached[0]
    found: dict[int, int | None] = cached[1]
    start = starts[at]
    if at - start > 16:
        return None  # a dateline opens its paragraph: this is too far in to follow one
    if start > 0 and doc[start].is_space:
        start += 1
    if start not in found:
        found[start] = _dateline_end(doc, start)
    return found[start]


def _run_starts(doc: Doc) -> list[int]:
    """For each token, the first token of its line (after a line break or a space token), in one pass."""
    cols = parse_columns.columns(doc)
    out: list[int] = []
    start = 0
    before_newline = False
    for i, (text, space) in enumerate(zip(cols.text, cols.is_space, strict=True)):
        if i == 0 or before_newline or space:
            start = i
        out.append(start)
        before_newline = "\n" in text  # a token's own whitespace after it is one space or none
    return out


def _dateline_end(doc: Doc, start: int) -> int | None:
    """Where the dateline or wire credit that opens the line at token `start` ends (the token after its
    dash), or None: "WASHINGTON (AP) —", "LONDON (Reuters) -", "Washington (AFP) –", "WASHINGTON, Aug. 24
    (UPI) --" -- a few words with no verb, a place in capitals or a wire credit in brackets, then a dash."""
    dashes = frozenset(lexicon.load("speakers")["dateline_dashes"])
    for i in range(start, min(len(doc), start + 14)):
        t = doc[i]
        if t.pos_ in {"VERB", "AUX"} and t.text not in dashes:
            return None
        if t.text in dashes:
            before = doc[start:i]
            capitals = any(x.is_upper and x.is_alpha and len(x) > 1 for x in before)
            credit = any(x.text == "(" for x in before) and any(x.text == ")" for x in before)
            return i + 1 if before and (capitals or credit) else None
    return None



def _misread_that(doc: Doc, i: int) -> bool:
    """A "that" opening a content that the parser read as something else, which marks the clause all the same:
    the determiner of the clause's subject right after a verb, "and" or a comma ("warned that famine is
    spreading", "said P and that fuel was running low"), or the subject or object of the clause's verb, which has a
    subject of its own after it ("told reporters in the capital that the Greens would vote")."""
    t = doc[i]
    if t.lower_ != "that" or i == 0:
        return False
    if t.dep_ in {"nsubj", "nsubjpass"}:
        # 'told the court that, over the years, "Q"': a subject with a second subject of its verb after it
        return any(c.dep_ in {"nsubj", "nsubjpass"} and c.i > t.i for c in t.head.children)
    if t.dep_ == "det":
        return t.head.dep_ in {"nsubj", "nsubjpass"} and (
            doc[i - 1].pos_ in {"VERB", "AUX", "CCONJ"} or doc[i - 1].text == ",")
    # the object, or an adverb the tagger still called a complementiser ("told the court last week that Hart had
    # been standing by the cot": "that" IN, an advmod of "standing"), of a verb with a subject after it
    return (t.dep_ == "dobj" or (t.dep_ == "advmod" and t.tag_ == "IN")) and t.head.i > t.i \
        and t.head.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass"} and c.i > t.i
                                                   for c in t.head.children)


def trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Char span of tokens [start, end) without leading marks or connectives and trailing punctuation."""
    w = words()
    text = text_spans.text_of(doc)
    opened = dateline_end(doc, start) if start < end else None
    if opened is not None and start < opened < end:
        start = opened  # "WASHINGTON (AP) — P": the dateline is no part of P
    while start < end:
        t = doc[start]
        # "said that, if elected, they would cut taxes": the "if" of a fronted adverbial clause is the content's own
        fronted = t.lower_ in w["conditional_marks"] and t.head.dep_ == "advcl"
        mark = (t.dep_ == "mark" and t.lower_ in w["content_marks"] and not fronted) or t.is_space or _misread_that(
            doc, start)
        punct = t.is_punct and t.text not in w["opening_quotes"]
        connective = t.lower_ in w["connectives"] and start + 1 < end and (
            doc[start + 1].is_punct or t.dep_ in {"cc", "advmod"})
        if mark or punct or connective:
            start += 1
        else:
            low = text[t.idx:doc[end - 1].idx + len(doc[end - 1].text)].lower()
            phrase = next((p for p in w["connective_phrases"] if low.startswith((p + " ", p + ","))), None)
            if phrase is None:
                break
            start += len(phrase.split())
    while end > start and (doc[end - 1].is_space or (doc[end - 1].is_punct and doc[end - 1].text in ".,;:—–-")):
        end -= 1
    if end <= start:
        return None
    s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    return text_spans.balance_quotes(text, s, e)


def subtree_range(t: Token) -> tuple[int, int]:
    """Token range of t's subtree."""
    return t.left_edge.i, t.right_edge.i + 1


def has_subject(t: Token) -> bool:
    """Whether a clause head has a subject of its own."""
    return any(c.dep_ in SUBJECT_DEPS for c in t.children)


def _own_statement(c: Token) -> bool:
    """Whether a clause joined to a reported clause is a statement of its own: a reporting verb with its own subject,
    not a second that-clause of the outer verb ("A, while the rebels say B"; not "A and that investors question B"),
    or a figure its own subject puts at a value ("A, while organisers put the crowd at a million")."""
    lemma = c.lemma_.lower()
    puts = lemma in _figure_putting_verbs() and any(p.dep_ == "prep" and p.lower_ == "at" for p in c.children)
    # "said P, though she declined to give a date": what the speaker did beside speaking, which the narrator tells
    acts = lemma in words()["speaker_acts"] and any(
        x.dep_ in SUBJECT_DEPS and x.lower_ in _PERSONAL_SUBJECTS for x in c.children)
    return (lemma in words()["verb_stance"] or puts or acts) and has_subject(c) and not _that_conjunct(c)


_PERSONAL_SUBJECTS = frozenset({"he", "she", "they", "i", "we"})
"""Pronouns by which the narrator goes on about the speaker ("... though she declined to say when")."""


def _speakers_participle(c: Token) -> bool:
    """'said the city would appeal, adding that P': a participle that continues a statement ("adding", "noting",
    'that is a "lie," describing'), after a comma (and the mark that closes a quotation) and with no subject of its
    own, goes on with the speaker's words, wherever the parser hung it ("had fled, saying he was afraid" may be the
    one who fled, so only the cues that continue)."""
    if not (c.dep_ == "advcl" and c.tag_ == "VBG" and c.lemma_.lower() in words()["speakers_participles"]
            and not has_subject(c)):
        return False
    before = c.left_edge.i - 1
    while before > 0 and c.doc[before].is_quote and c.doc[before].tag_ == "''":
        before -= 1
    return before >= 0 and c.doc[before].text == ","


@cache
def _figure_putting_verbs() -> frozenset[str]:
    """Verbs that put a figure at a value ("put the toll at 40": lexicon/attribution.yaml figure_putting_verbs)."""
    return frozenset(lexicon.load("attribution")["classes"]["figure_putting_verbs"])


def _that_conjunct(c: Token) -> bool:
    """A conjunct with a "that" of its own: a second that-clause ("said A and that B"), whatever the parser made its
    head or hung the "that" on ("but that some communities remained cut off": on the auxiliary)."""
    return c.dep_ == "conj" and (any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                                 or c.left_edge.lower_ == "that")


def coordinated_clauses(v: Token) -> list[Token]:
    """A clause head and the heads of clauses coordinated with it that have their own subject."""
    heads = [v]
    contrast = words()["contrast_marks"]
    for c in v.children:
        # "cautioned that A and that the findings needed P": a conjunct with a "that" of its own is a second
        # that-clause, whatever the parser made its head (here the noun "findings"), and whatever its verb
        # ("and that investors would question the guidance")
        that_clause = _that_conjunct(c)
        if _own_statement(c):
            continue  # "A, while the rebels say B": the second clause is the rebels' statement, not this one
        joined = c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}
        contrasted = c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in contrast for m in c.children)
        if that_clause or ((joined or contrasted) and has_subject(c)):
            heads.extend(coordinated_clauses(c))
    return heads


def clause_spans(v: Token, exclude: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Token ranges of the coordinated clauses under v, each without the others (and without exclude)."""
    out = []
    for s, e in _clause_ranges(v):
        if exclude:
            xs, xe = exclude
            if xs <= s < xe:
                s = xe
            if xs < e <= xe:
                e = xs
            if s < xs and xe < e:  # the reporting clause sits inside: keep the longer side
                s, e = (s, xs) if xs - s >= e - xe else (xe, e)
        if e > s:
            out.append((s, e))
    return out


def _clause_ranges(v: Token) -> list[tuple[int, int]]:
    heads = coordinated_clauses(v)
    doc = v.doc
    contrast = words()["contrast_marks"]

    def closed(s: int, e: int) -> int:  # without a trailing "and", comma or "while"
        while e > s and (doc[e - 1].dep_ in {"cc", "punct", "mark"} or doc[e - 1].lower_ in contrast):
            e -= 1
        return e

    if len(heads) == 1:
        s, e = subtree_range(v)
        cut = [c.left_edge.i for c in v.children if c.i > v.i and c.dep_ in {"advcl", "conj"} and (
            _own_statement(c) or _speakers_participle(c))]
        # "P, though they noted Q": a statement of its own after the clause is no part of it
        return [(s, closed(s, min(cut)))] if cut and min(cut) < e else [(s, e)]
    ranges = []
    for h in heads:
        s, e = h.left_edge.i, h.right_edge.i + 1
        if h is v:
            s = min(v.left_edge.i, v.i)
        for other in heads:  # stop before the first split-off clause that starts inside this range
            if other is not h and s < other.left_edge.i < e:
                e = other.left_edge.i
        ranges.append((s, closed(s, e)))
    return ranges


def speaker_range(t: Token) -> tuple[int, int]:
    """Token range of a speaker phrase: its subtree without a trailing relative clause or 'when' clause."""
    s, e = t.left_edge.i, t.right_edge.i + 1
    if t.pos_ in {"ADJ", "NUM"} and s > 0 and t.doc[s - 1].tag_ == "DT" and t.doc[s - 1].head.i == t.head.i:
        s -= 1  # "the 83-year-old said": the tagger read the noun phrase as the verb's modifiers
    for c in t.subtree:
        if c.dep_ in {"relcl", "acl", "pcomp", "advcl"} and c.i > t.i and c.pos_ in {"VERB", "AUX"}:
            e = min(e, c.left_edge.i)  # "a court clerk in Exampleton, where files show ...": no part of it
    for c in t.children:
        if c.dep_ in {"relcl", "acl"} and c.i > t.i:
            e = min(e, c.left_edge.i)  # ("Trump, speaking at a rally, said": the parser's advcl, above)
        elif c.dep_ == "prep" and c.i > t.i and any(
                p.dep_ == "pobj" and p.ent_type_ in {"DATE", "TIME"} for p in c.children):
            e = min(e, c.left_edge.i)  # "Cummings on Friday denied": the date is no part of the speaker
        elif c.dep_ == "prep" and c.i > t.i and t.pos_ == "PROPN" and t.ent_type_ and c.lower_ in words()[
                "addressee_preps"] and not any(x.ent_type_ == "PERSON" for x in c.subtree):
            e = min(e, c.left_edge.i)  # '"Q," said Bolden to the crowd': whom it was said to is no part of him
    name = next((c for c in t.children if c.dep_ == "appos" and c.i >= e and c.pos_ == "PROPN"), None)
    if name is not None and t.pos_ == "NOUN":
        e = name.right_edge.i + 1  # "The union representing ground staff, Verdi, said": the name after the clause
    doc = t.doc
    if e - s > 1 and doc[e - 1].lower_ in {"'s", "’s", "'", "’"}:
        e -= 1
    while e > s + 1 and ((doc[e - 1].is_punct and not (doc[e - 1].text == ")" and "(" in doc[s:e].text))
                         or doc[e - 1].tag_ == "WDT" or doc[e - 1].tag_ == "WP"):
        e -= 1
    while s < e - 1 and (doc[s].is_punct or doc[s].is_space):
        s += 1
    while s < e - 1 and doc[s].lower_ in words()["speaker_leaders"]:
        s += 1  # "both Kyiv and Seoul": the determiner of the coordination is no part of either name
    return s, e


def _bare_singular(t: Token) -> bool:
    """A singular common noun with no determiner ("academic and professor Marc Hill"): no speaker on its
    own, it describes the one its conjunct names."""
    return t.tag_ == "NN" and not t.ent_type_ and not any(
        c.dep_ in {"det", "poss", "nummod", "predet"} for c in t.children)


def coordinated_speakers(t: Token) -> list[tuple[int, int]]:
    """'Western leaders and Ukrainian officials' -> one range per conjunct noun."""
    conjs = [c for c in t.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}]
    if not conjs or t.pos_ not in {"NOUN", "PROPN"} or _bare_singular(t):
        return [speaker_range(t)]
    doc = t.doc
    s = t.left_edge.i
    while s < t.i and (doc[s].dep_ == "preconj" or doc[s].lower_ in words()["speaker_leaders"]):
        s += 1  # "Both Pyongyang and Moscow": each speaker without "both"
    e = min(c.left_edge.i for c in conjs)
    while e > s + 1 and doc[e - 1].dep_ in {"cc", "punct"}:
        e -= 1
    return [(s, e)] + [(c.left_edge.i, c.right_edge.i + 1) for c in conjs]


def node_speakers(t: Token) -> list[tuple[int, int]]:
    """The speakers a matched speaker node stands for: its conjuncts (coordinated_speakers). Where the parser
    split one noun phrase into two siblings of one relation ("according to curator Elaine Gustafon": two
    objects of "to"), the bare noun before the name is part of it and no speaker of its own."""
    siblings = [c for c in t.head.children if c.dep_ == t.dep_ and c.i != t.i]
    if _bare_singular(t) and any(c.left_edge.i == t.right_edge.i + 1 for c in siblings):
        return []
    ranges = coordinated_speakers(t)
    before = next((c for c in siblings if c.right_edge.i + 1 == t.left_edge.i and _bare_singular(c)), None)
    if before is not None and ranges:
        ranges[0] = (before.left_edge.i, ranges[0][1])
    return ranges


def covered(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Share of span a that span b covers."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / ((a[1] - a[0]) or 1)


def overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Share of the shorter of two spans that the other covers."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    shorter = min(a[1] - a[0], b[1] - b[0]) or 1
    return inter / shorter
