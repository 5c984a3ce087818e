"""CSV and JSON Lines of a selection: one row per claim, entity, event or story, with stable columns.

The columns of each table are `COLUMNS[table]`, in that order, documented in the README; a new
column is only ever added at the end. In CSV a list is joined with ' > ' (a chain) or '; ', a
missing value is empty, and a cell a spreadsheet would run as a formula starts with a quote. In
JSON Lines each row is an object with the same keys, lists as lists and numbers as numbers.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from claimgraph.outputs.formats import TABLES as TABLES  # the names live in formats; writers and checks read them here
from claimgraph.outputs.selection import Reader

COLUMNS: dict[str, tuple[str, ...]] = {
    "claims": ("document_id", "claim_id", "published", "outlet", "title", "url", "speaker", "speaker_entity_id",
               "speaker_name", "via", "via_entity_ids", "cue", "content", "content_start", "content_end", "quote",
               "stance", "hedges", "probability_term", "probability_low", "probability_high", "date_said",
               "story_id", "grade", "grade_label", "grade_reason", "named_entity_ids"),
    "entities": ("entity_id", "name", "type", "spellings", "documents", "mentions", "claims"),
    "events": ("document_id", "event_id", "published", "outlet", "url", "date", "date_precision", "actor",
               "actor_entity_id", "action", "plover", "mode", "target", "target_entity_id", "place",
               "place_entity_id", "sentence", "sentence_start", "sentence_end", "claim_id"),
    "stories": ("story_id", "proposition", "reports", "claims", "independent_origins", "origins", "disputed",
                "disputing_origins", "best_source", "grade", "grade_label", "grade_reason", "first_published",
                "last_published"),
}

_CHAINS = {"via"}
"""List columns joined as a chain (outermost first) in CSV."""


def _id(ref: dict[str, Any] | None) -> Any:
    return ((ref or {}).get("canonical") or {}).get("id")


def claim_row(c: dict[str, Any]) -> dict[str, Any]:
    p, s, doc = c["probability"] or {}, c["story"] or {}, c["document"]
    sp = c["speaker"] or {}
    return {"document_id": doc["id"], "claim_id": c["id"], "published": doc["published"], "outlet": doc["outlet"],
            "title": doc["title"], "url": doc["url"], "speaker": sp.get("text"), "speaker_entity_id": _id(sp),
            "speaker_name": (sp.get("canonical") or {}).get("name"), "via": [v["text"] for v in c["via"]],
            "via_entity_ids": [_id(v) for v in c["via"]], "cue": (c["cue"] or {}).get("text"),
            "content": c["content"]["text"], "content_start": c["content"]["start"],
            "content_end": c["content"]["end"], "quote": c["quote"], "stance": c["stance"],
            "hedges": [h["text"] for h in c["hedges"]], "probability_term": p.get("term"),
            "probability_low": p.get("low"), "probability_high": p.get("high"), "date_said": c["date_said"],
            "story_id": s.get("id"), "grade": s.get("grade"), "grade_label": s.get("label"),
            "grade_reason": s.get("reason"), "named_entity_ids": [n["id"] for n in c["named"]]}


def event_row(v: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    a, tg, pl = v["actor"] or {}, v["target"] or {}, v["place"] or {}
    return {"document_id": doc["id"], "event_id": v["id"], "published": doc["published"], "outlet": doc["outlet"],
            "url": doc["url"], "date": v["date"], "date_precision": v["date_precision"], "actor": a.get("text"),
            "actor_entity_id": _id(a), "action": v["action"]["text"], "plover": v["action"]["code"],
            "mode": v["action"]["mode"], "target": tg.get("text"), "target_entity_id": _id(tg),
            "place": pl.get("text"), "place_entity_id": _id(pl), "sentence": v["sentence"]["text"],
            "sentence_start": v["sentence"]["start"], "sentence_end": v["sentence"]["end"], "claim_id": v["claim"]}


def story_row(s: dict[str, Any]) -> dict[str, Any]:
    return {"story_id": s["id"], "proposition": s["proposition"], "reports": s["reports"], "claims": s["claims"],
            "independent_origins": s["independent_origins"], "origins": s["origins"], "disputed": s["disputed"],
            "disputing_origins": s["disputing_origins"], "best_source": s["best_source"], "grade": s["grade"],
            "grade_label": s["label"], "grade_reason": s["reason"], "first_published": s["first_published"],
            "last_published": s["last_published"]}


def rows(reader: Reader, table: str) -> Iterator[dict[str, Any]]:
    """The rows of one table of the selection, streamed."""
    if table == "claims":
        for doc in reader.documents():
            yield from (claim_row(c) for c in doc["claims"])
    elif table == "events":
        for doc in reader.documents():
            yield from (event_row(v, doc) for v in doc["events"])
    elif table == "entities":
        for e in reader.entities():
            yield {k: e[k] if k != "entity_id" else e["id"] for k in COLUMNS["entities"]}
    else:
        yield from (story_row(s) for s in reader.stories_met())


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        s = (" > " if name in _CHAINS else "; ").join("" if v is None else str(v) for v in value)
    elif isinstance(value, bool):
        s = "true" if value else "false"
    else:
        s = str(value)
    # a cell a spreadsheet would run as a formula is article text, not a formula
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def write_csv(reader: Reader, stream: IO[str], table: str) -> dict[str, Any]:
    """One table as CSV with a header row; returns how many rows."""
    out = csv.writer(stream, lineterminator="\n")
    out.writerow(COLUMNS[table])
    n = 0
    for row in rows(reader, table):
        out.writerow([_cell(k, row[k]) for k in COLUMNS[table]])
        n += 1
    return {"format": "csv", "table": table, "rows": n}


def write_jsonl(reader: Reader, stream: IO[str], table: str) -> dict[str, Any]:
    """One table as JSON Lines, one object per row with the table's columns as keys; returns how many rows."""
    n = 0
    for row in rows(reader, table):
        stream.write(json.dumps({k: row[k] for k in COLUMNS[table]}, ensure_ascii=False) + "\n")
        n += 1
    return {"format": "jsonl", "table": table, "rows": n}
