"""The entity graph: cross-document entities linked by what they say about each other and what they do,
drawn as server-rendered SVG (no script), every label escaped.

An edge `A -said-> B` counts claims whose speaker is A and whose content names B; `A -acts-> B`
counts events with actor A and target B (by PLOVER type, where coded). Both are counted in the
DOCUMENTS newest documents: a picture of what the news says now, drawn as fast on a large corpus.
"""
from __future__ import annotations

import math
import random
from collections import Counter
from typing import Any

from markupsafe import Markup, escape
from sqlalchemy import Connection, and_, func, select

from claimgraph.errors import InputError
from claimgraph.store import schema as t

KINDS = ("all", "claims", "events")
WIDTH, HEIGHT = 960, 640
LAYOUT_STEPS = 150
GRAVITY = 0.6
DOCUMENTS = 1000
"""The graph is drawn from this many newest documents (those naming the entity, around one entity)."""


def recent_documents(conn: Connection, center: int | None, n: int = DOCUMENTS) -> Any:
    """A subquery of the ids of the n newest documents (that name `center`, where given)."""
    d, e = t.documents, t.entities
    newest = d.c.published.desc() if conn.dialect.name == "sqlite" else d.c.published.desc().nulls_last()
    q = select(d.c.id)
    if center is not None:
        q = q.where(d.c.id.in_(select(e.c.document_id).where(e.c.canonical_id == center)))
    return q.order_by(newest, d.c.pk.desc()).limit(n)


def graph(conn: Connection, *, center: int | None = None, kind: str = "all", limit: int = 30) -> dict[str, Any]:
    """The `limit` most named entities of the DOCUMENTS newest documents (or those around one entity in the
    newest documents that name it) and the links between them there."""
    if kind not in KINDS:
        raise InputError(f"kind '{kind}' is not one of {', '.join(KINDS)}")
    docs = [r[0] for r in conn.execute(recent_documents(conn, center))]
    e, ce = t.entities, t.canonical_entities
    named = func.count(func.distinct(e.c.document_id))
    counted = select(e.c.canonical_id, named.label("documents")).where(
        e.c.document_id.in_(docs), e.c.canonical_id.is_not(None)).group_by(e.c.canonical_id)
    if center is None:
        top = conn.execute(counted.order_by(named.desc(), e.c.canonical_id).limit(limit)).all()
        ids = [r.canonical_id for r in top]
        edges = _edges(conn, docs, ids, ids, kind)
    else:
        edges = _edges(conn, docs, [center], None, kind) + _edges(conn, docs, None, [center], kind)
        weight: Counter[int] = Counter()
        for x in edges:
            weight[x["target"] if x["source"] == center else x["source"]] += x["count"]
        ids = [center, *(i for i, _ in weight.most_common(limit - 1) if i != center)]
        top = conn.execute(counted.where(e.c.canonical_id.in_(ids))).all()
    sizes = {r.canonical_id: r.documents for r in top}
    names = {r.id: (r.name, r.type) for r in conn.execute(select(ce.c.id, ce.c.name, ce.c.type)
                                                          .where(ce.c.id.in_(list(sizes))))}
    present = set(names)
    edges = [x for x in edges if x["source"] in present and x["target"] in present and x["source"] != x["target"]]
    linked = {x["source"] for x in edges} | {x["target"] for x in edges} | ({center} if center is not None else set())
    keep = [i for i in ids if i in names and (i in linked or not edges)]  # an unlinked entity says nothing here
    return {"nodes": [{"id": i, "name": names[i][0], "type": names[i][1], "documents": sizes.get(i, 0)} for i in keep],
            "edges": edges, "center": center, "kind": kind, "documents": len(docs)}


def _edges(conn: Connection, docs: list[str], sources: list[int] | None, targets: list[int] | None,
           kind: str) -> list[dict[str, Any]]:
    """Links within these documents from `sources` to `targets` (None: any entity)."""
    out: list[dict[str, Any]] = []
    es, em, c, m = t.entities.alias("es"), t.entities.alias("em"), t.claims, t.mentions

    def among(col: Any, ids: list[int] | None) -> Any:
        return col.in_(ids) if ids is not None else col.is_not(None)

    if kind in ("all", "claims"):
        q = select(es.c.canonical_id.label("a"), em.c.canonical_id.label("b"),
                   func.count(func.distinct(c.c.pk)).label("n")) \
            .select_from(c.join(es, and_(es.c.document_id == c.c.document_id, es.c.id == c.c.speaker_entity))
                         .join(m, and_(m.c.document_id == c.c.document_id, m.c.start >= c.c.content_start,
                                       m.c.end <= c.c.content_end))
                         .join(em, and_(em.c.document_id == m.c.document_id, em.c.id == m.c.entity_id))) \
            .where(c.c.document_id.in_(docs), among(es.c.canonical_id, sources), among(em.c.canonical_id, targets)) \
            .group_by(es.c.canonical_id, em.c.canonical_id)
        out += [{"source": r.a, "target": r.b, "kind": "said", "count": r.n} for r in conn.execute(q)]
    if kind in ("all", "events"):
        v, ea, et = t.events, t.entities.alias("ea"), t.entities.alias("et")
        q = select(ea.c.canonical_id.label("a"), et.c.canonical_id.label("b"),
                   func.count().label("n"), func.max(v.c.action_code).label("code")) \
            .select_from(v.join(ea, and_(ea.c.document_id == v.c.document_id, ea.c.id == v.c.actor_entity))
                         .join(et, and_(et.c.document_id == v.c.document_id, et.c.id == v.c.target_entity))) \
            .where(v.c.document_id.in_(docs), among(ea.c.canonical_id, sources), among(et.c.canonical_id, targets)) \
            .group_by(ea.c.canonical_id, et.c.canonical_id)
        out += [{"source": r.a, "target": r.b, "kind": "acts", "count": r.n, "code": r.code}
                for r in conn.execute(q)]
    return out


def layout(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[int, tuple[float, float]]:
    """Positions by a force-directed layout (Fruchterman–Reingold), the same for the same graph."""
    rng = random.Random(len(nodes) * 7919 + len(edges))
    ids = [n["id"] for n in nodes]
    if not ids:
        return {}
    pos = {i: (rng.uniform(0.1, 0.9) * WIDTH, rng.uniform(0.1, 0.9) * HEIGHT) for i in ids}
    k = math.sqrt(WIDTH * HEIGHT / len(ids)) * 0.6
    links = [(e["source"], e["target"]) for e in edges if e["source"] in pos and e["target"] in pos]
    heat = WIDTH / 8
    for _ in range(LAYOUT_STEPS):
        move = {i: [0.0, 0.0] for i in ids}
        for a_i, a in enumerate(ids):
            ax, ay = pos[a]
            for b in ids[a_i + 1:]:
                dx, dy = ax - pos[b][0], ay - pos[b][1]
                dist = math.hypot(dx, dy) or 0.01
                f = k * k / dist
                move[a][0] += dx / dist * f
                move[a][1] += dy / dist * f
                move[b][0] -= dx / dist * f
                move[b][1] -= dy / dist * f
        for a, b in links:
            dx, dy = pos[a][0] - pos[b][0], pos[a][1] - pos[b][1]
            dist = math.hypot(dx, dy) or 0.01
            f = dist * dist / k
            move[a][0] -= dx / dist * f
            move[a][1] -= dy / dist * f
            move[b][0] += dx / dist * f
            move[b][1] += dy / dist * f
        for i in ids:  # gravity: a pull to the middle keeps loose groups from drifting to the walls
            move[i][0] += (WIDTH / 2 - pos[i][0]) * GRAVITY
            move[i][1] += (HEIGHT / 2 - pos[i][1]) * GRAVITY
        for i in ids:
            dx, dy = move[i]
            dist = math.hypot(dx, dy) or 0.01
            step = min(dist, heat)
            x = min(WIDTH - 60, max(60, pos[i][0] + dx / dist * step))
            y = min(HEIGHT - 30, max(30, pos[i][1] + dy / dist * step))
            pos[i] = (x, y)
        heat *= 0.97
    return pos


def svg(data: dict[str, Any], link: str = "/entities/{id}") -> Markup:
    """The graph as an inline SVG: nodes link to their entity pages; every label is escaped."""
    nodes, edges = data["nodes"], data["edges"]
    if "_layout" not in data:  # kept with the (cached) graph: the same graph is drawn the same way
        data["_layout"] = layout(nodes, edges)
    pos = data["_layout"]
    top = max((n["documents"] for n in nodes), default=1) or 1
    parts = [(f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="graph" role="img" '
              f'aria-label="entity graph">'),
             ('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
              'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#888"/></marker></defs>')]
    radius = {n["id"]: 5 + 12 * math.sqrt(n["documents"] / top) for n in nodes}
    for e in edges:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        cut = min(radius[e["target"]] + 2, length / 2)  # the arrow ends at the circle, not under it
        x2, y2 = x2 - (x2 - x1) / length * cut, y2 - (y2 - y1) / length * cut
        what = f"{e['kind']}" + (f" ({e['code']})" if e.get("code") else "")
        parts.append(f'<line class="edge edge-{e["kind"]}" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                     f'stroke-width="{min(6, 1 + math.log1p(e["count"])):.1f}" marker-end="url(#arrow)">'
                     f'<title>{escape(what)}: {e["count"]}</title></line>')
    names = {n["id"]: n["name"] for n in nodes}
    for n in nodes:
        x, y = pos[n["id"]]
        r = radius[n["id"]]
        cls = "node center" if n["id"] == data.get("center") else "node"
        href = escape(link.format(id=n["id"]))
        parts.append(f'<a href="{href}" class="{cls} type-{escape(n["type"].lower())}">'
                     f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}"><title>{escape(names[n["id"]])} '
                     f'({escape(n["type"])}, {n["documents"]} documents)</title></circle>'
                     f'<text x="{x + r + 3:.1f}" y="{y + 4:.1f}">{escape(n["name"][:40])}</text></a>')
    parts.append("</svg>")
    return Markup("".join(parts))
