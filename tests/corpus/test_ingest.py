"""Ingest: folders, JSON Lines, feeds and URLs in; each article stored once; copies linked; bad input listed."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from sqlalchemy import func, select

from claimgraph import cli
from claimgraph.corpus import Corpus
from claimgraph.store import schema as t

from corpus_helpers import article, dump, huge, page, rss, slow

DEMO = Path(__file__).resolve().parents[2] / "demo" / "articles"


def rows(corpus: Corpus, table) -> int:
    with corpus.store.begin() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def ingest_json(capsys, *args: str) -> tuple[int, dict]:
    code = cli.main(["ingest", "--json", "--workers", "1", *args])
    return code, json.loads(capsys.readouterr().out)


def test_ingesting_the_same_folder_twice_stores_nothing_twice(tmp_path, write_articles, capsys):
    folder = write_articles(6)
    db = str(tmp_path / "c.db")
    code, first = ingest_json(capsys, str(folder), "--db", db)
    assert code == 0 and first["counts"]["new"] == 6
    before = dump(db)
    code, second = ingest_json(capsys, str(folder), "--db", db)
    assert code == 0 and second["counts"] == {"new": 0, "copy": 0, "duplicate": 6, "failed": 0}
    assert dump(db) == before
    with Corpus(db) as corpus:
        assert rows(corpus, t.documents) == 6
        assert rows(corpus, t.document_signatures) == 6


def test_the_same_text_twice_in_one_run_is_stored_once(tmp_path, write_articles):
    folder = write_articles(2)
    shutil.copy(folder / "0000.txt", folder / "again.txt")
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest(folder, workers=1)
        assert [o.status for o in report.outcomes] == ["new", "new", "duplicate"]
        assert rows(corpus, t.documents) == 2


def test_a_republished_wire_story_is_linked_as_a_copy_in_a_later_run(tmp_path):
    # 037 is the DOD News story, 038 the Eurasia Review republication (both public domain; demo/ATTRIBUTION.md)
    with Corpus(tmp_path / "c.db") as corpus:
        assert corpus.ingest(DEMO / "037.json", workers=1).counts()["new"] == 1
        [outcome] = corpus.ingest(DEMO / "038.json", workers=1).outcomes
        assert outcome.status == "copy"
        assert outcome.copy_of == corpus.ingest(DEMO / "037.json").outcomes[0].document_id
        assert outcome.similarity >= 0.9
        shown = corpus.show(outcome.copy_of)
        assert shown["copies"] == [{"id": outcome.document_id, "similarity": outcome.similarity}]


def test_different_reports_on_one_topic_are_not_copies(tmp_path):
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest([DEMO / f"{i:03d}.json" for i in range(1, 13)], workers=1)
        assert report.counts()["copy"] == 0 and report.counts()["new"] == 12


def test_a_folder_with_bad_files_stores_the_rest_and_lists_each_failure(tmp_path, write_articles, capsys):
    folder = write_articles(2, "mixed")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (folder / "latin1.txt").write_bytes("Caf\xe9 au lait, said the minister.".encode("latin-1"))
    (folder / "broken.json").write_text('{"text": "unfinished', encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not really a document")
    (folder / "gone.txt").symlink_to(folder / "deleted-long-ago.txt")
    (folder / "lines.jsonl").write_text(json.dumps({"text": article(50), "outlet": "Wire"}) + "\n{oops\n\n"
                                        + json.dumps({"title": "no text"}) + "\n", encoding="utf-8")
    (folder / "feed.xml").write_text("<html><body>this is a page, not a feed</body></html>")
    db = str(tmp_path / "c.db")
    code, report = ingest_json(capsys, str(folder), "--db", db)
    assert code == 2
    assert report["counts"]["new"] == 3
    reasons = {Path(o["name"]).name: o["reason"] for o in report["outcomes"] if o["status"] == "failed"}
    assert set(reasons) == {"empty.txt", "binary.txt", "latin1.txt", "broken.json", "notes.docx", "gone.txt",
                            "lines.jsonl:2", "lines.jsonl:4", "feed.xml"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"]
    assert "malformed JSON" in reasons["broken.json"]
    assert "extension" in reasons["notes.docx"]
    assert "no such file" in reasons["gone.txt"]
    assert "malformed JSON" in reasons["lines.jsonl:2"] and "text" in reasons["lines.jsonl:4"]
    assert "not an RSS or Atom feed" in reasons["feed.xml"]
    with Corpus(db) as corpus:
        assert rows(corpus, t.documents) == 3


def test_failures_are_listed_one_line_each_on_stderr(tmp_path, write_articles, capsys):
    folder = write_articles(1)
    (folder / "empty.txt").write_text("")
    assert cli.main(["ingest", "--workers", "1", "--db", str(tmp_path / "c.db"), str(folder),
                     str(tmp_path / "missing")]) == 2
    out, err = capsys.readouterr()
    assert "1 new" in out
    lines = err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("failed: ") for line in lines)
    assert "Traceback" not in err


def test_pages_and_feeds_are_fetched_and_bad_urls_each_get_a_clear_reason(tmp_path, web, write_articles):
    base, routes = web
    routes["/story.html"] = (200, {"Content-Type": "text/html"}, page(
        "Envoy claims wounded soldiers are treated abroad",
        [article(1), article(2), "The ministry said it would not comment further on the matter."]))
    routes["/teaser.html"] = (200, {"Content-Type": "text/html; charset=utf-8"}, page(
        "Talks resume in Geneva", [article(3), article(4)]))
    long_entry = " ".join(article(i) for i in range(5, 9))
    routes["/feed.rss"] = (200, {"Content-Type": "application/rss+xml"}, rss([
        {"title": "Convoy reaches border", "link": f"{base}/full", "description": f"<p>{long_entry}</p>"},
        {"title": "Talks resume", "link": f"{base}/teaser.html", "description": "Talks resume. Read more"},
        {"title": "Gone", "link": f"{base}/removed.html", "description": "A teaser whose page is gone."},
    ]))
    routes["/fake-feed.xml"] = (200, {"Content-Type": "application/rss+xml"}, b'{"error": "rate limited"}')
    routes["/slow.html"] = slow(3)
    routes["/huge.html"] = huge(50)
    db = tmp_path / "c.db"
    with Corpus(db) as corpus:
        kept = corpus.ingest(write_articles(1), workers=1)
        assert kept.counts()["new"] == 1
        report = corpus.ingest([f"{base}/story.html", f"{base}/feed.rss", f"{base}/missing.html",
                                f"{base}/slow.html", f"{base}/huge.html", f"{base}/fake-feed.xml",
                                "ftp://example.org/x.txt"], workers=1, timeout=1.0)
        by_name = {o.name: o for o in report.outcomes}
        assert by_name[f"{base}/story.html"].status == "new"
        assert by_name[f"{base}/feed.rss#1"].status == "new"
        assert by_name[f"{base}/feed.rss#2"].status == "new"
        assert "404" in by_name[f"{base}/feed.rss#3"].reason
        assert "404" in by_name[f"{base}/missing.html"].reason
        assert "within 1 s" in by_name[f"{base}/slow.html"].reason
        assert "limit" in by_name[f"{base}/huge.html"].reason
        assert "not an RSS or Atom feed" in by_name[f"{base}/fake-feed.xml"].reason
        assert "http" in by_name["ftp://example.org/x.txt"].reason
        assert rows(corpus, t.documents) == 4  # the article stored before is still there
        shown = corpus.show(f"{base}/full")
        assert shown["document"]["title"] == "Convoy reaches border"
        assert shown["document"]["outlet"] == "Example Wire"
        assert shown["document"]["published"] == "2025-02-11"
        teaser = corpus.show(f"{base}/teaser.html")["document"]
        assert teaser["title"] == "Talks resume in Geneva" and article(3) in teaser["text"]
        assert "Home | World" not in corpus.show(f"{base}/story.html")["document"]["text"]


def test_a_feed_file_and_a_jsonl_file_are_read_entry_by_entry(tmp_path):
    feed = tmp_path / "wire.rss"
    feed.write_bytes(rss([{"title": f"Item {i}", "link": f"https://example.org/{i}",
                           "description": f"<p>{article(i)}</p><p>{article(i + 100)}</p><p>{article(i + 200)}</p>"}
                          for i in range(3)]))
    lines = tmp_path / "batch.jsonl"
    lines.write_text("\n".join(json.dumps({"text": article(300 + i), "outlet": "Wire", "published": f"2025-01-0{i}"})
                               for i in range(1, 4)), encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest([feed, lines], workers=1)
        assert report.counts() == {"new": 6, "copy": 0, "duplicate": 0, "failed": 0}
        shown = corpus.show("https://example.org/1")
        assert shown["document"]["title"] == "Item 1"
        assert "\n\n" in shown["document"]["text"]  # paragraphs kept apart
        assert corpus.claims(since="2025-01-03")


def test_a_jsonl_file_larger_than_one_article_may_be_is_read_line_by_line(tmp_path, monkeypatch):
    from claimgraph import readers

    lines = tmp_path / "many.jsonl"
    lines.write_text("\n".join(json.dumps({"text": article(400 + i)}) for i in range(8)), encoding="utf-8")
    monkeypatch.setattr(readers, "MAX_FILE_BYTES", lines.stat().st_size // 4)
    (tmp_path / "empty.jsonl").write_text("\n\n")
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest([lines, tmp_path / "empty.jsonl"], workers=1)
        assert report.counts() == {"new": 8, "copy": 0, "duplicate": 0, "failed": 1}
        assert report.failures[0].reason == "empty file"


def test_an_atom_feed_is_read_like_rss(tmp_path):
    body = " ".join(article(500 + i) for i in range(4))
    (tmp_path / "wire.atom").write_text(
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>'
        '<id>urn:x</id><updated>2025-02-11T09:00:00Z</updated><entry><title>Convoy</title>'
        '<link href="https://example.org/atom/1"/><id>urn:x:1</id><updated>2025-02-10T08:00:00Z</updated>'
        f'<content type="html">&lt;p&gt;{body}&lt;/p&gt;</content></entry></feed>', encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        assert corpus.ingest(tmp_path / "wire.atom", workers=1).counts()["new"] == 1
        shown = corpus.show("https://example.org/atom/1")["document"]
        assert (shown["outlet"], shown["title"], shown["published"]) == ("Atom Wire", "Convoy", "2025-02-10")
        assert shown["text"] == body
