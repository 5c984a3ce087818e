"""The entity graph: cross-document entities linked by what they say about each other and what they do,
drawn as server-rendered SVG (no script), every label escaped.

An edge `A -said-> B` counts claims whose speaker is A and whose content names B; `A -acts-> B`
counts events with actor A and target B (by PLOVER type, where coded).
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
from claimgraph.store.queries import entities

KINDS = ("all", "claims", "events")
WIDTH, HEIGHT = 960, 640
LAYOUT_STEPS = 150
GRAVITY = 0.6


def graph(conn: Connection, *, center: int | None = None, kind: str = "all", limit: int = 30) -> dict[str, Any]:
    """Nodes (entities) and edges among the `limit` most reported entities, or around one entity."""
    if kind not in KINDS:
        raise InputError(f"kind '{kind}' is not one of {', '.join(KINDS)}")
    if center is None:
        nodes = entities(conn, limit=limit)
        ids = [n["id"] for n in nodes]
        edges = _edges(conn, ids, kind, both_ends=True)
    else:
        edges = _edges(conn, [center], kind, both_ends=False)
        weight: Counter[int] = Counter()
        for e in edges:
            weight[e["target"] if e["source"] == center else e["source"]] += e["count"]
        keep = {center, *(i for i, _ in weight.most_common(limit - 1))}
        edges = [e for e in edges if e["source"] in keep and e["target"] in keep]
        nodes = entities(conn, ids=sorted(keep))
    present = {n["id"] for n in nodes}
    edges = [e for e in edges if e["source"] in present and e["target"] in present and e["source"] != e["target"]]
    linked = {e["source"] for e in edges} | {e["target"] for e in edges} | ({center} if center is not None else set())
    if linked:  # an entity with no link says nothing in a graph; the entity list shows it
        nodes = [n for n in nodes if n["id"] in linked]
    return {"nodes": [{"id": n["id"], "name": n["name"], "type": n["type"], "documents": n["documents"]}
                      for n in nodes], "edges": edges, "center": center, "kind": kind}


def _edges(conn: Connection, ids: list[int], kind: str, both_ends: bool) -> list[dict[str, Any]]:
    if not ids:
        return []
    out: list[dict[str, Any]] = []
    es, em, c, m = t.entities.alias("es"), t.entities.alias("em"), t.claims, t.mentions
    if kind in ("all", "claims"):
        pairs: list[tuple[Any, Any]] = [(es.c.canonical_id.in_(ids), em.c.canonical_id.in_(ids))] if both_ends else \
            [(es.c.canonical_id.in_(ids), em.c.canonical_id.is_not(None)),
             (es.c.canonical_id.is_not(None), em.c.canonical_id.in_(ids))]
        for speaker_cond, named_cond in pairs:
            q = select(es.c.canonical_id.label("a"), em.c.canonical_id.label("b"),
                       func.count(func.distinct(c.c.pk)).label("n")) \
                .select_from(es.join(c, and_(c.c.document_id == es.c.document_id, c.c.speaker_entity == es.c.id))
                             .join(m, and_(m.c.document_id == c.c.document_id, m.c.start >= c.c.content_start,
                                           m.c.end <= c.c.content_end))
                             .join(em, and_(em.c.document_id == m.c.document_id, em.c.id == m.c.entity_id))) \
                .where(speaker_cond, named_cond).group_by(es.c.canonical_id, em.c.canonical_id)
            out += [{"source": r.a, "target": r.b, "kind": "said", "count": r.n} for r in conn.execute(q)]
    if kind in ("all", "events"):
        v, ea, et = t.events, t.entities.alias("ea"), t.entities.alias("et")
        conds = [(ea.c.canonical_id.in_(ids), et.c.canonical_id.in_(ids))] if both_ends else \
            [(ea.c.canonical_id.in_(ids), et.c.canonical_id.is_not(None)),
             (ea.c.canonical_id.is_not(None), et.c.canonical_id.in_(ids))]
        for actor_cond, target_cond in conds:
            q = select(ea.c.canonical_id.label("a"), et.c.canonical_id.label("b"),
                       func.count().label("n"), func.max(v.c.action_code).label("code")) \
                .select_from(ea.join(v, and_(v.c.document_id == ea.c.document_id, v.c.actor_entity == ea.c.id))
                             .join(et, and_(et.c.document_id == v.c.document_id, et.c.id == v.c.target_entity))) \
                .where(actor_cond, target_cond).group_by(ea.c.canonical_id, et.c.canonical_id)
            out += [{"source": r.a, "target": r.b, "kind": "acts", "count": r.n, "code": r.code}
                    for r in conn.execute(q)]
    seen: dict[tuple[int, int, str], dict[str, Any]] = {}
    for e in out:
        seen.setdefault((e["source"], e["target"], e["kind"]), e)
    return list(seen.values())


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
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" class="graph" role="img" '
             f'aria-label="entity graph">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#888"/></marker></defs>']
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
