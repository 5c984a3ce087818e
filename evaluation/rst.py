"""Reading GUM's discourse trees (rstWeb `.rs4`): EDUs as word ranges, and the attribution relations.

An `.rs4` file lists its EDUs (`<segment>`) in text order, each as GUM's words joined by spaces, and
the tree's inner nodes (`<group>`). A node whose `relname` is `attribution-positive` or
`attribution-negative` is the satellite of that relation: the reporting clause ("a spokesman said",
"According to the agency,"), and its parent is what is reported. A satellite may be one EDU or a group
of EDUs ("Voters / who meet me / know"); a reporting clause nested inside it is a relation of its own.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ATTRIBUTION = ("attribution-positive", "attribution-negative")


@dataclass(frozen=True)
class Attribution:
    """One attribution relation: the words of its reporting clause (satellite) and of what it reports."""

    node: str
    """The rs4 id of the satellite node."""
    relation: str
    clause: frozenset[int]
    """Word indices of the reporting clause, less any reporting clause nested in it."""
    content: frozenset[int]
    """Word indices of the nucleus: the parent's words less the clause's."""


class RstError(ValueError):
    """An .rs4 file that does not fit its CoNLL-U words."""


def _tree(path: Path) -> tuple[list[ET.Element], dict[str, ET.Element], dict[str, list[str]]]:
    root = ET.parse(path).getroot()
    segments = list(root.iter("segment"))
    nodes = {el.get("id", ""): el for el in root.iter() if el.tag in ("segment", "group")}
    children: dict[str, list[str]] = {}
    for ident, el in nodes.items():
        parent = el.get("parent")
        if parent:
            children.setdefault(parent, []).append(ident)
    return segments, nodes, children


def edu_words(segments: list[ET.Element], n_words: int, name: str) -> dict[str, range]:
    """Each EDU's word range, counting the words each segment holds in order."""
    ranges: dict[str, range] = {}
    at = 0
    for seg in segments:
        size = len((seg.text or "").split())
        ranges[seg.get("id", "")] = range(at, at + size)
        at += size
    if at != n_words:
        raise RstError(f"{name}: the EDUs hold {at} words, the CoNLL-U file {n_words}")
    return ranges


def read_attributions(path: Path, n_words: int) -> list[Attribution]:
    """The attribution relations of one `.rs4` file whose document has `n_words` words."""
    segments, nodes, children = _tree(path)
    edus = edu_words(segments, n_words, str(path))

    def words(ident: str, skip_nested: bool) -> set[int]:
        out = set(edus.get(ident, range(0)))
        for child in children.get(ident, []):
            if skip_nested and nodes[child].get("relname") in ATTRIBUTION:
                continue
            out |= words(child, skip_nested)
        return out

    found = []
    for ident, el in nodes.items():
        relation = el.get("relname", "")
        parent = el.get("parent")
        if relation not in ATTRIBUTION or not parent:
            continue
        clause = words(ident, skip_nested=True)
        content = words(parent, skip_nested=False) - words(ident, skip_nested=False)
        found.append(Attribution(ident, relation, frozenset(clause), frozenset(content)))
    return sorted(found, key=lambda a: min(a.clause, default=0))
