"""`claimgraph serve` and its access token: loopback by default, a token required (and checked) anywhere else."""
from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_helpers import free_port

from claimgraph.cli import main
from claimgraph.errors import InputError
from claimgraph.store import Store
from claimgraph.web import create_app
from claimgraph.web.auth import COOKIE, is_loopback, required_token

TOKEN = "correct-horse-battery"


@pytest.fixture(scope="module")
def gated(web_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store=web_store, token=TOKEN), follow_redirects=False) as c:
        yield c


@pytest.mark.parametrize("url", ["/", "/claims", "/api/claims", "/api/stats", "/openapi.json", "/static/style.css",
                                 "/no/such/page"])
def test_without_the_token_every_request_is_401(gated: TestClient, url: str) -> None:
    gated.cookies.clear()
    r = gated.get(url)
    assert r.status_code == 401
    assert "token" in r.text


def test_a_wrong_token_is_401(gated: TestClient) -> None:
    gated.cookies.clear()
    assert gated.get("/api/stats", headers={"Authorization": "Bearer nope-nope-nope"}).status_code == 401
    assert gated.get("/api/stats", params={"token": "nope-nope-nope"}).status_code == 401
    assert gated.get("/api/stats", headers={"X-Claimgraph-Token": TOKEN[:-1]}).status_code == 401


def test_the_token_in_a_header_opens_every_route(gated: TestClient) -> None:
    gated.cookies.clear()
    assert gated.get("/api/stats", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert gated.get("/claims", headers={"X-Claimgraph-Token": TOKEN}).status_code == 200


def test_the_token_in_the_address_sets_a_cookie_and_leaves_the_address(gated: TestClient) -> None:
    gated.cookies.clear()
    r = gated.get("/claims", params={"token": TOKEN, "stance": "asserted"})
    assert r.status_code == 303 and r.headers["location"] == "/claims?stance=asserted"
    assert COOKIE in r.headers["set-cookie"] and "httponly" in r.headers["set-cookie"].lower()
    gated.cookies.set(COOKIE, TOKEN)
    assert gated.get("/claims?stance=asserted").status_code == 200


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("127.0.0.2", True), ("::1", True),
                                            ("localhost", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                            ("::", False), ("example.org", False)])
def test_only_loopback_addresses_go_without_a_token(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_a_public_address_needs_a_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMGRAPH_TOKEN", raising=False)
    with pytest.raises(InputError, match="--token"):
        required_token("0.0.0.0", None)
    assert required_token("0.0.0.0", TOKEN) == TOKEN
    monkeypatch.setenv("CLAIMGRAPH_TOKEN", TOKEN)
    assert required_token("0.0.0.0", None) == TOKEN
    with pytest.raises(InputError, match="8 characters"):
        required_token("127.0.0.1", "short")


def test_serve_refuses_a_public_address_without_a_token(web_db: Path, capsys: pytest.CaptureFixture[str],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLAIMGRAPH_TOKEN", raising=False)
    assert main(["serve", "--db", str(web_db), "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("claimgraph: error: --host 0.0.0.0") and "Traceback" not in err


def test_serve_says_so_when_the_port_is_taken(web_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert main(["serve", "--db", str(web_db), "--port", str(port)]) == 2
    assert f"cannot listen on 127.0.0.1:{port}" in capsys.readouterr().err


def test_serve_rejects_a_bad_port(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["serve", "--port", "70000"])
    assert e.value.code == 2 and "not a port number" in capsys.readouterr().err


def test_serve_answers_over_http_until_stopped(web_db: Path) -> None:
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph", "serve", "--db", str(web_db), "--port", str(port),
                             "--quiet"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5) as r:
                    assert r.status == 200 and b'"documents"' in r.read()
                    break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
                assert time.monotonic() < deadline, "claimgraph serve did not answer within 60 s"
                time.sleep(0.3)
    finally:
        proc.terminate()
        proc.wait(20)
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
