"""A STIX 2.1 bundle of a selection, built with the `stix2` library and written one object at a time.

    outlet ─────────────── identity (organization), x_claimgraph_admiralty_reliability A–F
    article ────────────── report: title, published, URL as an external reference, created_by_ref the outlet,
                           object_refs its notes, relationships and the entities they name
    person / org / group ─ identity (individual / organization / group)
    place ──────────────── location with its ISO country (FollowTheMoney's country names); a place with no
                           known country is named in the claims but is no location object
    claim ──────────────── note: content the exact quoted span, authors the speaker, object_refs the report,
                           speaker, relays and entities named; confidence from the story's Admiralty credibility
    said about / relayed through / event ── relationship (related-to) between two of those, with the claim's
                           note or the event in x_claimgraph_* properties

Ids are uuid5 of stable keys (a document's id is the hash of its text), so the same store gives the
same bundle; the bundle's own id, written last, is the uuid5 of a hash of every object before it.
"""
from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import IO, Any

import stix2
from stix2.confidence import scales

from claimgraph.outputs.places import PLACE_TYPES, country_code
from claimgraph.outputs.selection import Reader, outlets

NAMESPACE = uuid.UUID("7b0f2a8e-59d4-5c63-9a55-0c1a1ab0f0e1")
"""The uuid5 namespace of claimgraph's STIX ids (fixed: changing it changes every id)."""

ADMIRALTY_CREDIBILITY = {1: "1 - Confirmed by other sources", 2: "2 - Probably True", 3: "3 - Possibly True",
                         4: "4 - Doubtful", 5: "5 - Improbable", 6: "6 - Truth cannot be judged"}
"""Credibility grades 1–6 as `stix2.confidence.scales` names them (STIX 2.1 Appendix A, Admiralty Credibility)."""

PRODUCER = "identity--" + str(uuid.uuid5(NAMESPACE, "producer|claimgraph"))
"""The identity of claimgraph itself (a system): the creator of the notes and relationships it extracts, and the
one object every bundle holds, so that a selection matching nothing is still a bundle stix2 can read."""
PRODUCER_SINCE = "2025-01-01T00:00:00.000Z"

IDENTITY_CLASS = {"PERSON": "individual", "ORG": "organization", "NORP": "group"}
"""spaCy entity labels exported as identities, and their STIX identity class."""

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def stix_id(kind: str, *key: Any) -> str:
    """A deterministic STIX id: `kind--uuid5(NAMESPACE, key)`."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, '|'.join(str(k) for k in key))}"


def timestamp(value: str | None, fallback: str) -> str:
    """A STIX timestamp (UTC, milliseconds) from an ISO date of any precision or a date-time; else the fallback's."""
    for raw in (value, fallback):
        if not raw:
            continue
        m = _PARTIAL_DATE.match(raw.strip())
        try:
            if m:
                moment = datetime(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1), tzinfo=UTC)
            else:
                moment = datetime.fromisoformat(raw.strip())
                moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
        except ValueError:
            continue
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return "1970-01-01T00:00:00.000Z"


def credibility_confidence(grade: int | None) -> int | None:
    """STIX confidence of a story's credibility grade (Admiralty Credibility scale); None for 6 or no grade."""
    if grade is None or grade == 6:
        return None
    return int(scales.admiralty_credibility_to_value(ADMIRALTY_CREDIBILITY[grade]))


def estimative_confidence(low: float | None, high: float | None) -> int | None:
    """The DNI-scale (ICD 203) value of a likelihood band's middle, e.g. likely 55–80% -> 70."""
    if low is None or high is None:
        return None
    term = scales.value_to_dni(round((low + high) * 50))
    return int(scales.dni_to_value(term))


def entity_ref(entity: dict[str, Any] | None) -> str | None:
    """The STIX id of a cross-document entity ({id, name, type}), or None where it is no STIX object."""
    if not entity or entity.get("id") is None:
        return None
    kind = entity.get("type") or ""
    if kind in IDENTITY_CLASS:
        return stix_id("identity", "entity", entity["id"])
    if kind in PLACE_TYPES and country_code(entity["name"]):
        return stix_id("location", "entity", entity["id"])
    return None


def outlet_ref(name: str | None) -> str | None:
    return stix_id("identity", "outlet", name.strip().casefold()) if name and name.strip() else None


class Writer:
    """Serialises STIX objects into the open bundle, hashing them for the bundle's id."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.digest = hashlib.sha256()
        self.count = 0
        self.stream.write('{"type": "bundle", "objects": [')

    def add(self, obj: Any) -> str:
        text = obj.serialize(ensure_ascii=False)
        self.stream.write(("\n" if self.count == 0 else ",\n") + text)
        self.digest.update(text.encode("utf-8"))
        self.count += 1
        return str(obj.id)

    def close(self) -> str:
        bundle = f"bundle--{uuid.uuid5(NAMESPACE, self.digest.hexdigest())}"
        self.stream.write(f'\n], "id": "{bundle}"}}\n')
        return bundle


def write(reader: Reader, stream: IO[str]) -> dict[str, Any]:
    """Write the selection as one STIX 2.1 bundle; returns how many objects of each kind it holds."""
    w = Writer(stream)
    counts: dict[str, int] = {}

    def add(obj: Any) -> str:
        counts[obj.type] = counts.get(obj.type, 0) + 1
        return w.add(obj)

    add(stix2.v21.Identity(id=PRODUCER, created=PRODUCER_SINCE, modified=PRODUCER_SINCE, name="claimgraph",
                           identity_class="system", description="claims, entities and events read from news reports "
                           "by claimgraph; each note is one claim, quoted exactly from its report"))
    for o in outlets(reader.conn, reader):
        when = timestamp(o["first"], o["first"])
        extra = {"x_claimgraph_admiralty_reliability": o["reliability"]} if o["reliability"] else {}
        add(stix2.v21.Identity(id=outlet_ref(o["name"]), created=when, modified=when, name=o["name"],
                               identity_class="organization", description="news outlet or publisher",
                               allow_custom=True, x_claimgraph_role="outlet", **extra))
    for e in reader.entities():
        obj = _entity(e)
        if obj is not None:
            add(obj)
    for doc in reader.documents():
        for obj in _document(doc):
            add(obj)
    bundle = w.close()
    return {"format": "stix", "bundle": bundle, "objects": w.count, **counts}


def _entity(e: dict[str, Any]) -> Any:
    when = timestamp(e["created_at"], e["created_at"])
    common: dict[str, Any] = {"created": when, "modified": when, "name": e["name"], "allow_custom": True,
                              "x_claimgraph_entity_id": e["id"], "x_claimgraph_type": e["type"],
                              "x_claimgraph_spellings": e["spellings"], "x_claimgraph_documents": e["documents"],
                              "x_claimgraph_mentions": e["mentions"], "x_claimgraph_claims": e["claims"]}
    ref = entity_ref(e)
    if ref is None:
        return None
    if ref.startswith("identity--"):
        return stix2.v21.Identity(id=ref, identity_class=IDENTITY_CLASS[e["type"]], **common)
    return stix2.v21.Location(id=ref, country=country_code(e["name"]), **common)


def _named(claim: dict[str, Any]) -> list[dict[str, Any]]:
    return [n for n in claim["named"] if entity_ref(n)]


def _document(doc: dict[str, Any]) -> Iterable[Any]:
    """The notes, relationships and report of one article."""
    when = timestamp(doc["ingested_at"], doc["ingested_at"])
    report = stix_id("report", doc["id"])
    refs: list[str] = []
    for claim in doc["claims"]:
        note, rels = _claim(claim, report, when, doc["language"])
        yield note
        refs.append(str(note.id))
        for rel in rels:
            yield rel
            refs += [str(rel.id), rel.source_ref, rel.target_ref]
        refs += [r for r in note.object_refs if r != report]
    for event in doc["events"]:
        rel = _event(event, report, when)
        if rel is not None:
            yield rel
            refs += [str(rel.id), rel.source_ref, rel.target_ref]
    refs += [r for r in (entity_ref(e) for e in doc["entities"]) if r]
    author = outlet_ref(doc["outlet"])
    if author:
        refs.append(author)
    if not refs:
        return  # an article with no outlet, claim or event: nothing for a report to hold
    external = [{"source_name": doc["outlet"] or "article", "url": doc["url"]}] if doc["url"] else []
    external.append({"source_name": "claimgraph", "external_id": doc["id"]})
    extra = {"x_claimgraph_copy_of_document": doc["copy_of"]} if doc["copy_of"] else {}
    yield stix2.v21.Report(
        id=report, created=when, modified=when, name=doc["title"] or doc["url"] or f"article {doc['id'][:12]}",
        published=timestamp(doc["published"], doc["ingested_at"]), object_refs=sorted(set(refs)),
        external_references=external, lang=doc["language"] or "en", allow_custom=True,
        **({"created_by_ref": author} if author else {}),
        x_claimgraph_document_id=doc["id"], x_claimgraph_published=doc["published"], **extra)


def _claim(claim: dict[str, Any], report: str, when: str, lang: str | None) -> tuple[Any, list[Any]]:
    """A claim as a note, with its said-about and relayed-through relationships."""
    doc_id, cid = claim["document"]["id"], claim["id"]
    note_id = stix_id("note", "claim", doc_id, cid)
    speaker = claim["speaker"] or {}
    canonical = speaker.get("canonical")
    speaker_ref = entity_ref(canonical)
    via_refs = [entity_ref(v.get("canonical")) for v in claim["via"]]
    named = _named(claim)
    story = claim["story"] or {}
    probability = claim["probability"] or {}
    props: dict[str, Any] = {
        "x_claimgraph_claim_id": cid, "x_claimgraph_document_id": doc_id,
        "x_claimgraph_speaker": speaker.get("text") or None,
        "x_claimgraph_speaker_name": (canonical or {}).get("name"),
        "x_claimgraph_speaker_ref": speaker_ref,
        "x_claimgraph_via": [v["text"] for v in claim["via"]],
        "x_claimgraph_via_refs": [r for r in via_refs if r],
        "x_claimgraph_cue": claim["cue"],
        "x_claimgraph_content_start": claim["content"]["start"], "x_claimgraph_content_end": claim["content"]["end"],
        "x_claimgraph_quote": claim["quote"], "x_claimgraph_stance": claim["stance"],
        "x_claimgraph_hedges": claim["hedges"],
        "x_claimgraph_icd203": claim["probability"],
        "x_claimgraph_estimative_confidence": estimative_confidence(probability.get("low"), probability.get("high")),
        "x_claimgraph_date_said": claim["date_said"],
        "x_claimgraph_story": story.get("id"),
        "x_claimgraph_admiralty_credibility": story.get("grade"),
        "x_claimgraph_admiralty_reason": story.get("reason"),
    }
    who = (canonical or {}).get("name") or speaker.get("text") or claim["document"]["outlet"] or "the article"
    cue = (claim["cue"] or {}).get("text")
    object_refs = [report] + ([speaker_ref] if speaker_ref else []) + [r for r in via_refs if r] \
        + [r for r in (entity_ref(n) for n in named) if r]
    confidence = credibility_confidence(story.get("grade"))
    note = stix2.v21.Note(
        id=note_id, created=when, modified=when, abstract=f"{who} {cue}".strip() if cue else who,
        content=claim["content"]["text"], authors=[who], object_refs=list(dict.fromkeys(object_refs)),
        lang=lang or "en", created_by_ref=PRODUCER, allow_custom=True,
        **({"confidence": confidence} if confidence is not None else {}),
        **{k: v for k, v in props.items() if v is not None and v != []})
    rels: list[Any] = []
    chain = [speaker_ref] + list(reversed(via_refs))  # speaker, then the relays from the innermost outwards
    if speaker_ref:
        for n in named:
            target = entity_ref(n)
            if target and target != speaker_ref:
                rels.append(_relationship("said-about", speaker_ref, target, note_id, when, confidence,
                                          f"{who} said this about {n['name']}"))
    for a, b in zip(chain, chain[1:], strict=False):
        if a and b and a != b:
            rels.append(_relationship("relayed-through", a, b, note_id, when, confidence,
                                      "the statement reached the outlet through this relay"))
    return note, rels


def _relationship(kind: str, source: str, target: str, note: str, when: str, confidence: int | None,
                  description: str) -> Any:
    return stix2.v21.Relationship(
        id=stix_id("relationship", kind, source, target, note), created=when, modified=when,
        relationship_type="related-to", source_ref=source, target_ref=target, description=description,
        created_by_ref=PRODUCER, allow_custom=True, x_claimgraph_relation=kind, x_claimgraph_note_ref=note,
        **({"confidence": confidence} if confidence is not None else {}))


def _event(event: dict[str, Any], report: str, when: str) -> Any:
    """An event between two exported entities as a relationship, its PLOVER type and date kept."""
    actor = entity_ref((event["actor"] or {}).get("canonical"))
    target = entity_ref((event["target"] or {}).get("canonical"))
    if not actor or not target or actor == target:
        return None
    action = event["action"]
    dated = {"start_time": timestamp(event["date"], "")} if event["date"] and _PARTIAL_DATE.match(event["date"]) else {}
    props = {"x_claimgraph_event_id": event["id"], "x_claimgraph_document_id": event["document_id"],
             "x_claimgraph_plover": action["code"], "x_claimgraph_mode": action["mode"],
             "x_claimgraph_action": action["text"], "x_claimgraph_date": event["date"],
             "x_claimgraph_date_precision": event["date_precision"], "x_claimgraph_sentence": event["sentence"],
             "x_claimgraph_place": (event["place"] or {}).get("text"), "x_claimgraph_claim_id": event["claim"]}
    return stix2.v21.Relationship(
        id=stix_id("relationship", "event", event["document_id"], event["id"]), created=when, modified=when,
        relationship_type="related-to", source_ref=actor, target_ref=target,
        description=f"{action['code'] or 'event'}: {action['text']}", created_by_ref=PRODUCER, allow_custom=True,
        x_claimgraph_relation="event", x_claimgraph_report_ref=report, **dated,
        **{k: v for k, v in props.items() if v is not None})
