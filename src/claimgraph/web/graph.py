"""The entity graph page: entities linked by what they say about each other and what they do (`store.graph`),
drawn as server-rendered SVG (no script), every label escaped; centred on a name, expanded a step, by dates."""
from __future__ import annotations

import functools
import math
import random
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from markupsafe import Markup, escape
from sqlalchemy import Connection

from claimgraph.store import graph as store_graph
from claimgraph.store.graph import KINDS, GraphQuery
from claimgraph.web import cache
from claimgraph.web.params import graph_query, read
from claimgraph.web.rendering import respond

WIDTH, HEIGHT = 960, 640
LAYOUT_STEPS = 150
GRAVITY = 0.6
LAYOUTS_KEPT = 256
"""Layouts kept by the entities and links they place (a few KB each)."""
router = APIRouter()


KEPT_DOCUMENTS = 50_000
"""Documents whose links are kept while the store only grows (beyond it, they are read each time)."""


def document_edges(conn: Connection, docs: list[str]) -> store_graph.DocumentEdges:
    """Each document's links, kept while the store only grows: after an ingest, a graph reads the links of the
    new documents alone (a document's links are its own rows'), instead of those of its thousand documents."""
    kept: store_graph.DocumentEdges = cache.grown(conn, "document-edges", dict, lambda before, _after: before)
    missing = [d for d in docs if d not in kept]
    if missing:
        found = store_graph.document_edges(conn, missing)
        if len(kept) + len(found) > KEPT_DOCUMENTS:
            return {**{d: kept[d] for d in docs if d in kept}, **found}
        kept.update(found)
    return {d: kept[d] for d in docs}


def graph(conn: Connection, q: GraphQuery) -> dict[str, Any]:
    """The graph asked for, kept (with its layout) until the store changes."""
    key = ("graph", q.centers, q.kind, q.limit, q.since, q.until)
    return cache.cached(conn, key, lambda: store_graph.graph(conn, q, document_edges))


def links(data: dict[str, Any], q: GraphQuery) -> dict[int, dict[str, str]]:
    """For each node: the graph centred on it, and this graph expanded a step from it."""
    base = {k: v for k, v in (("kind", q.kind if q.kind != "all" else None), ("since", q.since),
                              ("until", q.until)) if v}
    out = {}
    for n in data["nodes"]:
        centre = "/graph?" + urlencode({"entity": n["id"], **base})
        expanded = list(q.centers) + ([n["id"]] if n["id"] not in q.centers else [])
        grow = "/graph?" + urlencode([("entity", expanded[0])] + [("expand", i) for i in expanded[1:]]
                                     + list(base.items())) if q.centers else centre
        out[n["id"]] = {"centre": centre, "expand": grow}
    return out


@router.get("/graph", include_in_schema=False)
@router.get("/api/graph", tags=["entities"], summary="Entities linked by claims and events")
def graph_view(request: Request, q: GraphQuery = Depends(graph_query), conn: Connection = Depends(read)) -> Response:
    """The graph around a centre (an id or a name), expanded a step from some entities, within dates."""
    data = graph(conn, q)
    return respond(request, "graph.html", data, json=lambda d: {k: v for k, v in d.items() if not k.startswith("_")},
                   g=data, svg=svg(data), kinds=KINDS, q=q, links=links(data, q),
                   center_name=next((n["name"] for n in data["nodes"] if n["id"] == data["center"]), ""))


def layout(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> dict[int, tuple[float, float]]:
    """Positions by a force-directed layout (Fruchterman–Reingold), the same for the same graph."""
    ids = tuple(n["id"] for n in nodes)
    links = tuple((e["source"], e["target"]) for e in edges)
    return dict(_positions(ids, links, len(edges)))


@functools.lru_cache(maxsize=LAYOUTS_KEPT)
def _positions(ids: tuple[int, ...], all_links: tuple[tuple[int, int], ...],
               edge_count: int) -> tuple[tuple[int, tuple[float, float]], ...]:
    """The layout of these entities and links (a function of them alone: after an ingest that adds no entity
    and no link to a graph, only its counts, its picture is the one already worked out)."""
    rng = random.Random(len(ids) * 7919 + edge_count)
    if not ids:
        return ()
    pos = {i: (rng.uniform(0.1, 0.9) * WIDTH, rng.uniform(0.1, 0.9) * HEIGHT) for i in ids}
    k = math.sqrt(WIDTH * HEIGHT / len(ids)) * 0.6
    links = [(a, b) for a, b in all_links if a in pos and b in pos]
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
    return tuple(pos.items())


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
