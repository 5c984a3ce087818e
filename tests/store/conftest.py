"""Store fixtures: every store test runs on SQLite and on PostgreSQL.

PostgreSQL runs where CLAIMGRAPH_TEST_PG names a server (`.ci/run` starts one); each test gets a
database of its own. Locally, without it, the PostgreSQL cases skip; with CLAIMGRAPH_REQUIRE_PG=1
(set by `.ci/run`) they fail instead, so CI cannot pass without them.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine

from claimgraph.store import database_url

PG = os.environ.get("CLAIMGRAPH_TEST_PG")


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """A fresh, empty store location: a SQLite file path or a PostgreSQL URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    if not PG:
        if os.environ.get("CLAIMGRAPH_REQUIRE_PG") == "1":
            pytest.fail("CLAIMGRAPH_REQUIRE_PG=1 but CLAIMGRAPH_TEST_PG is not set")
        pytest.skip("CLAIMGRAPH_TEST_PG is not set")
    name = f"cg_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url(PG), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield PG.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
