"""The `store_query` section of `benchmarks/run.py` (queries on 10,000 articles); synthetic analyses for bulk stores.

Texts are synthetic reports we generate here (a seeded mix of speakers, cues, places and numbers),
so that every article is distinct and no two are near-duplicates, as in a real stream.
"""
from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

SPEAKERS = ["Dmitry Peskov", "Maria Zakharova", "Antony Blinken", "Lloyd Austin", "Kim Yo Jong", "Rafael Grossi",
            "Alexander Matsegora", "Sergei Lavrov", "Cho Tae-yul", "Linda Thomas-Greenfield", "Kaja Kallas",
            "Volodymyr Zelensky", "John Kirby", "Matthew Miller", "Choe Son Hui", "Andrii Sybiha", "Yoko Kamikawa",
            "Mark Rutte", "Jake Sullivan", "Shin Won-sik"]
PLACES = ["Kursk", "Pyongyang", "Vladivostok", "Kharkiv", "Seoul", "Tokyo", "Geneva", "Kyiv", "Moscow", "Donetsk",
          "Rason", "Khabarovsk", "Busan", "Odesa", "Belgorod", "Sinuiju", "Nakhodka", "Zaporizhzhia", "Vienna",
          "Brussels"]
CUES = ["said", "claimed", "told reporters", "warned", "alleged", "insisted", "stated", "announced"]
SUBJECTS = ["the convoy", "a cargo ship", "the brigade", "an air defence unit", "the delegation", "a rail shipment",
            "the engineers", "a training team", "the freighter", "an artillery battalion", "the inspectors",
            "a medical team", "the volunteers", "the drone operators", "a naval squadron"]
VERBS = ["delivered", "moved", "transferred", "shipped", "unloaded", "sent", "brought", "escorted", "stored",
         "repaired", "deployed", "returned"]
NOUNS = ["shells", "missiles", "containers", "trucks", "rocket launchers", "drones", "rifles", "generators",
         "radar sets", "field kitchens", "ambulances", "fuel tanks", "tonnes of grain"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
HEDGES = ["likely", "probably", "reportedly", "allegedly", "almost certainly"]


def synthetic_article(i: int, sentences: int = 12) -> tuple[str, list[tuple[str, str, str]]]:
    """A distinct report (seeded by i) and its (speaker, cue, content) triples in text order."""
    rng = random.Random(i)
    parts, said = [], []
    for _ in range(sentences):
        speaker, cue = rng.choice(SPEAKERS), rng.choice(CUES)
        content = (f"{rng.choice(SUBJECTS)} had {rng.choice(HEDGES)} {rng.choice(VERBS)} {rng.randint(2, 9999)} "
                   f"{rng.choice(NOUNS)} from {rng.choice(PLACES)} to {rng.choice(PLACES)}")
        parts.append(f"{speaker} {cue} on {rng.choice(DAYS)} that {content}.")
        said.append((speaker, cue, content))
    return " ".join(parts), said


def synthetic_analysis(i: int) -> Any:
    """The records an analysis of synthetic article i would hold: people, places, claims with exact spans."""
    from claimgraph.records import Analysis, Claim, Document, Entity, Ref, Span

    text, said = synthetic_article(i)
    month, day = 1 + i % 12, 1 + i % 28
    doc = Document(text=text, outlet=f"Outlet {i % 40}", title=f"Report {i}", published=f"2025-{month:02d}-{day:02d}",
                   url=f"https://example.org/report/{i}")
    mentions: dict[str, list[Span]] = {}
    claims = []
    pos = 0
    for n, (speaker, cue, content) in enumerate(said, 1):
        s = text.index(speaker, pos)
        c = text.index(cue, s + len(speaker))
        k = text.index(content, c)
        mentions.setdefault(speaker, []).append(Span(speaker, s, s + len(speaker)))
        for place in PLACES:
            at = text.find(place, k, k + len(content))
            if at >= 0:
                mentions.setdefault(place, []).append(Span(place, at, at + len(place)))
        claims.append((n, speaker, Span(cue, c, c + len(cue)), Span(content, k, k + len(content))))
        pos = k + len(content)
    ids = {name: f"e{j}" for j, name in enumerate(mentions, 1)}
    entities = tuple(Entity(ids[name], name, "GPE" if name in PLACES else "PERSON", (), tuple(spans))
                     for name, spans in mentions.items())
    outlet = Ref(None, doc.outlet or "")
    records = tuple(Claim(f"c{n}", Ref(ids[speaker], speaker), (outlet,), cue, content, stance="claimed")
                    for n, speaker, cue, content in claims)
    return Analysis(document=doc, entities=entities, claims=records)


SYLLABLES = ["ka", "lo", "vin", "mar", "te", "so", "ren", "da", "mi", "kov", "sha", "rul", "ne", "bo", "zin", "ta",
             "gor", "li", "pa", "shen", "dro", "vel", "ya", "nik"]
"""Syllables of the made-up names of synthetic stores: pools of thousands of people, places and bodies."""


def _made_up(n: int, syllables: int) -> str:
    parts = []
    for _ in range(syllables):
        n, k = divmod(n, len(SYLLABLES))
        parts.append(SYLLABLES[k])
    return "".join(parts).capitalize()


def _zipf(rng: random.Random, size: int) -> int:
    """An index into a pool of SIZE where a few are common and most are rare, as names in the news."""
    return int(size * rng.random() ** 3)


def synthetic_store_analysis(i: int) -> Any:
    """A distinct analysed report for bulk stores: 4 claims by people from a pool of 20,000, places from 2,000,
    bodies from 1,000 (common ones often, most rarely), with exact spans, so that resolution, copies and
    stories all have a growing corpus to search."""
    from claimgraph.records import Analysis, Claim, Document, Entity, Ref, Span

    rng = random.Random(1_000_003 * i + 7)
    parts: list[str] = []
    mentions: dict[tuple[str, str], list[Span]] = {}
    said: list[tuple[str, Span, Span]] = []
    pos = 0

    def put(words: str, label: str | None = None) -> Span:
        nonlocal pos
        span = Span(words, pos, pos + len(words))
        parts.append(words)
        pos += len(words)
        if label:
            mentions.setdefault((words, label), []).append(span)
        return span

    for _ in range(4):
        k = _zipf(rng, 20_000)
        speaker = f"{_made_up(k // 5_000 + 11, 2)} {_made_up(k % 5_000 + 600, 3)}"  # 5,000 surnames
        put(speaker, "PERSON")
        cue = put(f" {rng.choice(CUES)}")
        put(f" on {rng.choice(DAYS)} that ")
        start = pos
        put(f"{rng.choice(SUBJECTS)} had {rng.choice(HEDGES)} {rng.choice(VERBS)} {rng.randint(2, 9999)} "
            f"{rng.choice(NOUNS)} from ")
        put(f"{_made_up(_zipf(rng, 2_000) + 50, 2)}sk", "GPE")
        put(" to ")
        put(f"{_made_up(_zipf(rng, 2_000) + 50, 2)}ovo", "GPE")
        content = Span("".join(parts)[start:pos], start, pos)
        put(". The ")
        put(f"{_made_up(_zipf(rng, 1_000) + 30, 2)} Institute", "ORG")
        put(" declined to comment. ")
        said.append((speaker, Span(cue.text.strip(), cue.start + 1, cue.end), content))
    text = "".join(parts)
    doc = Document(text=text, outlet=f"Outlet {i % 40}", title=f"Report {i}",
                   published=f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}", url=f"https://example.org/store/{i}")
    ids = {key: f"e{j}" for j, key in enumerate(mentions, 1)}
    entities = tuple(Entity(ids[key], key[0], key[1], (), tuple(spans)) for key, spans in mentions.items())
    claims = tuple(Claim(f"c{n}", Ref(ids[(speaker, "PERSON")], speaker), (Ref(None, doc.outlet or ""),), cue,
                         content, stance="claimed") for n, (speaker, cue, content) in enumerate(said, 1))
    return Analysis(document=doc, entities=entities, claims=claims)


def _build_store(db: Path, n: int) -> float:
    """A store of n synthetic articles, records inserted directly (no spaCy), entities linked by name."""
    from sqlalchemy import select

    from claimgraph.store import Store, canonical, save_analysis
    from claimgraph.store import schema as t

    t0 = time.perf_counter()
    store = Store(db)
    batch = 500
    for start in range(0, n, batch):
        with store.begin(write=True) as conn:
            for i in range(start, min(n, start + batch)):
                save_analysis(conn, synthetic_analysis(i))
    with store.begin(write=True) as conn:
        names = conn.execute(select(t.entities.c.name, t.entities.c.type).distinct()).all()
        for name, type_ in names:
            cid = canonical.create(conn, name, type_)
            conn.execute(t.entities.update().where(t.entities.c.name == name, t.entities.c.type == type_)
                         .values(canonical_id=cid, link_rule="same name", link_score=1.0))
    store.close()
    return time.perf_counter() - t0


def store_query(opts: Any) -> dict[str, Any]:
    """`claims --speaker` (and friends) on a store of 10,000 articles, through the API and the CLI."""
    from claimgraph.corpus import Corpus

    n = 10_000
    out: dict[str, Any] = {"articles": n}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "big.db"
        build = _build_store(db, n)
        size_mb = db.stat().st_size / 1e6
        with Corpus(db) as corpus:
            with corpus.store.begin() as conn:
                from sqlalchemy import func, select

                from claimgraph.store import schema as t
                n_claims = conn.execute(select(func.count()).select_from(t.claims)).scalar_one()
            print(f"  built {n:,} articles, {n_claims:,} claims in {build:.1f} s ({size_mb:,.0f} MB SQLite)")
            queries = {"speaker Matsegora (limit 100)": {"speaker": "Matsegora", "limit": 100},
                       "speaker Matsegora (all)": {"speaker": "Matsegora"},
                       "about Kursk (limit 100)": {"about": "Kursk", "limit": 100},
                       "search 'rocket launchers' (limit 100)": {"search": "rocket launchers", "limit": 100}}
            for label, kwargs in queries.items():
                times, found = [], 0
                for _ in range(5):
                    t0 = time.perf_counter()
                    found = len(corpus.claims(**kwargs))
                    times.append(time.perf_counter() - t0)
                median = statistics.median(times)
                print(f"  {label:<40} {median * 1000:8.1f} ms median of 5  ({found:,} claims)")
                out[label] = {"median_s": median, "claims": found}
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "claimgraph", "claims", "--speaker", "Matsegora", "--json",
                               "--db", str(db)], capture_output=True, text=True, cwd=ROOT,
                              stdin=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            sys.exit(f"benchmarks: claims CLI failed:\n{proc.stderr}")
        print(f"  CLI `claimgraph claims --speaker Matsegora --json` {wall:.2f} s wall "
              f"({len(json.loads(proc.stdout)):,} claims, default --limit 100; interpreter start included)")
        out["cli_wall_s"] = wall
    out["build_s"] = build
    return out


BENCHES = {"store_query": store_query}
