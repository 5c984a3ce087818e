"""Events: actor – action (PLOVER type) – target, with modality, date, place and the claim that reports them.

A trigger is a verb or noun of `lexicon/plover.yaml` whose entry's conditions hold (the word sense);
`event_roles` names who acts and who is acted on, `modality` reads how the event is reported, and
an event that a PLOVER speech act governs ("pledged to send troops", "threatened to strike", "urged
Serbia to withdraw", "refused to release") is coded as that act, as PLOVER codes intentions,
threats, demands and refusals.
"""
from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass

from spacy.language import Language
from spacy.symbols import NOUN, VERB
from spacy.tokens import Doc, Span, Token

from claimgraph import records
from claimgraph.nlp import dates, modality, parse_columns, text_spans
from claimgraph.nlp.event_lexicon import ALL, Entry, Lexicon, load_lexicon
from claimgraph.nlp.event_roles import (
    RELATIVE_PRONOUNS,
    Context,
    Mentions,
    antecedent,
    antecedent_of_relative,
    children,
    core,
    is_gerund_object,
    is_passive,
    lemma_of,
    patient,
    pobjs,
    ref_of,
    subject,
)

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset({"in", "at", "near", "inside", "outside", "around", "across", "within", "over"})
DESTINATION_PREPS = frozenset({"to", "into"})
VERB_PREPS = frozenset({"to", "for", "on", "upon", "of", "with"})
"""Prepositions through which a speech act governs an event ("agreed to a ceasefire", "warned of an attack")."""
NOUN_PREPS = frozenset({"of", "for", "to"})
MAX_ACTION_TOKENS = 7
"""A speech act and the act it governs form one action text ("threatened to strike") when this close."""


# ---- matching entries -----------------------------------------------------------------------------

def _direct_objects(verb: Token) -> list[Token]:
    """The verb's objects ("the bargain that Moscow struck": the bargain), or the subject of its small
    clause ("found the company guilty")."""
    found = [antecedent_of_relative(o) for o in children(verb, "dobj", "dative")]
    if not found:
        found = [s for c in children(verb, "ccomp") if c.pos_ == "ADJ" for s in children(c, "nsubj")]
    if not found and verb.dep_ == "relcl" and verb.head.pos_ == "NOUN" and any(
            s.lower_ not in RELATIVE_PRONOUNS for s in children(verb, "nsubj")):
        found = [verb.head]  # "the bargain (that) Moscow has struck": the noun is what the clause acts on
    return found


def _objects(verb: Token, lex: Lexicon) -> list[Token]:
    """The heads of what a verb acts on, with their compounds ("aid trucks": truck and aid)."""
    found = [core(c, lex) for c in _direct_objects(verb) + children(verb, "attr")]
    found += [core(p, lex) for p in pobjs(verb, ("with",))]
    p = patient(verb)
    if p is not None:
        found.append(core(p, lex))
    return found + [c for o in found for c in o.children if c.dep_ == "compound"]


def _follows(verb: Token) -> set[str]:
    """The particles and prepositions after a verb (or its object: "charged X with"), predicatives
    ("found X guilty"), and "to" where an infinitive follows it."""
    words = {c.lower_ for c in verb.children if (c.dep_ in ("prt", "prep", "advmod", "dative", "agent", "oprd", "acomp")
                                                  or (c.dep_ == "ccomp" and c.pos_ == "ADJ")) and not _is_time(c)}
    for o in children(verb, "dobj")[:1]:
        words |= {c.lower_ for c in o.children if c.dep_ == "prep"}
    for c in children(verb, "xcomp", "ccomp"):
        if any(a.lower_ == "to" for a in c.children):
            words.add("to")
        elif c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
            words.add("that")  # "we agree [that] it should be extended": an opinion, not an agreement
    return words


def _is_time(prep: Token) -> bool:
    """ "for July", "in May": a preposition whose object is a date says when, not what."""
    return prep.dep_ == "prep" and any(p.dep_ == "pobj" and p.ent_type_ in ("DATE", "TIME") for p in prep.children)


def _governing_pair(noun: Token) -> str | None:
    """The verb whose object a noun is ("opened fire"), or "verb prep" where it is the object of the
    verb's preposition ("went on strike")."""
    prep = noun.head
    if noun.dep_ == "pobj" and prep.head.i != prep.i and prep.head.pos_ in ("VERB", "AUX"):
        return f"{prep.head.lemma_.lower()} {prep.lower_}"
    if noun.dep_ in ("dobj", "nsubjpass") and prep.pos_ in ("VERB", "AUX"):
        return str(prep.lemma_).lower()
    return None


def _is_event_noun(token: Token, lex: Lexicon) -> bool:
    return token.pos_ == "NOUN" and lemma_of(token, lex) in lex.nouns


@dataclass
class _Around:
    """What stands around a trigger, against which entries are matched."""

    heads: list[Token]
    follows: set[str]
    actor: Token | None = None
    modifiers: frozenset[str] = frozenset()
    governed_by: str | None = None
    pos: str = ""
    doer: Token | None = None
    """The actor alone (`actor` may stand in with the theme for nouns whose "of" complement acts)."""
    determined: bool = False
    """A noun has a determiner or possessor."""
    by_prep: dict[str, list[Token]] | None = None
    """Objects of the trigger's prepositions: what it acts on where the entry needs that preposition
    ("warned of retaliation", "filed for bankruptcy")."""


def _match(entries: tuple[Entry, ...], around: _Around, ctx: Context) -> Entry | None:
    lex = ctx.lex
    actor = lemma_of(core(around.actor, lex), lex) if around.actor is not None else None
    for e in entries:
        heads = around.heads + [p for w in e.with_ or () for p in (around.by_prep or {}).get(w, ())]
        lemmas = {lemma_of(h, lex) for h in heads} | {h.lower_ for h in heads}
        if e.pos is not None and around.pos != e.pos:
            continue
        if e.subjects is not None and actor not in e.subjects and not (e.subjects & around.modifiers):
            continue
        if e.needs_actor and around.doer is None:
            continue
        if e.determined and not around.determined:
            continue
        if e.named_subject and (around.doer is None or ctx.mentions.within(around.doer.subtree) is None):
            continue
        if e.with_ is not None and not (e.with_ & around.follows):
            continue
        if e.unless_with & around.follows:
            continue
        if (e.objects is not None or e.named_object or e.event_object or e.person_object or e.no_object) and not (
                (e.objects is not None and e.objects & lemmas)
                or (e.named_object and any(ctx.mentions.at(h) for h in heads))
                or (e.person_object and any(ctx.mentions.label(h) == "PERSON" for h in heads))
                or (e.event_object and any(_is_event_noun(h, lex) for h in heads))
                or (e.no_object and not heads)):
            continue
        if e.modifiers is not None and not (e.modifiers & around.modifiers):
            continue
        if e.after is not None and around.governed_by not in e.after:
            continue
        return e
    return None


def speech_act(head: Token, below: Token, ctx: Context) -> Entry | None:
    """The PLOVER governor entry `head` matches as the governor of `below`, or None.

    A governor takes the event as its infinitive or that-clause ("pledged to send", "warned that it
    would strike"), its object ("demanded a ceasefire"), or, for nouns, its infinitive or of/for
    complement ("a threat to invade", "calls for a ceasefire").
    """
    entries = ctx.lex.governors.get(lemma_of(head, ctx.lex))
    if not entries:
        return None
    rel = below.dep_
    if head.pos_ in ("VERB", "ADJ", "AUX"):
        if rel not in ("xcomp", "ccomp", "dobj", "prep", "amod") or (rel == "prep" and below.lower_ not in VERB_PREPS):
            return None
    elif head.pos_ == "NOUN":
        if rel not in ("acl", "prep") or (rel == "prep" and below.lower_ not in NOUN_PREPS):
            return None
    else:
        return None
    entry = _match(entries, _Around([], _follows(head), pos=head.pos_), ctx)
    particles = {c.lower_ for c in head.children if c.dep_ == "prt"}
    preps = {c.lower_ for c in head.children if c.dep_ == "prep"}
    clause = rel in ("xcomp", "ccomp") and ("to" in entry.with_ or bool(entry.with_ & preps)) if entry and entry.with_ \
        else False  # "called on the president to resign"
    if entry is not None and entry.with_ is not None and not (entry.with_ & particles) and not (
            (rel == "prep" and below.lower_ in entry.with_) or clause):
        return None  # "called for a ceasefire" governs the ceasefire; "called a snap election for July" not
    return entry


# ---- finding triggers ---------------------------------------------------------------------------

def _subject(verb: Token, ctx: Context) -> Token | None:
    return subject(verb, ctx.raising, 0, ctx.object_control)



@dataclass
class _Found:
    trigger: Token
    entry: Entry
    actor_tok: Token | None
    target_tok: Token | None
    action_end: int
    destination: Token | None
    actor: records.Ref | None = None
    target: records.Ref | None = None
    carrier: Token | None = None
    """The light verb that carries an event noun ("will hold a news conference on Friday"): where its date may hang."""


def _target_of(entry: Entry, theme: Token | None, holder: Token, lex: Lexicon) -> tuple[Token | None, Token | None]:
    """(target, destination) of an event whose trigger (or theme noun) is `holder`."""
    destination = None
    for t in (holder, theme):
        if t is not None and destination is None:
            found = pobjs(t, DESTINATION_PREPS)
            destination = found[0] if found else None
    by_prep = None
    for t in (holder, theme):
        if t is not None and by_prep is None:
            found = [p for p in pobjs(t, entry.target_preps, lex.not_targets)
                     if p.head.lower_ != "for" or _is_party_head(p, lex)]  # "aid for Gaza", not "for the treatment"
            by_prep = found[0] if found else None
    if theme is not None and ALL not in entry.themes and lemma_of(core(theme, lex), lex) not in entry.themes:
        return theme, destination
    return by_prep, destination


def _verb_event(verb: Token, ctx: Context) -> _Found | None:
    lex = ctx.lex
    entries = lex.verbs.get(lemma_of(verb, lex))
    if not entries or verb.pos_ != "VERB":
        return None
    if (verb.dep_ == "amod" and not is_gerund_object(verb)) or (verb.dep_ == "acl" and verb.i < verb.head.i):
        return None  # "wounded soldiers", "the occupied region": a state, not an event
    if any(lemma_of(c, lex) in lex.reporting_complements for c in children(verb, "xcomp")):
        return None  # "declined to comment"
    gerund = is_gerund_object(verb)
    objects = [core(verb.head, lex)] if gerund else _objects(verb, lex)
    actor_tok = _subject(verb, ctx)
    if any(o.lower_ == "you" for o in objects) and lemma_of(verb, lex) in lex.formulas:
        return None  # "Thank you", "Mr. Leff, thank you": a formula of address, not an event
    agents = [a for c in children(verb, "agent") for a in c.children if a.dep_ == "pobj"]
    doer = agents[0] if agents and is_passive(verb) else actor_tok  # "schools destroyed by the earthquake"
    by_prep: dict[str, list[Token]] = {}
    for c in children(verb, "prep"):
        by_prep.setdefault(c.lower_, []).extend(core(p, lex) for p in children(c, "pobj"))
    entry = _match(entries, _Around(objects, _follows(verb), doer, pos=verb.pos_, by_prep=by_prep, doer=doer), ctx)
    if entry is None:
        return None
    if is_passive(verb):
        p = patient(verb)
        agents = [a for c in children(verb, "agent") for a in c.children if a.dep_ == "pobj"]
        actor_tok = agents[0] if agents else (p if entry.patient_is_actor else None)
        theme = None if actor_tok is p else p
    else:
        dobj = _direct_objects(verb)
        theme = verb.head if gerund else dobj[0] if dobj else None
    target_tok, destination = _target_of(entry, theme, verb, lex)
    if theme is not None and (entry.object_is_target or (entry.object_unless_prep and target_tok is None)):
        target_tok = theme
    if entry.actor_prep == "object":  # "Seoul hosted the minister": the visitor acts
        actor_tok, target_tok = theme, actor_tok
    elif entry.actor_prep is not None:
        givers = pobjs(verb, (entry.actor_prep,))
        actor_tok, target_tok = (givers[0] if givers else None), actor_tok
    if actor_tok is None and target_tok is None and theme is None:
        return None  # "to fight alongside": nobody and nothing named, nothing for a timeline
    target_tok = _party_of(target_tok, ctx)
    end = verb.i + 1
    after = verb.doc[end] if end < len(verb.doc) else None
    if after is not None and after.head == verb and (after.dep_ == "prt" or (
            entry.with_ is not None and after.lower_ in entry.with_ and after.dep_ == "advmod")):
        end += 1  # "pulled back", "shot down"
    return _Found(verb, entry, actor_tok, target_tok, end, destination)


def _light_verb(noun: Token, lex: Lexicon) -> tuple[Token, bool] | None:
    """The light verb that carries an event noun ("carried out a raid", "went on strike", "came under
    fire"), and whether its subject is the target; None where there is none."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and lemma_of(noun.head.head, lex) in lex.quantities \
            and noun.head.head.i != noun.i:
        return _light_verb(noun.head.head, lex)  # "we have a full range of sanctions", "carried out a wave of strikes"
    if noun.dep_ in ("dobj", "nsubjpass", "attr"):
        verb, prep = noun.head, None
    elif noun.dep_ == "pobj" and noun.head.head.i != noun.head.i:
        verb, prep = noun.head.head, noun.head.lower_
    else:
        return None
    particles = {c.lower_ for c in verb.children if c.dep_ == "prt"}
    for lv in lex.light_verbs.get(lemma_of(verb, lex), ()):
        if lv.prep == prep and (lv.particle is None or lv.particle in particles):
            return verb, lv.subject_is_target
    return None


def carries(token: Token, head: Token, lex: Lexicon) -> bool:
    """Whether `head` only carries the event `token` names: a light verb of an event noun, or a verb
    of occurrence whose subject it is ("the talks took place", "the withdrawal will begin")."""
    if token.dep_ in ("nsubj", "csubj"):
        return lemma_of(head, lex) in modality.load_modality().occurrence and token.pos_ in ("NOUN", "VERB")
    found = _light_verb(token, lex) if token.pos_ == "NOUN" else None
    return found is not None and found[0].i == head.i


def _told_in(noun: Token) -> Token | None:
    """ "testimony before Congress, in which Hansen declared ...": who speaks in the clause the noun frames."""
    for clause in children(noun, "relcl"):
        framed = any(c.dep_ == "prep" and c.lower_ == "in" and any(p.lower_ == "which" for p in c.children)
                     for c in clause.children)
        subj = children(clause, "nsubj")
        if framed and subj:
            return subj[0]
    return None


def _noun_actor(noun: Token, entry: Entry, theme: Token | None, ctx: Context) -> tuple[Token | None, Token | None]:
    """(actor, theme) of an event noun: a possessor, a by-phrase, a naming modifier, its light verb's subject."""
    poss = [p for p in children(noun, "poss") if p.ent_type_ not in ("DATE", "TIME")]  # not "today's veto"
    by = pobjs(noun, ("by",)) + [p for c in children(noun, "agent") for p in c.children if p.dep_ == "pobj"]
    if poss and (poss[0].pos_ != "PRON" or antecedent(poss[0], ctx) is not None):
        return poss[0], theme
    if poss and poss[0].lower_ in ("their", "its", "his", "her"):
        return None, theme  # "their attack" by someone unnamed: not the subject of "conduct"
    if by:
        return by[0], theme
    named = [c for c in noun.children if c.dep_ in ("amod", "compound", "nmod")
             and ctx.mentions.within(c.subtree) is not None]
    if named:
        return named[0], theme
    told = _told_in(noun)
    if told is not None:
        return told, theme
    light = _light_verb(noun, ctx.lex)
    if light is not None and not light[1]:
        agents = [p for c in children(light[0], "agent") for p in c.children if p.dep_ == "pobj"]
        return (agents[0] if agents else _subject(light[0], ctx)), theme  # "the arrest was made by X"
    source = pobjs(noun, entry.source_preps)
    if source:  # "arms transfers from the DPRK to Russia"
        return source[0], theme
    if theme is not None and (entry.patient_is_actor or entry.of_is_actor):
        return theme, None
    return None, theme


HOST_PREPS = frozenset({"during", "at", "in", "through"})


def _host_actor(noun: Token, entry: Entry, verb_triggers: set[int], ctx: Context) -> Token | None:
    """The subject of the verb an event noun's during/at/in phrase hangs on, where the entry allows it."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in HOST_PREPS or prep.head.pos_ != "VERB":
        return None
    verb = prep.head
    if entry.host_actor == "event" and verb.i not in verb_triggers and lemma_of(verb, ctx.lex) not in entry.host_verbs:
        return None  # "killed ten in an attack", "used missiles in attacks on Kyiv": the killers, the users attack
    doer = _subject(verb, ctx) if not is_passive(verb) else None
    if doer is None or (entry.host_actor == "any" and not _is_party(doer, ctx)):
        return None  # "the forecast, repeated during a call with analysts": no one attends
    return doer


def _party_of(target: Token | None, ctx: Context) -> Token | None:
    """The party behind an event named as a target ("condemned Russia's strikes", "support to Russia's
    invasion": Russia); any other target as it is."""
    if target is None or not _is_event_noun(core(target, ctx.lex), ctx.lex):
        return target
    owner = [c for c in core(target, ctx.lex).children if c.dep_ == "poss" and ctx.mentions.at(c) is not None]
    return owner[0] if owner else target


def _is_party_head(token: Token, lex: Lexicon) -> bool:
    """Whether a phrase can name a party without knowing the mentions: a name, a pronoun, a person."""
    head = core(token, lex)
    people = lex.titles | lex.classes.get("persons", frozenset()) | lex.classes.get("people", frozenset())
    return head.pos_ in ("PROPN", "PRON") or head.ent_type_ in ("GPE", "ORG", "NORP", "PERSON") or (
        lemma_of(head, lex) in people)


def _is_party(token: Token, ctx: Context) -> bool:
    """Whether a phrase names someone who can take part: an entity, a person, an official."""
    lex = ctx.lex
    head = core(token, lex)
    people = lex.titles | lex.classes.get("persons", frozenset()) | lex.classes.get("delegations", frozenset())
    return ctx.mentions.at(head) is not None or head.pos_ == "PRON" or lemma_of(head, lex) in people


def _noun_event(noun: Token, ctx: Context, verb_triggers: set[int]) -> _Found | None:
    lex = ctx.lex
    entries = lex.nouns.get(lemma_of(noun, lex))
    if not entries or noun.pos_ != "NOUN" or noun.dep_ == "compound":
        return None
    governor = noun.head.head if noun.dep_ == "pobj" else noun.head
    carried = noun.dep_ in ("dobj", "nsubjpass", "attr") and noun.head.i in verb_triggers
    carried |= (noun.dep_ == "pobj" and noun.head.lower_ in ("to", "on", "for") and governor.i in verb_triggers)
    if carried and speech_act(governor, noun if noun.dep_ != "pobj" else noun.head, ctx) is None:
        return None  # "launched an attack", "signed a ceasefire": the verb's event already says it
    of = [core(p, lex) for p in pobjs(noun, ("of",)) if lemma_of(p, lex) not in lex.not_complements]
    on = [core(p, lex) for p in pobjs(noun, ("on", "in"))]  # "a hold on interest rates", "a cut in rates"
    modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
    words = frozenset(w for c in modifiers for w in (c.lower_, lemma_of(c, lex)))
    theme = of[0] if of else None
    light = _light_verb(noun, lex)
    first_actor, _ = _noun_actor(noun, entries[0], theme, ctx)
    if first_actor is None and entries[0].host_actor is not None:
        first_actor = _host_actor(noun, entries[0], verb_triggers, ctx)
    around = _Around(of + on + [c for c in modifiers if c.dep_ == "compound"], _follows(noun),
                     first_actor if first_actor is not None else theme, words, _governing_pair(noun), noun.pos_,
                     doer=first_actor, determined=any(c.dep_ in ("det", "poss") for c in noun.children))
    entry = _match(entries, around, ctx)
    if entry is None:
        return None
    actor_tok, theme = _noun_actor(noun, entry, theme, ctx)
    if actor_tok is None and entry.host_actor is not None:
        actor_tok = _host_actor(noun, entry, verb_triggers, ctx)
    if actor_tok is None and entry.subjects is not None:  # "a police raid": the compound is who acts
        actor_tok = next((c for c in modifiers if c.dep_ == "compound" and lemma_of(c, lex) in entry.subjects), None)
    target_tok, destination = _target_of(entry, theme, noun, lex)
    if target_tok is None and light is not None:  # "issued an ultimatum to the rebels"
        target_tok = next(iter(pobjs(light[0], entry.target_preps, lex.not_targets)), None)
    if light is not None and light[1]:
        target_tok = _subject(light[0], ctx)  # "the city came under fire"
    elif light is not None and noun.dep_ == "pobj" and target_tok is None:
        held = children(light[0], "dobj") or [p for p in (patient(light[0]),) if p is not None]
        target_tok = held[0] if held else None  # "placed the president under house arrest"
    if actor_tok is None and target_tok is None and theme is None and speech_act(
            governor, noun if noun.dep_ != "pobj" else noun.head, ctx) is None:
        return None  # "the deployment", with nothing said of who or what, is no event on a timeline
    target_tok = _party_of(target_tok, ctx)
    carrier = light[0] if light is not None else noun.head if carries(noun, noun.head, lex) else None
    return _Found(noun, entry, actor_tok, target_tok, noun.i + 1, destination, carrier=carrier)


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


def _date(heads: list[Token], sent: Span, published: str | None, stops: set[int],
          said: dict[int, int], future: bool) -> dates.DateValue | None:
    trigger = heads[0]
    if trigger.dep_ in ("xcomp", "conj") and trigger.head.pos_ in ("VERB", "AUX"):
        heads = heads + [trigger.head]  # "managed in May to retake": the date of the governing verb
    for head in heads:
        for ent in _sent_ents(sent):
            if ent.label_ != "DATE" or said.get(ent.root.i, trigger.i) != trigger.i:
                continue  # the date of a saying dates the saying (an accusation), not what was said
            if _attached(ent.root, head, stops - {head.i}):
                value = dates.normalise(ent.text, published, future=future)
                if value is not None:
                    return value
    return None


def _place(trigger: Token, sent: Span, ctx: Context, stops: set[int],
           destination: Token | None) -> records.Ref | None:
    for ent in _sent_ents(sent):
        if ent.label_ not in PLACE_LABELS:
            continue
        root = ent.root
        pobj = root if root.dep_ == "pobj" else root.head if root.head.dep_ == "pobj" else None
        if pobj is None or pobj.head.lower_ not in PLACE_PREPS:
            continue
        if _attached(pobj.head, trigger, stops):
            return ref_of(pobj, ctx)
    if destination is not None and any(t.ent_type_ in PLACE_LABELS for t in destination.subtree):
        return ref_of(destination, ctx)
    return None


def _claim_of(token: Token, claims: tuple[records.Claim, ...]) -> records.Claim | None:
    """The innermost claim whose content holds the token."""
    holding = [c for c in claims if c.content.start <= token.idx < c.content.end]
    return min(holding, key=lambda c: c.content.end - c.content.start) if holding else None


def _said_dates(claim: records.Claim, doc: Doc) -> tuple[Token | None, list[Span], list[Span]]:
    """The root of a claim's cue, the DATE entities attached to its reporting clause ("said
    Wednesday", "on Thursday dismissed", "according to ISW on February 11"), and those that say
    when the reported state of things held ("As of January, officials said ...")."""
    cue = doc.char_span(claim.cue.start, claim.cue.end, alignment_mode="expand") if claim.cue else None
    if cue is None or not len(cue):
        return None, [], []
    root = cue.root
    said: list[Span] = []
    as_of: list[Span] = []
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


# ---- coding: speech acts, conditions, modality ---------------------------------------------------

@dataclass
class _Coded:
    """A found event as it will be recorded: its type, mode, modality and the tokens of its action."""

    found: _Found
    code: str | None
    mode: str | None
    modality: str
    action: tuple[int, int]
    actor: records.Ref | None
    target: records.Ref | None
    heads: list[Token]
    """The trigger and, for a speech act, the act's governing word: where its date may hang."""


def _mode_for(lex: Lexicon, to_code: str, f: _Found) -> str | None:
    spec = lex.governed.get(to_code)
    if spec is None:
        return None
    return spec.modes.get(f"{f.entry.code}/{f.entry.mode}") or spec.modes.get(str(f.entry.code))


def _addressee(governor: Token, ctx: Context) -> records.Ref | None:
    """Who a request is made of: "urged Serbia to", "called on Serbia to", "appealed to the UN"."""
    tok = next(iter(children(governor, "dobj")), None)
    if tok is None or ctx.lex.nouns.get(lemma_of(tok, ctx.lex)):
        holders = [governor] + children(governor, "dobj")  # "requested assistance from Romania"
        found = [p for h in holders for p in pobjs(h, ("on", "upon", "to", "from"))]
        tok = found[0] if found else None
    return ref_of(tok, ctx) if tok is not None and not _is_event_noun(tok, ctx.lex) else None


def _span(a: Token, b: Token, end_b: int) -> tuple[int, int]:
    """The token range of an action spoken by `a` about `b` (one phrase if close, else `a` alone)."""
    if abs(b.i - a.i) <= MAX_ACTION_TOKENS:
        return min(a.i, b.i), max(a.i + 1, end_b)
    return a.i, a.i + 1


def _governed(f: _Found, r: modality.Reading, own: _Found | None, ctx: Context) -> _Coded:
    """An event a speech act governs, coded as that act ("pledged to send troops": AGREE, planned)."""
    lex = ctx.lex
    g, entry = r.governor, r.governor_entry
    assert g is not None and entry is not None and entry.code is not None
    spec = lex.governed[entry.code]
    doer = _noun_actor(g, entry, None, ctx)[0] if g.pos_ == "NOUN" else _subject(g, ctx)
    actor = own.actor if own is not None else ref_of(doer, ctx) or f.actor  # "the UN's call for a ceasefire"
    if r.governor_negated and spec.negated_modality:  # "did not rule out sending troops"
        return _Coded(f, f.entry.code, f.entry.mode, spec.negated_modality, (f.trigger.i, f.action_end),
                      f.actor, f.target, [f.trigger])
    code: str | None = entry.code
    value = spec.modality
    if spec.conflict_code and f.entry.code in spec.conflict_types:
        code, value = spec.conflict_code, spec.conflict_modality or value
    target = f.target
    if code == "REQUEST":
        target = _addressee(g, ctx) or f.target
    elif target is None and own is not None and own.target_tok is not None and own.target_tok.i != f.trigger.i:
        target = own.target
    mode = _mode_for(lex, code, f) if code is not None else None
    value = modality.strongest([v for v in (value, r.outer) if v])
    return _Coded(f, code, mode, value, _span(g, f.trigger, f.action_end), actor, target, [f.trigger, g])


def _code(f: _Found, r: modality.Reading, ctx: Context) -> _Coded:
    """An event no speech act governs: its own type, read for conditions ("will withdraw unless")."""
    lex = ctx.lex
    code, mode, value = f.entry.code, f.entry.mode, r.modality
    if f.entry.modality:
        value = modality.strongest([value, f.entry.modality])  # "pledged aid": a promise
    if r.consequence is not None and value not in ("hypothetical", "denied"):
        threat = r.consequence == "threatened" or lex.is_conflict(code) or code == "THREATEN"
        if threat:  # "will withdraw unless Ukraine stops": a threat, not a retreat that happened
            code, mode, value = "THREATEN", _mode_for(lex, "THREATEN", f), "threatened"
        else:
            value = "planned"  # "will lift the sanctions if": a conditional promise
    elif f.entry.code in lex.governed and lex.governed[f.entry.code].modality and _governs_clause(f.trigger):
        value = modality.strongest([value, str(lex.governed[f.entry.code].modality)])  # "threatened to close"
    end = f.action_end
    if f.entry.code in lex.governed:
        clause = next((c for c in children(f.trigger, "xcomp") if c.pos_ == "VERB"), None)
        if clause is not None and clause.i - f.trigger.i <= 2:
            end = clause.i + 1  # "threatened to close", "refused to leave"
    return _Coded(f, code, mode, value, (f.trigger.i, end), f.actor, f.target,
                  [f.trigger] + ([f.carrier] if f.carrier is not None else []))


def _governs_clause(trigger: Token) -> bool:
    return any(c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") for c in trigger.children)


def _in_claim(token: Token, claims: tuple[records.Claim, ...]) -> bool:
    return _claim_of(token, claims) is not None


_INTENT = Entry(lemma="", code="AGREE")
"""The reading of a reporting verb whose own subject says it will act: an expression of intent."""


def _same_actor(f: _Found, governor: Token, ctx: Context, strict: bool = False) -> bool:
    """Whether the event is the governing speaker's own act (or, unless `strict`, names no other actor):
    a promise or threat is about what the one who makes it will do."""
    if f.actor_tok is None or f.actor is None:
        return not strict
    doer = _subject(governor, ctx) if governor.pos_ != "NOUN" else _noun_actor(governor, f.entry, None, ctx)[0]
    if doer is None or doer.i == f.actor_tok.i:
        return True
    own = ref_of(doer, ctx)
    return own is not None and ((own.entity is not None and own.entity == f.actor.entity) or own.text == f.actor.text)


def code_events(found: list[_Found], ctx: Context) -> list[_Coded]:
    """Each found event coded with its modality; a speech act that governs events is folded into them."""
    lex = ctx.lex
    by_trigger = {f.trigger.i: f for f in found}

    def carry(token: Token, head: Token) -> bool:
        return carries(token, head, lex)

    coded: list[_Coded] = []
    folded: set[int] = set()
    for f in found:
        def act(head: Token, below: Token, f: _Found = f) -> Entry | None:
            entry = speech_act(head, below, ctx)
            if entry is not None and entry.code in ("AGREE", "THREATEN") and not _same_actor(f, head, ctx):
                return None  # "officials warned of a Russian attack": a warning, not Russia's threat
            return entry

        r = modality.read(f.trigger, act, carry, _in_claim(f.trigger, ctx.claims))
        if r.governor is None and r.reporter is not None and r.modality == "planned" and r.consequence is None \
                and f.entry.code is not None and f.entry.code not in lex.governed \
                and _same_actor(f, r.reporter, ctx, strict=True):
            # "Japan announced it would provide aid": its own intention (AGREE), or threat (THREATEN)
            r.governor, r.governor_entry = r.reporter, _INTENT
            r.outer = "done"
        if r.governor is not None and r.governor.i != f.trigger.i:
            own = by_trigger.get(r.governor.i)
            if own is not None and r.governor_entry is not _INTENT:
                folded.add(own.trigger.i)
            coded.append(_governed(f, r, own if r.governor_entry is not _INTENT else None, ctx))
        else:
            coded.append(_code(f, r, ctx))
    return [c for c in coded if c.found.trigger.i not in folded]


# ---- events ------------------------------------------------------------------------------------

def _context(doc: Doc) -> Context:
    mlex = modality.load_modality()
    return Context(load_lexicon(), Mentions(doc), tuple(doc._.cg_claims or ()), mlex.raising, mlex.object_control)


def find_events(doc: Doc, said: dict[int, int] | None = None,
                as_of: dict[str, dates.DateValue] | None = None) -> tuple[records.Event, ...]:
    """Every event the lexicon knows in a parsed Doc, narrated or inside a claim.

    Args:
        said: tokens of dates that date a claim's saying, each with the root of that claim's cue.
        as_of: per claim id, the date for which it reports a state of things ("As of January").
    """
    ctx = _context(doc)
    document = doc._.cg_document
    published = getattr(document, "published", None)
    found: list[_Found] = []
    cols = parse_columns.columns(doc)
    pos = cols.pos
    lemmas = [ctx.lex.forms.get(lemma, lemma) for lemma in (w.lower() for w in cols.lemma)]  # as `lemma_of` reads them
    for sent in doc.sents:  # (part of speech and lemma from the lists first: most tokens are no trigger)
        verbs = [f for i in range(sent.start, sent.end)
                 if pos[i] == VERB and ctx.lex.verbs.get(lemmas[i]) and (f := _verb_event(doc[i], ctx)) is not None]
        triggers = {f.trigger.i for f in verbs}
        nouns = [f for i in range(sent.start, sent.end) if pos[i] == NOUN and ctx.lex.nouns.get(lemmas[i])
                 and (f := _noun_event(doc[i], ctx, triggers)) is not None]
        found.extend(sorted(verbs + nouns, key=lambda f: f.trigger.i))
    for f in found:
        f.actor, f.target = ref_of(f.actor_tok, ctx), ref_of(f.target_tok, ctx)
        if f.actor_tok is not None and f.actor_tok.dep_ in ("amod", "compound", "nmod"):
            mention = ctx.mentions.within(f.actor_tok.subtree)
            if mention is not None:  # "a Ukrainian strike": the adjective names the actor
                f.actor = records.Ref(mention[2], text_spans.text_of(doc)[mention[0]:mention[1]])
    stops = {f.trigger.i for f in found}
    events: list[records.Event] = []
    for c in code_events(found, ctx):
        events.append(_record(len(events) + 1, c, doc, ctx, published, stops, said or {}, as_of or {}))
    return tuple(events)


def _record(n: int, c: _Coded, doc: Doc, ctx: Context, published: str | None, stops: set[int],
            said: dict[int, int], as_of: dict[str, dates.DateValue]) -> records.Event:
    f = c.found
    sent = f.trigger.sent
    claim = _claim_of(c.heads[-1], ctx.claims)  # a speech act's claim: "Parliament rejected X" is no denial of X
    value = c.modality
    if claim is not None and claim.stance == "disputed":
        value = "denied"  # "The Kremlin dismissed reports that troops had crossed"
    # "the summit takes place on March 12": a scheduled event, told in the simple present
    scheduled = any(h.tag_ in ("VBZ", "VBP") and lemma_of(h, ctx.lex) in modality.load_modality().occurrence
                    for h in c.heads[1:])
    perfect = any(a.dep_ == "aux" and a.lemma_ == "have" for h in c.heads for a in h.children)  # "may have been"
    future = value in ("planned", "threatened") or scheduled or (value == "hypothetical" and not perfect)
    when = _date(c.heads, sent, published, stops, said, future)
    if when is None and claim is not None and claim.id in as_of:
        when = as_of[claim.id]
    if value == "done" and when is not None and _after(when, published):
        value = "planned"  # "the summit on 12 March", in a story of February
    start = doc[c.action[0]].idx
    last = doc[c.action[1] - 1]
    end = last.idx + len(last)
    return records.Event(
        id=f"v{n}",
        actor=c.actor,
        action=records.Action(text_spans.text_of(doc)[start:end], c.code, c.mode, start, end),
        target=c.target,
        date=when.value if when else None,
        place=_place(f.trigger, sent, ctx, stops, f.destination),
        sentence=records.Span(text_spans.text_of(doc)[sent.start_char:sent.end_char], sent.start_char, sent.end_char),
        claim=claim.id if claim else None,
        date_precision=when.precision if when else None,
        modality=value,
    )


def _after(when: dates.DateValue, published: str | None) -> bool:
    """Whether a date falls wholly after the published day."""
    base = dates.parse_published(published)
    if base is None or when.value.startswith("--"):
        return False
    return when.value > base.isoformat()[:len(when.value)]


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
    _drop_caches(doc)
    return doc


RUN_CACHES = ("cg_text", "cg_ents", "cg_ent_starts", "cg_lowers", "cg_datelines", "cg_children", "cg_columns",
              "cg_title_spans", "cg_title_ends", "cg_discourse")
"""What the components keep on a Doc while it runs through them. The discourse (speakers.discourse) holds the Doc
itself: left on it, every analysed Doc, with its spans and records, would be freed only by the cyclic garbage
collector, whose passes over them cost about 1 ms a document."""


def _drop_caches(doc: Doc) -> None:
    """The components' per-run caches taken off a Doc that has been through the last of them."""
    for key in RUN_CACHES:
        doc.user_data.pop(key, None)
