"""The `exports` section of `benchmarks/run.py`: every export format of the 10,000-article store, time and peak memory.

The store is the web benchmark's synthetic one (`bench_web.build`: 10,000 articles, 120,000 claims,
an event per claim, stories in corroborate's tables); CLAIMGRAPH_BENCH_WEB_DB keeps it at a path to
reuse it, CLAIMGRAPH_BENCH_WEB_ARTICLES makes it smaller to try the benchmark out. Each export runs
in a fresh interpreter (`Corpus.export` to a file), so its peak resident memory is its own; the
baseline is the same interpreter reading every claim into one list (`Corpus.claims()`), which is
what an export that did not stream would at least hold.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench_web import ARTICLES, build

CHILD = """
import json, resource, sys, time
from claimgraph.corpus import Corpus
db, fmt, out, table = sys.argv[1:5]
t0 = time.perf_counter()
with Corpus(db) as corpus:
    if fmt == "baseline":
        result = {"claims": len(corpus.claims())}
    else:
        result = corpus.export(fmt, out, table=table or None)
elapsed = time.perf_counter() - t0
print(json.dumps({"s": elapsed, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "result": {k: v for k, v in result.items() if k != "filters"}}))
"""
RUNS = (("baseline", ""), ("stix", ""), ("ftm", ""), ("graphml", ""), ("csv", "claims"), ("csv", "entities"),
        ("csv", "events"), ("csv", "stories"), ("jsonl", "claims"))


def _child(db: Path, fmt: str, out: Path, table: str) -> dict[str, Any]:
    proc = subprocess.run([sys.executable, "-c", CHILD, str(db), fmt, str(out), table], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"benchmarks: export {fmt} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def exports(opts: Any) -> dict[str, Any]:
    """Every export format of a store of 10,000 articles: time and peak memory, against reading every claim."""
    out: dict[str, Any] = {"articles": ARTICLES, "runs": {}}
    with tempfile.TemporaryDirectory() as tmp:
        keep = os.environ.get("CLAIMGRAPH_BENCH_WEB_DB")
        db = Path(keep) if keep else Path(tmp) / "web10k.db"
        if not db.exists():
            built = build(db, ARTICLES)
            print(f"  built {ARTICLES:,} articles in {built['store_s']:.1f} s ({db.stat().st_size / 1e6:,.0f} MB)")
        base: dict[str, Any] = {}
        for fmt, table in RUNS:
            target = Path(tmp) / f"export.{fmt}.{table or 'all'}"
            r = _child(db, fmt, target, table)
            label = f"{fmt} {table}".strip()
            size = target.stat().st_size / 1e6 if target.exists() else 0.0
            if fmt == "baseline":
                base = r
                print(f"  {'baseline: claims() in a list':<30} {r['s']:7.1f} s  peak {r['peak_mb']:6.0f} MB  "
                      f"({r['result']['claims']:,} claims)")
            else:
                counts = ", ".join(f"{k} {v:,}" for k, v in r["result"].items()
                                   if isinstance(v, int) and k not in ("format",))
                print(f"  {label:<30} {r['s']:7.1f} s  peak {r['peak_mb']:6.0f} MB "
                      f"({r['peak_mb'] / base['peak_mb']:.2f} of the baseline's)  {size:7.1f} MB written; {counts}")
            out["runs"][label] = {**r, "written_mb": size}
            target.unlink(missing_ok=True)
    return out


BENCHES = {"exports": exports}
