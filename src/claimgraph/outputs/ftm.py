"""FollowTheMoney entities of a selection, as the JSON lines Aleph imports (`ftm`, `alephclient write-entities`).

    cross-document entity ── Person, Organization, PublicBody, LegalEntity, Territory or Address (ftm.yaml)
    article ──────────────── Article: title, publishedAt, sourceUrl, publisher, language, bodyText
    a mention in an article ─ Mention (document, name, resolved) for legal entities; Documentation
                              (document, entity, role "mentioned") for places, which FtM's Mention cannot resolve
    claim ────────────────── Documentation (document, entity the speaker, role "said", summary the exact
                              quoted span, date); a claim with no resolved speaker is a Note on the article
    event ────────────────── Event: name, date, summary the sentence, organizer and involved, country, location

Every entity is made by `model.make_entity`, its id `make_id` of stable keys, and checked against the
model before it is written (`Schema.validate`).
"""
from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import IO, Any

import yaml
from followthemoney import model
from followthemoney.proxy import EntityProxy

from claimgraph.errors import LexiconError
from claimgraph.outputs.places import PLACE_TYPES, territory_code
from claimgraph.outputs.selection import Reader

LEGAL = ("Person", "Organization", "PublicBody", "LegalEntity")
"""Schemata a Mention may resolve to and an Event may involve (FtM's LegalEntity and what extends it)."""


@cache
def mapping() -> dict[str, Any]:
    """The entity-label -> schema table and the public-body words of ftm.yaml."""
    try:
        data = yaml.safe_load(resources.files("claimgraph.outputs").joinpath("ftm.yaml").read_text("utf-8"))
    except (OSError, yaml.YAMLError) as e:
        raise LexiconError(f"claimgraph/outputs/ftm.yaml: {e}") from e
    words = sorted(data["public_body_words"], key=len, reverse=True)
    data["public_body"] = re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
    return dict(data)


def schema_of(type_: str | None, name: str) -> str | None:
    """The FtM schema of a cross-document entity of this label and name, or None where it is none."""
    table = mapping()
    schema = table["schemata"].get(type_ or "")
    if schema == "Organization" and table["public_body"].search(name):
        return "PublicBody"
    return str(schema) if schema else None


def entity_id(canonical_id: int) -> str:
    """The FtM id of a cross-document entity."""
    return str(model.make_entity("Thing").make_id("claimgraph", "entity", str(canonical_id)))


def _id(*key: str) -> str:
    return str(model.make_entity("Thing").make_id("claimgraph", *key))


def _make(schema: str, key: tuple[str, ...], **props: Any) -> EntityProxy:
    """An entity of this schema with this id key and these properties (a value FtM cannot clean is left out)."""
    proxy = model.make_entity(schema)
    proxy.id = _id(*key)
    for prop, value in props.items():
        for v in value if isinstance(value, list) else [value]:
            if v is not None and v != "":
                proxy.add(prop, v, quiet=True)
    return proxy


class Writer:
    """Checks each entity against the model and writes it as one JSON line."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream = stream
        self.counts: dict[str, int] = {}

    def add(self, proxy: EntityProxy) -> None:
        data = proxy.to_dict()
        # raises InvalidData for a missing required property or a bad value
        proxy.schema.validate({"properties": data["properties"]})
        self.stream.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
        self.counts[proxy.schema.name] = self.counts.get(proxy.schema.name, 0) + 1


def write(reader: Reader, stream: IO[str]) -> dict[str, Any]:
    """Write the selection as FtM entities, one JSON object per line; returns how many of each schema."""
    w = Writer(stream)
    for e in reader.entities():
        proxy = _entity(e)
        if proxy is not None:
            w.add(proxy)
    for doc in reader.documents():
        for proxy in _document(doc):
            w.add(proxy)
    return {"format": "ftm", "entities": sum(w.counts.values()), **dict(sorted(w.counts.items()))}


def _entity(e: dict[str, Any]) -> EntityProxy | None:
    schema = schema_of(e["type"], e["name"])
    if schema is None:
        return None
    code = territory_code(e["name"]) if e["type"] in PLACE_TYPES else None
    notes = (f"claimgraph entity {e['id']} ({e['type']}): {e['documents']} articles, {e['mentions']} mentions, "
             f"{e['claims']} claims made")
    props: dict[str, Any] = {"notes": notes}
    if schema == "Address":
        props.update(full=e["name"], country=code)
    else:
        props.update(name=e["name"], alias=e["spellings"], country=code)
    proxy = model.make_entity(schema)
    proxy.id = entity_id(e["id"])
    for prop, value in props.items():
        for v in value if isinstance(value, list) else [value]:
            if v:
                proxy.add(prop, v, quiet=True)
    return proxy


def _document(doc: dict[str, Any]) -> list[EntityProxy]:
    article = _make("Article", ("document", doc["id"]), title=doc["title"] or doc["url"] or doc["id"][:12],
                    fileName=f"{doc['id'][:16]}.txt", publishedAt=doc["published"], sourceUrl=doc["url"],
                    publisher=doc["outlet"], language=doc["language"], bodyText=doc["text"])
    out = [article]
    for e in doc["entities"]:
        schema = schema_of(e["type"], e["name"])
        if schema is None:
            continue
        if schema in LEGAL:
            out.append(_make("Mention", ("mention", doc["id"], str(e["id"])), document=article.id,
                             resolved=entity_id(e["id"]), name=e["spellings"], detectedSchema=schema))
        else:
            out.append(_make("Documentation", ("mentioned", doc["id"], str(e["id"])), document=article.id,
                             entity=entity_id(e["id"]), role="mentioned",
                             summary=f"named {e['mentions']} times: {', '.join(e['spellings'])}"))
    out += [_claim(c, doc, article.id) for c in doc["claims"]]
    out += [x for x in (_event(v, doc, article.id) for v in doc["events"]) if x is not None]
    return out


def _described(claim: dict[str, Any]) -> str:
    """The claim's chain, cue, hedges, stance and story grade in one line."""
    parts = []
    if claim["via"]:
        parts.append("via " + " → ".join(v["text"] for v in claim["via"]))
    if claim["cue"]:
        parts.append(f"cue '{claim['cue']['text']}'")
    if claim["hedges"]:
        parts.append("hedged: " + ", ".join(h["text"] for h in claim["hedges"]))
    p = claim["probability"]
    if p:
        parts.append(f"ICD 203 {p['term']} ({p['low']:.0%}–{p['high']:.0%})")
    parts.append(f"stance {claim['stance']}")
    if claim["story"]:
        parts.append(f"story {claim['story']['id']}, credibility {claim['story']['reason']}")
    return "; ".join(parts)


def _claim(claim: dict[str, Any], doc: dict[str, Any], article: str | None) -> EntityProxy:
    key = ("claim", doc["id"], claim["id"])
    canonical = (claim["speaker"] or {}).get("canonical")
    content = claim["content"]["text"]
    date = claim["date_said"] or doc["published"]
    if canonical and schema_of(canonical.get("type"), canonical["name"]):
        cue = (claim["cue"] or {}).get("text") or "said"
        return _make("Documentation", key, document=article, entity=entity_id(canonical["id"]), role=cue,
                     summary=content, description=_described(claim), date=date, sourceUrl=doc["url"],
                     publisher=doc["outlet"], recordId=f"{doc['id']}:{claim['id']}")
    who = (claim["speaker"] or {}).get("text") or doc["outlet"] or "the article"
    return _make("Note", key, entity=article, name=f"{who}: {content[:200]}", description=content,
                 summary=_described(claim), sourceUrl=doc["url"], publisher=doc["outlet"])


def _event(event: dict[str, Any], doc: dict[str, Any], article: str | None) -> EntityProxy | None:
    refs = {role: (event[role] or {}) for role in ("actor", "target", "place")}

    def legal(role: str) -> str | None:
        c = refs[role].get("canonical")
        return entity_id(c["id"]) if c and schema_of(c.get("type"), c["name"]) in LEGAL else None

    countries = [territory_code(refs[r]["canonical"]["name"]) for r in refs
                 if refs[r].get("canonical") and refs[r]["canonical"].get("type") in PLACE_TYPES]
    action = event["action"]
    name = " ".join(x for x in (refs["actor"].get("text"), action["text"], refs["target"].get("text")) if x)
    return _make("Event", ("event", doc["id"], event["id"]), name=name,
                 summary=event["sentence"]["text"], description=f"PLOVER {action['code'] or '-'}"
                 + (f", {action['mode']}" if action["mode"] else ""), date=event["date"],
                 organizer=legal("actor"), involved=[x for x in (legal("actor"), legal("target")) if x],
                 country=[c for c in countries if c], location=refs["place"].get("text"), proof=article,
                 sourceUrl=doc["url"], publisher=doc["outlet"], recordId=f"{doc['id']}:{event['id']}")
