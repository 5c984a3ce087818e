"""CSV and JSON Lines: one row per record, the documented columns, the same claims as `claimgraph claims`."""
from __future__ import annotations

import csv
import io
import json

import pytest

from claimgraph.corpus import Corpus
from claimgraph.outputs import export
from claimgraph.outputs.tables import COLUMNS, TABLES, _cell
from claimgraph.store import Store


@pytest.mark.parametrize("table", TABLES)
def test_csv_has_the_documented_columns_and_jsonl_the_same_rows(export_store: Store, table: str) -> None:
    as_csv, as_jsonl = io.StringIO(), io.StringIO()
    a = export(export_store, "csv", as_csv, table=table)
    b = export(export_store, "jsonl", as_jsonl, table=table)
    rows = list(csv.DictReader(io.StringIO(as_csv.getvalue())))
    objects = [json.loads(line) for line in as_jsonl.getvalue().splitlines()]
    assert tuple(csv.reader(io.StringIO(as_csv.getvalue())).__next__()) == COLUMNS[table]
    assert a["rows"] == b["rows"] == len(rows) == len(objects) > 0
    assert all(tuple(o) == COLUMNS[table] for o in objects)


def test_the_claims_table_holds_what_claimgraph_claims_finds(export_db: object, export_store: Store) -> None:
    with Corpus(export_db) as corpus:  # type: ignore[arg-type]
        expected = {(c["document"]["id"], c["id"]) for c in corpus.claims(speaker="Matsegora")}
    out = io.StringIO()
    export(export_store, "jsonl", out, speaker="Matsegora")
    got = {(r["document_id"], r["claim_id"]) for r in map(json.loads, out.getvalue().splitlines())}
    assert got == expected and expected


def test_filters_narrow_the_rows(export_store: Store) -> None:
    def claims(**filters: object) -> list[dict[str, object]]:
        out = io.StringIO()
        export(export_store, "jsonl", out, **filters)
        return [json.loads(line) for line in out.getvalue().splitlines()]

    everything = claims()
    assert all(r["stance"] == "disputed" for r in claims(stance="disputed"))
    assert all(r["hedges"] or r["probability_term"] for r in claims(hedge="any"))
    assert all(r["outlet"] == "Example Wire" for r in claims(outlet="example wire"))
    assert all((r["published"] or "") >= "2025-02-12" for r in claims(since="2025-02-12"))
    graded = claims(grade=2)
    assert all(r["grade"] == 2 for r in graded)
    story = everything[0]["story_id"]
    assert {r["story_id"] for r in claims(story=story)} == {story}
    assert len(claims(search="wounded soldiers")) < len(everything)


def test_a_cell_a_spreadsheet_would_run_is_text() -> None:
    assert _cell("content", "=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert _cell("via", ["UNN", "ISW"]) == "UNN > ISW"
    assert _cell("hedges", ["likely", "reportedly"]) == "likely; reportedly"
    assert _cell("quote", True) == "true" and _cell("date_said", None) == ""
