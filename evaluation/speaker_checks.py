"""Predicted speakers that cannot be anyone's: a cue noun of the claim's own clause, a dateline or wire credit.

A claim's speaker is a Ref (entity, words) without offsets, so its words are looked for in the text,
nearest the claim's cue (or content), and checked there on the parse of the same analysis:

* `dateline`: the words lie in a dateline or wire credit at the head of a paragraph ("WASHINGTON
  (AP) —"), by the patterns of `speaker_checks.yaml`.
* `cue noun`: the words are headed by a statement or document noun of `speaker_checks.yaml` that is
  part of the cue itself, or sits within three dependency arcs of the cue in its sentence without
  being who speaks in the cue's frame ("issued a statement saying" gives "a statement").
* `document as speaker`: such a noun is who speaks in the cue's frame ("the report said", "according
  to the poll"; `is_agent_of`): a document speaking for whoever issued it, which speaker resolution
  should give to its issuer where the text names one. Counted apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from claimgraph.records import Analysis, Claim

DATA = Path(__file__).with_name("speaker_checks.yaml")

NEAR = 3
"""Most dependency arcs between a cue and a noun of its own reporting clause ("issued a statement saying": 2)."""

SUBJECTS = ("nsubj", "nsubjpass")
SHARES_SUBJECT = ("conj", "xcomp")
"""A cue that is a conjunct or xcomp of another verb has that verb's subject ("released and said")."""

KINDS = ("cue noun", "dateline", "document as speaker")


@dataclass(frozen=True)
class Lexicon:
    """The words and patterns the checks use (`speaker_checks.yaml`)."""

    statement_nouns: frozenset[str]
    datelines: tuple[re.Pattern[str], ...]
    pronouns: frozenset[str]


@dataclass(frozen=True)
class Flag:
    """A predicted speaker that one check caught."""

    document: str
    claim: str
    kind: str
    speaker: str
    cue: str


@cache
def lexicon(path: Path = DATA) -> Lexicon:
    """The checks' word lists and patterns, read once."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Lexicon(frozenset(w.casefold() for w in data["statement_nouns"]),
                   tuple(re.compile(p) for p in data["datelines"]),
                   frozenset(w.casefold() for w in data["pronouns"]))


def dateline_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """Character spans of the datelines and wire credits that open paragraphs."""
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        for pattern in lex.datelines:
            m = pattern.match(line.group())
            if m:
                spans.append((line.start(), line.start() + m.end()))
                break
    return spans


def locate(text: str, words: str, anchor: int) -> tuple[int, int] | None:
    """The occurrence of `words` in `text` nearest to offset `anchor`."""
    found = [m.start() for m in re.finditer(re.escape(words), text)] if words else []
    if not found:
        return None
    start = min(found, key=lambda s: abs(s - anchor))
    return start, start + len(words)


def _distance(a: Token, b: Token) -> int:
    """Dependency arcs between two tokens of one sentence."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    for i, t in enumerate(up_a):
        if t in up_b:
            return i + up_b.index(t)
    return len(up_a) + len(up_b)


def is_agent_of(noun: Token, cue: Span) -> bool:
    """Whether the noun is who speaks in the cue's frame: its subject ("the report said"), a relative
    clause's antecedent ("the report, which concluded"), the object of a prepositional cue ("according to
    the poll") or a passive's by-agent ("was reported by the paper")."""
    root = cue.root
    verbs = {root, root.head} if root.dep_ in SHARES_SUBJECT else {root}
    if noun.dep_ in SUBJECTS and noun.head in verbs:
        return True
    if root.dep_ == "relcl" and root.head == noun:
        return True
    return noun.dep_ == "pobj" and (noun.head in cue or (noun.head.dep_ == "agent" and noun.head.head in verbs))


def check_claim(doc: Doc, claim: Claim, lex: Lexicon, datelines: list[tuple[int, int]]) -> str | None:
    """The kind of impossible speaker this claim has, or None."""
    if claim.speaker is None or not claim.speaker.text.strip():
        return None
    anchor = claim.cue.start if claim.cue else claim.content.start
    where = locate(doc.text, claim.speaker.text, anchor)
    if where is None:
        return None
    if any(s <= where[0] and where[1] <= e for s, e in datelines):
        return "dateline"
    span = doc.char_span(where[0], where[1], alignment_mode="expand")
    cue = doc.char_span(claim.cue.start, claim.cue.end, alignment_mode="expand") if claim.cue else None
    if span is None or cue is None or not len(span) or not len(cue):
        return None
    noun = span.root
    if noun.pos_ != "NOUN" or noun.lemma_.casefold() not in lex.statement_nouns:
        return None
    if claim.cue and where[0] < claim.cue.end and claim.cue.start < where[1]:
        return "cue noun"
    if noun.sent.start != cue.root.sent.start:
        return None
    if is_agent_of(noun, cue):
        return "document as speaker"
    return "cue noun" if _distance(noun, cue.root) <= NEAR else None


def check_document(name: str, doc: Doc, analysis: Analysis, lex: Lexicon | None = None) -> list[Flag]:
    """The flagged speakers of one analysed document."""
    lex = lex or lexicon()
    datelines = dateline_spans(doc.text, lex)
    flags = []
    for claim in analysis.claims:
        kind = check_claim(doc, claim, lex, datelines)
        if kind is not None and claim.speaker is not None:
            flags.append(Flag(name, claim.id, kind, claim.speaker.text, claim.cue.text if claim.cue else ""))
    return flags
