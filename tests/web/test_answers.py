"""Whole answers kept until the store or the notebook changes (`web.answers`): asked again, a page is not worked
out again; any change is seen on the next request; each browser gets its own form token from a kept page."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import event
from web_helpers import DEMO

from claimgraph.corpus import Corpus
from claimgraph.store import notebook
from claimgraph.web import create_app, csrf

READS_CLAIMS = re.compile(r"\bFROM claims\b(?!_)", re.IGNORECASE)


def total(html: str) -> int:
    found = re.search(r'id="total">([\d,]+)<', html)
    assert found, "the ledger says how many claims it holds"
    return int(found.group(1).replace(",", ""))


def form_token(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page holds a form"
    return found.group(1)


def test_a_page_asked_again_is_not_worked_out_again_and_the_next_request_after_a_change_sees_it(
        tmp_path: Path) -> None:
    with Corpus(tmp_path / "kept.db") as corpus:
        corpus.ingest([DEMO / "005.json"], workers=1)
        said: list[str] = []
        event.listen(corpus.store.engine, "before_cursor_execute", lambda c, cur, sql, *rest: said.append(sql))
        with TestClient(create_app(store=corpus.store, keep_answers=True)) as c:
            first = c.get("/claims")
            said.clear()
            again = c.get("/claims")
            assert again.status_code == 200 and again.text == first.text
            assert not [s for s in said if READS_CLAIMS.search(s)]  # the ledger's queries did not run again
            corpus.ingest([DEMO / "016.json"], workers=1)  # written as another process would: no call to the app
            after = c.get("/claims")
            assert total(after.text) > total(first.text)
            assert c.get("/api/stats").json()["documents"] == 2


def test_a_tag_written_is_on_the_next_page_that_shows_the_claim(tmp_path: Path) -> None:
    with Corpus(tmp_path / "tagged.db") as corpus:
        corpus.ingest([DEMO / "005.json"], workers=1)
        with TestClient(create_app(store=corpus.store, keep_answers=True)) as c:
            claim = c.get("/api/claims").json()["claims"][0]
            target = f"{claim['document']['id']}/{claim['id']}"
            assert "checked by desk" not in c.get("/claims").text
            with corpus.store.begin(write=True) as conn:
                notebook.add_tag(conn, "claim", target, "checked by desk")
            assert "checked by desk" in c.get("/claims").text
            assert "checked by desk" in c.get(f"/api/claims/{target}").text
            with corpus.store.begin(write=True) as conn:
                notebook.remove_tag(conn, "claim", target, "checked by desk")
            assert "checked by desk" not in c.get("/claims").text


def test_each_browser_gets_its_own_form_token_from_a_kept_page(tmp_path: Path) -> None:
    with Corpus(tmp_path / "forms.db") as corpus:
        corpus.ingest([DEMO / "005.json"], workers=1)
        app = create_app(store=corpus.store, keep_answers=True)
        with TestClient(app) as one, TestClient(app) as other:
            tokens: list[str] = []
            for browser in (one, other, one):
                page = browser.get("/claims")
                cookie = browser.cookies.get(csrf.COOKIE)
                assert cookie and form_token(page.text) == csrf._sign(app.state.csrf_secret, cookie)
                tokens.append(form_token(page.text))
            assert tokens[0] == tokens[2] != tokens[1]
            sent = other.post("/searches", data={"csrf": tokens[1], "name": "all claims", "resource": "claims",
                                                 "query": ""}, follow_redirects=False)
            assert sent.status_code == 303
            assert "all claims" in one.get("/claims").text  # the saved search is on the next page, kept or not


def test_downloads_are_streamed_whole_kept_once_whole_and_new_after_an_ingest(tmp_path: Path) -> None:
    with Corpus(tmp_path / "csv.db") as corpus:
        corpus.ingest([DEMO / "005.json"], workers=1)
        said: list[str] = []
        event.listen(corpus.store.engine, "before_cursor_execute", lambda c, cur, sql, *rest: said.append(sql))
        with TestClient(create_app(store=corpus.store, keep_answers=True)) as c:
            first = c.get("/claims.csv")
            said.clear()
            again = c.get("/claims.csv")
            assert not [s for s in said if READS_CLAIMS.search(s)]  # the export was not read again
            assert again.headers["content-disposition"] == first.headers["content-disposition"]
            rows: list[Any] = [list(csv.reader(io.StringIO(r.text))) for r in (first, again)]
            assert rows[0] == rows[1] and len(rows[0]) == 1 + c.get("/api/claims").json()["total"]
            corpus.ingest([DEMO / "016.json"], workers=1)
            after = list(csv.reader(io.StringIO(c.get("/claims.csv").text)))
            assert len(after) == 1 + c.get("/api/claims").json()["total"] > len(rows[0])


def test_a_download_larger_than_an_answer_kept_is_sent_whole_and_read_again(tmp_path: Path,
                                                                            monkeypatch: Any) -> None:
    from claimgraph.web import answers

    monkeypatch.setattr(answers, "LARGEST", 2000)
    with Corpus(tmp_path / "big.db") as corpus:
        corpus.ingest([DEMO / "005.json"], workers=1)
        said: list[str] = []
        event.listen(corpus.store.engine, "before_cursor_execute", lambda c, cur, sql, *rest: said.append(sql))
        with TestClient(create_app(store=corpus.store, keep_answers=True)) as c:
            first = c.get("/claims.csv")
            assert len(first.content) > 2000
            said.clear()
            assert c.get("/claims.csv").content == first.content
            assert [s for s in said if READS_CLAIMS.search(s)]  # too large to keep: read again


def test_a_kept_answer_on_an_unchanged_store_reads_no_table_and_a_write_elsewhere_is_seen(tmp_path: Path) -> None:
    from claimgraph.store import Store

    with Corpus(tmp_path / "quiet.db") as corpus:
        corpus.ingest([DEMO / "005.json"], workers=1)
        said: list[str] = []
        event.listen(corpus.store.engine, "before_cursor_execute", lambda c, cur, sql, *rest: said.append(sql))
        with TestClient(create_app(store=corpus.store, keep_answers=True)) as c:
            claim = c.get("/api/claims").json()["claims"][0]
            target = f"{claim['document']['id']}/{claim['id']}"
            first = c.get("/claims")
            said.clear()
            assert c.get("/claims").text == first.text
            assert said == []  # not even the store's version was read: nothing was committed since
            other = Store(tmp_path / "quiet.db")  # another writer, as another process would be: its own engine
            try:
                with other.begin(write=True) as conn:
                    notebook.add_tag(conn, "claim", target, "seen elsewhere")
            finally:
                other.close()
            assert "seen elsewhere" in c.get("/claims").text


def test_an_answer_asked_by_many_at_once_is_worked_out_once(tmp_path: Path) -> None:
    import threading
    import time

    from claimgraph.store import Store
    from claimgraph.web import cache

    store = Store(tmp_path / "once.db")
    computed: list[int] = []

    def slow() -> int:
        computed.append(1)
        time.sleep(0.2)  # long enough for the others to arrive while it is worked out
        return 42

    def ask(out: list[int]) -> None:
        with store.begin() as conn:
            out.append(cache.cached(conn, ("once", str(tmp_path)), slow))
    answers: list[int] = []
    threads = [threading.Thread(target=ask, args=(answers,)) for _ in range(5)]
    try:
        for th in threads:
            th.start()
        for th in threads:
            th.join(10)
    finally:
        store.close()
    assert answers == [42] * 5 and computed == [1]
