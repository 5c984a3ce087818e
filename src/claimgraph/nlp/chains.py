"""`via` chains: through whom each claim reached us, and the claims no cue introduces.

A registered component after claimgraph_speakers. It finds the report an article relays ("ISW: ..."
in the title, "This is stated in a report by ISW", "NYT reported"), gives the statements drawn from
that report its name in `via`, nests statements inside statements, attributes cue-less
continuations and hedged narration as the guide asks, and makes the claim records.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as TokSpan

from claimgraph.nlp import frames, hedging, lexicon, text_spans
from claimgraph.nlp.attribution import is_question
from claimgraph.nlp.drafts import Draft, Resolved, covered, trim, words
from claimgraph.nlp.speakers import entities
from claimgraph.nlp.variants import fold
from claimgraph.records import Claim, Document, Entity, Ref, Span

_NOUN_MODIFIER_DEPS = frozenset({"relcl", "acl"})


@cache
def _relays() -> dict[str, Any]:
    """The relays section of lexicon/attribution.yaml, compiled."""
    raw = lexicon.load("attribution")["relays"]
    return {"lead_cues": frozenset(raw["lead_cues"]), "report_cues": frozenset(raw["report_cues"]),
            "media_words": tuple(raw["media_words"]),
            "title": [re.compile(p) for p in raw["title_patterns"]],
            "dateline": re.compile(raw["dateline"], re.M),
            "impersonal": re.compile(raw["impersonal_estimate"], re.I)}


def dateline_outlet(text: str) -> str | None:
    """The outlet a dateline line names near the top ("Kyiv • UNN"), if any."""
    head = "\n".join(text.splitlines()[:4])
    m = _relays()["dateline"].search(head)
    return m.group("outlet").strip() if m else None


def _outlet_names(document: Document) -> set[str]:
    if not document.outlet:
        return set()
    out = {fold(document.outlet)}
    for part in re.split(r"[()]", document.outlet):
        if part.strip():
            out.add(fold(part))
    return out - {""}


def _is_outlet(ref: Ref | None, ents: dict[str, Entity], outlet: set[str]) -> bool:
    if ref is None or not outlet:
        return False
    names = {fold(ref.text)}
    if ref.entity in ents:
        e = ents[ref.entity]
        names |= {fold(e.name)} | {fold(a) for a in e.aliases}
    return bool(names & outlet)


def _title_relay(document: Document, ents: dict[str, Entity]) -> Ref | None:
    """The report an article's headline says it relays ('ISW: ...', '... - NYT')."""
    title = document.title or ""
    for pat in _relays()["title"]:
        m = pat.search(title)
        if not m:
            continue
        src = fold(m.group("src"))
        for e in ents.values():
            names = {fold(e.name)} | {fold(a) for a in e.aliases} | {fold(x.text) for x in e.mentions}
            if src in names and e.type in {"ORG", "PERSON", "NORP", "GPE"}:
                return Ref(e.id, e.name)
        if src and " " not in src and len(src) <= 6:  # an acronym the text does not spell out
            return Ref(None, m.group("src").strip())
    return None


def _crossheads(doc: Doc, pidx: text_spans.ParagraphIndex) -> list[int]:
    """Paragraphs that are crossheads or background markers: a short line with no final punctuation."""
    out = []
    bg = tuple(words()["background_markers"])
    for i, (s, e) in enumerate(pidx.spans):
        para = text_spans.text_of(doc)[s:e].strip()
        low = para.lower()
        if (len(para.split()) <= 8 and not re.search(r"[.!?:\"”]$", para)) or any(
                low.startswith(m + ":") or low == m for m in bg):
            out.append(i)
    return out


@dataclass
class _Article:
    """What the chains of one document are built from: its outlet, paragraphs and the report it relays."""

    doc: Doc
    document: Document
    ents: dict[str, Entity]
    outlet: set[str]
    pidx: text_spans.ParagraphIndex
    crossheads: list[int]
    relay: Ref | None = None
    relay_from: int = 0
    relay_kind: str = ""
    block_end: int = -1

    def in_block(self, r: Resolved) -> bool:
        """Whether a claim stands in the paragraphs that relay the article's report."""
        return self.relay is not None and self.relay_from <= self.pidx.of(r.draft.anchor) < self.block_end


def resolve(doc: Doc, document: Document, items: list[Resolved]) -> list[Claim]:
    """Claims with `via` chains, from a document's drafts with their speakers settled."""
    if not document.outlet and (found := dateline_outlet(text_spans.text_of(doc))):
        document = replace(document, outlet=found)
        doc._.cg_document = document
    pidx = text_spans.ParagraphIndex(text_spans.text_of(doc))
    art = _Article(doc, document, entities(doc), _outlet_names(document), pidx, _crossheads(doc, pidx))
    _outlets_and_citing(items, art)
    art.relay, art.relay_from, art.relay_kind = _find_relay(doc, document, items, art.ents, pidx)
    art.block_end = next((c for c in art.crossheads if c > art.relay_from), len(pidx)) if art.relay else -1
    for r in items:
        if r.how == "document" and art.relay is not None and r.speaker is not None and r.speaker.entity is None:
            r.speaker = Ref(art.relay.entity, r.speaker.text if art.relay.entity else art.relay.text)
            r.speaker_type = "ORG"
    _drop_relay_wrappers(doc, items)
    kept = [r for r in items if r.keep]
    kept.extend(_turn_claims(doc, kept, art.ents))
    _chains(kept, art)
    _sources_of_evidence(kept, art)
    # cue-less sentences: continuations of the relayed report and hedged narration
    kept.extend(_contextual(doc, kept, art.relay, art.relay_from, art.block_end, pidx, art.crossheads, art.ents,
                            art.relay_kind))
    return _records(doc, [r for r in kept if r.keep], art)


def _outlets_and_citing(items: list[Resolved], art: _Article) -> None:
    """'X reported, citing Y' makes X a relay; the outlet talking about itself is no claim."""
    for r in items:
        if r.relay is not None and _is_outlet(r.relay, art.ents, art.outlet):
            # "UNN reports, citing Russian media": the outlet names the relay of what follows
            r.draft.media = [r.speaker] if r.speaker else []
            r.keep = False
        elif r.relay is not None:
            r.draft.media = [r.relay] + r.draft.media
        if r.speaker is not None and _is_outlet(r.speaker, art.ents, art.outlet):
            r.keep = False


def _chains(kept: list[Resolved], art: _Article) -> None:
    """Each claim's relays: the article's report, the media its sentence names, the claim that holds it."""
    ents = art.ents
    kept.sort(key=lambda r: r.draft.content[1] - r.draft.content[0], reverse=True)
    for r in sorted(kept, key=lambda r: r.draft.anchor):
        r.via = []
        if art.relay and art.in_block(r) and not _same(r.speaker, art.relay, ents) and r.speaker is not None \
                and not r.draft.earlier and not _told_another(art.doc, r, art.relay, ents) \
                and not _another_occasion(art.doc, r):
            r.via.append(art.relay)
        for m in r.draft.media:
            if not any(_same(m, v, ents) for v in r.via) and not _same(m, r.speaker, ents):
                r.via.append(m)
    _continued_media(kept, ents)
    for r in kept:  # longest contents first, so an outer claim has its chain before its inner ones
        outer = _container(r, kept)
        if outer is not None and outer.speaker is not None and not _same(outer.speaker, r.speaker, ents):
            r.via = list(outer.via) + [outer.speaker]


@cache
def _occasions() -> tuple[re.Pattern[str], frozenset[str]]:
    """lexicon/chains.yaml: the openers of sentences about earlier occasions, and the words linking to one."""
    raw = lexicon.load("chains")
    opener = re.compile(r"\s*(?:" + "|".join(raw["earlier_openers"]) + ")", re.I)
    return opener, frozenset(raw["occasion_links"])


def _another_occasion(doc: Doc, r: Resolved) -> bool:
    """Whether a statement was made on another occasion than the relayed report: its sentence opens with an
    earlier time ("Last year, the Treasury said P"), or its cue hangs below "after" ("The report appeared a week
    after officials estimated that P")."""
    cue = _cue_span(doc, r.draft)
    if cue is None:
        return False
    opener, links = _occasions()
    sent = cue.root.sent
    if opener.match(sent.text):
        return True
    t = cue.root
    while t.head.i != t.i and t.i >= sent.start:
        if any(c.dep_ in {"mark", "prep"} and c.lower_ in links for c in t.children) or (
                t.dep_ in {"prep", "mark"} and t.lower_ in links):
            return True
        t = t.head
    return False


def _told_another(doc: Doc, r: Resolved, relay: Ref, ents: dict[str, Entity]) -> bool:
    """Whether the speaker told another medium than the article's relay ("the minister told BBC Radio 4 that
    the report was untrue"): the statement reached us through that medium, not through the relayed report."""
    cue = _cue_span(doc, r.draft)
    if cue is None:
        return False
    verb = cue.root
    told = {fold(doc[t.left_edge.i:t.right_edge.i + 1].text) for t in verb.subtree
            if t.head == verb and t.dep_ in {"dobj", "dative", "pobj", "prep"}}
    told |= {fold(doc[t.left_edge.i:t.right_edge.i + 1].text) for p in verb.children if p.dep_ == "prep"
             for t in p.subtree if t.head == p and t.dep_ == "pobj"}  # "in an interview with X": X below
    return any(not _same(m, relay, ents) and any(fold(m.text) in phrase for phrase in told)
               for m in r.draft.media)


def _sources_of_evidence(kept: list[Resolved], art: _Article) -> None:
    """Evidential adverbs and impersonal frames: a source named in the paragraph, the labelled block, or the
    outlet (dev rule 6)."""
    relay, ents = art.relay, art.ents
    for r in kept:
        if r.draft.kind not in {"evidential", "impersonal"} or r.speaker is not None:
            continue
        src = _named_in_paragraph(r, kept, art.pidx, ents, art.outlet) if r.draft.kind == "evidential" else None
        if src is None and relay and art.relay_kind == "block" and art.in_block(r) and _in_block(r, kept, relay, ents):
            src = relay
        if src is None and r.draft.kind == "impersonal" and relay:
            src = relay
        if src is not None:
            r.speaker = src
            r.via = [] if _same(src, relay, ents) else ([relay] if relay else [])


def _records(doc: Doc, kept: list[Resolved], art: _Article) -> list[Claim]:
    """The claim records, in text order, each chain opened by the outlet."""
    document = art.document
    outlet_ref = Ref(_outlet_entity(art.ents, art.outlet), document.outlet) if document.outlet else None
    kept.sort(key=lambda r: (r.draft.anchor, r.draft.content[0]))
    claims = []
    for i, r in enumerate(kept, 1):
        via = ([outlet_ref] if outlet_ref and r.speaker is not None else []) + [
            v for v in r.via if not _same(v, outlet_ref, art.ents)]
        claims.append(to_claim(doc, i, r.draft, r.speaker, tuple(via)))
    return claims


def to_claim(doc: Doc, i: int, d: Draft, speaker: Ref | None, via: tuple[Ref, ...]) -> Claim:
    """The record of a finished draft."""
    text = text_spans.text_of(doc)
    return Claim(
        id=f"c{i}",
        speaker=speaker,
        via=via,
        cue=Span(text[d.cue[0]:d.cue[1]], d.cue[0], d.cue[1]) if d.cue else None,
        content=Span(text[d.content[0]:d.content[1]], d.content[0], d.content[1]),
        quote=d.quote or text_spans.wrapped(doc, *d.content),
        stance=d.stance,
    )


@Language.component("claimgraph_chains", requires=["doc._.cg_resolved"], assigns=["doc._.cg_claims"])
def chains(doc: Doc) -> Doc:
    """Give each claim its `via` chain and add the claims no cue introduces (after claimgraph_speakers)."""
    document: Document = doc._.cg_document or Document(text=text_spans.text_of(doc))
    doc._.cg_claims = tuple(resolve(doc, document, list(doc._.cg_resolved or ())))
    return doc


def _outlet_entity(ents: dict[str, Entity], outlet: set[str]) -> str | None:
    for e in ents.values():
        if fold(e.name) in outlet or any(fold(a) in outlet for a in e.aliases):
            return e.id
    return None


def _same(a: Ref | None, b: Ref | None, ents: dict[str, Entity]) -> bool:
    if a is None or b is None:
        return False
    if a.entity and b.entity:
        return a.entity == b.entity
    fa, fb = fold(a.text), fold(b.text)
    if fa == fb:
        return True
    for x, y in ((a, fb), (b, fa)):
        if x.entity in ents:
            e = ents[x.entity]
            if y in {fold(e.name)} | {fold(al) for al in e.aliases} | {fold(m.text) for m in e.mentions}:
                return True
    return False


def _find_relay(doc: Doc, document: Document, items: list[Resolved], ents: dict[str, Entity],
                pidx: text_spans.ParagraphIndex) -> tuple[Ref | None, int, str]:
    """The report the article relays, the paragraph from which it does, and how the text says so: a
    "Source:" label, the lead or a block ("This is stated in a report by X"), the outlet's own line, the title."""
    labelled = _label_relay(doc, ents, pidx)
    if labelled is not None:
        return labelled
    title = _title_relay(document, ents)
    lead = _lead_relay(doc, items, ents, pidx, title)
    if lead is not None:
        return lead
    # "UNN reports, citing Russian media": an unnamed relay in the outlet's own line
    for r in items:
        if not r.keep and r.draft.media:
            return r.draft.media[0], pidx.of(r.draft.anchor), "lead"
    if document.outlet:
        pat = re.compile(re.escape(document.outlet) + r"\s+(?:reports|reported|writes|wrote|says|said)\s*,?\s*"
                         r"(?:citing|quoting)\s+(?P<src>[^.,;\n]{2,60})")
        for i, (ps, pe) in enumerate(pidx.spans[:4]):
            m = pat.search(text_spans.text_of(doc), ps, pe)
            if m:
                return Ref(None, m.group("src").strip()), i, "lead"
    if title is not None:
        return title, 0, "title"
    return None, 0, ""


def _label_relay(doc: Doc, ents: dict[str, Entity], pidx: text_spans.ParagraphIndex) -> tuple[Ref, int, str] | None:
    """'Source: NHK' over a 'Details:' block: the block is the source's content."""
    text = text_spans.text_of(doc)
    for i, (ps, pe) in enumerate(pidx.spans[:6]):
        m = frames.table(doc.vocab).source_label.match(text, ps, pe)
        if m and m.end() <= pe:
            src = m.group("source").strip()
            eid = next((eid for ms, me, eid in doc._.cg_mentions or ()
                        if ms >= m.start("source") and me <= m.end("source")), None)
            return Ref(eid, ents[eid].name if eid in ents else src), i, "label"
    return None


def _relaying_lead(doc: Doc, r: Resolved) -> str | None:
    """The cue lemma by which a claim of the lead says the article relays its speaker's report, or None."""
    if r.speaker is None or not r.keep or r.draft.kind not in {"verb", "anaphoric", "according", "quote"}:
        return None
    frame = frames.table(doc.vocab).frames.get(r.draft.frame)
    if frame is not None and frame.content in {"object", "predicative"}:
        return None  # "Tesla reported earnings" reports no report the article relays
    if r.how == "document" and r.draft.kind != "anaphoric":
        return None  # "according to the earnings report": the company speaks for itself, carrying no one else
    cue_lemma = _cue_lemma(doc, r.draft)
    return cue_lemma if cue_lemma in _relays()["lead_cues"] else None


def _lead_relay(doc: Doc, items: list[Resolved], ents: dict[str, Entity], pidx: text_spans.ParagraphIndex,
                title: Ref | None) -> tuple[Ref, int, str] | None:
    """The report a lead (its first paragraphs) or an explicit block label says the article relays."""
    for r in sorted(items, key=lambda r: r.draft.anchor):
        p = pidx.of(r.draft.anchor)
        # a lead names its source in its first paragraphs; an explicit block label may come a little later
        if p >= 5:
            break
        if p >= 3 and r.draft.kind != "anaphoric":
            continue
        cue_lemma = _relaying_lead(doc, r)
        if cue_lemma is None or r.speaker is None:
            continue
        kind = "block" if r.draft.kind == "anaphoric" else "lead"
        if kind == "lead" and (cue_lemma == "state" or p >= 2):
            continue  # "stated" names a relay only in an explicit block label ("This is stated in a report by X")
        if title is not None and _same(r.speaker, title, ents):
            return title, 0, kind
        if r.draft.citing is not None and r.draft.media:
            return r.draft.media[0], p, kind  # "NYT reported, citing officials": NYT is the relay
        if r.speaker_type == "ORG":
            source = Ref(r.speaker.entity, _canonical_name(r.speaker, ents))
            # a lead's "according to the Kremlin" is one statement; the article relays a report only when
            # it is a medium or comes back to it ("ISW noted", "the newspaper", "told the NYT")
            if kind == "block" or cue_lemma in _relays()["report_cues"] or _is_media(r.speaker.text) \
                    or _cited_again(r, source, items, ents):
                return source, p, kind
    return None


def _cited_again(lead: Resolved, source: Ref, items: list[Resolved], ents: dict[str, Entity]) -> bool:
    """Whether claims after the lead come back to its source: as speaker, as a relay, or as 'the report'."""
    for r in items:
        if r is lead or r.draft.anchor <= lead.draft.anchor:
            continue
        if _same(r.speaker, source, ents) or any(_same(m, source, ents) for m in r.draft.media):
            return True
        if r.how == "document":
            return True
    return False


def _is_media(text: str) -> bool:
    """Whether an unnamed source's words make it a medium ("Russian media", "the newspaper")."""
    low = text.lower()
    return any(w in low for w in _relays()["media_words"])


def _canonical_name(ref: Ref, ents: dict[str, Entity]) -> str:
    if ref.entity in ents:
        return ents[ref.entity].name
    return ref.text


def _cue_span(doc: Doc, d: Draft) -> TokSpan | None:
    """The tokens of a draft's cue, or None where it has none."""
    if d.cue is None:
        return None
    span = doc.char_span(d.cue[0], d.cue[1], alignment_mode="expand")
    return span if span is not None and len(span) else None


def _cue_lemma(doc: Doc, d: Draft) -> str:
    if d.cue_lemma:
        return d.cue_lemma
    cue = _cue_span(doc, d)
    return cue[0].lemma_.lower() if cue is not None else ""


def _drop_relay_wrappers(doc: Doc, items: list[Resolved]) -> None:
    """'U.S. officials believe P, NYT reported': the outer verb is a relay, not a claim of its own."""
    kept = [r for r in items if r.keep]
    for a in kept:
        if not a.keep or a.draft.kind not in {"verb", "according"} or a.draft.cue is None:
            continue
        for b in kept:
            if b is a or b.draft.kind not in {"verb", "quote", "according"} or b.draft.cue is None:
                continue
            ac, bc = a.draft.content, b.draft.content
            # "According to the Daily Mail, the prime minister told colleagues: Q": any statement inside an
            # according-to is relayed by it; a verb relays one that fills most of its content
            wraps = a.draft.kind == "according" or (bc[1] - bc[0]) >= 0.4 * (ac[1] - ac[0])
            if a.draft.kind == "according" and _in_noun_modifier(doc, b.draft.cue[0], ac):
                # "The attack, which the army called a massacre, killed nine, according to officials": the
                # officials say the attack killed nine; the relative clause is a statement nested in theirs
                continue
            if ac[0] <= b.draft.cue[0] < ac[1] and ac[0] <= bc[0] and bc[1] <= ac[1] + 2 and wraps \
                    and b.speaker is not None:
                # a report or a medium only carries it ("NYT reported"); anyone else who says that another
                # said P makes a statement of their own as well (dev rule 1: the outer claim and the nested).
                if b.draft.cue[0] >= bc[1] and not _only_carries(a):
                    # a reporting clause after its content ("officials believe P, NYT reported") is the outer
                    # one, whatever the parse nested: it carries the statement it closes
                    a.draft.content = bc
                    a.draft.media = [b.speaker, *a.draft.media]
                    b.keep = False
                    break
                a.keep = not _only_carries(a)
                if a.speaker is not None:
                    b.draft.media = [a.speaker] + [m for m in b.draft.media]
                break


def _in_noun_modifier(doc: Doc, at: int, content: tuple[int, int]) -> bool:
    """Whether the word at a character offset stands in a clause that modifies a noun ('which X called Y')
    of the content, below the content's own main clause."""
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    if span is None or not len(span):
        return False
    t = span[0]
    while content[0] <= t.idx < content[1] and t.head.i != t.i:
        if t.dep_ in _NOUN_MODIFIER_DEPS:
            return True
        t = t.head
    return False


def _only_carries(r: Resolved) -> bool:
    """Whether a statement that holds another one is only its relay: an according-to, a report's verb
    ("reported", "wrote"), or a medium's."""
    if r.draft.kind == "according" or r.draft.cue_lemma in _relays()["report_cues"] or r.speaker is None:
        return True
    return _is_media(r.speaker.text)


def _container(r: Resolved, kept: list[Resolved]) -> Resolved | None:
    """The claim whose content holds this claim's cue (the smallest such)."""
    best = None
    cue = r.draft.cue or r.draft.content
    for o in kept:
        if o is r:
            continue
        oc = o.draft.content
        if oc[0] <= cue[0] and cue[1] <= oc[1] and (oc[1] - oc[0]) > (r.draft.content[1] - r.draft.content[0]) * 0.9:
            if o.draft.content == r.draft.content:
                continue
            if best is None or (oc[1] - oc[0]) < (best.draft.content[1] - best.draft.content[0]):
                best = o
    return best


def _named_in_paragraph(r: Resolved, kept: list[Resolved], pidx: text_spans.ParagraphIndex,
                        ents: dict[str, Entity], outlet: set[str]) -> Ref | None:
    p = pidx.of(r.draft.anchor)
    for o in kept:
        if o is r or o.speaker is None or pidx.of(o.draft.anchor) != p:
            continue
        if o.speaker_type in {"ORG", "PERSON"} and not _is_outlet(o.speaker, ents, outlet):
            return Ref(o.speaker.entity, _canonical_name(o.speaker, ents))
    return None


def _in_block(r: Resolved, kept: list[Resolved], relay: Ref, ents: dict[str, Entity]) -> bool:
    """Whether the claims just before this point belong to the relayed report."""
    before = [o for o in kept if o.draft.anchor < r.draft.anchor and o is not r and o.speaker is not None]
    if not before:
        return False
    last = max(before, key=lambda o: o.draft.anchor)
    return _same(last.speaker, relay, ents) or any(_same(v, relay, ents) for v in last.via)


def _continued_media(kept: list[Resolved], ents: dict[str, Entity]) -> None:
    """'A source told AFP that P. "Q," the source added.': a statement that continues the same speaker's
    last one ("added", "continued") went through the same relays."""
    continuing = words()["continuing_cues"]
    ordered = sorted(kept, key=lambda r: r.draft.anchor)
    for prev, r in zip(ordered, ordered[1:], strict=False):
        if r.draft.cue_lemma in continuing and prev.draft.media and _same(prev.speaker, r.speaker, ents) \
                and r.draft.anchor - prev.draft.anchor < 600:
            for m in prev.draft.media:
                if not any(_same(m, v, ents) for v in r.via):
                    r.via.append(m)


def _turn_claims(doc: Doc, kept: list[Resolved], ents: dict[str, Entity]) -> list[Resolved]:
    """A transcript turn's statements as claims of its speaker: like a multi-sentence quotation, each run
    of statements in a paragraph is one claim (dev rule 1); a question or a stage direction ends a run,
    and a run another claim of the same speaker already holds is left to it."""
    out: list[Resolved] = []
    text = text_spans.text_of(doc)
    for turn, speaker, typ in doc.user_data.get("cg_turns") or ():
        label = text[turn.label_start:turn.label_end].rstrip(" \t:")
        cue = (turn.label_start, turn.label_start + len(label)) if label else None  # an interview's answer has none
        for ps, pe in text_spans.paragraphs(text[:turn.end]):
            if pe <= turn.start:
                continue
            span = doc.char_span(max(ps, turn.start), pe, alignment_mode="contract")
            for run in _statement_runs(span) if span is not None else []:
                rng = trim(doc, run[0], run[1])
                if rng is None or any(covered(rng, r.draft.content) > 0.5 and _same(r.speaker, speaker, ents)
                                      for r in kept):
                    continue
                draft = Draft(content=rng, cue=cue, stance="asserted", kind="turn", frame="transcript-turn",
                              anchor=rng[0], cue_lemma="say")
                out.append(Resolved(draft, speaker, typ, how="label"))
    return out


def _statement_runs(span: TokSpan) -> list[tuple[int, int]]:
    """Token ranges of the runs of statements in a paragraph: no questions, no stage directions."""
    runs: list[tuple[int, int]] = []
    start: int | None = None
    end = span.start
    sentences = []
    i = span.start
    while i < span.end:  # each sentence once (spaCy's stubs miss Span.sents)
        sentences.append(span.doc[i].sent)
        i = sentences[-1].end
    for sent in sentences:
        states = not is_question(sent) and any(t.pos_ in {"VERB", "AUX"} for t in sent) and \
            len([t for t in sent if t.is_alpha]) >= 4
        if states:
            start = sent.start if start is None else start
            end = sent.end
        elif start is not None:
            runs.append((start, end))
            start = None
    if start is not None:
        runs.append((start, end))
    return runs


def _contextual(doc: Doc, kept: list[Resolved], relay: Ref | None, relay_from: int, block_end: int,
                pidx: text_spans.ParagraphIndex, crossheads: list[int], ents: dict[str, Entity],
                relay_kind: str = "") -> list[Resolved]:
    """Claims with no cue: continuations of the relayed report and hedged narration."""
    taken = [(r.draft.content[0], r.draft.content[1]) for r in kept]
    cue_spans = [r.draft.cue for r in kept if r.draft.cue]
    out: list[Resolved] = []
    sents = list(doc.sents)
    prev_owner: Resolved | None = None
    prev_sent_had_own = False
    for sent in sents:
        s, e = sent.start_char, sent.end_char
        p = pidx.of(s)
        if p in crossheads or any(t.start <= s < t.end for t, _, _ in doc.user_data.get("cg_turns") or ()):
            prev_owner = None
            continue
        own = [r for r in kept if s <= r.draft.anchor < e]
        # a statement noun inside the sentence ("casts doubt on Moscow's claims that P") leaves the
        # sentence itself free to be someone's claim
        minor = [r for r in own if r.draft.kind == "nominal" and covered((s, e), r.draft.content) < 0.6]
        if own and len(minor) < len(own):
            prev_owner = max(own, key=lambda r: r.draft.anchor)
            prev_sent_had_own = True
            continue
        minor_contents = {m.draft.content for m in minor}
        if any(covered((s, e), c) > 0.5 for c in taken if c not in minor_contents) or any(
                c and s <= c[0] < e and not any(m.draft.cue == c for m in minor) for c in cue_spans):
            continue
        span = trim(doc, sent.start, sent.end)
        if span is None or span[1] - span[0] < 25:
            continue
        hedges = hedging.main_clause_hedges(doc, sent)
        strong = [h for h in hedges if h in hedging.strong_terms()]
        if _relays()["impersonal"].match(text_spans.text_of(doc)[s:e]):  # the sentence's text, as sent.text gives it
            strong.append("possible")  # "It is possible that P": the outlet's own estimate
        in_zone = relay is not None and relay_from <= p < block_end
        owner_is_relay = prev_owner is not None and prev_owner.speaker is not None and (
            _same(prev_owner.speaker, relay, ents) or any(_same(v, relay, ents) for v in prev_owner.via))
        draft = Draft(content=span, cue=None, stance="asserted", kind="context", anchor=span[0])
        continuation = (prev_sent_had_own and prev_owner is not None and _same(prev_owner.speaker, relay, ents)
                        and pidx.of(prev_owner.draft.anchor) >= p - 1)
        if in_zone and relay_kind == "label" and p > relay_from:
            label = frames.table(doc.vocab).block_label.match(text_spans.text_of(doc), span[0], span[1])
            if label:
                draft.content = (label.end(), span[1])
                draft.anchor = label.end()
            out.append(Resolved(draft, relay, "ORG", []))
            continue
        if in_zone and owner_is_relay and ((hedges and relay_kind == "block") or continuation):
            r = Resolved(draft, relay, "ORG", [])
            out.append(r)
            prev_owner = r
            prev_sent_had_own = False
            continue
        if strong:
            out.append(Resolved(draft, None, None, []))
        prev_sent_had_own = False
        if not in_zone:
            prev_owner = None
    return out

