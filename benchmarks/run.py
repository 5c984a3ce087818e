"""Benchmarks of claimgraph: `python benchmarks/run.py [--only NAME ...] [--docs N] [--json]`.

Each benchmark is a function registered with `@bench("name")`; it prints its own lines and returns
its numbers, which `--json` prints at the end as one object. Add a section by writing one more such
function. Measurements that need a clean process (throughput and memory of one pipeline, a cold
start) run in a child process of this script, so one run compares them fairly.

The texts are the openly licensed reports in demo/articles/, cycled to reach --docs articles.
"""
from __future__ import annotations

import argparse
import importlib
import itertools
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "demo" / "articles"
COLD_START_TARGET_S = 5.0


@dataclass(frozen=True)
class Options:
    """What every benchmark may read from the command line."""

    docs: int
    batch_size: int


Bench = Callable[[Options], dict[str, Any]]
BENCHES: dict[str, Bench] = {}


def bench(name: str) -> Callable[[Bench], Bench]:
    """Register a benchmark under a name that `--only` can select."""
    def register(fn: Bench) -> Bench:
        BENCHES[name] = fn
        return fn
    return register


def article_paths() -> list[Path]:
    paths = sorted(ARTICLES.glob("*.json"))
    if not paths:
        sys.exit(f"benchmarks: no articles in {ARTICLES}")
    return paths


def documents(n: int) -> Iterator[Any]:
    """n Documents, cycling through the demo articles."""
    from claimgraph.readers import read_path

    docs = [read_path(p) for p in article_paths()]
    return itertools.islice(itertools.cycle(docs), n)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(*args: str) -> dict[str, Any]:
    """Run this script as a worker in a fresh interpreter and return the JSON it prints."""
    proc = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, cwd=ROOT,
                          stdin=subprocess.DEVNULL, check=False)
    if proc.returncode != 0:
        sys.exit(f"benchmarks: worker {' '.join(args)} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def worker_pipe(mode: str, n: int, batch_size: int) -> dict[str, Any]:
    """Time one pipeline over n documents: `bare` is the plain model's nlp.pipe, `full` is analyze_many."""
    docs = list(documents(n))
    words = sum(len(d.text.split()) for d in docs)
    t0 = time.perf_counter()
    if mode == "bare":
        import spacy

        from claimgraph.nlp.pipeline import MODEL

        nlp = spacy.load(MODEL)
        list(nlp.pipe([docs[0].text]))  # first call pays one-off setup, as in the full run
        rss_loaded = peak_rss_mb()
        t1 = time.perf_counter()
        for _ in nlp.pipe((d.text for d in docs), batch_size=batch_size):
            pass
    else:
        from claimgraph.analyze import analyze_many
        from claimgraph.nlp import pipeline

        nlp = pipeline.get()
        list(analyze_many(docs[:1], nlp))
        rss_loaded = peak_rss_mb()
        t1 = time.perf_counter()
        claims = 0
        for analysis in analyze_many(docs, nlp, batch_size=batch_size):
            claims += len(analysis.claims)
    t2 = time.perf_counter()
    return {"mode": mode, "docs": n, "words": words, "load_s": t1 - t0, "seconds": t2 - t1,
            "words_per_s": words / (t2 - t1), "rss_after_load_mb": rss_loaded, "peak_rss_mb": peak_rss_mb(),
            "pipes": list(nlp.pipe_names)}


THROUGHPUT_ROUNDS = 3
"""Alternating bare and full runs: on a shared machine one pair can differ by a third either way, so the
ratio is taken between each mode's fastest run (the one the machine disturbed least)."""


@bench("throughput")
def throughput(opts: Options) -> dict[str, Any]:
    """Full analysis (analyze_many) against the bare model's nlp.pipe on the same texts (target >= 0.85)."""
    runs: dict[str, list[dict[str, Any]]] = {"bare": [], "full": []}
    labels = {"bare": "bare nlp.pipe (model only)", "full": "claimgraph analyze_many"}
    for round_no in range(1, THROUGHPUT_ROUNDS + 1):
        for mode in ("bare", "full"):
            r = in_child("--worker", mode, "--docs", str(opts.docs), "--batch-size", str(opts.batch_size))
            runs[mode].append(r)
            print(f"  {round_no}. {labels[mode]:<28} {r['words_per_s']:>9,.0f} words/s  {r['docs']} docs, "
                  f"{r['words']:,} words in {r['seconds']:.1f} s; load {r['load_s']:.1f} s; peak RSS "
                  f"{r['peak_rss_mb']:,.0f} MB ({r['rss_after_load_mb']:,.0f} MB after load)", flush=True)
    best = {mode: max(rs, key=lambda r: float(r["words_per_s"])) for mode, rs in runs.items()}
    ratio = best["full"]["words_per_s"] / best["bare"]["words_per_s"]
    pairs = sorted(f["words_per_s"] / b["words_per_s"] for b, f in zip(runs["bare"], runs["full"], strict=True))
    print(f"  full / bare throughput       {ratio:.2f} between the fastest runs (claimgraph runs at {ratio:.0%} of the "
          f"bare model's speed; target >= 0.85); round by round {', '.join(f'{x:.2f}' for x in pairs)}")
    print(f"  full pipeline: {', '.join(best['full']['pipes'])}")
    return {"bare": best["bare"], "full": best["full"], "ratio": ratio, "round_ratios": pairs, "runs": runs}


@bench("components")
def components(opts: Options) -> dict[str, Any]:
    """Time spent in each component of the full pipeline, one document at a time."""
    from claimgraph.analyze import make_doc
    from claimgraph.nlp import pipeline

    nlp = pipeline.get()
    docs = list(documents(min(opts.docs, 100)))
    # the first document pays one-off setup (lexicons read, matchers compiled), as the throughput runs' does: it is
    # timed apart, so that the per-document figures are what each further document costs
    t0 = time.perf_counter()
    nlp(make_doc(nlp, docs[0]))
    first_s = time.perf_counter() - t0
    seconds = dict.fromkeys(nlp.pipe_names, 0.0)
    for document in docs:
        doc = make_doc(nlp, document)
        for name, proc in nlp.pipeline:
            t0 = time.perf_counter()
            doc = proc(doc)
            seconds[name] += time.perf_counter() - t0
    total = sum(seconds.values())
    print(f"  first document, with one-off setup: {first_s:.2f} s (not counted below)")
    for name, s in seconds.items():
        print(f"  {name:<24} {s / len(docs) * 1000:7.1f} ms/doc  {s / total:6.1%}")
    return {"docs": len(docs), "seconds": seconds, "first_document_s": first_s}


@bench("long_document")
def long_document(opts: Options) -> dict[str, Any]:
    """How time grows with the length of one document (a linear pipeline doubles its time as the text doubles)."""
    import math

    import spacy

    from claimgraph.analyze import analyze_document
    from claimgraph.nlp import pipeline
    from claimgraph.records import Document

    nlp = pipeline.get()
    bare = spacy.load(pipeline.MODEL)
    texts = [d.text for d in documents(len(article_paths()))]
    rows = []
    for size in LONG_SIZES:
        parts: list[str] = []
        for text in itertools.cycle(texts):
            if sum(map(len, parts)) >= size:
                break
            parts.append(text)
        text = "\n\n".join(parts)
        t0 = time.perf_counter()
        bare(text)
        t1 = time.perf_counter()
        analyze_document(Document(text=text), nlp)
        t2 = time.perf_counter()
        rows.append({"chars": len(text), "bare_s": t1 - t0, "full_s": t2 - t1})
    for prev, row in itertools.zip_longest([None, *rows], rows):
        if row is None:
            continue
        growth = ""
        if prev:
            exponent = math.log(row["full_s"] / prev["full_s"]) / math.log(row["chars"] / prev["chars"])
            row["exponent"] = exponent
            growth = f"; time grows as length^{exponent:.1f}"
        print(f"  {row['chars']:>8,} chars: full {row['full_s']:6.1f} s, bare model {row['bare_s']:5.1f} s{growth}")
    return {"rows": rows}


LONG_SIZES = (20_000, 40_000, 80_000)
"""Characters of the long documents; news articles run to 2,000-20,000, analyze.MAX_CHARS is 1,000,000."""


COLD_START = """
import json, sys, time
t0 = time.perf_counter()
import claimgraph
from claimgraph.readers import read_path
doc = read_path(sys.argv[1])
analysis = claimgraph.analyze(doc.text, outlet=doc.outlet, title=doc.title, published=doc.published)
print(json.dumps({"in_process_s": time.perf_counter() - t0, "claims": len(analysis.claims),
                  "words": len(doc.text.split())}))
"""


@bench("cold_start")
def cold_start(opts: Options) -> dict[str, Any]:
    """analyze() of one article in a fresh interpreter: start, imports, model load, analysis."""
    article = article_paths()[len(article_paths()) // 2]
    runs = []
    for _ in range(2):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", COLD_START, str(article)], capture_output=True, text=True,
                              cwd=ROOT, stdin=subprocess.DEVNULL, check=False)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            sys.exit(f"benchmarks: cold start failed:\n{proc.stderr}")
        runs.append({"wall_s": wall, **json.loads(proc.stdout.strip().splitlines()[-1])})
    for i, r in enumerate(runs, 1):
        verdict = "within" if r["wall_s"] < COLD_START_TARGET_S else "OVER"
        print(f"  run {i}: {r['wall_s']:.2f} s wall ({r['in_process_s']:.2f} s after interpreter start) for "
              f"{article.name}, {r['words']} words, {r['claims']} claims; {verdict} the "
              f"{COLD_START_TARGET_S:.0f} s target")
    return {"article": article.name, "runs": runs, "target_s": COLD_START_TARGET_S}


SECTION_MODULES = ("bench_events", "bench_ingest", "bench_store", "bench_stories", "bench_web", "bench_exports",
                   "bench_load", "bench_budget", "bench_cli")
"""Modules beside this script that each add sections through a `BENCHES` dict of their own."""
for _module in SECTION_MODULES:
    BENCHES.update(importlib.import_module(_module).BENCHES)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--only", action="append", choices=sorted(BENCHES), metavar="NAME",
                   help=f"run only this benchmark (repeatable): {', '.join(BENCHES)}")
    p.add_argument("--docs", type=int, default=300, help="articles per throughput run (default 300)")
    p.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size (default 16)")
    p.add_argument("--json", action="store_true", help="also print every number as one JSON object")
    p.add_argument("--worker", choices=("bare", "full"), help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        print(json.dumps(worker_pipe(args.worker, args.docs, args.batch_size)))
        return 0
    opts = Options(docs=args.docs, batch_size=args.batch_size)
    results = {}
    for name in args.only or BENCHES:
        print(f"{name}: {(BENCHES[name].__doc__ or '').strip()}", flush=True)
        results[name] = BENCHES[name](opts)
        sys.stdout.flush()
    if args.json:
        print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
