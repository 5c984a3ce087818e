"""The speakers of transcript turns as entities of their document, so that the store links them like any speaker.

A transcript gives a turn's statements to the speaker its label names ("DEPUTY PRESS SECRETARY SABRINA SINGH:",
`nlp.turns`), as the document's entity of that person where the analysis finds the person named in the text; a
label itself names no entity, so a speaker named by labels alone stays a name without one, and the store could not
count the turns among the person's claims nor resolve them across documents. Before a document is stored, each
such speaker becomes the document's entity its label names: the document's PERSON entity whose name agrees with the
label's (the same name, a variant, or its surname where exactly one person of the document bears it), else, where
the label gives a full name ("SABRINA SINGH", not a bare "MR. MILLER"), a new PERSON entity of that name with the
labels as its mentions, which `corpus.resolve` links by name across the
store like any other entity. The claims inside the speaker's turns that name the speaker (as speaker or relay) by
the label's name take the entity.
"""
from __future__ import annotations

import dataclasses
import re

from claimgraph.nlp import turns, variants
from claimgraph.nlp.turns import Turn
from claimgraph.records import Analysis, Claim, Entity, Ref, Span

__all__ = ["name_turn_speakers"]

AGREEING_KINDS = frozenset({"exact", "alias", "variant", "middle_name", "designator"})
"""Matches that name one person whatever else the document holds (`corpus.resolve.CROSS_DOCUMENT_KINDS`)."""

SURNAME_KINDS = frozenset({"surname", "given_initial"})
"""Matches that say only that one name is part of the other: enough where one person of the document fits."""


def _agreeing(name: str, entities: list[Entity]) -> Entity | None:
    """The PERSON entity of the document a label's name names: one whose names agree with it (the first), else the
    only one whose surname it is."""
    strong, partial = [], []
    for e in entities:
        if e.type != "PERSON":
            continue
        kinds = {m.kind for n in (e.name, *e.aliases) if (m := variants.compare(name, n, "PERSON")) is not None}
        if kinds & AGREEING_KINDS:
            strong.append(e)
        elif kinds & SURNAME_KINDS:
            partial.append(e)
    if strong:
        return strong[0]
    return partial[0] if len(partial) == 1 else None


def _name_in_label(text: str, turn: Turn) -> Span:
    """The words of a label that name its speaker ("SABRINA SINGH" of "DEPUTY PRESS SECRETARY SABRINA SINGH:"),
    else the label without its colon."""
    words = [re.escape(w) for w in turn.name.split()]
    found = re.search(r"[\s.]+".join(words), text[turn.label_start:turn.label_end], re.IGNORECASE) if words else None
    if found is not None:
        start, end = turn.label_start + found.start(), turn.label_start + found.end()
    else:
        start, end = turn.label_start, turn.label_start + len(text[turn.label_start:turn.label_end].rstrip(" \t:"))
    return Span(text[start:end], start, end)


def _new_id(entities: list[Entity]) -> str:
    taken = {e.id for e in entities}
    n = max((int(e.id[1:]) for e in entities if re.fullmatch(r"e\d+", e.id)), default=0) + 1
    while f"e{n}" in taken:
        n += 1
    return f"e{n}"


def name_turn_speakers(analysis: Analysis) -> Analysis:
    """The analysis with each named speaker of its transcript turns that has no entity given the document's entity
    that its label names (one the document has, or a new one); the analysis itself where there is none."""
    text = analysis.document.text
    labelled = [x for x in turns.find_turns(text) if x.generic is None]
    if not labelled:
        return analysis
    opened = {x.label_start: x for x in labelled}
    # the speakers that turns give claims to without an entity, by the name their labels give
    unnamed = {c.speaker.text for c in analysis.claims
               if c.speaker is not None and c.speaker.entity is None and c.speaker.text
               and c.cue is not None and c.cue.start in opened}
    if not unnamed:
        return analysis
    turns_of = {name: [x for x in labelled if x.name.title() == name] for name in unnamed}
    entities = list(analysis.entities)
    chosen: dict[str, str] = {}
    # full names first, so that a later "MS. SINGH:" finds the "SABRINA SINGH" of an earlier label
    for name in sorted(unnamed, key=lambda n: (-len(n.split()), n)):
        found = _agreeing(name, entities)
        if found is None and len(name.split()) < 2:
            continue  # "MR. MILLER:" alone names no one the store could tell apart: every Miller would be one
        if found is None:
            mentions = tuple(_name_in_label(text, x) for x in turns_of[name])
            found = Entity(_new_id(entities), name, "PERSON", (), mentions)
            entities.append(found)
        elif found.id not in {e.id for e in analysis.entities} and name != found.name and name not in found.aliases:
            grown = dataclasses.replace(found, aliases=(*found.aliases, name), mentions=(
                *found.mentions, *(_name_in_label(text, x) for x in turns_of[name])))
            entities[entities.index(found)] = grown
        chosen[name] = found.id

    def spoken_in(c: Claim, name: str) -> bool:
        return any(x.start <= c.content.start < x.end for x in turns_of[name]) or (
            c.cue is not None and c.cue.start in {x.label_start for x in turns_of[name]})

    def linked(ref: Ref | None, c: Claim) -> Ref | None:
        if ref is None or ref.entity is not None or ref.text not in chosen or not spoken_in(c, ref.text):
            return ref
        return Ref(chosen[ref.text], ref.text)

    claims = tuple(dataclasses.replace(c, speaker=linked(c.speaker, c),
                                       via=tuple(linked(v, c) or v for v in c.via)) for c in analysis.claims)
    return dataclasses.replace(analysis, entities=tuple(entities), claims=claims)
