"""GUM's speaker-resolution cases: reporting clauses whose speaker is a pronoun or description of a named entity.

The reporting clauses are GUM's own (its RST attribution relations), the verb and its subject come from
GUM's UD parse, the entity from OntoGUM's coreference; nothing here uses claimgraph's lexicon. The exact
definition, step by step, is in `evaluation/README.md` ("GUM speaker resolution").
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from evaluation.conllu import GumDocument, Mention, Word
from evaluation.rst import Attribution

CLIMB = ("xcomp", "conj")
"""A verb with no subject of its own shares the subject of the verb it is an xcomp or conjunct of
("he went on to say", "she stood and said")."""

NAME_PARTS = ("flat", "compound", "fixed")
"""Dependents that belong to a proper name ("Hamdullah Mohib", "United States")."""

APPOSED = ("appos", "flat")
"""Dependents by which a name stands beside a description's head ("coauthor Colette Heald")."""

QUESTIONS = ("q", "wh")
"""GUM sentence types of questions; a question is no claim (dev rule 12), so "Do you think ...?" is no case."""


@dataclass(frozen=True)
class SpeakerCase:
    """One reporting clause whose speaker GUM links to a named entity."""

    document: str
    genre: str
    relation: str
    verb: Word
    subject: Mention
    subject_text: str
    kind: str
    """`pronoun` (the subject's head is a PRON) or `description` (any other head, the subject naming no one)."""
    names: tuple[str, ...]
    """The entity's names, from every named mention of its chain (`mention_names`)."""
    named_before: bool
    """Whether a named mention of the entity comes before the subject (an antecedent, not only a postcedent)."""
    sentence: str


def _is_subject(w: Word) -> bool:
    base, _, sub = w.deprel.partition(":")
    return base == "nsubj" and sub != "pass"


def _depth(doc: GumDocument, w: Word) -> int:
    depth = 0
    while w.head is not None and depth < len(doc.words):
        w = doc.words[w.head]
        depth += 1
    return depth


def reporting_verb(doc: GumDocument, rel: Attribution) -> Word | None:
    """The verb of a reporting clause: the one that governs the reported content, else the clause's head verb."""
    verbs = [doc.words[i] for i in sorted(rel.clause) if doc.words[i].upos == "VERB"]
    governing = [v for v in verbs if any(c.index in rel.content for c in doc.children(v.index))]
    if governing:  # "he went on to say [that ...]": the lowest verb that takes the content
        return max(governing, key=lambda v: _depth(doc, v))
    heads = [v for v in verbs if v.head is None or v.head not in rel.clause]
    if heads:  # '"...," he said': the clause hangs on the content (parataxis)
        return heads[0]
    return None


def subject_of(doc: GumDocument, verb: Word) -> Word | None:
    """The verb's nominal subject, through xcomp and conj, and from a relative pronoun to the noun it stands for."""
    w = verb
    for _ in range(len(doc.words)):
        subjects = [c for c in doc.children(w.index) if _is_subject(c)]
        if subjects:
            subject = subjects[0]
            if subject.feats.get("PronType") == "Rel" and w.deprel == "acl:relcl" and w.head is not None:
                return doc.words[w.head]
            return subject
        if w.deprel.partition(":")[0] not in CLIMB or w.head is None:
            return None
        w = doc.words[w.head]
    return None


def _name_words(doc: GumDocument, m: Mention, start: int) -> set[int]:
    """Word `start` and the PROPN words under it by flat, compound or fixed, inside the mention."""
    keep = {start}
    grew = True
    while grew:
        grew = False
        for i in m.words():
            w = doc.words[i]
            if i not in keep and w.head in keep and w.upos == "PROPN" and w.deprel.partition(":")[0] in NAME_PARTS:
                keep.add(i)
                grew = True
    return keep


def _runs(indices: set[int]) -> list[list[int]]:
    """Word indices as runs of neighbours."""
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def common_nouns(doc: GumDocument) -> frozenset[str]:
    """Lower-cased lemmas the document uses as common nouns ("president", "city", "study")."""
    return frozenset(w.lemma.casefold() for w in doc.words if w.upos == "NOUN")


def mention_names(doc: GumDocument, m: Mention, common: frozenset[str]) -> list[str]:
    """The proper names a mention gives its entity: its PROPN head's name ("Hamdullah Mohib", "United States"),
    and names in apposition to its head ("coauthor Colette Heald", "president Sehar Memon"). A capitalised
    common noun is no name: a name whose every word the document also uses as a common noun ("the President",
    "Man of the Match") is left out."""
    head = doc.words[m.head]
    starts = [m.head] if head.upos == "PROPN" else []
    apposed = ("appos",) if head.upos == "PROPN" else APPOSED
    starts += [c.index for c in doc.children(m.head)
               if c.index in m.words() and c.upos == "PROPN" and c.deprel.partition(":")[0] in apposed]
    words: set[int] = set()
    for start in starts:
        words |= _name_words(doc, m, start)
    names = []
    for run in _runs(words):
        name = doc.span_text(run[0], run[-1])
        if not all(word.casefold() in common for word in name.split()):
            names.append(name)
    return names


def _sentence_text(doc: GumDocument, sentence: int) -> str:
    words = [w for w in doc.words if w.sentence == sentence]
    return doc.text[words[0].start:words[-1].end]


def subject_mention(doc: GumDocument, subject: Word) -> Mention | None:
    """The longest coreference mention headed by the subject word, if it is in a chain."""
    headed = [m for m in doc.mentions if m.head == subject.index]
    return max(headed, key=lambda m: m.last - m.first) if headed else None


def document_cases(doc: GumDocument, relations: list[Attribution], funnel: Counter[str]) -> list[SpeakerCase]:
    """The cases of one document; `funnel` counts how many relations each step keeps or drops."""
    cases: list[SpeakerCase] = []
    seen: set[int] = set()
    common = common_nouns(doc)
    for rel in relations:
        funnel["attribution relations"] += 1
        verb = reporting_verb(doc, rel)
        if verb is None:
            funnel["dropped: no verb in the clause (e.g. 'According to X', 'Image: X')"] += 1
            continue
        if verb.index in seen:
            funnel["dropped: verb already counted"] += 1
            continue
        seen.add(verb.index)
        subject = subject_of(doc, verb)
        if subject is None:
            funnel["dropped: verb without a nominal subject"] += 1
            continue
        mention = subject_mention(doc, subject)
        if mention is None:
            funnel["dropped: subject in no coreference chain"] += 1
            continue
        if mention_names(doc, mention, common):
            funnel["dropped: subject names the entity (a proper name, or one in apposition)"] += 1
            continue
        names = [n for m in doc.mentions if m.entity == mention.entity
                 for n in mention_names(doc, m, common)]
        if not names:
            funnel["dropped: chain holds no named mention"] += 1
            continue
        if doc.sentence_types[verb.sentence] in QUESTIONS:
            funnel["dropped: the clause is in a question"] += 1
            continue
        funnel["cases"] += 1
        cases.append(SpeakerCase(
            document=doc.name, genre=doc.genre, relation=rel.relation, verb=verb, subject=mention,
            subject_text=doc.span_text(mention.first, mention.last),
            kind="pronoun" if doc.words[mention.head].upos == "PRON" else "description",
            names=tuple(dict.fromkeys(names)),
            named_before=any(m.first < mention.first and mention_names(doc, m, common)
                             for m in doc.mentions if m.entity == mention.entity),
            sentence=_sentence_text(doc, verb.sentence)))
    return cases
