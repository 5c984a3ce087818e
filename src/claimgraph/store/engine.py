"""Opening a store: SQLite by path (WAL, foreign keys, transactional DDL) or PostgreSQL by URL, migrated on open."""
from __future__ import annotations

import os
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError

from claimgraph.errors import StoreError
from claimgraph.store.location import DEFAULT_DB, ENV_DB

MIGRATIONS = Path(__file__).with_name("migrations")
MIGRATION_LOCK = 0x636C6169
"""PostgreSQL advisory lock key held while migrating ("clai")."""
WRITE_LOCK = 0x636C6177
"""PostgreSQL advisory lock key each writing transaction holds until it ends ("claw"): writers take turns."""
OPEN_RETRY_WAITS = (0.2, 0.5, 1.0, 2.0)
"""Seconds waited before opening a SQLite store again when it was locked as it opened."""
BUSY_TIMEOUT_MS = 60_000
"""How long an SQLite connection waits for another writer before giving up."""


def database_url(db: str | os.PathLike[str] | None = None) -> str:
    """The SQLAlchemy URL for a path, a URL, `CLAIMGRAPH_DB`, or the default `./claimgraph.db`."""
    raw = os.fspath(db) if db is not None else (os.environ.get(ENV_DB) or DEFAULT_DB)
    if "://" not in raw:
        return "sqlite:///" + str(Path(raw).expanduser().resolve())
    if raw.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    return raw


def shown_url(url: str) -> str:
    """A URL fit for a message: the password hidden, a SQLite URL shown as its path."""
    try:
        u = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is no number, an unclosed IPv6 bracket
        return re.sub(r"(://[^/@:]*:)[^/]*@", r"\1***@", url).replace("+psycopg", "")
    if u.get_backend_name() == "sqlite":
        return u.database or ":memory:"
    return str(u.render_as_string(hide_password=True)).replace("+psycopg", "")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling skips DDL; we emit BEGIN ourselves (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.close()


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes the write lock up front, so two writers queue instead of deadlocking.
    mode = "IMMEDIATE" if conn.get_execution_options().get("claimgraph_writer") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


class Store:
    """An open, migrated store; `begin()` gives a connection inside one transaction."""

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        self.url = database_url(db)
        self.shown = shown_url(self.url)
        self.engine = _create_engine(self.url, self.shown)
        self.dialect = self.engine.dialect.name
        for wait in (*OPEN_RETRY_WAITS, None):
            try:
                self.migrate()
                return
            except DBAPIError as e:
                # SQLite answers "locked" at once, without its busy timeout, to a connection that set the
                # journal mode while another process was creating the same new store: try again
                if wait is not None and self.dialect == "sqlite" and _unavailable(self.dialect, e):
                    self.engine.dispose()
                    time.sleep(wait)
                    continue
                self.engine.dispose()
                raise StoreError(f"cannot open store {self.shown}: {_first_line(e)}") from None
            except SQLAlchemyError as e:
                self.engine.dispose()
                raise StoreError(f"cannot open store {self.shown}: {_first_line(e)}") from None

    def migrate(self) -> None:
        """Bring the schema to the newest migration (each migration in its own transaction)."""
        with self.engine.connect() as plain:
            conn = plain.execution_options(claimgraph_writer=True)
            if self.dialect == "postgresql":
                # many workers may open one database at once (a Ray cluster): one migrates, the rest wait
                conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK})")
                conn.commit()
            try:
                cfg = Config()
                cfg.set_main_option("script_location", str(MIGRATIONS))
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                conn.commit()
            finally:
                if self.dialect == "postgresql":
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK})")
                    conn.commit()

    @contextmanager
    def begin(self, write: bool = False) -> Iterator[Connection]:
        """A connection in one transaction, committed when the block ends and rolled back on error.

        A writing transaction (`write=True`) first takes the store's writer lock, held until it ends:
        on PostgreSQL an advisory transaction lock, on SQLite the database's write lock (BEGIN
        IMMEDIATE). Writers in any number of processes, on any number of machines, so take turns,
        and each one reads everything committed before it. A writer that dies loses its
        connection and with it the lock; its transaction is rolled back whole.
        """
        try:
            with self.engine.connect() as conn:
                if write:
                    conn = conn.execution_options(claimgraph_writer=True)
                with conn.begin():
                    if write and self.dialect == "postgresql":
                        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                    yield conn
        except DBAPIError as e:
            if e.connection_invalidated or _unavailable(self.dialect, e):
                raise StoreUnavailable(f"store {self.shown}: {_first_line(e)}") from None
            if _environmental(self.dialect, e):
                raise StoreError(f"store {self.shown}: {_first_line(e)}") from None
            raise

    def tables(self) -> set[str]:
        """Names of the tables in the database."""
        return set(inspect(self.engine).get_table_names())

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()


class StoreUnavailable(StoreError):
    """The store could not be reached for a while (a server restarting, another writer holding SQLite's lock):
    the same transaction may succeed when tried again."""


def _unavailable(dialect: str, e: DBAPIError) -> bool:
    if dialect == "postgresql":
        import psycopg

        return isinstance(e.orig, psycopg.OperationalError)
    return any(word in str(e.orig).lower() for word in ("locked", "busy"))


_SQLITE_ENVIRONMENT = ("locked", "busy", "disk", "readonly", "unable to open", "not a database", "malformed")
"""SQLite errors that the machine or another program causes, not our SQL: shown as one line."""


def _environmental(dialect: str, e: DBAPIError) -> bool:
    """Whether a database error comes from the server, the disk or a lock rather than from a query."""
    if dialect == "postgresql":
        import psycopg

        return isinstance(e.orig, psycopg.OperationalError)
    return any(word in str(e.orig).lower() for word in _SQLITE_ENVIRONMENT)


def _create_engine(url: str, shown: str) -> Engine:
    try:
        u = make_url(url)
        if u.get_backend_name() == "sqlite":
            if u.database and u.database != ":memory:":
                parent = Path(u.database).parent
                if not parent.is_dir():
                    raise StoreError(f"cannot open store {shown}: folder {parent} does not exist")
            engine = create_engine(u)
            event.listen(engine, "connect", _sqlite_pragmas)
            event.listen(engine, "begin", _sqlite_begin)
        elif u.get_backend_name() == "postgresql":
            engine = create_engine(u, pool_pre_ping=True, connect_args={"connect_timeout": 10})
        else:
            raise StoreError(f"cannot open store {shown}: use a file path or a postgresql:// URL")
    except (ArgumentError, NoSuchModuleError) as e:
        raise StoreError(f"cannot open store {shown}: {_first_line(e)}") from None
    except ValueError:
        raise StoreError(f"cannot open store {shown}: not a valid database URL; give "
                         "postgresql://USER@HOST:PORT/DATABASE (the port a number) or a file path") from None
    return engine


def _first_line(e: BaseException) -> str:
    orig = getattr(e, "orig", None) or e
    lines = [ln.strip() for ln in str(orig).splitlines() if ln.strip()]
    return lines[0] if lines else type(orig).__name__
