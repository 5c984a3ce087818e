"""Store fixtures: every store test runs on SQLite and on PostgreSQL.

PostgreSQL runs where CLAIMGRAPH_TEST_PG names a server (`.ci/run` starts one); each test gets a
database of its own. Locally, without it, the PostgreSQL cases skip; with CLAIMGRAPH_REQUIRE_PG=1
(set by `.ci/run`) they fail instead, so CI cannot pass without them.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest




@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path, pg_database) -> Iterator[str]:
    """A fresh, empty store location: a SQLite file path or a PostgreSQL URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    with pg_database("cg_test") as url:
        yield url
