"""Modality: whether an event is reported as done, ongoing, planned, threatened, denied or hypothetical.

The words come from `lexicon/modality.yaml`; this module walks from an event's trigger up through the
words that govern it (auxiliaries, negation, control verbs, governing nouns, conditions) and keeps the
strongest reading. It also finds the PLOVER speech act that governs the event, if any ("pledged to
send", "threatened to strike", "urged X to withdraw"): `events` then codes the event as that act.
It does not read discourse ("The plan, if it goes ahead, ...") nor tense against the published date;
`events` adds that a dated event after publication is planned.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from spacy.tokens import Token

from claimgraph.errors import LexiconError
from claimgraph.nlp import lexicon
from claimgraph.nlp.event_lexicon import MODALITIES, Entry

MAX_CLIMB = 8
"""Most governing words read above a trigger: bounds the walk on a clause nested forty deep."""

DONE = "done"
COMPLEMENTS = frozenset({"xcomp", "ccomp", "acl", "dobj", "nsubjpass", "attr", "oprd", "pcomp", "csubj", "prep",
                         "acomp"})
"""Relations through which a word governs the event below it."""


@dataclass(frozen=True)
class ModalityLexicon:
    """modality.yaml, indexed."""

    auxiliaries: dict[str, str]
    reported: dict[str, str]
    negations: frozenset[str]
    not_negations: frozenset[str]
    conditions: frozenset[str]
    consequences: dict[str, str]
    governors: dict[str, str]
    raising: frozenset[str]
    object_control: frozenset[str]
    modifiers: dict[str, str]
    occurrence: frozenset[str]
    evidence: frozenset[str]
    question: str


def _check(value: Any, where: str) -> str:
    if value not in MODALITIES:
        raise LexiconError(f"lexicon modality.yaml: {where}: {value!r} is none of {', '.join(MODALITIES)}")
    return str(value)


def _by_value(raw: Any, where: str) -> dict[str, str]:
    """{modality: [words]} -> {word: modality}."""
    if not isinstance(raw, dict):
        raise LexiconError(f"lexicon modality.yaml: {where} must map modalities to words")
    out: dict[str, str] = {}
    for value, words in raw.items():
        _check(value, where)
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise LexiconError(f"lexicon modality.yaml: {where}.{value} must be a list of words")
        out.update((w.lower(), str(value)) for w in words)
    return out


@cache
def load_modality() -> ModalityLexicon:
    """The modality lexicon, checked once per process."""
    data = lexicon.load("modality")
    if not isinstance(data, dict) or tuple(data.get("values") or ()) != MODALITIES:
        raise LexiconError(f"lexicon modality.yaml: `values` must be {list(MODALITIES)}")

    def words(key: str) -> frozenset[str]:
        raw = data.get(key) or []
        if not isinstance(raw, list) or not all(isinstance(w, str) for w in raw):
            raise LexiconError(f"lexicon modality.yaml: {key} must be a list of words")
        return frozenset(w.lower() for w in raw)

    def table(key: str) -> dict[str, str]:
        return {str(k).lower(): _check(v, key) for k, v in (data.get(key) or {}).items()}

    consequences = {str(k).lower(): str(v) for k, v in (data.get("consequences") or {}).items()}
    return ModalityLexicon(
        auxiliaries=table("auxiliaries"), reported=table("reported_auxiliaries"), negations=words("negations"),
        not_negations=words("not_negations"), evidence=words("evidence"),
        conditions=words("conditions"), consequences=consequences,
        governors=_by_value(data.get("governors"), "governors"), raising=words("raising"),
        object_control=words("object_control"), modifiers=_by_value(data.get("modifiers"), "modifiers"),
        occurrence=words("occurrence"), question=_check(data.get("question"), "question"))


def strongest(values: list[str]) -> str:
    """The strongest of several readings (done where there is none)."""
    return max(values, key=MODALITIES.index) if values else DONE


@dataclass
class Reading:
    """What the words around a trigger say of its event."""

    modality: str
    governor: Token | None = None
    """The PLOVER speech act that governs the event ("pledged", "threatened", "urged", "refused")."""
    governor_entry: Entry | None = None
    outer: str = DONE
    """The modality of the governor's own clause ("did not threaten to": denied)."""
    governor_negated: bool = False
    consequence: str | None = None
    """The kind of condition the event's clause is the consequence of: "unless" (a threat) or "conditional"."""
    reporter: Token | None = None
    """The verb whose that-clause holds the event ("Japan announced it would provide aid"): where the
    reporter is the actor and the event still to come, it states an intention (PLOVER's AGREE)."""


@dataclass
class _Marks:
    values: list[str]
    would: bool = False
    consequence: str | None = None
    subordinate: bool = False
    """The clause is itself a condition ("if Russia crosses the border")."""
    negated: bool = False


def _subordinator(clause: Token) -> str:
    return next((c.lower_ for c in clause.children if c.dep_ == "mark"), "")


def _marks(token: Token, mlex: ModalityLexicon) -> _Marks:
    """The modality words that stand on one token: negation, auxiliaries, aspect, modifiers, conditions."""
    m = _Marks([])
    for c in token.children:
        dep, low = c.dep_, c.lower_
        if low in mlex.negations and (dep in ("neg", "preconj") or (dep == "det" and token.pos_ == "NOUN")
                                      or dep == "advmod"):
            following = c.doc[c.i + 1].lower_ if c.i + 1 < len(c.doc) else ""
            m.negated = m.negated or following not in mlex.not_negations  # "not only", "not least"
        elif dep == "aux" and low in mlex.reported:
            m.would = True
        elif dep == "aux" and low in mlex.auxiliaries:
            m.values.append(mlex.auxiliaries[low])
        elif (dep in ("aux", "auxpass") and c.lemma_ == "be" and token.tag_ == "VBG") or (
                dep == "auxpass" and low == "being"):
            m.values.append("ongoing")  # "are fighting", "is being built"
        elif low in mlex.modifiers and (dep == "amod" or (dep == "acomp" and _noun_subject(token))):
            m.values.append(mlex.modifiers[low])  # "the planned withdrawal", "the invasion has been ongoing"
        elif dep == "advcl" and _subordinator(c) in mlex.consequences:
            m.consequence = mlex.consequences[_subordinator(c)]
        elif dep == "mark" and low in mlex.conditions:
            m.subordinate = True
    if m.negated:
        m.values.append("denied")
    return m


NOUN_PREPS = frozenset({"of", "for", "to", "on", "about"})
"""Prepositions through which a noun governs an event ("plans for an offensive", "fear of an attack")."""


def _governor_key(head: Token, below: Token) -> list[str]:
    """The keys a governing word is looked up by: its lemma (with its particle: "call off"), or, for a
    verb that governs through a preposition, the lemma with it ("plan for", "refrain from")."""
    lemma = head.lemma_.lower()
    if below.dep_ == "prep":
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            return [f"{lemma} {below.lower_}"]  # "in return for supporting": an adjunct governs nothing
        return [lemma, head.lower_] if below.lower_ in NOUN_PREPS else []
    keys = [f"{lemma} {c.lower_}" for c in head.children if c.dep_ == "prt"]
    return keys + [lemma, head.lower_]


def _up(token: Token, light: Callable[[Token, Token], bool]) -> tuple[Token, str] | None:
    """The word that governs the token's event, and the relation; None where the token is free."""
    head, dep = token.head, token.dep_
    if head.i == token.i:
        return None
    if dep == "amod" and token.tag_ == "VBG" and head.dep_ == "dobj" and token.i == head.head.i + 1:
        return head.head, "dobj"  # "denied killing civilians", read as an adjective by the parser
    if dep == "pobj":
        return (head, "pobj") if head.dep_ in ("prep", "agent", "dative") or head.pos_ == "ADP" else None
    if dep in ("nsubj", "csubj"):  # "the talks took place", "stopping the attacks will be the focus"
        return (head, "occurrence") if light(token, head) else None
    if dep == "advcl" and token.tag_ == "VB" and not _subordinator(token) and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return head, "purpose"  # "sent troops to attack"
    if dep == "relcl" and token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return head, "acl"  # "ways to deploy them": an infinitive the parser hung as a relative clause
    if dep in COMPLEMENTS or dep == "conj":
        return head, dep
    return None


@dataclass
class _Walk:
    """The state of one walk up from a trigger: what was read below and above its speech act."""

    mlex: ModalityLexicon
    speech_act: Callable[[Token, Token], Entry | None]
    carries: Callable[[Token, Token], bool]
    trigger: Token
    reading: Reading
    inner: list[str]
    outer: list[str]
    would: bool = False
    reported: bool = False

    @property
    def found(self) -> list[str]:
        return self.outer if self.reading.governor is not None else self.inner

    def note(self, token: Token) -> bool:
        """Reads the words on one token; False where the walk ends there (a condition's own clause)."""
        m = _marks(token, self.mlex)
        self.found.extend(m.values)
        self.would = self.would or m.would
        r = self.reading
        if m.consequence and r.governor is None and r.consequence is None:
            r.consequence = m.consequence
        if r.governor is not None and m.negated and token.i == r.governor.i:
            r.governor_negated = True
        if m.subordinate:
            self.inner.append("hypothetical")
            return False
        return True

    def step(self, token: Token) -> Token | None:
        """The word above `token` the walk goes on to, having read what it says; None to stop."""
        up = _up(token, self.carries)
        if up is None:
            return None
        head, dep = up
        if dep == "purpose":  # "sent troops to fight", "rarely stopped to retreat", "asked if X sent troops to fight"
            self.inner.append("denied" if _marks(head, self.mlex).negated else "planned")
            return head
        if dep == "conj":  # "will meet and sign": the first verb's auxiliaries and what governs it
            return None if _has_own_aux(token) else head  # "withdrew and will return": its own
        r = self.reading
        if r.governor is None:
            entry = self.speech_act(head, token)
            if entry is not None:
                r.governor, r.governor_entry = head, entry
                return head
        return self._governed_by(head, token, dep)

    def _governed_by(self, head: Token, token: Token, dep: str) -> Token | None:
        mlex = self.mlex
        cls = next((mlex.governors[k] for k in _governor_key(head, token) if k in mlex.governors), None)
        if dep in ("ccomp", "acl") and head.pos_ == "NOUN" and head.lemma_.lower() in mlex.evidence:
            if _marks(head, mlex).negated:  # "there is no evidence that troops are entering"
                self.inner.append("hypothetical")
            return None
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)  # "wanted X to choose"
        if dep == "ccomp" and cls not in (None, "denied") and not infinitive and head.pos_ != "NOUN":
            cls = None  # "it is likely that X attacked": an estimate (the claim's band), not a plan;
            # but "speculation that he will resign" is the noun's
        if cls is not None:
            self.found.append(cls)
            return head
        if dep == "ccomp":
            self.reported = True  # "said it would": a reporting verb's clause, read no further up
            if self.reading.governor is None:
                self.reading.reporter = head
            return None
        if dep == "prep" and head.pos_ != "ADP" and not self.carries(self.trigger, head):
            return None  # "killed in an attack", "in return for supporting": an adjunct, read no further up
        if dep not in ("xcomp", "prep", "acomp") and not self.carries(token, head) and head.pos_ != "ADP":
            return None  # the object of a verb that is no light verb ("condemned the attack")
        return head


def read(trigger: Token, speech_act: Callable[[Token, Token], Entry | None],
         carries: Callable[[Token, Token], bool], in_claim: bool) -> Reading:
    """The modality of the event a trigger names, and the speech act that governs it.

    Args:
        speech_act: the PLOVER governor entry a word matches as the governor of this token, or None.
        carries: whether a word carries the event below it ("launched an attack", "went on strike",
            "the talks took place") rather than being an event of its own.
        in_claim: the trigger stands inside a claim's content (a reported clause).
    """
    mlex = load_modality()
    walk = _Walk(mlex, speech_act, carries, trigger, Reading(DONE), [], [])
    token: Token | None = trigger
    for _ in range(MAX_CLIMB):
        if token is None or not walk.note(token):
            break
        token = walk.step(token)
    if walk.would:
        walk.found.append(mlex.reported["would"] if walk.reported or in_claim else mlex.auxiliaries["would"])
    walk.reading.outer = strongest(walk.outer)
    walk.reading.modality = strongest(walk.inner + walk.outer)
    sent = trigger.sent
    last = [t.text for t in trigger.doc[max(sent.start, sent.end - 2):sent.end]]  # the sentence's last two tokens
    asked = last[-1:] == ["?"] or last[-2:-1] == ["?"]
    if asked and trigger.pos_ == "VERB":  # what a question asks is neither told nor denied; its nouns are taken
        walk.reading.modality = mlex.question  # as given ("how will violations of the tests be sanctioned?")
    return walk.reading


def _noun_subject(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN" for c in token.children)


def _has_own_aux(token: Token) -> bool:
    return any(c.dep_ in ("aux", "neg") for c in token.children)
