"""Corpus fixtures: a folder of articles we write, and a local web server for URL and feed inputs."""
from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from corpus_helpers import Route, RouteHandler, QuietServer, article


@pytest.fixture
def write_articles(tmp_path: Path) -> Callable[[int, str], Path]:
    """Write n of our articles as .txt files into a folder; return the folder."""
    def write(n: int, name: str = "articles") -> Path:
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        for i in range(n):
            (folder / f"{i:04d}.txt").write_text(article(i), encoding="utf-8")
        return folder
    return write


@pytest.fixture
def web() -> Iterator[tuple[str, dict[str, Route]]]:
    """A web server on 127.0.0.1 serving the routes the test puts into the dict; yields (base URL, routes)."""
    routes: dict[str, Route] = {}
    handler = type("Handler", (RouteHandler,), {"routes": routes})
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", routes
    finally:
        server.shutdown()
        server.server_close()


