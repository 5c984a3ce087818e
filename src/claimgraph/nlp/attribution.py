"""Attribution: every reported statement as a claim with speaker, cue, content and `via` chain.

The component reads the dependency parse. It finds cues of five kinds — reporting verbs with a
clause, quote or object ("X said that P", "“Q,” X told"), "according to X", statement nouns ("X's
statement that P", "allegations regarding NP"), evidential adverbs ("reportedly") and passive frames
("This is stated in a report by X", "It is noted that P") — then resolves speakers (pronouns, role
descriptions) and builds `via` chains: the outlet, the report the article relays, and any speaker
whose statement holds this one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc, Span as TokSpan, Token

from claimgraph.nlp import lexicon, text_spans
from claimgraph.records import Claim, Document, Ref, Span

CONNECTIVES = {"however", "but", "and", "also", "moreover", "meanwhile", "furthermore", "additionally",
               "yet", "still", "so", "thus", "besides", "further"}
CONNECTIVE_PHRASES = ("in addition", "at the same time", "on the other hand", "in turn", "in particular",
                      "as a result")
PRONOUNS = {"he": "PERSON", "she": "PERSON", "they": None, "it": "ORG", "we": None, "i": None}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}


@cache
def _lex() -> dict:
    raw = lexicon.load("reporting")
    verbs = {lemma: stance for stance, ls in raw["verbs"].items() for lemma in ls}
    nouns = {lemma: stance for stance, ls in raw["nouns"].items() for lemma in ls}
    return {**raw, "verb_stance": verbs, "noun_stance": nouns,
            "clause_only": set(raw["clause_only"]), "object_content": set(raw["object_content"]),
            "predicative": set(raw["predicative"]), "noun_preps": set(raw["noun_content_preps"]),
            "noun_not": set(raw["noun_not_claims"]), "passive": set(raw["passive_evidential"]),
            "document_nouns": set(raw["document_nouns"]), "role_nouns": set(raw["role_nouns"]),
            "background": tuple(raw["background_markers"])}


@dataclass
class Draft:
    """A claim being built: token and char positions, before speakers and chains are resolved."""

    content: tuple[int, int]
    cue: tuple[int, int] | None
    stance: str
    kind: str
    speaker: tuple[int, int] | None = None  # token span of the speaker's words
    quote: bool = False
    media: list[Ref] = field(default_factory=list)  # relays named in the sentence ("told NYT")
    citing: tuple[int, int] | None = None  # "citing X": X is the real speaker, the subject a relay
    anchor: int = 0  # char offset of the cue (or content) for ordering and paragraph lookup
    earlier: bool = False  # "as previously stated": said on another occasion, not in the report relayed


# ---- spans -----------------------------------------------------------------

def _trim(doc: Doc, start: int, end: int) -> tuple[int, int] | None:
    """Char span of tokens [start, end) without leading marks/connectives and trailing punctuation."""
    while start < end:
        t = doc[start]
        low = t.lower_
        if t.dep_ == "mark" and low in {"that", "whether", "if", "while", "whereas"}:
            start += 1
        elif t.is_punct and t.text not in {"“", '"', "‘", "«"}:
            start += 1
        elif low in CONNECTIVES and start + 1 < end and (doc[start + 1].is_punct or t.dep_ in {"cc", "advmod"}):
            start += 1
        elif t.is_space:
            start += 1
        else:
            phrase = next((p for p in CONNECTIVE_PHRASES if doc[start:end].text.lower().startswith(p + " ")
                           or doc[start:end].text.lower().startswith(p + ",")), None)
            if phrase:
                start += len(phrase.split())
                continue
            break
    while end > start and (doc[end - 1].is_space or (doc[end - 1].is_punct and doc[end - 1].text in ".,;:—–-")):
        end -= 1
    if end <= start:
        return None
    s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    return text_spans.balance_quotes(text_spans.text_of(doc), s, e)


def _subtree_range(t: Token) -> tuple[int, int]:
    return t.left_edge.i, t.right_edge.i + 1


def _split_coordinated(v: Token) -> list[Token]:
    """A clause head and the heads of clauses coordinated with it that have their own subject."""
    heads = [v]
    for c in v.children:
        if c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"} and any(x.dep_ in SUBJECT_DEPS for x in c.children):
            heads.extend(_split_coordinated(c))
        elif (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"while", "whereas"} for m in c.children)
              and any(x.dep_ in SUBJECT_DEPS for x in c.children)):
            heads.extend(_split_coordinated(c))
    return heads


def _clause_spans(v: Token, exclude: tuple[int, int] | None = None) -> list[tuple[int, int]]:
    """Token ranges of the coordinated clauses under v, each without the others (and without exclude)."""
    heads = _split_coordinated(v)
    if len(heads) == 1:
        ranges = [_subtree_range(v)]
    else:
        ranges = []
        for h in heads:
            s, e = h.left_edge.i, h.right_edge.i + 1
            if h is v:
                s = min(v.left_edge.i, v.i)
            # stop before the first split-off clause that starts inside this range
            for other in heads:
                if other is not h and s < other.left_edge.i < e:
                    e = other.left_edge.i
            # drop the coordinating conjunction and comma before the next clause
            doc = v.doc
            while e > s and (doc[e - 1].dep_ in {"cc", "punct", "mark"} or doc[e - 1].lower_ in {"and", "while", "whereas"}):
                e -= 1
            ranges.append((s, e))
    out = []
    for s, e in ranges:
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


# ---- finding cues ----------------------------------------------------------

def _subject(v: Token) -> Token | None:
    """The subject of v, climbing through xcomp/conj/advcl/relcl where v has none of its own."""
    seen = 0
    t = v
    while seen < 5:
        for c in t.children:
            if c.dep_ in {"nsubj", "csubj"}:
                if c.lower_ in {"who", "which", "that"} and t.dep_ == "relcl":
                    return t.head
                if c.i + 1 < len(c.doc) and c.doc[c.i + 1].text == ":" and c.i < t.i - 1:
                    continue  # a label ("Quote: '...', the minister said") is not the speaker
                return c
        if t.dep_ in {"conj", "xcomp", "advcl", "acl"} and t.head is not t:
            if t.dep_ == "acl" and t.head.pos_ in {"NOUN", "PROPN"}:
                return t.head
            t = t.head
            seen += 1
            continue
        if t.dep_ == "relcl":
            return t.head
        return None
    return None


def _agent(v: Token) -> Token | None:
    """The 'by X' agent of a passive verb, looking inside 'in a report by X' too."""
    for c in v.children:
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
        if c.dep_ == "prep" and c.lower_ in {"in", "by"}:
            for p in c.children:
                if p.dep_ == "pobj":
                    if c.lower_ == "by":
                        return p
                    for pp in p.children:
                        if pp.dep_ in {"prep", "agent"} and pp.lower_ in {"by", "from", "of"}:
                            for x in pp.children:
                                if x.dep_ == "pobj":
                                    return x
                    if p.lemma_.lower() in _lex()["document_nouns"] | {"interview"}:
                        return p
    return None


def _is_negated(v: Token) -> bool:
    return any(c.dep_ == "neg" for c in v.children)


def _speaker_range(t: Token) -> tuple[int, int]:
    """Token range of a speaker phrase: its subtree without a trailing relative clause or 'when' clause."""
    s, e = t.left_edge.i, t.right_edge.i + 1
    for c in t.children:
        if c.dep_ in {"relcl", "acl"} and c.i > t.i:
            e = min(e, c.left_edge.i)
    doc = t.doc
    if e - s > 1 and doc[e - 1].lower_ in {"'s", "’s", "'", "’"}:
        e -= 1
    while e > s + 1 and ((doc[e - 1].is_punct and not (doc[e - 1].text == ")" and "(" in doc[s:e].text))
                         or doc[e - 1].lower_ in {"who", "which", "that"}):
        e -= 1
    while s < e - 1 and doc[s].is_punct:
        s += 1
    return s, e


def _coordinated_speakers(t: Token) -> list[tuple[int, int]]:
    """'Western leaders and Ukrainian officials' -> one range per conjunct noun."""
    conjs = [c for c in t.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}]
    if not conjs or t.pos_ not in {"NOUN", "PROPN"}:
        return [_speaker_range(t)]
    first_end = min(c.left_edge.i for c in conjs)
    s = t.left_edge.i
    # "Both Pyongyang and Moscow": each speaker without "both"
    while s < t.i and (t.doc[s].dep_ == "preconj" or t.doc[s].lower_ in {"both", "either", "neither"}):
        s += 1
    doc = t.doc
    e = first_end
    while e > s + 1 and (doc[e - 1].dep_ in {"cc", "punct"}):
        e -= 1
    out = [(s, e)]
    for c in conjs:
        out.append((c.left_edge.i, c.right_edge.i + 1))
    return out


def _verb_drafts(doc: Doc, v: Token, lex: dict) -> list[Draft]:
    """Drafts for one reporting verb."""
    lemma = v.lemma_.lower()
    stance = lex["verb_stance"][lemma]
    if _is_negated(v) and stance != "disputed":
        return []
    cue = (v.idx, v.idx + len(v.text))
    if lemma == "point" and not any(c.lower_ == "out" for c in v.children):
        return []
    comps = [c for c in v.children if c.dep_ in {"ccomp", "parataxis"} and c.pos_ in {"VERB", "AUX"}]
    comps = [c for c in comps if not any(m.dep_ == "mark" and m.lower_ in {"if", "whether"} for m in c.children)]
    passive = any(c.dep_ in {"auxpass", "nsubjpass", "agent"} for c in v.children)
    drafts: list[Draft] = []
    subj = _subject(v)
    speaker_ranges: list[tuple[int, int] | None]
    if passive:
        agent = _agent(v)
        if agent is None and lemma in lex["passive"]:
            return []  # "It is noted that P": an impersonal frame, read by _passive_evidential_drafts
        speaker_ranges = [_speaker_range(agent)] if agent is not None else [None]
    elif subj is not None:
        speaker_ranges = list(_coordinated_speakers(subj))
    else:
        speaker_ranges = [None]
    media: list[Ref] = []
    citing = None
    for c in v.children:
        if c.dep_ == "dative" or (c.dep_ == "dobj" and lemma == "tell"):
            if c.pos_ == "PROPN" and len(list(c.subtree)) <= 6:
                s, e = _speaker_range(c)
                media.append(Ref(None, doc[s:e].text))
        if c.dep_ == "prep" and c.lower_ == "in":
            for p in c.children:
                if p.dep_ == "pobj" and p.lemma_.lower() == "interview":
                    for pp in p.children:
                        if pp.dep_ == "prep" and pp.lower_ == "with":
                            for x in pp.children:
                                if x.dep_ == "pobj":
                                    s, e = _speaker_range(x)
                                    media.append(Ref(None, doc[s:e].text))
        if c.dep_ in {"advcl", "xcomp", "conj"} and c.lemma_.lower() in lex["citing"]:
            for x in c.children:
                if x.dep_ == "dobj":
                    citing = _speaker_range(x)
    if citing is None:
        # "NYT reported last week, quoting a senior official": the participle may hang anywhere in the sentence
        for c in v.sent:
            if c.i > v.i and c.lower_ in {"citing", "quoting"}:
                obj = next((x for x in c.children if x.dep_ in {"dobj", "pobj"}), None)
                if obj is not None:
                    citing = _speaker_range(obj)
                break
    contents: list[tuple[int, int]] = []
    for c in comps:
        if c.dep_ == "parataxis" and c.i > v.i and not _looks_like_content(c):
            continue
        spans = _clause_spans(c)
        if spans and c.i > v.i:
            # the parser may hang part of the clause elsewhere: start right after "that" when one follows the cue
            that = next((t for t in doc[v.i + 1:spans[0][0]] if t.lower_ == "that"), None)
            if that is not None and that.i + 1 < spans[0][0]:
                spans[0] = (that.i + 1, spans[0][1])
        contents.extend(spans)
    # "As X stated, P" / "As the reports indicate, P": the main clause is the content
    if not contents and v.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in v.children):
        h = v.head if v.head.pos_ in {"VERB", "AUX"} else v.sent.root  # the parser may hang it on a noun
        rest = (v.right_edge.i + 1, v.sent.end)
        if h.pos_ not in {"VERB", "AUX"} and v.left_edge.i == v.sent.start and any(
                t.pos_ in {"VERB", "AUX"} for t in doc[rest[0]:rest[1]]):
            contents.append(rest)  # "As stated by X, P" parsed with no verb at the root: P is what follows
        elif h.pos_ in {"VERB", "AUX"} and h is not v:
            contents.extend(_clause_spans(h, exclude=_subtree_range(v)))
    # "P, X said" parsed with the reporting verb as parataxis of P's verb
    if not comps and v.dep_ in {"parataxis", "ccomp"} and v.head.i < v.i and v.head.pos_ in {"VERB", "AUX"} \
            and v.head.sent == v.sent and not any(c.dep_ == "ccomp" for c in v.children) \
            and any(c.dep_ == "nsubj" for c in v.children) and v.left_edge.i > 0 \
            and doc[v.left_edge.i - 1].text in {",", "”", '"', "—", "–"}:
        h = v.head
        s = h.left_edge.i
        e = v.left_edge.i
        if e - s >= 3:
            contents.append((s, e))
    predicative = False
    if not contents and lemma in lex["predicative"]:
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        marker = "of" if lemma == "accuse" else "as"
        pred = next((c for c in v.children if (c.dep_ == "prep" and c.lower_ == marker) or c.dep_ == "oprd"), None)
        if pred is None and obj is not None:
            pred = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == marker), None)
        if obj is not None and pred is not None and pred.i > obj.i:
            contents.append((obj.left_edge.i, pred.right_edge.i + 1))
            predicative = True
    if not contents and lemma not in lex["clause_only"]:
        obj = next((c for c in v.children if c.dep_ == "dobj"), None)
        if obj is None:
            obj = next((c for c in v.children if c.dep_ == "xcomp" and c.tag_ == "VBG"), None)
        if obj is not None:
            inner = _noun_content(obj, lex)
            if inner is not None and stance == "disputed":
                contents.extend(inner)
            elif lemma in lex["object_content"] and obj.pos_ in {"NOUN", "VERB", "PROPN"} and obj.lemma_.lower() not in lex["noun_stance"]:
                contents.append(_subtree_range(obj))
    if not contents:
        return []
    if _is_question(v.sent):
        return []  # "Do you believe that P?" asks; it states nothing
    earlier = any(c.dep_ == "advmod" and c.lower_ in {"previously", "earlier", "formerly"} for c in v.children)
    for rng in contents:
        span = _trim(doc, *rng)
        if span is None:
            continue
        if text_spans.text_of(doc)[span[0]:span[1]].rstrip().endswith("?"):
            continue
        for sp in speaker_ranges:
            drafts.append(Draft(content=span, cue=cue, stance=stance if not predicative else "asserted",
                                kind="verb", speaker=sp, media=list(media), citing=citing,
                                anchor=cue[0], earlier=earlier))
    return drafts


def _is_question(sent: TokSpan) -> bool:
    """A sentence that ends in a question mark (inside closing quotes or brackets too)."""
    return sent.text.rstrip().rstrip("”\"’')»]").rstrip().endswith("?")


def _looks_like_content(c: Token) -> bool:
    return any(x.dep_ in SUBJECT_DEPS for x in c.children)


def _noun_content(n: Token, lex: dict) -> list[tuple[int, int]] | None:
    """The complement of a statement noun: 'that P' clause or 'regarding NP'."""
    low = n.lemma_.lower()
    text_low = n.lower_
    if low not in lex["noun_stance"] and text_low not in lex["noun_stance"]:
        return None
    if low in lex["noun_not"] or text_low in lex["noun_not"]:
        return None
    for c in n.children:
        if c.dep_ in {"acl", "relcl", "ccomp", "appos"} and c.pos_ in {"VERB", "AUX"} and c.i > n.i:
            marks = [m for m in c.children if m.dep_ == "mark" and m.lower_ == "that"]
            that_as_arg = [m for m in c.children if m.lower_ in {"that", "which"} and m.dep_ in {"nsubj", "dobj", "nsubjpass", "pobj"}]
            if marks or (c.dep_ == "acl" and not that_as_arg and any(x.dep_ in SUBJECT_DEPS for x in c.children)):
                return _clause_spans(c)
            # spaCy often parses "a report that P" with 'that' as nsubj of a relcl: keep it when P has its own
            # subject -- but "remarks by X, who stated ..." is a relative clause about X
            if c.dep_ == "relcl" and not that_as_arg and any(x.dep_ in SUBJECT_DEPS for x in c.children) \
                    and not any(x.lower_ in {"who", "whom", "whose", "which"} for x in c.children):
                return _clause_spans(c)
            if (c.dep_ == "relcl" and that_as_arg and that_as_arg[0].i == c.left_edge.i
                    and _has_subject_after(c, that_as_arg[0])):
                s, e = _subtree_range(c)
                return [(s, e)]
        if c.dep_ == "prep" and c.lower_ in lex["noun_preps"] and c.i > n.i:
            # only claims and reports take an NP as their content ("allegations regarding X",
            # "news reports of X"); "statements about X" or "a report on X" name a topic
            if lex["noun_stance"].get(text_low) != "claimed" and text_low not in {"reports", "news"}:
                continue
            objs = [x for x in c.children if x.dep_ in {"pobj", "pcomp"}]
            if objs:
                s = objs[0].left_edge.i
                e = max(o.right_edge.i for o in objs) + 1
                doc = n.doc
                # "reports of officers having been killed in a strike": the parser often hangs the
                # participle elsewhere; it belongs to the content
                if e < len(doc) and (doc[e].lower_ in {"having", "being"} or doc[e].tag_ in {"VBG", "VBN"}):
                    v2 = doc[e] if doc[e].tag_ in {"VBG", "VBN"} and doc[e].lower_ not in {"having", "being"} else doc[e].head
                    if v2.i >= e and v2.right_edge.i + 1 > e:
                        e = v2.right_edge.i + 1
                return [(s, e)]
    return None


def _has_subject_after(c: Token, that: Token) -> bool:
    return any(x.dep_ in SUBJECT_DEPS and x.i > that.i for x in c.children)


def _noun_speaker(n: Token) -> tuple[int, int] | None:
    """Who owns a statement noun: 'X's statement', 'a report by X', 'South Korean assertions'."""
    for c in n.children:
        if c.dep_ == "poss" or (c.dep_ == "nmod" and c.i < n.i and any(x.dep_ == "case" for x in c.children)):
            return _speaker_range(c)  # "Matsegora's statement" (the parser may call the owner nmod)
    for c in n.children:
        if c.dep_ in {"prep", "agent"} and c.lower_ in {"by", "from"}:
            for p in c.children:
                if p.dep_ == "pobj":
                    return _speaker_range(p)
    for c in n.children:
        if c.dep_ in {"amod", "compound"} and c.i < n.i and (c.ent_type_ in {"NORP", "GPE", "ORG", "PERSON"} or c.pos_ == "PROPN"):
            s = c.left_edge.i
            return (s, c.right_edge.i + 1)
        if c.dep_ == "compound" and c.i < n.i and c.lemma_.lower() in {"media", "news", "press", "intelligence"}:
            # "media allegations" -> the media; "news reports" -> the news reports themselves
            return (c.left_edge.i, n.i + 1 if c.lemma_.lower() == "news" else c.i + 1)
    return None


def _noun_drafts(doc: Doc, n: Token, lex: dict) -> list[Draft]:
    contents = _noun_content(n, lex)
    if not contents:
        return []
    stance = lex["noun_stance"].get(n.lower_) or lex["noun_stance"].get(n.lemma_.lower(), "asserted")
    speaker = _noun_speaker(n)
    cue_start = n.idx
    # plural generic nouns with a modifier ("news reports", "media allegations") keep the modifier in the cue
    if speaker is None:
        left = [c for c in n.children if c.dep_ in {"compound", "amod"} and c.i == n.i - 1]
        if left:
            cue_start = left[0].idx
        s = min([n.i] + [c.i for c in left])
        speaker = (s, n.i + 1) if n.tag_ in {"NNS", "NNPS"} else None
        if speaker is None:
            return []
    drafts = []
    for rng in contents:
        span = _trim(doc, *rng)
        if span is None:
            continue
        drafts.append(Draft(content=span, cue=(cue_start, n.idx + len(n.text)), stance=stance, kind="nominal",
                            speaker=speaker, anchor=n.idx))
    return drafts


def _according_drafts(doc: Doc, t: Token) -> list[Draft]:
    to = next((c for c in t.children if c.lower_ == "to"), None)
    if to is None:
        return []
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return []
    phrase = (t.i, to.right_edge.i + 1)
    h = t.head
    if h is t or h.sent != t.sent:
        return []
    sent = t.sent
    # "According to Yonhap, citing a government source, P": the cited source speaks, the agency relays
    citing = None
    after = phrase[1] + 1 if phrase[1] < sent.end and doc[phrase[1]].text == "," else phrase[1]
    if after < sent.end and doc[after].lower_ in {"citing", "quoting"}:
        obj = next((x for x in doc[after].children if x.dep_ in {"dobj", "pobj"}), None)
        end = doc[after].right_edge.i + 1
        if obj is not None:
            citing = _speaker_range(obj)
            phrase = (phrase[0], end)
    # the statement is the rest of the sentence around the according-phrase
    left = (sent.start, phrase[0])
    right = (phrase[1], sent.end)
    lspan = _trim(doc, *left) if left[1] > left[0] else None
    rspan = _trim(doc, *right) if right[1] > right[0] else None
    candidates = [s for s in (lspan, rspan) if s]
    if not candidates:
        return []
    span = max(candidates, key=lambda s: s[1] - s[0])
    if span[1] - span[0] < 12:
        return []
    cue = (t.idx, to.idx + len(to.text))
    return [Draft(content=span, cue=cue, stance="asserted", kind="according",
                  speaker=_speaker_range(pobj), citing=citing, anchor=t.idx)]


def _adverb_drafts(doc: Doc, t: Token, lex: dict) -> list[Draft]:
    """'X has reportedly done Y': a claim of the whole clause, its speaker found later."""
    h = t.head
    if h.dep_ not in {"ROOT"} and not (h.dep_ == "conj" and h.head.dep_ == "ROOT"):
        return []
    sent = t.sent
    span = _trim(doc, sent.start, sent.end)
    if span is None:
        return []
    stance = lex["evidential_adverbs"][t.lower_]
    return [Draft(content=span, cue=(t.idx, t.idx + len(t.text)), stance=stance, kind="evidential", anchor=t.idx)]


def _passive_evidential_drafts(doc: Doc, v: Token) -> list[Draft]:
    """'X is believed to ...', 'It is noted that P' (no agent): the outlet's or the relayed report's claim."""
    if v.dep_ != "ROOT" or _agent(v) is not None:
        return []
    if not any(c.dep_ == "auxpass" for c in v.children):
        return []
    subj = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
    ccomp = next((c for c in v.children if c.dep_ == "ccomp"), None)
    xcomp = next((c for c in v.children if c.dep_ == "xcomp"), None)
    cue = (v.idx, v.idx + len(v.text))
    if subj is not None and subj.lower_ == "it" and ccomp is not None:
        spans = [_trim(doc, *r) for r in _clause_spans(ccomp)]
        return [Draft(content=s, cue=cue, stance="asserted", kind="impersonal", anchor=v.idx) for s in spans if s]
    if subj is not None and xcomp is not None and v.lemma_.lower() in {"believe", "say", "report", "think", "allege", "rumor", "rumour", "suppose", "expect", "estimate", "understand"}:
        span = _trim(doc, v.sent.start, v.sent.end)
        if span:
            return [Draft(content=span, cue=cue, stance="assessed" if v.lemma_ in {"believe", "think", "estimate"} else "asserted",
                          kind="evidential", anchor=v.idx)]
    return []


def _anaphoric_passive(doc: Doc, v: Token, sents: list[TokSpan]) -> list[Draft]:
    """'This is stated in a report by X': the previous sentence is X's statement."""
    subj = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
    if subj is None or subj.lower_ not in {"this", "that", "it"} or any(c.dep_ == "ccomp" for c in v.children):
        return []
    agent = _agent(v)
    if agent is None:
        return []
    idx = next((i for i, s in enumerate(sents) if s.start <= v.i < s.end), None)
    if not idx:
        return []
    prev = sents[idx - 1]
    span = _trim(doc, prev.start, prev.end)
    if span is None:
        return []
    return [Draft(content=span, cue=(v.idx, v.idx + len(v.text)), stance="asserted", kind="anaphoric",
                  speaker=_speaker_range(agent), anchor=v.idx)]


# ---- quotes ----------------------------------------------------------------

def _quote_drafts(doc: Doc, lex: dict) -> list[Draft]:
    """Direct quotations next to a reporting clause: '“Q,” X said.' or 'X said: “Q”'."""
    drafts = []
    text = text_spans.text_of(doc)
    last: tuple[Draft, int] | None = None  # the last direct quotation and where its mark closed
    for qs, qe in text_spans.quote_regions(text):
        inner_s, inner_e = qs + 1, qe - 1
        words = text[inner_s:inner_e].split()
        if len(words) < 2:
            continue  # a one-word scare quote is never a direct quotation
        cue_tok = None
        # after the closing mark: ', X said' / 'X told reporters' -- only for a quote that opens its sentence
        # (a partial quote inside a paraphrase is the paraphrase's business)
        opener = doc.char_span(qs, qs + 1, alignment_mode="expand")
        sent_start = opener.sent.start_char if opener is not None else qs
        opens_sentence = not text[sent_start:qs].strip()
        after = doc.char_span(qe, min(len(text), qe + 120), alignment_mode="expand") if opens_sentence else None
        if after is not None:
            for t in after[:10]:
                if t.text in {".", "!", "?"} or "\n" in t.text:
                    break
                if t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in lex["verb_stance"] and t.idx >= qe:
                    cue_tok = t
                    break
        if cue_tok is None:
            before = doc.char_span(max(0, qs - 160), qs, alignment_mode="expand")
            closes_sentence = re.match(r"\s*[.!?]?\s*($|\n)", text[qe:qe + 4]) is not None or text[qe - 2:qe - 1] in ".!?"
            if before is not None and closes_sentence and re.search(r"[:,]\s*$", text[max(0, qs - 3):qs]):
                for t in reversed(list(before)):
                    if t.idx >= qs:
                        continue
                    if t.text in {".", "!", "?"} or "\n" in t.text:
                        break
                    if t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in lex["verb_stance"]:
                        cue_tok = t
                        break
        s, e = inner_s, inner_e
        while e > s and text[e - 1] in " ,.;:":
            e -= 1
        if cue_tok is None and last is not None and opens_sentence and _continues(text, last[1], qs, qe):
            # '“A,” she said. “B.”': a quotation that follows on from one just attributed is the same speaker's
            prev = last[0]
            cont = Draft(content=(s, e), cue=prev.cue, stance=prev.stance, kind="quote", speaker=prev.speaker,
                         quote=True, anchor=qs)
            drafts.append(cont)
            last = (cont, qe)
            continue
        if cue_tok is None or _is_negated(cue_tok):
            continue
        subj = _subject(cue_tok)
        speaker = _speaker_range(subj) if subj is not None and not (qs <= subj.idx < qe) else None
        if speaker is None and any(c.dep_ in {"auxpass"} for c in cue_tok.children):
            agent = _agent(cue_tok)
            speaker = _speaker_range(agent) if agent is not None else None
        drafts.append(Draft(content=(s, e), cue=(cue_tok.idx, cue_tok.idx + len(cue_tok.text)),
                            stance=lex["verb_stance"][cue_tok.lemma_.lower()], kind="quote", speaker=speaker,
                            quote=True, anchor=cue_tok.idx))
        last = (drafts[-1], qe)
    return drafts


def _continues(text: str, previous_end: int, qs: int, qe: int) -> bool:
    """Whether a quotation standing alone as a sentence follows on from the quotation that closed at
    previous_end: at most the reporting clause and one paragraph break between them, and nothing after it
    in its paragraph but the sentence's end."""
    between = text[previous_end:qs]
    if len(between) > 160 or between.count("\n\n") > 1 or re.search(r"[“”\"]", between):
        return False
    if len(re.findall(r"[.!?](?:\s|$)", between)) > 1:
        return False
    return re.match(r"\s*[.!?]?\s*(\n|$)", text[qe:qe + 3]) is not None or text[qe - 2:qe - 1] in ".!?"


# ---- the component ---------------------------------------------------------

def find_drafts(doc: Doc) -> list[Draft]:
    """Every cue in the document, as drafts with speaker words not yet resolved."""
    lex = _lex()
    sents = list(doc.sents)
    drafts: list[Draft] = []
    drafts.extend(_quote_drafts(doc, lex))
    for t in doc:
        low, lemma = t.lower_, t.lemma_.lower()
        if t.pos_ in {"VERB", "AUX"} and lemma in lex["verb_stance"]:
            drafts.extend(_anaphoric_passive(doc, t, sents) if t.dep_ in {"ROOT", "ccomp"} else [])
            drafts.extend(_verb_drafts(doc, t, lex))
            if lemma in lex["passive"]:
                drafts.extend(_passive_evidential_drafts(doc, t))
        elif t.pos_ in {"NOUN", "PROPN"} and (lemma in lex["noun_stance"] or low in lex["noun_stance"]):
            drafts.extend(_noun_drafts(doc, t, lex))
        elif low in lex["according"] and t.dep_ in {"prep", "advcl", "pcomp"}:
            drafts.extend(_according_drafts(doc, t))
        elif low in lex["evidential_adverbs"] and t.dep_ == "advmod":
            drafts.extend(_adverb_drafts(doc, t, lex))
    taken = {doc.char_span(*d.cue, alignment_mode="expand")[0].i for d in drafts if d.cue}
    for sent in sents:
        drafts.extend(_tail_drafts(doc, sent, lex, taken))
    return _dedupe(drafts)


@cache
def _verb_forms() -> dict[str, str]:
    """Inflected forms of reporting verbs -> lemma, for clauses the tagger misreads ("ISW reports" as a noun)."""
    irregular = {"said": "say", "says": "say", "told": "tell", "tells": "tell", "wrote": "write", "writes": "write",
                 "thinks": "think", "thought": "think", "found": "find"}
    out = dict(irregular)
    for lemma in _lex()["verb_stance"]:
        out.setdefault(lemma + "s", lemma)
        out.setdefault(lemma + ("d" if lemma.endswith("e") else "ed"), lemma)
    return out


def _tail_drafts(doc: Doc, sent: TokSpan, lex: dict, taken: set[int]) -> list[Draft]:
    """'P, the Institute for the Study of War (ISW) reports.': a reporting clause closing the sentence."""
    toks = [t for t in sent if not t.is_space]
    if len(toks) < 6:
        return []
    end = len(toks)
    while end > 0 and toks[end - 1].is_punct and toks[end - 1].text in ".!":
        end -= 1
    if end == 0:
        return []
    cue = toks[end - 1]
    lemma = _verb_forms().get(cue.lower_)
    if lemma is None or cue.i in taken or cue.pos_ in {"VERB", "AUX"} and any(
            c.dep_ in {"ccomp", "dobj"} for c in cue.children):
        return []
    comma = next((i for i in range(end - 2, 0, -1) if toks[i].text == ","), None)
    if comma is None or end - 1 - comma > 12 or end - 1 - comma < 2:
        return []
    speaker = (toks[comma + 1].i, cue.i)
    words = doc[speaker[0]:speaker[1]]
    if not any(t.pos_ in {"PROPN", "NOUN", "PRON"} for t in words):
        return []
    # a reporting clause is a noun phrase and its verb: "the United States." or ", we'll take some questions."
    # are not ones
    if cue.text[:1].isupper() or any(t.pos_ in {"VERB", "AUX"} for t in words):
        return []
    span = _trim(doc, sent.start, toks[comma].i)
    if span is None:
        return []
    return [Draft(content=span, cue=(cue.idx, cue.idx + len(cue.text)), stance=lex["verb_stance"][lemma], kind="verb",
                  speaker=speaker, anchor=cue.idx)]


def _dedupe(drafts: list[Draft]) -> list[Draft]:
    """One draft per (content, speaker); a quote claim wins over a verb claim on the same words."""
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda d: (0 if d.kind in {"quote", "anaphoric"} else 1 if d.kind in {"verb", "according", "nominal", "impersonal"} else 2)):
        dup = False
        for o in out:
            same_cue = d.cue is not None and o.cue is not None and d.cue == o.cue
            overlap = _overlap(d.content, o.content)
            if same_cue and overlap > 0.5 and d.speaker == o.speaker:
                dup = True
            elif d.kind == "evidential" and (_covered(d.content, o.content) > 0.8 or (
                    o.cue is not None and d.content[0] <= o.cue[0] < d.content[1]
                    and _covered(d.content, o.content) > 0.5)):
                dup = True  # the adverb is a hedge of a claim already found in its sentence
            elif d.cue and o.cue and same_cue and overlap > 0.9 and (d.speaker == o.speaker or d.speaker is None):
                dup = True
            elif d.kind == "verb" and o.kind == "quote" and _overlap(d.content, o.content) > 0 and d.cue == o.cue:
                dup = True
        if not dup:
            out.append(d)
    out.sort(key=lambda d: (d.anchor, d.content[0]))
    return out


def _covered(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Share of span a that span b covers."""
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return inter / ((a[1] - a[0]) or 1)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> float:
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    shorter = min(a[1] - a[0], b[1] - b[0]) or 1
    return inter / shorter


@Language.component("claimgraph_attribution", requires=["doc.sents", "token.dep"], assigns=["doc._.cg_claims"])
def attribution(doc: Doc) -> Doc:
    """Find the claims of a document (after claimgraph_names)."""
    from claimgraph.nlp import chains

    document: Document = doc._.cg_document or Document(text=text_spans.text_of(doc))
    drafts = find_drafts(doc)
    claims = chains.resolve(doc, document, drafts)
    doc._.cg_claims = tuple(claims)
    return doc


def to_claim(doc: Doc, i: int, d: Draft, speaker: Ref | None, via: tuple[Ref, ...]) -> Claim:
    """The record of a finished draft."""
    text = text_spans.text_of(doc)
    return Claim(
        id=f"c{i}",
        speaker=speaker,
        via=via,
        cue=Span(text[d.cue[0]:d.cue[1]], d.cue[0], d.cue[1]) if d.cue else None,
        content=Span(text[d.content[0]:d.content[1]], d.content[0], d.content[1]),
        quote=d.quote,
        stance=d.stance,
    )

