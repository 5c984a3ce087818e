"""Hedging and stance: the hedge cues that govern each claim, its ICD 203 band, and its stance."""
from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokSpan

from claimgraph.nlp import lexicon, parse_columns, text_spans
from claimgraph.records import Claim, Probability, Span

EMBEDDING_DEPS = {"relcl", "acl", "amod", "compound", "appos", "pobj"}


@cache
def _lex() -> dict[str, Any]:
    raw = lexicon.load("hedges")
    terms = {t.lower() for t in raw["terms"]} | set(raw["bands"])
    lengths: dict[str, set[int]] = {}
    for term in terms:
        lengths.setdefault(term.split()[0], set()).add(len(term.split()))
    return {"terms": terms, "lengths": {k: sorted(v, reverse=True) for k, v in lengths.items()},
            "bands": {k.lower(): tuple(v) for k, v in raw["bands"].items()},
            "modals": set(raw["modals"]), "strong": frozenset(raw["strong"]),
            "verbs_only": set(raw["verbs_only"]), "never_alone": set(raw["never_alone"]),
            "with_complement": set(raw["with_complement"]), "condition_marks": frozenset(raw["condition_marks"])}


def strong_terms() -> frozenset[str]:
    """Hedges strong enough to make narration a claim."""
    strong: frozenset[str] = _lex()["strong"]
    return strong


def _lowers(doc: Doc) -> list[str]:
    """Every token's lower-case form, read once per document (the hedges of each claim are looked up in it)."""
    return parse_columns.columns(doc).lower


def find_hedges(doc: Doc, start_char: int, end_char: int) -> list[tuple[str, int, int]]:
    """(term, start, end) of each hedge cue in a character range, longest phrases first."""
    lex = _lex()
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:
        return []
    lowers = _lowers(doc)
    ids = [i for i in range(span.start, span.end) if not lowers[i].isspace()]
    words = [lowers[i] for i in ids]
    out: list[tuple[str, int, int]] = []
    k = 0
    while k < len(ids):
        hit = None
        for n in lex["lengths"].get(words[k], ()):
            if n > len(ids) - k:
                continue
            phrase = " ".join(words[k:k + n])
            if phrase in lex["terms"] and (n > 1 or _counts(doc[ids[k]])):
                last = doc[ids[k + n - 1]]
                hit = (phrase, doc[ids[k]].idx, last.idx + len(last.text), n)
                break
        if hit is None and words[k] in lex["modals"]:
            t = doc[ids[k]]
            if t.tag_ == "MD" and not _negated_modal(t):
                hit = (words[k], t.idx, t.idx + len(t.text), 1)
        if hit:
            out.append(hit[:3])
            k += hit[3]
        else:
            k += 1
    return out


def _counts(t: Token) -> bool:
    """Single words that are hedges only in some uses (hedges.yaml: verbs_only, never_alone, with_complement)."""
    lex, low = _lex(), t.lower_
    if low in lex["verbs_only"]:
        return t.pos_ in {"VERB", "AUX"}
    if low in lex["never_alone"]:
        return False
    if low in lex["with_complement"]:
        return any(c.dep_ in {"xcomp", "ccomp", "acomp", "attr"} for c in t.children)
    return True


def _negated_modal(t: Token) -> bool:
    return t.lower_ == "can" and any(c.dep_ == "neg" for c in t.head.children)


def band(terms: list[str]) -> Probability | None:
    """The ICD 203 band of the strongest estimative term among hedges, or None."""
    bands = _lex()["bands"]
    found = [t for t in terms if t in bands]
    if not found:
        return None
    # the most specific statement of likelihood wins: the narrowest band, then the first
    term = min(found, key=lambda t: (bands[t][1] - bands[t][0], found.index(t)))
    low, high = bands[term]
    return Probability(term, low, high)


def apply(doc: Doc, claim: Claim) -> Claim:
    """A claim with the hedges found in its content and its reporting cue, its band and stance."""
    hits = find_hedges(doc, claim.content.start, claim.content.end)
    if claim.cue is not None and not (claim.content.start <= claim.cue.start < claim.content.end):
        cue_hits = find_hedges(doc, claim.cue.start, claim.cue.end) + _clause_hedges(doc, claim)
        hits = sorted(cue_hits, key=lambda h: h[1]) + hits
    seen: set[tuple[int, int]] = set()
    hedges = []
    for _, s, e in hits:
        if (s, e) in seen:
            continue
        seen.add((s, e))
        hedges.append(Span(text_spans.text_of(doc)[s:e], s, e))
    stance = claim.stance
    if stance == "asserted" and claim.cue is not None and claim.cue.text.lower() in {"allegedly", "purportedly"}:
        stance = "claimed"
    return replace(claim, hedges=tuple(hedges), probability=band([t for t, _, _ in hits]), stance=stance)


def _clause_hedges(doc: Doc, claim: Claim) -> list[tuple[str, int, int]]:
    """Hedges of the reporting clause itself, outside the content: its adverbs and auxiliaries ("the minister
    allegedly told colleagues: 'Q'", "X may have said") -- dev rule 8, the clause that governs the content."""
    if claim.cue is None:
        return []
    span = doc.char_span(claim.cue.start, claim.cue.end, alignment_mode="expand")
    if span is None:
        return []
    out = []
    for c in span.root.children:
        if c.dep_ in {"advmod", "aux"} and not (claim.content.start <= c.idx < claim.content.end):
            out.extend(find_hedges(doc, c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)))
    return out


def main_clause_hedges(doc: Doc, sent: TokSpan) -> list[str]:
    """Hedge terms in a sentence that govern its main clause (not ones inside a noun phrase)."""
    out = []
    for term, s, e in find_hedges(doc, sent.start_char, sent.end_char):
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None:
            continue
        t = span.root
        embedded = False
        hops = 0
        marks = _lex()["condition_marks"]
        while t.dep_ != "ROOT" and hops < 8:
            if t.dep_ in EMBEDDING_DEPS or any(c.dep_ == "mark" and c.lower_ in marks for c in t.children):
                embedded = True
                break
            t = t.head
            hops += 1
        if not embedded:
            out.append(term)
    return out


@Language.component("claimgraph_hedging", requires=["doc._.cg_claims"], assigns=["doc._.cg_claims"])
def hedging(doc: Doc) -> Doc:
    """Add hedges, ICD 203 bands and stances to the claims that attribution found."""
    doc._.cg_claims = tuple(apply(doc, c) for c in doc._.cg_claims or ())
    return doc
