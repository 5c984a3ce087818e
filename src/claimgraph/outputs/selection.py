"""What an export or a brief reads from the store: the claims a filter keeps, document by document.

A `Selection` holds the filters of `claimgraph claims` and the ledger (speaker, about, entity,
stance, hedge, grade, outlet, dates, search, story). `documents(conn, sel)` streams the selected
documents in store order, a batch at a time, each with its selected claims (the claim dicts that
`claimgraph claims --json` prints, with the story and its grade) and its events; `entities(conn,
sel)` streams the cross-document entities those claims and events touch. Nothing here holds more
than one batch of records, except the grades of the stories met so far (a few numbers per story).

This is the one module of `claimgraph.outputs` that knows the store's tables: every format is
written from what it yields.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, exists, func, literal_column, or_, select, text, union

from claimgraph.corpus import corroborate
from claimgraph.errors import InputError
from claimgraph.records import STANCES
from claimgraph.store import schema as t
from claimgraph.store.queries import canonical_ids_named, claim_select, escape_like, originals
from claimgraph.store.timeline import check_bound, date_range

BATCH = 200
"""Documents read at a time (with their claims and events)."""


_WORD = re.compile(r"\w+")
_CHUNK = 400


@dataclass(frozen=True)
class Selection:
    """Which claims an export holds; every field is optional, and no field at all is the whole store."""

    speaker: str | None = None
    """Claims made by this entity (any spelling)."""
    about: str | None = None
    """Claims whose content names this entity or holds these words."""
    entity: int | None = None
    """Claims this cross-document entity (by id) makes, relays or is named in."""
    stance: str | None = None
    hedge: str | None = None
    """`any`, `none`, or a hedge word / ICD 203 term ('likely')."""
    grade: int | None = None
    """The credibility grade (1–6) of the claim's story."""
    outlet: str | None = None
    """Part of the outlet's name."""
    since: str | None = None
    until: str | None = None
    search: str | None = None
    """Words the claim's content holds (full-text search)."""
    story: int | None = None
    """Only the claims of this story."""

    @classmethod
    def of(cls, **filters: Any) -> Selection:
        """A checked selection; an InputError names the first filter it cannot read."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(k for k, v in filters.items() if k not in known and v is not None)
        if unknown:
            raise InputError(f"unknown filter '{unknown[0]}'; use {', '.join(sorted(known))}")
        v: dict[str, Any] = {}
        for k in known:
            raw = filters.get(k)
            v[k] = (raw.strip() or None) if isinstance(raw, str) else raw
        if v["stance"] is not None:
            if str(v["stance"]).lower() not in STANCES:
                raise InputError(f"stance '{v['stance']}' is not one of {', '.join(STANCES)}")
            v["stance"] = str(v["stance"]).lower()
        for bound in ("since", "until"):
            if v[bound] is not None:
                v[bound] = check_bound(str(v[bound]), f"--{bound}")
        v["grade"] = _number(v["grade"], "grade", 1, 6)
        v["story"] = _number(v["story"], "story", 1, 2**62)
        v["entity"] = _number(v["entity"], "entity", 1, 2**62)
        if v["hedge"] is not None:
            v["hedge"] = str(v["hedge"]).lower()
        return cls(**v)

    def active(self) -> dict[str, Any]:
        """The filters that are set."""
        return {k: val for k, val in asdict(self).items() if val is not None}

    @property
    def narrows_claims(self) -> bool:
        """Whether a filter picks claims (not only documents by outlet and date): then documents without
        a selected claim, and events told outside the selected claims, are left out."""
        return any(v is not None for k, v in asdict(self).items() if k not in ("outlet", "since", "until"))


def _number(value: Any, name: str, low: int, high: int) -> int | None:
    if value is None:
        return None
    s = str(value).strip().lstrip("#")
    if not s.isdigit() or not low <= int(s) <= high:
        raise InputError(f"{name} '{value}' must be a whole number from {low} to {high if high < 1000 else 'up'}")
    return int(s)


@dataclass
class Grades:
    """The credibility grade of each story met so far, worked out once per story (a batch of stories at a time)."""

    by_story: dict[int, dict[str, Any]] = field(default_factory=dict)

    def load(self, conn: Connection, story_ids: Iterable[int]) -> None:
        """Grade the stories not graded yet, together."""
        missing = sorted({sid for sid in story_ids if sid not in self.by_story})
        for i in range(0, len(missing), _CHUNK):
            for sid, s in corroborate.summaries(conn, missing[i:i + _CHUNK]).items():
                g = s["grade"]
                self.by_story[sid] = {
                    "id": sid, "grade": g["code"], "label": g["label"], "reason": g["reason"],
                    "proposition": s["proposition"], "reports": s["reports"], "claims": s["claims"],
                    "independent_origins": s["independent_origins"], "origins": s["origins"],
                    "disputed": s["disputed"], "disputing_origins": s["disputing_origins"],
                    "best_source": s["best_source"], "first_published": s["first_published"],
                    "last_published": s["last_published"]}

    def of(self, conn: Connection, story_id: int) -> dict[str, Any]:
        """{id, grade, label, reason, ...} of one story (its summary without the reports)."""
        if story_id not in self.by_story:
            self.load(conn, [story_id])
        return self.by_story[story_id]


def has_stories(conn: Connection) -> bool:
    """Whether the store holds stories (a store made before them has the tables but no rows)."""
    return conn.execute(select(corroborate.story_claims.c.claim_pk).limit(1)).first() is not None


# --- which claims ------------------------------------------------------------------------------------


def _said_by(ids: Sequence[int]) -> Any:
    c, e = t.claims, t.entities
    return select(c.c.pk).select_from(e.join(c, and_(c.c.document_id == e.c.document_id,
                                                     c.c.speaker_entity == e.c.id))) \
        .where(e.c.canonical_id.in_(list(ids)))


def _naming(ids: Sequence[int]) -> Any:
    c, e, m = t.claims, t.entities, t.mentions
    return select(c.c.pk).select_from(
        e.join(m, and_(m.c.document_id == e.c.document_id, m.c.entity_id == e.c.id))
        .join(c, and_(c.c.document_id == m.c.document_id, m.c.start >= c.c.content_start,
                      m.c.end <= c.c.content_end))).where(e.c.canonical_id.in_(list(ids)))


def _relayed_by(ids: Sequence[int]) -> Any:
    c, e, h = t.claims, t.entities, t.claim_hops
    return select(c.c.pk).select_from(
        e.join(h, and_(h.c.document_id == e.c.document_id, h.c.entity_id == e.c.id))
        .join(c, and_(c.c.document_id == h.c.document_id, c.c.id == h.c.claim_id))) \
        .where(e.c.canonical_id.in_(list(ids)))


def _holding(conn: Connection, words: str) -> Any:
    """Claims whose content holds all these words (the store's full-text index), or the literal text."""
    c = t.claims
    tokens = _WORD.findall(words)
    if not tokens:
        return select(c.c.pk).where(c.c.content_text.like(f"%{escape_like(words)}%", escape="\\"))
    if conn.dialect.name == "postgresql":
        return select(c.c.pk).where(
            text("to_tsvector('english', claims.content_text) @@ plainto_tsquery('english', :cg_export_search)")
            .bindparams(cg_export_search=" ".join(tokens)))
    fts_query = " ".join('"' + tok.replace('"', '""') + '"' for tok in tokens)
    return select(literal_column("rowid")).select_from(text("claims_fts")) \
        .where(text("claims_fts MATCH :cg_export_search").bindparams(cg_export_search=fts_query))


def _hedge_condition(word: str) -> ColumnElement[bool]:
    c, h = t.claims, t.hedges
    hedged = exists(select(literal_column("1")).select_from(h).where(
        h.c.document_id == c.c.document_id, h.c.claim_id == c.c.id))
    if word == "any":
        return hedged | c.c.probability_term.is_not(None)
    if word == "none":
        return ~hedged & c.c.probability_term.is_(None)
    named = exists(select(literal_column("1")).select_from(h).where(
        h.c.document_id == c.c.document_id, h.c.claim_id == c.c.id, func.lower(h.c.text) == word))
    return named | (func.lower(c.c.probability_term) == word)


def _graded(conn: Connection, grade: int, grades: Grades) -> Any:
    """Claims whose story has this credibility grade (every story is graded once, one at a time)."""
    sc = corroborate.story_claims
    ids = list(conn.execute(select(corroborate.stories_table.c.id).order_by(corroborate.stories_table.c.id))
               .scalars())
    grades.load(conn, ids)
    wanted = [sid for sid in ids if grades.of(conn, sid)["grade"] == grade]
    return select(sc.c.claim_pk).where(sc.c.story_id.in_(wanted or [-1]))


def _document_conditions(sel: Selection) -> list[ColumnElement[bool]]:
    d = t.documents
    out: list[ColumnElement[bool]] = []
    if sel.outlet:
        out.append(d.c.outlet.ilike(f"%{escape_like(sel.outlet)}%", escape="\\"))
    if sel.since:
        out.append(d.c.published >= date_range(sel.since)[0])  # type: ignore[index]
    if sel.until:
        # '~' sorts after any time part, so a date-time on the last day is kept
        out.append(d.c.published <= date_range(sel.until)[1] + "~")  # type: ignore[index]
    return out


def _speaker_condition(conn: Connection, name: str) -> ColumnElement[bool]:
    c = t.claims
    ids = canonical_ids_named(conn, name)
    # claims with no resolved speaker still match on the words that name it
    unresolved = select(c.c.pk).where(c.c.speaker_entity.is_(None),
                                      c.c.speaker_text.ilike(f"%{escape_like(name)}%", escape="\\"))
    return c.c.pk.in_(union(_said_by(ids), unresolved) if ids else unresolved)


def claim_conditions(conn: Connection, sel: Selection, grades: Grades) -> list[ColumnElement[bool]]:
    """The WHERE conditions over `claims` (joined to `documents`) that a selection stands for."""
    c = t.claims
    out = _document_conditions(sel)
    if sel.speaker:
        out.append(_speaker_condition(conn, sel.speaker))
    if sel.about:
        ids = canonical_ids_named(conn, sel.about)
        words = _holding(conn, sel.about)
        out.append(c.c.pk.in_(union(_naming(ids), words) if ids else words))
    if sel.entity is not None:
        ids = [sel.entity]
        out.append(c.c.pk.in_(union(_said_by(ids), _naming(ids), _relayed_by(ids))))
    if sel.stance:
        out.append(c.c.stance == sel.stance)
    if sel.hedge:
        out.append(_hedge_condition(sel.hedge))
    if sel.search:
        out.append(c.c.pk.in_(_holding(conn, sel.search)))
    if sel.story is not None:
        sc = corroborate.story_claims
        out.append(c.c.pk.in_(select(sc.c.claim_pk).where(sc.c.story_id == sel.story)))
    if sel.grade is not None:
        out.append(c.c.pk.in_(_graded(conn, sel.grade, grades)))
    return out


@dataclass
class Reader:
    """One pass over a selection: its conditions worked out once (names resolved, stories graded)."""

    conn: Connection
    selection: Selection
    grades: Grades = field(default_factory=Grades)
    conditions: list[ColumnElement[bool]] = field(default_factory=list)
    stories: bool = False

    def __post_init__(self) -> None:
        if self.selection.story is not None:
            found = self.conn.execute(select(corroborate.stories_table.c.id)
                                      .where(corroborate.stories_table.c.id == self.selection.story)).scalar()
            if found is None:
                raise InputError(f"story {self.selection.story}: no such story in the store "
                                 "(`claimgraph stories` lists them)")
        if self.selection.entity is not None:
            ce = t.canonical_entities
            if self.conn.execute(select(ce.c.id).where(ce.c.id == self.selection.entity)).scalar() is None:
                raise InputError(f"entity {self.selection.entity}: no such entity in the store "
                                 "(`claimgraph entities` lists them)")
        self.stories = has_stories(self.conn)
        self.conditions = claim_conditions(self.conn, self.selection, self.grades)

    def claim_keys(self) -> Select[Any]:
        """SELECT claims.pk of the selected claims."""
        c, d = t.claims, t.documents
        q = select(c.c.pk).select_from(c.join(d, d.c.id == c.c.document_id))
        for cond in self.conditions:
            q = q.where(cond)
        return q

    def document_keys(self) -> Select[Any]:
        """SELECT documents.pk of the selected documents."""
        d, c = t.documents, t.claims
        if self.selection.narrows_claims:
            return select(d.c.pk).where(d.c.id.in_(select(c.c.document_id).where(c.c.pk.in_(self.claim_keys()))))
        q = select(d.c.pk)
        for cond in _document_conditions(self.selection):
            q = q.where(cond)
        return q

    def documents(self) -> Iterator[dict[str, Any]]:
        """Each selected document (store order) with `claims` and `events` lists of its own."""
        d = t.documents
        last = 0
        while True:
            rows = list(self.conn.execute(
                select(d).where(d.c.pk > last, d.c.pk.in_(self.document_keys())).order_by(d.c.pk).limit(BATCH))
                .mappings())
            if not rows:
                return
            last = rows[-1]["pk"]
            ids = [r["id"] for r in rows]
            claims = self._claims(ids)
            events = self._events(ids, claims)
            mentioned = self._mentioned(ids, claims, events)
            copies = originals(self.conn, ids)
            for r in rows:
                yield {"id": r["id"], "title": r["title"], "outlet": r["outlet"], "url": r["url"],
                       "published": r["published"], "language": r["language"], "text": r["text"],
                       "ingested_at": r["ingested_at"],
                       "copy_of": copies[r["id"]] if copies.get(r["id"], r["id"]) != r["id"] else None,
                       "claims": claims.get(r["id"], []), "events": events.get(r["id"], []),
                       "entities": mentioned.get(r["id"], [])}

    def _mentioned(self, document_ids: list[str], claims: dict[str, list[dict[str, Any]]],
                   events: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
        """Document -> the cross-document entities it mentions, with the spellings it uses and how often; where
        a filter picks claims, only those its selected claims and events touch."""
        e, m, ce = t.entities, t.mentions, t.canonical_entities
        q = select(e.c.document_id, ce.c.id, ce.c.name, ce.c.type, e.c.name.label("spelling"),
                   func.count(m.c.position).label("n")) \
            .select_from(e.join(ce, ce.c.id == e.c.canonical_id)
                         .outerjoin(m, and_(m.c.document_id == e.c.document_id, m.c.entity_id == e.c.id))) \
            .where(e.c.document_id.in_(document_ids)) \
            .group_by(e.c.document_id, ce.c.id, ce.c.name, ce.c.type, e.c.name).order_by(e.c.document_id, ce.c.id)
        touched: dict[str, set[int]] | None = None
        if self.selection.narrows_claims:
            touched = {}
            for d, cs in claims.items():
                for c in cs:
                    refs = [c["speaker"] and c["speaker"]["canonical"], *(v["canonical"] for v in c["via"]),
                            *c["named"]]
                    touched.setdefault(d, set()).update(r["id"] for r in refs if r)
            for d, vs in events.items():
                for v in vs:
                    refs = [v[role] and v[role]["canonical"] for role in ("actor", "target", "place")]
                    touched.setdefault(d, set()).update(r["id"] for r in refs if r)
        out: dict[str, dict[int, dict[str, Any]]] = {}
        for r in self.conn.execute(q):
            if touched is not None and r.id not in touched.get(r.document_id, set()):
                continue
            item = out.setdefault(r.document_id, {}).setdefault(
                r.id, {"id": r.id, "name": r.name, "type": r.type, "spellings": [], "mentions": 0})
            item["spellings"].append(r.spelling)
            item["mentions"] += r.n
        return {d: list(v.values()) for d, v in out.items()}

    def _claims(self, document_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        c = t.claims
        q = claim_select().where(c.c.document_id.in_(document_ids))
        for cond in self.conditions:
            q = q.where(cond)
        rows = list(self.conn.execute(q.order_by(c.c.pk)).mappings())
        out: dict[str, list[dict[str, Any]]] = {}
        for claim in self._claim_dicts(rows):
            out.setdefault(claim["document"]["id"], []).append(claim)
        return out

    def _claim_dicts(self, rows: list[Any]) -> list[dict[str, Any]]:
        """Rows of `claim_select()` as `claimgraph claims --json` prints them, with their story, its grade and the
        entities their content names."""
        keys = [(r["document_id"], r["id"]) for r in rows]
        docs = sorted({d for d, _ in keys})
        hops = self._per_claim(t.claim_hops, docs, hop=True)
        hedges = self._per_claim(t.hedges, docs, hop=False)
        named = self._named_in(docs, rows)
        story_of = self._story_of([r["pk"] for r in rows])
        self.grades.load(self.conn, story_of.values())
        types = self._types({r["speaker_canonical_id"] for r in rows}
                            | {h["canonical"]["id"] for hs in hops.values() for h in hs if h["canonical"]})
        for hs in hops.values():
            for h in hs:
                if h["canonical"]:
                    h["canonical"]["type"] = types.get(h["canonical"]["id"])
        out = []
        for r in rows:
            key = (r["document_id"], r["id"])
            sid = story_of.get(r["pk"])
            out.append({
                "document": {"id": r["document_id"], "title": r["title"], "outlet": r["outlet"],
                             "published": r["published"], "url": r["url"]},
                "id": r["id"],
                "speaker": {"text": r["speaker_text"] or "", "entity": r["speaker_entity"],
                            "canonical": _canonical(r["speaker_canonical_id"], r["speaker_canonical_name"],
                                                    types.get(r["speaker_canonical_id"]))}
                if r["speaker_entity"] is not None or r["speaker_text"] is not None else None,
                "via": hops.get(key, []),
                "cue": {"text": r["cue_text"], "start": r["cue_start"], "end": r["cue_end"]}
                if r["cue_text"] is not None else None,
                "content": {"text": r["content_text"], "start": r["content_start"], "end": r["content_end"]},
                "quote": bool(r["quote"]),
                "hedges": hedges.get(key, []),
                "probability": {"term": r["probability_term"], "low": r["probability_low"],
                                "high": r["probability_high"]} if r["probability_term"] is not None else None,
                "stance": r["stance"],
                "date_said": r["date_said"],
                "story": self.grades.of(self.conn, sid) if sid is not None else None,
                "named": named.get(key, []),
            })
        return out

    def _types(self, ids: set[Any]) -> dict[int, str]:
        ce = t.canonical_entities
        wanted = sorted(i for i in ids if i is not None)
        out: dict[int, str] = {}
        for i in range(0, len(wanted), _CHUNK):
            out.update(self.conn.execute(select(ce.c.id, ce.c.type).where(ce.c.id.in_(wanted[i:i + _CHUNK]))).all())
        return out

    def _per_claim(self, table: Any, docs: list[str], *, hop: bool) -> dict[tuple[str, str], list[dict[str, Any]]]:
        e, ce = t.entities, t.canonical_entities
        out: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for i in range(0, len(docs), _CHUNK):
            if hop:
                q = select(table, ce.c.id.label("cid"), ce.c.name.label("cname")).select_from(
                    table.outerjoin(e, and_(e.c.document_id == table.c.document_id, e.c.id == table.c.entity_id))
                    .outerjoin(ce, ce.c.id == e.c.canonical_id))
            else:
                q = select(table)
            q = q.where(table.c.document_id.in_(docs[i:i + _CHUNK])) \
                .order_by(table.c.document_id, table.c.claim_id, table.c.position)
            for h in self.conn.execute(q).mappings():
                item = ({"text": h["text"], "entity": h["entity_id"], "canonical": _canonical(h["cid"], h["cname"])}
                        if hop else {"text": h["text"], "start": h["start"], "end": h["end"]})
                out.setdefault((h["document_id"], h["claim_id"]), []).append(item)
        return out

    def _named_in(self, docs: list[str], rows: list[Any]) -> dict[tuple[str, str], list[dict[str, Any]]]:
        """(document, claim) -> the cross-document entities mentioned inside the claim's content, in text order."""
        m, e, ce = t.mentions, t.entities, t.canonical_entities
        spans: dict[str, list[Any]] = {}
        for r in rows:
            spans.setdefault(r["document_id"], []).append(r)
        out: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for i in range(0, len(docs), _CHUNK):
            q = select(m.c.document_id, m.c.start, m.c.end, m.c.text, ce.c.id, ce.c.name, ce.c.type) \
                .join(e, and_(e.c.document_id == m.c.document_id, e.c.id == m.c.entity_id)) \
                .join(ce, ce.c.id == e.c.canonical_id).where(m.c.document_id.in_(docs[i:i + _CHUNK])) \
                .order_by(m.c.document_id, m.c.start, ce.c.id)
            for mr in self.conn.execute(q):
                for r in spans.get(mr.document_id, []):
                    if mr.start >= r["content_start"] and mr.end <= r["content_end"]:
                        found = out.setdefault((r["document_id"], r["id"]), [])
                        if all(x["id"] != mr.id for x in found):
                            found.append({"id": mr.id, "name": mr.name, "type": mr.type})
        return out

    def _story_of(self, pks: list[int]) -> dict[int, int]:
        if not self.stories:
            return {}
        sc = corroborate.story_claims
        out: dict[int, int] = {}
        for i in range(0, len(pks), _CHUNK):
            for pk, sid in self.conn.execute(select(sc.c.claim_pk, sc.c.story_id)
                                             .where(sc.c.claim_pk.in_(pks[i:i + _CHUNK]))):
                out[pk] = sid
        return out

    def _events(self, document_ids: list[str],
                claims: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
        """Events of these documents: those inside a selected claim, and (where no filter picks claims) the
        narration's own."""
        v, e, ce = t.events, t.entities, t.canonical_entities
        roles = ("actor", "target", "place")
        alias = {r: (e.alias(f"{r}_e"), ce.alias(f"{r}_ce")) for r in roles}
        cols: list[Any] = [v]
        joined: Any = v
        for r in roles:
            ea, cea = alias[r]
            joined = joined.outerjoin(ea, and_(ea.c.document_id == v.c.document_id,
                                               ea.c.id == getattr(v.c, f"{r}_entity"))) \
                .outerjoin(cea, cea.c.id == ea.c.canonical_id)
            cols += [cea.c.id.label(f"{r}_cid"), cea.c.name.label(f"{r}_cname"), cea.c.type.label(f"{r}_ctype")]
        rows = self.conn.execute(select(*cols).select_from(joined).where(v.c.document_id.in_(document_ids))
                                 .order_by(v.c.document_id, v.c.position)).mappings()
        selected = {(d, c["id"]) for d, cs in claims.items() for c in cs}
        narration = not self.selection.narrows_claims
        out: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            if not ((row["claim_id"] is None and narration) or (row["document_id"], row["claim_id"]) in selected):
                continue
            out.setdefault(row["document_id"], []).append(event_dict(row))
        return out

    def entities(self) -> Iterator[dict[str, Any]]:
        """The cross-document entities the selected claims and events touch, by id, with their spellings and
        how many documents, mentions and claims they have in the whole store."""
        ids_q = self._entity_ids()
        last = 0
        ce = t.canonical_entities
        while True:
            rows = list(self.conn.execute(select(ce.c.id, ce.c.name, ce.c.type, ce.c.created_at)
                                          .where(ce.c.id > last, ce.c.id.in_(ids_q)).order_by(ce.c.id)
                                          .limit(BATCH)).mappings())
            if not rows:
                return
            last = rows[-1]["id"]
            yield from _with_counts(self.conn, rows)

    def _entity_ids(self) -> Any:
        c, e, h, m, v = t.claims, t.entities, t.claim_hops, t.mentions, t.events
        claims = self.claim_keys().subquery()
        picked = c.join(claims, claims.c.pk == c.c.pk)
        keys = [
            select(c.c.document_id, c.c.speaker_entity.label("eid")).select_from(picked),
            select(h.c.document_id, h.c.entity_id.label("eid")).select_from(
                h.join(c, and_(c.c.document_id == h.c.document_id, c.c.id == h.c.claim_id))
                .join(claims, claims.c.pk == c.c.pk)),
            select(m.c.document_id, m.c.entity_id.label("eid")).select_from(
                m.join(c, and_(c.c.document_id == m.c.document_id, m.c.start >= c.c.content_start,
                               m.c.end <= c.c.content_end)).join(claims, claims.c.pk == c.c.pk)),
        ]
        in_claims = and_(v.c.claim_id.is_not(None), c.c.pk.in_(select(claims.c.pk)))
        event_rows = v.outerjoin(c, and_(c.c.document_id == v.c.document_id, c.c.id == v.c.claim_id))
        if self.selection.narrows_claims:
            keep: ColumnElement[bool] = in_claims
        else:
            docs = t.documents
            keep = or_(in_claims, and_(v.c.claim_id.is_(None), v.c.document_id.in_(
                select(docs.c.id).where(docs.c.pk.in_(self.document_keys())))))
        for role in (v.c.actor_entity, v.c.target_entity, v.c.place_entity):
            keys.append(select(v.c.document_id, role.label("eid")).select_from(event_rows).where(keep))
        if not self.selection.narrows_claims:
            docs = t.documents
            keys.append(select(e.c.document_id, e.c.id.label("eid")).where(e.c.document_id.in_(
                select(docs.c.id).where(docs.c.pk.in_(self.document_keys())))))
        u = union(*keys).subquery()
        return select(e.c.canonical_id).select_from(
            u.join(e, and_(e.c.document_id == u.c.document_id, e.c.id == u.c.eid))) \
            .where(e.c.canonical_id.is_not(None))

    def stories_met(self) -> Iterator[dict[str, Any]]:
        """The stories the selected claims belong to, by id, each with its grade and why."""
        if not self.stories:
            return
        sc = corroborate.story_claims
        ids = select(sc.c.story_id).where(sc.c.claim_pk.in_(self.claim_keys())).distinct().order_by(sc.c.story_id)
        last = 0
        while True:
            batch = list(self.conn.execute(ids.where(sc.c.story_id > last).limit(BATCH)).scalars())
            if not batch:
                return
            last = batch[-1]
            self.grades.load(self.conn, batch)
            for sid in batch:
                yield self.grades.of(self.conn, sid)


def _canonical(cid: Any, name: Any, type_: str | None = None) -> dict[str, Any] | None:
    if cid is None:
        return None
    return {"id": cid, "name": name, "type": type_} if type_ is not None else {"id": cid, "name": name}


def event_dict(r: Any) -> dict[str, Any]:
    """An event row (with its roles' canonical ids and names) as a JSON-ready dict."""
    def ref(role: str) -> dict[str, Any] | None:
        entity, words = r[f"{role}_entity"], r[f"{role}_text"]
        if entity is None and words is None:
            return None
        return {"text": words or "", "entity": entity, "canonical": _canonical(r[f"{role}_cid"], r[f"{role}_cname"],
                                                                         r[f"{role}_ctype"])}

    return {"id": r["id"], "document_id": r["document_id"], "actor": ref("actor"),
            "action": {"text": r["action_text"], "code": r["action_code"], "mode": r["action_mode"],
                       "start": r["action_start"], "end": r["action_end"]},
            "target": ref("target"), "place": ref("place"), "date": r["date"],
            "date_precision": r["date_precision"],
            "sentence": {"text": r["sentence_text"], "start": r["sentence_start"], "end": r["sentence_end"]},
            "claim": r["claim_id"]}


def _with_counts(conn: Connection, rows: list[Any]) -> Iterator[dict[str, Any]]:
    e, a, m, c = t.entities, t.aliases, t.mentions, t.claims
    ids = [r["id"] for r in rows]
    spellings: dict[int, set[str]] = {}
    for cid, nm in conn.execute(select(e.c.canonical_id, e.c.name).distinct().where(e.c.canonical_id.in_(ids))):
        spellings.setdefault(cid, set()).add(nm)
    for cid, nm in conn.execute(select(e.c.canonical_id, a.c.alias).distinct().select_from(
            a.join(e, and_(a.c.document_id == e.c.document_id, a.c.entity_id == e.c.id)))
            .where(e.c.canonical_id.in_(ids))):
        spellings.setdefault(cid, set()).add(nm)
    documents: dict[Any, int] = dict(conn.execute(select(e.c.canonical_id, func.count(func.distinct(e.c.document_id)))
                                  .where(e.c.canonical_id.in_(ids)).group_by(e.c.canonical_id)).all())
    mentions: dict[Any, int] = dict(conn.execute(select(e.c.canonical_id, func.count()).select_from(
        m.join(e, and_(m.c.document_id == e.c.document_id, m.c.entity_id == e.c.id)))
        .where(e.c.canonical_id.in_(ids)).group_by(e.c.canonical_id)).all())
    said: dict[Any, int] = dict(conn.execute(select(e.c.canonical_id, func.count()).select_from(
        c.join(e, and_(c.c.document_id == e.c.document_id, c.c.speaker_entity == e.c.id)))
        .where(e.c.canonical_id.in_(ids)).group_by(e.c.canonical_id)).all())
    for r in rows:
        yield {"id": r["id"], "name": r["name"], "type": r["type"], "created_at": r["created_at"],
               "spellings": sorted(spellings.get(r["id"], set()) - {r["name"]}),
               "documents": documents.get(r["id"], 0), "mentions": mentions.get(r["id"], 0),
               "claims": said.get(r["id"], 0)}


def outlets(conn: Connection, reader: Reader) -> Iterator[dict[str, Any]]:
    """The outlets of the selected documents, by the name each article gives (its outlet line), with the
    Admiralty reliability grade of the organisation behind it (None if ungraded), that organisation's name, and
    the first time one of their documents was stored."""
    d, s = t.documents, t.sources
    q = select(d.c.outlet.label("name"), s.c.reliability, s.c.name.label("source"),
               func.min(d.c.ingested_at).label("first")) \
        .join(s, d.c.source_id == s.c.id).where(d.c.pk.in_(reader.document_keys()), d.c.outlet.is_not(None)) \
        .group_by(d.c.outlet, s.c.reliability, s.c.name).order_by(d.c.outlet)
    for r in conn.execute(q).mappings():
        yield dict(r)


EVENTS_LIMIT = 1000
"""Events read for one brief at most (the earliest dated first)."""


def events_involving(conn: Connection, canonical_ids: Sequence[int], document_ids: Sequence[str] | None = None,
                     limit: int = EVENTS_LIMIT) -> list[dict[str, Any]]:
    """Events whose actor, target or place is one of these cross-document entities (in these documents, where
    given), each with its document, in date order (undated last)."""
    if not canonical_ids:
        return []
    v, e, ce, d = t.events, t.entities, t.canonical_entities, t.documents
    roles = ("actor", "target", "place")
    keys = union(*(select(v.c.document_id, v.c.id).select_from(e.join(
        v, and_(v.c.document_id == e.c.document_id, getattr(v.c, f"{r}_entity") == e.c.id)))
        .where(e.c.canonical_id.in_(list(canonical_ids))) for r in roles)).subquery()
    joined: Any = keys.join(v, and_(v.c.document_id == keys.c.document_id, v.c.id == keys.c.id)) \
        .join(d, d.c.id == v.c.document_id)
    cols: list[Any] = [v, d.c.title, d.c.outlet, d.c.published, d.c.url]
    for r in roles:
        ea, cea = e.alias(f"{r}_e"), ce.alias(f"{r}_ce")
        joined = joined.outerjoin(ea, and_(ea.c.document_id == v.c.document_id,
                                           ea.c.id == getattr(v.c, f"{r}_entity"))) \
            .outerjoin(cea, cea.c.id == ea.c.canonical_id)
        cols += [cea.c.id.label(f"{r}_cid"), cea.c.name.label(f"{r}_cname"), cea.c.type.label(f"{r}_ctype")]
    q = select(*cols).select_from(joined)
    if document_ids is not None:
        q = q.where(v.c.document_id.in_(list(document_ids)))
    q = q.order_by(v.c.date.is_(None), v.c.date, d.c.published, v.c.document_id, v.c.position).limit(limit)
    out = []
    for row in conn.execute(q).mappings():
        item = event_dict(row)
        item["document"] = {"id": row["document_id"], "title": row["title"], "outlet": row["outlet"],
                            "published": row["published"], "url": row["url"]}
        out.append(item)
    return out
