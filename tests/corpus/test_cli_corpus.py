"""The corpus commands print readable tables by default and JSON on request, and fail in one line."""
from __future__ import annotations

import json

import pytest

from claimgraph import cli
from claimgraph.corpus import Corpus


@pytest.fixture
def db(tmp_path, write_articles) -> str:
    path = str(tmp_path / "c.db")
    with Corpus(path) as corpus:
        assert corpus.ingest(write_articles(6), workers=1).counts()["new"] == 6
    return path


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = cli.main(list(args))
    except SystemExit as e:  # a usage error: argparse exits
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_claims_by_a_speaker_print_as_a_table_and_as_json(db, capsys):
    code, table, _ = run(capsys, "claims", "--db", db, "--speaker", "Peskov")
    assert code == 0
    assert "Peskov" in table and "soldiers" in table
    code, out, _ = run(capsys, "claims", "--db", db, "--speaker", "Peskov", "--json")
    claims = json.loads(out)
    assert claims and all("Peskov" in c["speaker"]["text"] for c in claims)
    assert all(c["content"]["text"] for c in claims)


def test_a_query_that_finds_nothing_says_so_off_the_records(db, capsys):
    # off a terminal the note goes to standard error: what a pipe reads holds records only
    code, out, err = run(capsys, "claims", "--db", db, "--search", "submarine")
    assert code == 0 and out == "" and err.strip() == "no claims match"
    code, out, _ = run(capsys, "claims", "--db", db, "--search", "submarine", "--json")
    assert json.loads(out) == []


def test_entities_and_show_print_what_the_store_holds(db, capsys):
    code, out, _ = run(capsys, "entities", "--db", db, "--json")
    entities = json.loads(out)
    assert code == 0 and entities
    top = entities[0]
    code, table, _ = run(capsys, "entities", "--db", db)
    assert top["name"] in table
    code, shown, _ = run(capsys, "show", str(top["id"]), "--db", db)
    assert code == 0 and top["name"] in shown and "in articles" in shown
    entity = json.loads(run(capsys, "show", str(top["id"]), "--db", db, "--json")[1])
    assert entity["kind"] == "entity" and len(entity["members"]) == top["documents"]
    doc_id = entity["members"][0]["document_id"]
    code, shown, _ = run(capsys, "show", doc_id[:8], "--db", db)
    assert code == 0 and doc_id in shown


def test_a_name_shared_by_two_entities_asks_for_the_id(tmp_path, capsys):
    from claimgraph.records import Analysis, Document, Entity, Span
    from claimgraph.corpus.ingest import store_analysis

    path = str(tmp_path / "two.db")
    with Corpus(path) as corpus:
        for text, type_ in (("Georgia voted on Tuesday.", "GPE"), ("Georgia said she would run.", "PERSON")):
            entity = Entity("e1", "Georgia", type_, mentions=(Span("Georgia", 0, 7),))
            with corpus.store.begin(write=True) as conn:
                store_analysis(conn, Analysis(Document(text=text), entities=(entity,)))
    code, _, err = run(capsys, "show", "Georgia", "--db", path)
    assert code == 2 and "names 2 entities" in err and "give the id" in err


@pytest.mark.parametrize(("args", "message"), [
    (["claims", "--since", "yesterday"], "YYYY-MM-DD"),
    (["show", "Nobody Atall"], "no document or entity matches"),
    (["claims", "--db", "postgresql://nobody@127.0.0.1:9/x"], "cannot open store"),
])
def test_user_errors_end_in_one_line_and_status_2(db, capsys, args, message):
    if "--db" not in args:
        args = [*args, "--db", db]
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and message in err


def test_the_ingest_hint_for_undated_articles_lists_those_and_names_the_store(tmp_path, write_articles, capsys,
                                                                               monkeypatch):
    monkeypatch.delenv("CLAIMGRAPH_DB", raising=False)
    path = str(tmp_path / "named.db")
    code, out, _ = run(capsys, "ingest", str(write_articles(2)), "--db", path, "--workers", "1")
    hint = f"`claimgraph documents --undated only --db {path}` lists them"
    assert code == 0 and "2 of the 2 articles stored carry no date" in out and hint in out
    code, listed, _ = run(capsys, "documents", "--undated", "only", "--db", path, "--json")
    assert code == 0 and len(json.loads(listed)) == 2 and all(d["published"] is None for d in json.loads(listed))
    monkeypatch.chdir(tmp_path)  # the default store needs no --db in the hint
    code, out, _ = run(capsys, "ingest", str(write_articles(3, "more")), "--workers", "1")
    assert code == 0 and "`claimgraph documents --undated only` lists them" in out
