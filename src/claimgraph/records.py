"""The nouns of claimgraph as frozen dataclasses, and their `claimgraph.document/1` JSON form."""
from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any

SCHEMA = "claimgraph.document/1"

STANCES = ("asserted", "claimed", "disputed", "assessed")
"""How a reporter frames a claim: states it, distances itself, rejects it, or judges it."""


@dataclass(frozen=True)
class Span:
    """`text[start:end]` of a document, kept with its text."""

    text: str
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Span:
        return cls(d["text"], int(d["start"]), int(d["end"]))


@dataclass(frozen=True)
class Ref:
    """A reference to an entity as it is named in one place: the entity id (or None) and the words."""

    entity: str | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"entity": self.entity, "text": self.text}

    @classmethod
    def from_json(cls, d: dict[str, Any] | str) -> Ref:
        if isinstance(d, str):
            return cls(None, d)
        return cls(d.get("entity"), d.get("text") or "")


@dataclass(frozen=True)
class Entity:
    """A person, organisation, place or group named in one document."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Span, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "aliases": list(self.aliases),
                "mentions": [m.to_json() for m in self.mentions]}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Entity:
        return cls(d["id"], d["name"], d.get("type") or "", tuple(d.get("aliases") or ()),
                   tuple(Span.from_json(m) for m in d.get("mentions") or ()))


@dataclass(frozen=True)
class Probability:
    """An ICD 203 likelihood band: the estimative term and its bounds."""

    term: str
    low: float
    high: float

    def to_json(self) -> dict[str, Any]:
        return {"term": self.term, "low": self.low, "high": self.high}

    @classmethod
    def from_json(cls, d: dict[str, Any] | None) -> Probability | None:
        return None if not d else cls(d["term"], float(d["low"]), float(d["high"]))


@dataclass(frozen=True)
class Claim:
    """Speaker + cue + content, with the relaying `via` chain, hedges, band and stance."""

    id: str
    speaker: Ref | None
    via: tuple[Ref, ...]
    cue: Span | None
    content: Span
    quote: bool = False
    hedges: tuple[Span, ...] = ()
    probability: Probability | None = None
    stance: str = "asserted"
    date_said: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "speaker": self.speaker.to_json() if self.speaker else None,
            "via": [v.to_json() for v in self.via],
            "cue": self.cue.to_json() if self.cue else None,
            "content": self.content.to_json(),
            "quote": self.quote,
            "hedges": [h.to_json() for h in self.hedges],
            "probability": self.probability.to_json() if self.probability else None,
            "stance": self.stance,
            "date_said": self.date_said,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Claim:
        return cls(
            id=d["id"],
            speaker=Ref.from_json(d["speaker"]) if d.get("speaker") else None,
            via=tuple(Ref.from_json(v) for v in d.get("via") or ()),
            cue=Span.from_json(d["cue"]) if d.get("cue") else None,
            content=Span.from_json(d["content"]),
            quote=bool(d.get("quote")),
            hedges=tuple(Span.from_json(h) for h in d.get("hedges") or ()),
            probability=Probability.from_json(d.get("probability")),
            stance=d.get("stance") or "asserted",
            date_said=d.get("date_said"),
        )


@dataclass(frozen=True)
class Action:
    """What was done: the words, the PLOVER event type (or None) and the PLOVER mode where known."""

    text: str
    code: str | None = None
    mode: str | None = None
    start: int | None = None
    end: int | None = None

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"text": self.text, "code": self.code, "mode": self.mode}
        if self.start is not None:
            d.update(start=self.start, end=self.end)
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Action:
        return cls(d.get("text") or "", d.get("code"), d.get("mode"), d.get("start"), d.get("end"))


MODALITIES = ("done", "ongoing", "planned", "threatened", "hypothetical", "denied")
"""How the text reports an event: as done, going on, planned or intended, threatened or promised on a
condition, supposed (hypothetical), or denied."""


@dataclass(frozen=True)
class Event:
    """Actor – action – target, with date, place, modality, the sentence it stands in and the claim that reports it."""

    id: str
    actor: Ref | None
    action: Action
    target: Ref | None
    date: str | None
    place: Ref | None
    sentence: Span
    claim: str | None = None
    date_precision: str | None = None
    modality: str | None = None
    """One of MODALITIES; None for an event recorded before claimgraph read modality."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "actor": self.actor.to_json() if self.actor else None,
            "action": self.action.to_json(),
            "modality": self.modality,
            "target": self.target.to_json() if self.target else None,
            "date": self.date,
            "date_precision": self.date_precision,
            "place": self.place.to_json() if self.place else None,
            "sentence": self.sentence.to_json(),
            "claim": self.claim,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Event:
        return cls(
            id=d["id"],
            actor=Ref.from_json(d["actor"]) if d.get("actor") else None,
            action=Action.from_json(d.get("action") or {}),
            target=Ref.from_json(d["target"]) if d.get("target") else None,
            date=d.get("date"),
            place=Ref.from_json(d["place"]) if d.get("place") else None,
            sentence=Span.from_json(d["sentence"]),
            claim=d.get("claim"),
            date_precision=d.get("date_precision"),
            modality=d.get("modality"),
        )


def normalise_text(text: str) -> str:
    """The form of a text that its id hashes: NFC, unified newlines, trimmed."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def text_id(text: str) -> str:
    """sha256 of the normalised text (of any string: a lone surrogate, which UTF-8 cannot encode, is hashed as is)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Repair:
    """Characters of one field that no store can hold (NUL, lone surrogates), replaced by U+FFFD where it was read.

    One character becomes one character, so every offset into the text still points where it did.
    """

    field: str
    """The Document field: text, title, outlet, url, published or language."""
    kind: str
    """`NUL` or `lone surrogate`."""
    count: int
    first: int
    """Offset of the first one in the field."""

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "kind": self.kind, "count": self.count, "first": self.first}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Repair:
        return cls(str(d["field"]), str(d["kind"]), int(d["count"]), int(d["first"]))


@dataclass(frozen=True)
class Document:
    """One article: its exact text (which every offset indexes) and its metadata."""

    text: str
    id: str = ""
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    language: str = "en"
    repairs: tuple[Repair, ...] = ()
    """What was replaced where the document was read (see `claimgraph.storable`); empty for most."""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", text_id(self.text))

    def to_json(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "url": self.url, "outlet": self.outlet, "title": self.title,
                             "published": self.published, "language": self.language, "text": self.text}
        if self.repairs:  # only where something was replaced, so a clean document's record is as it always was
            d["repairs"] = [r.to_json() for r in self.repairs]
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Document:
        return cls(text=d.get("text") or "", id=d.get("id") or "", url=d.get("url"), outlet=d.get("outlet"),
                   title=d.get("title"), published=d.get("published"), language=d.get("language") or "en",
                   repairs=tuple(Repair.from_json(r) for r in d.get("repairs") or ()))


@dataclass(frozen=True)
class Analysis:
    """Everything read from one document: its entities, claims and events."""

    document: Document
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    events: tuple[Event, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    def entity(self, entity_id: str | None) -> Entity | None:
        """The entity with this id, or None."""
        for e in self.entities:
            if e.id == entity_id:
                return e
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "document": self.document.to_json(),
            "entities": [e.to_json() for e in self.entities],
            "claims": [c.to_json() for c in self.claims],
            "events": [v.to_json() for v in self.events],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Analysis:
        if d.get("schema") not in (None, SCHEMA):
            raise ValueError(f"unknown schema {d.get('schema')!r}; expected {SCHEMA}")
        return cls(
            document=Document.from_json(d.get("document") or {}),
            entities=tuple(Entity.from_json(e) for e in d.get("entities") or ()),
            claims=tuple(Claim.from_json(c) for c in d.get("claims") or ()),
            events=tuple(Event.from_json(v) for v in d.get("events") or ()),
        )
