"""The GraphML export: networkx reads back the same nodes and edges the export wrote."""
from __future__ import annotations

import io
from pathlib import Path

import networkx as nx

from claimgraph.outputs import export
from claimgraph.outputs.graphml import _edges, node_id
from claimgraph.outputs.selection import Reader, Selection
from claimgraph.store import Store


def test_networkx_reads_back_the_same_nodes_and_edges(export_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "graph.graphml"
    result = export(export_store, "graphml", out)
    graph = nx.read_graphml(out)
    with export_store.begin() as conn:
        reader = Reader(conn, Selection())
        nodes = {node_id(e["id"]): e for e in reader.entities()}
        edges = {key: (node_id(a), node_id(b), values["kind"]) for doc in reader.documents()
                 for a, b, key, values in _edges(doc) if a != b and node_id(a) in nodes and node_id(b) in nodes}
    assert set(graph.nodes) == set(nodes)
    assert {k: (a, b, d["kind"]) for a, b, k, d in graph.edges(keys=True, data=True)} == edges
    assert result["nodes"] == len(nodes) and result["edges"] == len(edges)
    for n, data in graph.nodes(data=True):
        assert data["label"] == nodes[n]["name"] and data["type"] == nodes[n]["type"]
        assert data["mentions"] == nodes[n]["mentions"] and isinstance(data["documents"], int)
    kinds = {d["kind"] for _, _, d in graph.edges(data=True)}
    assert {"said-about", "event"} <= kinds
    event = next(d for _, _, d in graph.edges(data=True) if d["kind"] == "event")
    assert event["event_id"] and event["document_id"] and event["plover"]


def test_a_filter_matching_nothing_is_an_empty_graph(export_store: Store) -> None:
    out = io.StringIO()
    export(export_store, "graphml", out, search="zebra quartz")
    graph = nx.parse_graphml(out.getvalue())
    assert graph.number_of_nodes() == 0 and graph.number_of_edges() == 0
