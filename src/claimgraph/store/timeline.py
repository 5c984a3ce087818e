"""The timeline of a corpus: events in date order, each with who reports it and how independently.

One line of the timeline is one event as the corpus knows it: the same actor (the cross-document
entity, whatever the spelling), the same action (PLOVER type, or the words where it has none),
the same target, the same date and the same modality (done, planned, denied, ...), gathered from
every document that reports it. `documents`
counts those documents; `sources` counts them again with every copy of a stored article (the
same wire story on another site) folded into the article it copies, so ten copies of one wire
story are one source.
"""
from __future__ import annotations

import calendar
import re
from typing import Any

from sqlalchemy import Connection, and_, or_, select

from claimgraph.errors import InputError
from claimgraph.store import schema as t
from claimgraph.store.queries import canonical_ids_named, escape_like, originals

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_FOLD = re.compile(r"\W+")


def check_bound(value: str, option: str) -> str:
    """A --since / --until date (YYYY, YYYY-MM or YYYY-MM-DD), or an InputError naming the option."""
    v = value.strip()
    m = _DATE.match(v)
    if not m or (m.group(2) and not 1 <= int(m.group(2)) <= 12):
        raise InputError(f"{option} '{value}': give a date as YYYY-MM-DD (or YYYY-MM, YYYY)")
    return v


def date_range(date: str | None) -> tuple[str, str] | None:
    """The first and last day a date of any precision may stand for; None for no year."""
    m = _DATE.match(date or "")
    if not m:
        return None
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if day:
        return date, date  # type: ignore[return-value]
    if month:
        last = calendar.monthrange(year, int(month))[1]
        return f"{year:04d}-{month}-01", f"{year:04d}-{month}-{last:02d}"
    return f"{year:04d}-01-01", f"{year:04d}-12-31"


def _within(date: str | None, since: str | None, until: str | None) -> bool:
    """Whether a date may fall between the bounds (a year overlaps each month of it)."""
    if since is None and until is None:
        return True
    span = date_range(date)
    if span is None:
        return False
    lo, hi = span
    if since is not None and hi < date_range(since)[0]:  # type: ignore[index]
        return False
    return not (until is not None and lo > date_range(until)[1])  # type: ignore[index]


def _order(date: str | None) -> tuple[int, str]:
    """Dated events first, in date order; then days with no year (--MM-DD); then undated ones."""
    if date and _DATE.match(date):
        return 0, date
    return (1, date) if date else (2, "")


def _fold(text: str | None) -> str:
    return _FOLD.sub(" ", (text or "").casefold()).strip()


def _canonical(conn: Connection, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
    """(document id, entity id) -> {id, name} of the cross-document entity."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    docs = sorted({d for d, _ in pairs})
    e, ce = t.entities, t.canonical_entities
    for i in range(0, len(docs), 400):
        q = select(e.c.document_id, e.c.id, ce.c.id.label("cid"), ce.c.name) \
            .join(ce, ce.c.id == e.c.canonical_id).where(e.c.document_id.in_(docs[i:i + 400]))
        for r in conn.execute(q):
            if (r.document_id, r.id) in pairs:
                out[(r.document_id, r.id)] = {"id": r.cid, "name": r.name}
    return out


def timeline(conn: Connection, *, about: str | None = None, since: str | None = None, until: str | None = None,
             limit: int | None = None) -> list[dict[str, Any]]:
    """Events across the corpus in date order, each with its reports, documents and independent sources.

    Args:
        about: only events whose actor, target or place is this entity (any spelling) or holds these words.
        since, until: only events whose date may fall in this range (an undated event falls in none).
    """
    since = check_bound(since, "--since") if since else None
    until = check_bound(until, "--until") if until else None
    v, d, c = t.events, t.documents, t.claims
    q = select(v, d.c.title, d.c.outlet, d.c.published, d.c.url,
               c.c.speaker_text, c.c.speaker_entity, c.c.stance) \
        .join(d, d.c.id == v.c.document_id) \
        .outerjoin(c, and_(c.c.document_id == v.c.document_id, c.c.id == v.c.claim_id))
    if about is not None and about.strip():
        ids = canonical_ids_named(conn, about)
        pattern = f"%{escape_like(about.strip().casefold())}%"
        conds = [col.ilike(pattern, escape="\\") for col in (v.c.actor_text, v.c.target_text, v.c.place_text)]
        if ids:
            e = t.entities
            named = select(e.c.id).where(e.c.document_id == v.c.document_id, e.c.canonical_id.in_(ids))
            conds += [col.in_(named) for col in (v.c.actor_entity, v.c.target_entity, v.c.place_entity)]
        q = q.where(or_(*conds))
    q = q.order_by(d.c.published.nulls_last(), d.c.pk, v.c.position)
    rows = [r for r in conn.execute(q).mappings() if _within(r["date"], since, until)]

    pairs = {(r["document_id"], r[col]) for r in rows
             for col in ("actor_entity", "target_entity", "place_entity", "speaker_entity") if r[col]}
    canon = _canonical(conn, pairs)
    roots = originals(conn, {r["document_id"] for r in rows})

    def ref(r: Any, prefix: str) -> dict[str, Any] | None:
        entity, text_ = r[f"{prefix}_entity"], r[f"{prefix}_text"]
        if entity is None and text_ is None:
            return None
        return {"text": text_ or "", "entity": entity, "canonical": canon.get((r["document_id"], entity or ""))}

    def key_of(r: Any, prefix: str) -> Any:
        found = canon.get((r["document_id"], r[f"{prefix}_entity"] or ""))
        return ("c", found["id"]) if found else ("t", _fold(r[f"{prefix}_text"]))

    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rows:
        action_key = r["action_code"] or _fold(r["action_text"])
        # a withdrawal planned and one done are two lines, as are one reported and one denied
        key: tuple[Any, ...] = (key_of(r, "actor"), action_key, key_of(r, "target"), r["date"], r["modality"])
        if not r["actor_text"] and not r["actor_entity"] and not r["target_text"] and not r["target_entity"]:
            key = ("alone", r["document_id"], r["id"])  # "fighting" with no one named is no shared event
        g = groups.get(key)
        if g is None:
            g = groups[key] = {
                "date": r["date"], "date_precision": r["date_precision"], "modality": r["modality"],
                "actor": ref(r, "actor"),
                "action": {"code": r["action_code"], "mode": r["action_mode"], "text": r["action_text"]},
                "target": ref(r, "target"), "place": ref(r, "place"),
                "documents": 0, "sources": 0, "reports": [], "_docs": set(), "_sources": set(),
            }
        if g["place"] is None:
            g["place"] = ref(r, "place")
        g["_docs"].add(r["document_id"])
        g["_sources"].add(roots.get(r["document_id"], r["document_id"]))
        g["reports"].append({
            "document": {"id": r["document_id"], "title": r["title"], "outlet": r["outlet"],
                         "published": r["published"], "url": r["url"]},
            "event": r["id"],
            "sentence": r["sentence_text"],
            "claim": {"id": r["claim_id"], "stance": r["stance"],
                      "speaker": {"text": r["speaker_text"] or "", "entity": r["speaker_entity"],
                                  "canonical": canon.get((r["document_id"], r["speaker_entity"] or ""))}
                      if r["speaker_text"] is not None or r["speaker_entity"] is not None else None}
            if r["claim_id"] else None,
        })
    out = sorted(groups.values(), key=lambda g: (_order(g["date"]), -len(g["_sources"]), -len(g["_docs"])))
    for g in out:
        g["documents"], g["sources"] = len(g.pop("_docs")), len(g.pop("_sources"))
    return out[:limit] if limit else out
