"""Answers the workbench keeps until the store changes: the version of a store, and a small cache keyed by it.

Aggregates over a whole corpus (entity lists, the graph, timeline groups, story grades) cost the
same every time and change only when something is ingested, resolved or graded. The version is
read with a few cheap queries on every request; a stale answer is never served.
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import Connection, func, inspect, select

from claimgraph.store import growth
from claimgraph.store import schema as t
from claimgraph.store.growth import Stamp
from claimgraph.store.sources import grade_version

SIZE = 20_000
"""Answers kept per process (least recently used go first); one story summary is one answer."""

T = TypeVar("T")
_tables: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()
_versions: weakref.WeakKeyDictionary[Connection, tuple[Any, ...]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_cache: OrderedDict[Hashable, Any] = OrderedDict()


def has_table(conn: Connection, name: str) -> bool:
    tables = _tables.get(conn.engine)
    if tables is None or name not in tables:  # a table may appear (a migration), never disappear
        tables = _tables[conn.engine] = set(inspect(conn).get_table_names())
    return name in tables


def version(conn: Connection) -> tuple[Any, ...]:
    """What changes whenever documents, entity links, stories or source grades do (read once per connection,
    that is once per request: a connection is one transaction)."""
    known = _versions.get(conn)
    if known is not None:
        return known
    d, log = t.documents, t.resolution_log
    parts: list[Any] = [str(conn.engine.url)]
    parts += conn.execute(select(func.count(), func.max(d.c.pk))).one()
    parts.append(conn.execute(select(func.max(log.c.id))).scalar())  # the log only grows
    parts.append(grade_version(conn))  # so does the history of grades
    if has_table(conn, "story_claims"):
        from claimgraph.corpus.corroborate import stories_table, story_claims

        parts.append(conn.execute(select(func.max(story_claims.c.claim_pk))).scalar())
        parts.append(conn.execute(select(func.count()).select_from(stories_table)).scalar())  # merges delete
    found = tuple(parts)
    _versions[conn] = found
    return found


def cached(conn: Connection, key: Hashable, compute: Callable[[], T], current: tuple[Any, ...] | None = None) -> T:
    """`compute()`, or the answer kept for this key and this version of the store."""
    full = (key, current if current is not None else version(conn))
    with _lock:
        if full in _cache:
            _cache.move_to_end(full)
            hit: T = _cache[full]
            return hit
    value = compute()
    with _lock:
        _cache[full] = value
        while len(_cache) > SIZE:
            _cache.popitem(last=False)
    return value


GROWN_SIZE = 500
"""Counts kept to be brought up to date (least recently used go first): one per facet filter asked."""
_grown: OrderedDict[Hashable, tuple[Stamp, Any]] = OrderedDict()


def grown(conn: Connection, key: Hashable, full: Callable[[], T], grow: Callable[[T, int | None], T]) -> T:
    """A corpus-wide count that adds up per document: counted once (`full()`), then, while the store only grows
    (`store.growth`), brought up to date from the new documents alone (`grow(kept, last document then)`)."""
    now = growth.stamp(conn)
    where = (str(conn.engine.url), key)
    with _lock:
        kept = _grown.get(where)
        if kept is not None:
            _grown.move_to_end(where)
    if kept is not None and kept[0] == now:
        value: T = kept[1]
        return value
    if kept is not None and growth.only_grew(conn, kept[0], now):
        value = grow(kept[1], kept[0].last_document)
    else:
        value = full()
    with _lock:
        _grown[where] = (now, value)
        while len(_grown) > GROWN_SIZE:
            _grown.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _cache.clear()
        _grown.clear()


def peek(key: Hashable, current: tuple[Any, ...]) -> Any:
    """The answer kept for this key and version, or None."""
    with _lock:
        return _cache.get((key, current))


def put(key: Hashable, current: tuple[Any, ...], value: Any) -> None:
    with _lock:
        _cache[(key, current)] = value
        while len(_cache) > SIZE:
            _cache.popitem(last=False)
