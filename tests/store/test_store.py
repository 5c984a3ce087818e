"""The store keeps every record of an analysis exactly, once, in one transaction, on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select, text

from claimgraph import cli
from claimgraph.corpus import Corpus
from claimgraph.corpus.ingest import store_analysis
from claimgraph.errors import StoreError
from claimgraph.store import Store, load_analysis, save_analysis
from claimgraph.store import schema as t
from claimgraph.store.canonical import link

from store_samples import report

SQL_METACHARACTERS = ["'", "%", '"', ";--", "_", "\\", "'; DROP TABLE claims;--", '" OR 1=1 --', "NEAR(", "*"]


def count(store: Store, table) -> int:
    with store.begin() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_a_stored_analysis_reads_back_as_the_same_records(db):
    analysis = report()
    store = Store(db)
    with store.begin(write=True) as conn:
        assert save_analysis(conn, analysis, origin="test")
    with store.begin() as conn:
        back = load_analysis(conn, analysis.document.id)
    store.close()
    assert back == analysis
    assert back.document.text == analysis.document.text
    for claim in back.claims:
        for s in (claim.cue, claim.content, *claim.hedges):
            assert back.document.text[s.start:s.end] == s.text
    assert [v.text for v in back.claims[0].via] == ["UNN", "ISW"]


def test_the_same_document_stored_twice_is_one_row(db):
    store = Store(db)
    for expected in (True, False):
        with store.begin(write=True) as conn:
            assert save_analysis(conn, report()) is expected
    assert count(store, t.documents) == 1
    assert count(store, t.claims) == 3
    assert count(store, t.entities) == 5
    store.close()


def test_reopening_a_store_runs_no_migration_twice(db):
    Store(db).close()
    store = Store(db)
    with store.begin() as conn:
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    store.close()
    assert len(versions) == 1


def test_a_failed_transaction_leaves_no_half_stored_document(db):
    store = Store(db)
    with pytest.raises(RuntimeError), store.begin(write=True) as conn:
        save_analysis(conn, report())
        raise RuntimeError("crash after the claims were written")
    for table in (t.documents, t.entities, t.mentions, t.claims, t.claim_hops, t.hedges, t.events):
        assert count(store, table) == 0
    with store.begin(write=True) as conn:  # and the next try stores it whole
        assert save_analysis(conn, report())
    assert count(store, t.claims) == 3
    store.close()


def _store_reports(db: str, *analyses) -> Corpus:
    corpus = Corpus(db)
    for a in analyses:
        with corpus.store.begin(write=True) as conn:
            store_analysis(conn, a)
    return corpus


def test_search_finds_claims_by_their_words(db):
    with _store_reports(db, report()) as corpus:
        found = corpus.claims(search="wounded soldiers")
        assert [c["id"] for c in found] == ["c1"]
        assert corpus.claims(search="hospitals full")[0]["probability"]["term"] == "likely"
        assert corpus.claims(search="submarines") == []


@pytest.mark.parametrize("query", SQL_METACHARACTERS)
def test_search_with_sql_metacharacters_is_taken_literally(db, query):
    with _store_reports(db, report()) as corpus:
        corpus.claims(search=query)
        corpus.claims(speaker=query)
        corpus.claims(about=query)
        corpus.entities(name=query)
        with pytest.raises(Exception, match="no document or entity"):
            corpus.show(query)
        assert len(corpus.claims()) == 3  # nothing was dropped


def test_documents_are_found_by_words_in_their_text_date_and_outlet(db):
    old = report(published="2024-12-01", outlet="Yonhap News")
    new = report("Dmitry Peskov", published="2025-03-01", extra=" Grain exports rose in March.")
    with _store_reports(db, old, new) as corpus:
        assert [d["title"] for d in corpus.documents(search="grain exports")] == [new.document.title]
        assert [d["outlet"] for d in corpus.documents(outlet="yonhap")] == ["Yonhap News"]
        assert [d["published"] for d in corpus.documents(since="2025")] == ["2025-03-01"]
        assert [d["claims"] for d in corpus.documents()] == [3, 3]  # newest first
        for query in SQL_METACHARACTERS:
            corpus.documents(search=query, outlet=query)


def test_speaker_finds_the_claims_of_every_spelling_once_the_entities_are_one(db):
    a = report("Alexander Matsegora", outlet="UNN", published="2025-02-11")
    b = report("Alexander Matsyegora", outlet="Yonhap", published="2025-02-12")
    with _store_reports(db, a, b) as corpus:
        with corpus.store.begin(write=True) as conn:  # what a resolver does when the spellings agree
            first = conn.execute(select(t.entities.c.canonical_id).where(
                t.entities.c.document_id == a.document.id, t.entities.c.id == "e1")).scalar_one()
            link(conn, b.document.id, "e1", first, "transliteration variant", 0.9)
        for name in ("Matsegora", "Matsyegora", "alexander matsegora"):
            found = corpus.claims(speaker=name)
            assert {(c["document"]["outlet"], c["id"]) for c in found} == {
                ("UNN", "c1"), ("UNN", "c2"), ("Yonhap", "c1"), ("Yonhap", "c2")}, name
        assert found[0]["document"]["published"] == "2025-02-12"  # newest first
        relayed = next(c for c in found if c["document"]["outlet"] == "UNN" and c["id"] == "c1")
        assert [v["text"] for v in relayed["via"]] == ["UNN", "ISW"]
        shown = corpus.show("Matsyegora")
        assert shown["kind"] == "entity" and shown["entity"]["documents"] == 2
        assert {m["rule"] for m in shown["members"]} >= {"transliteration variant"}


def test_speaker_matches_whole_words_not_parts_of_names(db):
    with _store_reports(db, report("Kimberly Hall")) as corpus:
        assert corpus.claims(speaker="Kim") == []
        assert len(corpus.claims(speaker="Hall")) == 2


def test_claims_filter_by_stance_date_and_topic(db):
    old = report(published="2024-12-01")
    new = report("Dmitry Peskov", published="2025-03-01")
    with _store_reports(db, old, new) as corpus:
        assert {c["stance"] for c in corpus.claims(stance="disputed")} == {"disputed"}
        assert len(corpus.claims(stance="disputed")) == 2
        assert {c["document"]["published"] for c in corpus.claims(since="2025-01-01")} == {"2025-03-01"}
        about = corpus.claims(about="North Korea")
        assert {c["id"] for c in about} == {"c1"}  # the only content that names North Korea
        with pytest.raises(Exception, match="stance"):
            corpus.claims(stance="rumoured")
        with pytest.raises(Exception, match="YYYY-MM-DD"):
            corpus.claims(since="last week")


def test_entities_are_listed_with_their_spellings_and_counts(db):
    with _store_reports(db, report(), report("Dmitry Peskov")) as corpus:
        people = corpus.entities(type="person")
        assert {e["name"] for e in people} == {"Alexander Matsegora", "Dmitry Peskov"}
        assert all(e["claims"] == 2 and e["mentions"] == 2 for e in people)
        korea = corpus.entities(name="North Korea")
        assert korea[0]["documents"] == 2


def test_show_finds_a_document_by_id_prefix_and_by_url(db):
    a = report()
    with _store_reports(db, a) as corpus:
        by_prefix = corpus.show(a.document.id[:8])
        by_url = corpus.show(a.document.url)
        assert by_prefix == by_url
        assert by_prefix["document"]["text"] == a.document.text
        assert len(by_prefix["claims"]) == 3


def test_an_unreachable_database_url_is_one_clear_store_error(capsys):
    with pytest.raises(StoreError, match=r"cannot open store postgresql://nobody:\*\*\*@127.0.0.1:9/claims: connection"):
        Store("postgresql://nobody:secret@127.0.0.1:9/claims")
    assert cli.main(["claims", "--db", "postgresql://nobody:secret@127.0.0.1:9/claims"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("claimgraph: error: cannot open store")
    assert "secret" not in err


@pytest.mark.parametrize("url", ["postgresql://nobody:secret@127.0.0.1:PORT/claims",
                                 "postgresql://nobody:secret@[::1/claims"])
def test_a_malformed_database_url_is_one_clear_store_error(capsys, url):
    with pytest.raises(StoreError, match=r"cannot open store postgresql://nobody:\*\*\*@.*not a valid database URL"):
        Store(url)
    assert cli.main(["claims", "--db", url]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("claimgraph: error: cannot open store")
    assert "secret" not in err


def test_a_file_that_is_not_a_database_is_one_clear_store_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(bad)


def test_sqlite_full_text_index_stays_in_sync_with_the_claims(tmp_path):
    store = Store(tmp_path / "s.db")
    with store.begin(write=True) as conn:
        save_analysis(conn, report())
        save_analysis(conn, report("Dmitry Peskov"))
    with store.begin(write=True) as conn:
        conn.execute(t.documents.delete().where(t.documents.c.title.like("Peskov%")))
        conn.execute(text("INSERT INTO claims_fts(claims_fts, rank) VALUES ('integrity-check', 1)"))
        conn.execute(text("INSERT INTO documents_fts(documents_fts, rank) VALUES ('integrity-check', 1)"))
        hits = conn.execute(text("SELECT count(*) FROM claims_fts WHERE claims_fts MATCH 'hospitals'")).scalar()
    assert hits == 1 and count(store, t.claims) == 3  # the deleted document took its claims along
    store.close()


def test_a_store_locked_by_another_writer_is_one_clear_store_error(tmp_path, monkeypatch):
    import sqlite3

    from claimgraph.store import engine

    path = tmp_path / "busy.db"
    Store(path).close()
    monkeypatch.setattr(engine, "BUSY_TIMEOUT_MS", 100)
    store = Store(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError, match="busy.db: database is locked"), store.begin(write=True):
            pass
    finally:
        other.execute("ROLLBACK")
        other.close()
        store.close()


def test_schema_changes_roll_back_with_their_transaction(db):
    store = Store(db)
    with pytest.raises(RuntimeError), store.begin(write=True) as conn:
        conn.execute(text("CREATE TABLE half_done (x INTEGER)"))
        raise RuntimeError("a migration that fails half-way")
    assert "half_done" not in store.tables()
    store.close()


def test_every_migration_can_be_undone_and_redone(db):
    from alembic import command
    from alembic.config import Config

    from claimgraph.store.engine import MIGRATIONS

    store = Store(db)
    with store.engine.connect() as conn:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "base")
        conn.commit()
    assert store.tables() <= {"alembic_version"}
    store.migrate()
    assert {"documents", "claims", "entities", "canonical_entities"} <= store.tables()
    store.close()


def test_stores_opened_at_once_by_many_processes_migrate_once(db):
    import multiprocessing

    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(5), context.Queue()
    processes = [context.Process(target=_open_at_once, args=(db, barrier, results)) for _ in range(5)]
    for p in processes:
        p.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for p in processes:
        p.join()
    assert outcomes == ["opened"] * 5
    store = Store(db)
    with store.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
    store.close()


def _open_at_once(db: str, barrier, results) -> None:
    barrier.wait()
    try:
        Store(db).close()
        results.put("opened")
    except Exception as e:  # noqa: BLE001 - reported to the test
        results.put(repr(e))
