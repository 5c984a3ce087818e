"""Fixtures every test folder shares: a throwaway PostgreSQL database where a server is given.

PostgreSQL runs where CLAIMGRAPH_TEST_PG names a server (`.ci/run` starts one); each caller gets a
database of its own, dropped afterwards. Without it the PostgreSQL cases skip; with
CLAIMGRAPH_REQUIRE_PG=1 (set by `.ci/run`) they fail instead, so CI cannot pass without them.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager

import pytest
from sqlalchemy import create_engine

from claimgraph.store import database_url

PG = os.environ.get("CLAIMGRAPH_TEST_PG")


@contextmanager
def _database(prefix: str) -> Iterator[str]:
    if not PG:
        if os.environ.get("CLAIMGRAPH_REQUIRE_PG") == "1":
            pytest.fail("CLAIMGRAPH_REQUIRE_PG=1 but CLAIMGRAPH_TEST_PG is not set")
        pytest.skip("CLAIMGRAPH_TEST_PG is not set")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url(PG), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield PG.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session")
def pg_database() -> Callable[[str], AbstractContextManager[str]]:
    """`with pg_database("prefix") as url:` a new, empty PostgreSQL database (skips or fails without a server)."""
    return _database
