"""Workbench fixtures: one small store for the whole session, a TestClient over it, and a live server."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import build_store, live_server

from claimgraph.store import Store
from claimgraph.web import create_app


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite store of 13 openly licensed reports and one hostile article we wrote."""
    tmp = tmp_path_factory.mktemp("web")
    db = tmp / "web.db"
    build_store(db, tmp)
    return db


@pytest.fixture(scope="session")
def web_store(web_db: Path) -> Iterator[Store]:
    store = Store(web_db)
    yield store
    store.close()


@pytest.fixture(scope="session")
def client(web_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=web_store)) as c:
        yield c


@pytest.fixture(scope="session")
def base_url(web_store: Store) -> Iterator[str]:
    with live_server(create_app(store=web_store)) as url:
        yield url
