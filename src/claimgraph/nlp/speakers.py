"""Speakers: who the words naming a claim's speaker stand for, within the document.

A registered component between attribution and chains. For each draft it settles a speaker
reference:
- a named entity in the speaker's words ("Defence Minister Anna Kowalska", "the Kremlin");
- a pronoun's antecedent: the nearest compatible earlier speaker or mention (person, organisation
  or group; singular or plural), preferring those that spoke or acted as subjects;
- the entity a description describes ("the analyst" after "Mara Keel, an analyst at Morgan Stanley",
  "the firm", "the militia", "the UN weather agency" before "the United Nations' World Meteorological
  Organization"), by the words the text gave it, its kind, its type and recency;
- one speaker per unnamed source ("sources familiar with the talks" ... "the sources", "another"),
  labelled by its fullest description;
- the organisation that issued a document that "says" something ("the earnings report showed"
  after "Tesla reported earnings");
- never a dateline or wire credit, a date, or a cue noun of its own clause.
The same resolution gives events their actors (`referent`). Its word lists are lexicon/speakers.yaml.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token
from spacy.tokens import Span as TokSpan

from claimgraph.nlp import lexicon, name_evidence, text_spans, turns
from claimgraph.nlp.drafts import Draft, Resolved, could_speak, dateline_end, speaker_range, words
from claimgraph.nlp.turns import Turn
from claimgraph.records import Entity, Ref

if not Doc.has_extension("cg_resolved"):
    Doc.set_extension("cg_resolved", default=None)

PLURAL_TAGS = frozenset({"NNS", "NNPS"})
MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss"})


@cache
def _lex() -> dict[str, Any]:
    raw = lexicon.load("speakers")
    kinds: dict[str, frozenset[str]] = {}
    kind_types: dict[str, frozenset[str]] = {}
    for kind, spec in raw["kinds"].items():
        for word in spec["words"]:
            kinds[word] = kinds.get(word, frozenset()) | {kind}
        kind_types[kind] = frozenset(spec["types"])
    return {**raw, "kind_of": kinds, "kind_types": kind_types,
            "source_heads": frozenset(raw["unnamed_sources"]["heads"]),
            "source_families": [frozenset(f) for f in raw["unnamed_sources"]["families"]],
            "anaphoric_sources": frozenset(raw["unnamed_sources"]["anaphors"]),
            "self_naming_verbs": frozenset(raw["self_naming_verbs"]),
            "unnamed_things": frozenset(raw["unnamed_sources"]["things"]),
            "speaking_roles": frozenset(raw["speaking_roles"]),
            "voice_roles": frozenset(raw["voice_roles"]),
            "dateline_dashes": frozenset(raw["dateline_dashes"]),
            "not_speakers": frozenset(raw["not_speakers"]), "generic_kinds": frozenset(raw["generic_kinds"]),
            "stateless_kinds": frozenset(raw["stateless_kinds"]),
            "status_modifiers": frozenset(raw["status_modifiers"]),
            "exclusive_offices": frozenset(raw["exclusive_offices"]),
            "opposed_words": {k: frozenset(v) for k, v in raw["opposed_words"].items()},
            "medium_name_words": frozenset(raw["medium_name_words"]),
            "word_only_kinds": frozenset(k for k, spec in raw["kinds"].items() if spec.get("word_only")),
            "any_kinds": frozenset(k for k, spec in raw["kinds"].items() if spec.get("fits_any")),
            "age_head": re.compile(raw["age_head"]),
            "gender": {**raw["gender"], "word_sets": {k: frozenset(v) for k, v in raw["gender"]["words"].items()},
                       "name_sets": {k: frozenset(v) for k, v in raw["gender"]["given_names"].items()}}}


def _aged(head: Token) -> bool:
    """Whether a description's head is an age ("the 83-year-old"), however the tokenizer cut it ("83 - year -
    old")."""
    text = head.doc[head.left_edge.i:head.i + 1].text
    return any(m.end() == len(text) for m in _lex()["age_head"].finditer(text))


def entities(doc: Doc) -> dict[str, Entity]:
    """The document's entities by id."""
    return {e.id: e for e in (doc._.cg_entities or ())}


def mentions_in(doc: Doc, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, entity id) of the mentions inside a character range."""
    return [m for m in (doc._.cg_mentions or ()) if m[0] >= start and m[1] <= end]


# ---- what the text says about each entity --------------------------------------------------------

@dataclass
class Referent:
    """An entity as the document describes it: the words around its mentions and where they stand."""

    eid: str
    type: str
    words: set[str] = field(default_factory=set)
    """Lemmas of its name and of the nouns and adjectives the text gives it ("carmaker", "analyst")."""
    modifiers: set[str] = field(default_factory=set)
    """Entities that modify its mentions ("the United Nations' weather agency" -> the UN)."""
    positions: list[int] = field(default_factory=list)
    subjects: list[int] = field(default_factory=list)
    """Where it stands as a clause's subject: salient for a later pronoun."""
    gender: str | None = None
    """male or female where the text marks it (a title, a gendered noun, a given name), else None."""


def _lemma(t: Token) -> str:
    return t.lemma_.lower()


def _title_run(span: TokSpan) -> list[Token]:
    """The words right before a name that title it, however the parser hung them ("Russian Ambassador to
    North Korea Alexander Matsegora", "Morgan Stanley analyst Mara Keel")."""
    doc = span.doc
    out: list[Token] = []
    i = span.start - 1
    while i >= 0 and len(out) < 10:
        t = doc[i]
        titles = t.pos_ in {"PROPN", "NOUN", "ADJ"} and not t.is_punct
        # a preposition inside the title ("Ambassador to North Korea"), never one right before the name: "a
        # scientist at NASA's laboratory" does not title NASA
        joins = t.pos_ == "ADP" and t.lower_ in {"of", "to", "for", "at"} and i > 0 \
            and doc[i - 1].pos_ in {"PROPN", "NOUN"} and i < span.start - 1
        if not (titles or joins):
            break
        out.append(t)
        i -= 1
    return [t for t in out if t.pos_ != "ADP"]


def _describing_tokens(root: Token, span: TokSpan) -> list[Token]:
    """Nouns and adjectives that describe a mention: the words before it in its phrase ("Finnish
    Interior Minister Mari Rantanen"), its appositions and predicates."""
    out = [t for t in root.doc[root.left_edge.i:span.start] if t.head.i >= t.i and not _in_possessor(t, root)] \
        + _title_run(span)
    for ap in (c for c in root.children if c.dep_ == "appos"):
        out.append(ap)
        out.extend(c for c in ap.children if c.dep_ in {"amod", "compound"})
    if root.dep_ == "appos" and root.head.pos_ in {"NOUN", "PROPN"}:
        out.append(root.head)
        out.extend(c for c in root.head.children if c.dep_ in {"amod", "compound"} and c.i < root.head.i)
    if root.dep_ == "compound" and root.head.pos_ == "NOUN":
        out.append(root.head)  # "the Tesla report", "UNIFIL spokeswoman"
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":
        out.extend(c for c in root.head.children if c.dep_ == "attr")
    return [t for t in out if t.pos_ in {"NOUN", "ADJ", "PROPN"}]


@dataclass
class Discourse:
    """Everything speaker resolution needs to know about a document, built once."""

    doc: Doc
    ents: dict[str, Entity]
    referents: dict[str, Referent]
    mention_at: dict[int, str]
    """Token index -> the entity whose mention covers it."""
    name_heads: dict[str, list[str]] = field(default_factory=dict)
    """The head word of each organisation's or place's name -> those entities ("survey" -> the British Antarctic
    Survey), for a description by that word."""

    def referent_of(self, t: Token) -> str | None:
        return self.mention_at.get(t.i)


def discourse(doc: Doc) -> Discourse:
    """The document's referents, built on first use and kept with the Doc."""
    cached = doc.user_data.get("cg_discourse")
    if isinstance(cached, Discourse):
        return cached
    ents = entities(doc)
    referents: dict[str, Referent] = {}
    mention_at: dict[int, str] = {}
    spans = []
    for s, e, eid in doc._.cg_mentions or ():
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is None or eid not in ents:
            continue
        spans.append((span, eid))
        for t in span:
            mention_at[t.i] = eid
    for span, eid in spans:
        ref = referents.setdefault(eid, Referent(eid, ents[eid].type))
        if _means_no_one(span):
            continue
        ref.positions.append(span.start_char)
        ref.words |= {_lemma(t) for t in span if t.is_alpha}
        root = span.root
        for t in _describing_tokens(root, span):
            other = mention_at.get(t.i)
            if other is not None and other != eid:
                ref.modifiers.add(other)
            else:
                ref.words.add(_lemma(t))
        for c in root.children:
            if c.dep_ in {"poss", "prep"}:
                target = c if c.dep_ == "poss" else next((p for p in c.children if p.dep_ == "pobj"), None)
                if target is not None and mention_at.get(target.i) not in {None, eid}:
                    ref.modifiers.add(mention_at[target.i])
        if _stands_as_subject(root, mention_at):
            ref.subjects.append(span.start_char)
    for ref in referents.values():
        ref.words |= {w.lower() for w in ents[ref.eid].name.split()}
        if ref.type == "PERSON":
            ref.gender = _gender(ref.words, ents[ref.eid].name)
    found = Discourse(doc, ents, referents, mention_at, _name_heads(ents, referents))
    doc.user_data["cg_discourse"] = found
    return found


SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def _stands_as_subject(t: Token, mention_at: dict[int, str]) -> bool:
    """Whether a name's head is a clause's subject, or the name a described subject is given in apposition ("His
    rival's adviser, Paul Ostrow, spoke to reporters": Ostrow spoke, and is whom a later "he" continues); not a
    name hung on a subject that is a name itself ("Levin, a delegate supporting Clinton, said": Clinton said
    nothing, however the parser hung her)."""
    return t.dep_ in SUBJECT_DEPS or (t.dep_ == "appos" and t.head.dep_ in SUBJECT_DEPS
                                      and t.head.i not in mention_at)


def _gender(described: set[str], name: str) -> str | None:
    """The gender the text marks for a person: a gendered word it was given, or a given name."""
    g = _lex()["gender"]
    described = {w.strip(".") for w in described}  # "Mr." is the lexicon's "mr"
    marks: set[str] = {k for k, ws in g["word_sets"].items() if described & ws}
    if len(marks) == 1:
        return marks.pop()
    first = name.split()[0].lower() if name.split() else ""
    found = [k for k, ns in g["name_sets"].items() if first in ns]
    return found[0] if len(found) == 1 else None


# ---- the words that name a speaker ------------------------------------------------------------

def _past_dateline(doc: Doc, s: int, e: int) -> tuple[int, int]:
    """A speaker phrase without the dateline before it; where the parser took the dateline itself for the
    subject ("OSLO — The central bank on Monday announced"), the noun phrase after its dash."""
    end = dateline_end(doc, s)
    if end is None or s >= end:
        return s, e
    if e > end:
        return end, e  # "WASHINGTON (AP) — The senator": the senator
    chunk = next((c for c in doc.noun_chunks if c.start >= end and c.start - end <= 2), None)
    return (chunk.start, chunk.end) if chunk is not None else (s, e)


@dataclass
class Words:
    """A speaker phrase read for resolution."""

    span: TokSpan
    text: str
    head: Token
    how: str
    """named, pronoun, role, description, document, unnamed or none (not a speaker at all)."""
    entity: str | None = None
    entity_type: str | None = None
    modifier_entities: set[str] = field(default_factory=set)
    modifier_words: set[str] = field(default_factory=set)
    name_words: set[str] = field(default_factory=set)
    """Proper nouns of the phrase that name no entity and no kind ("The Deseret News"): the entity it
    stands for must be named with them."""
    nationality_entities: set[str] = field(default_factory=set)
    """The modifier entities that are adjectives of nationality ("the Norwegian oil services group")."""
    describes: bool = False
    """Whether the phrase's head is a noun describing the entity it names ("A nurse, who gave her name as Leila",
    "a teachers' union, the Lowland Teachers Alliance"): what a later "the nurse" says again."""


def read_words(doc: Doc, rng: tuple[int, int], disc: Discourse) -> Words:
    """What kind of reference a speaker phrase is, and the named entity in it where there is one."""
    s, e = _past_dateline(doc, *rng)
    span = doc[s:e]
    text = span.text.strip()
    head = span.root
    if head.tag_ == "DT" and len(span) > 1:  # "the 83-year-old said": the parser hung each word on the verb
        head = max((t for t in span if not s <= t.head.i < e), key=lambda t: t.i)
    lex = _lex()
    if head.ent_type_ in lex["not_speakers"] and disc.referent_of(head) is None and not _aged(head):
        return Words(span, text, head, "none")
    low = text.lower()
    if len(span) == 1 and (low in lex["pronouns"] or (low in lex["possessives"] and head.tag_ == "PRP$")):
        return Words(span, text, head, "pronoun")  # "his claim that P": "his" stands for a person as "he" does
    if len(span) == 1 and head.tag_ in {"WP", "WDT"} and head.head.dep_ == "relcl":
        return Words(span, text, head, "relative")
    mods = {c for c in head.subtree if c.i != head.i and s <= c.i < e}
    mod_entities = {disc.mention_at[t.i] for t in mods if t.i in disc.mention_at} - {disc.referent_of(head)}
    synonyms = words()["organisation_synonyms"]
    mod_words = {synonyms.get(_lemma(t), _lemma(t)) for t in mods
                 if t.pos_ in {"NOUN", "ADJ"} and t.i not in disc.mention_at}
    kind_of = lex["kind_of"]
    name_words = {_lemma(t) for t in mods if t.pos_ == "PROPN" and t.i not in disc.mention_at
                  and _lemma(t) not in kind_of and _lemma(t) not in synonyms}
    nationality = {disc.mention_at[t.i] for t in mods if t.i in disc.mention_at and t.dep_ == "amod"
                   and t.pos_ == "ADJ"} & mod_entities
    found = Words(span, text, head, "unnamed", modifier_entities=mod_entities, modifier_words=mod_words,
                  name_words=name_words, nationality_entities=nationality)
    head_entity = disc.referent_of(head) or _bearer(disc, head)
    if head_entity is None:
        head_entity = _appos_name(disc, head, s, e) or _kind_named(disc, head) or _self_named(disc, head)
        found.describes = head_entity is not None and head.pos_ == "NOUN"
    named = [disc.mention_at[t.i] for t in span if t.i in disc.mention_at]
    related = _related_to_head(disc, head, e)
    people = [disc.mention_at[t.i] for t in span if t.i in disc.mention_at and t.i not in related
              and disc.ents[disc.mention_at[t.i]].type == "PERSON"]
    head_low = _lemma(head)
    if head_entity is not None:
        found.how, found.entity = "named", head_entity
    elif people:
        found.how, found.entity = "named", people[-1]
    elif named and (head_low in lex["speaking_roles"] or _is_person_word(head_low) or head_low in lex["source_heads"]) \
            and (orgs := [x for x in named if disc.ents[x].type == "ORG"]):
        # "a spokeswoman for UNIFIL", "ISW analysts": an unnamed person speaking for a named organisation
        found.how, found.entity = "named", orgs[0]
    else:
        found.how = _how_described(disc, span, head)
    if found.entity is not None:
        found.entity_type = disc.ents[found.entity].type
    return found


def _how_described(disc: Discourse, span: TokSpan, head: Token) -> str:
    """How a speaker phrase that names no entity refers: a document, a role, a description, or unnamed."""
    lex = _lex()
    head_low = _lemma(head)
    plural = head.tag_ in PLURAL_TAGS
    if head_low in words()["document_nouns"] and not plural:
        return "document"
    if head_low in lex["kind_of"] and not (head_low in lex["source_heads"] and plural):
        return "role" if _is_person_word(head_low) else "description"
    if head_low in words()["role_nouns"] and not plural:
        return "role"
    if _aged(head):
        return "role"  # "the 83-year-old said": a person the text just named
    if head.pos_ == "NOUN" and not plural and _definite(span) and _described_person(disc, head_low):
        return "role"  # "The nurse said" after "A nurse, who gave her name only as Leila,": a word the text gave a
        # person
    if not plural and _definite(span) and head_low in disc.name_heads:
        return "description"  # "the survey" after "the British Antarctic Survey": the head of its name
    return "unnamed"


def _described_person(disc: Discourse, word: str) -> bool:
    """Whether the text described a person it named with this noun ("Leila, a nurse", "a guard who gave his name
    as Ahmad"), beyond the words of the name."""
    return any(r.type == "PERSON" and word in r.words and word not in disc.ents[r.eid].name.lower().split()
               for r in disc.referents.values())


def _self_named(disc: Discourse, head: Token) -> str | None:
    """The person a relative clause says the phrase's head named itself as ("a medic who identified himself as
    Dr Karim", "a farmer who gave his name as Ahmed Noor", "a resident who asked to be identified only by her first
    name, Leila")."""
    verbs = _lex()["self_naming_verbs"]
    for rel in (c for c in head.children if c.dep_ == "relcl"):
        if rel.lemma_.lower() in verbs:
            for prep in (c for c in rel.children if c.dep_ == "prep" and c.lower_ == "as"):
                named = [disc.mention_at[t.i] for t in prep.subtree if t.i in disc.mention_at]
                people = [x for x in named if disc.ents[x].type == "PERSON"]
                if people:
                    return people[-1]
        given = [disc.mention_at[t.i] for t in rel.subtree if t.i in disc.mention_at
                 and name_evidence.given_as_a_name(t.doc, t.i)]
        people = [x for x in given if disc.ents[x].type == "PERSON"]
        if people:
            return people[-1]
    return None


def _kind_named(disc: Discourse, head: Token) -> str | None:
    """The organisation whose name stands before the noun of its kind ("the Emergency Lawyers group", "the
    Halvorsen company"): the phrase names it."""
    if head.lower_ not in name_evidence.evidence().organisation_kinds or head.i == 0:
        return None
    before = disc.mention_at.get(head.i - 1)  # the name right before the noun, and no other word describing it:
    # "the UN weather agency" is an agency of the UN
    if before is None or disc.ents[before].type != "ORG" or any(
            c.dep_ in {"compound", "amod", "nmod"} and disc.mention_at.get(c.i) != before for c in head.children):
        return None
    return before


def _appos_name(disc: Discourse, head: Token, s: int, e: int) -> str | None:
    """The name an apposition gives the head of a speaker phrase: "a local group, the Madani Resistance Committee,";
    its short form last where it has one ("Pakistan Tehreek-e-Insaf (PTI)")."""
    for c in head.children:
        if c.dep_ == "appos" and s <= c.i < e:
            for t in reversed(list(c.subtree)):
                if t.i in disc.mention_at and s <= t.i < e:
                    return disc.mention_at[t.i]
    return None


def _related_to_head(disc: Discourse, head: Token, e: int) -> set[int]:
    """The tokens of a person who owns the head or is the object of its preposition: someone else ("Silva's
    predecessor", "a lawyer for Silva" are not Silva; "Ambassador to North Korea Alexander Matsegora", the name parsed
    into the object after a place, is)."""
    doc = head.doc
    related = {t.i for c in head.children if c.dep_ == "poss" for t in c.subtree}
    for prep in (c for c in head.children if c.dep_ == "prep" and c.i + 1 < e):
        first = doc[prep.i + 1] if doc[prep.i + 1].pos_ != "DET" or prep.i + 2 >= e else doc[prep.i + 2]
        eid = disc.mention_at.get(first.i)
        if eid is not None:
            related |= {t.i for t in doc[first.i:e] if disc.mention_at.get(t.i) == eid}
    return related


NAME_PREPS = frozenset({"of", "for", "on", "in", "to", "at", "de", "du", "des", "la", "le"})
"""Words that end the head of an organisation's name: "Institute for the Study of War" is an institute."""


def _means_no_one(span: TokSpan) -> bool:
    """Whether a mention is no one a later phrase means: a dateline's place or wire credit ("HALDEN (Northwind
    News) -"), or the first part of a hyphened modifier ("the Hamburg-based company" is about the company)."""
    opening = dateline_end(span.doc, span.start)
    return (opening is not None and span.end <= opening) or _in_hyphened_modifier(span)


def _in_hyphened_modifier(span: TokSpan) -> bool:
    """Whether a mention is the first part of a hyphened modifier of another noun ("Hamburg-based company",
    "Kremlin-backed group", "Saudi-led coalition")."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text not in {"-", "‑"} or doc[span.end].whitespace_:
        return False
    after = doc[span.end + 1]
    return not span[-1].whitespace_ and after.pos_ in {"ADJ", "VERB"} and after.dep_ in {"amod", "compound"}


def _in_possessor(t: Token, root: Token) -> bool:
    """Whether t stands in a possessor of the phrase headed by root, which describes another party ("carmaker" of
    "the carmaker's rival BMW" is BMW's rival, not BMW)."""
    for a in itertools.chain([t], t.ancestors):
        if a.i == root.i:
            return False
        if a.dep_ == "poss":
            return True
    return False


def name_head(name: str) -> str:
    """The head word of a name, lower case: "British Antarctic Survey" -> "survey", "Institute for the Study
    of War" -> "institute"."""
    words = name.split()
    cut = next((i for i, x in enumerate(words) if i and x.lower() in NAME_PREPS), len(words))
    return words[cut - 1].lower().strip(".,'’") if cut else ""


def _definite(span: TokSpan) -> bool:
    """Whether a phrase opens with a determiner that refers back ("the survey", "these sources")."""
    return len(span) > 0 and span[0].lower_ in _lex()["unnamed_sources"]["definite"]


def _name_heads(ents: dict[str, Entity], referents: dict[str, Referent]) -> dict[str, list[str]]:
    """The head word of each named organisation's or place's name -> those entities."""
    heads: dict[str, list[str]] = {}
    for ref in referents.values():
        if ref.type != "PERSON":
            heads.setdefault(name_head(ents[ref.eid].name), []).append(ref.eid)
    return heads


def _bearer(disc: Discourse, head: Token) -> str | None:
    """The one person named before whose name holds a bare proper noun NER missed ("Ives added")."""
    if not head.is_title or head.pos_ in {"PRON", "DET", "ADP", "VERB"}:
        return None
    people = [r.eid for r in disc.referents.values() if r.type == "PERSON" and r.positions
              and min(r.positions) < head.idx and head.text in disc.ents[r.eid].name.split()]
    return people[0] if len(people) == 1 else None


def _is_person_word(lemma: str) -> bool:
    return any(k.startswith("person") for k in _lex()["kind_of"].get(lemma, ()))


# ---- resolution ----------------------------------------------------------------------------------

@dataclass
class _Said:
    """A speaker settled so far, for later pronouns and descriptions."""

    at: int
    entity: str | None
    text: str
    type: str | None
    person: bool
    plural: bool
    words: tuple[int, int] = (0, 0)
    """Token range of the words that named it."""


@dataclass
class _Source:
    """An unnamed source: every way the text names it, the fullest first."""

    labels: list[str]
    words: set[str]
    head: str
    at: int
    entities: set[str] = field(default_factory=set)
    """Entities its descriptions name ("U.S. officials" -> the United States)."""


CO_ARGUMENT_DEPS = frozenset({"dobj", "dative", "iobj", "prep", "agent", "npadvmod"})
"""The dependents of a reporting verb that name whom it was said to, with or about (Resolver._co_arguments)."""
CO_ARGUMENT_REACH = 40
"""How many tokens either side of the reporting verb its co-arguments are looked for in."""


class Resolver:
    """Settles speaker phrases in text order, remembering who spoke."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.disc = discourse(doc)
        self.said: list[_Said] = []
        self.sources: list[_Source] = []

    # -- the entry point -------------------------------------------------------------------------

    def settle(self, rng: tuple[int, int], at: int, words_said: tuple[int, int] | None = None,
               cue: tuple[int, int] | None = None, disputes: bool = False) -> tuple[Ref | None, str | None, str | None]:
        """(reference, entity type, how) of the speaker phrase at token range rng, said at char offset at;
        words_said is the character range of what it said, where a pronoun's antecedent is never named;
        cue the character range of the reporting word, whose other arguments are never the speaker; a speaker
        that disputes may be one its words name ("accused the RSF of genocide, a charge the paramilitary
        rejects")."""
        w = read_words(self.doc, rng, self.disc)
        others = self._co_arguments(cue, rng, words_said)  # never the speaker: whom it told, whom it named
        if w.how == "none":
            return None, None, None
        if w.how == "relative":
            # "Mara Keel, who said": the relative pronoun names its noun; the words as written stay "who"
            ref, typ, how = self.settle(speaker_range(w.head.head.head), at)
            if ref is not None and ref.entity is not None:
                return Ref(ref.entity, w.text), typ, how
            return ref, typ, how
        entity: str | None = w.entity
        how = w.how
        label = w.text
        if how == "pronoun":
            entity, label = self._pronoun(w, at, others, words_said)
        elif how in {"role", "description"}:
            owner = self._possessive_owner(w, at, others)  # "his attorney" is never he
            named = frozenset() if disputes else self._named_in_report(w, words_said)
            entity = self._description(w, at, others | named | owner)
            if entity is None and how == "description":
                entity = self._state_of(w) or self._named_kind(w)
            if entity is None and how == "role":
                entity = self._organisation_of(w, at, others) or self._voiced(w, at, others | named)
            orgs = sorted(x for x in w.modifier_entities | owner if self.disc.ents[x].type == "ORG")
            if entity is None and how == "role" and orgs:
                entity = orgs[0]  # "the party's spokesman", never named: the party speaks
        elif how == "unnamed" and self._named_after_the_lede(w) is not None:
            # "A retired firefighter ... told a jury P": a role the lexicon does not know, named after the lede
            entity = self._description(w, at, others | self._named_in_report(w, words_said))
        elif how == "document":
            entity = self._issuer(w, at)
            if entity is None and _definite(w.span) and _lemma(w.head) in self.disc.name_heads:
                entity = self._description(w, at, others)  # "the survey": the British Antarctic Survey
        if entity is None and how in {"unnamed", "role", "description", "pronoun"}:
            label = self._unnamed(w, at, label)
        typ = self.disc.ents[entity].type if entity in self.disc.ents else None
        if how == "named" and entity in self.disc.referents and (
                self.disc.mention_at.get(w.head.i) == entity or w.describes):
            # the words that name a speaker describe it: "Russian Ambassador to North Korea Alexander Matsegora";
            # not where the name only modifies the phrase's head ("analysts at Rabobank" are no bank's words)
            known = self.disc.referents[entity]
            known.words |= {_lemma(t) for t in w.span if t.pos_ in {"NOUN", "PROPN", "ADJ"}
                            and t.i not in self.disc.mention_at and not _in_possessor(t, w.span.root)}
            known.modifiers |= w.modifier_entities
        person = typ == "PERSON" or _is_person_word(_lemma(w.head))
        plural = w.head.tag_ in PLURAL_TAGS and typ != "PERSON"  # "Ives" tagged as a plural noun is one man
        self.said.append(_Said(at, entity, label, typ or self._kind_type(w, person), person, plural,
                               (w.span.start, w.span.end)))
        # a document keeps its reading: the issuer speaks through it, it relays nothing of others'
        return Ref(entity, w.text if entity else label), typ, ("named" if entity and how != "document" else how)

    def _named_kind(self, w: Words) -> str | None:
        """"Khan's Tehreek party": an organisation's name right before a noun of its own kind (speakers.yaml
        own_kind_heads), in a definite or possessed phrase, is that organisation."""
        head = w.head
        if _lemma(head) not in _lex()["own_kind_heads"] or head.i == 0:
            return None
        eid = self.disc.mention_at.get(head.i - 1)
        possessed = any(c.dep_ == "poss" for c in head.children)
        if eid is None or self.disc.ents[eid].type != "ORG" or not (possessed or _definite(w.span)):
            return None
        return eid

    def _state_of(self, w: Words) -> str | None:
        """The state whose government a description names by its owner or nationality ("Sudan's army-backed
        government", "the German government"): a government speaks for its state."""
        if "state" not in _lex()["kind_of"].get(_lemma(w.head), frozenset()):
            return None
        owners = {self.disc.mention_at[c.i] for c in w.head.children
                  if c.dep_ in {"poss", "amod", "compound"} and c.i in self.disc.mention_at}
        states = [x for x in owners if self.disc.ents[x].type == "GPE"]
        return states[0] if len(states) == 1 else None

    def _possessive_owner(self, w: Words, at: int, others: frozenset[str]) -> frozenset[str]:
        """The entity a possessive pronoun of a description stands for ("his attorney", "its spokesman"): none or
        one."""
        lex = _lex()
        poss = next((c for c in w.head.children if c.dep_ == "poss" and c.tag_ == "PRP$"
                     and c.lower_ in lex["possessives"]), None)
        if poss is None:
            return frozenset()
        pw = read_words(self.doc, (poss.i, poss.i + 1), self.disc)
        if pw.how != "pronoun":
            return frozenset()
        entity, _ = self._pronoun(pw, at, others, within=(w.span.start, w.span.end))
        return frozenset({entity}) if entity in self.disc.ents else frozenset()

    def _kind_type(self, w: Words, person: bool) -> str | None:
        """ORG for a description no one named whose head is a kind of organisation only ("the Kremlin-backed
        group" said ... "It added"): what "it" may mean."""
        if person or w.how not in {"description", "unnamed", "role"}:
            return None
        types = _types_of(_lex()["kind_of"].get(_lemma(w.head), frozenset()))
        return "ORG" if "ORG" in types and "PERSON" not in types else None

    def _co_arguments(self, cue: tuple[int, int] | None, rng: tuple[int, int],
                      words_said: tuple[int, int] | None) -> frozenset[str]:
        """The entities the reporting clause names besides its speaker and its report: whom it was told to, with
        whom it was said, whom it mentions ('she told Ada Lind', 'in an interview with X, the candidate said',
        'he rarely mentioned Lind'). A pronoun or a description in the same clause is none of them."""
        span = self.doc.char_span(*cue, alignment_mode="expand") if cue is not None else None
        if span is None or span.root.pos_ not in {"VERB", "AUX"}:
            return frozenset()
        said_s, said_e = words_said if words_said is not None else (-1, -1)
        cue_t, found = span.root, set()
        for c in cue_t.children:  # its objects and prepositional phrases, near it: never a whole other clause
            if c.dep_ not in CO_ARGUMENT_DEPS:
                continue
            for t in self.doc[max(c.left_edge.i, cue_t.i - CO_ARGUMENT_REACH):
                              min(c.right_edge.i + 1, cue_t.i + CO_ARGUMENT_REACH)]:
                eid = self.disc.mention_at.get(t.i)
                if eid is not None and not rng[0] <= t.i < rng[1] and not said_s <= t.idx < said_e:
                    found.add(eid)
        return frozenset(found)

    def _named_in_report(self, w: Words, words_said: tuple[int, int] | None) -> frozenset[str]:
        """The entities the report of the speaker's own sentence names as its actors: a description is none of
        them ("the army accused the RSF of P": the army is not the RSF). An owner may be the speaker ("the
        company said Halvorsen's sales fell")."""
        if words_said is None:
            return frozenset()
        sent = w.span.sent
        found = set()
        for t in sent:
            eid = self.disc.mention_at.get(t.i)
            if eid is not None and words_said[0] <= t.idx < words_said[1] and t.dep_ not in {"poss", "compound"} \
                    and t.head.dep_ != "poss":
                found.add(eid)
        return frozenset(found)

    def settle_turn(self, turn: Turn) -> tuple[Ref, str | None]:
        """The speaker of a transcript turn: the person its label names, or the role it stands for."""
        if turn.generic is not None:
            return Ref(None, turn.generic), None
        surname = turn.name.split()[-1].lower()
        for ref in self.disc.referents.values():
            name = self.disc.ents[ref.eid].name
            if ref.type == "PERSON" and surname in name.lower().split():
                return Ref(ref.eid, name), "PERSON"
        return Ref(None, turn.name.title()), "PERSON"

    # -- pronouns ----------------------------------------------------------------------------------

    def _pronoun(self, w: Words, at: int, others: frozenset[str], words_said: tuple[int, int] | None = None,
                 within: tuple[int, int] | None = None) -> tuple[str | None, str]:
        """The antecedent of a pronoun: the compatible speaker or mention that scores best on recency, on
        having spoken (the last speaker most), and on standing as a subject in the sentences just before;
        a person the text marks as the other gender is never one, nor one its own words name ("He said,
        'Andy Warhol was the center of the Zeitgeist'": he is not Warhol)."""
        lex = _lex()
        text = w.text.lower()
        text = text if text in lex["pronouns"] else lex["possessives"][text]
        want = lex["pronouns"][text]
        if want == "SELF":
            return None, w.text  # "I", "we": only their own quotation, turn or interview says who they are
        gender = lex["gender"]["pronouns"].get(text)
        start = w.span.start_char
        scores: dict[str, float] = {}
        labels: dict[str, tuple[str | None, str]] = {}
        k = lex["weights"]["pronoun"]
        # within: the phrase a possessive stands in, whose speaker it never is ("his" of "his attorney said")
        fitting = [s for s in self.said if at - s.at <= k["speaker_reach"] and _fits(want, s)
                   and self._gender_fits(s.entity, gender) and s.words != within]
        for rank, s in enumerate(reversed(fitting)):
            key = s.entity or "~" + s.text
            bonus = (k["last_speaker"] if rank == 0 else k["earlier_speaker"]) - (
                start - min(s.at, start)) / k["speaker_fade"]
            scores[key] = max(scores.get(key, -9.0), bonus)
            labels[key] = (s.entity, s.text)
        for ref in self.disc.referents.values():
            if not _type_fits(want, ref.type) or not self._gender_fits(ref.eid, gender):
                continue
            before = [p for p in ref.positions if p < start and start - p < k["mention_reach"]]
            if not before:
                continue
            subject = any(start - p < k["subject_reach"] for p in ref.subjects if p < start)
            previous = w.head.dep_ in {"nsubj", "nsubjpass"} and self._main_subject_before(w.span, ref)
            # named earlier in the pronoun's own sentence, not in what it said ("Romania accounted for half, it
            # said": "it" is who spoke before, not the subject of its report)
            here = max(before) >= w.span.sent.start_char and not (
                words_said is not None and words_said[0] <= max(before) < words_said[1])
            score = -(start - max(before)) / k["mention_fade"] + (k["subject"] if subject else 0.0) + (
                k["same_sentence"] if here else 0.0) + (k["previous_subject"] if previous else 0.0)
            scores[ref.eid] = max(scores[ref.eid], scores[ref.eid] + k["spoke_and_named"], score) \
                if ref.eid in scores else score
            labels.setdefault(ref.eid, (ref.eid, w.text))
        group = self._group_subject_before(w) if want is None else None
        if group is not None:
            # "Researchers at two universities followed 500,000 people. They found P": "they" continues the group
            # the sentence before was about, not a place named inside its words
            key = "~" + group
            scores[key] = max(scores.get(key, -9.0), k["subject"] + k["previous_subject"])
            labels.setdefault(key, (None, group))
        for eid in others & scores.keys():
            del scores[eid]
        if words_said is not None and gender is not None:  # a person's words name others, not themselves
            for eid in [k for k in scores if k in self.disc.referents and self.disc.referents[k].type == "PERSON"]:
                if any(words_said[0] <= p < words_said[1] for p in self.disc.referents[eid].positions):
                    del scores[eid]
        if not scores:
            return None, w.text
        best = max(scores, key=lambda k: scores[k])
        entity, label = labels[best]
        return entity, (w.text if entity else label)

    def _group_subject_before(self, w: Words) -> str | None:
        """The words of the previous sentence's main subject where a subject pronoun follows it and it is a plural
        description of people that names no one ("Researchers at the universities of Southampton and Edinburgh"),
        or None."""
        span = w.span
        if w.head.dep_ not in {"nsubj", "nsubjpass"} or w.head.head.i != span.sent.root.i or span.sent.start == 0:
            return None  # only the main clause's subject continues the sentence before: "78 percent of voters
            # said they think P" is about the voters
        before = self.doc[span.sent.start - 1].sent
        subject = next((t for t in before.root.children if t.dep_ in {"nsubj", "nsubjpass"}), None)
        if subject is None or subject.tag_ not in PLURAL_TAGS or subject.pos_ != "NOUN" \
                or subject.i in self.disc.mention_at or not could_speak(subject):
            return None
        start, end = speaker_range(subject)
        return self.doc[start:end].text

    def _main_subject_before(self, span: TokSpan, ref: Referent) -> bool:
        """Whether ref is the main clause's subject in the sentence just before span's: what a subject pronoun
        continues (centering: "Rahman, 64, is a retired judge. He has rejected every charge")."""
        if span.sent.start == 0:
            return False
        before = self.doc[span.sent.start - 1].sent
        return any(_stands_as_subject(t, self.disc.mention_at) and self.disc.referent_of(t) == ref.eid
                   and (t.head if t.dep_ == "appos" else t).head.dep_ == "ROOT" for t in before)

    def _gender_fits(self, entity: str | None, gender: str | None) -> bool:
        if gender is None or entity is None or entity not in self.disc.referents:
            return True
        marked = self.disc.referents[entity].gender
        return marked is None or marked == gender

    # -- descriptions ------------------------------------------------------------------------------

    def _kinds_and_types(self, w: Words, head: str) -> tuple[frozenset[str], frozenset[str]]:
        """The kinds a description's head names and the entity types it may stand for."""
        lex = _lex()
        kinds = lex["kind_of"].get(head, frozenset())
        if not kinds and _aged(w.head):
            kinds = frozenset({"person_any"})
        types = _types_of(kinds) if kinds else frozenset({"PERSON"})
        if w.head.tag_ in PLURAL_TAGS:
            types -= {"PERSON"}  # "lawyers for the plaintiffs" are no one person named before
        if _described_person(self.disc, head) and w.head.tag_ not in PLURAL_TAGS and w.head.is_lower:
            types |= {"PERSON"}  # "the guard" the text said Ahmad is, though a guard may be an armed group's
            # ("the Guard" is the Revolutionary Guard's)
        if not kinds:  # a head of no kind stands for a person, or for what its name is headed by ("the survey")
            types |= frozenset(self.disc.ents[x].type for x in self.disc.name_heads.get(head, ()))
        return kinds, types

    def _description(self, w: Words, at: int, others: frozenset[str], generic: bool = True) -> str | None:
        lex = _lex()
        head = _lemma(w.head)
        kinds, types = self._kinds_and_types(w, head)
        start = w.span.start_char
        sentence_start = w.span.sent.start_char
        indefinite = w.span[0].lower_ in lex["indefinite_openings"]
        # "Aid groups warned": a bare plural is new to the text unless its head is a word of the referent's own
        # ("Israeli forces" may be the Israel Defense Forces; "aid groups" are no paramilitary group)
        bare_plural = w.head.tag_ in PLURAL_TAGS and w.span[0].pos_ not in {"DET", "PRON"} \
            and w.span[0].tag_ != "PRP$" and not any(t.tag_ == "POS" for t in w.span)
        k = lex["weights"]["description"]
        lede_person = self._named_after_the_lede(w)
        # a description points back; only where nothing before fits, forward a little ("the UN weather
        # agency said ..." before "the United Nations' World Meteorological Organization")
        for forward in (False, True):
            best: tuple[float, str] | None = None
            for ref in self.disc.referents.values():
                if ref.type not in types or not ref.positions or ref.eid in (w.modifier_entities | others):
                    continue  # "the UN weather agency" is not the UN; "the senator told Lind" is not Lind
                if forward:
                    later = [p for p in ref.positions if p > w.span.end_char]
                    if not later or min(later) - start > k["forward_reach"]:
                        continue
                    distance = k["forward_cost"] * (min(later) - start)
                else:
                    earlier = [p for p in ref.positions if p < start]
                    if not earlier:
                        continue
                    distance = start - max(earlier)
                if bare_plural and head not in ref.words:
                    continue
                lede = forward and ref.eid == lede_person
                score = max(self._match(w, ref, head, kinds, generic), k["lede_person"] if lede else 0.0)
                if score <= 0:
                    continue
                # "former" says nothing against a role the person was never given; against a title they hold, all
                # ("a former minister" is not Prime Minister Varga)
                modifiers = w.modifier_words - lex["status_modifiers"] if lede and head not in ref.words \
                    else w.modifier_words
                if (ref.type == "PERSON" and forward or indefinite) and _unknown_modifiers(modifiers, ref.words):
                    continue  # "a government spokesman" is no Pentagon spokesman named later, and "a lawyer for
                    # the bank" no lawyer named before whom the text never tied to a bank: a new person
                if forward and not lede and head not in ref.words and not (w.modifier_entities & ref.modifiers) and (
                        ref.type == "PERSON" or self._match(w, ref, head, kinds, generic=False) <= 0):
                    continue  # "the senator" is no mayor named later, "the opposition" no party named later;
                    # "a Finnish official" may be the minister, "the UN weather agency" the UN's WMO, "the
                    # paramilitary group" the Rapid Support Forces (a kind the name holds)
                score += 1.0 / (1.0 + distance / k["fade"])
                score += k["spoke"] if any(s.entity == ref.eid for s in self.said) else 0.0
                if not forward and max(earlier) >= sentence_start:
                    score += k["same_sentence"]  # "The RSF did not respond, but the group has denied ..."
                if best is None or score > best[0]:
                    best = (score, ref.eid)
            if best and best[0] >= k["enough"]:
                return best[1]
        return None

    def _named_after_the_lede(self, w: Words) -> str | None:
        """The person a lede's indefinite description stands for: the first the text names after its first
        paragraph, within forward_reach and standing as a subject there, where the lede names no person and the text
        gave that person no other role ("A former nurse ... told the court P." / "Prosecutors say Maria Lund, 41,
        ...")."""
        lex = _lex()
        if w.span[0].lower_ not in lex["indefinite_openings"]:
            return None
        head = _lemma(w.head)
        kinds = lex["kind_of"].get(head, frozenset())
        # a role the text gave no kind may be anyone's ("a former nurse"); an unnamed source or a spokesman is
        # someone the text keeps unnamed, not the person it names next
        if w.head.pos_ != "NOUN" or w.head.tag_ in PLURAL_TAGS or not all(x.startswith("person") for x in kinds) \
                or head in lex["source_heads"] or head in lex["speaking_roles"] or head in words()["document_nouns"]:
            return None
        paras = text_spans.paragraphs(text_spans.text_of(self.disc.doc))
        start = w.span.start_char
        if not paras or not paras[0][0] <= start < paras[0][1]:
            return None
        people = [r for r in self.disc.referents.values() if r.type == "PERSON" and r.positions]
        if any(min(r.positions) < paras[0][1] for r in people):
            return None
        first = min(people, key=lambda r: min(r.positions), default=None)
        reach = start + lex["weights"]["description"]["forward_reach"]
        if first is None or min(first.positions) > reach or not any(p <= reach for p in first.subjects):
            return None
        roles = {x for x in first.words if (_is_person_word(x) or x in words()["role_nouns"]) and x != head}
        if any(not (lex["kind_of"].get(x, frozenset()) & kinds) for x in roles):
            return None  # "the baby's mother, Ann Lee" is no nurse, "Fire chief Tom Berg" no neighbour
        return first.eid

    def _match(self, w: Words, ref: Referent, head: str, kinds: frozenset[str], generic: bool = True) -> float:
        lex = _lex()
        named = {x for x in ref.words}
        if w.name_words - named:
            return 0.0  # "The Deseret News" is no other newspaper named before
        offices = lex["exclusive_offices"]
        if head in offices and head not in named and named & offices:
            return 0.0  # "the city's mayor" is not the president named before
        if named & lex["opposed_words"].get(head, frozenset()):
            return 0.0  # "the army" is not the paramilitary force named before: the two sides of a war
        kind_of = lex["kind_of"]
        k = lex["weights"]["description"]
        given = set().union(*(kind_of.get(x, frozenset()) - lex["word_only_kinds"] for x in named))
        score: float = 0.0
        if head in named:
            score += k["same_word"]
        elif kinds & given:
            score += k["same_kind"]
        elif generic and kinds & lex["generic_kinds"] and (
                kinds & lex["any_kinds"] or not any(x in kind_of and not (
                    ref.type != "PERSON" and _is_person_word(x)) for x in named)):
            score += k["generic"]  # "the company": any organisation of the right type the text gave no other kind
            # (a person of it, "a Tesla spokesperson", is no kind of the organisation)
        score += k["modifier_word"] * len(w.modifier_words & named)
        agree = w.modifier_entities & ref.modifiers
        score += k["modifier_entity"] * len(agree)
        owned_by = w.modifier_entities - (w.nationality_entities if kinds & lex["stateless_kinds"] else set())
        if owned_by and not agree and score < k["same_word"]:
            return 0.0  # "Russia's foreign ministry" is not the ministry of another state; "the Norwegian oil
            # services group" may be the company named before: a nationality says where a company is, not whose
        return score

    def _organisation_of(self, w: Words, at: int, others: frozenset[str]) -> str | None:
        """'An official from the spy agency': the organisation a person description speaks for; only a role that
        speaks for it does ("the city's mayor" is a person of their own, not the city)."""
        lex = _lex()
        kind_of, roles = lex["kind_of"], lex["speaking_roles"]
        if w.head.lower_ not in roles and _lemma(w.head) not in roles:
            return None
        for t in w.span:
            if t.i == w.head.i or t.pos_ != "NOUN" or _is_person_word(_lemma(t)) or _lemma(t) not in kind_of:
                continue
            inner = read_words(self.doc, (t.left_edge.i, t.i + 1), self.disc)
            if inner.how == "description":
                found = self._description(inner, at, others, generic=False)
                if found is not None:
                    return found
        return None

    def _voiced(self, w: Words, at: int, others: frozenset[str]) -> str | None:
        """The organisation a spokesperson of no one's speaks for: the subject (or agent) of the main clause
        before it in its own sentence, else of the sentence before ("The company declined to comment. A
        spokesman said"). A person there is no organisation ("The minister left. A spokesman said"), and a
        spokesperson with an owner of its own ("a spokesman for the mayor", "his spokesman") is not voiced."""
        if _lemma(w.head) not in _lex()["voice_roles"] and w.head.lower_ not in _lex()["voice_roles"]:
            return None
        if w.modifier_entities or any(c.dep_ not in {"det", "amod"} for c in w.head.children
                                      if w.span.start <= c.i < w.span.end):
            return None
        sent = w.span.sent
        actor = self._main_actor(sent, before=w.span.start)
        if actor is None and sent.start > 0:
            actor = self._main_actor(self.doc[sent.start - 1].sent, before=sent.start)
        if actor is None:
            return None
        entity = self._actor_entity(actor, at)
        if entity is None or entity in others or self.disc.ents[entity].type != "ORG":
            return None
        return entity

    def _main_actor(self, sent: TokSpan, before: int) -> Token | None:
        """The subject of a sentence's main clause, or the agent of a passive one, where it comes before token
        index before."""
        root = sent.root
        for c in root.children:  # "The report was welcomed by Greenpeace": Greenpeace acted, not the report
            if c.dep_ == "agent":
                obj = next((p for p in c.children if p.dep_ == "pobj"), None)
                return obj if obj is not None and obj.i < before else None
        return next((c for c in root.children if c.dep_ in SUBJECT_DEPS and c.i < before), None)

    def _actor_entity(self, actor: Token, at: int) -> str | None:
        """The entity a clause's subject stands for: a name, a speaker already settled, or a description."""
        eid = self.disc.referent_of(actor)
        if eid is not None:
            return eid
        spoke = next((s.entity for s in reversed(self.said) if s.words[0] <= actor.i < s.words[1]), None)
        if spoke is not None:
            return spoke
        inner = read_words(self.doc, speaker_range(actor), self.disc)
        if inner.how == "named":
            return inner.entity
        if inner.how == "description":
            return self._description(inner, at, frozenset(), generic=True)
        return None

    # -- documents ---------------------------------------------------------------------------------

    def _issuer(self, w: Words, at: int) -> str | None:
        """Who issued the document a speaker phrase names: its owner, or who published it earlier."""
        owners = self._owners(w)
        if owners:
            return sorted(owners, key=lambda x: self.disc.referents[x].positions[0]
                          if x in self.disc.referents else 0)[0]
        described = self._described_owner(w, at)
        if described is not None:
            return described
        doc = self.doc
        names = {_lemma(w.head)} | w.modifier_words
        for t in reversed(doc[: w.span.start]):
            if t.dep_ in {"dobj", "nsubjpass"} and t.pos_ == "NOUN" and (
                    _lemma(t) in names or {_lemma(c) for c in t.children if c.dep_ == "compound"} & names):
                subj = next((c for c in t.head.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    owner = self.disc.referent_of(subj) or next(
                        (x.entity for x in self.said if x.words[0] <= subj.i < x.words[1]), None)
                    if owner is not None and self.disc.ents[owner].type in {"ORG", "GPE", "PERSON", "NORP"}:
                        return owner
            if w.span.start - t.i > 400:
                break
        return self._last_organisation_speaking(w)

    def _last_organisation_speaking(self, w: Words) -> str | None:
        """The organisation that spoke just before a definite document no one was said to issue ("..., the World
        Health Organization said. The report found that P"): the report is the one it put out."""
        if not _definite(w.span) or w.head.tag_ in PLURAL_TAGS or not self.said:
            return None
        last = self.said[-1]
        sent = w.span.sent
        previous = self.doc[sent.start - 1].sent if sent.start > 0 else sent
        if last.entity is None or self.disc.ents[last.entity].type != "ORG" or not (
                previous.start <= last.words[0] < sent.end):
            return None
        return last.entity

    def _described_owner(self, w: Words, at: int) -> str | None:
        """The owner of a document named by a description or a possessive pronoun: "the company's earnings
        report" is the company named before, "its report" the organisation "it" stands for."""
        lex = _lex()
        for c in w.head.children:
            if c.dep_ != "poss" or c.i in self.disc.mention_at:
                continue
            if c.lower_ in lex["possessives"]:
                pronoun = self.doc[c.i:c.i + 1]
                owner = Words(pronoun, lex["possessives"][c.lower_], c, "pronoun")
                return self._pronoun(owner, at, frozenset())[0]
            inner = read_words(self.doc, speaker_range(c), self.disc)
            if inner.how in {"description", "role"}:
                return self._description(inner, at, frozenset())
        return None

    def _owners(self, w: Words) -> set[str]:
        """The entities that own a document phrase: "the Kremlin's statement", "a Reuters report", "a poll by
        Gallup" -- not an entity named further inside it ("posts on a site for Scientology critics")."""
        found = set()
        for c in w.head.children:
            if c.dep_ in OWNER_DEPS:
                tokens = list(c.subtree) if c.dep_ == "poss" else [c]
            elif c.dep_ == "prep" and (c.lower_ in OWNER_PREPS or (c.lower_ in MEDIUM_PREPS and any(
                    self._a_medium(p) for p in c.children if p.dep_ == "pobj"))):
                # the object itself and the words of its name, not what hangs on it: "an analysis of ice
                # cores from Antarctica" is no one's; "a statement from the ministry" is the ministry's
                tokens = [t for p in c.children if p.dep_ == "pobj"
                          for t in (p, *(x for x in p.children if x.dep_ in OWNER_DEPS))]
            else:
                continue
            found |= {self.disc.mention_at[t.i] for t in tokens if t.i in self.disc.mention_at}
        return found & w.modifier_entities

    def _a_medium(self, t: Token) -> bool:
        """Whether a token names a news medium: an organisation whose name holds a word of one ("the Financial
        Times", "Kyiv Post")."""
        eid = self.disc.mention_at.get(t.i)
        if eid is None or self.disc.ents[eid].type != "ORG":
            return False
        return bool({x.lower() for x in self.disc.ents[eid].name.split()} & _lex()["medium_name_words"])

    # -- unnamed sources ---------------------------------------------------------------------------

    def _unnamed(self, w: Words, at: int, label: str) -> str:
        """One speaker per unnamed source: a later mention joins the group it refers back to."""
        lex = _lex()
        head = _lemma(w.head)
        content = {_lemma(t) for t in w.span if t.is_alpha and not t.is_stop}
        definite = _definite(w.span)
        anaphor = w.text.lower() in lex["anaphoric_sources"] or head in lex["anaphoric_sources"]
        if w.how == "pronoun":
            return label
        owned = any(t.dep_ == "poss" and t.tag_ == "PRP$" for t in w.span)  # "his lawyer" is someone's own
        for src in reversed(self.sources if not owned or anaphor else []):
            same_head = head == src.head or any(head in f and src.head in f for f in lex["source_families"])
            if anaphor or (same_head and w.modifier_entities <= src.entities and (definite or content <= src.words)):
                if not anaphor and len(label.split()) > len(src.labels[0].split()):  # "one of them" describes none
                    src.labels.insert(0, label)
                else:
                    src.labels.append(label)
                src.words |= content
                src.entities |= w.modifier_entities
                return src.labels[0]
        if (head in lex["source_heads"] or w.head.tag_ in PLURAL_TAGS) and head not in words()["noun_stance"] \
                and head not in lex["unnamed_things"]:
            # people and offices are one source however named again; "reports" of one thing and of another are not
            self.sources.append(_Source([label], content, head, at, set(w.modifier_entities)))
        return label


OWNER_DEPS = frozenset({"poss", "compound", "nmod"})
"""How an owner hangs on a document noun: "the Kremlin's statement", "a Reuters report"."""
OWNER_PREPS = frozenset({"by", "from", "of"})
"""... or through a preposition: "a poll by Gallup", "a statement from the ministry"."""
MEDIUM_PREPS = frozenset({"in", "on"})
"""... or, for a news medium, where it was published: "a report in the Financial Times"."""


def _types_of(kinds: frozenset[str]) -> frozenset[str]:
    """The entity types a description of these kinds may stand for."""
    kind_types = _lex()["kind_types"]
    return frozenset().union(*(kind_types[k] for k in kinds))


def _unknown_modifiers(said: set[str], known: set[str]) -> set[str]:
    """The modifier words of a description that the words known of a referent neither hold nor say in their own way
    ("federal" of "a federal judge" is said by "District" of "U.S. District Judge")."""
    same = _lex()["modifier_equivalents"]
    return {m for m in said - known if not set(same.get(m, ())) & known}


def _type_fits(want: str | None, typ: str | None) -> bool:
    if want == "PERSON":
        return typ == "PERSON"
    if want == "ORG":
        return typ in {"ORG", "GPE"}
    return typ in {"ORG", "GPE", "NORP"}


def _fits(want: str | None, s: _Said) -> bool:
    if want == "PERSON":
        return s.person and not s.plural
    if want == "ORG":
        return s.type in {"ORG", "GPE"} and not s.person and not s.plural
    return s.plural or s.type in {"ORG", "GPE", "NORP"}


# ---- the component -------------------------------------------------------------------------------

def resolve_drafts(doc: Doc, drafts: list[Draft]) -> list[Resolved]:
    """Each draft with its speaker settled, in the drafts' order."""
    resolver = Resolver(doc)
    out: dict[int, Resolved] = {}
    for i, d in sorted(enumerate(drafts), key=lambda x: x[1].anchor):
        relay = None
        words_at = d.citing if d.citing is not None else d.speaker
        if d.citing is not None and d.speaker is not None:
            relay = resolver.settle(d.speaker, d.anchor)[0]  # "X reported, citing Y": X relays
        if words_at is None:
            out[i] = Resolved(d, None, None, relay=relay)
            continue
        ref, typ, how = resolver.settle(words_at, d.anchor, d.content, d.cue, disputes=d.stance == "disputed")
        out[i] = Resolved(d, ref, typ, how=how, relay=relay)
    spoken = [(t, *resolver.settle_turn(t)) for t in turns.find_turns(text_spans.text_of(doc))]
    spoken.extend(interview_turns(doc, resolver))
    doc.user_data["cg_turns"] = spoken
    _own_words(doc, list(out.values()), [(t.start, t.end) for t, _, _ in spoken])
    return [out[i] for i in range(len(drafts))]


def _interviewee(doc: Doc, resolver: Resolver) -> str | None:
    """The person an interview's headline or lead says was interviewed: "Interview with X", "Wikinews
    interviewed X", "X tells Wikinews", "X sat down with Y for an interview"."""
    lex = _lex()["interviews"]
    paragraphs = text_spans.paragraphs(text_spans.text_of(doc))[: int(lex["lead_paragraphs"])]
    if not paragraphs:
        return None
    lead = doc.char_span(paragraphs[0][0], paragraphs[-1][1], alignment_mode="contract")
    if lead is None:
        return None

    disc = resolver.disc

    def person(t: Token) -> str | None:
        """The person a phrase names: a name in it ("philosopher Noam Chomsky"), or a pronoun's person."""
        if t.tag_ == "PRP":
            ref = resolver.settle((t.i, t.i + 1), t.idx)[0]
            return ref.entity if ref is not None and ref.entity in disc.ents and \
                disc.ents[ref.entity].type == "PERSON" else None
        for x in t.subtree:
            eid = disc.referent_of(x)
            if eid is not None and disc.ents[eid].type == "PERSON":
                return eid
        return None

    for t in lead:
        lemma = _lemma(t)
        if lemma in lex["interview_words"]:
            if any(c.dep_ in {"nsubjpass"} for c in t.children):  # "He was interviewed by Wikinews"
                found = person(next(c for c in t.children if c.dep_ == "nsubjpass"))
            else:  # "X interviews Y", "Interview with Y", "interviewed the founder, Y": the person named after it
                named = (disc.referent_of(x) for x in t.sent[t.i - t.sent.start + 1:])
                found = next((eid for eid in named if eid is not None and disc.ents[eid].type == "PERSON"), None)
            if found is not None:
                return found
        if lemma in lex["telling_words"] and t.pos_ == "VERB":
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            if subj is not None and person(subj) is not None:
                return person(subj)
    return None


def _frames_an_interview(doc: Doc, start: int | None = None, end: int | None = None) -> bool:
    """Whether the headline or lead (or the text between two offsets) calls the text an interview ("I sat down
    with her in her office" frames the answers that follow; it is none of them)."""
    lex = _lex()["interviews"]
    if start is None or end is None:
        spans = text_spans.paragraphs(text_spans.text_of(doc))[: int(lex["lead_paragraphs"])]
        start, end = (spans[0][0], spans[-1][1]) if spans else (0, 0)
    lead = doc.char_span(start, end, alignment_mode="contract") if end > start else None
    return lead is not None and any(_lemma(t) in lex["interview_words"] for t in lead)


def _first_person_in_lead(doc: Doc, disc: Discourse) -> str | None:
    """The first person the lead names, for an interview whose framing names the one interviewed by a title
    only ("Wikinews interviews the President of the Brotherhood")."""
    lex = _lex()["interviews"]
    for ps, pe in text_spans.paragraphs(text_spans.text_of(doc))[: int(lex["lead_paragraphs"])]:
        for _, _, eid in mentions_in(doc, ps, pe):
            if eid in disc.ents and disc.ents[eid].type == "PERSON":
                return eid
    return None


def _most_named_person(disc: Discourse, first_question: int) -> str | None:
    """The person the text names most often, among those it names before its first question (an interview's
    subject, where its lead names no one): a person first named in the questions and answers is a topic."""
    people = [r for r in disc.referents.values() if r.type == "PERSON" and r.positions
              and min(r.positions) < first_question]
    if not people:
        return None
    best = max(people, key=lambda r: (len(r.positions), -min(r.positions)))
    return best.eid if len(best.positions) >= 2 else None


def interview_turns(doc: Doc, resolver: Resolver) -> list[tuple[Turn, Ref, str | None]]:
    """An interview printed as questions and answers without labels: each answer paragraph after a question
    is a turn of the interviewee the headline or lead names. Nothing unless the text has such a lead and at
    least `minimum_questions` question paragraphs."""
    lex = _lex()["interviews"]
    text = text_spans.text_of(doc)
    paragraphs = text_spans.paragraphs(text)
    questions = [i for i, (ps, pe) in enumerate(paragraphs) if _is_question_paragraph(doc, text, ps, pe)]
    if not questions:
        return []
    eid = _interviewee(doc, resolver)
    framed = eid is not None
    if len(questions) < int(lex["minimum_questions_framed" if framed else "minimum_questions"]):
        return []
    if eid is None and _frames_an_interview(doc):
        eid = _first_person_in_lead(doc, resolver.disc)
    if eid is None and len(questions) >= int(lex["questions_without_lead"]):
        # questions and answers alone make an interview
        eid = _most_named_person(resolver.disc, paragraphs[questions[0]][0])
    if eid is None:
        return []
    ref = Ref(eid, resolver.disc.ents[eid].name)
    asker = _interviewer(doc, resolver, eid)
    out: list[tuple[Turn, Ref, str | None]] = []
    first = questions[0]
    if framed:  # the answer the text opens on before its first question mark ("I mean the theory was ...")
        # a paragraph that names the one interviewed speaks of them ("We spoke with Ada Lind"), not as them
        first = next((i for i in range(1, questions[0]) if _speaks_in_first_person(doc, *paragraphs[i])
                      and not _frames_an_interview(doc, *paragraphs[i])
                      and not any(e == eid for _, _, e in mentions_in(doc, *paragraphs[i]))), first)
    for i in range(first, len(paragraphs)):
        ps, pe = paragraphs[i]
        if i not in questions:
            out.append((Turn(ps, ps, ref.text, None, ps, pe), ref, "PERSON"))
        elif asker is not None:  # what the interviewer says beside a question ("I know you are speaking there")
            out.append((Turn(ps, ps, asker.text, None, ps, pe), asker, None))
    return out


def _speaks_in_first_person(doc: Doc, ps: int, pe: int) -> bool:
    """A paragraph with a first-person subject outside quotation marks: someone speaking for themselves."""
    first_person = _lex()["first_person"]
    quotes = [(s, e) for s, e, _, _ in text_spans.quotes_of(doc)]
    span = doc.char_span(ps, pe, alignment_mode="expand")
    return span is not None and any(
        t.dep_ in {"nsubj", "nsubjpass"} and t.lower_ in first_person and not any(s <= t.idx < e for s, e in quotes)
        for t in span)


def _is_question_paragraph(doc: Doc, text: str, ps: int, pe: int) -> bool:
    """A paragraph that ends with a question mark in a few sentences (`question_sentences`), not one that quotes
    the question inside narration."""
    if not text[ps:pe].rstrip().rstrip("\"”’'").endswith("?"):
        return False
    if turns.reported_question(text, ps, pe):
        return False
    span = doc.char_span(ps, pe, alignment_mode="expand")
    if span is None:
        return True
    starts = sum(1 for t in span[1:] if t.is_sent_start and not t.is_space)
    return starts + 1 <= int(_lex()["interviews"]["question_sentences"])


def _interviewer(doc: Doc, resolver: Resolver, interviewee: str) -> Ref | None:
    """Who asks an interview's questions: the other person of "X sat down with Y for an interview", else the
    outlet (the document's own)."""
    lex = _lex()["interviews"]
    disc = resolver.disc
    for ps, pe in text_spans.paragraphs(text_spans.text_of(doc))[: int(lex["lead_paragraphs"])]:
        lead = doc.char_span(ps, pe, alignment_mode="contract")
        for t in lead or []:
            if _lemma(t) in lex["interview_words"]:
                for x in t.sent:
                    eid = disc.referent_of(x)
                    if eid is not None and eid != interviewee and disc.ents[eid].type == "PERSON":
                        return Ref(eid, disc.ents[eid].name)
    outlet = doc._.cg_document.outlet if doc._.cg_document is not None else None
    return Ref(None, outlet) if outlet else None


def _own_words(doc: Doc, items: list[Resolved], spoken: list[tuple[int, int]]) -> None:
    """'“I think the ceasefire will hold,” she said': a first-person reporting clause inside a speaker's
    own quotation (or transcript turn, or interview answer) is that speaker hedging or restating, not a
    second statement."""
    first_person = _lex()["first_person"]
    quotes = [r for r in items if r.draft.quote and r.keep]
    for r in items:
        d = r.draft
        if d.quote or d.speaker is None or d.cue is None or \
                doc[d.speaker[0]:d.speaker[1]].text.lower() not in first_person:
            continue
        if any(q.draft.content[0] <= d.cue[0] < q.draft.content[1] for q in quotes) or any(
                s <= d.cue[0] < e for s, e in spoken):
            r.keep = False  # the quotation, or the transcript turn, is the speaker's own claim


def referent(doc: Doc, token: Token) -> Ref | None:
    """The entity a pronoun or description at a token stands for (for event actors and targets)."""
    resolver = Resolver(doc)
    for r in doc._.cg_resolved or ():
        if r.speaker is not None and r.draft.anchor < token.idx:
            resolver.said.append(_Said(r.draft.anchor, r.speaker.entity, r.speaker.text, r.speaker_type,
                                       r.speaker_type == "PERSON", False))
    left = token.left_edge.i
    right = token.i + 1 if token.tag_ == "PRP" else token.right_edge.i + 1
    ref, _, how = resolver.settle((left, right), token.idx)
    return ref if ref is not None and ref.entity is not None else None


@Language.component("claimgraph_speakers", requires=["doc._.cg_drafts", "doc._.cg_entities", "doc._.cg_mentions"],
                    assigns=["doc._.cg_resolved"])
def speakers(doc: Doc) -> Doc:
    """Settle who each draft's speaker words stand for (after claimgraph_attribution)."""
    doc._.cg_resolved = resolve_drafts(doc, list(doc._.cg_drafts or ()))
    return doc

