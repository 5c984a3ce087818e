"""The claim ledger: every stored claim, filtered, searched and paged, and its rows as CSV.

The filters are one `LedgerFilter`, parsed from the query string by `LedgerFilter.parse`, which
raises an InputError naming the parameter for a value it cannot read (the web app answers 400
with that reason). Names match cross-document entities, so any spelling finds a speaker.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from sqlalchemy import ColumnElement, Connection, and_, exists, func, literal_column, select, union

from claimgraph.errors import InputError
from claimgraph.records import STANCES
from claimgraph.store import schema as t

# The store's own (index-driven) helpers for the same questions, so that the ledger and `claimgraph claims` agree.
from claimgraph.store.queries import (
    _claim_dicts,
    _claims_holding,
    _claims_naming,
    _claims_said_by,
    _word_match,
    canonical_ids_named,
    claim_select,
    escape_like,
)
from claimgraph.store.timeline import check_bound, date_range
from claimgraph.web import cache, stories

PER_PAGE = 50
MAX_PER_PAGE = 500
CSV_LIMIT = 100_000
"""At most this many rows go into one CSV export."""

HEDGE_CHOICES = ("any", "none")
"""Besides a hedge word: `any` (the claim is hedged) and `none` (it is stated flat)."""

_INT = re.compile(r"^\d{1,9}$")


@dataclass(frozen=True)
class LedgerFilter:
    """What the analyst asked the ledger for; every field is optional."""

    q: str | None = None
    """Words the claim's content holds (full-text search)."""
    speaker: str | None = None
    """The speaker, by any spelling of its name."""
    entity: str | None = None
    """An entity (canonical id or name) that speaks, relays or is named in the content."""
    stance: str | None = None
    hedge: str | None = None
    """`any`, `none`, or a hedge word / ICD 203 term ('likely')."""
    grade: int | None = None
    """The credibility grade (1–6) of the claim's story."""
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    page: int = 1
    per_page: int = PER_PAGE

    @classmethod
    def parse(cls, params: Mapping[str, str]) -> LedgerFilter:
        """A filter from query parameters; an InputError names the first bad one and why."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(params) - known - {"format", "token"})
        if unknown:
            raise InputError(f"unknown filter '{unknown[0]}'; use {', '.join(sorted(known))}")
        v: dict[str, Any] = {k: (params.get(k) or "").strip() or None for k in known}
        if v["stance"] is not None:
            v["stance"] = v["stance"].lower()
            if v["stance"] not in STANCES:
                raise InputError(f"stance '{params['stance']}' is not one of {', '.join(STANCES)}")
        for bound in ("since", "until"):
            if v[bound] is not None:
                v[bound] = check_bound(v[bound], bound)
        if v["grade"] is not None:
            if not _INT.match(v["grade"]) or not 1 <= int(v["grade"]) <= 6:
                raise InputError(f"grade '{params['grade']}' is not a credibility grade 1–6")
            v["grade"] = int(v["grade"])
        for name, default, top in (("page", 1, 1_000_000), ("per_page", PER_PAGE, MAX_PER_PAGE)):
            raw = v[name]
            if raw is None:
                v[name] = default
            elif not _INT.match(raw) or not 1 <= int(raw) <= top:
                raise InputError(f"{name} '{params[name]}' must be a whole number from 1 to {top}")
            else:
                v[name] = int(raw)
        if v["hedge"] is not None:
            v["hedge"] = v["hedge"].lower()
        return cls(**v)

    def query_string(self, **changes: Any) -> str:
        """The filter as URL query parameters (defaults left out), with some fields changed."""
        from urllib.parse import urlencode

        d = {**asdict(self), **changes}
        keep = {k: val for k, val in d.items() if val is not None and not (k == "page" and val == 1)
                and not (k == "per_page" and val == PER_PAGE)}
        return urlencode(keep)

    def active(self) -> dict[str, Any]:
        """The filters that are set (paging left out)."""
        return {k: v for k, v in asdict(self).items() if v is not None and k not in ("page", "per_page")}


def _entity_ids(conn: Connection, ref: str) -> list[int]:
    if _INT.match(ref):
        found = conn.execute(select(t.canonical_entities.c.id).where(t.canonical_entities.c.id == int(ref))).scalar()
        return [int(found)] if found is not None else []
    return _named(conn, ref)


def _named(conn: Connection, name: str) -> list[int]:
    """The canonical entities a name stands for (three scans of the names), kept until the store changes."""
    return cache.cached(conn, ("named", name), lambda: canonical_ids_named(conn, name))


def _relayed_by(canonical_ids: list[int]) -> Any:
    """Primary keys of the claims that these canonical entities relay (in the `via` chain)."""
    c, e, h = t.claims, t.entities, t.claim_hops
    return select(c.c.pk).select_from(
        e.join(h, and_(h.c.document_id == e.c.document_id, h.c.entity_id == e.c.id))
        .join(c, and_(c.c.document_id == h.c.document_id, c.c.id == h.c.claim_id))) \
        .where(e.c.canonical_id.in_(canonical_ids))


def conditions(conn: Connection, f: LedgerFilter) -> list[ColumnElement[bool]]:
    """The WHERE conditions over `claims` joined to `documents` that a filter stands for."""
    c, d = t.claims, t.documents
    out: list[ColumnElement[bool]] = []
    nothing = literal_column("0") == 1
    if f.q:
        out.append(c.c.pk.in_(_claims_holding(conn, f.q)))
    if f.speaker:
        ids = _named(conn, f.speaker)
        # claims with no resolved speaker still match on the words that name it
        unresolved = select(c.c.pk).where(c.c.speaker_entity.is_(None), _word_match(c.c.speaker_text, f.speaker))
        out.append(c.c.pk.in_(union(_claims_said_by(ids), unresolved) if ids else unresolved))
    if f.entity:
        ids = _entity_ids(conn, f.entity)
        out.append(c.c.pk.in_(union(_claims_said_by(ids), _claims_naming(ids), _relayed_by(ids)))
                   if ids else nothing)
    if f.stance:
        out.append(c.c.stance == f.stance)
    if f.hedge:
        h = t.hedges
        hedged = exists(select(literal_column("1")).select_from(h).where(
            h.c.document_id == c.c.document_id, h.c.claim_id == c.c.id))
        if f.hedge == "any":
            out.append(hedged | c.c.probability_term.is_not(None))
        elif f.hedge == "none":
            out.append(~hedged & c.c.probability_term.is_(None))
        else:
            word = exists(select(literal_column("1")).select_from(h).where(
                h.c.document_id == c.c.document_id, h.c.claim_id == c.c.id, func.lower(h.c.text) == f.hedge))
            out.append(word | (func.lower(c.c.probability_term) == f.hedge))
    if f.outlet:
        out.append(d.c.outlet.ilike(f"%{escape_like(f.outlet)}%", escape="\\"))
    if f.since:
        out.append(d.c.published >= date_range(f.since)[0])  # type: ignore[index]
    if f.until:
        # '~' sorts after any time part, so a date-time on the last day is kept
        out.append(d.c.published <= date_range(f.until)[1] + "~")  # type: ignore[index]
    if f.grade is not None:
        out.append(c.c.pk.in_(stories.claims_with_grade(conn, f.grade)))
    return out


def claim_dicts(conn: Connection, rows: list[Any]) -> list[dict[str, Any]]:
    """Rows of `claim_select()` as the store's claim dicts, each with its story."""
    return with_grades(conn, _claim_dicts(conn, rows))


def newest_first(conn: Connection) -> list[Any]:
    """ORDER BY terms for newest documents first, undated last, in text order within a document."""
    c, d = t.claims, t.documents
    # SQLite already sorts NULL last when descending; spelling NULLS LAST there would stop it using the index
    published = d.c.published.desc() if conn.dialect.name == "sqlite" else d.c.published.desc().nulls_last()
    return [published, d.c.pk.desc(), c.c.pk]


def _select(conn: Connection, f: LedgerFilter, conds: list[ColumnElement[bool]] | None = None) -> Any:
    q = claim_select()
    for cond in conditions(conn, f) if conds is None else conds:
        q = q.where(cond)
    return q.order_by(*newest_first(conn))


def count(conn: Connection, f: LedgerFilter, conds: list[ColumnElement[bool]] | None = None) -> int:
    """How many claims the filter keeps."""
    c, d = t.claims, t.documents
    needs_documents = f.outlet or f.since or f.until
    source = c.join(d, d.c.id == c.c.document_id) if needs_documents else c
    q = select(func.count()).select_from(source)
    for cond in conditions(conn, f) if conds is None else conds:
        q = q.where(cond)
    return int(conn.execute(q).scalar_one())


def page(conn: Connection, f: LedgerFilter) -> dict[str, Any]:
    """One page of the ledger: its rows (claim dicts with a story grade), the total and the page count."""
    conds = conditions(conn, f)  # once: resolving names to entities is the costly part
    total = count(conn, f, conds)
    pages = max(1, -(-total // f.per_page))
    rows = list(conn.execute(_select(conn, f, conds).limit(f.per_page).offset((f.page - 1) * f.per_page)).mappings())
    return {"claims": claim_dicts(conn, rows), "total": total, "page": f.page,
            "pages": pages, "per_page": f.per_page, "filters": f.active()}


def with_grades(conn: Connection, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Claim dicts with the story (id, grade, why) each belongs to, where corroboration has graded it."""
    found = stories.grades_of(conn, [(c["document"]["id"], c["id"]) for c in claims])
    for c in claims:
        c["story"] = found.get((c["document"]["id"], c["id"]))
    return claims


CSV_COLUMNS = ("published", "outlet", "speaker", "via", "cue", "stance", "hedges", "probability", "band",
               "grade", "content", "title", "url", "document_id", "claim_id")


def csv_rows(conn: Connection, f: LedgerFilter) -> Iterator[str]:
    """The filtered ledger as CSV text, header first, in chunks (at most CSV_LIMIT rows)."""
    buf = io.StringIO()
    out = csv.writer(buf)
    out.writerow(CSV_COLUMNS)
    rows = list(conn.execute(_select(conn, f).limit(CSV_LIMIT)).mappings())
    for i in range(0, len(rows), 500):
        for c in claim_dicts(conn, rows[i:i + 500]):
            p = c["probability"]
            out.writerow([_cell(v) for v in (
                c["document"]["published"], c["document"]["outlet"], speaker_name(c),
                " > ".join(v["text"] for v in c["via"]), (c["cue"] or {}).get("text"), c["stance"],
                "; ".join(h["text"] for h in c["hedges"]), p["term"] if p else None,
                f"{p['low']:.2f}-{p['high']:.2f}" if p else None, (c["story"] or {}).get("grade"),
                c["content"]["text"], c["document"]["title"], c["document"]["url"], c["document"]["id"], c["id"])])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    if not rows:
        yield buf.getvalue()


def _cell(value: Any) -> str:
    s = "" if value is None else str(value)
    # A cell that a spreadsheet would run as a formula is article text, not a formula.
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def speaker_name(claim: Mapping[str, Any]) -> str:
    """The speaker as the ledger shows it: the cross-document name, else the words of the article."""
    sp = claim.get("speaker") or {}
    canonical = sp.get("canonical") or {}
    return str(canonical.get("name") or sp.get("text") or "")
