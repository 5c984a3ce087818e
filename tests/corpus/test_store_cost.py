"""Storing an article does not redo what storing the articles before it did: a wire story's copies are not parsed,
shingled or compared again, and the store they make is the one the work done in full makes.

Every article here is text we wrote for these tests.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from claimgraph.corpus import Corpus, corroborate, dedup
from claimgraph.corpus import ingest as ingest_module

from corpus_helpers import dump

WIRE = ("Defence Minister Ivan Petrenko said on Monday that 300 soldiers were killed in the shelling of Dovzhenko. "
        "Petrenko said that the bridge at Dovzhenko would be rebuilt by the summer. Governor Olena Marchuk said that "
        "schools in the region will stay closed this week, and that the water supply of the town was cut on Sunday. "
        "The army command denied that the bridge had been used by troops, calling the reports baseless.")


def copies(folder: Path, n: int) -> list[Path]:
    """The wire story as N sites carry it: the same words, each with a line of its own at the end."""
    paths = []
    for i in range(n):
        path = folder / f"site{i}.json"
        text = WIRE + ("" if i == 0 else f"\n\nThis report was carried by site number {i} of the network.")
        path.write_text(json.dumps({"text": text, "outlet": f"Site {i}", "published": "2025-03-01",
                                    "title": "Shelling", "url": f"https://example.org/{i}"}), encoding="utf-8")
        paths.append(path)
    return paths


def calls_of(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[tuple[Any, ...]]:
    """The arguments of every call of module.name from now on (the function still does its work)."""
    seen: list[tuple[Any, ...]] = []
    real = getattr(module, name)

    def counted(*args: Any) -> Any:
        seen.append(args)
        return real(*args)

    monkeypatch.setattr(module, name, counted)
    return seen


def test_a_copy_is_not_parsed_again_for_its_clauses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = calls_of(monkeypatch, corroborate, "clauses")
    original, copy = copies(tmp_path, 2)
    with Corpus(tmp_path / "c.db") as corpus:
        assert corpus.ingest(original, workers=1).counts()["new"] == 1
        first = [t for args in calls for t in args[0]]
        assert first  # the original's claims were read
        calls.clear()
        assert corpus.ingest(copy, workers=1).counts()["copy"] == 1
        parsed = [t for args in calls for t in args[0]]
    assert not set(parsed) & set(first)


def test_the_original_of_many_copies_is_cut_into_shingles_once(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    calls = calls_of(monkeypatch, dedup, "shingles")
    paths = copies(tmp_path, 4)
    with Corpus(tmp_path / "c.db") as corpus:
        report = corpus.ingest(paths, workers=1)
    assert report.counts()["copy"] == 3
    shingled = [args[0] for args in calls]
    # its signature in the worker (where it runs in this process), and once as a candidate
    assert shingled.count(WIRE) <= 2


def test_equal_claims_of_a_story_are_compared_with_a_new_claim_once(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    paths = copies(tmp_path, 5)
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest(paths[:4], workers=1)
        pairs: list[tuple[Any, Any]] = []
        real = corroborate.similarity

        def counted(a: Any, b: Any, weight: Any) -> float:
            pairs.append((a, b))
            return real(a, b, weight)

        monkeypatch.setattr(corroborate, "similarity", counted)
        corpus.ingest(paths[4], workers=1)
    assert pairs
    assert len(pairs) == len(set(pairs))  # the four stored copies of each claim are compared with it as one


def test_a_store_built_with_warm_caches_equals_one_built_cold(tmp_path: Path) -> None:
    paths = copies(tmp_path, 4)
    with Corpus(tmp_path / "warm.db") as corpus:
        corpus.ingest(paths, workers=1)
    for cache in (corroborate._PROPOSITIONS, corroborate._KINDS, corroborate._ROW_CACHE,
                  corroborate._ROW_PROPOSITIONS, dedup._SHINGLES):
        cache.clear()
    with Corpus(tmp_path / "cold.db") as corpus:
        for path in paths:
            corpus.ingest(path, workers=1)
            for cache in (corroborate._PROPOSITIONS, corroborate._KINDS, corroborate._ROW_CACHE,
                          corroborate._ROW_PROPOSITIONS, dedup._SHINGLES):
                cache.clear()
    assert dump(tmp_path / "warm.db") == dump(tmp_path / "cold.db")
    assert placements(tmp_path / "warm.db") == placements(tmp_path / "cold.db")


def test_the_writer_parses_no_claim_for_its_clause_kind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the engine's worker reads each claim's clause kind beside its analysis; the one writer only stores it
    parsed: list[tuple[bool, list[str]]] = []
    storing: set[int] = set()  # the threads in the store step (the analysis may run in a thread beside it)
    real_clauses, real_store = corroborate.clauses, ingest_module.store_analysis

    def clauses(texts: list[str]) -> list[int]:
        parsed.append((threading.get_ident() in storing, list(texts)))
        return real_clauses(texts)

    def store_analysis(*args: Any, **kwargs: Any) -> Any:
        storing.add(threading.get_ident())
        try:
            return real_store(*args, **kwargs)
        finally:
            storing.discard(threading.get_ident())

    monkeypatch.setattr(corroborate, "clauses", clauses)
    monkeypatch.setattr(ingest_module, "store_analysis", store_analysis)
    corroborate._KINDS.clear()
    with Corpus(tmp_path / "c.db") as corpus:
        assert corpus.ingest(copies(tmp_path, 1), workers=1).counts()["new"] == 1
    assert [texts for inside, texts in parsed if not inside]  # the worker's
    assert not [texts for inside, texts in parsed if inside]
    assert {r[4] for r in placements(tmp_path / "c.db") if len(r) > 4}  # and every placement has its kind


def test_kinds_from_the_workers_place_claims_as_the_writer_alone_does(tmp_path: Path, write_articles: Any) -> None:
    from claimgraph.analyze import analyze_many
    from claimgraph.corpus.ingest import store_analysis
    from claimgraph.readers import read_path
    from claimgraph.store import Store

    folder = write_articles(12)
    with Corpus(tmp_path / "pool.db") as corpus:
        assert corpus.ingest([folder], workers=2).counts()["new"] == 12  # two processes: the kinds come from them
    corroborate._KINDS.clear()
    store = Store(tmp_path / "writer.db")
    for a in analyze_many([read_path(p) for p in sorted(folder.iterdir())]):
        with store.begin(write=True) as conn:
            store_analysis(conn, a, origin=a.document.url)  # no kinds given: the writer parses them itself
    store.close()
    assert placements(tmp_path / "pool.db") == placements(tmp_path / "writer.db")


def test_a_story_two_claims_of_an_article_join_is_read_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    said = ("Mayor Anna Kovalenko said that the bridge at Dovzhenko was destroyed by shelling on Monday. "
            "Governor Olena Marchuk said that the bridge at Dovzhenko was destroyed by shelling on Monday.")
    for name, outlet in (("a.json", "Site A"), ("b.json", "Site B")):
        (tmp_path / name).write_text(json.dumps({"text": f"{said} Report by {outlet}.", "outlet": outlet}),
                                     encoding="utf-8")
    with Corpus(tmp_path / "c.db") as corpus:
        corpus.ingest(tmp_path / "a.json", workers=1)
        reads = calls_of(monkeypatch, corroborate, "_members_query")
        corpus.ingest(tmp_path / "b.json", workers=1)
    joined = [r for r in placements(tmp_path / "c.db") if len(r) > 4 and str(r[2]).startswith("same proposition")]
    assert len(joined) >= 2 and len({r[1] for r in joined}) == 1  # both of b's claims joined a's story
    assert len(reads) == 1  # its first claims read once: b's first claim in it is known without reading it again


def placements(db: Path) -> list[tuple[Any, ...]]:
    """Every claim's story, rule, similarity and clause kind, and the claims in no story."""
    from sqlalchemy import select

    from claimgraph.store import Store

    store = Store(db)
    sc, cw = corroborate.story_claims, corroborate.claims_without_story
    with store.begin() as conn:
        out = [tuple(r) for r in conn.execute(select(sc.c.claim_pk, sc.c.story_id, sc.c.rule, sc.c.similarity,
                                                     sc.c.clause, sc.c.terms).order_by(sc.c.claim_pk))]
        out += [tuple(r) for r in conn.execute(select(cw).order_by(cw.c.claim_pk))]
    store.close()
    assert out
    return out


def test_of_lexicon_phrases_that_start_with_one_word_the_longest_is_read() -> None:
    # the phrase scan reads at each token only the phrases starting with it; which one wins must not change
    from claimgraph.corpus.propositions import proposition, vocabulary

    vocab = vocabulary()
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, key in vocab.phrases:
        by_first.setdefault(words[0], []).append((words, key))
    shared = [group for group in by_first.values() if len(group) > 1]
    assert shared  # the lexicon has phrases that start alike ("north korea", "north korean ...")
    for group in shared:
        words, key = max(group, key=lambda kv: len(kv[0]))
        assert key in proposition("officials said " + " ".join(words) + " arrived").terms
