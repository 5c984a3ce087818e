"""`claimgraph entities merge | split | resolve`: the analyst's corrections from the command line."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from claimgraph import cli
from claimgraph.records import Analysis, Document, Entity, Span
from claimgraph.store import Store, save_analysis
from claimgraph.store import schema as t


def person(text: str, name: str) -> Analysis:
    at = text.index(name)
    return Analysis(document=Document(text=text, outlet="Test Wire"),
                    entities=(Entity("e1", name, "PERSON", mentions=(Span(name, at, at + len(name)),)),))


@pytest.fixture()
def db(tmp_path):
    path = tmp_path / "corpus.db"
    store = Store(path)
    with store.begin(write=True) as conn:
        for a in (person("Yoon Suk Yeol spoke on Monday.", "Yoon Suk Yeol"),
                  person("Yun Seok-yul spoke on Tuesday.", "Yun Seok-yul")):
            save_analysis(conn, a)
    store.close()
    return str(path)


def canonical_ids(db: str) -> dict[str, int]:
    store = Store(db)
    with store.begin() as conn:
        rows = conn.execute(select(t.entities.c.name, t.entities.c.canonical_id)).all()
    store.close()
    return {name: cid for name, cid in rows}


def test_resolve_links_stored_articles_and_says_how_many(db, capsys):
    assert cli.main(["entities", "resolve", "--db", db, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == {"action": "resolve", "linked": 2, "joined_existing": 0}


def test_merge_by_name_then_split_by_name(db, capsys):
    cli.main(["entities", "resolve", "--db", db])
    ids = canonical_ids(db)
    assert ids["Yoon Suk Yeol"] != ids["Yun Seok-yul"]
    capsys.readouterr()
    assert cli.main(["entities", "--db", db, "merge", "Yoon Suk Yeol", "Yun Seok-yul", "--yes"]) == 0
    assert "merged" in capsys.readouterr().out
    merged = canonical_ids(db)
    assert merged["Yoon Suk Yeol"] == merged["Yun Seok-yul"]
    assert cli.main(["entities", "split", str(merged["Yoon Suk Yeol"]), "Yun Seok-yul", "--db", db, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["action"] == "split" and out["moved"] == 1 and out["into"]["name"] == "Yun Seok-yul"
    again = canonical_ids(db)
    assert again["Yoon Suk Yeol"] != again["Yun Seok-yul"]


def test_an_unknown_entity_is_one_clear_line(db, capsys):
    cli.main(["entities", "resolve", "--db", db])
    capsys.readouterr()
    assert cli.main(["entities", "merge", "Yoon Suk Yeol", "Lavrov", "--db", db]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "claimgraph: error: no entity is named 'Lavrov'"
    assert cli.main(["entities", "merge", "1", "77", "--db", db]) == 2
    assert capsys.readouterr().err.strip() == "claimgraph: error: no entity with id 77"


def test_log_shows_each_link_and_the_merge_with_its_rule(db, capsys):
    cli.main(["entities", "resolve", "--db", db])
    ids = canonical_ids(db)
    cli.main(["entities", "merge", str(ids["Yoon Suk Yeol"]), str(ids["Yun Seok-yul"]), "--db", db, "--yes"])
    capsys.readouterr()
    assert cli.main(["entities", "log", str(ids["Yoon Suk Yeol"]), "--db", db, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["action"] for r in rows] == ["link", "merge", "merge"]
    assert rows[1]["entity_name"] == "Yun Seok-yul" and rows[1]["rule"].startswith("merged by an analyst")
    assert cli.main(["entities", "log", str(ids["Yun Seok-yul"]), "--db", db]) == 0  # merged away, log kept
    assert "merge" in capsys.readouterr().out
