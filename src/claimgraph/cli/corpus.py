"""`claimgraph ingest`: read, analyse and store articles; the questions asked of the store are in `cli.query`."""
from __future__ import annotations

import argparse
import json
import logging
import shlex
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from claimgraph.cli.options import DB_HELP, positive_int
from claimgraph.corpus.fetch import FetchOptions
from claimgraph.engines import ENGINES
from claimgraph.errors import StoreError

if TYPE_CHECKING:
    from rich.console import Console

    from claimgraph.corpus import Corpus, IngestReport

TABLE_WIDTH = 140
"""Width of tables when standard output is not a terminal."""

INGEST_DESCRIPTION = """\
Read articles, analyse them, and store every record in the corpus store.

Each PATH is a file, a folder (read recursively; hidden files skipped) or an http(s) URL:
.txt/.text, .html/.htm (main text and metadata extracted), article .json (an object with the
keys text, title, outlet, url, published, or a list of them), .jsonl/.ndjson (one article
object per line), RSS/Atom feeds (.rss, .atom, .xml), and URLs of pages or feeds (a feed
entry with a short teaser is replaced by the page its link names).

The same text ingested twice is stored once (duplicate); a near-duplicate of a stored article
(the same wire story on another site) is stored and linked to it (copy). Each article is stored
in one transaction: an interrupted ingest leaves no half-stored article, and running it again
finishes the job. Inputs that cannot be read are listed with the reason; the rest are stored.
Exit status 2 if any input failed. Articles that carry no date are counted: a date filter
(--since, --until) leaves them out unless it is given --undated include.
"""


def _store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="PATH|URL", help=DB_HELP)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("ingest", help="read, analyse and store articles, folders, feeds and URLs",
                       description=INGEST_DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or http(s) URLs of pages or feeds")
    _store_option(p)
    p.add_argument("--workers", type=positive_int, metavar="N",
                   help="processes that analyse articles in parallel (default: all cores; with --engine ray, "
                        "all CPUs of the cluster)")
    p.add_argument("--engine", choices=ENGINES, default="local",
                   help="where the analysis runs: local processes (default) or a Ray cluster "
                        "(pip install 'claimgraph[ray]')")
    p.add_argument("--ray-address", metavar="ADDR",
                   help="the Ray cluster to join (e.g. auto, or HOST:6379; default: $RAY_ADDRESS, else a local "
                        "cluster started for this ingest)")
    p.add_argument("--timeout", type=float, default=FetchOptions.timeout, metavar="SECONDS",
                   help=f"time limit for fetching one URL (default {FetchOptions.timeout:g})")
    p.add_argument("--max-bytes", type=positive_int, default=FetchOptions.max_bytes, metavar="N",
                   help=f"largest page or feed fetched from a URL (default {FetchOptions.max_bytes:,})")
    p.add_argument("--json", action="store_true", help="print the summary as JSON: counts and every outcome")
    p.add_argument("--quiet", action="store_true", help="print nothing but failures")
    p.set_defaults(func=run_ingest)



def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, width=None if stream.isatty() else TABLE_WIDTH, highlight=False)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=1))


def undated_note(corpus: Corpus, report: IngestReport) -> str | None:
    """A line saying how many of the articles just stored carry no date, or None where all do."""
    stored = [o.document_id for o in report.outcomes if o.status in ("new", "copy") and o.document_id]
    n = corpus.undated_count(stored)
    if not n:
        return None
    from claimgraph.store.engine import database_url

    # the command to type next names the store where a bare one would open another
    db = "" if corpus.store.url == database_url(None) else f" --db {shlex.quote(corpus.location)}"
    return (f"{n} of the {len(stored)} article{'s' if len(stored) != 1 else ''} stored "
            f"{'carry' if n != 1 else 'carries'} no date: --since and --until leave {'them' if n != 1 else 'it'} out "
            f"unless --undated include is given (`claimgraph documents --undated only{db}` lists "
            f"{'them' if n != 1 else 'it'})")


TERMINATED = 128 + signal.SIGTERM
"""Exit status of an ingest stopped by SIGTERM, as a shell reports a process it ended."""


class Terminated(BaseException):
    """SIGTERM arrived: the ingest stops as on Ctrl-C (a BaseException, so that no handler of a failed input or
    article takes it for one)."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def _sigterm_stops() -> Iterator[None]:
    """SIGTERM raises Terminated in this (main) thread meanwhile, so the ingest unwinds as on Ctrl-C: the article
    under way is rolled back, the workers are stopped, and what was stored is kept."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_ingest(args: argparse.Namespace) -> int:
    try:
        with _sigterm_stops():
            return _ingest(args)
    except Terminated:
        print("claimgraph: terminated; the articles stored so far are kept: run the same ingest again to finish",
              file=sys.stderr)
        return TERMINATED


def _ingest(args: argparse.Namespace) -> int:
    from claimgraph.cli.ingest_progress import ingest_progress
    from claimgraph.corpus import Corpus
    from claimgraph.engines import make_engine

    # psycopg's warnings of a connection lost while a server restarts (the ingest waits and tries again)
    logging.getLogger("psycopg").setLevel(logging.ERROR)
    err = _console(stderr=True)
    engine = make_engine(args.engine, args.workers, args.ray_address)
    engine.connect()  # a cluster that cannot be reached leaves no new, empty store behind
    with Corpus(args.db) as corpus:
        with ingest_progress(err, enabled=not args.quiet and not args.json) as progress:
            try:
                report = corpus.ingest(args.paths, workers=args.workers, timeout=args.timeout,
                                       max_bytes=args.max_bytes, progress=progress, engine=engine)
            except StoreError as e:  # a server gone for good, a full disk: each article is one transaction
                raise StoreError(f"{e}; the articles stored so far are kept: run the same ingest again to finish "
                                 "once the store is back") from None
        if args.json:
            _print_json(report.to_json())
        else:
            if not args.quiet:
                counts = report.counts()
                out = _console()
                out.print(", ".join(f"{n} {s}" for s, n in counts.items()) + f" (store {corpus.store.shown})")
                for o in report.outcomes:
                    if o.status == "copy":
                        out.print(f"copy: {o.name} copies {o.copy_of[:12] if o.copy_of else '?'} "
                                  f"({o.similarity:.0%} shared)")
                undated = undated_note(corpus, report)
                if undated:
                    out.print(undated, markup=False, soft_wrap=True)
            for o in report.failures:
                err.print(f"failed: {o.name}: {o.reason}", markup=False, highlight=False)
    return 2 if report.failures else 0
