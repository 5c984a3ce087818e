"""Hostile requests to the workbench: huge ids, open redirects, odd paths; every answer with its security headers.

First through TestClient, then the same requests as raw HTTP against a live `claimgraph serve` (with a
token, and with a table broken under it so that a 500 page is served too).
"""
from __future__ import annotations

import http.client
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_helpers import free_port

from claimgraph.store import Store
from claimgraph.web import create_app

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'none'; object-src 'none'; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
"""What every answer must carry: no script runs, no type is sniffed, no address leaks to another site."""
MAX_ID = 2**31 - 1
"""The largest id a store holds: INTEGER columns are 32 bits on PostgreSQL."""
TOKEN = "correct-horse-battery"
HUGE = "99999999999999999999999999"
HUGE_ID_URLS = [f"/entities/{HUGE}", f"/stories/{HUGE}", f"/api/entities/{HUGE}", f"/api/stories/{HUGE}",
                f"/graph?entity={HUGE}", f"/api/graph?entity={HUGE}", f"/entities/{MAX_ID + 1}", "/entities/0",
                "/entities/\u0663", "/stories/\u00b2", "/api/stories/\u0661\u0662", f"/entities/{MAX_ID}",
                f"/api/stories/{2**63}", f"/graph?entity={2**31}"]
"""Ids no store holds: past the integer ids of either store, zero, or digits that are not ASCII."""
NUL_URLS = ["/api/entities?name=%00", "/claims?q=Kyiv%00&outlet=%00", "/api/claims?speaker=%00", "/entities?name=a%00b",
            "/api/timeline?about=%00", "/documents/%00", "/api/documents/abc%00", "/api/claims/%00/c1"]
"""A NUL in a path or query: PostgreSQL refuses one even as a parameter to compare."""
OPEN_REDIRECTS = ["//evil.example/x", "///evil.example/x", "/\\evil.example/x", "/%2F%2Fevil.example/x",
                  "/%5C%5Cevil.example/x", "/%09/evil.example/x", "//evil.example/%2e%2e"]


def assert_secured(headers: Any, what: str) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert headers.get(name) == value, f"{what}: {name} is {headers.get(name)!r}"


@pytest.mark.parametrize("url", HUGE_ID_URLS)
def test_an_id_too_large_or_odd_is_404_not_500(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 404, (url, r.status_code)
    assert_secured(r.headers, url)


@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_in_a_path_or_query_is_no_server_error(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code in (200, 404), (url, r.status_code)


def test_ids_are_bounded_ascii_integers() -> None:
    from claimgraph.store.ids import record_id

    assert [record_id(x) for x in ("1", "42", str(MAX_ID))] == [1, 42, MAX_ID]
    assert all(record_id(x) is None for x in (None, "", "0", "-1", "+1", " 1", "1.0", "1e3", "\u0663", "\u00b2",
                                              str(MAX_ID + 1), HUGE, "٣٣"))


@pytest.mark.parametrize("path", OPEN_REDIRECTS)
def test_the_token_redirect_stays_on_this_host(web_store: Store, path: str) -> None:
    with TestClient(create_app(store=web_store, token=TOKEN), follow_redirects=False) as c:
        r = c.get(f"{path}?token={TOKEN}&q=1")
    assert r.status_code == 303
    location = r.headers["location"]
    assert location.startswith("/") and not location.startswith(("//", "/\\")), location
    assert "\t" not in location and location.endswith("?q=1")
    assert_secured(r.headers, "303")


def test_a_redirect_path_keeps_the_page_and_its_query() -> None:
    from claimgraph.web.redirects import same_host_path

    assert same_host_path("/claims", "stance=asserted") == "/claims?stance=asserted"
    assert same_host_path("//evil.example/x") == "/evil.example/x"
    assert same_host_path("/\\\\evil.example") == "/evil.example"
    assert same_host_path("/a b\\c") == "/a%20b%5Cc"


def test_every_kind_of_answer_carries_the_security_headers(web_store: Store, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from claimgraph.web import home

    with TestClient(create_app(store=web_store), raise_server_exceptions=False) as c:
        for url, status in (("/", 200), ("/api/stats", 200), ("/static/style.css", 200), ("/favicon.ico", 200),
                            ("/no/such/page", 404), ("/api/no-such", 404), ("/claims?stance=maybe", 400),
                            ("/api/claims?grade=9", 400)):
            r = c.get(url)
            assert r.status_code == status, url
            assert_secured(r.headers, url)
        assert_secured(c.post("/claims").headers, "405")

        def broken(*_: Any, **__: Any) -> Any:
            raise RuntimeError("secret internal detail")

        monkeypatch.setattr(home, "counts", broken)
    # a fresh app: this one keeps the pages it answered, and nothing in the store changed since
    with TestClient(create_app(store=web_store), raise_server_exceptions=False) as c:
        for url in ("/", "/api/stats"):
            r = c.get(url)
            assert r.status_code == 500 and "secret internal detail" not in r.text
            assert_secured(r.headers, f"500 {url}")
    with TestClient(create_app(store=web_store, token=TOKEN)) as gated:
        for url in ("/", "/api/stats", "/static/style.css"):
            r = gated.get(url)
            assert r.status_code == 401
            assert_secured(r.headers, f"401 {url}")


# ---- a live `claimgraph serve` ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def live(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """`claimgraph serve --token` on a copy of the web store, in its own process; yields (port, store path)."""
    db = tmp_path_factory.mktemp("live") / "live.db"
    shutil.copy(web_db, db)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph", "serve", "--db", str(db), "--port", str(port),
                             "--token", TOKEN, "--quiet"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, _ = raw(port, "GET /api/stats HTTP/1.1", [f"Authorization: Bearer {TOKEN}"])
                if status == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "claimgraph serve did not answer within 60 s"
            time.sleep(0.3)
        yield port, db
    finally:
        proc.terminate()
        proc.wait(20)
        if proc.stderr:
            proc.stderr.close()


def raw(port: int, request_line: str, headers: list[str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """Send one request as bytes exactly as given (no client tidies the path) and read the answer."""
    lines = [request_line, "Host: 127.0.0.1", "Connection: close", *(headers or [])]
    with socket.create_connection(("127.0.0.1", port), timeout=20) as s:
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        response = http.client.HTTPResponse(s)
        response.begin()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body


AUTH = [f"Authorization: Bearer {TOKEN}"]


def test_live_serve_answers_hostile_ids_with_404_and_headers(live: tuple[int, Path]) -> None:
    port, _ = live
    for url in HUGE_ID_URLS:
        target = url.encode("utf-8").decode("latin-1") if url.isascii() else _quoted(url)
        status, headers, body = raw(port, f"GET {target} HTTP/1.1", AUTH)
        assert status == 404, (url, status)
        assert b"Traceback" not in body
        assert_secured(_Headers(headers), url)


def test_live_serve_never_redirects_to_another_host(live: tuple[int, Path]) -> None:
    port, _ = live
    for path in OPEN_REDIRECTS:
        status, headers, _ = raw(port, f"GET {path}?token={TOKEN} HTTP/1.1")
        assert status == 303, (path, status)
        location = headers["location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), (path, location)
        assert_secured(_Headers(headers), f"303 {path}")


def test_live_serve_refuses_without_the_token_and_serves_no_file_outside_its_own(live: tuple[int, Path]) -> None:
    port, _ = live
    status, headers, body = raw(port, "GET /api/stats HTTP/1.1")
    assert status == 401 and b"token" in body
    assert_secured(_Headers(headers), "401")
    for path in ("/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
                 "/static/..%2f..%2f..%2fetc%2fpasswd", "/static//etc/passwd"):
        status, headers, body = raw(port, f"GET {path} HTTP/1.1", AUTH)
        assert status == 404 and b"root:" not in body, (path, status)
        assert_secured(_Headers(headers), path)


def test_live_serve_answers_odd_requests_in_one_piece(live: tuple[int, Path]) -> None:
    port, _ = live
    cases = [("POST /claims HTTP/1.1", [*AUTH, "Content-Length: 0"], 405),
             ("GET /claims?q=%ff%fe&outlet=%00 HTTP/1.1", AUTH, 200),
             ("GET /entities/%ff HTTP/1.1", AUTH, 404),
             ("GET /claims?page=99999999999999999999 HTTP/1.1", AUTH, 400),
             ("GET /api/claims?per_page=-1 HTTP/1.1", AUTH, 400),
             ("GET /api/entities?limit=99999999999999999999 HTTP/1.1", AUTH, 400),
             ("GET /timeline?since=9999-99-99 HTTP/1.1", AUTH, 400),
             ("GET /documents/" + "a" * 5000 + " HTTP/1.1", AUTH, 404)]
    for line, headers, expected in cases:
        status, answer, body = raw(port, line, headers)
        assert status == expected, (line[:80], status, body[:200])
        assert b"Traceback" not in body
        assert_secured(_Headers(answer), line[:40])


def test_live_serve_shows_a_500_page_with_its_headers_when_the_store_breaks(live: tuple[int, Path]) -> None:
    port, db = live
    with sqlite3.connect(db) as conn:  # a fault under a running server: a table it reads is gone
        conn.execute("DROP TABLE hedges")
    status, headers, body = raw(port, "GET /claims?hedge=likely HTTP/1.1", AUTH)
    assert status == 500, (status, body[:300])
    assert b"Traceback" not in body and b"hedges" not in body
    assert_secured(_Headers(headers), "500")


class _Headers(dict[str, str]):
    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        return super().get(key.lower(), default)


def _quoted(url: str) -> str:
    from urllib.parse import quote

    return quote(url, safe="/?=&")


def test_huge_ids_and_nul_are_no_server_error_on_postgresql_either(pg_database: Any) -> None:
    from web_helpers import DEMO

    from claimgraph.corpus import Corpus

    with pg_database("cg_hostile") as url, Corpus(url) as corpus:
        corpus.ingest([DEMO / "005.json"], workers=1)
        with TestClient(create_app(store=corpus.store)) as c:
            for target in HUGE_ID_URLS:
                r = c.get(target)
                assert r.status_code == 404, (target, r.status_code)
                assert_secured(r.headers, target)
            for target in NUL_URLS:
                assert c.get(target).status_code in (200, 404), target


def test_a_form_with_nul_is_stored_and_returns_only_to_this_host_on_postgresql(pg_database: Any) -> None:
    import re

    from sqlalchemy import select
    from web_helpers import DEMO

    from claimgraph.corpus import Corpus
    from claimgraph.store import schema as t

    with pg_database("cg_hostile_form") as url, Corpus(url) as corpus:
        corpus.ingest([DEMO / "005.json"], workers=1)
        with corpus.store.begin() as conn:
            rid = conn.execute(select(t.canonical_entities.c.id).limit(1)).scalar_one()
        with TestClient(create_app(store=corpus.store), follow_redirects=False) as c:
            found = re.search(r'name="csrf" value="([0-9a-f]+)"', c.get(f"/entities/{rid}").text)
            assert found
            for away in [*OPEN_REDIRECTS, "/\t/evil.example/x", "/\r\nSet-Cookie: x=1"]:
                r = c.post("/notes", data={"csrf": found.group(1), "kind": "entity", "target": str(rid),
                                           "text": "Kyiv\x00 denied it", "next": away})
                assert r.status_code == 303, (away, r.status_code)
                location = r.headers["location"]
                assert location.startswith("/") and not location.startswith(("//", "/\\")), (away, location)
                assert "\t" not in location and "\n" not in location and "x=1" not in r.headers.get("set-cookie", "")
            notes = c.get(f"/api/entities/{rid}").json()["notes"]
            assert notes and all(n["text"] == "Kyiv\ufffd denied it" for n in notes)
