"""The timeline of a corpus: events grouped across documents, in date order, each with who reports it and how
independently; and how many events each month holds, by PLOVER type, for the drawn timeline.

One line of the timeline is one event as the corpus knows it: the same actor (the cross-document
entity where linked, whatever the spelling, else the folded words), the same action (PLOVER type,
else the words), the same target, the same date and the same modality (done, planned, denied, ...: a
withdrawal planned and one done are two lines), gathered from every document that reports it;
an event naming neither actor nor target is a line of its own. The grouping and paging run in the
database, so one page costs one grouping query; the reports are read for the lines of the page only.
`documents` counts a line's documents; `sources` counts them again with every copy of a stored
article (the same wire story on another site) folded into the article it copies. Dated lines come
first in date order, then days with no year (--MM-DD), then undated ones; within a date, lines
reported by more articles first.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, String, and_, case, cast, func, literal_column, or_, select

from claimgraph.store import schema as t
from claimgraph.store.documents import originals
from claimgraph.store.filters import check_bound, date_range, first_day, last_day
from claimgraph.store.growth import new_documents
from claimgraph.store.matching import canonical_ids_named, escape_like

__all__ = ["PER_PAGE", "TimelineFilter", "check_bound", "date_range", "months", "page", "timeline"]

PER_PAGE = 100
_CHUNK = 400


@dataclass(frozen=True)
class TimelineFilter:
    """Which events: about an entity (any spelling) or words, whose date may fall between two bounds, of a type."""

    about: str | None = None
    """Events whose actor, target or place is this entity (any spelling) or holds these words."""
    since: str | None = None
    """Events whose date may fall on or after this (a year overlaps each month of it; undated ones fall in none)."""
    until: str | None = None
    code: str | None = None
    """Only events of this PLOVER type (MOBILIZE, ASSAULT, ...)."""

    def __post_init__(self) -> None:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value:
                check_bound(value, f"--{name}")

    def active(self) -> dict[str, str]:
        """The filters that are set."""
        return {k: v for k, v in vars(self).items() if v}


def _key(entity: Any, text: Any) -> Any:
    """The group key of a role: 'c' + canonical id where linked, else 't' + the words in lower case."""
    # constants written into the SQL, not bound: PostgreSQL must see GROUP BY and SELECT as one expression
    linked = literal_column("'c'", String) + cast(entity.c.canonical_id, String)
    return case((entity.c.canonical_id.is_not(None), linked),
                else_=literal_column("'t'", String) + func.lower(func.coalesce(text, literal_column("''", String))))


def _members(conn: Connection, column: Any) -> Any:
    """All (document id, event id) of a group, joined into one string."""
    if conn.dialect.name == "postgresql":
        return func.string_agg(column, ",")
    return func.group_concat(column, ",")


def _joined(conn: Connection, f: TimelineFilter) -> tuple[Any, list[ColumnElement[bool]], Any, Any]:
    """The events joined to their actor's and target's entities, and the conditions a filter stands for."""
    v = t.events
    ea, et, ep = t.entities.alias("ea"), t.entities.alias("et"), t.entities.alias("ep")
    joined = v.outerjoin(ea, and_(ea.c.document_id == v.c.document_id, ea.c.id == v.c.actor_entity)) \
        .outerjoin(et, and_(et.c.document_id == v.c.document_id, et.c.id == v.c.target_entity))
    conds: list[ColumnElement[bool]] = []
    if f.about and f.about.strip():
        joined = joined.outerjoin(ep, and_(ep.c.document_id == v.c.document_id, ep.c.id == v.c.place_entity))
        ids = canonical_ids_named(conn, f.about)
        pattern = f"%{escape_like(f.about.strip().casefold())}%"
        either = [col.ilike(pattern, escape="\\") for col in (v.c.actor_text, v.c.target_text, v.c.place_text)]
        if ids:
            either += [role.c.canonical_id.in_(ids) for role in (ea, et, ep)]
        conds.append(or_(*either))
    dated = func.substr(v.c.date, 1, 1).between("0", "9")
    if f.since:  # the event's date may fall on or after the bound: compare at the event date's own precision
        conds += [dated, v.c.date >= func.substr(first_day(f.since), 1, func.length(v.c.date))]
    if f.until:
        conds += [dated, v.c.date <= func.substr(last_day(f.until), 1, func.length(v.c.date))]
    if f.code:
        conds.append(func.upper(v.c.action_code) == f.code.strip().upper())
    return joined, conds, ea, et


def _grouped(conn: Connection, f: TimelineFilter, after: int | None = None, ordered: bool = True) -> Any:
    """The timeline's lines: one row per group with its key, date, documents and members (of the documents
    stored after `after` alone, where given)."""
    v = t.events
    joined, conds, ea, et = _joined(conn, f)
    if after is not None:
        conds.append(v.c.document_id.in_(new_documents(after)))
    alone = and_(v.c.actor_entity.is_(None), v.c.actor_text.is_(None), v.c.target_entity.is_(None),
                 v.c.target_text.is_(None))
    actor = case((alone, literal_column("'e'", String) + v.c.document_id + literal_column("'|'", String) + v.c.id),
                 else_=_key(ea, v.c.actor_text))
    # the action's key holds its modality too: a withdrawal planned and one done are two lines
    action = func.coalesce(v.c.action_code, func.lower(v.c.action_text)) + literal_column("'|'", String) \
        + func.coalesce(v.c.modality, literal_column("'done'", String))
    target = _key(et, v.c.target_text)
    documents = func.count(func.distinct(v.c.document_id))
    dated = func.substr(v.c.date, 1, 1).between("0", "9")
    order_class = case((dated, 0), (v.c.date.is_not(None), 1), else_=2)
    q = select(actor.label("ak"), action.label("ck"), target.label("tk"), v.c.date,
               documents.label("documents"), func.count().over().label("total"),
               _members(conn, v.c.document_id + literal_column("'|'", String) + v.c.id).label("members")) \
        .select_from(joined).where(*conds) \
        .group_by(literal_column("ak"), literal_column("ck"), literal_column("tk"), v.c.date)
    if not ordered:
        return q
    return q.order_by(func.min(order_class), v.c.date, documents.desc(), literal_column("ak"), literal_column("ck"),
                      literal_column("tk"))


@dataclass(frozen=True)
class Line:
    """One line of the timeline as `_lines` reads it: its key and date, and its members ('DOCUMENT|EVENT')."""

    ak: str
    ck: str
    tk: str
    date: str | None
    members: str
    documents: int
    """How many documents report it."""


LineTally = dict[tuple[str, str, str, str | None], Line]
"""The whole timeline's lines by key; tallies of disjoint sets of documents add up (`store.growth`)."""


def line_tally(conn: Connection, after: int | None = None) -> LineTally:
    """The lines of the whole timeline, from the events of the documents stored after `after`, or of all."""
    rows = conn.execute(_grouped(conn, TimelineFilter(), after, ordered=False))
    return {(r.ak, r.ck, r.tk, r.date): Line(r.ak, r.ck, r.tk, r.date, r.members, int(r.documents)) for r in rows}


def add_lines(a: LineTally, b: LineTally) -> LineTally:
    """Two line tallies of disjoint documents as one: a line both hold gathers the members of both."""
    out = dict(a)
    for key, line in b.items():
        kept = out.get(key)
        if kept is None:
            out[key] = line
            continue
        members = kept.members + "," + line.members
        reporting = len({m.split("|", 1)[0] for m in members.split(",")})
        out[key] = Line(key[0], key[1], key[2], key[3], members, reporting)
    return out


def ordered_lines(found: LineTally) -> list[Line]:
    """The lines in the timeline's order: dated in date order, then days without a year, then undated; within
    a date the lines reported by more documents first."""
    def order(line: Line) -> tuple[Any, ...]:
        date = line.date
        kind = 0 if date and date[:1].isdigit() else 1 if date is not None else 2
        return kind, date or "", -line.documents, line.ak, line.ck, line.tk
    return sorted(found.values(), key=order)


def page_of(conn: Connection, ordered: list[Line], *, page: int = 1, per_page: int = PER_PAGE) -> dict[str, Any]:
    """One page of the whole timeline from its ordered lines (`ordered_lines`)."""
    total = len(ordered)
    shown = ordered[(page - 1) * per_page:page * per_page]
    return {"events": _lines(conn, shown), "total": total, "page": page,
            "pages": max(1, -(-total // per_page)), "per_page": per_page, "filters": {}}


def page(conn: Connection, f: TimelineFilter | None = None, *, page: int = 1,
         per_page: int = PER_PAGE) -> dict[str, Any]:
    """One page of the timeline: its lines, the number of lines and pages, and the filters."""
    f = f or TimelineFilter()
    q = _grouped(conn, f)
    groups = list(conn.execute(q.limit(per_page).offset((page - 1) * per_page)).all())
    total = int(groups[0].total) if groups else _total(conn, q, page)
    return {"events": _lines(conn, groups), "total": total, "page": page,
            "pages": max(1, -(-total // per_page)), "per_page": per_page, "filters": f.active()}


def timeline(conn: Connection, *, about: str | None = None, since: str | None = None, until: str | None = None,
             code: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
    """Events across the corpus in date order, each with its reports, documents and independent sources.

    Args:
        about: only events whose actor, target or place is this entity (any spelling) or holds these words.
        since, until: only events whose date may fall in this range (an undated event falls in none).
        code: only events of this PLOVER type.
    """
    f = TimelineFilter(about=about, since=since or None, until=until or None, code=code)
    q = _grouped(conn, f)
    if limit:
        q = q.limit(limit)
    return _lines(conn, list(conn.execute(q).all()))


def months(conn: Connection, f: TimelineFilter | None = None, after: int | None = None) -> list[dict[str, Any]]:
    """Events per month and PLOVER type (dated to the month or the day), oldest month first (of the documents
    stored after `after` alone, where given: counts of disjoint documents add up)."""
    v = t.events
    joined, conds, _, _ = _joined(conn, f or TimelineFilter())
    if after is not None:
        conds.append(v.c.document_id.in_(new_documents(after)))
    month = func.substr(v.c.date, 1, 7)
    code = func.coalesce(v.c.action_code, literal_column("'OTHER'", String))
    q = select(month.label("month"), code.label("code"), func.count().label("events"),
               func.count(func.distinct(v.c.document_id)).label("documents")) \
        .select_from(joined).where(*conds, func.length(v.c.date) >= 7,
                                   func.substr(v.c.date, 1, 1).between("0", "9")) \
        .group_by(month, code).order_by(month, code)
    return [{"month": r.month, "code": r.code, "events": int(r.events), "documents": int(r.documents)}
            for r in conn.execute(q)]


def add_months(a: list[dict[str, Any]], b: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Two month counts of disjoint documents as one."""
    out: dict[tuple[str, str], dict[str, Any]] = {(m["month"], m["code"]): dict(m) for m in a}
    for m in b:
        kept = out.setdefault((m["month"], m["code"]), {"month": m["month"], "code": m["code"], "events": 0,
                                                         "documents": 0})
        kept["events"] += m["events"]
        kept["documents"] += m["documents"]
    return [out[k] for k in sorted(out)]


def _total(conn: Connection, q: Any, page: int) -> int:
    """The number of lines, for a page past the last one (which holds no row to carry it)."""
    if page == 1:
        return 0
    first = conn.execute(q.limit(1).offset(0)).first()
    return int(first.total) if first else 0


def _rows(conn: Connection, keys: list[tuple[str, ...]]) -> dict[tuple[str, str], Any]:
    v, d, c = t.events, t.documents, t.claims
    wanted = set(keys)
    docs = sorted({k[0] for k in keys})
    rows: dict[tuple[str, str], Any] = {}
    # by document (the primary key's first column), the pairs picked out here: a row-value IN list is not
    # answered from the index on every back-end
    for i in range(0, len(docs), _CHUNK):
        q = select(v, d.c.title, d.c.outlet, d.c.published, d.c.url, c.c.speaker_text, c.c.speaker_entity,
                   c.c.stance).join(d, d.c.id == v.c.document_id) \
            .outerjoin(c, and_(c.c.document_id == v.c.document_id, c.c.id == v.c.claim_id)) \
            .where(v.c.document_id.in_(docs[i:i + _CHUNK]))
        for r in conn.execute(q).mappings():
            if (r["document_id"], r["id"]) in wanted:
                rows[(r["document_id"], r["id"])] = r
    return rows


def _canonical(conn: Connection, rows: dict[tuple[str, str], Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """(document id, entity id) -> {id, name} of the cross-document entity, for every role of these events."""
    e, ce = t.entities, t.canonical_entities
    pairs = {(r["document_id"], r[col]) for r in rows.values()
             for col in ("actor_entity", "target_entity", "place_entity", "speaker_entity") if r[col]}
    docs = sorted({d for d, _ in pairs})
    canon: dict[tuple[str, str], dict[str, Any]] = {}
    for i in range(0, len(docs), _CHUNK):
        q = select(e.c.document_id, e.c.id, ce.c.id.label("cid"), ce.c.name).join(ce, ce.c.id == e.c.canonical_id) \
            .where(e.c.document_id.in_(docs[i:i + _CHUNK]))
        for found in conn.execute(q):
            if (found.document_id, found.id) in pairs:
                canon[(found.document_id, found.id)] = {"id": found.cid, "name": found.name}
    return canon


def _ref(canon: dict[tuple[str, str], dict[str, Any]], r: Any, prefix: str) -> dict[str, Any] | None:
    entity, text_ = r[f"{prefix}_entity"], r[f"{prefix}_text"]
    if entity is None and text_ is None:
        return None
    return {"text": text_ or "", "entity": entity, "canonical": canon.get((r["document_id"], entity or ""))}


def _report(canon: dict[tuple[str, str], dict[str, Any]], r: Any) -> dict[str, Any]:
    speaker = None
    if r["speaker_text"] is not None or r["speaker_entity"] is not None:
        speaker = {"text": r["speaker_text"] or "", "entity": r["speaker_entity"],
                   "canonical": canon.get((r["document_id"], r["speaker_entity"] or ""))}
    return {"document": {"id": r["document_id"], "title": r["title"], "outlet": r["outlet"],
                         "published": r["published"], "url": r["url"]},
            "event": r["id"], "sentence": r["sentence_text"],
            "claim": {"id": r["claim_id"], "stance": r["stance"], "speaker": speaker} if r["claim_id"] else None}


def _lines(conn: Connection, groups: list[Any]) -> list[dict[str, Any]]:
    keys = [tuple(m.split("|", 1)) for g in groups for m in g.members.split(",")]
    rows = _rows(conn, keys)
    canon = _canonical(conn, rows)
    roots = originals(conn, {r["document_id"] for r in rows.values()})
    out = []
    for g in groups:
        members = [rows[k] for k in (tuple(m.split("|", 1)) for m in g.members.split(",")) if k in rows]
        members.sort(key=lambda r: (r["published"] or "~", r["document_id"], r["position"]))
        if not members:
            continue
        first = members[0]
        out.append({
            "date": first["date"], "date_precision": first["date_precision"], "modality": first["modality"],
            "actor": _ref(canon, first, "actor"),
            "action": {"code": first["action_code"], "mode": first["action_mode"], "text": first["action_text"]},
            "target": _ref(canon, first, "target"),
            "place": next((_ref(canon, r, "place") for r in members if _ref(canon, r, "place")), None),
            "documents": len({r["document_id"] for r in members}),
            "sources": len({roots.get(r["document_id"], r["document_id"]) for r in members}),
            "reports": [_report(canon, r) for r in members],
        })
    return out
