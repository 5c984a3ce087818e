"""The PLOVER event lexicon (`lexicon/plover.yaml`), checked and indexed once per process.

Each entry is one way to say an event: a lemma, what must stand around it for that reading (the
word sense: "charged a suspect" is an arrest, "charged a battery" nothing), its PLOVER type and mode,
and example sentences that the tests run through the pipeline.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from claimgraph.errors import LexiconError
from claimgraph.nlp import lexicon

MODALITIES = ("done", "ongoing", "planned", "threatened", "hypothetical", "denied")
"""How an event is reported, weakest first: where several words bear on one event the strongest wins."""

QUADS = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
"""PLOVER's quad categories; a type's quad says whether a promise to do it is an AGREE or a THREATEN."""

PARTS = ("verbs", "nouns", "governors")
SPECIAL_OBJECTS = frozenset({"named", "event", "person", "none"})
"""Words of `objects` that are conditions, not lemmas: an entity, an event, a person, no object."""
ALL = "all"
"""In `themes`: every object is a theme, moved or used rather than acted on."""
POS = {"noun": "NOUN", "verb": "VERB", "adjective": "ADJ"}
"""The parts of a type: words that are its events, and words that make an event they govern one of it."""


@dataclass(frozen=True)
class Example:
    """A sentence an entry must read, and what it must find there (None: not checked)."""

    beat: str
    text: str
    code: str | None
    actor: str | None
    target: str | None
    modality: str
    no_actor: bool = False
    """The event must have no actor (`actor: null` in the lexicon)."""


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
    unless_with: frozenset[str] = frozenset()
    """Particles or prepositions ("to" for an infinitive, "that" for a clause) that must not follow
    ("called on X", not "called on X to")."""
    named_object: bool = False
    """The thing acted on may name an entity (with `objects`, either will do; alone, it must)."""
    event_object: bool = False
    """The thing acted on may be an event of the lexicon ("threatened sanctions"), as `named_object`."""
    person_object: bool = False
    """The thing acted on may be a named person ("called on Prime Minister Modi"), as `named_object`."""
    no_object: bool = False
    """The verb may have no object at all ("they met in Washington"), as `named_object`."""
    named_subject: bool = False
    """The actor must name an entity ("a report by the NIS", not "reports of")."""
    needs_actor: bool = False
    """Some actor must be named (`subjects: any`)."""
    determined: bool = False
    """For nouns: a determiner or possessor must introduce the noun ("a report by", "its report"; not
    "UNN reports", a verb the parser read as a noun)."""
    subjects: frozenset[str] | None = None
    """Head lemmas one of which the actor must have ("troops arrived", "workers went on strike")."""
    modifiers: frozenset[str] | None = None
    """For nouns: words one of which must modify the noun ("hunger strike", "general strike")."""
    after: frozenset[str] | None = None
    """For nouns: verbs ("opened fire") or "verb prep" pairs ("went on strike") one of which must govern the noun."""
    actor_prep: str | None = None
    """The actor is this preposition's object and the subject the target ("received shells from X");
    `object`: the object is the actor ("hosted the minister": the visitor acts, PLOVER's CONSULT)."""
    object_is_target: bool = False
    """The object is what the action hits even when it is a weapon ("shot down drones")."""
    object_unless_prep: bool = False
    """The target is the object of a target preposition where there is one, else the object itself
    ("recaptured the town from the rebels": the rebels; "retook the village": the village)."""
    themes: frozenset[str] = frozenset()
    """Head lemmas of objects that are moved or used, not acted on: the target is then named by a
    target preposition ("sent troops to Kursk", "launched an attack on Kyiv")."""
    patient_is_actor: bool = False
    of_is_actor: bool = False
    """For nouns: "the visit of the minister" names who acts, not what is acted on."""
    target_preps: tuple[str, ...] = ()
    host_verbs: frozenset[str] = frozenset()
    """Verbs that, with `host_actor: event`, share their subject with the noun as an event would."""
    source_preps: tuple[str, ...] = ()
    """For nouns with no actor of their own: prepositions whose object is the actor ("transfers from X")."""
    host_actor: str | None = None
    """For nouns in a during/at/in phrase of a verb, with no actor of their own: `any` takes the verb's
    subject ("spoke during a visit": the speaker visits), `event` only where the verb is an event
    ("killed six in an ambush on a convoy": the killers ambush)."""
    modality: str | None = None
    """How the words themselves report the event ("pledged aid": planned); None: done."""
    pos: str | None = None
    """The part of speech (spaCy's) the word must have; None: any ("demand" the noun, not the verb)."""
    examples: tuple[Example, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class LightVerb:
    """A verb whose object (or the object of its preposition) carries the event: "carried out a raid"."""

    lemma: str
    prep: str | None = None
    """The noun is the object of this preposition of the verb ("went on strike"); None: the verb's object."""
    particle: str | None = None
    """A particle the verb must have ("carry out", "hand down")."""
    subject_is_target: bool = False
    """The verb's subject undergoes the event ("came under fire", "faces charges")."""


@dataclass(frozen=True)
class Governed:
    """What a governing word of a type makes of the event it governs ("pledged to send troops")."""

    code: str
    modality: str | None
    """The event's modality; None: that of the governing word's own clause."""
    conflict_code: str | None = None
    """The type a conflictual governed event takes instead ("vowed to retaliate": THREATEN)."""
    conflict_modality: str | None = None
    conflict_types: frozenset[str] = frozenset()
    """The governed types that take `conflict_code` (a promise to attack is a threat; to deploy, not)."""
    negated_modality: str | None = None
    """With the governing word negated, the governed event keeps its type with this modality
    ("did not rule out sending troops": hypothetical)."""
    modes: dict[str, str] = field(default_factory=dict)
    """The mode the governed event's type (or TYPE/mode) gives ("threatened to sanction": restrict)."""


@dataclass(frozen=True)
class Lexicon:
    """plover.yaml, indexed by lemma."""

    version: str
    verbs: dict[str, tuple[Entry, ...]]
    nouns: dict[str, tuple[Entry, ...]]
    governors: dict[str, tuple[Entry, ...]]
    governed: dict[str, Governed]
    light_verbs: dict[str, tuple[LightVerb, ...]]
    quantities: frozenset[str]
    reporting_complements: frozenset[str]
    anaphors: dict[str, str]
    titles: frozenset[str]
    distinct_titles: frozenset[str]
    not_complements: frozenset[str]
    not_targets: frozenset[str]
    formulas: frozenset[str]
    not_owners: frozenset[str]
    forms: dict[str, str]
    quads: dict[str, str]
    modes: dict[str, frozenset[str]]
    renamed: dict[str, tuple[str, str | None]]
    classes: dict[str, frozenset[str]]

    def is_conflict(self, code: str | None) -> bool:
        """Whether a type is one of PLOVER's conflict quads."""
        return code is not None and self.quads.get(code, "").endswith("conflict")

    def entries(self) -> Iterator[tuple[str, Entry]]:
        """Every entry with its part (verbs, nouns, governors)."""
        for part, index in (("verbs", self.verbs), ("nouns", self.nouns), ("governors", self.governors)):
            for found in index.values():
                for e in found:
                    yield part, e


def _fail(where: str, what: str) -> LexiconError:
    return LexiconError(f"lexicon plover.yaml: {where}: {what}")


def _words(value: Any, where: str) -> frozenset[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise _fail(where, f"must be a list of words, got {value!r}")
    return frozenset(w.lower() for w in value)


def _class_or_words(item: dict[str, Any], key: str, classes: dict[str, frozenset[str]],
                    where: str) -> frozenset[str] | None:
    """An entry's `objects` or `subjects`: names of word classes, or words (None when absent)."""
    value = item.get(key)
    if value is None:
        return None
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list):
        raise _fail(where, f"{key} must be a class name or a list of words, got {value!r}")
    out: set[str] = set()
    for n in names:
        if not isinstance(n, str):
            raise _fail(where, f"{key} must hold words, got {n!r}")
        out |= classes.get(n, {n.lower()})
    return frozenset(out)


def _examples(item: dict[str, Any], code: str | None, default: str | None, where: str) -> tuple[Example, ...]:
    out = []
    for ex in item.get("examples") or ():
        if not isinstance(ex, dict) or not isinstance(ex.get("text"), str) or not isinstance(ex.get("beat"), str):
            raise _fail(where, f"an example needs a beat and a text, got {ex!r}")
        modality = ex.get("modality", default or "done")
        if modality not in MODALITIES:
            raise _fail(where, f"example modality {modality!r} is none of {', '.join(MODALITIES)}")
        out.append(Example(beat=ex["beat"], text=ex["text"], code=ex.get("code", code),
                           actor=ex.get("actor"), target=ex.get("target"), modality=modality,
                           no_actor="actor" in ex and ex["actor"] is None))
    return tuple(out)


def _entry(item: Any, code: str | None, spec: dict[str, Any], classes: dict[str, frozenset[str]],
           where: str) -> list[Entry]:
    if isinstance(item, str):
        item = {"lemma": item}
    lemmas = item.get("lemma") if isinstance(item, dict) else None
    if isinstance(lemmas, str):
        lemmas = [lemmas]
    if not isinstance(lemmas, list) or not lemmas or not all(isinstance(w, str) for w in lemmas):
        raise _fail(where, f"each entry needs a lemma (or a list of spellings), got {item!r}")
    where = f"{where} {lemmas[0]}"
    objects = item.get("objects")
    listed = objects if isinstance(objects, list) else [objects]
    special = {o for o in listed if o in SPECIAL_OBJECTS}  # "the thing acted on names an entity", ...
    rest = [o for o in listed if o not in SPECIAL_OBJECTS and o is not None]
    subjects = item.get("subjects")
    if subjects == "any":  # any actor, but one: "Israel halted its offensive", not "Stopping attacks"
        item = {**item, "subjects": None}
        subjects = None
        needs_actor = True
    else:
        needs_actor = False
    named_subject = subjects == "named" or (isinstance(subjects, list) and "named" in subjects)
    if named_subject:
        rest_subjects = [w for w in (subjects if isinstance(subjects, list) else []) if w != "named"]
        item = {**item, "subjects": rest_subjects or None}
    modality = item.get("modality")
    if modality is not None and modality not in MODALITIES:
        raise _fail(where, f"modality {modality!r} is none of {', '.join(MODALITIES)}")
    mode = item.get("mode")
    allowed = spec.get("modes")
    if mode is not None and allowed is not None and mode not in allowed:
        raise _fail(where, f"mode {mode!r} is not one of {code}'s modes {allowed}")
    themes: frozenset[str] = frozenset()
    for c in item.get("themes") or spec.get("themes") or ():
        if c not in classes and c != ALL:
            raise _fail(where, f"unknown class {c!r} in themes")
        themes |= classes.get(c, {ALL})
    pos = item.get("pos")
    if pos is not None and pos not in POS:
        raise _fail(where, f"pos {pos!r} is none of {', '.join(POS)}")
    base = Entry(
        lemma="", code=code, mode=mode,
        objects=_class_or_words({"objects": rest}, "objects", classes, where) if rest else None,
        with_=_words(item["with"], f"{where} with") if item.get("with") is not None else None,
        unless_with=_words(item.get("unless_with") or [], f"{where} unless_with"),
        named_object="named" in special, event_object="event" in special, person_object="person" in special,
        no_object="none" in special, named_subject=named_subject, needs_actor=needs_actor,
        determined=bool(item.get("determined")),
        subjects=_class_or_words(item, "subjects", classes, where),
        modifiers=_class_or_words(item, "modifiers", classes, where),
        after=_words(item["after"], f"{where} after") if item.get("after") is not None else None,
        actor_prep=str(item["actor"]).lower() if item.get("actor") else None,
        object_is_target=item.get("target") == "object",
        object_unless_prep=item.get("target") == "prep or object",
        themes=themes,
        patient_is_actor=bool(spec.get("patient_is_actor")),
        of_is_actor=bool(item.get("of_is_actor", spec.get("of_is_actor"))),
        pos=POS[pos] if pos else None,
        target_preps=tuple(w.lower() for w in item.get("targets") or spec.get("target_preps") or ()),
        host_actor=spec.get("host_actor"),
        source_preps=tuple(w.lower() for w in spec.get("source_preps") or ()),
        host_verbs=frozenset(w.lower() for w in spec.get("host_verbs") or ()),
        modality=modality or spec.get("modality"),
        examples=_examples(item, code, modality or spec.get("modality"), where),
    )
    return [Entry(**{**base.__dict__, "lemma": lemma.lower()}) for lemma in lemmas]


def _governed(code: str, raw: Any) -> Governed:
    if not isinstance(raw, dict):
        raise _fail(f"type {code}", "`governed` must be a mapping")
    modes = raw.get("modes") or {}
    return Governed(code=code, modality=raw.get("modality"), conflict_code=raw.get("conflict_code"),
                    conflict_modality=raw.get("conflict_modality"), negated_modality=raw.get("negated_modality"),
                    conflict_types=frozenset(raw.get("conflict_types") or ()),
                    modes={str(k): str(v) for k, v in modes.items()})


def _light_verbs(raw: Any) -> dict[str, tuple[LightVerb, ...]]:
    out: dict[str, list[LightVerb]] = {}
    for item in raw or ():
        if isinstance(item, str):
            item = {"lemma": item}
        if not isinstance(item, dict) or not isinstance(item.get("lemma"), str):
            raise _fail("light_verbs", f"each needs a lemma, got {item!r}")
        lv = LightVerb(item["lemma"].lower(), item.get("prep"), item.get("particle"),
                       item.get("subject") == "target")
        out.setdefault(lv.lemma, []).append(lv)
    return {k: tuple(v) for k, v in out.items()}


def _conditions(e: Entry) -> int:
    """How many conditions an entry sets: the more, the narrower its reading."""
    objects = e.objects is not None or e.named_object or e.event_object or e.person_object or e.no_object
    return sum((objects, e.with_ is not None, e.subjects is not None or e.named_subject or e.needs_actor,
                e.modifiers is not None, e.after is not None, bool(e.unless_with), e.determined))


def _narrow_first(index: dict[str, list[Entry]]) -> dict[str, tuple[Entry, ...]]:
    # the narrower reading first: "strike a deal" is AGREE before "strike" is ASSAULT; among equals, file order
    return {k: tuple(sorted(v, key=lambda e: -_conditions(e))) for k, v in index.items()}


@cache
def load_lexicon() -> Lexicon:
    """The PLOVER lexicon, checked and indexed once per process."""
    data = lexicon.load("plover")
    if not isinstance(data, dict) or not isinstance(data.get("types"), dict):
        raise LexiconError("lexicon plover.yaml: needs a `types` mapping")
    classes = {name: _words(words, f"class {name}") for name, words in (data.get("classes") or {}).items()}
    classes.setdefault("titles", _words(data.get("titles") or [], "titles"))
    index: dict[str, dict[str, list[Entry]]] = {part: {} for part in PARTS}
    governed: dict[str, Governed] = {}
    quads: dict[str, str] = {}
    modes: dict[str, frozenset[str]] = {}
    sections: list[tuple[str | None, Any]] = list(data["types"].items())
    sections.append((None, data.get("uncoded") or {}))
    for code, spec in sections:
        if not isinstance(spec, dict):
            raise _fail(f"type {code}", "must be a mapping")
        if code is not None:
            if spec.get("quad") not in QUADS:
                raise _fail(f"type {code}", f"quad must be one of {QUADS}, got {spec.get('quad')!r}")
            quads[code] = spec["quad"]
            modes[code] = frozenset(spec.get("modes") or ())
            if spec.get("governed") is not None:
                governed[code] = _governed(code, spec["governed"])
        for part in PARTS:
            for item in spec.get(part) or ():
                for entry in _entry(item, code, spec, classes, f"{code or 'uncoded'} {part}"):
                    index[part].setdefault(entry.lemma, []).append(entry)
    renamed = {}
    for old, new in (data.get("renamed") or {}).items():
        new_code, _, mode = str(new).partition("/")
        renamed[str(old)] = (new_code, mode or None)
    return Lexicon(
        version=str(data.get("version") or ""),
        verbs=_narrow_first(index["verbs"]), nouns=_narrow_first(index["nouns"]),
        governors=_narrow_first(index["governors"]), governed=governed,
        light_verbs=_light_verbs(data.get("light_verbs")),
        quantities=_words(data.get("quantities") or [], "quantities"),
        reporting_complements=_words(data.get("reporting_complements") or [], "reporting_complements"),
        anaphors={str(k).lower(): str(v) for k, v in (data.get("anaphors") or {}).items()},
        titles=_words(data.get("titles") or [], "titles"),
        distinct_titles=_words(data.get("distinct_titles") or [], "distinct_titles"),
        not_complements=_words(data.get("not_complements") or [], "not_complements"),
        not_targets=_words(data.get("not_targets") or [], "not_targets"),
        formulas=_words(data.get("formulas") or [], "formulas"),
        not_owners=_words(data.get("not_owners") or [], "not_owners"),
        forms={str(k).lower(): str(v).lower() for k, v in (data.get("forms") or {}).items()},
        quads=quads, modes=modes, renamed=renamed, classes=classes)


def current_type(name: str) -> tuple[str, str | None] | None:
    """The type (and mode) a PLOVER type name stands for in the codebook followed, older names
    included ("DISAPPROVE" -> ("ACCUSE", "disapprove"), "DEMAND" -> ("REQUEST", None)); None if unknown."""
    lex = load_lexicon()
    key = name.strip().upper()
    if key in lex.quads:
        return key, None
    return lex.renamed.get(key)
