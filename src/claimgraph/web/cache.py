"""Answers the workbench keeps until the store changes: the version of a store, and a small cache keyed by it.

Aggregates over a whole corpus (entity lists, the graph, timeline groups, story grades) cost the
same every time and change only when something is ingested, resolved or graded. The version is
read with a few cheap queries on every request; a stale answer is never served.
"""
from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

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
_flights: dict[Hashable, list[Any]] = {}
"""The answers being worked out now: their lock, and how many requests hold or wait for it."""


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


@contextmanager
def _one_at_a_time(key: Hashable) -> Iterator[None]:
    """Hold the lock of one answer while it is worked out, so that requests that ask for it at once (after a
    change, or while the warm-up works it out) wait for one computation instead of each doing it again. Answers
    that need others (grades need every story) take their locks in that order, so no two threads wait on each
    other."""
    with _lock:
        held = _flights.get(key)
        if held is None:
            held = _flights[key] = [threading.RLock(), 0]
        held[1] += 1
    try:
        with held[0]:
            yield
    finally:
        with _lock:
            held[1] -= 1
            if not held[1]:
                _flights.pop(key, None)


def _kept(full: Hashable) -> tuple[bool, Any]:
    with _lock:
        if full in _cache:
            _cache.move_to_end(full)
            return True, _cache[full]
    return False, None


def cached(conn: Connection, key: Hashable, compute: Callable[[], T], current: tuple[Any, ...] | None = None) -> T:
    """`compute()`, or the answer kept for this key and this version of the store (worked out once where many
    ask for it at once)."""
    full = (key, current if current is not None else version(conn))
    found, hit = _kept(full)
    if found:
        return cast(T, hit)
    with _one_at_a_time(("cached", str(conn.engine.url), full)):
        found, hit = _kept(full)
        if found:
            return cast(T, hit)
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

    def kept() -> tuple[Stamp, Any] | None:
        with _lock:
            found = _grown.get(where)
            if found is not None:
                _grown.move_to_end(where)
            return found
    before = kept()
    if before is not None and before[0] == now:
        return cast(T, before[1])
    with _one_at_a_time(("grown", where)):
        before = kept()
        if before is not None and before[0] == now:
            return cast(T, before[1])
        if before is not None and growth.only_grew(conn, before[0], now):
            value = grow(before[1], before[0].last_document)
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
