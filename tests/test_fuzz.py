"""Fuzzing `analyze` and the readers with hypothesis: whatever the text or bytes, a record with exact offsets or
one clear line, never a crash.

CI runs a fixed set of cases (derandomised, so that a run fails only when the code changes): 2,400
analyses and 2,000 reads. `CLAIMGRAPH_FUZZ=N` runs N fresh random cases per test instead.
"""
from __future__ import annotations

import io
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph import analyze, readers
from claimgraph.corpus.fetch import FetchOptions
from claimgraph.corpus.inputs import expand
from claimgraph.errors import InputError
from claimgraph.nlp import pipeline
from claimgraph.records import Analysis, Document

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
"""What no store can hold: NUL (PostgreSQL) and lone surrogates (UTF-8 itself)."""

FUZZ = int(os.environ.get("CLAIMGRAPH_FUZZ", "0") or 0)


def fuzz_settings(ci_cases: int) -> settings:
    """ci_cases fixed cases, or CLAIMGRAPH_FUZZ fresh ones."""
    return settings(max_examples=FUZZ or ci_cases, derandomize=not FUZZ, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


@pytest.fixture(scope="module", autouse=True)
def model() -> Any:
    return pipeline.get()


# ---- text -------------------------------------------------------------------------------------------

ODD = ["\x00", "\ud800", "\udfff", "\ud83d", "\ud83d\ude00", "\u200b", "\u200d", "\u202e", "\ufeff", "\u0301",
       "\r", "\r\n", "\n\n", "\t", "\x1b[31m", "\u2028", "\u2029", "\x85", "\ufffd", "\U0001f600", "\u0000\u0000"]
"""Characters that break careless code: NUL, lone and paired surrogates, joiners, bidi overrides, BOM, combining
marks, every kind of line break."""
PIECES = ["said", "says", "told reporters", "claimed", "denied", "according to", "reportedly", "allegedly",
          "is likely", "citing", "quoted", "that", "the ambassador", "Peskov", "Matsegora", "Kim Jong Un", "ISW",
          "North Korea", "Kursk region", "the Kremlin", "Reuters", "he", "she", "they", "It is possible that",
          "As stated by", "Source:", "Details:", "Quote:", "“", "”", "\"", "'", "«", "»", "‘", "’", "(", ")", "[",
          "]", ",", ".", "...", "…", "—", "-", ":", ";", "?", "!", "<p>", "</p>", "<script>", "&amp;", "&#xd800;",
          "on February 9", "last summer", "2025-02-11", "100", "hundreds of", "soldiers", "troops", "were sent",
          "Mr.", "Dr.", "U.S.", "e.g.", "ISW's", "Matsyegora's", "by", "via", "whom", "who", "which",
          "A" * 300, "x" * 40, "Москва", "Пєсков", "金正恩", "مصر", "שלום", "🇺🇦"]
"""Words of news reports and the punctuation their parsers lean on, in hostile orders."""

ODD_CHARACTERS = [c for c in ODD if len(c) == 1]
any_character = st.one_of(st.characters(), st.characters(categories=["Cs"]), st.sampled_from(ODD_CHARACTERS))
random_text = st.text(any_character, min_size=0, max_size=400)
pieces = st.one_of(st.sampled_from(PIECES), st.sampled_from(ODD), st.text(any_character, max_size=8))
adversarial_text = st.lists(pieces, min_size=1, max_size=120).map(
    lambda parts: " ".join(parts) if len(parts) % 3 else "".join(parts))  # words apart, or run together


def spans(value: Any) -> list[dict[str, Any]]:
    """Every object with text, start and end in a record: the spans whose offsets must index the text."""
    if isinstance(value, dict):
        found = [value] if {"text", "start", "end"} <= set(value) and value["start"] is not None else []
        return found + [s for v in value.values() for s in spans(v)]
    if isinstance(value, list):
        return [s for v in value for s in spans(v)]
    return []


def check_analysis(text: str, a: Analysis) -> None:
    """The record of `text`: the same text where it could be stored, one character for one, every span exact."""
    stored = a.document.text
    assert len(stored) == len(text)
    assert stored == UNSTORABLE.sub("\ufffd", text)
    assert not UNSTORABLE.search(json.dumps(a.to_json(), ensure_ascii=False))
    record = a.to_json()
    json.dumps(record, ensure_ascii=False).encode("utf-8")  # valid UTF-8 all the way down
    doc = record["document"]
    for s in spans({k: v for k, v in record.items() if k != "document"}):
        assert 0 <= s["start"] <= s["end"] <= len(stored), s
        assert stored[s["start"]:s["end"]] == s["text"], s
    entities = {e["id"] for e in record["entities"]}
    claims = {c["id"] for c in record["claims"]}
    assert len(entities) == len(record["entities"]) and len(claims) == len(record["claims"])
    for c in record["claims"]:
        for ref in [c["speaker"], *c["via"]]:
            assert ref is None or ref["entity"] is None or ref["entity"] in entities, ref
    for v in record["events"]:
        assert v["claim"] is None or v["claim"] in claims
    assert doc["id"] == Document(text=stored).id
    assert Analysis.from_json(record).to_json() == record


@given(random_text)
@fuzz_settings(1200)
def test_any_random_text_is_analysed_with_exact_offsets(text: str) -> None:
    check_analysis(text, analyze(text))


@given(adversarial_text)
@fuzz_settings(1200)
def test_any_hostile_report_is_analysed_with_exact_offsets(text: str) -> None:
    check_analysis(text, analyze(text, outlet="Wire\x00", title="T\ud800"))


# ---- bytes ------------------------------------------------------------------------------------------

json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | random_text,
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner,
                                                                                       max_size=4), max_leaves=12)
articles = st.fixed_dictionaries({"text": st.one_of(random_text, adversarial_text, json_values)},
                                 optional={k: json_values for k in ("title", "outlet", "url", "published", "language")})
byte_soups = st.one_of(st.binary(max_size=2000), random_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                       articles.map(lambda a: json.dumps(a).encode()),
                       adversarial_text.map(lambda t: f"<!doctype html><html><body><p>{t}</p>".encode("utf-8",
                                                                                                     "surrogatepass")),
                       adversarial_text.map(lambda t: f"<rss version='2.0'><channel><title>{t}</title><item>"
                                                      f"<title>{t}</title><description>{t}</description></item>"
                                                      "</channel></rss>".encode("utf-8", "surrogatepass")))


def check_read(read: Any) -> None:
    """A readable Document, or one InputError line; nothing else."""
    try:
        doc = read()
    except InputError as e:
        assert "\n" not in str(e) and str(e).strip()
        return
    docs = doc if isinstance(doc, list) else [doc]
    for d in docs:
        values = [getattr(d, f) for f in ("text", "title", "outlet", "url", "published", "language")]
        assert not any(isinstance(v, str) and UNSTORABLE.search(v) for v in values), d
        if isinstance(d, Document):
            assert d.text.strip() and len(d.text) <= readers.MAX_CHARS
            assert all(v is None or isinstance(v, str) for v in values)


@given(articles)
@fuzz_settings(500)
def test_any_article_json_is_read_or_refused_in_one_line(article: dict[str, Any]) -> None:
    check_read(lambda: readers.document_from_json(article, "a.json"))


@given(byte_soups)
@fuzz_settings(500)
def test_any_bytes_on_standard_input_are_read_or_refused_in_one_line(raw: bytes) -> None:
    check_read(lambda: readers.read_stream(io.BytesIO(raw)))


@given(byte_soups, st.sampled_from([".txt", ".json", ".html"]))
@fuzz_settings(500)
def test_any_file_is_read_or_refused_in_one_line(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"a{suffix}"
        path.write_bytes(raw)
        check_read(lambda: readers.read_path(path))


@given(byte_soups, st.sampled_from([".rss", ".jsonl"]))
@fuzz_settings(500)
def test_any_feed_or_json_lines_file_is_ingested_or_refused_in_one_line(raw: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"a{suffix}"
        path.write_bytes(raw)
        for item in expand([path], FetchOptions(timeout=1.0)):
            if item.document is None:
                assert item.error and "\n" not in item.error
            else:
                check_read(lambda item=item: item.document)
