"""A GraphML graph of a selection, written node by node and edge by edge (networkx and Gephi read it).

Nodes are cross-document entities (`e<id>`: label, type, mentions, documents, claims). Edges are
directed and keyed, one per statement or event:

    said-about       speaker -> an entity its claim's content names
    relayed-through  speaker -> innermost relay -> ... -> outermost relay (the `via` chain)
    event            actor -> target, with the PLOVER type, mode and date

each with the claim or event it comes from (`document_id`, `claim_id` / `event_id`), the article's
outlet and date, and the claim's stance. Only entities the selection touches are nodes, and an
edge is written only where both its ends are.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

from claimgraph.outputs.selection import Reader

NODE_KEYS = (("label", "string"), ("type", "string"), ("mentions", "int"), ("documents", "int"),
             ("claims", "int"), ("spellings", "string"))
EDGE_KEYS = (("kind", "string"), ("label", "string"), ("document_id", "string"), ("claim_id", "string"),
             ("event_id", "string"), ("published", "string"), ("outlet", "string"), ("stance", "string"),
             ("plover", "string"), ("mode", "string"), ("date", "string"), ("text", "string"))
"""The attributes of nodes and edges, in the order the <key> elements declare them (GraphML needs them first)."""

_HEADER = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
           'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')


def node_id(canonical_id: int) -> str:
    return f"e{canonical_id}"


def _clean(value: Any) -> str:
    """Text fit for XML 1.0 (which cannot hold most control characters, even escaped)."""
    s = str(value)
    return "".join(ch for ch in s if ch in "\t\n\r" or ord(ch) >= 0x20)


def _data(values: dict[str, Any], keys: tuple[tuple[str, str], ...], prefix: str) -> str:
    return "".join(f'<data key="{prefix}{name}">{escape(_clean(values[name]))}</data>'
                   for name, _ in keys if values.get(name) not in (None, ""))


def write(reader: Reader, stream: IO[str]) -> dict[str, Any]:
    """Write the selection as one GraphML document; returns how many nodes and edges of each kind."""
    stream.write(_HEADER)
    for prefix, domain, keys in (("n_", "node", NODE_KEYS), ("d_", "edge", EDGE_KEYS)):
        for name, kind in keys:
            stream.write(f'<key id="{prefix}{name}" for="{domain}" attr.name="{name}" attr.type="{kind}"/>\n')
    stream.write('<graph id="claimgraph" edgedefault="directed">\n')
    nodes: set[int] = set()
    for e in reader.entities():
        nodes.add(e["id"])
        values = {"label": e["name"], "type": e["type"], "mentions": e["mentions"], "documents": e["documents"],
                  "claims": e["claims"], "spellings": "; ".join(e["spellings"])}
        stream.write(f'<node id="{node_id(e["id"])}">{_data(values, NODE_KEYS, "n_")}</node>\n')
    counts: dict[str, int] = {}
    for doc in reader.documents():
        for source, target, key, values in _edges(doc):
            if source in nodes and target in nodes and source != target:
                counts[values["kind"]] = counts.get(values["kind"], 0) + 1
                stream.write(f'<edge id={quoteattr(key)} source="{node_id(source)}" target="{node_id(target)}">'
                             f'{_data(values, EDGE_KEYS, "d_")}</edge>\n')
    stream.write("</graph>\n</graphml>\n")
    return {"format": "graphml", "nodes": len(nodes), "edges": sum(counts.values()), **counts}


def _edges(doc: dict[str, Any]) -> Iterator[tuple[int, int, str, dict[str, Any]]]:
    """(source, target, edge id, attributes) of every edge one article gives."""
    base = {"document_id": doc["id"], "published": doc["published"], "outlet": doc["outlet"]}
    for c in doc["claims"]:
        speaker = ((c["speaker"] or {}).get("canonical") or {}).get("id")
        values = {**base, "claim_id": c["id"], "stance": c["stance"], "text": c["content"]["text"]}
        if speaker is not None:
            for n in c["named"]:
                yield speaker, n["id"], f"{doc['id'][:16]}:{c['id']}:about:{n['id']}", \
                    {**values, "kind": "said-about", "label": "said about"}
        chain = [speaker] + [(v.get("canonical") or {}).get("id") for v in reversed(c["via"])]
        for i, (a, b) in enumerate(zip(chain, chain[1:], strict=False)):
            if a is not None and b is not None:
                yield a, b, f"{doc['id'][:16]}:{c['id']}:via:{i}", \
                    {**values, "kind": "relayed-through", "label": "relayed through"}
    for v in doc["events"]:
        actor = ((v["actor"] or {}).get("canonical") or {}).get("id")
        target = ((v["target"] or {}).get("canonical") or {}).get("id")
        if actor is not None and target is not None:
            action = v["action"]
            yield actor, target, f"{doc['id'][:16]}:{v['id']}", {
                **base, "kind": "event", "label": action["code"] or action["text"], "event_id": v["id"],
                "claim_id": v["claim"], "plover": action["code"], "mode": action["mode"], "date": v["date"],
                "text": v["sentence"]["text"]}
