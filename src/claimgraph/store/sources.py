"""Sources in the store: organisations with their channels, spellings, grades and the history of those grades.

A source is the organisation behind what an article says: the outlet that published it (an agency, a
ministry, a broadcaster) and the organisations its claims name as speaker or relay. The sites that carry a
source's words (an aggregator, the government's publishing platform) are its channels, not other sources:
grading the FCDO grades what reaches the store through Wired-Gov, publicnow.com or GOV.UK alike. Every
spelling a source is met under (its names, the lexicon's aliases, each outlet line) is a row of
`source_names`, so that a name finds its source in one lookup.

A source is stored the moment an article names it, with the default grade and reason of the lexicon of
known sources (`lexicon/sources.yaml`) where it is known there; an analyst's grade replaces the default
and keeps its reason; `source_grades` keeps every grade given, oldest first.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, select, update

from claimgraph.records import Analysis
from claimgraph.store import schema as t
from claimgraph.store.ids import record_id
from claimgraph.store.outlets import NAME_LENGTH, KnownSource, known_source, parse_outlet, source_key
from claimgraph.store.writing import insert_ignoring_conflicts, now

GRADES = ("A", "B", "C", "D", "E", "F")
SPEAKING_TYPES = frozenset({"ORG"})
"""Entity types whose speakers and relays are sources (a person speaks for the source that publishes them; a
country is no organisation)."""


def _name(text: str, limit: int | None = None) -> str:
    return " ".join(text.split())[:limit]


def _by_key(conn: Connection, key: str) -> Any:
    n = t.source_names
    return conn.execute(select(n.c.source_id, n.c.channel_id, n.c.qualifier).where(n.c.key == key)).first()


def _add_names(conn: Connection, source_id: int, names: Iterable[str]) -> None:
    rows: dict[str, dict[str, Any]] = {}
    for name in names:
        key = source_key(name)
        if key:
            rows.setdefault(key, {"key": key, "name": _name(name), "source_id": source_id})
    if rows:
        conn.execute(insert_ignoring_conflicts(conn, t.source_names), list(rows.values()))


def organisation(conn: Connection, name: str, known: KnownSource | None = None) -> int:
    """The id of the source an organisation's name names, stored (with the lexicon's default grade) on first
    sight."""
    known = known or known_source(name)
    canonical = known.name if known else name  # an unknown organisation keeps its name as the article wrote it
    hit = _by_key(conn, source_key(canonical)) or _by_key(conn, source_key(name))
    if hit is not None:
        return int(hit.source_id)
    s = t.sources
    existing = conn.execute(select(s.c.id).where(s.c.name == canonical)).scalar()
    if existing is not None:  # a source stored before it was known under this name (an older store's outlet)
        _apply_default(conn, int(existing), known)
    else:
        # another writer may store the same source at the same moment: the first one wins, the other reads it
        grade = known.grade if known and known.grade in GRADES else None
        inserted = conn.execute(insert_ignoring_conflicts(conn, s).values(
            name=canonical, kind=known.kind if known else None, part_of=known.part_of if known else None,
            reliability=grade, reason=known.reason if known and grade else None,
            graded_by="default" if grade else None, graded_at=now() if grade else None))
        existing = conn.execute(select(s.c.id).where(s.c.name == canonical)).scalar_one()
        if grade and inserted.rowcount:
            conn.execute(t.source_grades.insert().values(source_id=existing, grade=grade,
                                                         reason=known.reason if known else None,
                                                         graded_by="default", at=now()))
    _add_names(conn, int(existing), [canonical, name, *(known.aliases if known else ())])
    return int(existing)


def _channel(conn: Connection, source_id: int, name: str, known: KnownSource | None) -> int:
    c = t.source_channels
    name = _name(name, NAME_LENGTH)
    conn.execute(insert_ignoring_conflicts(conn, c).values(source_id=source_id, name=name,
                                                           kind=known.kind if known else None))
    return int(conn.execute(select(c.c.id).where(c.c.source_id == source_id, c.c.name == name)).scalar_one())


def source_for_outlet(conn: Connection, outlet: str | None) -> int | None:
    """The source (organisation) behind an article's outlet line, with the line's channel, stored on first sight."""
    if not outlet or not outlet.strip():
        return None
    line = outlet  # kept as the article gives it, so that its articles are found by it
    key = source_key(line)
    hit = _by_key(conn, key)
    if hit is not None:
        return int(hit.source_id)
    parsed = parse_outlet(_name(line))
    plain = parsed.channel is None and parsed.qualifier is None and parsed.known is None
    # an outlet line that names no known source and no channel is the organisation's name, exactly as written
    source_id = organisation(conn, line if plain else parsed.organisation, parsed.known)
    channel_id = _channel(conn, source_id, parsed.channel, parsed.channel_known) if parsed.channel else None
    conn.execute(insert_ignoring_conflicts(conn, t.source_names).values(
        key=key, name=line, source_id=source_id, channel_id=channel_id, qualifier=parsed.qualifier))
    if channel_id is not None:  # the line was stored under the organisation's own name before it was parsed
        conn.execute(update(t.source_names).where(t.source_names.c.key == key, t.source_names.c.channel_id.is_(None))
                     .values(channel_id=channel_id, qualifier=parsed.qualifier))
    return source_id


def named_sources(conn: Connection, analysis: Analysis) -> list[int]:
    """Store the organisations an article's claims name as speaker or relay (an organisation's entity, or a name
    the lexicon knows); returns their ids."""
    types = {e.id: e.type for e in analysis.entities}
    names = {e.id: e.name for e in analysis.entities}
    wanted: dict[str, KnownSource | None] = {}
    for c in analysis.claims:
        refs = [*c.via, *([c.speaker] if c.speaker else [])]
        for ref in refs:
            name = names.get(ref.entity, ref.text) if ref.entity else ref.text
            known = known_source(name) or (known_source(ref.text) if ref.text != name else None)
            if known is not None or (ref.entity is not None and types.get(ref.entity) in SPEAKING_TYPES):
                wanted.setdefault(name, known)
    return [organisation(conn, name, known) for name, known in wanted.items() if name and name.strip()]


# --- finding and grading ------------------------------------------------------------------------


def find(conn: Connection, ref: str) -> dict[str, Any] | None:
    """The source an id, a name, an alias or an outlet line names, or None."""
    s = t.sources
    ref = ref.strip()
    source_id: int | None = None
    if (given := record_id(ref)) is not None:
        source_id = conn.execute(select(s.c.id).where(s.c.id == given)).scalar()
    if source_id is None:
        hit = _by_key(conn, source_key(ref))
        source_id = int(hit.source_id) if hit is not None else None
    if source_id is None:
        source_id = conn.execute(select(s.c.id).where(func.lower(s.c.name) == ref.casefold())).scalar()
    if source_id is None:
        return None
    row = conn.execute(select(s).where(s.c.id == source_id)).mappings().one()
    return dict(row)


def channel_sources(conn: Connection, name: str) -> list[str]:
    """The names of the sources a channel of this name carries (empty where no channel is so named)."""
    c, s = t.source_channels, t.sources
    key = source_key(name)
    rows = conn.execute(select(c.c.name, s.c.name.label("source")).join(s, s.c.id == c.c.source_id)
                        .order_by(s.c.name)).all()
    return [r.source for r in rows if source_key(r.name) == key]


def set_grade(conn: Connection, source_id: int, grade: str | None, reason: str | None, by: str) -> None:
    """Give a source a grade (None: no grade) with its reason, and keep it in the history."""
    at = now()
    conn.execute(update(t.sources).where(t.sources.c.id == source_id).values(
        reliability=grade, reason=reason, graded_by=by if by != "reset" else ("default" if grade else None),
        graded_at=at))
    conn.execute(t.source_grades.insert().values(source_id=source_id, grade=grade, reason=reason, graded_by=by, at=at))


def default_of(name: str) -> tuple[str | None, str | None]:
    """The lexicon's default grade of a source and its reason, (None, None) where it knows none."""
    known = known_source(name)
    if known is None or known.grade not in GRADES:
        return None, None
    return known.grade, known.reason


def history(conn: Connection, source_id: int) -> list[dict[str, Any]]:
    """Every grade a source was given, oldest first."""
    g = t.source_grades
    return [dict(r) for r in conn.execute(select(g.c.grade, g.c.reason, g.c.graded_by, g.c.at)
                                          .where(g.c.source_id == source_id).order_by(g.c.id)).mappings()]


def grade_version(conn: Connection) -> int | None:
    """The last grade an analyst gave or took back: what story grades computed before it may have changed with
    (a default given on first sight changes no story stored before it)."""
    g = t.source_grades
    return conn.execute(select(func.max(g.c.id)).where(g.c.graded_by != "default")).scalar()


# --- listing --------------------------------------------------------------------------------------


def listing(conn: Connection) -> list[dict[str, Any]]:
    """Every source with its grade and why, its channels (each with its articles), and its articles; those that
    published the most articles first, then by name."""
    s, d, n, c = t.sources, t.documents, t.source_names, t.source_channels
    docs: dict[int, int] = dict(conn.execute(select(d.c.source_id, func.count()).where(d.c.source_id.is_not(None))
                             .group_by(d.c.source_id)).all())
    per_channel: dict[int, int] = dict(conn.execute(
        select(n.c.channel_id, func.count(d.c.pk)).join(d, d.c.outlet == n.c.name)
        .where(n.c.channel_id.is_not(None)).group_by(n.c.channel_id)).all())
    channels: dict[int, list[dict[str, Any]]] = {}
    for r in conn.execute(select(c).order_by(c.c.name)).mappings():
        channels.setdefault(r["source_id"], []).append({"name": r["name"], "kind": r["kind"],
                                                        "documents": int(per_channel.get(r["id"], 0))})
    out = []
    for r in conn.execute(select(s).order_by(s.c.name)).mappings():
        out.append({"id": r["id"], "source": r["name"], "kind": r["kind"], "part_of": r["part_of"],
                    "reliability": r["reliability"] or "F", "graded": r["reliability"] is not None,
                    "graded_by": r["graded_by"], "reason": r["reason"], "graded_at": r["graded_at"],
                    "documents": int(docs.get(r["id"], 0)), "channels": channels.get(r["id"], [])})
    return sorted(out, key=lambda s: (-s["documents"], str(s["source"]).casefold()))


def by_names(conn: Connection, names: Iterable[str]) -> dict[str, dict[str, Any]]:
    """Folded name -> {id, name, reliability, graded_by} of the stored sources these names name."""
    keys = sorted({source_key(x) for x in names if x and x.strip()} - {""})
    n, s = t.source_names, t.sources
    out: dict[str, dict[str, Any]] = {}
    for i in range(0, len(keys), 400):
        q = select(n.c.key, s.c.id, s.c.name, s.c.reliability, s.c.graded_by).join(s, s.c.id == n.c.source_id) \
            .where(n.c.key.in_(keys[i:i + 400]))
        for r in conn.execute(q):
            out[r.key] = {"id": r.id, "name": r.name, "reliability": r.reliability, "graded_by": r.graded_by}
    return out


# --- stores made before sources were organisations --------------------------------------------------


def _apply_default(conn: Connection, source_id: int, known: KnownSource | None) -> None:
    """Give a source the lexicon's kind and default grade where nobody has graded it."""
    if known is None:
        return
    s = t.sources
    row = conn.execute(select(s.c.reliability, s.c.graded_by).where(s.c.id == source_id)).one()
    conn.execute(update(s).where(s.c.id == source_id).values(kind=known.kind, part_of=known.part_of))
    if row.reliability is None and row.graded_by is None and known.grade in GRADES:
        set_grade(conn, source_id, known.grade, known.reason, "default")


def adopt_stored(conn: Connection) -> None:
    """Make the sources of a store written before sources were organisations: each outlet line a spelling of
    its organisation (an analyst's grade of the line kept as the organisation's), and the organisations its
    claims name sources too."""
    s, d, n = t.sources, t.documents, t.source_names
    legacy = conn.execute(select(s.c.id, s.c.name, s.c.reliability)
                          .where(s.c.id.not_in(select(n.c.source_id))).order_by(s.c.id)).all()
    for row in legacy:
        parsed = parse_outlet(row.name)
        source_id = source_for_outlet(conn, row.name)
        if source_id is None:
            continue
        if source_id != row.id:
            conn.execute(update(d).where(d.c.source_id == row.id).values(source_id=source_id))
            conn.execute(s.delete().where(s.c.id == row.id))
        _apply_default(conn, source_id, parsed.known)
        if row.reliability in GRADES:
            set_grade(conn, source_id, row.reliability,
                      f"graded by an analyst as the outlet '{row.name}', before sources were organisations", "analyst")
    e, c, h = t.entities, t.claims, t.claim_hops
    speakers = select(e.c.name, e.c.type).join(c, (c.c.document_id == e.c.document_id)
                                                & (c.c.speaker_entity == e.c.id))
    relays = select(e.c.name, e.c.type).join(h, (h.c.document_id == e.c.document_id) & (h.c.entity_id == e.c.id))
    names: dict[str, KnownSource | None] = {}
    for r in conn.execute(speakers.union(relays)):
        known = known_source(r.name)
        if known is not None or r.type in SPEAKING_TYPES:
            names.setdefault(r.name, known)
    for text in conn.execute(select(h.c.text).where(h.c.entity_id.is_(None)).distinct()).scalars():
        known = known_source(text)
        if known is not None:
            names.setdefault(text, known)
    for name, known in names.items():
        organisation(conn, name, known)
