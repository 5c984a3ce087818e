"""Writing one analysed document into the store and reading it back as the same records."""
from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Table, select

from claimgraph.records import (
    Action,
    Analysis,
    Claim,
    Document,
    Entity,
    Event,
    Probability,
    Ref,
    Repair,
    Span,
    text_id,
)
from claimgraph.store import schema as t
from claimgraph.store.sources import named_sources, source_for_outlet
from claimgraph.store.writing import insert_ignoring_conflicts, now


def document_exists(conn: Connection, document: Document) -> bool:
    """Whether a document with this id or this exact normalised text is already stored."""
    hit = conn.execute(select(t.documents.c.id).where(
        (t.documents.c.id == document.id) | (t.documents.c.content_hash == text_id(document.text))).limit(1))
    return hit.first() is not None


def save_analysis(conn: Connection, analysis: Analysis, origin: str | None = None) -> bool:
    """Insert a document and all its records; False (and nothing written) where it is already stored.

    Call it inside a transaction: either every row of the document is stored or none is.
    """
    doc = analysis.document
    if document_exists(conn, doc):
        return False
    inserted = conn.execute(insert_ignoring_conflicts(conn, t.documents).values(
        id=doc.id, content_hash=text_id(doc.text), source_id=source_for_outlet(conn, doc.outlet), outlet=doc.outlet,
        url=doc.url, title=doc.title, published=doc.published, language=doc.language or "en", text=doc.text,
        origin=origin, ingested_at=now(), repairs=_repairs_json(doc)))
    if inserted.rowcount == 0:  # another writer stored it between our check and our insert
        return False
    _insert(conn, t.entities, [
        {"document_id": doc.id, "id": e.id, "position": i, "name": e.name, "type": e.type or ""}
        for i, e in enumerate(analysis.entities)])
    _insert(conn, t.aliases, [
        {"document_id": doc.id, "entity_id": e.id, "position": i, "alias": a}
        for e in analysis.entities for i, a in enumerate(e.aliases)])
    _insert(conn, t.mentions, [
        {"document_id": doc.id, "entity_id": e.id, "position": i, "text": m.text, "start": m.start, "end": m.end}
        for e in analysis.entities for i, m in enumerate(e.mentions)])
    _insert(conn, t.claims, [_claim_row(doc.id, c) for c in analysis.claims])
    _insert(conn, t.claim_hops, [
        {"document_id": doc.id, "claim_id": c.id, "position": i, "entity_id": v.entity, "text": v.text}
        for c in analysis.claims for i, v in enumerate(c.via)])
    _insert(conn, t.hedges, [
        {"document_id": doc.id, "claim_id": c.id, "position": i, "text": h.text, "start": h.start, "end": h.end}
        for c in analysis.claims for i, h in enumerate(c.hedges)])
    _insert(conn, t.events, [_event_row(doc.id, i, v) for i, v in enumerate(analysis.events)])
    named_sources(conn, analysis)  # the organisations its claims name are sources from now on
    return True


def _repairs_json(doc: Document) -> str | None:
    return json.dumps([r.to_json() for r in doc.repairs]) if doc.repairs else None


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(table.insert(), rows)


def _claim_row(document_id: str, c: Claim) -> dict[str, Any]:
    return {
        "document_id": document_id, "id": c.id,
        "speaker_entity": c.speaker.entity if c.speaker else None,
        "speaker_text": c.speaker.text if c.speaker else None,
        "cue_text": c.cue.text if c.cue else None,
        "cue_start": c.cue.start if c.cue else None,
        "cue_end": c.cue.end if c.cue else None,
        "content_text": c.content.text, "content_start": c.content.start, "content_end": c.content.end,
        "quote": bool(c.quote), "stance": c.stance,
        "probability_term": c.probability.term if c.probability else None,
        "probability_low": c.probability.low if c.probability else None,
        "probability_high": c.probability.high if c.probability else None,
        "date_said": c.date_said,
    }


def _event_row(document_id: str, position: int, v: Event) -> dict[str, Any]:
    return {
        "document_id": document_id, "id": v.id, "position": position,
        "actor_entity": v.actor.entity if v.actor else None, "actor_text": v.actor.text if v.actor else None,
        "action_text": v.action.text, "action_code": v.action.code, "action_mode": v.action.mode,
        "action_start": v.action.start, "action_end": v.action.end,
        "target_entity": v.target.entity if v.target else None,
        "target_text": v.target.text if v.target else None,
        "place_entity": v.place.entity if v.place else None, "place_text": v.place.text if v.place else None,
        "date": v.date, "date_precision": v.date_precision,
        "sentence_text": v.sentence.text, "sentence_start": v.sentence.start, "sentence_end": v.sentence.end,
        "claim_id": v.claim, "modality": v.modality,
    }


def load_document(conn: Connection, document_id: str) -> Document | None:
    """The stored Document with this id, or None."""
    row = conn.execute(select(t.documents).where(t.documents.c.id == document_id)).mappings().first()
    if row is None:
        return None
    return Document(text=row["text"], id=row["id"], url=row["url"], outlet=row["outlet"], title=row["title"],
                    published=row["published"], language=row["language"],
                    repairs=tuple(Repair.from_json(r) for r in json.loads(row["repairs"] or "[]")))


def load_analysis(conn: Connection, document_id: str) -> Analysis | None:
    """The records of one stored document, as `analyze` returned them."""
    document = load_document(conn, document_id)
    if document is None:
        return None
    by_doc = {"document_id": document_id}

    def rows(table: Table, *order: str) -> list[Any]:
        q = select(table).filter_by(**by_doc).order_by(*(table.c[o] for o in order))
        return list(conn.execute(q).mappings())

    aliases: dict[str, list[str]] = {}
    for r in rows(t.aliases, "entity_id", "position"):
        aliases.setdefault(r["entity_id"], []).append(r["alias"])
    mentions: dict[str, list[Span]] = {}
    for r in rows(t.mentions, "entity_id", "position"):
        mentions.setdefault(r["entity_id"], []).append(Span(r["text"], r["start"], r["end"]))
    hops: dict[str, list[Ref]] = {}
    for r in rows(t.claim_hops, "claim_id", "position"):
        hops.setdefault(r["claim_id"], []).append(Ref(r["entity_id"], r["text"]))
    hedges: dict[str, list[Span]] = {}
    for r in rows(t.hedges, "claim_id", "position"):
        hedges.setdefault(r["claim_id"], []).append(Span(r["text"], r["start"], r["end"]))

    entities = tuple(Entity(r["id"], r["name"], r["type"], tuple(aliases.get(r["id"], ())),
                            tuple(mentions.get(r["id"], ()))) for r in rows(t.entities, "position"))
    claims = tuple(claim_from_row(r, hops.get(r["id"], ()), hedges.get(r["id"], ()))
                   for r in rows(t.claims, "pk"))
    events = tuple(_event_from_row(r) for r in rows(t.events, "position"))
    return Analysis(document=document, entities=entities, claims=claims, events=events)


def claim_from_row(r: Any, via: Any = (), hedges: Any = ()) -> Claim:
    """A Claim from a `claims` row and its hops and hedges."""
    return Claim(
        id=r["id"],
        speaker=Ref(r["speaker_entity"], r["speaker_text"] or "")
        if r["speaker_entity"] is not None or r["speaker_text"] is not None else None,
        via=tuple(via),
        cue=Span(r["cue_text"], r["cue_start"], r["cue_end"]) if r["cue_text"] is not None else None,
        content=Span(r["content_text"], r["content_start"], r["content_end"]),
        quote=bool(r["quote"]),
        hedges=tuple(hedges),
        probability=Probability(r["probability_term"], r["probability_low"], r["probability_high"])
        if r["probability_term"] is not None else None,
        stance=r["stance"],
        date_said=r["date_said"],
    )


def _event_from_row(r: Any) -> Event:
    def ref(prefix: str) -> Ref | None:
        entity, text = r[f"{prefix}_entity"], r[f"{prefix}_text"]
        return Ref(entity, text or "") if entity is not None or text is not None else None

    return Event(
        id=r["id"], actor=ref("actor"),
        action=Action(r["action_text"], r["action_code"], r["action_mode"], r["action_start"], r["action_end"]),
        target=ref("target"), date=r["date"], place=ref("place"),
        sentence=Span(r["sentence_text"], r["sentence_start"], r["sentence_end"]),
        claim=r["claim_id"], date_precision=r["date_precision"], modality=r["modality"])

