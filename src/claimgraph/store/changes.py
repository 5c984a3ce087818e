"""Whether anything was committed to a store since a moment, known without reading its tables.

SQLite's `PRAGMA data_version`, read on a connection that never writes, moves with every transaction
committed by any other connection to the file, in this process or another (a web form's tag, an
ingest running beside the server). Reading it costs microseconds, where working out what changed
(`web.cache.version`: counts over documents, stories and grades) costs milliseconds; a server asks
it before every request. PostgreSQL has no such number: there `mark()` is None, and the caller reads
the tables every time.

    watch = ChangeWatch(store)
    before = watch.mark()
    ...
    if watch.mark() == before: nothing was committed in between
"""
from __future__ import annotations

import sqlite3
import threading

from sqlalchemy.engine import make_url

from claimgraph.store.engine import BUSY_TIMEOUT_MS, Store


class ChangeWatch:
    """A number that stays the same while nothing is committed to the store, and differs from every earlier one
    once anything is (None where the store cannot tell: PostgreSQL)."""

    def __init__(self, store: Store) -> None:
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()
        url = make_url(store.url)
        if store.dialect == "sqlite" and url.database:
            # a connection of its own, outside the store's pool, that never writes and never holds a transaction
            self._conn = sqlite3.connect(url.database, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                         check_same_thread=False)

    def mark(self) -> int | None:
        """The store's change number now."""
        if self._conn is None:
            return None
        with self._lock:
            try:
                return int(self._conn.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error:  # the file is away for a moment: the caller reads the tables instead
                return None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
