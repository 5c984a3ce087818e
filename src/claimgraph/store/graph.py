"""The entity graph: cross-document entities linked by what they say about each other and what they do.

An edge `A -said-> B` counts claims whose speaker is A and whose content names B; `A -acts-> B`
counts events with actor A and target B (by PLOVER type, where coded). Both are counted in the
DOCUMENTS newest documents (published within the dates asked for, and naming the centre where
there is one): a picture of what the news says now, drawn as fast on a large corpus. Around a
centre the graph holds its neighbours; each entity expanded adds its own neighbours, a step further.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, and_, func, select

from claimgraph.errors import InputError
from claimgraph.store import schema as t
from claimgraph.store.filters import check_bound, first_day, last_day

KINDS = ("all", "claims", "events")
DOCUMENTS = 1000
"""The graph is drawn from this many newest documents."""


@dataclass(frozen=True)
class GraphQuery:
    """Which graph: around which entities (none: the most named), which links, how many entities, which dates."""

    centers: tuple[int, ...] = ()
    """The centre first, then the entities expanded a step."""
    kind: str = "all"
    limit: int = 30
    since: str | None = None
    until: str | None = None
    hidden: tuple[int, ...] = field(default=())
    """Entities left out of the picture."""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise InputError(f"kind '{self.kind}' is not one of {', '.join(KINDS)}")
        if not 2 <= self.limit <= 80:
            raise InputError(f"limit '{self.limit}' must be a whole number from 2 to 80")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                check_bound(value, name)


def recent_documents(conn: Connection, q: GraphQuery, n: int = DOCUMENTS) -> Select[Any]:
    """The ids of the n newest documents within the dates (that name a centre, where there is one)."""
    d, e = t.documents, t.entities
    newest = d.c.published.desc() if conn.dialect.name == "sqlite" else d.c.published.desc().nulls_last()
    s = select(d.c.id)
    if q.centers:
        s = s.where(d.c.id.in_(select(e.c.document_id).where(e.c.canonical_id.in_(list(q.centers)))))
    if q.since:
        s = s.where(d.c.published >= first_day(q.since))
    if q.until:
        s = s.where(d.c.published <= last_day(q.until) + "~")
    return s.order_by(newest, d.c.pk.desc()).limit(n)


def _among(col: Any, ids: Sequence[int] | None) -> Any:
    return col.in_(list(ids)) if ids is not None else col.is_not(None)


DocumentEdges = dict[str, list[tuple[int, int, str, int, str | None]]]
"""document id -> its links: (source, target, 'said' or 'acts', how many claims or events, a PLOVER code of them).
A document's links depend on its own rows and on which cross-document entities its entities are linked to, so
they hold while the store only grows (`store.growth`); links of disjoint documents add up."""
EdgesOf = Callable[[Connection, list[str]], DocumentEdges]
"""Where the graph gets each document's links (`document_edges`, or a keeper of them)."""
_EDGE_CHUNK = 500


def document_edges(conn: Connection, docs: list[str]) -> DocumentEdges:
    """Every link between two cross-document entities in each of these documents."""
    out: DocumentEdges = {d: [] for d in docs}
    es, em, c, m = t.entities.alias("es"), t.entities.alias("em"), t.claims, t.mentions
    v, ea, et = t.events, t.entities.alias("ea"), t.entities.alias("et")
    for i in range(0, len(docs), _EDGE_CHUNK):
        chunk = docs[i:i + _EDGE_CHUNK]
        said = select(c.c.document_id, es.c.canonical_id.label("a"), em.c.canonical_id.label("b"),
                      func.count(func.distinct(c.c.pk)).label("n")) \
            .select_from(c.join(es, and_(es.c.document_id == c.c.document_id, es.c.id == c.c.speaker_entity))
                         .join(m, and_(m.c.document_id == c.c.document_id, m.c.start >= c.c.content_start,
                                       m.c.end <= c.c.content_end))
                         .join(em, and_(em.c.document_id == m.c.document_id, em.c.id == m.c.entity_id))) \
            .where(c.c.document_id.in_(chunk), es.c.canonical_id.is_not(None), em.c.canonical_id.is_not(None)) \
            .group_by(c.c.document_id, es.c.canonical_id, em.c.canonical_id)
        for r in conn.execute(said):
            out[r.document_id].append((int(r.a), int(r.b), "said", int(r.n), None))
        acts = select(v.c.document_id, ea.c.canonical_id.label("a"), et.c.canonical_id.label("b"),
                      func.count().label("n"), func.max(v.c.action_code).label("code")) \
            .select_from(v.join(ea, and_(ea.c.document_id == v.c.document_id, ea.c.id == v.c.actor_entity))
                         .join(et, and_(et.c.document_id == v.c.document_id, et.c.id == v.c.target_entity))) \
            .where(v.c.document_id.in_(chunk), ea.c.canonical_id.is_not(None), et.c.canonical_id.is_not(None)) \
            .group_by(v.c.document_id, ea.c.canonical_id, et.c.canonical_id)
        for r in conn.execute(acts):
            out[r.document_id].append((int(r.a), int(r.b), "acts", int(r.n), r.code))
    return out


def edges(conn: Connection, docs: list[str], sources: Sequence[int] | None, targets: Sequence[int] | None,
          kind: str, edges_of: EdgesOf = document_edges) -> list[dict[str, Any]]:
    """Links within these documents from `sources` to `targets` (None: any entity), added up over the documents."""
    wanted = {"all": ("said", "acts"), "claims": ("said",), "events": ("acts",)}[kind]
    among_sources = set(sources) if sources is not None else None
    among_targets = set(targets) if targets is not None else None
    counts: dict[tuple[str, int, int], int] = {}
    codes: dict[tuple[str, int, int], str | None] = {}
    for links in edges_of(conn, docs).values():
        for a, b, link, n, code in links:
            if link not in wanted or (among_sources is not None and a not in among_sources) \
                    or (among_targets is not None and b not in among_targets):
                continue
            key = (link, a, b)
            counts[key] = counts.get(key, 0) + n
            if code is not None:
                codes[key] = max(codes.get(key) or code, code)
    out: list[dict[str, Any]] = []
    for link in wanted:  # claims first, then events, each in the order of their ends
        for (k, a, b), n in sorted(counts.items()):
            if k == link:
                out.append({"source": a, "target": b, "kind": "said", "count": n} if link == "said" else
                           {"source": a, "target": b, "kind": "acts", "count": n, "code": codes.get((k, a, b))})
    return out


def _around(conn: Connection, docs: list[str], q: GraphQuery, edges_of: EdgesOf) -> tuple[list[int],
                                                                                       list[dict[str, Any]]]:
    """The centres, their strongest neighbours, and the links touching the centres."""
    centers = list(dict.fromkeys(q.centers))
    found = edges(conn, docs, centers, None, q.kind, edges_of) + edges(conn, docs, None, centers, q.kind, edges_of)
    weight: Counter[int] = Counter()
    for x in found:
        for end in (x["source"], x["target"]):
            if end not in centers:
                weight[end] += x["count"]
    ids = centers + [i for i, _ in weight.most_common() if i not in q.hidden][:max(0, q.limit - len(centers))]
    unique = {(x["source"], x["target"], x["kind"]): x for x in found}
    return ids, list(unique.values())


def graph(conn: Connection, q: GraphQuery | None = None, edges_of: EdgesOf = document_edges) -> dict[str, Any]:
    """The `limit` most named entities of the newest documents (or those around the centres) and the links
    between them there (each document's links from `edges_of`)."""
    q = q or GraphQuery()
    docs = [str(r[0]) for r in conn.execute(recent_documents(conn, q))]
    e, ce = t.entities, t.canonical_entities
    named = func.count(func.distinct(e.c.document_id))
    counted = select(e.c.canonical_id, named.label("documents")).where(
        e.c.document_id.in_(docs), e.c.canonical_id.is_not(None)).group_by(e.c.canonical_id)
    if not q.centers:
        hidden = list(q.hidden)
        top = conn.execute(counted.where(e.c.canonical_id.not_in(hidden)).order_by(named.desc(), e.c.canonical_id)
                           .limit(q.limit)).all()
        ids = [int(r.canonical_id) for r in top]
        links = edges(conn, docs, ids, ids, q.kind, edges_of)
    else:
        ids, links = _around(conn, docs, q, edges_of)
        top = conn.execute(counted.where(e.c.canonical_id.in_(ids))).all()
    sizes = {int(r.canonical_id): int(r.documents) for r in top}
    names = {r.id: (r.name, r.type) for r in conn.execute(select(ce.c.id, ce.c.name, ce.c.type)
                                                          .where(ce.c.id.in_(ids)))}
    present = set(names) & set(ids)
    links = [x for x in links if x["source"] in present and x["target"] in present and x["source"] != x["target"]]
    linked = {x["source"] for x in links} | {x["target"] for x in links} | set(q.centers)
    keep = [i for i in ids if i in names and (i in linked or not links)]  # an unlinked entity says nothing here
    return {"nodes": [{"id": i, "name": names[i][0], "type": names[i][1], "documents": sizes.get(i, 0)}
                      for i in keep],
            "edges": links, "center": q.centers[0] if q.centers else None, "expanded": list(q.centers[1:]),
            "kind": q.kind, "documents": len(docs), "since": q.since, "until": q.until}
