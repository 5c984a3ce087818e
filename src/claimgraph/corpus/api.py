"""`claimgraph.Corpus`: a store of many analysed articles, and the questions the CLI asks of it."""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from claimgraph.corpus.fetch import FetchOptions
from claimgraph.corpus.ingest import IngestReport, Progress, ingest
from claimgraph.engines import Engine, make_engine
from claimgraph.records import Analysis
from claimgraph.store import Store, load_analysis
from claimgraph.store import claims as claim_queries
from claimgraph.store import documents as document_queries
from claimgraph.store import entities as entity_queries
from claimgraph.store.documents import DocumentFilter
from claimgraph.store.filters import ClaimFilter, Lookups


class Corpus:
    """A corpus in a store: SQLite by path (default `./claimgraph.db` or `CLAIMGRAPH_DB`) or a PostgreSQL URL.

        with Corpus("news.db") as corpus:
            corpus.ingest(["articles/", "https://example.org/feed.xml"])
            for claim in corpus.claims(speaker="Matsegora"):
                print(claim["speaker"]["text"], claim["content"]["text"])
    """

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        self.store = Store(db)

    def ingest(self, paths: Iterable[str | os.PathLike[str]] | str | Path, *, workers: int | None = None,
               timeout: float = FetchOptions.timeout, max_bytes: int = FetchOptions.max_bytes,
               progress: Progress | None = None, engine: Engine | str = "local",
               ray_address: str | None = None) -> IngestReport:
        """Read, analyse and store files, folders, JSON Lines, feeds and URLs.

        The analysis runs in `workers` processes (default: all cores), or with `engine="ray"` in Ray
        actors (`ray_address` names the cluster; default: RAY_ADDRESS, else a local one).
        """
        if isinstance(paths, (str, Path)):
            paths = [paths]
        runner = make_engine(engine, workers, ray_address) if isinstance(engine, str) else engine
        return ingest(self.store, paths, workers=workers, fetch=FetchOptions(timeout, max_bytes), progress=progress,
                      engine=runner)

    def claims(self, f: ClaimFilter | None = None, *, limit: int | None = None, offset: int = 0,
               **filters: Any) -> list[dict[str, Any]]:
        """Claims that a `ClaimFilter` keeps, or its fields as keywords: speaker (any spelling), about, entity,
        stance, hedge (`any`, `none` or a word), grade 1–6, outlet, since, until, undated, search, story,
        document, tag, sort (`claimgraph.store.filters.SORTS`); newest articles first."""
        from claimgraph.corpus import corroborate

        if f is None:
            f = ClaimFilter(**{k: v for k, v in filters.items() if v is not None})
        elif filters:
            raise TypeError("give a ClaimFilter or keyword filters, not both")
        if f.grade is not None:
            self._stories_up_to_date()
        with self.store.begin() as conn:
            return claim_queries.claims(conn, f, lookups=Lookups(grader=corroborate.stories_with_grade), limit=limit,
                                        offset=offset)

    def ledger(self, f: ClaimFilter | None = None, *, limit: int = 100, page: int = 1,
               **filters: Any) -> dict[str, Any]:
        """One page of claims as the workbench's ledger gives it: `claims`, `total` (however many the filter keeps),
        `page`, `pages`, and `undated_left_out` (claims of undated articles that a date range left out)."""
        from claimgraph.corpus import corroborate
        from claimgraph.store.filters import Paging

        if f is None:
            f = ClaimFilter(**{k: v for k, v in filters.items() if v is not None})
        elif filters:
            raise TypeError("give a ClaimFilter or keyword filters, not both")
        if f.grade is not None:
            self._stories_up_to_date()
        with self.store.begin() as conn:
            return claim_queries.page(conn, f, Paging(page, limit), Lookups(grader=corroborate.stories_with_grade))

    @property
    def location(self) -> str:
        """The store as a message names it: a SQLite file's path, or a URL without its password."""
        return self.store.shown

    def is_empty(self) -> bool:
        """Whether the store holds no article yet."""
        from sqlalchemy import select

        from claimgraph.store import schema as t

        with self.store.begin() as conn:
            return conn.execute(select(t.documents.c.pk).limit(1)).first() is None

    def undated_count(self, document_ids: Iterable[str] | None = None) -> int:
        """How many stored articles (of these, where given) carry no date, which a date filter leaves out."""
        from sqlalchemy import func, select

        from claimgraph.store import schema as t

        d = t.documents
        ids = None if document_ids is None else sorted(set(document_ids))
        with self.store.begin() as conn:
            if ids is None:
                return int(conn.execute(select(func.count()).where(d.c.published.is_(None))).scalar_one())
            return sum(int(conn.execute(select(func.count()).where(d.c.published.is_(None),
                                                                  d.c.id.in_(ids[i:i + 400]))).scalar_one())
                       for i in range(0, len(ids), 400))

    def documents(self, f: DocumentFilter | None = None, *, limit: int | None = None, offset: int = 0,
                  **filters: Any) -> list[dict[str, Any]]:
        """Stored articles, newest first: by words in their title or text (search), outlet, since, until,
        undated, copies (`include`, `exclude`, `only`)."""
        if f is None:
            f = DocumentFilter(**{k: v for k, v in filters.items() if v is not None})
        with self.store.begin() as conn:
            return document_queries.documents(conn, f, limit=limit, offset=offset)

    def entities(self, *, type: str | None = None, name: str | None = None,  # noqa: A002
                 limit: int | None = None) -> list[dict[str, Any]]:
        """Canonical entities across documents, most widely reported first."""
        with self.store.begin() as conn:
            return entity_queries.entities(conn, type=type, name=name, limit=limit)

    def show(self, ref: str) -> dict[str, Any]:
        """A document (id, id prefix or URL) or an entity (id or name), with its claims."""
        with self.store.begin() as conn:
            return entity_queries.show(conn, ref)

    def search(self, words: str) -> dict[str, Any]:
        """The entities, documents and claims that these words find."""
        from claimgraph.store.search import search

        with self.store.begin() as conn:
            return search(conn, words)

    def analysis(self, document_id: str) -> Analysis | None:
        """The stored records of one document, as `analyze` returned them."""
        with self.store.begin() as conn:
            return load_analysis(conn, document_id)

    def stories(self, *, about: str | None = None, disputed: bool = False, since: str | None = None,
                min_reports: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
        """Stories (one proposition across articles), most reported first, with origins, disputes and grade."""
        from claimgraph.corpus import corroborate

        self._stories_up_to_date()
        with self.store.begin() as conn:
            return corroborate.stories(conn, about=about, disputed=disputed, since=since,
                                       min_reports=min_reports, limit=limit)

    def story(self, story_id: int | str) -> dict[str, Any]:
        """One story with each report: outlet, chain, hedges, stance, date, source grade, relation and why."""
        from claimgraph.corpus import corroborate

        self._stories_up_to_date()
        with self.store.begin() as conn:
            return corroborate.story(conn, story_id)

    def grade_source(self, source: str, grade: str, reason: str | None = None) -> dict[str, Any]:
        """Give a source (an organisation: by name, alias, outlet line or id) an analyst's Admiralty reliability
        grade, A (completely reliable) to F (cannot be judged), with the reason; every channel it reaches the
        store through is graded with it, and the stories that rest on it are graded again."""
        from claimgraph.corpus import grades

        with self.store.begin(write=True) as conn:
            return grades.grade_source(conn, source, grade, reason)

    def reset_source(self, source: str) -> dict[str, Any]:
        """Take an analyst's grade of a source back: it has its default grade again (or none)."""
        from claimgraph.corpus import grades

        with self.store.begin(write=True) as conn:
            return grades.reset_source(conn, source)

    def grade_sources(self, path: str | os.PathLike[str]) -> list[dict[str, Any]]:
        """Grade the sources of a YAML file of `name: grade` (or `name: {grade: B, reason: ...}`) lines, all or
        none."""
        from claimgraph.corpus import grades

        with self.store.begin(write=True) as conn:
            return grades.apply_grades_file(conn, path)

    def sources(self, *, records: bool = True) -> list[dict[str, Any]]:
        """Every source (organisation) with its reliability grade, the reason and whose it is, its channels, its
        articles and its track record across the stories."""
        from claimgraph.corpus import track_records

        if records:
            self._stories_up_to_date()
        with self.store.begin() as conn:
            return track_records.sources(conn, records=records)

    def source(self, source: str) -> dict[str, Any]:
        """One source with its grade, reason, history of grades, channels, track record and the stories resting
        on it."""
        from claimgraph.corpus import track_records

        self._stories_up_to_date()
        with self.store.begin() as conn:
            return track_records.source(conn, source)

    def _stories_up_to_date(self) -> None:
        """Place the claims of documents stored before stories existed (a no-op once they are placed)."""
        from claimgraph.corpus import corroborate

        with self.store.begin() as conn:
            pending = corroborate.pending_documents(conn)
        if pending:
            with self.store.begin(write=True) as conn:
                corroborate.catch_up(conn)

    def timeline(self, *, about: str | None = None, since: str | None = None, until: str | None = None,
                 code: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Events in date order, each with its reports, documents and independent sources."""
        from claimgraph.store.timeline import timeline

        with self.store.begin() as conn:
            return timeline(conn, about=about, since=since, until=until, code=code, limit=limit)

    def merge_entities(self, a: int | str, b: int | str) -> int:
        """Join entity B (an id or a name) into A, as `claimgraph entities merge A B`; A's id is returned."""
        from claimgraph.corpus import resolve

        with self.store.begin(write=True) as conn:
            return resolve.merge(conn, resolve.entity_id(conn, str(a)), resolve.entity_id(conn, str(b)))

    def split_entity(self, entity: int | str, member: str) -> int:
        """Take a spelling ("Macegora") or a document entity ("DOCID:e3") out of an entity; the new id is returned."""
        from claimgraph.corpus import resolve

        with self.store.begin(write=True) as conn:
            return resolve.split(conn, resolve.entity_id(conn, str(entity)), member)

    def entity_history(self, entity: int | str) -> list[dict[str, Any]]:
        """Every link, merge and split of an entity, with its rule and score: what an analyst can undo."""
        from claimgraph.corpus import resolve

        with self.store.begin() as conn:
            return resolve.history(conn, resolve.entity_id(conn, str(entity)))

    def export(self, format: str, out: str | os.PathLike[str] | IO[str] | None = None, *,  # noqa: A002
               table: str | None = None, **filters: Any) -> dict[str, Any]:
        """Export the claims the filters keep (those of `claims` and the ledger: speaker, about, entity, stance,
        hedge, grade, outlet, since, until, search, story) as `stix`, `ftm`, `graphml`, `csv` or `jsonl` (one
        `table`: claims, entities, events or stories) to a file (whole or not at all), a text stream, or standard
        output; returns what was written."""
        from claimgraph.outputs.exports import check_format, export

        check_format(format, table)
        self._stories_up_to_date()
        return export(self.store, format, out, table=table, **filters)

    def brief(self, story: int | str | None = None, entity: str | None = None, *, about: str | None = None,
              since: str | None = None, until: str | None = None, format: str = "md",  # noqa: A002
              out: str | os.PathLike[str] | None = None, stamp: bool | str = False) -> str | bytes:
        """A brief of a story, an entity or a topic (`about`, with dates) as Markdown or HTML text or PDF bytes,
        every statement footnoted to its exact span; written to `out` as well where given."""
        from claimgraph.outputs.brief import brief, check_format

        check_format(format)
        self._stories_up_to_date()
        return brief(self.store, story=story, entity=entity, about=about, since=since, until=until, fmt=format,
                     out=out, stamp=stamp)

    def close(self) -> None:
        """Release the store."""
        self.store.close()

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
