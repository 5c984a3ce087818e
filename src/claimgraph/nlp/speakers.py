"""Speakers: who the words naming a claim's speaker stand for, within the document.

A registered component between attribution and chains. For each draft it settles a speaker
reference: a named entity in the speaker's words; a pronoun's antecedent; the entity a description
describes ("the ambassador", "the country's intelligence agency"); one speaker per unnamed source
however it is named later; the organisation that issued a document that "says" something. The same
resolution gives events their actors (`referent`).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.nlp import lexicon
from claimgraph.nlp.drafts import Draft, Resolved, words
from claimgraph.records import Entity, Ref

if not Doc.has_extension("cg_resolved"):
    Doc.set_extension("cg_resolved", default=None)

PLURAL_HEADS = frozenset({"NNS", "NNPS"})


def _lex() -> dict:  # type: ignore[type-arg]
    return lexicon.load("speakers")  # type: ignore[no-any-return]


def entities(doc: Doc) -> dict[str, Entity]:
    """The document's entities by id."""
    return {e.id: e for e in (doc._.cg_entities or ())}


def mentions_in(doc: Doc, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of the mentions inside a character range."""
    return [m for m in (doc._.cg_mentions or ()) if m[0] >= start and m[1] <= end]


def ref_for_range(doc: Doc, rng: tuple[int, int], ents: dict[str, Entity]) -> tuple[Ref, str | None, str]:
    """The speaker reference of a token range: (Ref, entity type, how: named/pronoun/role/document/unnamed)."""
    s, e = rng
    span = doc[s:e]
    text = span.text.strip()
    low = text.lower()
    pronouns = _lex()["pronouns"]
    if len(span) == 1 and low in pronouns:
        return Ref(None, text), None, "pronoun"
    head = span.root
    mentions = mentions_in(doc, span.start_char, span.end_char)
    by_type: dict[str, list[str]] = {}
    for _, _, eid in mentions:
        by_type.setdefault(ents[eid].type if eid in ents else "", []).append(eid)
    if "PERSON" in by_type:
        return Ref(by_type["PERSON"][-1], text), "PERSON", "named"
    if "ORG" in by_type:
        return Ref(by_type["ORG"][0], text), "ORG", "named"
    head_mention = next((eid for ms, me, eid in mentions if ms <= head.idx < me), None)
    if head_mention is not None:
        return Ref(head_mention, text), ents[head_mention].type if head_mention in ents else None, "named"
    w = words()
    head_low = head.lemma_.lower()
    if head_low in w["document_nouns"] and head.tag_ not in PLURAL_HEADS and any(
            t.lower_ in {"the", "this", "that", "its"} for t in span):
        return Ref(None, text), None, "document"
    if head_low in w["role_nouns"] and head.tag_ not in PLURAL_HEADS:
        return Ref(None, text), None, "role"
    return Ref(None, text), None, "unnamed"


def _resolve(doc: Doc, drafts: list[Draft], ents: dict[str, Entity]) -> list[Resolved]:
    items: list[Resolved] = []
    for d in drafts:
        if d.citing is not None:
            # "X reported, citing Y": Y speaks, X relays
            relay = ref_for_range(doc, d.speaker, ents)[0] if d.speaker else None
            cited, typ, how = ref_for_range(doc, d.citing, ents)
            items.append(Resolved(d, cited, typ, how=how, relay=relay))
            continue
        if d.speaker is None:
            items.append(Resolved(d, None, None))
            continue
        ref, typ, how = ref_for_range(doc, d.speaker, ents)
        items.append(Resolved(d, ref, typ, how=how))
    resolve_anaphora(doc, items, ents)
    return items


def resolve_anaphora(doc: Doc, items: list[Resolved], ents: dict[str, Entity]) -> None:
    """Pronouns and role descriptions point to the named speaker they stand for."""
    pronouns = _lex()["pronouns"]
    ordered = sorted(items, key=lambda r: r.draft.anchor)
    history: list[Resolved] = []
    for idx, r in enumerate(ordered):
        how = r.how
        if r.speaker is None or how in {None, "named", "unnamed"}:
            if how in {"named", "unnamed"}:
                history.append(r)
            continue
        text = r.speaker.text.lower()
        target: Resolved | None = None
        if how == "pronoun":
            want = pronouns.get(text)
            for h in reversed(history):
                if want == "PERSON" and h.speaker_type == "PERSON":
                    target = h
                    break
                if want == "ORG" and h.speaker_type in {"ORG", "GPE"}:
                    target = h
                    break
                if want is None and (h.speaker_type in {"ORG", "GPE", "NORP"} or _plural(doc, h)):
                    target = h
                    break
        elif how == "role":
            target = _role_target(doc, r, ordered, idx, history)
        elif how == "document":
            target = next((h for h in reversed(history) if h.speaker_type == "ORG"), None)
        if target is None and how == "pronoun" and pronouns.get(text) == "PERSON" and r.draft.speaker:
            # no earlier speaker: the last person the text named shortly before ("Colonel Moen spoke. 'X,' she said.")
            start = doc[r.draft.speaker[0]].idx
            people = [eid for ms, me, eid in doc._.cg_mentions or () if me <= start and start - me < 400
                      and eid in ents and ents[eid].type == "PERSON"]
            if people:
                r.speaker = Ref(people[-1], r.speaker.text)
                r.speaker_type = "PERSON"
                r.how = "named"
                history.append(r)
                continue
        if target is None and how in {"role", "unnamed"} and r.draft.speaker:
            org = organisation_described(doc, r.draft.speaker, ents)
            if org is not None:
                r.speaker = Ref(org, r.speaker.text)
                r.speaker_type = "ORG"
                r.how = "named"
                history.append(r)
                continue
        if target is not None and target.speaker is not None:
            r.speaker = Ref(target.speaker.entity, r.speaker.text if target.speaker.entity else target.speaker.text)
            r.speaker_type = target.speaker_type
            r.how = "named"
            history.append(r)


def _role_target(doc: Doc, r: Resolved, ordered: list[Resolved], idx: int, history: list[Resolved]) -> Resolved | None:
    """The named person a role description ("the ambassador", "a Russian official") stands for."""
    if not r.draft.speaker or r.speaker is None:
        return None
    span = doc[r.draft.speaker[0]:r.draft.speaker[1]]
    head = span.root.lemma_.lower()
    mods = {t.lower_ for t in span if t.pos_ in {"ADJ", "PROPN"}}
    text = r.speaker.text.lower()
    for h in reversed(history):
        if h.speaker_type == "PERSON" and head and h.speaker is not None and head in h.speaker.text.lower():
            return h
    if text.startswith(("a ", "an ")):
        for nxt in ordered[idx + 1: idx + 4]:
            if nxt.how == "named" and nxt.speaker_type == "PERSON":
                ntext = nxt.speaker.text.lower() if nxt.speaker else ""
                return nxt if not mods or any(m in ntext for m in mods) else None
    if head in _lex()["person_roles"]:
        for h in reversed(history[-3:]):
            if h.speaker_type == "PERSON" and h.speaker is not None and (
                    not mods or any(m in h.speaker.text.lower() for m in mods)):
                return h
    return None


def organisation_described(doc: Doc, rng: tuple[int, int], ents: dict[str, Entity]) -> str | None:
    """The organisation named earlier that a description stands for ("the country's intelligence agency"
    after "the National Intelligence Service"): the latest one whose name shares a word with it."""
    raw = words()
    lex = _lex()
    org_words = set(raw["organisation_words"])
    synonyms = raw["organisation_synonyms"]
    span = doc[rng[0]:rng[1]]
    found = {synonyms.get(t.lemma_.lower(), t.lemma_.lower()) for t in span
             if t.pos_ in {"NOUN", "ADJ"} and t.ent_type_ not in {"NORP", "GPE"}}
    if not found & org_words:
        return None
    telling = found - set(lex["untelling_words"])
    if not telling:
        return None
    before = [(ms, eid) for ms, me, eid in doc._.cg_mentions or () if me <= span.start_char
              and eid in ents and ents[eid].type == "ORG"]
    for _, eid in sorted(before, reverse=True):
        e = ents[eid]
        names = " ".join([e.name, *e.aliases, *(m.text for m in e.mentions)]).lower()
        if any(w in names.split() for w in telling):
            return eid
    return None


def _plural(doc: Doc, r: Resolved) -> bool:
    if r.draft.speaker is None:
        return False
    return doc[r.draft.speaker[0]:r.draft.speaker[1]].root.tag_ in PLURAL_HEADS


@Language.component("claimgraph_speakers", requires=["doc._.cg_drafts", "doc._.cg_entities", "doc._.cg_mentions"],
                    assigns=["doc._.cg_resolved"])
def speakers(doc: Doc) -> Doc:
    """Settle who each draft's speaker words stand for (after claimgraph_attribution)."""
    doc._.cg_resolved = _resolve(doc, list(doc._.cg_drafts or ()), entities(doc))
    return doc
