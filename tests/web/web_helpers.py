"""Helpers for the workbench tests: a small store of real reports and a hostile article, and a live server."""
from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "demo" / "articles"
REPORTS = ("003", "005", "009", "010", "015", "016", "017", "018", "019", "025", "033", "037", "038")
"""Openly licensed reports from demo/articles (see demo/ATTRIBUTION.md) that share stories and entities."""

HOSTILE_TITLE = 'Ministry statement <img src=x onerror="window.__xss=\'title\'">'
HOSTILE_TEXT = (
    "Ministry spokesman Ivan Petrenko said on Monday that "
    "<script>window.__xss = 'script'; alert('xss')</script> was found in the leaked files. "
    "Petrenko claimed that the photographs <img src=x onerror=\"window.__xss='img'\"> show a convoy near Kursk. "
    "The agency reportedly published a link <a href=\"javascript:window.__xss='link'\">open the files</a> "
    "and said that the files are likely forged. "
    "Analysts said that the search term Kursk' OR '1'='1 appeared in the files; drop table claims; -- was also seen."
)
"""An article we wrote whose text carries markup that a careless page would run."""


def write_hostile(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "hostile.json"
    path.write_text(json.dumps({"title": HOSTILE_TITLE, "outlet": "Example <b>Wire</b>", "published": "2022-05-01",
                                "url": "https://example.org/hostile?a=<x>&b=\"y\"", "text": HOSTILE_TEXT}),
                    encoding="utf-8")
    return path


def build_store(db: Path, tmp: Path) -> None:
    """Ingest the demo reports and the hostile article into a new SQLite store."""
    from claimgraph.corpus import Corpus

    with Corpus(db) as corpus:
        corpus.ingest([DEMO / f"{n}.json" for n in REPORTS] + [write_hostile(tmp / "hostile")], workers=1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free loopback port; yields its base URL."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
