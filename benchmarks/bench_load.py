"""The `load` section of `benchmarks/run.py`: `claimgraph serve` under concurrent requests on 10,000 articles.

The store is the web benchmark's (`bench_web.build`: 10,000 synthetic articles, 120,000 claims, some
5,000 stories; CLAIMGRAPH_BENCH_WEB_DB keeps it at a path to reuse it). `claimgraph serve` runs in a
process of its own, as a user starts it; once it answers, every URL is asked once (the answers that
`serve` keeps until the store changes are then worked out, as after its warm-up), and then REQUESTS
requests go out from CONCURRENCY clients at once, each on its own keep-alive connection, cycling
through every page kind of the web benchmark; a run of one client before it gives each answer's own
time, the baseline that queueing adds to. Latency is measured at the client, from sending the
request to reading the whole answer; an error is any answer but 200, or none within 30 s.
Client and server share this machine's cores: the figures are for both together.
"""
from __future__ import annotations

import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from bench_web import ARTICLES, build, pages

REQUESTS = int(os.environ.get("CLAIMGRAPH_BENCH_LOAD_REQUESTS", "2000"))
CONCURRENCY = 20
BASELINE_REQUESTS = 200
"""Requests of the one-client run first: each answer's own time, against which queueing shows."""
TARGET_P95_MS = 200.0
TIMEOUT_S = 30.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path, port: int) -> subprocess.Popen[bytes]:
    """`claimgraph serve` on the store, answering on 127.0.0.1:port (an error where it does not within 120 s)."""
    proc = subprocess.Popen([sys.executable, "-m", "claimgraph", "serve", "--db", str(db), "--port", str(port),
                             "--quiet"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            said = proc.stderr.read().decode() if proc.stderr else ""
            raise SystemExit(f"benchmarks: claimgraph serve ended: {said}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/stats")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("benchmarks: claimgraph serve did not answer within 120 s")


def _client(port: int, urls: list[str], start: int, count: int, out: list[tuple[str, float, int]]) -> None:
    """Ask `count` URLs (from `start` on, cycling) over one keep-alive connection; record (url, ms, status)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
    for n in range(count):
        url = urls[(start + n) % len(urls)]
        t0 = time.perf_counter()
        try:
            conn.request("GET", url)
            response = conn.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
        out.append((url, (time.perf_counter() - t0) * 1000, status))
    conn.close()


def _run(port: int, urls: list[str], concurrency: int, requests: int) -> tuple[list[tuple[str, float, int]], float]:
    """`requests` requests from `concurrency` clients at once; their (url, ms, status) and the wall seconds."""
    results: list[tuple[str, float, int]] = []
    share, rest = divmod(requests, concurrency)
    clients = [threading.Thread(target=_client, args=(port, urls, i * 7, share + (i < rest), results))
               for i in range(concurrency)]
    started = time.perf_counter()
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    return results, time.perf_counter() - started


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def load(opts: Any) -> dict[str, Any]:
    """2,000 requests from 20 concurrent clients against `claimgraph serve` on 10,000 articles: p50, p95, errors."""
    from claimgraph.store import Store

    out: dict[str, Any] = {"articles": ARTICLES, "requests": REQUESTS, "concurrency": CONCURRENCY,
                           "target_p95_ms": TARGET_P95_MS}
    with tempfile.TemporaryDirectory() as tmp:
        keep = os.environ.get("CLAIMGRAPH_BENCH_WEB_DB")
        db = Path(keep) if keep else Path(tmp) / "web10k.db"
        if not db.exists():
            built = build(db, ARTICLES)
            print(f"  built {ARTICLES:,} articles in {built['store_s']:.1f} s")
        store = Store(db)
        labelled = pages(store)
        store.close()
        urls = list(labelled.values())
        port = _free_port()
        proc = _serve(db, port)
        try:
            t0 = time.perf_counter()
            warm: list[tuple[str, float, int]] = []
            _client(port, urls, 0, len(urls), warm)
            print(f"  serve answers; every page once (warming what it keeps) in {time.perf_counter() - t0:.1f} s")
            baseline, _ = _run(port, urls, 1, BASELINE_REQUESTS)
            results, wall = _run(port, urls, CONCURRENCY, REQUESTS)
        finally:
            proc.terminate()
            proc.wait(30)
            if proc.stderr:
                proc.stderr.close()
    base = [ms for _, ms, _ in baseline]
    out["baseline"] = {"requests": len(base), "p50_ms": statistics.median(base), "p95_ms": _percentile(base, 0.95)}
    print(f"  one client, {len(base)} requests (the time of each answer alone): "
          f"p50 {out['baseline']['p50_ms']:.0f} ms, p95 {out['baseline']['p95_ms']:.0f} ms")
    times = [ms for _, ms, _ in results]
    errors = sum(1 for _, _, status in results if status != 200)
    out.update(p50_ms=statistics.median(times), p95_ms=_percentile(times, 0.95), p99_ms=_percentile(times, 0.99),
               max_ms=max(times), errors=errors, seconds=wall, per_second=len(results) / wall)
    verdict = "within" if out["p95_ms"] < TARGET_P95_MS and not errors else "OVER"
    print(f"  {len(results):,} requests, {CONCURRENCY} at once, in {wall:.1f} s ({out['per_second']:.0f}/s): "
          f"p50 {out['p50_ms']:.0f} ms, p95 {out['p95_ms']:.0f} ms, p99 {out['p99_ms']:.0f} ms, "
          f"max {out['max_ms']:.0f} ms; {errors} errors; {verdict} the goal (p95 < {TARGET_P95_MS:.0f} ms, 0 errors)")
    by_url: dict[str, list[float]] = {}
    for url, ms, _ in results:
        by_url.setdefault(url, []).append(ms)
    out["pages"] = {url: {"p50_ms": statistics.median(v), "p95_ms": _percentile(v, 0.95)} for url, v in by_url.items()}
    for label, url in labelled.items():
        row = out["pages"][url]
        print(f"    {label:<28} p50 {row['p50_ms']:7.0f} ms  p95 {row['p95_ms']:7.0f} ms")
    return out


BENCHES = {"load": load}
