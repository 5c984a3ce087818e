"""Events: actor – action (PLOVER type) – target, with date, place and the claim that reports them."""
from __future__ import annotations

import bisect

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimgraph import records
from claimgraph.errors import LexiconError
from claimgraph.nlp import dates, lexicon, text_spans

MENTION_LABELS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})
"""spaCy entity labels that stand in for mentions while the names component has left none."""

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "within", "over"})
DESTINATION_PREPS = frozenset({"to", "into"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})


# ---- the lexicon -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One way to say an event: a lemma, what it needs around it, and the PLOVER type and mode."""

    lemma: str
    code: str | None
    mode: str | None = None
    objects: frozenset[str] | None = None
    """Head lemmas one of which the thing acted on must have; None: anything."""
    with_: frozenset[str] | None = None
    """Particles or prepositions one of which must follow the verb; None: none needed."""
    named_object: bool = False
    """The thing acted on must name an entity."""
    subjects: frozenset[str] | None = None
    """Head lemmas one of which the subject must have ("troops arrived"); None: anyone."""
    actor_prep: str | None = None
    """The actor is this preposition's object and the subject the target ("received shells from X")."""
    object_is_target: bool = False
    """The object is what the action hits even when it is a weapon ("shot down drones")."""
    themes: frozenset[str] = frozenset()
    """Head lemmas of objects that are moved or used, not acted on: the target is then named by a
    target preposition ("sent troops to Kursk", "launched an attack on Kyiv")."""
    patient_is_actor: bool = False
    of_is_actor: bool = False
    """For nouns: "the visit of the minister" names who acts, not what is acted on."""
    target_preps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """plover.yaml, indexed by lemma."""

    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    light_verbs: frozenset[str]
    quantities: frozenset[str]
    reporting_complements: frozenset[str]
    anaphors: dict[str, str]
    not_complements: frozenset[str]
    forms: dict[str, str]


def _words(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise LexiconError(f"lexicon plover.yaml: {where} must be a list of words, got {value!r}")
    return frozenset(w.lower() for w in value)


def _class(classes: dict[str, frozenset[str]], name: Any, where: str) -> frozenset[str]:
    if name not in classes:
        raise LexiconError(f"lexicon plover.yaml: {where}: unknown class {name!r}")
    return classes[name]


def _class_or_words(item: dict[str, Any], key: str, classes: dict[str, frozenset[str]],
                    where: str) -> frozenset[str] | None:
    """An entry's `objects` or `subjects`: the name of a word class, or a list of words (None when absent)."""
    value = item.get(key)
    if isinstance(value, str):
        return _class(classes, value, where)
    return None if value is None else _words(value, f"{where} {item['lemma']} {key}")


def _entries(raw: Any, code: str | None, spec: dict[str, Any], classes: dict[str, frozenset[str]],
             where: str) -> Iterator[Entry]:
    for item in raw or ():
        if isinstance(item, str):
            item = {"lemma": item}
        if not isinstance(item, dict) or not isinstance(item.get("lemma"), str):
            raise LexiconError(f"lexicon plover.yaml: {where}: each entry needs a lemma, got {item!r}")
        named = item.get("objects") == "named"
        objects = None if named else _class_or_words(item, "objects", classes, where)
        with_ = item.get("with")
        subjects = _class_or_words(item, "subjects", classes, where)
        yield Entry(
            lemma=item["lemma"].lower(), code=code, mode=item.get("mode"), objects=objects,
            with_=_words(with_, f"{where} {item['lemma']} with") if with_ is not None else None,
            named_object=named,
            subjects=subjects,
            actor_prep=str(item["actor"]).lower() if item.get("actor") else None,
            object_is_target=item.get("target") == "object",
            themes=frozenset().union(*(_class(classes, c, where) for c in spec.get("themes") or ())),
            patient_is_actor=bool(spec.get("patient_is_actor")),
            of_is_actor=bool(spec.get("of_is_actor")),
            target_preps=tuple(w.lower() for w in spec.get("target_preps") or ()),
        )


@cache
def load_lexicon() -> Lexicon:
    """The PLOVER lexicon, checked and indexed once per process."""
    data = lexicon.load("plover")
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise LexiconError("lexicon plover.yaml: needs a `types` mapping")
    classes = {name: _words(words, f"class {name}") for name, words in (data.get("classes") or {}).items()}
    verbs: dict[str, list[Entry]] = {}
    nouns: dict[str, list[Entry]] = {}
    sections: list[tuple[str | None, dict[str, Any]]] = list(data["types"].items())
    sections.append((None, data.get("uncoded") or {}))
    for code, spec in sections:
        if not isinstance(spec, dict):
            raise LexiconError(f"lexicon plover.yaml: type {code} must be a mapping")
        for part, index in (("verbs", verbs), ("nouns", nouns)):
            for entry in _entries(spec.get(part), code, spec, classes, f"{code or 'uncoded'} {part}"):
                index.setdefault(entry.lemma, []).append(entry)

    def ordered(index: dict[str, list[Entry]]) -> dict[str, tuple[Entry, ...]]:
        # the narrower reading first: "strike a deal" is AGREE before "strike" is ASSAULT
        return {k: tuple(sorted(v, key=lambda e: (e.objects is None and not e.named_object and e.subjects is None,
                                                  e.with_ is None)))
                for k, v in index.items()}

    return Lexicon(ordered(verbs), ordered(nouns), _words(data.get("light_verbs") or [], "light_verbs"),
                   _words(data.get("quantities") or [], "quantities"),
                   _words(data.get("reporting_complements") or [], "reporting_complements"),
                   {str(k).lower(): str(v) for k, v in (data.get("anaphors") or {}).items()},
                   _words(data.get("not_complements") or [], "not_complements"),
                   {str(k).lower(): str(v).lower() for k, v in (data.get("forms") or {}).items()})


# ---- reading phrases ---------------------------------------------------------------------------

def _lemma(token: Token) -> str:
    lemma = token.lemma_.lower()
    return load_lexicon().forms.get(lemma, lemma)


def _core(token: Token, lex: Lexicon) -> Token:
    """The noun a phrase is about: "hundreds of soldiers" is about soldiers."""
    seen = 0
    while (_lemma(token) in lex.quantities or token.like_num or token.pos_ == "NUM") and seen < 4:
        of = [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children
              if p.dep_ == "pobj"]
        if not of:
            break
        token, seen = of[0], seen + 1
    return token


def _compact(token: Token) -> tuple[int, int]:
    """Token range of the phrase a noun heads, without determiners, clauses or trailing modifiers."""
    left = token.i
    for c in token.lefts:
        if c.dep_ in ("det", "predet", "punct", "cc", "preconj", "case", "advmod"):
            continue
        if c.dep_ == "poss" and c.pos_ == "PRON":
            continue
        left = min(left, c.left_edge.i)
    right = token.i + 1
    # a flat name continues to the right ("Kim Jong Un")
    while right < len(token.doc) and token.doc[right].head == token and token.doc[right].dep_ in (
            "flat", "compound") and token.doc[right].pos_ == "PROPN":
        right += 1
    if token.pos_ == "NOUN":  # "the village of Pogrebki": the name belongs to the phrase
        named = [p for c in token.rights if c.dep_ == "prep" and c.lower_ == "of" and c.i == right
                 for p in c.children if p.dep_ == "pobj" and p.pos_ == "PROPN"]
        if named:
            right = named[0].right_edge.i + 1
    return left, right


class Mentions:
    """Which entity each token names, from the names component or, failing it, spaCy's entities."""

    def __init__(self, doc: Doc):
        raw = doc._.cg_mentions
        types = {e.id: e.type for e in doc._.cg_entities or ()}
        if raw:
            spans = [(int(s), int(e), eid, types.get(eid, "")) for s, e, eid in raw]
        else:
            spans = [(ent.start_char, ent.end_char, None, ent.label_) for ent in doc.ents
                     if ent.label_ in MENTION_LABELS]
        self.spans = sorted(spans)
        self.by_token: dict[int, tuple[int, int, str | None]] = {}
        self.labels: dict[int, str] = {}
        for start, end, eid, label in self.spans:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            for t in span:
                self.by_token.setdefault(t.i, (start, end, eid))
                self.labels.setdefault(t.i, label)

    def at(self, token: Token) -> tuple[int, int, str | None] | None:
        return self.by_token.get(token.i)

    def label(self, token: Token) -> str:
        """The entity type of the mention at the token ("" where none)."""
        return self.labels.get(token.i, "")

    def within(self, tokens: Iterable[Token]) -> tuple[int, int, str | None] | None:
        for t in tokens:
            if t.i in self.by_token:
                return self.by_token[t.i]
        return None

    def last_before(self, char: int, label: str) -> tuple[int, int, str | None] | None:
        """The last mention of an entity of this type that ends before `char`."""
        found = [(s, e, eid) for s, e, eid, lab in self.spans if e <= char and lab == label]
        return found[-1] if found else None


PERSONAL = {"he": True, "she": True, "it": False, "they": False}
"""Pronouns that may stand for the subject of the clause they report, and whether that is a person."""


def _pronoun_antecedent(pronoun: Token, mentions: Mentions) -> tuple[int, int, str | None] | None:
    """ "Seoul said it would supply weapons": a subject pronoun in a reported clause stands for the
    named subject of the verb that reports it."""
    person = PERSONAL.get(pronoun.lower_)
    if person is None or pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = pronoun.head
    for _ in range(3):
        if clause.dep_ not in ("ccomp", "xcomp", "conj", "advcl") or clause.head.i == clause.i:
            return None
        clause = clause.head
        subjects = _children(clause, "nsubj")
        if subjects and subjects[0].pos_ != "PRON":
            mention = mentions.at(subjects[0])
            if mention is not None and (mentions.label(subjects[0]) == "PERSON") == person:
                return mention
            return None
    return None


def _ref(token: Token | None, lex: Lexicon, mentions: Mentions) -> records.Ref | None:
    """The entity a phrase names (via the mention in it) and the words that name it."""
    if token is None:
        return None
    if token.pos_ == "PRON" and mentions.at(token) is None:
        antecedent = _pronoun_antecedent(token, mentions)
        if antecedent is not None:
            return records.Ref(antecedent[2], token.text if antecedent[2] else
                               text_spans.text_of(token.doc)[antecedent[0]:antecedent[1]])
    head = _core(token, lex)
    doc = head.doc
    coordinated = any(c.dep_ == "cc" for c in head.children)
    conjuncts = [head] + [c for c in head.conjuncts if coordinated and c.i > head.i and c.pos_ in ("PROPN", "NOUN")]
    ids = []
    for part in conjuncts:
        mention = mentions.at(part)
        if mention is None:
            modifiers = [t for c in part.children if c.dep_ in ("poss", "amod", "compound", "nmod", "npadvmod")
                         for t in c.subtree]
            mention = mentions.within(modifiers)
        if mention is None:
            of = [t for c in part.children if c.dep_ == "prep" and c.lower_ == "of" for t in c.subtree]
            mention = mentions.within(of)
        ids.append(mention[2] if mention else None)
    left, _ = _compact(conjuncts[0])
    _, right = _compact(conjuncts[-1])
    text = doc[left:right].text
    mention = mentions.at(head)
    if mention is not None:  # a name longer than the phrase read ("the Security Council")
        text = text_spans.text_of(doc)[min(mention[0], doc[left].idx):max(mention[1], doc[right - 1].idx + len(doc[right - 1]))]
    entity = ids[0] if len(set(ids)) == 1 else None
    if entity is None and len(conjuncts) == 1 and mention is None:
        label = lex.anaphors.get(_lemma(head))
        if label and any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
            antecedent = mentions.last_before(head.idx, label)
            if antecedent is not None:  # "the country" -> the country named last
                entity = antecedent[2]
                text = text if entity else text_spans.text_of(doc)[antecedent[0]:antecedent[1]]
    return records.Ref(entity, text.strip())


# ---- triggers ----------------------------------------------------------------------------------

def _children(token: Token, *deps: str) -> list[Token]:
    return [c for c in token.children if c.dep_ in deps]


def _pobjs(token: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the token's prepositions among `preps`, leaving out times ("in May")."""
    wanted = set(preps)
    return [p for c in token.children if c.dep_ in ("prep", "dative") and c.lower_ in wanted
            for p in c.children if p.dep_ == "pobj" and p.ent_type_ not in ("DATE", "TIME")]


def _is_passive(verb: Token) -> bool:
    return bool(_children(verb, "nsubjpass", "auxpass")) or _is_participle(verb)


def _is_participle(verb: Token) -> bool:
    """ "troops sent to Kursk": a past participle that modifies the noun it acts on."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not _children(verb, "dobj")


def _patient(verb: Token) -> Token | None:
    subj = _children(verb, "nsubjpass")
    if subj:
        s = subj[0]
        return verb.head if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else s
    if _is_participle(verb):
        return verb.head
    if verb.dep_ == "conj" and _children(verb, "auxpass"):  # "units suffered losses and were withdrawn"
        shared = _children(verb.head, "nsubj", "nsubjpass")
        return shared[0] if shared else None
    return None


def _subject(verb: Token, depth: int = 0) -> Token | None:
    """Who does what a verb says, following xcomp, conjunction and relative clauses."""
    subj = _children(verb, "nsubj", "csubj")
    if subj:
        s = subj[0]
        if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return verb.head
        return s
    if depth > 3:
        return None
    if verb.dep_ == "relcl" and verb.tag_ != "VB":  # not "ways to deploy them"
        return verb.head
    if verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "conj" and _is_passive(verb.head) != _is_passive(verb):
            return None
        return _subject(verb.head, depth + 1) if not _is_passive(verb.head) else None
    if verb.tag_ == "VBG":  # "struck ships, killing ten", "tries to hide it by vetoing": the main clause acts
        governor = verb.head.head if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" else \
            verb.head if verb.dep_ == "advcl" else None
        if governor is not None and governor.pos_ in ("VERB", "AUX") and not _is_passive(governor):
            return _subject(governor, depth + 1)
    return None


def _objects(verb: Token, lex: Lexicon) -> list[Token]:
    found = [_core(c, lex) for c in _children(verb, "dobj", "dative", "attr")]
    found += [_core(p, lex) for p in _pobjs(verb, ("with",))]
    patient = _patient(verb)
    if patient is not None:
        found.append(_core(patient, lex))
    return found


def _follows(verb: Token) -> set[str]:
    """The particles and prepositions after a verb, and "to" where an infinitive follows it."""
    words = {c.lower_ for c in verb.children if c.dep_ in ("prt", "prep", "advmod", "dative")}
    if any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in verb.children):
        words.add("to")
    return words


def _match(entries: tuple[Entry, ...], heads: list[Token], follows: set[str], mentions: Mentions,
           subject: Token | None = None) -> Entry | None:
    lemmas = {_lemma(h) for h in heads} | {h.lower_ for h in heads}
    for e in entries:
        if e.subjects is not None and (subject is None or _lemma(subject) not in e.subjects):
            continue
        if e.with_ is not None and not (e.with_ & follows):
            continue
        if e.objects is not None and not (e.objects & lemmas):
            continue
        if e.named_object and not any(mentions.at(h) for h in heads):
            continue
        return e
    return None


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in token.children)


# ---- dates, places and claims -------------------------------------------------------------------

def _attached(token: Token, trigger: Token, stops: set[int]) -> bool:
    """Whether `token` belongs to the trigger's own clause (no other clause or event in between)."""
    seen = 0
    while seen < 12:
        if token.i == trigger.i:
            return True
        if token.i in stops or (token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass")):
            return False  # another clause, or another event, holds it
        if token.head.i == token.i:
            return False
        token, seen = token.head, seen + 1
    return False


def _sent_ents(sent: Span) -> list[Span]:
    """The entities inside a sentence; spaCy's `Span.ents` scans every entity of the document each time."""
    doc = sent.doc
    ents = doc.user_data.get("cg_ents")
    if ents is None:
        ents = doc.user_data["cg_ents"] = list(doc.ents)
        doc.user_data["cg_ent_starts"] = [e.start for e in ents]
    starts = doc.user_data["cg_ent_starts"]
    i = bisect.bisect_left(starts, sent.start)
    out = []
    while i < len(ents) and ents[i].start < sent.end:
        if ents[i].end <= sent.end:
            out.append(ents[i])
        i += 1
    return out


def _date(trigger: Token, sent: Span, published: str | None, stops: set[int],
          said: dict[int, int]) -> dates.DateValue | None:
    heads = [trigger]
    if trigger.dep_ in ("xcomp", "conj") and trigger.head.pos_ in ("VERB", "AUX"):
        heads.append(trigger.head)  # "managed in May to retake": the date of the governing verb
    for head in heads:
        for ent in _sent_ents(sent):
            if ent.label_ != "DATE" or said.get(ent.root.i, trigger.i) != trigger.i:
                continue  # the date of a saying dates the saying (an accusation), not what was said
            if _attached(ent.root, head, stops - {head.i}):
                value = dates.normalise(ent.text, published)
                if value is not None:
                    return value
    return None


def _place(trigger: Token, sent: Span, lex: Lexicon, mentions: Mentions, stops: set[int],
           destination: Token | None) -> records.Ref | None:
    for ent in _sent_ents(sent):
        if ent.label_ not in PLACE_LABELS:
            continue
        root = ent.root
        pobj = root if root.dep_ == "pobj" else root.head if root.head.dep_ == "pobj" else None
        if pobj is None or pobj.head.lower_ not in PLACE_PREPS:
            continue
        if _attached(pobj.head, trigger, stops):
            return _ref(pobj, lex, mentions)
    if destination is not None and any(t.ent_type_ in PLACE_LABELS for t in destination.subtree):
        return _ref(destination, lex, mentions)
    return None


def _claim_of(token: Token, claims: tuple[records.Claim, ...]) -> str | None:
    """The innermost claim whose content holds the token."""
    holding = [c for c in claims if c.content.start <= token.idx < c.content.end]
    return min(holding, key=lambda c: c.content.end - c.content.start).id if holding else None


def _said_dates(claim: records.Claim, doc: Doc) -> tuple[Token | None, list[Span], list[Span]]:
    """The root of a claim's cue, the DATE entities attached to its reporting clause ("said
    Wednesday", "on Thursday dismissed", "according to ISW on February 11"), and those that say
    when the reported state of things held ("As of January, officials said ...")."""
    cue = doc.char_span(claim.cue.start, claim.cue.end, alignment_mode="expand") if claim.cue else None
    if cue is None or not len(cue):
        return None, [], []
    root = cue.root
    said, as_of = [], []
    for ent in _sent_ents(root.sent):
        if ent.label_ != "DATE" or claim.content.start <= ent.start_char < claim.content.end:
            continue
        attached = _attached(ent.root, root, set())
        if not attached and root.dep_ == "prep" and root.lower_ == "according":
            # "according to X on February 11": the date follows the source
            gap = doc[root.right_edge.i + 1:ent.start]
            attached = all(t.is_punct or t.lower_ in ("on", "in") for t in gap)
        if attached:
            before = doc[max(ent.start - 2, 0):ent.start].text.lower()
            (as_of if before.endswith("as of") else said).append(ent)
    return root, said, as_of


def date_claims(doc: Doc, claims: tuple[records.Claim, ...], published: str | None
                ) -> tuple[tuple[records.Claim, ...], dict[int, int], dict[str, dates.DateValue]]:
    """Claims with `date_said` filled where a date is attached to their own reporting clause.

    Also returns the tokens of those dates (each with its cue's root: they date the saying, not the
    events inside the claim) and, per claim, an "as of" date for the events it reports.
    """
    out = []
    used: dict[int, int] = {}
    as_of: dict[str, dates.DateValue] = {}
    for claim in claims:
        root, said, state = _said_dates(claim, doc)
        for ent in said + state:
            used.update((t.i, root.i) for t in ent if root is not None)
        value = next((v for ent in said if (v := dates.normalise(ent.text, published)) is not None), None)
        if value is not None and not claim.date_said:
            claim = dataclasses.replace(claim, date_said=value.value)
        held = next((v for ent in state if (v := dates.normalise(ent.text, published)) is not None), None)
        if held is not None:
            as_of[claim.id] = held
        out.append(claim)
    return tuple(out), used, as_of


# ---- events ------------------------------------------------------------------------------------

@dataclass
class _Found:
    trigger: Token
    entry: Entry
    actor: records.Ref | None
    target: records.Ref | None
    action_end: int
    destination: Token | None


def _target_of(entry: Entry, theme: Token | None, holder: Token, lex: Lexicon) -> tuple[Token | None, Token | None]:
    """(target, destination) of an event whose trigger (or theme noun) is `holder`."""
    destination = None
    for t in (holder, theme):
        if t is not None and destination is None:
            found = _pobjs(t, DESTINATION_PREPS)
            destination = found[0] if found else None
    by_prep = None
    for t in (holder, theme):
        if t is not None and by_prep is None:
            found = _pobjs(t, entry.target_preps)
            by_prep = found[0] if found else None
    if theme is not None and _lemma(_core(theme, lex)) not in entry.themes:
        return theme, destination
    return by_prep, destination


def _verb_event(verb: Token, lex: Lexicon, mentions: Mentions) -> _Found | None:
    entries = lex.verbs.get(_lemma(verb))
    if not entries or verb.pos_ != "VERB" or _negated(verb):
        return None
    if verb.dep_ == "amod" or (verb.dep_ == "acl" and verb.i < verb.head.i):
        return None  # "wounded soldiers", "the occupied region": a state, not an event
    if any(_lemma(c) in lex.reporting_complements for c in _children(verb, "xcomp")):
        return None
    objects = _objects(verb, lex)
    if not _subject(verb) and any(o.lower_ == "you" for o in objects):
        return None  # "Thank you": a formula of address, not an event
    subject = _subject(verb)
    entry = _match(entries, objects, _follows(verb), mentions, _core(subject, lex) if subject is not None else None)
    if entry is None:
        return None
    passive = _is_passive(verb)
    patient = _patient(verb)
    if passive:
        agents = [p for c in _children(verb, "agent") for p in c.children if p.dep_ == "pobj"]
        actor_tok = agents[0] if agents else (patient if entry.patient_is_actor else None)
        theme = None if actor_tok is patient else patient
    else:
        actor_tok = _subject(verb)
        dobj = _children(verb, "dobj", "dative")
        theme = dobj[0] if dobj else None
    target_tok, destination = _target_of(entry, theme, verb, lex)
    if entry.object_is_target and theme is not None:
        target_tok = theme
    if entry.actor_prep is not None:
        givers = _pobjs(verb, (entry.actor_prep,))
        actor_tok, target_tok = (givers[0] if givers else None), actor_tok
    if actor_tok is None and target_tok is None and theme is None:
        return None  # "to fight alongside": nobody and nothing named, nothing for a timeline
    end = verb.i + 1
    after = verb.doc[end] if end < len(verb.doc) else None
    if after is not None and after.head == verb and (after.dep_ == "prt" or (
            entry.with_ is not None and after.lower_ in entry.with_ and after.dep_ == "advmod")):
        end += 1  # "pulled back", "shot down"
    return _Found(verb, entry, _ref(actor_tok, lex, mentions), _ref(target_tok, lex, mentions), end, destination)


def _noun_event(noun: Token, lex: Lexicon, mentions: Mentions, verb_triggers: set[int]) -> _Found | None:
    entries = lex.nouns.get(_lemma(noun))
    if not entries or noun.pos_ != "NOUN" or noun.dep_ == "compound" or _negated(noun):
        return None
    carried = noun.dep_ in ("dobj", "nsubjpass", "attr") and noun.head.i in verb_triggers
    carried |= (noun.dep_ == "pobj" and noun.head.lower_ in ("to", "on", "for")
                and noun.head.head.i in verb_triggers)
    if carried:
        return None  # "launched an attack", "agreed to a ceasefire": the verb's event already says it
    of = [_core(p, lex) for p in _pobjs(noun, ("of",)) if _lemma(p) not in lex.not_complements]
    modifiers = [c for c in noun.children if c.dep_ == "compound"]
    entry = _match(entries, of + modifiers, _follows(noun), mentions)
    if entry is None:
        return None
    theme = of[0] if of else None
    actor_tok: Token | None = None
    poss = [p for p in _children(noun, "poss") if p.ent_type_ not in ("DATE", "TIME")]  # not "today's veto"
    if poss and poss[0].pos_ != "PRON":
        actor_tok = poss[0]
    elif (by := _pobjs(noun, ("by",)) + [p for c in _children(noun, "agent") for p in c.children
                                            if p.dep_ == "pobj"]):
        actor_tok = by[0]
    else:
        named = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")
                 and mentions.within(c.subtree) is not None]
        if named:
            actor_tok = named[0]
        elif noun.dep_ in ("dobj", "nsubjpass") and _lemma(noun.head) in lex.light_verbs:
            actor_tok = _subject(noun.head)
        elif theme is not None and (entry.patient_is_actor or entry.of_is_actor):
            actor_tok, theme = theme, None
    target_tok, destination = _target_of(entry, theme, noun, lex)
    if actor_tok is None and target_tok is None and theme is None:
        return None  # "the deployment", with nothing said of who or what, is no event on a timeline
    actor = _ref(actor_tok, lex, mentions)
    if actor_tok is not None and actor_tok.dep_ in ("amod", "compound", "nmod"):
        mention = mentions.within(actor_tok.subtree)
        if mention is not None:  # "a Ukrainian strike": the adjective names the actor
            actor = records.Ref(mention[2], text_spans.text_of(noun.doc)[mention[0]:mention[1]])
    return _Found(noun, entry, actor, _ref(target_tok, lex, mentions), noun.i + 1, destination)


def find_events(doc: Doc, said: dict[int, int] | None = None,
                as_of: dict[str, dates.DateValue] | None = None) -> tuple[records.Event, ...]:
    """Every event the lexicon knows in a parsed Doc, narrated or inside a claim.

    Args:
        said: tokens of dates that date a claim's saying, each with the root of that claim's cue.
        as_of: per claim id, the date for which it reports a state of things ("As of January").
    """
    lex = load_lexicon()
    mentions = Mentions(doc)
    document = doc._.cg_document
    published = getattr(document, "published", None)
    claims = tuple(doc._.cg_claims or ())
    found: list[_Found] = []
    for sent in doc.sents:
        verbs = [f for t in sent if (f := _verb_event(t, lex, mentions)) is not None]
        triggers = {f.trigger.i for f in verbs}
        nouns = [f for t in sent if (f := _noun_event(t, lex, mentions, triggers)) is not None]
        found.extend(sorted(verbs + nouns, key=lambda f: f.trigger.i))
    stops = {f.trigger.i for f in found}
    events = []
    for n, f in enumerate(found, 1):
        t, sent = f.trigger, f.trigger.sent
        claim_id = _claim_of(t, claims)
        when = _date(t, sent, published, stops, said or {})
        if when is None and claim_id is not None and as_of and claim_id in as_of:
            when = as_of[claim_id]
        start, end = t.idx, doc[f.action_end - 1].idx + len(doc[f.action_end - 1])
        events.append(records.Event(
            id=f"v{n}",
            actor=f.actor,
            action=records.Action(text_spans.text_of(doc)[start:end], f.entry.code, f.entry.mode, start, end),
            target=f.target,
            date=when.value if when else None,
            place=_place(t, sent, lex, mentions, stops, f.destination),
            sentence=records.Span(sent.text, sent.start_char, sent.end_char),
            claim=claim_id,
            date_precision=when.precision if when else None,
        ))
    return tuple(events)


@Language.component(
    "claimgraph_events",
    requires=["doc.ents", "token.dep", "token.lemma", "doc._.cg_mentions", "doc._.cg_claims"],
    assigns=["doc._.cg_events", "doc._.cg_claims"],
)
def events(doc: Doc) -> Doc:
    """Sets `doc._.cg_events`, and `date_said` on the claims whose reporting clause carries a date."""
    document = doc._.cg_document
    published = getattr(document, "published", None)
    said: dict[int, int] = {}
    as_of: dict[str, dates.DateValue] = {}
    if doc._.cg_claims:
        doc._.cg_claims, said, as_of = date_claims(doc, tuple(doc._.cg_claims), published)
    doc._.cg_events = find_events(doc, said, as_of)
    for key in ("cg_text", "cg_ents", "cg_ent_starts"):  # per-run caches of the components
        doc.user_data.pop(key, None)
    return doc
