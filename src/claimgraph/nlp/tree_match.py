"""Dependency patterns matched by walking the parse from each candidate token.

The patterns are spaCy's DependencyMatcher patterns, written the same way (RIGHT_ID, LEFT_ID, REL_OP,
RIGHT_ATTRS), so the table can be read with spaCy's own documentation, and a test checks that this finds
exactly what spaCy's DependencyMatcher finds on the demo corpus. Why not spaCy's matcher itself: it
runs the token pattern of every node of every pattern over the whole document before it looks at a
single tree (0.07 ms per pattern node per document here; the attribution table's 116 nodes cost more
than the parser), while a walk looks only at the tokens each anchor's subtree holds.

Supported: the operators ">" (a child) and ">>" (a descendant), and the token attributes ORTH, LOWER,
LEMMA, POS, TAG and DEP, each a value or {IN: [...]} / {NOT_IN: [...]}. Anything else is refused when
the pattern is added, never silently ignored.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.tokens import Doc
from spacy.vocab import Vocab

Row = Sequence[int]
"""One token's attributes as the vocabulary's integer keys, in the order of COLUMNS."""
Predicate = Callable[[Row], bool]

COLUMNS = ("ORTH", "LOWER", "LEMMA", "POS", "TAG", "DEP")
OPERATORS = frozenset({">", ">>"})


class PatternError(ValueError):
    """A pattern this matcher cannot read."""


def _equals(col: int, key: int) -> Predicate:
    return lambda row: row[col] == key


def _inside(col: int, keys: frozenset[int]) -> Predicate:
    return lambda row: row[col] in keys


def _outside(col: int, keys: frozenset[int]) -> Predicate:
    return lambda row: row[col] not in keys


def _all(tests: tuple[Predicate, ...]) -> Predicate:
    if not tests:
        return lambda row: True
    if len(tests) == 1:
        return tests[0]
    if len(tests) == 2:
        first, second = tests
        return lambda row: first(row) and second(row)

    def every(row: Row) -> bool:
        return all(test(row) for test in tests)
    return every


@dataclass(frozen=True, eq=False)
class _Node:
    name: str
    parent: int
    """Index of the node it hangs from (-1 for the anchor)."""
    op: str
    test: Predicate


@dataclass(frozen=True, eq=False)
class _Pattern:
    """Compared and hashed by identity: each added pattern is its own."""

    key: str
    nodes: tuple[_Node, ...]
    anchor: tuple[int, frozenset[int]] | None
    """A column and the keys of the tokens that can be the anchor: only those tokens are tried."""


class TreeMatcher:
    """Finds DependencyMatcher-style patterns in a parsed Doc; matches are (key, token indices in node order)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._patterns: list[_Pattern] = []
        self._by_key: dict[int, dict[int, list[_Pattern]]] = {}
        """column -> key -> the patterns whose anchor that key picks"""
        self._anywhere: list[_Pattern] = []

    def add(self, key: str, patterns: list[list[dict[str, Any]]]) -> None:
        """Add one or more patterns under a key (as DependencyMatcher.add)."""
        for pattern in patterns:
            compiled = self._compile(key, pattern)
            self._patterns.append(compiled)
            if compiled.anchor is None:
                self._anywhere.append(compiled)
            else:
                col, keys = compiled.anchor
                for k in keys:
                    self._by_key.setdefault(col, {}).setdefault(k, []).append(compiled)

    def __len__(self) -> int:
        return len({p.key for p in self._patterns})

    def _keys(self, values: Any, where: str) -> frozenset[int]:
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise PatternError(f"{where}: IN and NOT_IN take a list of strings")
        return frozenset(self.vocab.strings.add(v) for v in values)

    def _predicate(self, attrs: dict[str, Any], where: str) -> Predicate:
        """One node's token test, from its RIGHT_ATTRS."""
        tests: list[Predicate] = []
        for name, value in attrs.items():
            if name not in COLUMNS:
                raise PatternError(f"{where}: unsupported token attribute {name!r}")
            col = COLUMNS.index(name)
            if isinstance(value, dict):
                if not value or set(value) - {"IN", "NOT_IN"}:
                    raise PatternError(f"{where}: unsupported operator in {name}: {sorted(value)}")
                if "IN" in value:
                    tests.append(_inside(col, self._keys(value["IN"], where)))
                if "NOT_IN" in value:
                    tests.append(_outside(col, self._keys(value["NOT_IN"], where)))
            elif isinstance(value, str):
                tests.append(_equals(col, self.vocab.strings.add(value)))
            else:
                raise PatternError(f"{where}: {name} takes a string or {{IN: [...]}} / {{NOT_IN: [...]}}")
        return _all(tuple(tests))

    def _anchor(self, attrs: dict[str, Any]) -> tuple[int, frozenset[int]] | None:
        """The column and keys that pick the tokens an anchor can be: words before tags and relations."""
        for name in ("LEMMA", "LOWER", "ORTH", "TAG", "POS", "DEP"):
            value = attrs.get(name)
            if isinstance(value, str):
                return COLUMNS.index(name), frozenset({self.vocab.strings.add(value)})
            if isinstance(value, dict) and "IN" in value:
                return COLUMNS.index(name), self._keys(value["IN"], name)
        return None

    def _compile(self, key: str, pattern: list[dict[str, Any]]) -> _Pattern:
        if not pattern or set(pattern[0]) - {"RIGHT_ID", "RIGHT_ATTRS"}:
            raise PatternError(f"{key}: the first node names only RIGHT_ID and RIGHT_ATTRS")
        index: dict[str, int] = {}
        nodes = []
        for i, node in enumerate(pattern):
            name = node.get("RIGHT_ID")
            if not isinstance(name, str) or name in index:
                raise PatternError(f"{key}: node {name!r} is unnamed or named twice")
            attrs = node.get("RIGHT_ATTRS") or {}
            test = self._predicate(attrs, f"{key}: node {name!r}")
            if i == 0:
                nodes.append(_Node(name, -1, "", test))
            else:
                if node.get("LEFT_ID") not in index or node.get("REL_OP") not in OPERATORS:
                    raise PatternError(f"{key}: node {name!r} needs a known LEFT_ID and one of {sorted(OPERATORS)}")
                nodes.append(_Node(name, index[node["LEFT_ID"]], node["REL_OP"], test))
            index[name] = i
        return _Pattern(key, tuple(nodes), self._anchor(pattern[0].get("RIGHT_ATTRS") or {}))

    def __call__(self, doc: Doc) -> list[tuple[str, list[int]]]:
        """Every match in the document, each once, in the order of their anchors."""
        if not len(doc):
            return []
        table = doc.to_array([*COLUMNS, "HEAD"]).astype(numpy.int64)
        values = table[:, :-1].astype(numpy.uint64)
        rows: list[list[int]] = values.tolist()
        children: list[list[int]] = [[] for _ in range(len(doc))]
        for i, offset in enumerate(table[:, -1].tolist()):
            if offset:
                children[i + offset].append(i)
        index = list(self._by_key.items())
        if self._anywhere:
            tried: list[int] = list(range(len(rows)))
        else:  # only the tokens some anchor's column picks (most tokens are no cue of anything)
            picked: set[int] = set()
            for col, by_key in index:
                picked.update([i for i, key in enumerate(values[:, col].tolist()) if key in by_key])
            tried = sorted(picked)
        out: list[tuple[str, list[int]]] = []
        seen: set[tuple[str, tuple[int, ...]]] = set()
        below: dict[int, list[int]] = {}  # each token's descendants, sorted, once per document
        for i in tried:
            row = rows[i]
            candidates: list[_Pattern] = list(self._anywhere)
            for col, by_key in index:
                candidates.extend(by_key.get(row[col], ()))
            for pattern in dict.fromkeys(candidates) if len(candidates) > 1 else candidates:
                if not pattern.nodes[0].test(row):
                    continue
                found: list[list[int]] = []
                _extend(pattern.nodes, [i], rows, children, below, found)
                for match in found:
                    mark = (pattern.key, tuple(match))
                    if mark not in seen:
                        seen.add(mark)
                        out.append((pattern.key, match))
        return out


def _descendants(i: int, children: list[list[int]]) -> Iterator[int]:
    stack = list(reversed(children[i]))
    while stack:
        j = stack.pop()
        yield j
        stack.extend(reversed(children[j]))


def _extend(nodes: tuple[_Node, ...], bound: list[int], rows: list[list[int]], children: list[list[int]],
            below: dict[int, list[int]], found: list[list[int]]) -> None:
    """Every way to bind the pattern's remaining nodes, given the tokens of the first ones, added to `found` in
    the order of a depth-first walk."""
    if len(bound) == len(nodes):
        found.append(list(bound))
        return
    node = nodes[len(bound)]
    parent = bound[node.parent]
    if node.op == ">":
        related = children[parent]
    elif parent in below:
        related = below[parent]
    else:
        related = below[parent] = sorted(_descendants(parent, children))
    test = node.test
    for j in related:
        if j not in bound and test(rows[j]):
            bound.append(j)
            _extend(nodes, bound, rows, children, below, found)
            bound.pop()
