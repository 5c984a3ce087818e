"""Hostile inputs to `ingest`: servers that drip, redirect badly or compress; folders with links out of them.

Each case is one a probe found on main (issue 14). The drip servers send for far longer than the
timeout the test gives, so a fetch that the deadline does not end fails the test's bound.
"""
from __future__ import annotations

import gzip
import json
import os
import time
import zlib
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from claimgraph import cli
from claimgraph.corpus import Corpus
from claimgraph.corpus.fetch import FetchOptions, fetch
from claimgraph.errors import InputError
from claimgraph.store import load_analysis

from corpus_helpers import article, page, rss

DRIP_SECONDS = 30.0
"""How long a drip server keeps sending: far past the 1 s the tests allow."""


def _drip(h: BaseHTTPRequestHandler, pieces: Callable[[int], bytes]) -> None:
    """Write pieces(0), pieces(1), ... a fifth of a second apart until DRIP_SECONDS pass or the client hangs up."""
    end = time.monotonic() + DRIP_SECONDS
    i = 0
    try:
        while time.monotonic() < end:
            h.wfile.write(pieces(i))
            h.wfile.flush()
            i += 1
            time.sleep(0.2)
    except OSError:
        pass  # the client gave up, as it should


def body_drip(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    _drip(h, lambda i: b"<html><body><p>" if i == 0 else b"x")


def header_drip(h: BaseHTTPRequestHandler) -> None:
    h.wfile.write(b"HTTP/1.1 200 OK\r\n")
    _drip(h, lambda i: b"X-Drip-%d: x\r\n" % (i % 90))


def chunked_drip(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Transfer-Encoding", "chunked")
    h.end_headers()
    _drip(h, lambda i: b"1\r\nx\r\n")


def redirect_to(location: str) -> Callable[[BaseHTTPRequestHandler], None]:
    def answer(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return answer


STORY = page("Envoy claims wounded soldiers are treated abroad", [article(1), article(2), article(3)])


@pytest.mark.parametrize("route", [body_drip, header_drip, chunked_drip], ids=["body", "headers", "chunked"])
def test_a_server_that_drips_is_cut_off_at_the_timeout(web, route):
    base, routes = web
    routes["/drip"] = route
    started = time.monotonic()
    with pytest.raises(InputError) as e:
        fetch(f"{base}/drip", FetchOptions(timeout=1.0))
    elapsed = time.monotonic() - started
    assert str(e.value) == f"{base}/drip: no complete answer within 1 s (--timeout)"
    assert elapsed < 4.0, elapsed


def test_a_server_that_never_finishes_the_tls_handshake_is_cut_off() -> None:
    import socket
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(listener.accept()[0]), daemon=True).start()
    url = f"https://127.0.0.1:{listener.getsockname()[1]}/x"
    started = time.monotonic()
    try:
        with pytest.raises(InputError, match="no complete answer within 1 s"):
            fetch(url, FetchOptions(timeout=1.0))
        assert time.monotonic() - started < 4.0
    finally:
        for s in [*held, listener]:
            s.close()
    assert not [t for t in threading.enumerate() if t.name.startswith("claimgraph")]  # no timer or lookup left


def test_a_feed_of_pages_that_drip_ends_within_its_timeouts(tmp_path, web):
    base, routes = web
    routes["/drip"] = body_drip
    for i in range(12):
        routes[f"/drip/{i}"] = body_drip
    routes["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss([
        {"title": f"Teaser {i}", "link": f"{base}/drip/{i}", "description": "Read more"} for i in range(12)]))
    started = time.monotonic()
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest([f"{base}/feed.rss"], workers=1, timeout=1.0)
    elapsed = time.monotonic() - started
    assert report.counts()["failed"] == 12
    assert all("within 1 s" in o.reason for o in report.outcomes)
    assert elapsed < 12 * 1.0 + 10, elapsed  # one deadline per page: 12 s at most, not 12 drips of 30 s


def test_a_redirect_loop_is_one_line(web):
    base, routes = web
    routes["/a"] = redirect_to("/b")
    routes["/b"] = redirect_to("/a")
    with pytest.raises(InputError) as e:
        fetch(f"{base}/a")
    assert str(e.value) == f"{base}/a: the server redirects in a loop or more than 10 times; not followed"


@pytest.mark.parametrize("target", ["ftp://example.org/x.html", "file:///etc/passwd", "data:text/html,<p>x</p>"])
def test_a_redirect_to_another_scheme_is_not_followed(web, target):
    base, routes = web
    routes["/away"] = redirect_to(target)
    with pytest.raises(InputError) as e:
        fetch(f"{base}/away")
    message = str(e.value)
    assert "\n" not in message and "not an http(s) URL; not followed" in message


def test_a_redirect_to_http_is_followed(web):
    base, routes = web
    routes["/old"] = redirect_to("/story.html")
    routes["/story.html"] = (200, {"Content-Type": "text/html"}, STORY)
    got = fetch(f"{base}/old")
    assert got.url == f"{base}/story.html" and got.body == STORY


@pytest.mark.parametrize("coding", ["gzip", "deflate"])
def test_a_compressed_page_is_decoded(tmp_path, web, coding):
    base, routes = web
    body = gzip.compress(STORY) if coding == "gzip" else zlib.compress(STORY)
    routes["/z.html"] = (200, {"Content-Type": "text/html", "Content-Encoding": coding}, body)
    assert fetch(f"{base}/z.html").body == STORY
    with Corpus(tmp_path / "c.db") as corpus:
        assert corpus.ingest([f"{base}/z.html"], workers=1).counts()["new"] == 1


def test_a_compressed_page_larger_than_the_limit_once_decoded_is_refused(web):
    base, routes = web
    routes["/bomb.html"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                            gzip.compress(b"<p>" + b"a" * 5_000_000 + b"</p>"))
    with pytest.raises(InputError, match="more than the limit of 1,000,000 bytes"):
        fetch(f"{base}/bomb.html", FetchOptions(max_bytes=1_000_000))


def test_a_corrupt_compressed_page_is_one_line(web):
    base, routes = web
    routes["/bad.html"] = (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, b"\x1f\x8bnot gzip at all")
    with pytest.raises(InputError, match="compressed, but its data is corrupt$"):
        fetch(f"{base}/bad.html")


def test_a_feed_entry_with_a_reference_to_a_surrogate_is_stored_repaired(tmp_path, web):
    base, routes = web
    text = " ".join(article(i) for i in range(20, 26))
    # references in the feed's own XML: to surrogates (recorded) and past U+10FFFF (U+FFFD, as in a page)
    body = (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Wire &#xd800;</title>'
            f"<item><title>Convoy &#xD800; seen</title><link>{base}/full</link>"
            f"<description>{text} &#xDFFF; &#55296; &#x110000;</description></item></channel></rss>")
    routes["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, body.encode())
    with Corpus(tmp_path / "c.db") as corpus:
        assert corpus.ingest([f"{base}/feed.rss"], workers=1).counts()["new"] == 1
        doc_id = corpus.show(f"{base}/full")["document"]["id"]
        with corpus.store.begin() as conn:
            stored = load_analysis(conn, doc_id).document
    assert stored.title == "Convoy \ufffd seen" and stored.outlet == "Wire \ufffd"
    assert stored.text.endswith(" \ufffd \ufffd \ufffd")
    assert {(r.field, r.kind, r.count) for r in stored.repairs} == {
        ("text", "lone surrogate", 2), ("title", "lone surrogate", 1), ("outlet", "lone surrogate", 1)}


def test_a_folder_with_lone_surrogates_and_nul_is_stored_whole(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.json").write_text(json.dumps({"text": article(1) + " \ud800", "title": "T\udc01",
                                               "outlet": "Wire\x00"}), encoding="utf-8")
    (folder / "b.jsonl").write_text("\n".join(json.dumps({"text": article(i) + "\x00\udfff", "title": f"L{i}\ud800"})
                                              for i in range(2, 5)), encoding="utf-8")
    (folder / "c.txt").write_text(article(5), encoding="utf-8")
    code = cli.main(["ingest", "--json", "--workers", "1", "--db", str(tmp_path / "c.db"), str(folder)])
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["counts"]["new"] == 5, report
    with Corpus(tmp_path / "c.db") as corpus:
        docs = corpus.documents()
    assert len(docs) == 5


def test_links_out_of_a_folder_pipes_and_devices_are_never_read(tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("root:x:0:0:root:/root:/bin/bash " + article(9), encoding="utf-8")
    (folder / "a.txt").write_text(article(1), encoding="utf-8")
    (folder / "sub" / "b.txt").write_text(article(2), encoding="utf-8")
    (folder / "inside.txt").symlink_to(folder / "a.txt")  # a link within the folder reads as the file it names
    (folder / "secret.txt").symlink_to(outside / "secret.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "outside").symlink_to(outside, target_is_directory=True)
    os.mkfifo(folder / "fifo.txt")
    os.mkfifo(outside / "pipe.txt")
    (folder / "pipe.txt").symlink_to(outside / "pipe.txt")
    started = time.monotonic()
    code = cli.main(["ingest", "--json", "--workers", "1", "--db", str(tmp_path / "c.db"), str(folder)])
    report = json.loads(capsys.readouterr().out)
    assert time.monotonic() - started < 60  # no hang on a pipe, no 3.5 GB of zeros
    assert code == 2
    by_name = {Path(o["name"]).name: o for o in report["outcomes"]}
    assert {n: o["status"] for n, o in by_name.items()} == {
        "a.txt": "new", "b.txt": "new", "inside.txt": "duplicate", "secret.txt": "failed", "zero.txt": "failed",
        "outside": "failed", "fifo.txt": "failed", "pipe.txt": "failed"}
    assert "outside the folder; not followed" in by_name["secret.txt"]["reason"]
    assert "outside the folder; not followed" in by_name["zero.txt"]["reason"]
    assert "outside the folder; not followed" in by_name["outside"]["reason"]
    assert "outside the folder; not followed" in by_name["pipe.txt"]["reason"]
    assert "not a regular file" in by_name["fifo.txt"]["reason"]
    with Corpus(tmp_path / "c.db") as corpus:
        assert not corpus.documents(search="root")


def test_a_device_or_pipe_named_by_the_caller_is_read_with_a_limit_or_refused(tmp_path):
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    with pytest.raises(InputError, match="is a character device, not a file"):
        cli_read(tmp_path / "zero.txt")
    os.mkfifo(tmp_path / "nobody-writes.txt")
    with pytest.raises(InputError, match="empty file"):  # a named pipe without a writer ends at once
        cli_read(tmp_path / "nobody-writes.txt")


def cli_read(path: Path) -> object:
    from claimgraph.readers import read_path

    return read_path(path)


def test_a_jsonl_line_longer_than_the_limit_fails_alone_without_being_held(tmp_path, monkeypatch):
    from claimgraph import readers

    monkeypatch.setattr(readers, "MAX_FILE_BYTES", 2000)
    lines = tmp_path / "lines.jsonl"
    lines.write_text(json.dumps({"text": article(1)}) + "\n" + json.dumps({"text": "x " * 5000}) + "\n"
                     + json.dumps({"text": article(2)}) + "\n", encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest([lines], workers=1)
    assert [o.status for o in report.outcomes] == ["new", "failed", "new"]
    assert report.outcomes[1].reason == "the line is longer than 2,000 bytes"


@pytest.mark.parametrize("url", ["https://[::1", "http://[not-an-address]/x", "https://"])
def test_a_malformed_url_is_one_line_and_the_rest_is_stored(tmp_path, capsys, url):
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")
    code = cli.main(["ingest", "--json", "--workers", "1", "--db", str(tmp_path / "c.db"), url,
                     str(tmp_path / "a.txt")])
    report = json.loads(capsys.readouterr().out)
    assert code == 2
    statuses = {o["name"]: (o["status"], o.get("reason") or "") for o in report["outcomes"]}
    assert statuses[str(tmp_path / "a.txt")][0] == "new"
    status, reason = statuses[url]
    assert status == "failed" and reason and "\n" not in reason
