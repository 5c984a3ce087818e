"""The `events` section of `benchmarks/run.py`: what the events component costs and what it finds."""
from __future__ import annotations

import itertools
import time
from pathlib import Path
from typing import Any

ARTICLES = Path(__file__).resolve().parent.parent / "demo" / "articles"


def events_share(opts: Any) -> dict[str, Any]:
    """Share of analysis time spent in the events component (actor–action–target, PLOVER, dates), and its yield."""
    from claimgraph.analyze import make_doc
    from claimgraph.nlp import dates, pipeline
    from claimgraph.readers import read_path

    nlp = pipeline.get()
    texts = [read_path(p) for p in sorted(ARTICLES.glob("*.json"))]
    docs = list(itertools.islice(itertools.cycle(texts), min(opts.docs, 100)))
    # one-off costs (lexicon, dateparser's first use) are paid before timing, as in a long run
    nlp(make_doc(nlp, docs[0]))
    dates.normalise("February 9", "2025-02-11")
    total = in_events = 0.0
    found = coded = dated = placed = in_claims = 0
    modalities: dict[str, int] = {}
    for document in docs:
        doc = make_doc(nlp, document)
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            spent = time.perf_counter() - t0
            total += spent
            if name == "claimgraph_events":
                in_events += spent
        for v in doc._.cg_events or ():
            found += 1
            coded += v.action.code is not None
            dated += v.date is not None
            placed += v.place is not None
            in_claims += v.claim is not None
            modalities[str(v.modality)] = modalities.get(str(v.modality), 0) + 1
    n = len(docs)
    print(f"  claimgraph_events        {in_events / n * 1000:7.1f} ms/doc  {in_events / total:6.1%} of analysis "
          f"({total / n * 1000:.1f} ms/doc in all, {n} docs)")
    def share(k: int) -> float:
        return k / found if found else 0.0

    print(f"  events found             {found / n:7.1f} per doc; {share(coded):.0%} with a PLOVER type, "
          f"{share(dated):.0%} dated, {share(placed):.0%} placed, {share(in_claims):.0%} inside a claim")
    print("  modality                 " + ", ".join(f"{k} {share(c):.0%}" for k, c in
                                                 sorted(modalities.items(), key=lambda kv: -kv[1])))
    hostile = _hostile(nlp)
    return {"docs": n, "events_seconds": in_events, "total_seconds": total, "share": in_events / total,
            "events": found, "coded": coded, "dated": dated, "placed": placed, "in_claims": in_claims,
            "modalities": modalities, "hostile": hostile}


HOSTILE = {
    "fifty verbs": "The militia " + ", ".join(["attacked", "shelled", "raided", "bombed", "stormed"] * 10)
                   + " the town.",
    "forty deep": "The minister said " + "that the official said " * 40 + "that the army attacked the village.",
}
"""Sentences built to be hard: the events component's time on each, against the whole pipeline's."""


def _hostile(nlp: Any) -> dict[str, float]:
    from claimgraph.analyze import make_doc
    from claimgraph.records import Document

    out = {}
    for name, text in HOSTILE.items():
        doc = make_doc(nlp, Document(text=text))
        spent = {}
        for proc_name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            spent[proc_name] = time.perf_counter() - t0
        share = spent["claimgraph_events"] / sum(spent.values())
        out[name] = share
        print(f"  hostile: {name:<12}     {spent['claimgraph_events'] * 1000:7.1f} ms in events, {share:6.1%} of its "
              f"analysis ({len(doc)} tokens, {len(doc._.cg_events or ())} events)")
    return out


BENCHES = {"events": events_share}
"""The sections this module adds to benchmarks/run.py."""
